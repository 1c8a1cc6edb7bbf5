"""iCalendar feeds (RFC 5545) of due dates: all-day events, reminders, stable UIDs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from icalendar import Alarm, Calendar, Event, vDuration, vText

from handbook.calendar.duedates import Occurrence
from handbook.memo import Memo
from handbook.pages.site import Site

PRODID = "-//handbook//Client handbook due dates//EN"

Versions = Mapping[str, tuple[int, str]]
"""What a published feed said of each event: UID -> (SEQUENCE, its dates)."""


def versions(data: bytes) -> dict[str, tuple[int, str]]:
    """Read each event's SEQUENCE and dates from a feed a previous build published."""
    try:
        events = Calendar.from_ical(data).walk("VEVENT")
        return {
            str(e["uid"]): (
                int(e.get("sequence", 0)),
                _dates(e.decoded("dtstart"), e.decoded("dtend")),
            )
            for e in events
        }
    except (ValueError, KeyError, TypeError):  # not a feed we wrote: start counting afresh
        return {}


def published_versions(data: bytes, memo: Memo) -> dict[str, tuple[int, str]]:
    """Return `versions(data)`, kept in `memo` by the feed's digest.

    The site a build replaces holds the feed the last build wrote: parsing it again takes
    icalendar 3.4 s for 60 segments' 3,367 events, and a rebuild after an edit finds it
    unchanged, so it is parsed once.
    """
    digest = hashlib.sha256(data).hexdigest()
    text = memo.get(digest, lambda: json.dumps(versions(data)).encode("utf-8"))
    return {uid: (int(seq), str(dates)) for uid, (seq, dates) in json.loads(text).items()}


def _dates(start: object, end: object) -> str:
    return f"{start}/{end}"


def _bare_calendar() -> Calendar:
    """Return a calendar with only what RFC 5545 asks of every file."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    return cal


def _calendar(name: str, description: str) -> bytes:
    """Write a feed's calendar with no event yet: its name, description and refresh rate."""
    cal = _bare_calendar()
    cal.add("name", vText(name))  # icalendar does not know NAME (RFC 7986) as text
    cal.add("x-wr-calname", vText(name))
    cal.add("description", description)
    cal.add("x-wr-caldesc", vText(description))
    # Ask subscribed clients to refresh daily (RFC 7986, and Outlook's older property).
    cal.add("refresh-interval", vDuration(dt.timedelta(days=1)), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(dt.timedelta(days=1)))
    return bytes(cal.to_ical())


@dataclass(frozen=True)
class _Reminder:
    """An alarm: its text, and when it rings relative to the event's start."""

    description: str
    trigger: dt.timedelta


@dataclass(frozen=True)
class _Event:
    """Everything an event's iCalendar text is made of, and nothing else (the memo key)."""

    uid: str
    stamp: dt.datetime
    sequence: int
    start: dt.date
    end: dt.date
    summary: str
    description: str
    url: str
    category: str
    reminders: tuple[_Reminder, ...]

    def to_ical(self) -> bytes:
        """Write the VEVENT with icalendar (folded lines, CRLF ends, escaped text)."""
        event = Event()
        event.add("uid", self.uid)
        event.add("dtstamp", self.stamp)
        event.add("sequence", self.sequence)
        event.add("dtstart", self.start)
        event.add("dtend", self.end)
        event.add("summary", self.summary)
        event.add("description", self.description)
        event.add("url", self.url)
        event.add("transp", "TRANSPARENT")
        event.add("categories", [self.category])
        for reminder in self.reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", reminder.description)
            alarm.add("trigger", reminder.trigger)
            event.add_component(alarm)
        return bytes(event.to_ical())


def _event(
    occ: Occurrence, site: Site, host: str, page_url: str, stamp: dt.datetime, previous: Versions
) -> _Event:
    text, message, say = site.tr.text, site.tr.message, site.say
    deadline = occ.deadline
    lines = [text(deadline.what)]
    # A filing window is one event on its last day, the due date: an agenda lists it there,
    # not on the day filing opens, and its description says when that is.
    start, end = occ.due, occ.due + dt.timedelta(days=1)
    if occ.opens:
        lines.insert(0, message("calendar.window", dates=site.fmt.span(occ.opens, occ.due)))
    if deadline.how:
        lines.append(message("calendar.how", how=say.how_name(deadline.how)))
    if occ.moved:
        lines.append(say.explain(occ))
    lines.append(message("calendar.ics_more", url=page_url))
    lines.append(say.whose(occ))
    uid = occ.uid(host)
    # RFC 5545 §3.8.7.4: a change of date is a revision, so the SEQUENCE goes up by one and
    # subscribed calendars update the event they hold under the same UID.
    sequence, dates = previous.get(uid, (0, _dates(start, end)))
    reminder = message("calendar.reminder", name=text(deadline.name), date=say.date(occ.due))
    # All-day events start at midnight: remind at 09:00 `days` days before.
    reminders = tuple(
        _Reminder(reminder, dt.timedelta(days=-days, hours=9))
        for days in sorted(set(deadline.reminders))
    )
    return _Event(
        uid=uid,
        stamp=stamp,
        sequence=sequence + (dates != _dates(start, end)),
        start=start,
        end=end,
        summary=text(deadline.name),
        description="\n".join(lines),
        url=page_url,
        category=site.firm.firm.name,
        reminders=reminders,
    )


def single_event(
    occ: Occurrence, site: Site, host: str, page_url: str, previous: Versions, memo: Memo
) -> bytes:
    """Write one event's own file ("Add to my calendar"): the event, no calendar properties.

    A name or refresh interval would make some clients (Outlook) open each download as a
    calendar of its own rather than add the event to the reader's.
    """
    head = memo.get(("calendar", "single"), lambda: bytes(_bare_calendar().to_ical()))
    return _file(head, [occ], site, host, page_url, previous, memo)


def feed(
    name: str,
    description: str,
    occurrences: Iterable[Occurrence],
    site: Site,
    host: str,
    page_url: str,
    previous: Versions,
    memo: Memo,
    also: Iterable[bytes] = (),
) -> bytes:
    """Write an iCalendar feed of `occurrences`, then the VEVENTs `also` (CRLF, folded lines)."""
    head = memo.get(("calendar", name, description), lambda: _calendar(name, description))
    return _file(head, occurrences, site, host, page_url, previous, memo, also)


def _file(
    head: bytes,
    occurrences: Iterable[Occurrence],
    site: Site,
    host: str,
    page_url: str,
    previous: Versions,
    memo: Memo,
    also: Iterable[bytes] = (),
) -> bytes:
    """Insert the events into a calendar's lines, before END:VCALENDAR, as icalendar writes it.

    Each event is serialized once (`memo`, kept between builds): the feeds and each event's
    own file share it.
    """
    stamp = dt.datetime.combine(site.build_date, dt.time(), tzinfo=dt.UTC)
    end = b"END:VCALENDAR\r\n"
    events = [_event(occ, site, host, page_url, stamp, previous) for occ in occurrences]
    body = b"".join(memo.get(event, event.to_ical) for event in events) + b"".join(also)
    return head.removesuffix(end) + body + end
