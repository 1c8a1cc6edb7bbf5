"""`handbook init --country`: starter packs whose statutory dates match the official calendars.

The golden dates in tests/starter_dates/ were worked out by hand from the law and the
official holiday lists (each row cites its source), not by running handbook.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from handbook.calendar.duedates import FIRM, schedule
from handbook.input.config import load_firm

GOLDEN = Path(__file__).parent / "starter_dates"
YEARS = (2027, 2028, 2029)
"""The years every golden file holds, whole."""
PACKS = [
    (name.split("-")[0].upper(), name.split("-")[1].upper() if "-" in name else None, name)
    for name in sorted(p.stem for p in GOLDEN.glob("*.csv"))
]
"""One `init` per golden file: `es.csv` is the pack as written, `es-ct.csv` with --region CT."""


def _golden(name: str) -> set[tuple[str, str, str]]:
    with (GOLDEN / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert all(row["source"].strip() for row in rows), "every golden date cites its source"
    return {(row["slug"], row["due"], row["opens"]) for row in rows}


def _computed(project: Path) -> set[tuple[str, str, str]]:
    """Every statutory date of the project's deadlines due in YEARS."""
    firm, _ = load_firm(project / "firm.yaml")
    firm = firm.model_copy(
        update={"calendar": firm.calendar.model_copy(update={"horizon_months": 36})}
    )
    occurrences = schedule(firm, dt.date(2027, 1, 1)).occurrences
    return {
        (o.deadline.slug, o.due.isoformat(), o.opens.isoformat() if o.opens else "")
        for o in occurrences
        if o.whose != FIRM and o.due.year in YEARS
    }


@pytest.mark.parametrize(("country", "region", "golden"), PACKS)
def test_starter_pack_dates_match_the_official_calendars(
    run: Callable[..., Result], tmp_path: Path, country: str, region: str | None, golden: str
) -> None:
    project = tmp_path / "firm"
    args = ["init", project, "--country", country] + (["--region", region] if region else [])
    assert run(*args).exit_code == 0
    assert run("check", "-c", project / "firm.yaml").exit_code == 0
    expected = _golden(golden)
    computed = _computed(project)
    assert sorted(computed - expected) == [], "dates handbook gives that the law does not"
    assert sorted(expected - computed) == [], "dates the law gives that handbook misses"


@pytest.mark.parametrize("country", ["US", "PL", "ES"])
def test_every_statutory_deadline_cites_its_source_and_says_whose_it_is(
    run: Callable[..., Result], tmp_path: Path, country: str
) -> None:
    assert run("init", tmp_path / "firm", "--country", country).exit_code == 0
    data = yaml.safe_load((tmp_path / "firm" / "firm.yaml").read_text(encoding="utf-8"))
    statutory = [d for d in data["deadlines"] if d.get("set_by", "firm") != "firm"]
    assert len(statutory) >= 5
    for deadline in statutory:
        assert deadline["legal_basis"]["text"], deadline["slug"]
        assert deadline["set_by"].split("-")[0] == country, deadline["slug"]
    assert data["locale"]["country"] == country


def test_the_region_option_sets_the_firms_holidays(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    assert run("init", tmp_path / "es", "--country", "es", "--region", "ct").exit_code == 0
    assert yaml.safe_load((tmp_path / "es" / "firm.yaml").read_text())["locale"]["region"] == "CT"

    result = run("init", tmp_path / "pl", "--country", "PL", "--region", "12")
    assert result.exit_code == 1
    assert "--region 12: not a region of PL; valid: none (leave out --region)" in result.output
    assert not (tmp_path / "pl").exists()

    result = run("init", tmp_path / "us", "--country", "US", "--region", "XX")
    assert result.exit_code == 1
    assert "not a region of US; valid: AK, AL" in result.output
