"""What a build computes once from the model and every page template reads."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from babel import Locale as BabelLocale
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone_location,
    get_timezone_name,
)
from babel.numbers import format_currency
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from handbook import urls
from handbook.duedates import Occurrence, Schedule, schedule
from handbook.i18n import Translator
from handbook.model import (
    WEEKDAYS,
    Channel,
    Deadline,
    FirmConfig,
    Package,
    QuizQuestion,
    Segment,
    Service,
    Sla,
    TeamMember,
    Video,
)
from handbook.replyby import office_data
from handbook.urls import url_path
from handbook.videos import VideoSource
from handbook.videos import parse as parse_video

TEAM_ASSETS = "assets/team"

_CHANNEL_ORDER = {
    # A personal relationship leads with people and conversations; an automated one with
    # the portal, email and self-service.
    "personal": ("phone", "video_call", "meeting", "portal", "email", "chat", "mail", "other"),
    "automated": ("portal", "email", "chat", "video_call", "phone", "meeting", "mail", "other"),
}


@dataclass(frozen=True)
class QuizOption:
    """One answer of the needs assessment, ready for the page."""

    text: str
    weights: dict[str, int]


@dataclass(frozen=True)
class Recommendation:
    """The package an answer set points to, and the answers that weighed most for it."""

    package: str
    because: list[str]


@dataclass
class Site:
    """The firm, its lookups by slug, the build date and the language being rendered."""

    firm: FirmConfig
    build_date: dt.date
    language: str
    site_url: str | None = None
    tr: Translator = field(init=False)
    team: dict[str, TeamMember] = field(init=False)
    services: dict[str, Service] = field(init=False)
    packages: dict[str, Package] = field(init=False)
    deadlines: dict[str, Deadline] = field(init=False)
    videos: dict[str, Video] = field(init=False)

    schedule: Schedule = field(init=False)

    def __post_init__(self) -> None:
        self.schedule = schedule(self.firm, self.build_date, self.language)
        self.tr = Translator(self.language, fallback=self.firm.locale.language)
        self.team = {m.slug: m for m in self.firm.team}
        self.services = {s.slug: s for s in self.firm.services}
        self.packages = {p.slug: p for p in self.firm.packages}
        self.deadlines = {d.slug: d for d in self.firm.deadlines}
        self.videos = {v.slug: v for v in self.firm.videos}

    def video_source(self, video: Video) -> VideoSource:
        """Return the parsed, privacy-mode source of a video (links were checked on load)."""
        return parse_video(video.url)

    def videos_by_topic(self, slugs: list[str]) -> list[tuple[str, list[Video]]]:
        """Group a segment's videos under their topics, in firm.yaml order."""
        groups: dict[str, list[Video]] = {}
        for slug in slugs:
            video = self.videos[slug]
            topic = self.tr.t(video.topic) if video.topic else self.tr.message("faq.other")
            groups.setdefault(topic, []).append(video)
        return list(groups.items())

    def photo(self, member: TeamMember) -> str | None:
        """Return the staged path of a team member's photo, if any."""
        if member.photo is None:
            return None
        return f"{TEAM_ASSETS}/{member.slug}{PurePosixPath(member.photo).suffix.lower()}"

    def timezone_name(self) -> str:
        """Name the office time zone for readers, e.g. "Eastern Time (New York)"."""
        zone = self.firm.locale.timezone
        if zone == "UTC":
            return "UTC"
        generic = get_timezone_name(
            zone, width="long", zone_variant="generic", locale=self.language
        )
        city = get_timezone_location(zone, locale=self.language, return_city=True)
        return f"{generic} ({city})"

    def hours(self) -> list[tuple[str, str]]:
        """List opening hours by weekday in the language: ("Monday", "09:00–17:00")."""
        names = BabelLocale.parse(self.language).days["format"]["wide"]
        rows = []
        for index, day in enumerate(WEEKDAYS):
            opening = self.firm.communication.business_hours.get(day)
            span = (
                f"{format_time(opening.open, 'HH:mm', locale=self.language)}–"
                f"{format_time(opening.close, 'HH:mm', locale=self.language)}"
                if opening
                else self.tr.message("communication.closed")
            )
            rows.append((names[index].capitalize(), span))
        return rows

    def upcoming_closures(self) -> list[tuple[str, str]]:
        """List closures that have not ended by the build date: (name, dates)."""
        rows = []
        for closure in sorted(self.firm.communication.closures, key=lambda c: c.start):
            end = closure.end or closure.start
            if end < self.build_date:
                continue
            if end == closure.start:
                when = self.date(closure.start)
            else:
                when = format_interval(closure.start, end, "yMMMd", locale=self.language)
            rows.append((self.tr.t(closure.name), when))
        return rows

    def channels_for(self, segment: Segment) -> list[Channel]:
        """Order the allowed channels by what the segment's relationship leads with."""
        order = _CHANNEL_ORDER[segment.relationship]
        allowed = [c for c in self.firm.communication.channels if c.allowed]
        return sorted(allowed, key=lambda c: order.index(c.kind) if c.kind in order else 99)

    def refused_channels(self) -> list[Channel]:
        """List the channels clients may not use."""
        return [c for c in self.firm.communication.channels if not c.allowed]

    def segment_packages(self, segment: Segment | None) -> list[Package]:
        """Return a segment's packages, or all of them."""
        if segment is None:
            return list(self.firm.packages)
        return [self.packages[slug] for slug in segment.packages]

    def matrix_services(self, packages: list[Package]) -> list[Service]:
        """Return the services any of `packages` includes, in firm.yaml order."""
        used = {slug for package in packages for slug in package.services}
        return [s for s in self.firm.services if s.slug in used]

    def quiz_for(self, segment: Segment | None) -> list[QuizQuestion]:
        """Return the needs-assessment questions for a segment (all when it names none)."""
        if segment is None or not segment.quiz:
            return list(self.firm.quiz)
        return [q for q in self.firm.quiz if q.slug in segment.quiz]

    def recommend(
        self, questions: list[QuizQuestion], packages: list[Package], choices: list[int | None]
    ) -> Recommendation | None:
        """Recommend a package for one answer per question (None: unanswered).

        The same rule as assets/handbook.js: sum the weights, highest wins, ties go to
        the package listed first; "because" lists the chosen answers that added most.
        """
        slugs = [p.slug for p in packages]
        scores = dict.fromkeys(slugs, 0)
        picked = []
        for question, choice in zip(questions, choices, strict=True):
            if choice is None:
                continue
            answer = question.answers[choice]
            picked.append(answer)
            for slug, weight in answer.weights.items():
                if slug in scores:
                    scores[slug] += weight
        if not picked:
            return None
        best = max(slugs, key=lambda slug: (scores[slug], -slugs.index(slug)))
        helpful = sorted(
            (a for a in picked if a.weights.get(best, 0) > 0),
            key=lambda a: -a.weights.get(best, 0),
        )
        return Recommendation(best, [self.tr.t(a.text) for a in helpful[:2]])

    def absolute(self, path: str) -> str | None:
        """Return the absolute URL of a site file, or None without a site_url."""
        return urls.site_file(self.site_url, path) if self.site_url else None

    @property
    def host(self) -> str:
        """Return the site's host name, for calendar UIDs (stable while site_url is)."""
        if self.site_url:
            return urlsplit(self.site_url).netloc or "handbook"
        return "handbook.invalid"

    def explain(self, occ: Occurrence) -> str:
        """Say why a date moved: "Apr 15, 2028 is a Saturday and Apr 17 is ...: due Tue, Apr 18"."""
        reasons = []
        for i, skipped in enumerate(occ.skipped):
            day = format_skeleton("yMMMd" if i == 0 else "MMMd", skipped.day, locale=self.language)
            if i == 0 or (skipped.name and skipped.day.weekday() < 5):
                if skipped.name:
                    reasons.append(
                        self.tr.message("calendar.is_holiday", date=day, name=skipped.name)
                    )
                else:
                    weekday = format_date(skipped.day, "EEEE", locale=self.language)
                    reasons.append(
                        self.tr.message("calendar.is_weekend", date=day, weekday=weekday)
                    )
        due = format_skeleton("MMMEd", occ.due, locale=self.language)
        joined = self.tr.message("calendar.and").join(reasons)
        return self.tr.message("calendar.moved", reasons=joined, due=due)

    @functools.cached_property
    def office_json(self) -> Markup:
        """Return the reply-by data as JSON safe in a <script>, computed once per build."""
        start = self.build_date - relativedelta(months=1)
        end = self.schedule.end + relativedelta(months=2)
        data = json.dumps(
            office_data(self.firm, start, end, self.schedule.calendar), sort_keys=True
        )
        return Markup(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    def day(self, value: dt.date) -> str:
        """Format a due date with its weekday, e.g. "Tue, Nov 10"."""
        return format_skeleton("MMMEd", value, locale=self.language)

    def by_month(self, occurrences: list[Occurrence]) -> list[tuple[str, list[Occurrence]]]:
        """Group occurrences under month headings, e.g. "November 2026"."""
        groups: dict[tuple[int, int], list[Occurrence]] = {}
        for occ in occurrences:
            groups.setdefault((occ.due.year, occ.due.month), []).append(occ)
        return [
            (format_skeleton("yMMMM", dt.date(y, m, 1), locale=self.language), items)
            for (y, m), items in groups.items()
        ]

    def cite_url(self, md_path: str) -> str:
        """Return the absolute URL of a page (site-rooted without a site_url)."""
        return self.absolute(url_path(md_path)) or "/" + url_path(md_path)

    def how_name(self, slug: str) -> str:
        """Name the system or channel a deadline is sent through."""
        names = {s.slug: s.name for s in self.firm.onboarding.systems}
        names.update({c.slug: c.name for c in self.firm.communication.channels})
        return self.tr.t(names[slug]) if slug in names else slug

    def contact_of(self, segment: Segment) -> TeamMember:
        """Return the segment's contact, or the onboarding contact."""
        return self.team[segment.contact or self.firm.onboarding.contact]

    def plural(self, key: str, n: int) -> str:
        """Pick the plural form of a catalog message for `n` by the language's rules."""
        form = BabelLocale.parse(self.language).plural_form(n)
        for candidate in (f"{key}.{form}", f"{key}.other"):
            try:
                return self.tr.message(candidate, n=n)
            except KeyError:
                continue
        return self.tr.message(key, n=n)

    def sla(self, sla: Sla) -> str:
        """Say a response-time promise as a phrase: "by the end of the next business day"."""
        if sla.unit == "business_days" and sla.by == "end_of_day" and sla.within <= 1:
            return self.tr.message(f"sla.business_days_end_of_day.{sla.within}")
        return self.plural(f"sla.{sla.unit}", sla.within)

    def date(self, value: dt.date, style: str = "long") -> str:
        """Format a date for the language, e.g. "September 1, 2026"."""
        return format_date(value, format=style, locale=self.language)

    def price(self, package: Package) -> str:
        """Format a package price with its currency and period, e.g. "$450 per month"."""
        currency = package.price.currency or self.firm.locale.currency
        amount = package.price.amount
        pattern = BabelLocale.parse(self.language).currency_formats["standard"].pattern
        if float(amount).is_integer():
            # Whole prices read better without ".00": "$450", "450 €".
            pattern = pattern.replace(".00", "")
        number = format_currency(
            amount, currency, format=pattern, locale=self.language, currency_digits=False
        )
        text = self.tr.message(f"price.{package.price.period}", amount=number)
        if package.price.starting_from:
            text = self.tr.message("price.from", price=text)
        return text
