"""Cross-field checks of firm.yaml: what no single field can check.

Each check yields problems at the place of the offending value. Slugs used twice and
references to slugs that do not exist are checked on firm.yaml as read, whether or not its
fields are valid; rules versions out of order and deadlines relative in a circle, once they are.
"""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers
from pydantic import TypeAdapter, ValidationError

from handbook.errors import Problem
from handbook.i18n.cli import _
from handbook.input import schema
from handbook.input.loader import PathKey, Positions
from handbook.model import FirmConfig
from handbook.model.engagement import RulesVersion
from handbook.urls import RESERVED_SLUGS


def check_references(data: object, positions: Positions) -> Iterator[Problem]:
    """Check slugs used twice and references to slugs that do not exist, on firm.yaml as read.

    These run on the data before it is validated, so that one run reports a missing team
    member beside a wrong type elsewhere. What is not text is not a slug (it is a field error
    already), and a channel whose `allowed` is not false may be referred to.
    """
    tree = Tree(data)
    slugs = Slugs(tree, positions)
    yield from slugs.duplicates()
    yield from _onboarding(tree, slugs)
    yield from _offer(tree, slugs)
    yield from _segments(tree, slugs)
    yield from _deadlines(tree, slugs)


def check_consistency(firm: FirmConfig, positions: Positions) -> Iterator[Problem]:
    """Check what needs every field valid: version order, segment folders, relative cycles."""
    yield from _versions(firm, positions)
    yield from _segment_folders(firm, positions)
    yield from _relative_cycles(firm, positions)


class Tree:
    """firm.yaml as read: lookups that give nothing where a value has another shape."""

    def __init__(self, data: object) -> None:
        self.data = data

    def get(self, *path: str | int) -> object:
        """Return the value at `path`, or None where the path does not lead anywhere."""
        value = self.data
        for part in path:
            if isinstance(part, int) and isinstance(value, list) and part < len(value):
                value = value[part]
            elif isinstance(part, str) and isinstance(value, dict):
                value = value.get(part)
            else:
                return None
        return value

    def text(self, *path: str | int) -> str | None:
        """Return the text at `path`, or None if it is missing or not text."""
        value = self.get(*path)
        return value if isinstance(value, str) else None

    def flag(self, *path: str | int) -> bool | None:
        """Return the yes/no at `path` as the model reads it, or None if it is not one."""
        try:
            return _FLAG.validate_python(self.get(*path))
        except ValidationError:
            return None

    def count(self, *path: str | int) -> int:
        """Return the length of the list at `path` (0 if it is not a list)."""
        value = self.get(*path)
        return len(value) if isinstance(value, list) else 0

    def texts(self, *path: str | int) -> Iterator[tuple[int, str]]:
        """Yield (index, text) for each text item of the list at `path`."""
        for i in range(self.count(*path)):
            if (value := self.text(*path, i)) is not None:
                yield i, value

    def versions(self) -> list[PathKey]:
        """Return where each rules version is, the current first."""
        return [
            ("rules",),
            *(("rules", "earlier", i) for i in range(self.count("rules", "earlier"))),
        ]


_FLAG = TypeAdapter(bool)

_LISTS: tuple[PathKey, ...] = (
    ("team",),
    ("services",),
    ("packages",),
    ("deadlines",),
    ("videos",),
    ("quiz",),
    ("segments",),
    ("onboarding", "systems"),
    ("onboarding", "calls"),
    ("communication", "channels"),
)


class Slugs:
    """The slugs of every list of firm.yaml, and how to report a reference to a missing one."""

    def __init__(self, tree: Tree, positions: Positions) -> None:
        self.positions = positions
        self.lists: dict[PathKey, list[str | None]] = {}
        for path in (*_LISTS, *((*base, "rules") for base in tree.versions())):
            self.lists[path] = [tree.text(*path, i, "slug") for i in range(tree.count(*path))]

    def of(self, *path: str | int) -> list[str] | None:
        """Return the slugs of the list at `path`, e.g. of("team"); None if an item has none.

        A list with an item whose slug cannot be read (already a field error) may hold the
        slug a reference names, so references into it are not reported.
        """
        slugs = self.lists.get(path, [])
        return None if None in slugs else [slug for slug in slugs if slug is not None]

    def duplicates(self) -> Iterator[Problem]:
        """Report slugs used twice in one list."""
        for path, slugs in self.lists.items():
            seen: dict[str, int] = {}
            for i, slug in enumerate(slugs):
                if slug is None:
                    continue
                if slug in seen:
                    yield self.positions.problem(
                        (*path, i, "slug"),
                        _("slug {slug} is already used by item {item}").format(
                            slug=repr(slug), item=seen[slug] + 1
                        ),
                    )
                seen.setdefault(slug, i)

    def ref(
        self, path: PathKey, slug: str | None, known: list[str] | None, what: str
    ) -> Iterator[Problem]:
        """Report `slug` at `path` unless it is one of `known`, suggesting the nearest."""
        if slug is not None and known is not None and slug not in known:
            yield self.positions.problem(path, _no_such(what, slug, known))


