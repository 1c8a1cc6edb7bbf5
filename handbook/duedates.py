"""Business days and due dates: holidays, roll rules, and the dates each deadline falls on.

Holidays come from the `holidays` package for the firm's country and region, plus the
firm's own closures. For the US, the legal holidays of IRC §7503 are those of the
District of Columbia (Emancipation Day included) plus the firm's state, so both are used.
Saturdays and Sundays are never business days (Poland's Ordynacja podatkowa art. 12 §5
and Spain's Ley 39/2015 art. 30 treat Saturday the same way).
"""

from __future__ import annotations

import calendar as stdcal
import datetime as dt
from dataclasses import dataclass, field

import holidays
from dateutil.relativedelta import relativedelta

from handbook.i18n import Translator
from handbook.model import FirmConfig
from handbook.model.deadlines import Deadline


@dataclass(frozen=True)
class Skipped:
    """A day a date could not fall on, and why (a holiday or closure name, or None)."""

    day: dt.date
    name: str | None
    """The holiday or closure; "" for a holiday with no name in the reader's language."""


@dataclass(frozen=True)
class Occurrence:
    """One date a deadline falls on."""

    deadline: Deadline
    nominal: dt.date
    """The date the rule gives, before rolling."""
    due: dt.date
    """The date it is actually due."""
    skipped: tuple[Skipped, ...] = ()
    """The days rolled over, first the nominal one, when the date moved."""

    @property
    def moved(self) -> bool:
        """Tell whether the due date differs from the rule's date."""
        return self.due != self.nominal

    def uid(self, host: str) -> str:
        """Return the iCalendar UID: stable across builds, so subscribers update, not duplicate."""
        return f"{self.deadline.slug}-{self.nominal.isoformat()}@{host}"


@dataclass
class BusinessCalendar:
    """Which days are business days for one firm."""

    country: str
    region: str | None
    language: str
    closures: dict[dt.date, str] = field(default_factory=dict)
    _holidays: holidays.HolidayBase = field(init=False)

    named: bool = field(init=False)

    def __post_init__(self) -> None:
        supported = holidays.country_holidays(self.country).supported_languages
        lang = next((x for x in (self.language, f"{self.language}_US") if x in supported), None)
        # Without the reader's language, a holiday is shown as "a public holiday" rather
        # than under a name in another language.
        self.named = lang is not None
        subdivs: list[str | None] = [self.region]
        if self.country == "US":
            subdivs = ["DC"]
            if self.region and self.region != "DC":
                subdivs.append(self.region)
        combined: holidays.HolidayBase | None = None
        for subdiv in subdivs:
            table = holidays.country_holidays(self.country, subdiv=subdiv, language=lang)
            combined = table if combined is None else combined + table
        assert combined is not None
        self._holidays = combined

    @classmethod
    def for_firm(cls, firm: FirmConfig, language: str | None = None) -> BusinessCalendar:
        """Make the calendar of a firm: its country, region and closures."""
        tr = Translator(language or firm.locale.default)
        closures: dict[dt.date, str] = {}
        for closure in firm.communication.closures:
            name = tr.t(closure.name)
            day = closure.start
            while day <= (closure.end or closure.start):
                closures[day] = name
                day += dt.timedelta(days=1)
        loc = firm.locale
        return cls(loc.country, loc.region, language or loc.default, closures)

    def holiday(self, day: dt.date) -> str | None:
        """Name the public holiday or closure on `day`, if any."""
        if day in self.closures:
            return self.closures[day]
        name = self._holidays.get(day)
        return "; ".join(dict.fromkeys(str(name).split("; "))) if name else None

    def _reason(self, day: dt.date) -> str | None:
        """Name why `day` is not a business day, for readers (None: a weekend)."""
        name = self.holiday(day)
        if name is None or day in self.closures or self.named:
            return name
        return ""

    def is_business_day(self, day: dt.date) -> bool:
        """Tell whether `day` is a weekday that is neither a holiday nor a closure."""
        return day.weekday() < 5 and self.holiday(day) is None

    def roll(self, day: dt.date, rule: str) -> tuple[dt.date, tuple[Skipped, ...]]:
        """Move `day` to a business day by the rule next / previous / none."""
        if rule == "none" or self.is_business_day(day):
            return day, ()
        step = dt.timedelta(days=1 if rule == "next" else -1)
        skipped = []
        current = day
        while not self.is_business_day(current):
            skipped.append(Skipped(current, self._reason(current)))
            current += step
        return current, tuple(skipped)

    def add_business_days(self, day: dt.date, n: int) -> dt.date:
        """Count `n` business days from `day` (negative: backwards)."""
        step = dt.timedelta(days=1 if n >= 0 else -1)
        current = day
        for _ in range(abs(n)):
            current += step
            while not self.is_business_day(current):
                current += step
        return current

    def last_business_day(self, year: int, month: int) -> dt.date:
        """Return the last business day of a month."""
        day = dt.date(year, month, stdcal.monthrange(year, month)[1])
        while not self.is_business_day(day):
            day -= dt.timedelta(days=1)
        return day


