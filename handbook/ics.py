"""iCalendar feeds (RFC 5545) of due dates: all-day events, reminders, stable UIDs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from icalendar import Alarm, Calendar, Event, vDuration, vText

from handbook.duedates import Occurrence
from handbook.site import Site

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


def _dates(start: object, end: object) -> str:
    return f"{start}/{end}"


def _calendar(name: str, description: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", vText(name))  # icalendar does not know NAME (RFC 7986) as text
    cal.add("x-wr-calname", vText(name))
    cal.add("description", description)
    cal.add("x-wr-caldesc", vText(description))
    # Ask subscribed clients to refresh daily (RFC 7986, and Outlook's older property).
    cal.add("refresh-interval", vDuration(dt.timedelta(days=1)), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(dt.timedelta(days=1)))
    return cal


def _event(
    occ: Occurrence, site: Site, host: str, page_url: str, stamp: dt.datetime, previous: Versions
) -> Event:
    t = site.tr.t
    deadline = occ.deadline
    lines = [t(deadline.what)]
    start, end = occ.opens or occ.due, occ.due + dt.timedelta(days=1)
    if occ.opens:
        lines.insert(0, t("calendar.window", dates=site.fmt.day_span(occ.opens, occ.due)))
    if deadline.how:
        lines.append(t("calendar.how", how=site.how_name(deadline.how)))
    if occ.moved:
        lines.append(site.explain(occ))
    lines.append(t("calendar.ics_more", url=page_url))
    lines.append(site.whose(occ))
    event = Event()
    uid = occ.uid(host)
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    # RFC 5545 §3.8.7.4: a change of date is a revision, so the SEQUENCE goes up by one and
    # subscribed calendars update the event they hold under the same UID.
    sequence, dates = previous.get(uid, (0, _dates(start, end)))
    event.add("sequence", sequence + (dates != _dates(start, end)))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", t(deadline.name))
    event.add("description", "\n".join(lines))
    event.add("url", page_url)
    event.add("transp", "TRANSPARENT")
    event.add("categories", [site.firm.firm.name])
    for days in sorted(set(deadline.reminders)):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add(
            "description", t("calendar.reminder", name=t(deadline.name), date=site.date(occ.due))
        )
        # All-day events start at midnight: remind at 09:00 `days` days before. A window
        # starts earlier, so its reminders count back from its end, the midnight after it.
        if occ.opens:
            trigger = dt.timedelta(days=-days - 1, hours=9)
            alarm.add("trigger", trigger, parameters={"RELATED": "END"})
        else:
            alarm.add("trigger", dt.timedelta(days=-days, hours=9))
        event.add_component(alarm)
    return event


def feed(
    name: str,
    description: str,
    occurrences: Iterable[Occurrence],
    site: Site,
    host: str,
    page_url: str,
    previous: Versions,
) -> bytes:
    """Write an iCalendar feed of `occurrences` (CRLF line ends, folded lines)."""
    cal = _calendar(name, description)
    stamp = dt.datetime.combine(site.build_date, dt.time(), tzinfo=dt.UTC)
    for occ in occurrences:
        cal.add_component(_event(occ, site, host, page_url, stamp, previous))
    return bytes(cal.to_ical())
