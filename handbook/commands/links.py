"""The URLs a firm pastes into engagement letters and emails (`handbook links`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from handbook import urls
from handbook.errors import HandbookError
from handbook.escape import printable, spreadsheet_cell
from handbook.i18n.cli import _
from handbook.i18n.formats import Formats
from handbook.i18n.translator import Translator
from handbook.model import FirmConfig
from handbook.pages.siteurls import SiteUrls

SEGMENT_COLUMNS = (
    "slug",
    "name",
    "language",
    "handbook",
    "rules",
    "rules_version",
    "rules_effective",
    "communication",
    "calendar",
    "ics",
    "faq",
    "packages",
    "pdf",
    "qr_svg",
    "qr_png",
    "letter",
)
"""CSV columns, in order (a later feature adds its column when it lands)."""


def collect(
    firm: FirmConfig, site_url: str | None, messages: Mapping[str, bytes] | None = None
) -> dict[str, Any]:
    """Gather every link, as absolute URLs under the site's `site_url`."""
    if not site_url:
        raise HandbookError(
            _(
                "mkdocs.yml has no site_url; set it to where the site is published, e.g. "
                "site_url: https://yourfirm.github.io/handbook/ (links must be absolute)"
            )
        )

    languages = firm.locale.site_languages
    home = SiteUrls(site_url, languages[0], languages[0])
    out: dict[str, Any] = {
        "site_url": site_url,
        "languages": languages,
        "home": home.page(urls.HOME),
    }
    if firm.packages:
        out["packages"] = home.page(urls.PACKAGES)
    if firm.quiz and len(firm.packages) > 1:
        out["quiz"] = home.page(urls.QUIZ)
    out["offboarding"] = home.page(urls.OFFBOARDING)
    out["team"] = home.page(urls.TEAM)
    segments = []
    for language in languages:
        tr = Translator(language, messages)
        # The default language is at the root, every other one under /<code>/.
        tree = SiteUrls(site_url, language, languages[0])
        for segment in firm.segments:
            row = {
                "slug": segment.slug,
                "name": tr.text(segment.name),
                "language": language,
                "handbook": tree.page(urls.segment(segment.slug)),
                # Letters cite the frozen version page, which never changes.
                "rules": tree.page(urls.rules_version(firm.rules.version)),
                "rules_version": firm.rules.version,
                "rules_effective": firm.rules.effective.isoformat(),
                "communication": tree.page(urls.segment(segment.slug, "communication")),
                "calendar": tree.page(urls.segment(segment.slug, "calendar")),
                "ics": tree.file(urls.segment_feed(segment.slug)),
                "faq": tree.page(urls.segment(segment.slug, "faq")),
                "packages": tree.page(urls.segment(segment.slug, "packages")),
                "pdf": tree.file(urls.segment_handout(segment.slug)),
                "qr_svg": tree.file(urls.segment_qr(segment.slug, "svg")),
                "qr_png": tree.file(urls.segment_qr(segment.slug, "png")),
            }
            row["letter"] = _clause(firm, row, tr)
            segments.append(row)
    out["segments"] = segments
    return out


def as_csv(links: dict[str, Any]) -> str:
    """Write one row per segment and language, for mail merge."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SEGMENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in links["segments"]:
        writer.writerow({k: spreadsheet_cell(printable(row.get(k, ""))) for k in SEGMENT_COLUMNS})
    return buffer.getvalue()


def as_text(links: dict[str, Any], tr: Translator) -> str:
    """Write the links for people: one block per segment, then the site-wide pages."""
    message = tr.message
    lines = []
    for s in links["segments"]:
        lines.append(f"{s['name']} ({s['slug']}, {s['language']})")
        rules = message("links.rules", version=s["rules_version"], date=s["rules_effective"])
        for label, key in (
            (message("links.handbook"), "handbook"),
            (rules, "rules"),
            (message("links.communication"), "communication"),
            (message("links.calendar"), "calendar"),
            (message("links.ics"), "ics"),
            (message("links.packages"), "packages"),
            (message("links.pdf"), "pdf"),
            (message("links.qr_svg"), "qr_svg"),
            (message("links.qr_png"), "qr_png"),
        ):
            lines.append(f"  {label}: {s[key]}")
        lines.append("")
    lines.append(message("links.site_wide"))
    for label, key in (
        (message("links.home"), "home"),
        (message("links.packages"), "packages"),
        (message("links.quiz"), "quiz"),
        (message("links.team"), "team"),
        (message("links.offboarding"), "offboarding"),
    ):
        if key in links:
            lines.append(f"  {label}: {links[key]}")
    return "\n".join(lines) + "\n"


def letter_clause(links: dict[str, Any], slug: str, language: str) -> str:
    """Return the engagement-letter clause of one segment, in one language."""
    rows = {(s["slug"], s["language"]): s for s in links["segments"]}
    if (slug, language) in rows:
        return str(rows[slug, language]["letter"])
    if not any(s == slug for s, _ in rows):
        slugs = ", ".join(dict.fromkeys(s for s, _ in rows))
        message = _("firm.yaml has no segment {slug}; segments: {slugs}")
        raise HandbookError(message.format(slug=repr(slug), slugs=slugs))
    languages = ", ".join(links["languages"])
    message = _("the site is not built in {code}; languages: {languages}")
    raise HandbookError(message.format(code=repr(language), languages=languages))


def _clause(firm: FirmConfig, row: dict[str, str], tr: Translator) -> str:
    """Write the clause that incorporates the rules by reference and gives the URLs."""
    return tr.message(
        "letter.clause",
        firm=firm.firm.legal_name or firm.firm.name,
        version=firm.rules.version,
        date=Formats(tr.language, firm.locale.country).date(firm.rules.effective),
        rules_url=row["rules"],
        handbook_url=row["handbook"],
        calendar_url=row["calendar"],
    )
