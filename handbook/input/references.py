"""Cross-field checks of firm.yaml, after every field is valid on its own.

Each check yields problems at the place of the offending value: slugs used twice, references
to slugs that do not exist, rules versions out of order, deadlines relative in a circle.
"""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers

from handbook.errors import Problem
from handbook.input import schema
from handbook.input.loader import PathKey, Positions
from handbook.model import FirmConfig
from handbook.model.engagement import RulesVersion
from handbook.urls import RESERVED_SLUGS


def check_references(firm: FirmConfig, positions: Positions) -> Iterator[Problem]:
    """Check what single fields cannot: unique slugs, references, versions and cycles."""
    slugs = Slugs(firm, positions)
    yield from slugs.duplicates()
    yield from _versions(firm, positions)
    yield from _onboarding(firm, slugs)
    yield from _offer(firm, slugs)
    yield from _segments(firm, slugs)
    yield from _deadlines(firm, slugs)
    yield from _relative_cycles(firm, positions)


class Slugs:
    """The slugs of every list of firm.yaml, and how to report a reference to a missing one."""

    def __init__(self, firm: FirmConfig, positions: Positions) -> None:
        self.positions = positions
        self.lists: dict[PathKey, list[str]] = {
            ("team",): [m.slug for m in firm.team],
            ("services",): [x.slug for x in firm.services],
            ("packages",): [x.slug for x in firm.packages],
            ("deadlines",): [x.slug for x in firm.deadlines],
            ("videos",): [x.slug for x in firm.videos],
            ("quiz",): [x.slug for x in firm.quiz],
            ("segments",): [x.slug for x in firm.segments],
            ("onboarding", "systems"): [x.slug for x in firm.onboarding.systems],
            ("onboarding", "calls"): [x.slug for x in firm.onboarding.calls],
            ("communication", "channels"): [x.slug for x in firm.communication.channels],
        }
        for base, version in _all_versions(firm):
            self.lists[(*base, "rules")] = [r.slug for r in version.rules]

    def of(self, *path: str) -> list[str]:
        """Return the slugs of the list at `path`, e.g. of("team")."""
        return self.lists[path]

    def duplicates(self) -> Iterator[Problem]:
        """Report slugs used twice in one list."""
        for path, slugs in self.lists.items():
            seen: dict[str, int] = {}
            for i, slug in enumerate(slugs):
                if slug in seen:
                    yield self.positions.problem(
                        (*path, i, "slug"),
                        f"slug {slug!r} is already used by item {seen[slug] + 1}",
                    )
                seen.setdefault(slug, i)

    def ref(
        self, path: PathKey, slug: str | None, known: list[str], what: str
    ) -> Iterator[Problem]:
        """Report `slug` at `path` unless it is one of `known`, suggesting the nearest."""
        if slug is not None and slug not in known:
            hint = schema.suggest(slug, known) or ("known: " + ", ".join(known) if known else "")
            yield self.positions.problem(
                path, f"no {what} {slug!r}" + (f"; {hint}" if hint else "")
            )


def _all_versions(firm: FirmConfig) -> list[tuple[PathKey, RulesVersion]]:
    """Return every rules version, the current first, each with its place in firm.yaml."""
    versions: list[tuple[PathKey, RulesVersion]] = [(("rules",), firm.rules)]
    versions += [(("rules", "earlier", i), v) for i, v in enumerate(firm.rules.earlier)]
    return versions


def _versions(firm: FirmConfig, positions: Positions) -> Iterator[Problem]:
    """Report version names that clash, and earlier versions not before the current one."""
    p = positions.problem
    versions = [(base, v.version) for base, v in _all_versions(firm)]
    for base, version in versions:
        if version.lower() == "index":
            yield p(
                (*base, "version"),
                "'index' is the page listing every version; use a number, e.g. 2026.1",
            )
    names = [version for _, version in versions]
    for i, version in enumerate(names[1:]):
        if version in names[: i + 1]:
            yield p(("rules", "earlier", i, "version"), f"version {version!r} is listed twice")
    for i, earlier in enumerate(firm.rules.earlier):
        if earlier.effective >= firm.rules.effective:
            yield p(
                ("rules", "earlier", i, "effective"),
                f"{earlier.effective} is not before the current version's {firm.rules.effective}",
            )


