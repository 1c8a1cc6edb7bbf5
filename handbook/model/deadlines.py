"""Deadlines: the date rules (yearly, monthly, ...), legal bases, calendar settings."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

import holidays
from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    model_validator,
)

from handbook.i18n.cli import _
from handbook.model.fields import Date, Name, Slug, Strict, Text, Url


def _real_day(value: str) -> str:
    """Accept a "MM-DD" that is a day of some year (02-29 is, in leap years)."""
    month, day = (int(part) for part in value.split("-"))
    try:
        dt.date(2028, month, day)
    except ValueError:
        raise ValueError(
            _("{value} is not a day of the year; e.g. 04-30, 02-28").format(value=value)
        ) from None
    return value


class Yearly(Strict):
    """Fixed dates every year."""

    kind: Literal["yearly"]
    """Rule kind."""
    dates: Annotated[
        list[
            Annotated[
                str,
                StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
                AfterValidator(_real_day),
            ]
        ],
        Field(min_length=1),
    ]
    """Month and day of each date, "MM-DD", e.g. ["04-15"]."""


class Monthly(Strict):
    """A day of every month (or of some months)."""

    kind: Literal["monthly"]
    """Rule kind."""
    day: Annotated[int, Field(ge=1, le=31)]
    """Day of the month; in shorter months, the month's last day."""
    months: list[Annotated[int, Field(ge=1, le=12)]] = []
    """Months it applies to (1-12); empty means every month."""


Quarter = Literal["Q1", "Q2", "Q3", "Q4"]
_QUARTERS: tuple[Quarter, ...] = ("Q1", "Q2", "Q3", "Q4")


class QuarterDate(Strict):
    """The date of one quarter, where it differs from the rule's."""

    day: Annotated[int, Field(ge=1, le=31)]
    """Day of the month."""
    month_of_quarter: Annotated[int, Field(ge=1, le=4)] | None = None
    """Month counted from the quarter's start (1-3 inside it, 4 the month after); default:
    the rule's."""


class Quarterly(Strict):
    """A day of the month after (or in) each quarter."""

    kind: Literal["quarterly"]
    """Rule kind."""
    day: Annotated[int, Field(ge=1, le=31)]
    """Day of the month."""
    month_of_quarter: Annotated[int, Field(ge=1, le=4)] = 1
    """Month counted from the quarter's start: 1-3 inside it, 4 is the month after it."""
    quarters: dict[Quarter, QuarterDate] = {}
    """Quarters with another date, e.g. {Q4: {day: 30}}: Spain's modelo 303 is due on
    20 April, July and October, and on 30 January for Q4."""

    def date_of(self, year: int, quarter: int) -> tuple[int, int, int]:
        """Return (year, month, day) due for quarter 1-4 of a year, its own date if it has one."""
        own = self.quarters.get(_QUARTERS[quarter - 1])
        day = own.day if own else self.day
        offset = own.month_of_quarter if own and own.month_of_quarter else self.month_of_quarter
        month0 = (quarter - 1) * 3 + offset - 1  # months after 1 January of `year`
        return year + month0 // 12, month0 % 12 + 1, day


class LastBusinessDay(Strict):
    """The last business day of every month (or of some months)."""

    kind: Literal["last_business_day"]
    """Rule kind."""
    months: list[Annotated[int, Field(ge=1, le=12)]] = []
    """Months it applies to (1-12); empty means every month."""


class Relative(Strict):
    """N business days (or calendar days) before or after each date of another deadline."""

    kind: Literal["relative"]
    """Rule kind."""
    business_days: Annotated[int, Field(ge=-60, le=60)] | None = None
    """Business days from the other deadline: negative is before, e.g. -3."""
    days: Annotated[int, Field(ge=-366, le=366)] | None = None
    """Calendar days from the other deadline, instead of business days, e.g. -5."""
    of: Slug
    """Slug of the other deadline."""

    @model_validator(mode="after")
    def _one_count(self) -> Relative:
        """Check that the period is counted in business days or in calendar days, not both."""
        if (self.business_days is None) == (self.days is None):
            raise ValueError(_("give business_days (e.g. -3) or days (calendar days), one of them"))
        return self


