"""What a build computes once per language from the model and every page template reads."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta

from handbook.calendar.duedates import Occurrence, Schedule, schedule
from handbook.calendar.replyby import office_data
from handbook.i18n import contacts
from handbook.i18n.formats import Formats
from handbook.i18n.translator import Translator
from handbook.model import FirmConfig
from handbook.model.communication import Channel
from handbook.model.deadlines import Deadline
from handbook.model.offer import Package, Segment, Service, TeamMember
from handbook.model.video_links import PRIVACY_POLICIES, VideoSource
from handbook.model.video_links import parse as parse_video
from handbook.model.videos import Video
from handbook.pages.phrases import Phrases
from handbook.pages.siteurls import SiteUrls
from handbook.pages.views import Offer, SegmentView

FEED_HISTORY_MONTHS = 12
"""Months of past dates a feed keeps, so a monthly rebuild never empties a subscriber's past."""
INDEX_ABOVE = 6
"""Segments above which the site-wide calendar, packages and quiz are indexes of segments.

Up to six, each of these pages holds every segment's dates or packages, so it weighs at
most six segments' pages (the demo's four stay as they are, and their compare matrix still
reads on a phone); above it, each page is a card per segment that leads to its own page,
one short line each, so that 200 segments stay well under 300 kB of HTML.
"""


@dataclass(frozen=True)
class Month:
    """The deadlines of one month on a calendar page."""

    anchor: str
    heading: str
    short: str
    entries: list[tuple[Occurrence, str]]
    """Each occurrence with its mark on the build date: "past", "next" or ""."""

    @property
    def over(self) -> bool:
        """Tell whether every date of the month had passed on the build date (it is folded)."""
        return all(mark == "past" for _, mark in self.entries)


