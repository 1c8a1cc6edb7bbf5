"""The hostile SVG corpus is real: opened from a site's address, Chromium runs its script.

Each file below is one of tests/test_svg.py's variants, which handbook refuses; served from
127.0.0.1 and opened as a page, it sets document.title. A plain SVG that handbook accepts
renders, and the demo's logo renders in its header; every SVG the engines published passes
the check (the QR codes included).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from handbook.input.svg import svg_problem
from tests.browser.conftest import DemoSites
from tests.test_svg import ACCEPTED, RUN, VARIANTS

LIVE = [
    "xhtml-script",
    "xhtml-prefixed",
    "html-img-onerror",
    "html-iframe",
    "foreignObject",
    "script",
    "onload",
    "animate-onbegin",
    "pi-xml-stylesheet-xsl",
]
"""The variants whose script runs in Chromium as soon as the file is opened."""
XSL = (
    '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    '<xsl:template match="/"><html xmlns="http://www.w3.org/1999/xhtml">'
    f'<head><title>image</title></head><body onload="{RUN}"/></html></xsl:template>'
    "</xsl:stylesheet>"
)
"""What the <?xml-stylesheet?> variant loads: an XSLT that turns the image into a page (with a
<head>, or document.title could not be set)."""


def test_the_corpus_runs_script_in_chromium_and_handbook_refuses_it(
    tab: Callable[[int, int], Page],
    serve_dir: Callable[[Path], str],
    demo_sites: DemoSites,
    tmp_path: Path,
) -> None:
    svgs = {name: svg for name, svg, _says in VARIANTS if name in LIVE}
    assert sorted(svgs) == sorted(LIVE)
    for name, svg in svgs.items():
        (tmp_path / f"{name}.svg").write_text(svg, encoding="utf-8")
    (tmp_path / "x.xsl").write_text(XSL, encoding="utf-8")
    (tmp_path / "accepted.svg").write_text(ACCEPTED, encoding="utf-8")
    base = serve_dir(tmp_path)
    page = tab(390, 844)

    ran = {}
    for name in LIVE:
        page.goto(f"{base}{name}.svg")
        with contextlib.suppress(PlaywrightError):  # the assertion below names the file
            page.wait_for_function("document.title === 'ran'", timeout=3000)
        ran[name] = page.evaluate("document.title")
        assert svg_problem(tmp_path / f"{name}.svg"), f"handbook accepts {name}.svg"
    assert ran == dict.fromkeys(LIVE, "ran")

    assert svg_problem(tmp_path / "accepted.svg") is None
    page.goto(f"{base}accepted.svg")
    assert page.evaluate("document.title") == "Nowak & Daughters"
    width = page.evaluate(
        "src => new Promise(done => { const i = new Image(); i.onload = () => done(i.naturalWidth);"
        " i.onerror = () => done(0); i.src = src; })",
        f"{base}accepted.svg",
    )
    assert width == 48

    page.goto(demo_sites.url("mkdocs"))
    logo = page.locator(".md-header .md-logo img").first
    assert logo.evaluate("img => img.complete && img.naturalWidth") > 0


def test_the_engines_publish_only_checked_svgs(demo_sites: DemoSites, engine: str) -> None:
    site = demo_sites.project(engine) / "site"
    published = sorted(site.rglob("*.svg"))
    assert any(p.name == "logo.svg" for p in published), published
    refused = {str(p.relative_to(site)): svg_problem(p) for p in published}
    assert not {p: why for p, why in refused.items() if why}
