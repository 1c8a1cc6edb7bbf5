"""The feeds of a site: a calendar per segment, one for the firm, one file per event, and the
Atom feed of rule versions."""

from __future__ import annotations

from handbook import urls
from handbook.memo import Memo
from handbook.output import atom, ics
from handbook.output.rulesevents import rule_events
from handbook.pages.site import Site


def calendar_files(site: Site, previous: ics.Versions, memo: Memo) -> dict[str, bytes]:
    """Write every .ics file of the site, by staged path; `previous`: the last build's events.

    Feeds hold the pages' dates and the year before them (`Site.feed_schedule`); `memo` holds
    serialized events: the firm's feed and each event's own file share them.
    """
    firm = site.firm
    text, message, host = site.tr.text, site.tr.message, site.links.host
    name = firm.firm.name
    description = message("calendar.feed_description", firm=name)
    page = site.links.page(urls.CALENDAR)
    rules = rule_events(site, previous, memo)  # every subscriber learns of new rules
    files = {
        urls.FIRM_FEED: ics.feed(
            name,
            description,
            site.feed_schedule.occurrences,
            site,
            host,
            page,
            previous,
            memo,
            rules,
        ),
        urls.RULES_FEED: atom.rules_feed(site),
    }
    for segment in firm.segments:
        files[urls.segment_feed(segment.slug)] = ics.feed(
            message("calendar.feed_name", firm=name, segment=text(segment.name)),
            description,
            site.feed_schedule.for_deadlines(segment.deadlines),
            site,
            host,
            site.links.page(urls.segment(segment.slug, "calendar")),
            previous,
            memo,
            rules,
        )
    for occ in site.schedule.occurrences:  # the pages' dates, each linked from its item
        path = urls.event_file(occ.deadline.slug, occ.nominal.isoformat())
        files[path] = ics.single_event(occ, site, host, page, previous, memo)
    return files
