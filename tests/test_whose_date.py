"""Whose deadline a date is decides which days count: the law's holidays, or the firm's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import icalendar
from click.testing import Result

from tests.conftest import TODAY, build_project
from tests.test_handouts import pdf_text


def _us_firm(run: Callable[..., Result], folder: Path, region: str, extra: str = "") -> Path:
    """A firm from the US starter, in `region`, with a closure and `extra` deadlines."""
    assert run("init", folder, "--country", "US", "--region", region).exit_code == 0
    path = folder / "firm.yaml"
    # The starter already closes 24-26 December every year (yearly: true).
    text = path.read_text(encoding="utf-8").replace(
        "\n  closures:\n",
        "\n  closures:\n"
        "    - {name: Staff training, start: 2027-01-15}\n"
        "    - {name: Inventory day, start: 2027-02-10}\n",
        1,
    )
    if extra:
        text = text.replace("    deadlines: [", "    deadlines: [efile-info, ca-form, ", 1)
    path.write_text(text + extra, encoding="utf-8")
    return folder


EXTRA = """
  - slug: efile-info
    name: Information returns filed electronically
    what: We e-file your 1099s.
    when: {kind: yearly, dates: ["03-31", "02-15"]}
    set_by: US
    legal_basis: {text: "IRC §6071(b)"}
  - slug: ca-form
    name: A California return
    what: A state date.
    when: {kind: yearly, dates: ["03-31"]}
    set_by: US-CA
    legal_basis: {text: "Cal. Rev. & Tax. Code"}
"""


def _due(site: Path, since: str = TODAY[:8] + "01") -> dict[str, list[str]]:
    """Each deadline's dates in the feed from the build month (it keeps a year before)."""
    feed = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    out: dict[str, list[str]] = {}
    for event in feed.walk("VEVENT"):
        slug = str(event["uid"]).split("-20")[0]
        if event.decoded("dtstart").isoformat() >= since:
            out.setdefault(slug, []).append(event.decoded("dtstart").isoformat())
    return out


