"""The calendar event of each rules version: all-day on its effective date, in every feed.

A client learns of new rules from the calendar they already subscribed to: the event is there
as soon as the version is published, ahead of its date, with a reminder a week before.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from handbook import urls
from handbook.memo import Memo
from handbook.output.ics import Versions, _dates, _Event, _Reminder
from handbook.pages.site import FEED_HISTORY_MONTHS, Site

REMINDER_DAYS = 7
"""Days before a version takes effect that its event reminds, at 09:00."""


def rule_events(site: Site, previous: Versions, memo: Memo) -> list[bytes]:
    """Write the VEVENT of each rules version the feeds' window holds, the newest first.

    The UID is the version's label at the site's host, so a rebuild updates the event that
    subscribed calendars hold instead of adding another.
    """
    rules, message, say = site.firm.rules, site.tr.message, site.say
    stamp = dt.datetime.combine(site.build_date, dt.time(), tzinfo=dt.UTC)
    # As far back as the feeds' due dates go: an old version's event would only clutter.
    since = site.build_date.replace(day=1) - relativedelta(months=FEED_HISTORY_MONTHS)
    events = []
    for version in (v for v in rules.versions if v.effective >= since):
        start = version.effective
        end = start + dt.timedelta(days=1)
        date = say.date(start)
        url = site.links.page(urls.rules_version(version.version))
        lines = [
            message("rules.event_version", version=version.version, date=date),
            *say.what_changed(rules, version),
            message("rules.event_more", url=url),
        ]
        uid = f"rules-{version.version}@{site.links.host}"
        sequence, dates = previous.get(uid, (0, _dates(start, end)))
        reminder = _Reminder(
            message("rules.event_reminder", date=date),
            dt.timedelta(days=-REMINDER_DAYS, hours=9),
        )
        event = _Event(
            uid=uid,
            stamp=stamp,
            sequence=sequence + (dates != _dates(start, end)),
            start=start,
            end=end,
            summary=message("rules.event_summary"),
            description="\n".join(lines),
            url=url,
            category=site.firm.firm.name,
            reminders=(reminder,),
        )
        events.append(memo.get(event, event.to_ical))
    return events
