"""What a build computes once from the model and every page template reads."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from dateutil.relativedelta import relativedelta

from handbook import urls
from handbook.calendar.duedates import FIRM, Occurrence, Schedule, region_name, schedule
from handbook.calendar.replyby import office_data
from handbook.i18n.formats import Formats
from handbook.i18n.translator import Translator
from handbook.model import FirmConfig
from handbook.model.communication import WEEKDAYS, Channel, Sla
from handbook.model.deadlines import Deadline
from handbook.model.firm import Address
from handbook.model.offer import Package, QuizQuestion, Segment, Service, TeamMember
from handbook.model.video_links import PRIVACY_POLICIES, VideoSource
from handbook.model.video_links import parse as parse_video
from handbook.model.videos import Video
from handbook.urls import url_path

TEAM_ASSETS = "assets/team"

_CHANNEL_ORDER = {
    # A personal relationship leads with people and conversations; an automated one with
    # the portal, email and self-service.
    "personal": ("phone", "video_call", "meeting", "portal", "email", "chat", "mail", "other"),
    "automated": ("portal", "email", "chat", "video_call", "phone", "meeting", "mail", "other"),
}


@dataclass(frozen=True)
class Recommendation:
    """The package an answer set points to, and the answers that weighed most for it."""

    package: str
    because: list[str]


@dataclass(frozen=True)
class Month:
    """The deadlines of one month on a calendar page."""

    anchor: str
    heading: str
    short: str
    occurrences: list[Occurrence]


@dataclass
class Site:
    """The firm, its lookups by slug, the build date and the language being rendered."""

    firm: FirmConfig
    build_date: dt.date
    language: str
    site_url: str | None = None
    tr: Translator = field(init=False)
    fmt: Formats = field(init=False)
    team: dict[str, TeamMember] = field(init=False)
    services: dict[str, Service] = field(init=False)
    packages: dict[str, Package] = field(init=False)
    deadlines: dict[str, Deadline] = field(init=False)
    videos: dict[str, Video] = field(init=False)

    schedule: Schedule = field(init=False)

    def __post_init__(self) -> None:
        self.schedule = schedule(self.firm, self.build_date, self.language)
        self.tr = Translator(self.language)
        self.fmt = Formats(self.language, self.firm.locale.country)
        self.team = {m.slug: m for m in self.firm.team}
        self.services = {s.slug: s for s in self.firm.services}
        self.packages = {p.slug: p for p in self.firm.packages}
        self.deadlines = {d.slug: d for d in self.firm.deadlines}
        self.videos = {v.slug: v for v in self.firm.videos}

    def video_source(self, video: Video) -> VideoSource:
        """Return the parsed, privacy-mode source of a video (links were checked on load)."""
        return parse_video(self.tr.t(video.url))

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

    @property
    def root(self) -> str:
        """Return where this language's tree lives in the site: "" (the default) or "es/"."""
        return urls.language_root(self.language, self.firm.locale.default)

    def timezone_name(self) -> str:
        """Name the office time zone for readers, e.g. "Eastern Time (New York)"."""
        return self.fmt.timezone(self.firm.locale.timezone)

    def hours(self) -> list[tuple[str, str]]:
        """List opening hours by weekday in the language: ("Monday", "9:00 AM – 5:00 PM")."""
        rows = []
        for name, day in zip(self.fmt.weekday_names(), WEEKDAYS, strict=True):
            opening = self.firm.communication.business_hours.get(day)
            span = (
                self.fmt.hours(opening.open, opening.close)
                if opening
                else self.tr.message("communication.closed")
            )
            rows.append((name, span))
        return rows

    def upcoming_closures(self) -> list[tuple[str, str]]:
        """List closures that have not ended by the build date: (name, dates)."""
        rows = []
        for closure in self.firm.communication.closures:
            span = closure.next_span(self.build_date)
            if span:
                rows.append((span, self.tr.t(closure.name), self.fmt.span(*span)))
        return [(name, dates) for _, name, dates in sorted(rows, key=lambda row: row[0])]

    def address_lines(self, address: Address | None = None) -> list[str]:
        """Return a postal address (default: the firm's) in its country's order."""
        a = address or self.firm.firm.address
        return self.fmt.address(a.street, a.city, a.postal_code, a.region) if a else []

    def legal_rows(self) -> list[tuple[str, str]]:
        """List the legal notice's rows, (label, text): name, form, numbers, office, registry."""
        info, legal, m = self.firm.firm, self.firm.firm.legal, self.tr.message
        office = self.address_lines(legal.registered_office)
        contact = [info.email] + ([self.fmt.phone(info.phone).display] if info.phone else [])
        rows = [
            (m("legal.name"), info.legal_name or info.name),
            (m("legal.form"), self.tr.t(legal.form)),
            *[(m(f"legal.id_{kind}"), number) for kind, number in legal.ids.items()],
            (m("legal.office"), ", ".join(office)),
            (m("legal.registry"), self.tr.t(legal.registry)),
            (m("legal.professional_body"), self.tr.t(legal.professional_body)),
            (m("legal.contact"), " · ".join(contact)),
        ]
        if legal.share_capital:
            capital = self.fmt.money(legal.share_capital, self.firm.locale.currency)
            rows.insert(-1, (m("legal.share_capital"), capital))
        return [(label, text) for label, text in rows if text]

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

    def languages_of(self, member: TeamMember) -> str:
        """List the languages a team member speaks, named in this language."""
        return self.fmt.join([self.fmt.language_name(code) for code in member.languages])

    def channels_for(self, segment: Segment) -> list[Channel]:
        """List a segment's channels: its own list, or by what its relationship leads with."""
        allowed = [c for c in self.firm.communication.channels if c.allowed]
        if segment.communication.channels is not None:
            by_slug = {c.slug: c for c in allowed}
            return [by_slug[slug] for slug in segment.communication.channels]
        order = _CHANNEL_ORDER[segment.relationship]
        return sorted(allowed, key=lambda c: order.index(c.kind) if c.kind in order else 99)

    def promises(self, segment: Segment) -> tuple[Sla, Sla]:
        """Return a segment's response-time promises: (acknowledge, answer)."""
        own, firm = segment.communication, self.firm.communication
        return own.acknowledge or firm.acknowledge, own.answer or firm.answer

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
        """Return the absolute URL of a file of this language's tree, or None without a site_url."""
        return urls.site_file(self.site_url, self.root + path) if self.site_url else None

    @property
    def host(self) -> str:
        """Return the site's host name, for calendar UIDs (stable while site_url is)."""
        if self.site_url:
            return urlsplit(self.site_url).netloc or "handbook"
        return "handbook.invalid"

    def explain(self, occ: Occurrence) -> str:
        """Say why a date moved: "Apr 15, 2028 is a Saturday and Apr 17 is ..., so it is due …"."""
        reasons = []
        for i, skipped in enumerate(occ.skipped):
            day = self.fmt.short_date(skipped.day, year=i == 0)
            if i == 0 or (skipped.name is not None and skipped.day.weekday() < 5):
                if skipped.name:
                    reasons.append(
                        self.tr.message("calendar.is_holiday", date=day, name=skipped.name)
                    )
                elif skipped.name == "" and skipped.day.weekday() < 5:
                    reasons.append(self.tr.message("calendar.is_public_holiday", date=day))
                else:
                    weekday = self.fmt.weekday(skipped.day)
                    reasons.append(
                        self.tr.message("calendar.is_weekend", date=day, weekday=weekday)
                    )
        due = self.fmt.day(occ.due)
        return self.tr.message("calendar.moved", reasons=self.fmt.join(reasons), due=due)

    def whose(self, occ: Occurrence) -> str:
        """Say whose date it is: "Our own date", "Date set by law: United States (federal)"."""
        if occ.whose == FIRM:
            return self.tr.message("calendar.our_date")
        country, _, region = occ.whose.partition("-")
        place = self.fmt.country_name(country)
        if region:
            place = self.tr.message(
                "calendar.region", region=region_name(country, region), country=place
            )
        elif country == "US":
            place = self.tr.message("calendar.federal", country=place)
        return self.tr.message("calendar.law_date", place=place)

    @functools.cached_property
    def _office(self) -> dict[str, Any]:
        """Return the reply-by calculator's office data, computed once per build."""
        start = self.build_date - relativedelta(months=1)
        end = self.schedule.end + relativedelta(months=2)
        return office_data(self.firm, start, end, self.schedule.calendar)

    def office_json(self, segment: Segment) -> dict[str, Any]:
        """Return a segment's reply-by data, for `|tojson` into its <script> (sorted keys)."""
        acknowledge, answer = self.promises(segment)
        return {
            **self._office,
            "acknowledge": acknowledge.model_dump(),
            "answer": answer.model_dump(),
        }

    def by_month(self, occurrences: list[Occurrence]) -> list[Month]:
        """Group occurrences by month, each with its heading ("November 2026") and anchor."""
        groups: dict[tuple[int, int], list[Occurrence]] = {}
        for occ in occurrences:
            groups.setdefault((occ.due.year, occ.due.month), []).append(occ)
        return [
            Month(f"m-{y}-{m:02d}", self.fmt.month(y, m), self.fmt.short_month(y, m), items)
            for (y, m), items in groups.items()
        ]

    def cite_url(self, md_path: str) -> str:
        """Return the absolute URL of a page (site-rooted without a site_url)."""
        return self.absolute(url_path(md_path)) or "/" + self.root + url_path(md_path)

    def how_name(self, slug: str) -> str:
        """Name the system or channel a deadline is sent through."""
        names = {s.slug: s.name for s in self.firm.onboarding.systems}
        names.update({c.slug: c.name for c in self.firm.communication.channels})
        return self.tr.t(names[slug]) if slug in names else slug

    def contact_of(self, segment: Segment) -> TeamMember:
        """Return the segment's contact, or the onboarding contact."""
        return self.team[segment.contact or self.firm.onboarding.contact]

    def sla(self, sla: Sla) -> str:
        """Say a response-time promise as a phrase: "by the end of the next business day"."""
        if sla.unit == "business_days" and sla.by == "end_of_day" and sla.within <= 1:
            return self.tr.message(f"sla.business_days_end_of_day.{sla.within}")
        return self.tr.plural(f"sla.{sla.unit}", sla.within)

    def date(self, value: dt.date) -> str:
        """Format a date in full for the language, e.g. "September 1, 2026"."""
        return self.fmt.date(value)

    def day(self, value: dt.date) -> str:
        """Format a due date with its weekday, e.g. "Tue, Nov 10"."""
        return self.fmt.day(value)

    def price(self, package: Package) -> str:
        """Format a package price with its currency and period, e.g. "$450 per month"."""
        currency = package.price.currency or self.firm.locale.currency
        number = self.fmt.money(package.price.amount, currency)
        text = self.tr.message(f"price.{package.price.period}", amount=number)
        if package.price.starting_from:
            text = self.tr.message("price.from", price=text)
        vat, rate = package.price.vat, package.price.vat_rate
        if vat == "exempt":
            return self.tr.message("price.vat_exempt", price=text)
        if vat and rate:
            return self.tr.message(f"price.vat_{vat}", price=text, rate=self.fmt.percent(rate))
        if vat:
            return self.tr.message(f"price.vat_{vat}_no_rate", price=text)
        return text

    def notices(self) -> list[str]:
        """Say the notice periods: one sentence for both sides, or one for each."""
        client, firm = self.firm.offboarding.notice
        if client == firm:
            return [self.tr.plural("offboarding.notice", client)]
        return [
            self.tr.plural("offboarding.client_notice", client),
            self.tr.plural("offboarding.firm_notice", firm),
        ]