def _onboarding(firm: FirmConfig, slugs: Slugs) -> Iterator[Problem]:
    """Check the onboarding contact, the systems' videos and the rules' videos."""
    team, videos = slugs.of("team"), slugs.of("videos")
    yield from slugs.ref(("onboarding", "contact"), firm.onboarding.contact, team, "team member")
    for i, system in enumerate(firm.onboarding.systems):
        path: PathKey = ("onboarding", "systems", i, "how_to_video")
        yield from slugs.ref(path, system.how_to_video, videos, "video")
    for base, version in _all_versions(firm):
        for i, rule in enumerate(version.rules):
            yield from slugs.ref((*base, "rules", i, "video"), rule.video, videos, "video")
    channels = slugs.of("communication", "channels")
    for i, slug in enumerate(slugs.of("onboarding", "systems")):
        if slug in channels:
            yield slugs.positions.problem(
                ("onboarding", "systems", i, "slug"),
                f"{slug!r} is also a channel slug; deadlines' `how` could not tell them apart",
            )


def _offer(firm: FirmConfig, slugs: Slugs) -> Iterator[Problem]:
    """Check the services of each package and the packages each quiz answer weighs."""
    services, packages = slugs.of("services"), slugs.of("packages")
    for i, package in enumerate(firm.packages):
        for j, service in enumerate(package.services):
            yield from slugs.ref(("packages", i, "services", j), service, services, "service")
    for i, question in enumerate(firm.quiz):
        for j, answer in enumerate(question.answers):
            for slug in answer.weights:
                path: PathKey = ("quiz", i, "answers", j, "weights", slug)
                yield from slugs.ref(path, slug, packages, "package")


def _segments(firm: FirmConfig, slugs: Slugs) -> Iterator[Problem]:
    """Check each segment's slug, contact, lists and channels."""
    p = slugs.positions.problem
    allowed = [c.slug for c in firm.communication.channels if c.allowed]
    for i, segment in enumerate(firm.segments):
        at: PathKey = ("segments", i)
        if segment.slug in RESERVED_SLUGS:
            reserved = ", ".join(sorted(RESERVED_SLUGS))
            yield p((*at, "slug"), f"{segment.slug!r} is a site-wide page; avoid: {reserved}")
        if segment.slug in firm.locale.site_languages[1:]:
            yield p(
                (*at, "slug"),
                f"{segment.slug!r} is the folder of the site's {segment.slug!r} pages; "
                "choose another slug",
            )
        yield from slugs.ref((*at, "contact"), segment.contact, slugs.of("team"), "team member")
        for field, what in (
            ("packages", "package"),
            ("deadlines", "deadline"),
            ("videos", "video"),
            ("quiz", "question"),
        ):
            for j, slug in enumerate(getattr(segment, field)):
                yield from slugs.ref((*at, field, j), slug, slugs.of(field), what)
        for j, slug in enumerate(segment.communication.channels or []):
            path: PathKey = (*at, "communication", "channels", j)
            yield from slugs.ref(path, slug, allowed, "allowed channel")


def _deadlines(firm: FirmConfig, slugs: Slugs) -> Iterator[Problem]:
    """Check how each deadline is sent and what a relative one counts from."""
    ways = slugs.of("onboarding", "systems") + slugs.of("communication", "channels")
    for i, deadline in enumerate(firm.deadlines):
        yield from slugs.ref(("deadlines", i, "how"), deadline.how, ways, "system or channel")
        if deadline.when.kind == "relative":
            path: PathKey = ("deadlines", i, "when", "of")
            yield from slugs.ref(path, deadline.when.of, slugs.of("deadlines"), "deadline")


def _relative_cycles(firm: FirmConfig, positions: Positions) -> Iterator[Problem]:
    """Report deadlines that are relative to themselves, directly or through others."""
    parent = {d.slug: d.when.of for d in firm.deadlines if d.when.kind == "relative"}
    for i, deadline in enumerate(firm.deadlines):
        seen = {deadline.slug}
        current = parent.get(deadline.slug)
        while current is not None:
            if current in seen:
                yield positions.problem(
                    ("deadlines", i, "when", "of"),
                    "deadlines refer to each other in a circle; one must have a fixed date",
                )
                break
            seen.add(current)
            current = parent.get(current)


def check_phones(firm: FirmConfig, positions: Positions) -> Iterator[Problem]:
    """Check that each phone number is one (the site links it as tel:)."""
    country = firm.locale.country
    numbers: list[tuple[PathKey, str | None]] = [(("firm", "phone"), firm.firm.phone)]
    numbers += [(("team", i, "phone"), m.phone) for i, m in enumerate(firm.team)]
    for path, number in numbers:
        if number is None:
            continue
        try:
            possible = phonenumbers.is_possible_number(phonenumbers.parse(number, country))
        except phonenumbers.NumberParseException:
            possible = False
        if not possible:
            yield positions.problem(
                path,
                f"{number!r} is not a phone number in {country}; write it as dialled, "
                "e.g. +1 212 555 0142 (with the country code for another country)",
            )
