"""The work a build would do, estimated from the validated model before any file is written.

The per-file limits (loader.py: 1 MB, 500 items a list, 50,000 values) bound what one file
can say, not what it makes: 40 segments sharing 200 monthly deadlines over 36 months fit in
72 kB and built for 40 minutes, writing 2.5 GB before the output limit refused them. So the
calendar entries, the pages and the bytes are counted from the model, without date
arithmetic (occurrences per year of each rule × the months listed), and a firm over a
budget is refused with what to reduce, at the field that drives it.

Pages stand for the engine's seconds (it spends them per page). A firm split into several
files is estimated whole, once merged; the per-file limits stay as they are, and a firm's
deadlines are bounded only here and by 200 a file (includes.DEADLINES_PER_FILE).

The budgets, and why (estimates by `estimate`, sizes measured on the demo's build):

- MAX_ENTRIES, 200,000 calendar entries (one date in one calendar, page or feed, of one
  language): an honest large firm, 60 segments × 3 languages with 15 deadlines each (2
  monthly, 3 quarterly, 10 yearly), makes 48,000 (78,000 once split, issue 28, with 900
  deadlines of their own); with all 15 monthly, 152,000. The 72 kB bomb (40 segments ×
  200 monthly × 36 months × 3 languages) makes 2,160,000.
- MAX_PAGES, 6,000 pages: 60 segments × 3 languages make 1,470 (8 pages a segment, 9 of
  the site; it builds cold in 103 s, 80 MB, estimated 121 MB); 200 segments in one
  language, the largest firm benchmarks/scale.py builds, 1,609. 6,000 is a few minutes of
  engine time.
- MAX_BYTES, 1 GB: the output limit (output/publish.py, GitHub Pages' 1 GB), refused
  before staging rather than after it. Images and self-hosted videos count exactly (each
  language's tree has its own copy: 4 videos of 99 MB in 3 languages are 1.2 GB); the rest
  is estimated with each size below rounded up, so 60 segments × 3 languages, 80 MB built,
  are estimated 121 MB, and entries or pages run out long before this does.
- BYTES_PER_ENTRY, 1,000: the demo's calendar pages and .ics files (1.95 MB) over its
  2,139 entries is 910, its pages' own frame included.
- BYTES_PER_PAGE, 45,000: the demo's other pages, search index and PDF handouts (5.1 MB)
  over its 126 pages is 40,000.
- BYTES_PER_LANGUAGE, 2,500,000: the theme's and handbook's assets in each language's tree
  (the demo's 6.9 MB over 3 languages is 2.3 MB).

The demo is estimated at 15.3 MB and builds 14.6 MB.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from handbook import urls
from handbook.errors import InputError, Problem
from handbook.i18n.cli import _
from handbook.input.includes import load_firm_yaml
from handbook.input.loader import PathKey, Positions
from handbook.model import FirmConfig
from handbook.model.deadlines import Deadline

MAX_ENTRIES = 200_000
"""The most calendar entries of a site, every language together (see the module docstring)."""
MAX_PAGES = 6_000
"""The most pages of a site, every language together."""
MAX_BYTES = 1_000_000_000
"""The largest estimated site, in bytes: the output limit (output/publish.py)."""
BYTES_PER_ENTRY = 1_000
"""What one calendar entry adds to the site: its line on a page and its event in a feed."""
BYTES_PER_PAGE = 45_000
"""What one page adds: its HTML, its part of the search index and of the PDF handout."""
BYTES_PER_LANGUAGE = 2_500_000
"""What each language's tree holds whatever the firm: the theme's and handbook's assets."""
FEED_MONTHS = 13
"""Months a feed lists besides the horizon: the build month and the year before it."""
SITE_PAGES = 9
"""The pages of the site outside the segments: home, packages, quiz, calendar, team..."""


