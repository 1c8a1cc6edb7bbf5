"""Business days and due dates: whose calendar counts, roll rules, and each deadline's dates.

A date rolls by the calendar of whoever set it (`Deadline.set_by`). US federal dates count
the legal holidays of the District of Columbia (IRC §7503, Treas. Reg. §301.7503-1): a
statewide holiday counts only for that state's own dates. Polish and Spanish dates count the
national holidays (Ordynacja podatkowa art. 12 §5; Ley 39/2015 art. 30, and art. 31.2.c for
electronic filing), and a region's where `set_by` names one. The firm's own dates count its
region's holidays and its closures; closures never move a date set by law. Saturdays and
Sundays are never business days.
"""

from __future__ import annotations

import calendar as stdcal
import datetime as dt
import functools
from collections.abc import Collection
from dataclasses import dataclass, field

import holidays
from dateutil.relativedelta import relativedelta

from handbook.i18n.translator import Translator
from handbook.model import FirmConfig
from handbook.model.communication import Closure
from handbook.model.deadlines import Deadline

FIRM = "firm"
"""The `set_by` of the firm's own dates."""
MAX_WALK = 366
"""Days a date may move to reach a business day; past that, no business day is near."""


def region_name(country: str, region: str) -> str:
    """Name a region as the holiday data does, e.g. "California", "Cataluña" (else its code)."""
    aliases = getattr(holidays.country_holidays(country), "subdivisions_aliases", {})
    return next((name for name, code in aliases.items() if code == region), region)


@dataclass(frozen=True)
class Skipped:
    """A day a date could not fall on, and why (a holiday or closure name, or None)."""

    day: dt.date
    name: str | None
    """The holiday or closure; "" for a holiday with no name in the reader's language."""
    closure: bool = False
    """Whether it is the firm's closure rather than a public holiday."""


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
    opens: dt.date | None = None
    """The first day of its filing window, if it has one."""
    whose: str = FIRM
    """Whose date it is: `firm` or a jurisdiction (see `whose`)."""

    @property
    def moved(self) -> bool:
        """Tell whether the due date differs from the rule's date."""
        return self.due != self.nominal

    def uid(self, host: str) -> str:
        """Return the iCalendar UID: stable across builds, so subscribers update, not duplicate."""
        return f"{self.deadline.slug}-{self.nominal.isoformat()}@{host}"


@dataclass
class BusinessCalendar:
    """Which days are business days under one calendar: a place's holidays, and closures."""

    country: str
    region: str | None
    language: str
    closures: list[Closure] = field(default_factory=list)
    _holidays: holidays.HolidayBase = field(init=False)
    _closed: dict[int, dict[dt.date, str]] = field(init=False, default_factory=dict)

    named: bool = field(init=False)

    def __post_init__(self) -> None:
        supported = holidays.country_holidays(self.country).supported_languages
        lang = next((x for x in (self.language, f"{self.language}_US") if x in supported), None)
        # Without the reader's language, a holiday is shown as "a public holiday" rather
        # than under a name in another language.
        self.named = lang is not None
        self._holidays = holidays.country_holidays(self.country, subdiv=self.region, language=lang)

    @classmethod
    def of(cls, jurisdiction: str, language: str) -> BusinessCalendar:
        """Make the calendar of a jurisdiction: US (federal: DC), US-NY (a state), ES-CT."""
        country, _, region = jurisdiction.partition("-")
        return cls(country, region or ("DC" if country == "US" else None), language)

    @classmethod
    def for_firm(cls, firm: FirmConfig, language: str | None = None) -> BusinessCalendar:
        """Make the calendar of a firm's own days: its region's holidays and its closures."""
        loc = firm.locale
        return cls(loc.country, loc.region, language or loc.default, firm.communication.closures)

    def closure(self, day: dt.date) -> str | None:
        """Name the firm's closure on `day`, if any (names in the calendar's language)."""
        if not self.closures:
            return None
        if day.year not in self._closed:
            tr = Translator(self.language)
            first, last = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
            self._closed[day.year] = {
                closed: tr.text(c.name) for c in self.closures for closed in c.days(first, last)
            }
        return self._closed[day.year].get(day)

    def holiday(self, day: dt.date) -> str | None:
        """Name the public holiday or closure on `day`, if any."""
        closed = self.closure(day)
        if closed is not None:
            return closed
        name = self._holidays.get(day)
        return "; ".join(dict.fromkeys(str(name).split("; "))) if name else None

    def _reason(self, day: dt.date) -> str | None:
        """Name why `day` is not a business day, for readers (None: a weekend)."""
        name = self.holiday(day)
        if name is None or self.named or self.closure(day) is not None:
            return name
        return ""

    def is_business_day(self, day: dt.date) -> bool:
        """Tell whether `day` is a weekday that is neither a holiday nor a closure."""
        return day.weekday() < 5 and self.holiday(day) is None

    def roll(self, day: dt.date, rule: str) -> tuple[dt.date, tuple[Skipped, ...]]:
        """Move `day` to a business day by the rule next / previous / none.

        A day with no business day within a year of it (a closure of years) stays where it is:
        a real closure is shorter, and the walk would otherwise take the build minutes.
        """
        if rule == "none" or self.is_business_day(day):
            return day, ()
        step = dt.timedelta(days=1 if rule == "next" else -1)
        skipped: list[Skipped] = []
        current = day
        while not self.is_business_day(current):
            if len(skipped) > MAX_WALK:
                return day, ()
            closed = self.closure(current) is not None
            skipped.append(Skipped(current, self._reason(current), closed))
            current += step
        return current, tuple(skipped)

    def _business_day_from(self, day: dt.date, step: dt.timedelta) -> dt.date:
        """Return the first business day from `day` on by `step` (`day` itself past a year)."""
        current = day
        for _ in range(MAX_WALK):
            if self.is_business_day(current):
                return current
            current += step
        return day

    def add_business_days(self, day: dt.date, n: int) -> dt.date:
        """Count `n` business days from `day` (negative: backwards)."""
        step = dt.timedelta(days=1 if n >= 0 else -1)
        current = day
        for _ in range(abs(n)):
            current = self._business_day_from(current + step, step)
        return current

    def last_business_day(self, year: int, month: int) -> dt.date:
        """Return the last business day of a month."""
        day = dt.date(year, month, stdcal.monthrange(year, month)[1])
        return self._business_day_from(day, dt.timedelta(days=-1))


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