def _clamped(year: int, month: int, day: int) -> dt.date:
    """Return the date, or the month's last day if the month is shorter (art. 12 §3)."""
    return dt.date(year, month, min(day, stdcal.monthrange(year, month)[1]))


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        months.append((cursor.year, cursor.month))
        cursor += relativedelta(months=1)
    return months


def _nominal_dates(deadline: Deadline, start: dt.date, end: dt.date) -> list[dt.date]:
    """List the dates a (non-relative) rule gives between start and end."""
    rule = deadline.when
    months = _months(start, end)
    dates: list[dt.date] = []
    if rule.kind == "yearly":
        for year in range(start.year, end.year + 1):
            for month_day in rule.dates:
                month, day = (int(x) for x in month_day.split("-"))
                dates.append(_clamped(year, month, day))
    elif rule.kind == "monthly":
        dates = [_clamped(y, m, rule.day) for y, m in months if not rule.months or m in rule.months]
    elif rule.kind == "quarterly":
        # A quarter's date falls at most four months after it starts: begin a year early.
        for year in range(start.year - 1, end.year + 1):
            for quarter in (1, 2, 3, 4):
                dates.append(_clamped(*rule.date_of(year, quarter)))
    elif rule.kind == "once":
        dates = list(rule.dates)
    return [d for d in dates if start <= d <= end]


@dataclass
class Schedule:
    """Every deadline occurrence in a window, computed once per build."""

    calendar: BusinessCalendar
    start: dt.date
    end: dt.date
    occurrences: list[Occurrence]

    def for_deadlines(self, slugs: list[str]) -> list[Occurrence]:
        """Return the occurrences of some deadlines, by due date."""
        wanted = set(slugs)
        return [o for o in self.occurrences if o.deadline.slug in wanted]


def window(today: dt.date, horizon_months: int) -> tuple[dt.date, dt.date]:
    """Return the listed window: the build month's first day to the horizon."""
    return today.replace(day=1), today + relativedelta(months=horizon_months)


def schedule(firm: FirmConfig, today: dt.date, language: str | None = None) -> Schedule:
    """Compute every deadline's occurrences from the build month to the horizon."""
    cal = BusinessCalendar.for_firm(firm, language)
    start, end = window(today, firm.calendar.horizon_months)
    # Relative deadlines count from another deadline's dates, which may lie outside the
    # window; compute a margin on both sides, then keep what falls inside.
    margin = relativedelta(months=3)
    by_slug = {d.slug: d for d in firm.deadlines}
    computed: dict[str, list[Occurrence]] = {}

    def occurrences_of(deadline: Deadline) -> list[Occurrence]:
        if deadline.slug in computed:
            return computed[deadline.slug]
        out = []
        if deadline.when.kind == "relative":
            for base in occurrences_of(by_slug[deadline.when.of]):
                nominal = cal.add_business_days(base.due, deadline.when.business_days)
                due, skipped = cal.roll(nominal, deadline.roll)
                out.append(Occurrence(deadline, nominal, due, skipped))
        elif deadline.when.kind == "last_business_day":
            for y, m in _months(start - margin, end + margin):
                if not deadline.when.months or m in deadline.when.months:
                    day = cal.last_business_day(y, m)
                    out.append(Occurrence(deadline, day, day))
        else:
            for nominal in _nominal_dates(deadline, start - margin, end + margin):
                due, skipped = cal.roll(nominal, deadline.roll)
                out.append(Occurrence(deadline, nominal, due, skipped))
        computed[deadline.slug] = out
        return out

    everything = [o for d in firm.deadlines for o in occurrences_of(d)]
    inside = [o for o in everything if start <= o.due <= end]
    inside.sort(key=lambda o: (o.due, o.deadline.slug))
    return Schedule(cal, start, end, inside)