@dataclass(frozen=True)
class Estimate:
    """What a build of the firm would make, every language together."""

    languages: int
    segments: int
    entries: int
    """Calendar entries: the site's calendar and each segment's, page and feed, per language."""
    pages: int
    top_deadline: int | None
    """The index of the deadline that makes the most entries, if any."""
    top_entries: int
    media: int = 0
    """The bytes of the firm's images and videos, in every language's tree."""
    top_file: tuple[PathKey, str, int] | None = None
    """The field, path and bytes (all copies) of the file that weighs most, if any."""

    @property
    def bytes(self) -> int:
        """Return the estimated size of the site."""
        return (
            self.entries * BYTES_PER_ENTRY
            + self.pages * BYTES_PER_PAGE
            + self.languages * BYTES_PER_LANGUAGE
            + self.media
        )


def _base(deadline: Deadline, by_slug: dict[str, Deadline]) -> Deadline:
    """Return the deadline whose rule gives the dates: a relative one counts from another."""
    seen: set[str] = set()
    while deadline.when.kind == "relative" and deadline.slug not in seen:
        seen.add(deadline.slug)
        deadline = by_slug.get(deadline.when.of, deadline)
    return deadline


def occurrences(deadline: Deadline, by_slug: dict[str, Deadline], months: int) -> int:
    """Return an upper bound of a deadline's dates over `months` months, from its rule alone."""
    rule = _base(deadline, by_slug).when
    if rule.kind == "once":
        return len(rule.dates)
    if rule.kind in ("monthly", "last_business_day"):
        per_year = len(set(rule.months)) or 12
    elif rule.kind == "quarterly":
        per_year = 4
    elif rule.kind == "yearly":
        per_year = len(set(rule.dates))
    else:  # a relative deadline in a cycle (validation refuses it): no dates
        return 0
    return -(-per_year * months // 12) + 1  # rounded up, and one more for a window's edges


def media(firm: FirmConfig, root: Path) -> list[tuple[PathKey, str, int]]:
    """List the files each language's tree copies: field, path and bytes of all copies.

    A path given once is copied into every language's tree, one given per language once.
    """
    languages = firm.locale.site_languages
    named: list[tuple[PathKey, str | dict[str, str] | None]] = [
        (("firm", "branding", "logo"), firm.firm.branding.logo),
        (("firm", "branding", "favicon"), firm.firm.branding.favicon),
    ]
    named += [(("team", i, "photo"), m.photo) for i, m in enumerate(firm.team)]
    for i, video in enumerate(firm.videos):
        named += [
            (("videos", i, key), getattr(video, key)) for key in ("url", "poster", "captions")
        ]
    out = []
    for path, value in named:
        each = {"": value} if isinstance(value, str) else value or {}
        for code, file in each.items():
            if file.startswith(("http://", "https://")) or (code and code not in languages):
                continue
            copies = 1 if code else len(languages)
            where = (*path, code) if code else path
            with contextlib.suppress(OSError):  # check_files reports a missing file
                out.append((where, file, copies * (root / file).stat().st_size))
    return out


def estimate(firm: FirmConfig, root: Path | None = None) -> Estimate:
    """Estimate the entries, pages and bytes of a build of `firm`, from the model alone.

    With the project folder `root`, the firm's images and videos are weighed too.
    """
    by_slug = {d.slug: d for d in firm.deadlines}
    horizon = firm.calendar.horizon_months
    # A page lists the horizon and the build month; a feed also the year before.
    each = {
        d.slug: occurrences(d, by_slug, horizon + 1)
        + occurrences(d, by_slug, horizon + FEED_MONTHS)
        for d in firm.deadlines
    }
    calendars = {slug: 1 for slug in each}  # the site-wide calendar lists every deadline
    for segment in firm.segments:
        for slug in set(segment.deadlines):
            if slug in calendars:
                calendars[slug] += 1
    languages = len(firm.locale.site_languages)
    made = {slug: each[slug] * calendars[slug] * languages for slug in each}
    top = max(made, key=made.__getitem__, default=None)
    pages = len(firm.segments) * len(urls.SEGMENT_PAGES) + SITE_PAGES + len(firm.rules.earlier)
    files = media(firm, root) if root else []
    return Estimate(
        languages=languages,
        segments=len(firm.segments),
        entries=sum(made.values()),
        pages=pages * languages,
        top_deadline=None if top is None else list(by_slug).index(top),
        top_entries=made[top] if top else 0,
        media=sum(size for _path, _file, size in files),
        top_file=max(files, key=lambda f: f[2], default=None),
    )


def check_budget(firm: FirmConfig, config_file: Path) -> None:
    """Refuse a firm whose build would be over a budget, at the field that drives it."""
    made = estimate(firm, config_file.resolve().parent)
    if made.entries <= MAX_ENTRIES and made.pages <= MAX_PAGES and made.bytes <= MAX_BYTES:
        return
    # Only a refused firm needs the positions: read the file again, as the budget is rare.
    _, positions, _problems = load_firm_yaml(config_file)
    problems = []
    if made.entries > MAX_ENTRIES:
        problems.append(_entries_problem(firm, made, positions))
    if made.pages > MAX_PAGES:
        problems.append(_pages_problem(firm, made, positions))
    if not problems:
        problems.append(_bytes_problem(made, positions))
    raise InputError(problems)


def _entries_problem(firm: FirmConfig, made: Estimate, positions: Positions) -> Problem:
    assert made.top_deadline is not None  # entries come from deadlines
    top = firm.deadlines[made.top_deadline]
    if ("calendar", "horizon_months") in positions.values:
        path: tuple[str | int, ...] = ("calendar", "horizon_months")
    else:
        path = ("deadlines",)
    # Translators: {top} is a deadline's slug, e.g. "vat"; the counts in parentheses are
    # written "name: number" so that no plural is needed.
    message = _(
        "the calendars would hold {entries:,} entries (segments: {segments}, languages: "
        "{languages}, months ahead: {horizon}), {top_entries:,} of them from deadline {top}; "
        "at most {limit:,}: shorten calendar.horizon_months, or give fewer segments the "
        "monthly deadlines"
    ).format(
        entries=made.entries,
        segments=made.segments,
        languages=made.languages,
        horizon=firm.calendar.horizon_months,
        top_entries=made.top_entries,
        top=top.slug,
        limit=MAX_ENTRIES,
    )
    return positions.problem(path, message)


def _pages_problem(firm: FirmConfig, made: Estimate, positions: Positions) -> Problem:
    message = _(
        "the site would have {pages:,} pages (segments: {segments}, pages each: {per}, "
        "languages: {languages}); at most {limit:,}: give the firm fewer segments or fewer "
        "languages"
    ).format(
        pages=made.pages,
        segments=made.segments,
        per=len(urls.SEGMENT_PAGES),
        languages=made.languages,
        limit=MAX_PAGES,
    )
    return positions.problem(("segments",), message, key=True)


def _bytes_problem(made: Estimate, positions: Positions) -> Problem:
    if made.top_file and made.media * 2 > made.bytes:
        path, file, size = made.top_file
        # Translators: {file} is a path in the project, e.g. media/tour.mp4.
        message = _(
            "the site would be about {size:,.0f} MB, {media:,.0f} MB of it images and videos "
            "that each language's tree copies (the heaviest, {file}: {file_size:,.0f} MB in "
            "all); at most {limit:,.0f} MB: link big videos from a video host (YouTube, "
            "Vimeo), or give the firm fewer languages"
        ).format(
            size=made.bytes / 1e6,
            media=made.media / 1e6,
            file=file,
            file_size=size / 1e6,
            limit=MAX_BYTES / 1e6,
        )
        return positions.problem(path, message)
    message = _(
        "the site would be about {size:,.0f} MB ({entries:,} calendar entries and {pages:,} "
        "pages); at most {limit:,.0f} MB: give the firm fewer segments, deadlines or languages"
    ).format(size=made.bytes / 1e6, entries=made.entries, pages=made.pages, limit=MAX_BYTES / 1e6)
    return positions.problem(("segments",), message, key=True)
