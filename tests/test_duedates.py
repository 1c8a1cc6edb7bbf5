"""Due dates on real calendars. Each date was checked by hand against the source named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
from click.testing import Result

from handbook.calendar.duedates import BusinessCalendar, schedule
from handbook.model.communication import Closure
from tests.conftest import build_project

D = dt.date


@pytest.mark.parametrize(
    ("country", "region", "nominal", "rule", "due", "source"),
    [
        # US: IRC §7503 moves to the next day that is not a weekend or DC legal holiday.
        (
            "US",
            "NY",
            D(2017, 4, 15),
            "next",
            D(2017, 4, 18),
            "IRS Publication 509 (2017): individual returns due April 18, 2017 "
            "(Apr 15 Saturday, Apr 17 Emancipation Day observed)",
        ),
        (
            "US",
            "NY",
            D(2028, 4, 15),
            "next",
            D(2028, 4, 18),
            "DC Code §1-612.02 (Emancipation Day Apr 16, 2028 is a Sunday: observed Mon Apr 17)",
        ),
        (
            "US",
            "NY",
            D(2028, 1, 15),
            "next",
            D(2028, 1, 18),
            "OPM federal holidays 2028: Martin Luther King Jr. Day Mon Jan 17, 2028",
        ),
        (
            "US",
            "NY",
            D(2026, 4, 16),
            "next",
            D(2026, 4, 17),
            "DC Code §1-612.02: Emancipation Day Thu Apr 16, 2026",
        ),
        (
            "US",
            "NY",
            D(2026, 4, 15),
            "next",
            D(2026, 4, 15),
            "IRS Publication 509 (2026): April 15, 2026 is a Wednesday, no move",
        ),
        (
            "US",
            "NY",
            D(2027, 1, 1),
            "previous",
            D(2026, 12, 31),
            "OPM federal holidays 2027: New Year's Day Fri Jan 1, 2027",
        ),
        ("US", "NY", D(2026, 7, 4), "none", D(2026, 7, 4), "roll none keeps the date"),
        # Spain: Ley 39/2015 art. 30; regional holidays matter.
        (
            "ES",
            "CT",
            D(2025, 6, 24),
            "next",
            D(2025, 6, 25),
            "Fiestas laborales 2025 (BOE, Dirección General de Trabajo): Sant Joan Tue Jun 24, "
            "Catalonia",
        ),
        (
            "ES",
            "MD",
            D(2025, 6, 24),
            "next",
            D(2025, 6, 24),
            "Fiestas laborales 2025: June 24 is not a holiday in the Comunidad de Madrid",
        ),
        (
            "ES",
            "MD",
            D(2026, 5, 1),
            "next",
            D(2026, 5, 4),
            "Fiestas laborales 2026: Fiesta del Trabajo Fri May 1, 2026 (national)",
        ),
        (
            "ES",
            "MD",
            D(2027, 1, 30),
            "next",
            D(2027, 2, 1),
            "AEAT modelo 303 4T due Jan 30; Jan 30, 2027 is a Saturday",
        ),
        # Poland: Ordynacja podatkowa art. 12 §5: Saturdays and statutory days off.
        (
            "PL",
            None,
            D(2026, 12, 25),
            "next",
            D(2026, 12, 28),
            "Ustawa o dniach wolnych od pracy: Dec 25 and 26, 2026 (Fri, Sat) are days off",
        ),
        (
            "PL",
            None,
            D(2026, 12, 24),
            "next",
            D(2026, 12, 28),
            "Ustawa of 6 Dec 2024: Wigilia (Dec 24) is a day off from 2025; Thu Dec 24, 2026",
        ),
        (
            "PL",
            None,
            D(2026, 11, 11),
            "next",
            D(2026, 11, 12),
            "Narodowe Święto Niepodległości, Wed Nov 11, 2026",
        ),
        ("PL", None, D(2027, 1, 30), "next", D(2027, 2, 1), "Jan 30, 2027 is a Saturday"),
    ],
)
def test_roll_matches_published_calendars(
    country: str, region: str | None, nominal: dt.date, rule: str, due: dt.date, source: str
) -> None:
    # US dates here are federal (DC holidays); Polish and Spanish ones national and regional.
    place = "US" if country == "US" else "-".join(filter(None, (country, region)))
    cal = BusinessCalendar.of(place, "en")
    assert cal.roll(nominal, rule)[0] == due, source


def test_us_last_business_day_and_business_days_before() -> None:
    cal = BusinessCalendar("US", "NY", "en")
    # OPM 2026: Memorial Day Mon May 25; May 30-31 are a weekend.
    assert cal.last_business_day(2026, 5) == D(2026, 5, 29)
    # OPM 2026: Thanksgiving Thu Nov 26, so 3 business days before Mon Nov 30 is Tue Nov 24.
    assert cal.add_business_days(D(2026, 11, 30), -3) == D(2026, 11, 24)


def test_month_end_rule_uses_the_last_day_of_shorter_months(small_firm_with: object) -> None:
    firm = small_firm_with(  # type: ignore[operator]
        "  - slug: end\n    name: End\n    what: x\n    when: {kind: monthly, day: 31}\n"
        "    set_by: firm\n    roll: none\n"
    )
    dates = [o.due for o in schedule(firm, D(2027, 1, 10)).occurrences if o.deadline.slug == "end"]
    # Art. 12 §3: a month without day 31 ends on its last day.
    assert dates[:4] == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30)]


def test_reason_says_why_a_date_moved() -> None:
    import datetime

    from handbook.calendar.duedates import Occurrence
    from handbook.input.config import load_firm
    from handbook.pages.site import Site
    from tests.conftest import FIXTURES

    firm, _ = load_firm(FIXTURES / "small" / "firm.yaml")
    site = Site(
        firm=firm.model_copy(
            update={"locale": firm.locale.model_copy(update={"country": "US", "region": "NY"})}
        ),
        build_date=datetime.date(2026, 11, 23),
        language="en",
    )
    due, skipped = BusinessCalendar.of("US", "en").roll(D(2028, 4, 15), "next")
    occ = Occurrence(firm.deadlines[0], D(2028, 4, 15), due, skipped)
    assert site.say.explain(occ) == (
        "April 15, 2028 is a Saturday and April 17 is Emancipation Day (observed), "
        "so it is due Tuesday, April 18"
    )


def test_closures_are_not_business_days() -> None:
    retreat = Closure(name="Retreat", start=D(2026, 12, 28))
    cal = BusinessCalendar("US", "NY", "en", closures=[retreat])
    assert cal.roll(D(2026, 12, 26), "next")[0] == D(2026, 12, 29)
    assert cal.holiday(D(2026, 12, 28)) == "Retreat"


def test_a_quarter_can_have_its_own_day(small: Path) -> None:
    # Spain's modelo 303: 1-20 April, July and October for Q1-Q3, 1-30 January for Q4.
    firm = small / "firm.yaml"
    text = firm.read_text().replace(
        "  country: PL\n  currency: PLN", "  country: ES\n  currency: EUR"
    )
    firm.write_text(
        text.replace(
            "    when: {kind: monthly, day: 20}",
            "    when: {kind: quarterly, day: 20, month_of_quarter: 4, quarters: {Q4: {day: 30}}}",
        )
    )
    feed = (build_project(small) / "books" / "calendar.ics").read_bytes()
    events = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    due = sorted(d for e in events if (d := e.decoded("dtstart").isoformat()) >= "2026-11")
    assert due == [
        "2027-02-01",  # 30 January 2027 is a Saturday: the next business day
        "2027-04-20",
        "2027-07-20",
        "2027-10-20",
        "2028-01-31",  # 30 January 2028 is a Sunday
    ]


def test_a_quarter_date_must_be_a_quarter(run: Callable[..., Result], small: Path) -> None:
    firm = small / "firm.yaml"
    firm.write_text(
        firm.read_text().replace(
            "    when: {kind: monthly, day: 20}",
            "    when: {kind: quarterly, day: 20, quarters: {Q5: {day: 30}}}",
        )
    )
    result = run("check", "-c", firm)
    assert result.exit_code == 1
    assert "deadlines[0].when.quarters.Q5: must be one of Q1, Q2, Q3, Q4" in result.output


def test_a_date_with_no_business_day_within_a_year_stays_and_the_walk_is_short() -> None:
    # A "closure" of decades is no closure: the date keeps its day instead of rolling to 2101.
    closed = Closure(name="Retired", start=dt.date(2000, 1, 1), end=dt.date(2100, 12, 31))
    cal = BusinessCalendar("PL", None, "en", [closed])
    day = dt.date(2027, 3, 15)
    assert cal.roll(day, "next") == (day, ())
    assert cal.last_business_day(2027, 3) == dt.date(2027, 3, 31)
    # A closure of a few weeks still moves the date past its end, naming every day skipped.
    short = BusinessCalendar(
        "PL", None, "en", [closed.model_copy(update={"end": dt.date(2000, 1, 20)})]
    )
    moved, skipped = short.roll(dt.date(2000, 1, 10), "next")
    assert moved == dt.date(2000, 1, 21) and len(skipped) == 11
