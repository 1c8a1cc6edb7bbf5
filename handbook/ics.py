"""iCalendar feeds (RFC 5545) of due dates: all-day events, reminders, stable UIDs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Alarm, Calendar, Event, vDuration, vText

from handbook.duedates import Occurrence
from handbook.site import Site

PRODID = "-//handbook//Client handbook due dates//EN"


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


def _event(occ: Occurrence, site: Site, host: str, page_url: str, stamp: dt.datetime) -> Event:
    t = site.tr.t
    deadline = occ.deadline
    lines = [t(deadline.what)]
    if deadline.how:
        lines.append(t("calendar.how", how=site.how_name(deadline.how)))
    if occ.moved:
        lines.append(site.explain(occ))
    lines.append(t("calendar.ics_more", url=page_url))
    event = Event()
    event.add("uid", occ.uid(host))
    event.add("dtstamp", stamp)
    event.add("dtstart", occ.due)
    event.add("dtend", occ.due + dt.timedelta(days=1))
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
        # All-day events start at midnight: remind at 09:00 `days` days before.
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
) -> bytes:
    """Write an iCalendar feed of `occurrences` (CRLF line ends, folded lines)."""
    cal = _calendar(name, description)
    stamp = dt.datetime.combine(site.build_date, dt.time(), tzinfo=dt.UTC)
    for occ in occurrences:
        cal.add_component(_event(occ, site, host, page_url, stamp))
    return bytes(cal.to_ical())
