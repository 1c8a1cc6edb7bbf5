"""The US starter pack: each client type gets exactly the dates it has, and the state's return.

The tables below come from the law (who files what), not from the pack: Form 1040 for a
person, with Schedule C, Schedule SE and Form 1040-ES for a business owned alone; Form 1065
or 1120-S with K-1s for a partnership or S corporation; Form 1120 and 1120-W estimates for
a C corporation; deposits, 941, 940, W-2/W-3 and 1099s for whoever pays people. The dates
of the states with their own day are from the states' tax departments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from handbook.calendar.duedates import schedule
from handbook.input.config import load_firm
from handbook.model import FirmConfig

STATE = ["state-return"]
FBAR = ["fbar", "fbar-extended"]
SEGMENTS = {
    "individuals": ["tax-documents", "individual-return-due", "extended-return-due", *STATE, *FBAR,
                    "year-end-check-in"],
    "sole-proprietors": ["statements", "tax-documents", "estimated-tax-info",
                         "estimated-tax-payments", "individual-return-due", "extended-return-due",
                         *STATE, *FBAR, "year-end-check-in"],
    "partnerships": ["statements", "business-tax-documents", "partnership-s-corp-returns",
                     "partnership-s-corp-extended", *FBAR, "year-end-check-in"],
    "corporations": ["statements", "corporate-estimate-info", "corporate-estimated-tax",
                     "business-tax-documents", "corporate-return", "corporate-extended-return",
                     *FBAR, "year-end-check-in"],
    "employers": ["payroll-changes", "payroll-tax-deposits", "form-941", "contractor-details",
                  "form-w2", "form-1099-nec", "form-1099-misc-recipients", "form-940",
                  "form-1099-misc"],
}  # fmt: skip
"""Which client type has which deadline, with the state return where the state has one."""
NO_INCOME_TAX = ["AK", "FL", "NV", "NH", "SD", "TN", "TX", "WA", "WY"]


def _init(run: Callable[..., Result], folder: Path, region: str | None = None) -> FirmConfig:
    """Write the US starter (for a state), check it as a firm would, and load it."""
    args = ["init", folder, "--country", "US"] + (["--region", region] if region else [])
    assert run(*args).exit_code == 0
    checked = run("check", "-c", folder / "firm.yaml")
    assert checked.exit_code == 0, checked.output
    firm, _ = load_firm(folder / "firm.yaml")
    return firm


def _dates(firm: FirmConfig, slug: str) -> list[str]:
    """Every due date of a deadline from 2027 through 2029."""
    firm = firm.model_copy(
        update={"calendar": firm.calendar.model_copy(update={"horizon_months": 36})}
    )
    occurrences = schedule(firm, dt.date(2027, 1, 1)).for_deadlines([slug])
    return [o.due.isoformat() for o in occurrences if o.due.year <= 2029]


@pytest.mark.parametrize("region", [None, "TX"])
def test_each_client_type_has_exactly_its_deadlines(
    run: Callable[..., Result], tmp_path: Path, region: str | None
) -> None:
    firm = _init(run, tmp_path / "firm", region)
    expected = {
        slug: sorted(d for d in deadlines if region is None or d not in STATE)
        for slug, deadlines in SEGMENTS.items()
    }
    assert {s.slug: sorted(s.deadlines) for s in firm.segments} == expected
    listed = {d for s in firm.segments for d in s.deadlines}
    assert sorted(d.slug for d in firm.deadlines if d.slug not in listed) == [], "unused"
    assert all(s.packages and s.videos for s in firm.segments)


def test_every_deadline_says_whose_it_is_and_the_laws_cite_a_source(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    _init(run, tmp_path / "firm")
    data = yaml.safe_load((tmp_path / "firm" / "firm.yaml").read_text(encoding="utf-8"))
    for deadline in data["deadlines"]:
        assert deadline["set_by"] in ("firm", "US", "US-IL"), deadline["slug"]
        basis = deadline.get("legal_basis")
        if deadline["set_by"] == "firm":
            assert basis is None, deadline["slug"]
        else:
            assert basis["text"] and basis["url"].startswith("https://"), deadline["slug"]
            assert deadline["roll"] == "next", deadline["slug"]
            assert deadline["reminders"], deadline["slug"]


@pytest.mark.parametrize(
    ("region", "name", "dates"),
    [
        # Virginia: 1 May; 2027 is a Saturday.
        ("VA", "Virginia income tax return (Form 760)", ["2027-05-03", "2028-05-01", "2029-05-01"]),
        # Louisiana: 15 May; 2027 is a Saturday.
        ("LA", "Louisiana income tax return (Form IT-540)",
         ["2027-05-17", "2028-05-15", "2029-05-15"]),
        # Hawaii: 20 April, a weekday in all three years.
        ("HI", "Hawaii income tax return (Form N-11)", ["2027-04-20", "2028-04-20", "2029-04-20"]),
        # Iowa and Delaware: 30 April; 2028 is a Sunday.
        ("IA", "Iowa income tax return (Form IA 1040)", ["2027-04-30", "2028-05-01", "2029-04-30"]),
        # Massachusetts follows the federal date, then its own Patriots' Day (third Monday of
        # April: 19 April 2027, 17 April 2028, 16 April 2029), which falls on no due day.
        ("MA", "Massachusetts income tax return (Form 1)",
         ["2027-04-15", "2028-04-18", "2029-04-17"]),
    ],
)  # fmt: skip
def test_the_state_return_is_due_on_the_states_own_day(
    run: Callable[..., Result], tmp_path: Path, region: str, name: str, dates: list[str]
) -> None:
    firm = _init(run, tmp_path / "firm", region)
    (state,) = [d for d in firm.deadlines if d.slug == "state-return"]
    assert (state.name, state.set_by) == (name, f"US-{region}")
    assert _dates(firm, "state-return") == dates


@pytest.mark.parametrize("region", NO_INCOME_TAX)
def test_a_state_without_income_tax_gets_no_state_return(
    run: Callable[..., Result], tmp_path: Path, region: str
) -> None:
    firm = _init(run, tmp_path / "firm", region)
    assert "state-return" not in {d.slug for d in firm.deadlines}
    text = (tmp_path / "firm" / "firm.yaml").read_text(encoding="utf-8")
    assert f"# {region} has no personal income tax, so there is no state return date" in text


def test_closures_move_the_firms_dates_never_the_irss(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    _init(run, tmp_path / "firm")
    path = tmp_path / "firm" / "firm.yaml"
    closure = "    - name: Office move\n      start: 2027-06-10\n      end: 2027-06-15\n"
    text = path.read_text(encoding="utf-8").replace("  closures:\n", "  closures:\n" + closure, 1)
    path.write_text(text, encoding="utf-8")
    firm, _ = load_firm(path)
    for federal in ("payroll-tax-deposits", "estimated-tax-payments", "corporate-estimated-tax"):
        assert "2027-06-15" in _dates(firm, federal), federal
    assert "2027-06-16" in _dates(firm, "statements")  # 10 June, moved past the closure