def _opens(deadline: Deadline, nominal: dt.date) -> dt.date | None:
    """Return the first day of the filing window that ends on `nominal`, if there is one."""
    if deadline.opens is None:
        return None
    month = nominal.replace(day=1) - relativedelta(months=deadline.opens.months_before)
    return _clamped(month.year, month.month, deadline.opens.day)


@dataclass
class Schedule:
    """Every deadline occurrence in a window, computed once per build."""

    calendar: BusinessCalendar
    """The firm's own calendar (its region's holidays and closures)."""
    start: dt.date
    end: dt.date
    occurrences: list[Occurrence]

    def for_deadlines(self, slugs: list[str]) -> list[Occurrence]:
        """Return the occurrences of some deadlines, by due date."""
        positions = sorted(i for slug in set(slugs) for i in self._positions.get(slug, []))
        return [self.occurrences[i] for i in positions]

    @functools.cached_property
    def _positions(self) -> dict[str, list[int]]:
        """Where each deadline's occurrences are in the list: segments look theirs up."""
        positions: dict[str, list[int]] = {}
        for i, occurrence in enumerate(self.occurrences):
            positions.setdefault(occurrence.deadline.slug, []).append(i)
        return positions


def window(today: dt.date, horizon_months: int, history_months: int = 0) -> tuple[dt.date, dt.date]:
    """Return the listed window: the build month's first day (or months before) to the horizon."""
    start = today.replace(day=1) - relativedelta(months=history_months)
    return start, today + relativedelta(months=horizon_months)


def schedule(
    firm: FirmConfig,
    today: dt.date,
    language: str | None = None,
    history_months: int = 0,
    only: Collection[str] | None = None,
) -> Schedule:
    """Compute every deadline's occurrences from the build month (or before) to the horizon;
    `only` some deadlines' (the whole schedule's occurrences of them, in its order)."""
    language = language or firm.locale.default
    own = BusinessCalendar.for_firm(firm, language)
    calendars = {FIRM: own}
    start, end = window(today, firm.calendar.horizon_months, history_months)
    # Relative deadlines count from another deadline's dates, which may lie outside the
    # window; compute a margin on both sides, then keep what falls inside.
    margin = relativedelta(months=3)
    by_slug = {d.slug: d for d in firm.deadlines}
    computed: dict[str, list[Occurrence]] = {}

    def occurrences_of(deadline: Deadline) -> list[Occurrence]:
        if deadline.slug in computed:
            return computed[deadline.slug]
        key = deadline.set_by
        if key not in calendars:
            calendars[key] = BusinessCalendar.of(key, language)
        cal = calendars[key]
        rule = deadline.when
        if rule.kind == "last_business_day":
            days = [
                cal.last_business_day(y, m)
                for y, m in _months(start - margin, end + margin)
                if not rule.months or m in rule.months
            ]
            out = [Occurrence(deadline, d, d, whose=key) for d in days]
        else:
            if rule.kind == "relative":
                bases = [o.due for o in occurrences_of(by_slug[rule.of])]
                if rule.days is not None:
                    nominals = [base + dt.timedelta(days=rule.days) for base in bases]
                else:
                    nominals = [
                        cal.add_business_days(base, rule.business_days or 0) for base in bases
                    ]
            else:
                nominals = _nominal_dates(deadline, start - margin, end + margin)
            out = []
            for nominal in nominals:
                due, skipped = cal.roll(nominal, deadline.roll)
                opens = _opens(deadline, nominal)
                out.append(Occurrence(deadline, nominal, due, skipped, opens, key))
        computed[deadline.slug] = out
        return out

    wanted = [d for d in firm.deadlines if only is None or d.slug in only]
    everything = [o for d in wanted for o in occurrences_of(d)]
    inside = [o for o in everything if start <= o.due <= end]
    inside.sort(key=lambda o: (o.due, o.deadline.slug))
    return Schedule(own, start, end, inside)
