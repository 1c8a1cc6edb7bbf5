"""`handbook init --country ES`: each client type gets exactly the deadlines the law gives it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handbook.calendar.duedates import schedule
from handbook.commands.cli import cli
from handbook.input.config import load_firm
from handbook.model import FirmConfig

QUARTERLY_VAT = {"modelo-303", "modelo-390"}
WITHHOLDING = {"domiciliacion-111-115", "modelo-111", "modelo-115", "modelo-190", "modelo-180"}
RENTA = {"documentacion-renta", "domiciliacion-renta", "renta", "renta-segundo-plazo"}
SEGMENTS = {
    # Estimación directa: 303 + 130 (RIRPF art. 110.1 a), 347, 349 if intra-EU, Verifactu
    # (RD 1007/2023) from 1 July 2027, and the withholding returns if it pays any.
    "autonomos": QUARTERLY_VAT
    | WITHHOLDING
    | RENTA
    | {
        "documentos-trimestre",
        "domiciliacion-303-130",
        "modelo-130",
        "modelo-349",
        "modelo-347",
        "verifactu-autonomos",
    },
    # Estimación objetiva: the 131 instead of the 130 (RIRPF art. 110.1 b).
    "autonomos-modulos": QUARTERLY_VAT
    | RENTA
    | {"documentos-trimestre", "domiciliacion-303-131", "modelo-131", "verifactu-autonomos"},
    # A company files no 130 and no renta; it has the IS (200, 202) and company-law dates.
    "sociedades": QUARTERLY_VAT
    | WITHHOLDING
    | {
        "documentos-trimestre",
        "domiciliacion-303",
        "modelo-349",
        "modelo-347",
        "domiciliacion-202",
        "modelo-202",
        "domiciliacion-200",
        "impuesto-sociedades",
        "formulacion-cuentas",
        "aprobacion-cuentas",
        "deposito-cuentas",
        "legalizacion-libros",
        "verifactu-sociedades",
    },
    "empleadores": {"incidencias-nomina", "domiciliacion-111", "modelo-111", "modelo-190"},
    "particulares": RENTA,
}


@pytest.fixture(scope="module")
def firm(tmp_path_factory: pytest.TempPathFactory) -> FirmConfig:
    """The ES starter, written and checked through the CLI."""
    project = tmp_path_factory.mktemp("es") / "firm"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(project), "--country", "ES"]).exit_code == 0
    assert runner.invoke(cli, ["check", "-c", str(project / "firm.yaml")]).exit_code == 0
    return load_firm(project / "firm.yaml")[0]


def test_each_client_type_has_exactly_the_deadlines_it_files(firm: FirmConfig) -> None:
    segments = {s.slug: set(s.deadlines) for s in firm.segments}
    assert segments == SEGMENTS


def test_every_deadline_says_whose_date_it_is_and_the_law_cites_a_url(firm: FirmConfig) -> None:
    for deadline in firm.deadlines:
        assert deadline.set_by, deadline.slug
        if deadline.set_by != "firm":
            assert deadline.set_by == "ES", deadline.slug
            assert deadline.legal_basis and deadline.legal_basis.url, deadline.slug
            assert deadline.legal_basis.url.startswith("https://www.boe.es/"), deadline.slug


def test_a_segments_cut_off_names_only_the_returns_it_files(firm: FirmConfig) -> None:
    by_slug = {d.slug: d for d in firm.deadlines}
    for segment in firm.segments:
        cut_offs = [by_slug[s] for s in segment.deadlines if s.startswith("domiciliacion-")]
        for cut_off in cut_offs:
            for model in ("130", "131", "111", "115", "303"):
                if f" {model}" in cut_off.name:
                    assert any(f"modelo-{model}" == s for s in segment.deadlines), (
                        segment.slug,
                        cut_off.slug,
                    )


def test_the_cut_offs_are_the_aeat_days_whatever_the_weekday(firm: FirmConfig) -> None:
    due = {
        (o.deadline.slug, o.due)
        for o in schedule(firm, dt.date(2028, 1, 1)).occurrences
        if o.deadline.slug.startswith("domiciliacion-111") or o.deadline.slug == "domiciliacion-303"
    }
    # 1-15 of the filing month (the 111 and 115 also in January), 1-25 January for the 303.
    for day in (dt.date(2028, 1, 15), dt.date(2028, 4, 15), dt.date(2028, 7, 15)):
        assert ("domiciliacion-111-115", day) in due
    assert ("domiciliacion-111-115", dt.date(2028, 10, 15)) in due
    # 30 January 2028 is a Sunday: the 303 may be filed on Monday 31, so domiciliación to the 26th.
    assert ("domiciliacion-303", dt.date(2028, 1, 26)) in due
    # 2028: the pack once gave Mon 17 Apr, Mon 17 Jul and Tue 17 Oct.
    assert not any(day.day == 17 and day.year == 2028 for _, day in due)
    # 20 January 2029 is a Saturday: filing runs to Monday 22, domiciliación two days more.
    assert ("domiciliacion-111-115", dt.date(2029, 1, 17)) in due


@pytest.mark.parametrize(("region", "closure"), [("MD", "San Isidro"), ("CT", "La Mercè")])
def test_the_office_closures_and_address_follow_the_region(
    run: Callable[..., Result], tmp_path: Path, region: str, closure: str
) -> None:
    assert run("init", tmp_path / "f", "--country", "ES", "--region", region).exit_code == 0
    assert run("check", "-c", tmp_path / "f" / "firm.yaml").exit_code == 0
    firm, _ = load_firm(tmp_path / "f" / "firm.yaml")
    names = " ".join(str(c.name) for c in firm.communication.closures)
    assert closure in names
    assert ("Madrid" in names) == (region == "MD")
    assert firm.firm.address is not None
    assert firm.firm.address.city == {"MD": "Madrid", "CT": "Barcelona"}[region]


def test_another_region_gets_no_local_closures(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("init", tmp_path / "f", "--country", "ES", "--region", "AN").exit_code == 0
    assert run("check", "-c", tmp_path / "f" / "firm.yaml").exit_code == 0
    text = (tmp_path / "f" / "firm.yaml").read_text(encoding="utf-8")
    assert "las dos fiestas locales de su municipio" in text
    assert load_firm(tmp_path / "f" / "firm.yaml")[0].communication.closures == []