def _no_such(what: str, slug: str, known: list[str]) -> str:
    """Say that no `what` has the slug (a whole sentence per kind), and what was meant."""
    sentences = {
        "team member": _("no team member {slug}"),
        "video": _("no video {slug}"),
        "service": _("no service {slug}"),
        "package": _("no package {slug}"),
        "deadline": _("no deadline {slug}"),
        "question": _("no question {slug}"),
        "allowed channel": _("no allowed channel {slug}"),
        "system or channel": _("no system or channel {slug}"),
    }
    problem = sentences.get(what, what).format(slug=repr(slug))
    suggestion = schema.suggest(slug, known)
    if suggestion:
        return _("{problem}; {suggestion}").format(problem=problem, suggestion=suggestion)
    if known:
        return _("{problem}; known: {slugs}").format(problem=problem, slugs=", ".join(known))
    return problem


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
                _("'index' is the page listing every version; use a number, e.g. 2026.1"),
            )
    names = [version for _, version in versions]
    for i, version in enumerate(names[1:]):
        if version in names[: i + 1]:
            yield p(
                ("rules", "earlier", i, "version"),
                _("version {version} is listed twice").format(version=repr(version)),
            )
    for i, earlier in enumerate(firm.rules.earlier):
        if earlier.effective >= firm.rules.effective:
            yield p(
                ("rules", "earlier", i, "effective"),
                _("{date} is not before the current version's {current}").format(
                    date=earlier.effective, current=firm.rules.effective
                ),
            )


def _onboarding(tree: Tree, slugs: Slugs) -> Iterator[Problem]:
    """Check the onboarding contact, the systems' videos and the rules' videos."""
    team, videos = slugs.of("team"), slugs.of("videos")
    contact = tree.text("onboarding", "contact")
    yield from slugs.ref(("onboarding", "contact"), contact, team, "team member")
    for i in range(tree.count("onboarding", "systems")):
        path: PathKey = ("onboarding", "systems", i, "how_to_video")
        yield from slugs.ref(path, tree.text(*path), videos, "video")
    for base in tree.versions():
        for i in range(tree.count(*base, "rules")):
            path = (*base, "rules", i, "video")
            yield from slugs.ref(path, tree.text(*path), videos, "video")
    channels = slugs.of("communication", "channels") or []
    for i, slug in enumerate(slugs.lists[("onboarding", "systems")]):
        if slug is not None and slug in channels:
            yield slugs.positions.problem(
                ("onboarding", "systems", i, "slug"),
                _(
                    "{slug} is also a channel slug; deadlines' `how` could not tell them apart"
                ).format(slug=repr(slug)),
            )


def _offer(tree: Tree, slugs: Slugs) -> Iterator[Problem]:
    """Check the services of each package and the packages each quiz answer weighs."""
    services, packages = slugs.of("services"), slugs.of("packages")
    for i in range(tree.count("packages")):
        for j, service in tree.texts("packages", i, "services"):
            yield from slugs.ref(("packages", i, "services", j), service, services, "service")
    for i in range(tree.count("quiz")):
        for j in range(tree.count("quiz", i, "answers")):
            weights = tree.get("quiz", i, "answers", j, "weights")
            for slug in weights if isinstance(weights, dict) else ():
                path: PathKey = ("quiz", i, "answers", j, "weights", slug)
                if isinstance(slug, str):
                    yield from slugs.ref(path, slug, packages, "package")


def _segments(tree: Tree, slugs: Slugs) -> Iterator[Problem]:
    """Check each segment's contact, lists and channels."""
    channels = ("communication", "channels")
    allowed = slugs.of(*channels)
    if allowed is not None:
        allowed = [
            s for i, s in enumerate(allowed) if tree.flag(*channels, i, "allowed") is not False
        ]
    for i in range(tree.count("segments")):
        at: PathKey = ("segments", i)
        contact = tree.text(*at, "contact")
        yield from slugs.ref((*at, "contact"), contact, slugs.of("team"), "team member")
        for field, what in (
            ("packages", "package"),
            ("deadlines", "deadline"),
            ("videos", "video"),
            ("quiz", "question"),
        ):
            for j, slug in tree.texts(*at, field):
                yield from slugs.ref((*at, field, j), slug, slugs.of(field), what)
        for j, slug in tree.texts(*at, *channels):
            yield from slugs.ref((*at, *channels, j), slug, allowed, "allowed channel")


def _segment_folders(firm: FirmConfig, positions: Positions) -> Iterator[Problem]:
    """Report segment slugs that are the folder of a site-wide page or of a language."""
    for i, segment in enumerate(firm.segments):
        at: PathKey = ("segments", i, "slug")
        if segment.slug in RESERVED_SLUGS:
            reserved = ", ".join(sorted(RESERVED_SLUGS))
            yield positions.problem(
                at,
                _("{slug} is a site-wide page; avoid: {reserved}").format(
                    slug=repr(segment.slug), reserved=reserved
                ),
            )
        if segment.slug in firm.locale.site_languages[1:]:
            yield positions.problem(
                at,
                _("{slug} is the folder of the site's {slug} pages; choose another slug").format(
                    slug=repr(segment.slug)
                ),
            )


def _deadlines(tree: Tree, slugs: Slugs) -> Iterator[Problem]:
    """Check how each deadline is sent and what a relative one counts from."""
    systems, channels = slugs.of("onboarding", "systems"), slugs.of("communication", "channels")
    ways = None if systems is None or channels is None else systems + channels
    for i in range(tree.count("deadlines")):
        how = tree.text("deadlines", i, "how")
        yield from slugs.ref(("deadlines", i, "how"), how, ways, "system or channel")
        if tree.get("deadlines", i, "when", "kind") == "relative":
            path: PathKey = ("deadlines", i, "when", "of")
            yield from slugs.ref(path, tree.text(*path), slugs.of("deadlines"), "deadline")


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
                    _("deadlines refer to each other in a circle; one must have a fixed date"),
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
                _(
                    "{number} is not a phone number in {country}; write it as dialled, "
                    "e.g. +1 212 555 0142 (with the country code for another country)"
                ).format(number=repr(number), country=country),
            )