def test_a_closure_moves_the_firms_dates_never_the_laws(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    site = build_project(_us_firm(run, tmp_path / "firm", "IL"), today="2026-12-01")
    due = _due(site)
    # IRC §6654: the 4th 2026 installment stays on Fri 15 Jan 2027 despite the closure.
    assert "2027-01-15" in due["estimated-tax-payments"]
    # The firm's own "statements by the 10th" moves off its closed 10 Feb to Thu 11 Feb.
    assert "2027-02-11" in due["statements"] and "2027-02-10" not in due["statements"]
    page = (site / "calendar" / "index.html").read_text(encoding="utf-8")
    said = (
        "Our office is closed (Inventory day: February 10, 2027), so it is due Thursday, February"
    )
    assert f"{said} 11" in page
    assert "Date set by law: United States (federal)" in page
    assert "Our own date" in page


def test_a_yearly_closure_repeats(run: Callable[..., Result], tmp_path: Path) -> None:
    firm = _us_firm(run, tmp_path / "firm", "IL")
    firm_yaml = firm / "firm.yaml"
    # A firm date on 24 December: in 2027 the yearly closure moves it to Mon 27 December.
    firm_yaml.write_text(
        firm_yaml.read_text().replace("    deadlines: [", "    deadlines: [xmas, ", 1)
        + "  - slug: xmas\n    name: Year-end\n    what: x\n"
        "    when: {kind: yearly, dates: ['12-24']}\n    set_by: firm\n",
        encoding="utf-8",
    )
    due = _due(build_project(firm, today="2027-06-01"), since="2027-06-01")
    assert due["xmas"] == ["2027-12-27"]


def test_state_holidays_move_only_that_states_dates(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    # Cesar Chavez Day (31 Mar 2027) is a California holiday: under IRC §7503 it moves a
    # date filed in California, not a federal e-file date of a California firm.
    ca = build_project(_us_firm(run, tmp_path / "ca", "CA", EXTRA), today="2026-12-01")
    due = _due(ca)
    assert "2027-03-31" in due["efile-info"]
    assert due["ca-form"] == ["2027-04-01"]
    page = (ca / "calendar" / "index.html").read_text(encoding="utf-8")
    assert "March 31, 2027 is Cesar Chavez Day, so it is due Thursday, April 1" in page
    assert "Date set by law: California (United States)" in page
    # Susan B. Anthony Day (15 Feb 2028) is a New York holiday: the federal date stays.
    ny = build_project(_us_firm(run, tmp_path / "ny", "NY", EXTRA), today="2027-12-01")
    assert "2028-02-15" in _due(ny)["efile-info"]


def test_calendar_days_and_filing_windows(
    run: Callable[..., Result], tmp_path: Path, small: Path
) -> None:
    firm_yaml = small / "firm.yaml"
    firm_yaml.write_text(
        firm_yaml.read_text().replace("    deadlines: [", "    deadlines: [window, before, ", 1)
        + """  - slug: window
    name: Annual return
    what: File it.
    when: {kind: yearly, dates: ["04-30"]}
    opens: {day: 15, months_before: 2}
    set_by: PL
    legal_basis: {text: "ustawa o PIT art. 45 ust. 1"}
    reminders: [3]
  - slug: before
    name: Documents
    what: Send them.
    when: {kind: relative, days: -30, of: window}
    set_by: firm
    roll: previous
""",
        encoding="utf-8",
    )
    site = build_project(small, today="2027-12-01")
    feed = icalendar.Calendar.from_ical((site / "books" / "calendar.ics").read_bytes())
    events = {str(e["uid"]).split("-20")[0]: e for e in feed.walk("VEVENT")}
    window = events["window"]
    # 30 April 2028 is a Sunday and 1 May a holiday: due Tue 2 May; the window opens 15 Feb.
    # The window is one event on its due day, saying when filing opens (an agenda lists it on
    # 2 May, not on 15 February), and its reminder counts back from that day.
    assert window.decoded("dtstart") == dt.date(2028, 5, 2)
    assert window.decoded("dtend") == dt.date(2028, 5, 3)
    assert str(window["description"]).startswith("Filing window: February 15")
    alarm = window.walk("VALARM")[0]
    assert "RELATED" not in alarm["trigger"].params
    start = dt.datetime.combine(window.decoded("dtstart"), dt.time())
    assert start + alarm.decoded("trigger") == dt.datetime(2028, 4, 29, 9)
    # 30 calendar days before 30 April is Fri 31 March 2028 (not 30 business days).
    assert events["before"].decoded("dtstart") == dt.date(2028, 3, 31)
    page = (site / "books" / "calendar" / "index.html").read_text(encoding="utf-8")
    assert "Filing window: Tue, Feb 15\u2009\u2013\u2009Tue, May 2" in page  # CLDR's thin spaces
    handout = pdf_text(site / "books" / "handbook.pdf").replace("\u2009", " ")
    assert "Feb 15 \u2013 May 2, 2028*" in handout  # the window, moved off a holiday


def test_a_relative_rule_counts_one_way(run: Callable[..., Result], small: Path) -> None:
    firm_yaml = small / "firm.yaml"
    firm_yaml.write_text(
        firm_yaml.read_text() + "  - slug: both\n    name: Both\n    what: x\n"
        "    when: {kind: relative, days: -3, business_days: -2, of: x}\n",
        encoding="utf-8",
    )
    result = run("check", "-c", firm_yaml)
    assert result.exit_code == 1
    assert "give business_days (e.g. -3) or days (calendar days), one of them" in result.output


def test_an_unknown_place_is_a_located_error(run: Callable[..., Result], small: Path) -> None:
    firm_yaml = small / "firm.yaml"
    before = firm_yaml.read_text()
    for set_by, message in [
        (
            "usa",
            "'usa' is not a place; use firm, a country code such as US, PL or ES, or a "
            "region such as US-NY or ES-CT",
        ),
        ("US-XX", "unknown region 'XX' of US; valid: AK, AL,"),
        ("XX", "no public-holiday data for 'XX'"),
    ]:
        firm_yaml.write_text(before.replace("    set_by: firm", f"    set_by: {set_by}", 1))
        result = run("check", "-c", firm_yaml)
        assert result.exit_code == 1
        assert f"firm.yaml:100:13: deadlines[0].set_by: {message}" in result.output


def test_a_deadline_without_set_by_is_an_error_naming_both_choices(
    run: Callable[..., Result], small: Path
) -> None:
    # An older firm.yaml read a date without set_by as the firm's, or with a legal basis as
    # the country's: its statutory dates would change meaning without a word.
    firm_yaml = small / "firm.yaml"
    firm_yaml.write_text(firm_yaml.read_text().replace("    set_by: firm\n", ""))
    site = small / "site"
    result = run("build", "-c", firm_yaml)
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "set_by" in x)
    assert line.startswith("firm.yaml:95:5: deadlines[0].set_by: required field is missing"), line
    assert "`firm` (your own)" in line and "a country (US, PL, ES) or a region (ES-CT)" in line
    assert not site.exists()
