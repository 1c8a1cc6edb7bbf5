"""Load firm.yaml into the typed model and report every problem with its line and column."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import phonenumbers
from pydantic import ValidationError

from handbook import schema
from handbook.errors import InputError, Problem
from handbook.loader import PathKey, Positions, load_yaml
from handbook.model import FirmConfig
from handbook.model.engagement import RulesVersion
from handbook.projectfiles import check_files
from handbook.translations import check_languages
from handbook.urls import RESERVED_SLUGS


def load_firm(path: Path) -> tuple[FirmConfig, Positions]:
    """Load and validate firm.yaml; raise InputError listing every problem."""
    data, positions, problems = load_yaml(path)
    if not isinstance(data, dict):
        raise InputError([positions.problem((), "firm.yaml must be a mapping of sections")])
    try:
        firm = FirmConfig.model_validate(data)
    except ValidationError as e:
        # A value the reader already refused (too long, control characters) is reported once.
        refused = {p.field for p in problems}
        more = [p for p in schema.problems(e, data, positions) if p.field not in refused]
        raise InputError(problems + more) from None
    problems += check_references(firm, positions)
    problems += check_phones(firm, positions)
    problems += check_languages(firm, positions)
    problems += check_files(firm, positions, path.resolve().parent)
    if problems:
        raise InputError(problems)
    return firm, positions


# --- cross-field checks, after every field is valid on its own ----------------------------


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


def check_references(firm: FirmConfig, positions: Positions) -> Iterator[Problem]:
    """Check what single fields cannot: unique slugs, references, times and holidays."""
    p = positions.problem
    lists: dict[PathKey, list[str]] = {
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
    all_versions: list[tuple[PathKey, RulesVersion]] = [(("rules",), firm.rules)]
    all_versions += [(("rules", "earlier", i), v) for i, v in enumerate(firm.rules.earlier)]
    for base, rules_version in all_versions:
        lists[(*base, "rules")] = [r.slug for r in rules_version.rules]
    for path, slugs in lists.items():
        yield from _duplicates(positions, path, slugs)
    team, services, packages = lists[("team",)], lists[("services",)], lists[("packages",)]
    deadlines, videos, quiz = lists[("deadlines",)], lists[("videos",)], lists[("quiz",)]
    systems = lists[("onboarding", "systems")]
    channels = lists[("communication", "channels")]
    versions = [firm.rules.version, *(v.version for v in firm.rules.earlier)]
    paths: list[PathKey] = [("rules", "version")]
    paths += [("rules", "earlier", i, "version") for i in range(len(firm.rules.earlier))]
    for path, version in zip(paths, versions, strict=True):
        if version.lower() == "index":
            yield p(path, "'index' is the page listing every version; use a number, e.g. 2026.1")
    for i, version in enumerate(versions[1:]):
        if version in versions[: i + 1]:
            yield p(("rules", "earlier", i, "version"), f"version {version!r} is listed twice")
    for i, earlier in enumerate(firm.rules.earlier):
        if earlier.effective >= firm.rules.effective:
            yield p(
                ("rules", "earlier", i, "effective"),
                f"{earlier.effective} is not before the current version's {firm.rules.effective}",
            )

    def ref(path: PathKey, slug: str | None, known: list[str], what: str) -> Iterator[Problem]:
        if slug is not None and slug not in known:
            hint = schema.suggest(slug, known) or ("known: " + ", ".join(known) if known else "")
            yield p(path, f"no {what} {slug!r}" + (f"; {hint}" if hint else ""))

    yield from ref(("onboarding", "contact"), firm.onboarding.contact, team, "team member")
    for i, system in enumerate(firm.onboarding.systems):
        yield from ref(
            ("onboarding", "systems", i, "how_to_video"), system.how_to_video, videos, "video"
        )
    for base, rules_version in all_versions:
        for i, rule in enumerate(rules_version.rules):
            yield from ref((*base, "rules", i, "video"), rule.video, videos, "video")
    for i, slug in enumerate(systems):
        if slug in channels:
            yield p(
                ("onboarding", "systems", i, "slug"),
                f"{slug!r} is also a channel slug; deadlines' `how` could not tell them apart",
            )
    for i, package in enumerate(firm.packages):
        for j, service in enumerate(package.services):
            yield from ref(("packages", i, "services", j), service, services, "service")
    for i, question in enumerate(firm.quiz):
        for j, answer in enumerate(question.answers):
            for slug in answer.weights:
                yield from ref(
                    ("quiz", i, "answers", j, "weights", slug), slug, packages, "package"
                )
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
        yield from ref((*at, "contact"), segment.contact, team, "team member")
        for field, known, what in (
            ("packages", packages, "package"),
            ("deadlines", deadlines, "deadline"),
            ("videos", videos, "video"),
            ("quiz", quiz, "question"),
        ):
            for j, slug in enumerate(getattr(segment, field)):
                yield from ref((*at, field, j), slug, known, what)
        allowed = [c.slug for c in firm.communication.channels if c.allowed]
        for j, slug in enumerate(segment.communication.channels or []):
            yield from ref((*at, "communication", "channels", j), slug, allowed, "allowed channel")
    for i, deadline in enumerate(firm.deadlines):
        yield from ref(
            ("deadlines", i, "how"), deadline.how, systems + channels, "system or channel"
        )
        if deadline.when.kind == "relative":
            yield from ref(("deadlines", i, "when", "of"), deadline.when.of, deadlines, "deadline")
    yield from _relative_cycles(firm, positions)


def _duplicates(positions: Positions, path: PathKey, slugs: list[str]) -> Iterator[Problem]:
    """Report slugs used twice in one list."""
    seen: dict[str, int] = {}
    for i, slug in enumerate(slugs):
        if slug in seen:
            yield positions.problem(
                (*path, i, "slug"), f"slug {slug!r} is already used by item {seen[slug] + 1}"
            )
        seen.setdefault(slug, i)


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