@dataclass
class Site:
    """One language tree: the firm, build date, translator, formats, schedule and lookups."""

    firm: FirmConfig
    build_date: dt.date
    language: str
    site_url: str | None = None
    messages: Mapping[str, bytes] = field(default_factory=dict)
    """The firm's own wording of handbook's messages, compiled (input/messages.py)."""
    tr: Translator = field(init=False)
    fmt: Formats = field(init=False)
    schedule: Schedule = field(init=False)
    links: SiteUrls = field(init=False)
    say: Phrases = field(init=False)
    team: dict[str, TeamMember] = field(init=False)
    services: dict[str, Service] = field(init=False)
    packages: dict[str, Package] = field(init=False)
    deadlines: dict[str, Deadline] = field(init=False)
    videos: dict[str, Video] = field(init=False)
    _views: dict[str, SegmentView] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.schedule = schedule(self.firm, self.build_date, self.language)
        self.tr = Translator(self.language, self.messages)
        self.fmt = Formats(self.language, self.firm.locale.country)
        self.links = SiteUrls(self.site_url, self.language, self.firm.locale.default)
        self.say = Phrases(tr=self.tr, fmt=self.fmt, firm=self.firm, build_date=self.build_date)
        self.team = {m.slug: m for m in self.firm.team}
        self.services = {s.slug: s for s in self.firm.services}
        self.packages = {p.slug: p for p in self.firm.packages}
        self.deadlines = {d.slug: d for d in self.firm.deadlines}
        self.videos = {v.slug: v for v in self.firm.videos}

    @property
    def root(self) -> str:
        """Return where this language's tree lives in the site: "" (the default) or "es/"."""
        return self.links.root

    def reach(self, address: str | None) -> contacts.Reach | None:
        """Return the link an address makes (tel:, mailto:, a URL), by `contacts.reach`'s rule."""
        return contacts.reach(address, self.firm.locale.country) if address else None

    def web_channel(self, *kinds: str) -> Channel | None:
        """Return the first allowed channel of these kinds whose address is a web link.

        The home page's portal button is a "portal" channel's; its "book a call" button, a
        "video_call" or "meeting" channel's whose address is a URL (a booking page).
        """
        for channel in self.firm.communication.channels:
            found = self.reach(channel.address) if channel.allowed else None
            if channel.kind in kinds and found and found.kind == "url":
                return channel
        return None

    def phone_spans(self, text: str) -> list[tuple[str, contacts.Phone | None]]:
        """Split a text at the phone numbers it cites, each in this site's one format."""
        return contacts.phone_spans(text, self.firm.locale.country)

    def view(self, segment: Segment) -> SegmentView:
        """Return what a segment's pages show, resolved on first use."""
        if segment.slug not in self._views:
            self._views[segment.slug] = SegmentView.of(self, segment)
        return self._views[segment.slug]

    @property
    def indexed(self) -> bool:
        """Tell whether the site-wide pages are indexes that lead to each segment's page."""
        return len(self.firm.segments) > INDEX_ABOVE

    def next_due(self, segment: Segment) -> Occurrence | None:
        """Return a segment's first due date on or after the build date, if any."""
        coming = self.schedule.for_deadlines(segment.deadlines)
        return next((occ for occ in coming if occ.due >= self.build_date), None)

    @functools.cached_property
    def feed_schedule(self) -> Schedule:
        """Return the feeds' occurrences: the pages' and the FEED_HISTORY_MONTHS before them."""
        return schedule(self.firm, self.build_date, self.language, FEED_HISTORY_MONTHS)

    def feed_of(self, deadlines: list[str]) -> list[Occurrence]:
        """Return the feeds' occurrences of some deadlines: from `feed_schedule` if it was
        needed already, else computed for them alone (a rebuild after one segment's edit)."""
        if "feed_schedule" in self.__dict__:
            return self.feed_schedule.for_deadlines(deadlines)
        return schedule(
            self.firm, self.build_date, self.language, FEED_HISTORY_MONTHS, set(deadlines)
        ).occurrences

    @functools.cached_property
    def offer(self) -> Offer:
        """Return every package side by side, with the whole quiz."""
        return Offer.of(self, list(self.firm.packages), list(self.firm.quiz))

    @functools.cached_property
    def office(self) -> dict[str, Any]:
        """Return the reply-by calculator's office data, computed once per build."""
        start = self.build_date - relativedelta(months=1)
        end = self.schedule.end + relativedelta(months=2)
        return office_data(self.firm, start, end, self.schedule.calendar)

    def video_source(self, video: Video) -> VideoSource:
        """Return the parsed, privacy-mode source of a video (links were checked on load)."""
        return parse_video(self.tr.text(video.url))

    def video_providers(self) -> list[tuple[str, str]]:
        """List the video services the site plays from, (name, privacy policy URL)."""
        used = {self.video_source(v).provider for v in self.firm.videos}
        return [
            (self.tr.message(f"faq.provider_{name}"), url)
            for name, url in PRIVACY_POLICIES.items()
            if name in used
        ]

    def plays_own_videos(self) -> bool:
        """Tell whether some video plays from the site itself."""
        return any(self.video_source(v).provider == "file" for v in self.firm.videos)

    def by_month(self, occurrences: list[Occurrence]) -> list[Month]:
        """Group occurrences by month, each with its heading, anchor and build-date marks."""
        marks = calendar_marks([occ.due for occ in occurrences], self.build_date)
        groups: dict[tuple[int, int], list[tuple[Occurrence, str]]] = {}
        for occ, mark in zip(occurrences, marks, strict=True):
            groups.setdefault((occ.due.year, occ.due.month), []).append((occ, mark))
        return [
            Month(f"m-{y}-{m:02d}", self.fmt.month(y, m), self.fmt.short_month(y, m), items)
            for (y, m), items in groups.items()
        ]


def calendar_marks(dues: list[dt.date], today: dt.date) -> list[str]:
    """Mark dates as handbook-calendar.js does: past, the next three (and their day's others)."""
    # The page is marked at build time with the reader's rules, so the script, marking again
    # against the reader's own date, changes nothing on the build date: no layout shift.
    marks: list[str] = []
    upcoming, last_next = 0, None
    for due in dues:
        if due < today:
            marks.append("past")
        elif upcoming < 3 or due == last_next:
            upcoming, last_next = upcoming + 1, due
            marks.append("next")
        else:
            marks.append("")
    return marks
