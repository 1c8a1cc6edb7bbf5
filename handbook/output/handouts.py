"""QR codes and PDF handouts: what an engagement letter points at, per segment and language.

The PDF is rendered offline by WeasyPrint from `handout.html.j2` and `handout.css` (a
firm can override both in templates/). WeasyPrint installs with pip and needs no browser;
it needs the Pango library, which Linux desktops and GitHub's runners have (Debian and
Ubuntu: libpango-1.0-0 and libpangoft2-1.0-0; macOS: `brew install pango`).

The HTML of a handout embeds everything the PDF shows (texts, dates, logo and QR code as
data: URIs), so the PDF is cached as `<sha256>.pdf`, keyed by that HTML and the WeasyPrint
version, in the cache's `handouts/` folder (in the user's cache folder, or under
`$HANDBOOK_CACHE_DIR`, e.g. a CI cache shared by builds: see memo.py), sealed by the cache's
key. A rebuild whose handout did not change copies the cached PDF instead of rendering it
again; a cached PDF that is a link, not a file, or not sealed is rendered again. Entries no
build has used for 30 days are removed.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2

from handbook import urls
from handbook.cachefiles import prune
from handbook.errors import HandbookError
from handbook.i18n.cli import _
from handbook.memo import Cache
from handbook.model.offer import Segment
from handbook.output import qr
from handbook.pages import brand
from handbook.pages.render import template_error
from handbook.pages.site import Site
from handbook.scoped import logged_warnings

LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PR", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "DO", "SV", "NI"}
)
"""Countries whose offices use US Letter paper; everywhere else uses A4."""

TEMPLATE = "handout.html.j2"

CACHE_DAYS = 30
"""Cached PDFs unused for this many days are removed."""


@dataclass
class HandoutStats:
    """How many PDFs a build rendered and how many it took from the cache."""

    rendered: int = 0
    reused: int = 0
    warnings: dict[str, list[str]] = field(default_factory=dict)
    """What WeasyPrint complained about (e.g. CSS it ignored in a firm's handout.css), by
    the segment whose handout it is."""


def paper(country: str) -> str:
    """Return the CSS page size for a country's office paper: "letter" or "A4"."""
    return "letter" if country in LETTER_COUNTRIES else "A4"


Write = Callable[[str, str, bytes], None]
"""Stage a file: the segment it is of, its path in docs/, its bytes."""


def write_handouts(
    site: Site,
    env: jinja2.Environment,
    segments: list[Segment],
    write: Write,
    logo: Path | None,
    cache: Cache,
) -> HandoutStats:
    """Write each of `segments`' QR codes (with a site_url) and PDF handout with `write`.

    PDFs the cache lacks are rendered here, or in parallel when there are many (render_pdfs).
    WeasyPrint's warnings are kept by the segment whose handout it rendered (segments whose
    handouts are the same HTML share one PDF, and its warnings go to the first of them).
    """
    shared = shared_context(site, logo)
    codes = cache.memo("qr-codes", qr.SALT)
    pdfs = cache.handouts
    stats = HandoutStats()
    # The fetch policy is part of the key: a PDF rendered under a looser one is not reused.
    salt = f"{version('weasyprint')}\nfetch:{','.join(sorted(_FETCHABLE))}"
    found: dict[str, bytes] = {}
    missing: dict[str, tuple[str, Segment]] = {}
    targets: list[tuple[str, Segment]] = []
    for segment in segments:
        handbook_url = site.links.absolute(urls.url_path(urls.segment(segment.slug)))
        qr_uri = None
        if handbook_url:
            files = qr.qr_files(handbook_url, codes)
            for kind, data in files.items():
                write(segment.slug, urls.segment_qr(segment.slug, kind), data)
            qr_uri = qr.data_uri(files["svg"])
        html = render_html(env, shared, segment, handbook_url, qr_uri)
        key = hashlib.sha256(f"{salt}\n{html}".encode()).hexdigest()
        if key not in found and key not in missing:
            pdf = cache.read(pdfs / f"{key}.pdf", touch=True) if pdfs else None
            if pdf is not None and pdf.startswith(b"%PDF-"):
                found[key] = pdf
            else:
                missing[key] = (html, segment)
        stats.reused += key in found
        targets.append((key, segment))
    rendered = render_pdfs([html for html, _segment in missing.values()])
    for (key, (_html, segment)), (pdf, problems) in zip(missing.items(), rendered, strict=True):
        where = f"{TEMPLATE} ({urls.segment_handout(segment.slug)})"
        found[key] = pdf
        if pdfs:
            cache.write(pdfs / f"{key}.pdf", pdf)
        stats.rendered += 1
        if problems:
            stats.warnings[segment.slug] = [f"{where}: {problem}" for problem in problems]
    for key, segment in targets:
        write(segment.slug, urls.segment_handout(segment.slug), found[key])
    if pdfs:
        prune(pdfs, ".pdf", CACHE_DAYS)
    return stats


def shared_context(site: Site, logo: Path | None) -> dict[str, Any]:
    """Return what every handout of a build shows alike: computed once per build."""
    firm = site.firm
    branding = firm.firm.branding
    return {
        "site": site,
        "say": site.say,
        "links": site.links,
        "firm": firm,
        "current": firm.rules.in_force(site.build_date),
        "t": site.tr.text,
        "message": site.tr.message,
        "plural": site.tr.plural,
        "paper": paper(firm.locale.country),
        "primary": brand.darken_until(branding.primary_color, "#ffffff"),
        "band": branding.primary_color,
        "on_band": brand.readable_on(branding.primary_color),
        "logo": _data_uri(logo) if logo else None,
        "cite_url": site.links.absolute(
            urls.url_path(urls.rules_version(firm.rules.in_force(site.build_date).version))
        ),
    }


def render_html(
    env: jinja2.Environment,
    shared: dict[str, Any],
    segment: Segment,
    handbook_url: str | None,
    qr_uri: str | None,
) -> str:
    """Render the HTML of one segment's handout."""
    site: Site = shared["site"]
    try:
        return env.get_template(TEMPLATE).render(
            **shared,
            segment=segment,
            view=site.view(segment),
            qr=qr_uri,
            handbook_url=handbook_url,
            feed_url=site.links.absolute(urls.segment_feed(segment.slug)),
        )
    except jinja2.TemplateError as e:
        raise HandbookError(template_error(TEMPLATE, e)) from None


_FETCHABLE = {"data"}
"""The handout's HTML embeds all it shows; WeasyPrint may fetch nothing else (no file:, http:)."""


PER_PROCESS = 16
"""PDFs that make another rendering process worth its start (Python and WeasyPrint: about a
second of CPU, where a handout takes 0.15-0.3 s once WeasyPrint is warm)."""


def render_pdfs(pages: list[str]) -> list[tuple[bytes, list[str]]]:
    """Render handouts' HTML to PDFs (with warnings), in parallel when there are many.

    WeasyPrint is CPU-bound and single-threaded, so a process per core renders the 200 PDFs
    of a large firm's first build in about half the time on two cores. A few PDFs render
    faster in this process, where WeasyPrint stays warm from one build to the next (serve).
    Processes are spawned, not forked: a fork would copy the progress display's thread and
    its locks.
    """
    if not pages:
        return []
    _weasyprint()  # here, so that a missing library is reported before any process starts
    workers = min(len(pages) // PER_PROCESS, os.cpu_count() or 1)
    if workers < 2 or multiprocessing.current_process().daemon:
        # In a forked worker of a build, which already stages one language per core (and
        # whose workers may not start processes of their own), in this process.
        return [render_pdf(html) for html in pages]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(render_pdf, pages))


def render_pdf(html: str) -> tuple[bytes, list[str]]:
    """Render a handout's HTML to PDF bytes with WeasyPrint; return them and its warnings."""
    weasyprint = _weasyprint()
    with logged_warnings("weasyprint") as warnings:
        fetcher = weasyprint.URLFetcher(allowed_protocols=_FETCHABLE)
        pdf: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_tags=True)
    return pdf, warnings


def _weasyprint() -> ModuleType:
    """Import WeasyPrint, or say what to install."""
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: WeasyPrint found no Pango to load
        raise HandbookError(
            _(
                "PDF handouts need WeasyPrint and the Pango library ({reason}). Install Pango "
                "(Debian/Ubuntu: sudo apt install libpango-1.0-0 libpangoft2-1.0-0; "
                "macOS: brew install pango), reinstall handbook, and build again."
            ).format(reason=e)
        ) from None
    module: ModuleType = weasyprint
    return module


def _data_uri(path: Path) -> str:
    """Return a file as a data: URI."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
