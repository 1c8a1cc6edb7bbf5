"""The feeds of a site: a calendar per segment, one for the firm, one file per event, and the
Atom feed of rule versions. The rules' events (rulesevents.py) go in every calendar."""

from __future__ import annotations

from handbook import urls
from handbook.calendar.duedates import Occurrence
from handbook.memo import Memo
from handbook.model.offer import Segment
from handbook.output import atom, ics
from handbook.pages.site import Site

Files = dict[str, bytes]
"""Staged files by their path in docs/."""


def firm_files(site: Site, previous: ics.Versions, memo: Memo, rules: list[bytes]) -> Files:
    """Return the firm's feed, the rules' Atom feed and the event files no segment has.

    Feeds hold the pages' dates and the year before them (`Site.feed_schedule`); `memo` holds
    serialized events: the firm's feed and each event's own file share them; `previous`: the
    last build's events; `rules`: what `rule_events` gives (every subscriber learns of rules).
    """
    firm = site.firm
    description = site.tr.message("calendar.feed_description", firm=firm.firm.name)
    page = site.links.page(urls.CALENDAR)
    occurrences = site.feed_schedule.occurrences
    files = {
        urls.FIRM_FEED: ics.feed(
            firm.firm.name,
            description,
            occurrences,
            site,
            site.links.host,
            page,
            previous,
            memo,
            rules,
        ),
        urls.RULES_FEED: atom.rules_feed(site),
    }
    named = {slug for segment in firm.segments for slug in segment.deadlines}
    alone = [occ for occ in site.schedule.occurrences if occ.deadline.slug not in named]
    return files | _event_files(site, alone, previous, memo)


def segment_files(
    site: Site, segment: Segment, previous: ics.Versions, memo: Memo, rules: list[bytes]
) -> Files:
    """Return a segment's feed and the event file of each of its dates on the pages."""
    text, message = site.tr.text, site.tr.message
    name = site.firm.firm.name
    feed = ics.feed(
        message("calendar.feed_name", firm=name, segment=text(segment.name)),
        message("calendar.feed_description", firm=name),
        site.feed_of(segment.deadlines),
        site,
        site.links.host,
        site.links.page(urls.segment(segment.slug, "calendar")),
        previous,
        memo,
        rules,
    )
    occurrences = site.schedule.for_deadlines(segment.deadlines)
    return {urls.segment_feed(segment.slug): feed} | _event_files(site, occurrences, previous, memo)


def _event_files(
    site: Site, occurrences: list[Occurrence], previous: ics.Versions, memo: Memo
) -> Files:
    """Return the event file of each occurrence, linked from its item on the pages."""
    page = site.links.page(urls.CALENDAR)
    return {
        urls.event_file(occ.deadline.slug, occ.nominal.isoformat()): ics.single_event(
            occ, site, site.links.host, page, previous, memo
        )
        for occ in occurrences
    }