class Once(Strict):
    """One-off dates."""

    kind: Literal["once"]
    """Rule kind."""
    dates: Annotated[list[Date], Field(min_length=1)]
    """The dates, YYYY-MM-DD."""


DeadlineRule = Annotated[
    Yearly | Monthly | Quarterly | LastBusinessDay | Relative | Once,
    Field(discriminator="kind"),
]


class LegalBasis(Strict):
    """The law behind a statutory date."""

    text: Text
    """Citation, e.g. "IRC §6072(a)"."""
    url: Url | None = None
    """Link to the source."""


_JURISDICTION = re.compile(r"(?P<country>[A-Z]{2})(-(?P<region>[A-Z0-9]{1,3}))?")


def _jurisdiction_forms() -> str:
    """Name the places a deadline may follow (after "use")."""
    return _("firm, a country code such as US, PL or ES, or a region such as US-NY or ES-CT")


def _known_jurisdiction(value: str) -> str:
    """Accept `firm`, a country with holiday data (PL) or one of its subdivisions (US-NY)."""
    if value == "firm":
        return value
    match = _JURISDICTION.fullmatch(value)
    if not match:
        raise ValueError(
            _("{value} is not a place; use {forms}").format(
                value=repr(value), forms=_jurisdiction_forms()
            )
        )
    country, region = match["country"], match["region"]
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise ValueError(
            _("no public-holiday data for {country}; use {forms}").format(
                country=repr(country), forms=_jurisdiction_forms()
            )
        )
    if region and region not in supported[country]:
        raise ValueError(
            _("unknown region {region} of {country}; valid: {regions}").format(
                region=repr(region), country=country, regions=", ".join(supported[country])
            )
        )
    return value


Jurisdiction = Annotated[str, AfterValidator(_known_jurisdiction)]
"""Whose date: `firm`, a country (US: federal) or a country's region (US-NY, ES-CT)."""


class Opens(Strict):
    """The first day of a filing window that ends on the deadline's date."""

    day: Annotated[int, Field(ge=1, le=31)]
    """Day of the month the window opens; in shorter months, the month's last day."""
    months_before: Annotated[int, Field(ge=0, le=11)] = 0
    """Months before the due date's month, e.g. 2 for "15 February - 30 April"."""


class Deadline(Strict):
    """Something the client must send or do, and by when."""

    slug: Slug
    """Identifier, stable forever (calendar event IDs derive from it)."""
    name: Name
    """Short name, e.g. "Bank and card statements"."""
    what: Text
    """What to send or do."""
    how: Slug | None = None
    """Slug of the system (onboarding.systems) or channel to use."""
    when: DeadlineRule
    """The date rule (kind: yearly, monthly, quarterly, last_business_day, relative, once)."""
    opens: Opens | None = None
    """A filing window: the day it opens, e.g. {day: 1} for "1-20 April"; it never moves."""
    set_by: Jurisdiction
    """Whose date: `firm` (your own) or the law's, a country (US, PL, ES) or a region (ES-CT).

    It decides which days are not business days: `firm` counts your region's holidays and
    your closures; `US` is US federal (weekends and District of Columbia holidays, IRC
    §7503); a state such as `US-NY`; a country such as `PL`, or a country and region such as
    `ES-CT`. Closures never move a date set by law. Required, with no default: a date of the
    law read as the firm's (or the reverse) would move by the wrong holidays without a word."""
    roll: Literal["next", "previous", "none"] = "next"
    """If the date is not a business day: move to the next one, the previous one, or keep it."""
    reminders: list[Annotated[int, Field(ge=0, le=90)]] = []
    """Reminder lead times in days before the date (calendar alarms)."""
    legal_basis: LegalBasis | None = None
    """The law behind the date, if statutory."""


class Calendar(Strict):
    """Settings of the due-date calendars."""

    horizon_months: Annotated[int, Field(ge=1, le=36)] = 15
    """How many months ahead of the build date deadlines are listed."""
