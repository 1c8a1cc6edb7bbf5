"""When a message sent now will be acknowledged or answered, by the firm's SLA.

The same computation runs in the browser (assets/handbook-replyby.js, `handbookReplyBy`), from
the data `office_data` writes into the communication page; tests require both to agree.

The rules, in the office's time zone:
- business_days, by end_of_day, within N: closing time of the N-th open day after the day
  the message was sent (N = 0: the same day if it is an open day and before closing, else
  the next open day). "By the end of the next business day" is N = 1.
- business_days, by same_time: the same clock time on that day, kept within opening hours.
- business_hours N: N hours of opening time, counted from the message (or the next opening).
- hours N / days N: plain elapsed time; days by end_of_day ends at 23:59 local time.
An open day has opening hours, is not a public holiday and not a firm closure.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from handbook.calendar.duedates import BusinessCalendar
from handbook.model import FirmConfig
from handbook.model.communication import WEEKDAYS, Sla


@dataclass(frozen=True)
class Office:
    """Opening hours per weekday (0 = Monday), closed dates and the time zone."""

    timezone: str
    hours: dict[int, tuple[dt.time, dt.time]]
    closed: frozenset[dt.date]

    @classmethod
    def for_firm(
        cls,
        firm: FirmConfig,
        start: dt.date,
        end: dt.date,
        calendar: BusinessCalendar | None = None,
    ) -> Office:
        """Describe the firm's office for dates from `start` to `end`."""
        cal = calendar or BusinessCalendar.for_firm(firm)
        hours = {
            WEEKDAYS.index(day): (h.open, h.close)
            for day, h in firm.communication.business_hours.items()
        }
        closed = set()
        day = start
        while day <= end:
            if cal.holiday(day) is not None:
                closed.add(day)
            day += dt.timedelta(days=1)
        return cls(firm.locale.timezone, hours, frozenset(closed))

    def is_open_day(self, day: dt.date) -> bool:
        """Tell whether the office opens on `day`."""
        return day.weekday() in self.hours and day not in self.closed

    def next_open_day(self, day: dt.date) -> dt.date:
        """Return the first open day after `day`."""
        current = day + dt.timedelta(days=1)
        for _ in range(400):
            if self.is_open_day(current):
                return current
            current += dt.timedelta(days=1)
        raise ValueError("the office never opens")


def _utc(office: Office, day: dt.date, time: dt.time) -> dt.datetime:
    local = dt.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(office.timezone))
    return local.astimezone(dt.UTC)


def reply_by(sent: dt.datetime, sla: Sla, office: Office) -> dt.datetime:
    """Return the UTC time by which a message sent at `sent` (aware) gets its reply."""
    zone = zoneinfo.ZoneInfo(office.timezone)
    local = sent.astimezone(zone)
    if sla.unit == "hours":
        return (sent + dt.timedelta(hours=sla.within)).astimezone(dt.UTC)
    if sla.unit == "days":
        day = local.date() + dt.timedelta(days=sla.within)
        time = dt.time(23, 59) if sla.by == "end_of_day" else local.time().replace(microsecond=0)
        return _utc(office, day, time)
    if sla.unit == "business_hours":
        remaining = dt.timedelta(hours=sla.within)
        day = local.date()
        cursor = local.replace(tzinfo=None, second=0, microsecond=0)
        for _ in range(800):
            if office.is_open_day(day):
                opens, closes = office.hours[day.weekday()]
                start = max(cursor, dt.datetime.combine(day, opens))
                end = dt.datetime.combine(day, closes)
                if start < end:
                    if remaining <= end - start:
                        done = start + remaining
                        return _utc(office, done.date(), done.time())
                    remaining -= end - start
            day += dt.timedelta(days=1)
            cursor = dt.datetime.combine(day, dt.time())
        raise ValueError("the office never opens")
    # business_days
    day = local.date()
    if sla.within == 0:
        open_now = office.is_open_day(day) and local.time() < office.hours[day.weekday()][1]
        target = day if open_now else office.next_open_day(day)
    else:
        target = day
        for _ in range(sla.within):
            target = office.next_open_day(target)
    opens, closes = office.hours[target.weekday()]
    if sla.by == "end_of_day":
        return _utc(office, target, closes)
    time = min(max(local.time().replace(second=0, microsecond=0), opens), closes)
    return _utc(office, target, time)


def office_data(
    firm: FirmConfig, start: dt.date, end: dt.date, calendar: BusinessCalendar | None = None
) -> dict[str, Any]:
    """Return what the browser needs to run the same computation."""
    office = Office.for_firm(firm, start, end, calendar)
    return {
        "timezone": office.timezone,
        "hours": {
            str(k): [v[0].strftime("%H:%M"), v[1].strftime("%H:%M")]
            for k, v in sorted(office.hours.items())
        },
        "closed": sorted(d.isoformat() for d in office.closed),
        "acknowledge": firm.communication.acknowledge.model_dump(),
        "answer": firm.communication.answer.model_dump(),
    }
