"""Hostile SVG images (issue 26, "SVG by allow-list"): every class refused where it is named.

Each variant is an SVG that, opened from the site's address, would run script, load another
file or hide what the check reads. It is put in as the logo, the favicon, a team photo or a
video poster (the field rotates over the variants, so each field meets every kind of check)
and `handbook check` must refuse it: exit 1, a `firm.yaml:L:C: field: file:line: ...` line
naming what was refused, no traceback. One refused build shows the previous site intact, and
one SVG in docs/ is refused by the build. The repository's own SVGs all pass.
tests/browser/test_svg.py shows in Chromium that the corpus does run script.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.commands.cli import cli
from handbook.input.svg import svg_problem
from tests.conftest import FIXTURES, ROOT
from tests.test_hostile import Baseline, _files, _handbook, baseline  # noqa: F401

NS = 'xmlns="http://www.w3.org/2000/svg"'
NS1 = "xmlns='http://www.w3.org/2000/svg'"
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
XHTML = "http://www.w3.org/1999/xhtml"
RUN = "document.title='ran'"
"""What the corpus's scripts do: tests/browser/test_svg.py reads the title to see them run."""
PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _svg(body: str, root: str = "") -> str:
    """Wrap `body` in an SVG root of the SVG namespace, on the file's second line."""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<svg {NS} {XLINK} {root}>\n{body}\n</svg>\n'


ANIMATIONS = ["animate", "set", "animateTransform", "animateMotion", "discard"]


def _variants() -> list[tuple[str, str, str]]:
    """List (id, SVG text, what the refusal must say) for every class of hostile SVG."""
    found = [
        ("xhtml-script", _svg(f'<script xmlns="{XHTML}">{RUN}</script>'), "<script> is not SVG"),
        ("xhtml-prefixed", _svg(f'<h:script xmlns:h="{XHTML}">{RUN}</h:script>'), "not SVG"),
        (
            "html-iframe",
            _svg(f'<iframe xmlns="{XHTML}" src="javascript:parent.{RUN}"/>'),
            "<iframe>",
        ),
        ("html-img-onerror", _svg(f'<img xmlns="{XHTML}" src="x" onerror="{RUN}"/>'), "<img>"),
        ("no-namespace", _svg('<script xmlns="">alert(1)</script>'), "namespace is none"),
        ("editor-element", _svg('<n:namedview xmlns:n="http://sodipodi.example/ns"/>'), "not SVG"),
        ("root-html", f'<html xmlns="{XHTML}"><script>{RUN}</script></html>', "not an SVG image"),
        ("root-bare", "<svg><script>alert(1)</script></svg>", "not an SVG image"),
        (
            "pi-xml-stylesheet-xsl",
            '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="x.xsl"?>\n'
            + _svg("").split("\n", 1)[1],
            "processing instruction <?xml-stylesheet?>",
        ),
        ("pi-in-body", _svg('<?xml-stylesheet href="https://evil.example/x.css"?>'), "<?xml-"),
        ("doctype", f"<!DOCTYPE svg>\n<svg {NS}/>", "declares a DOCTYPE"),
        (
            "doctype-entity",
            f'<!DOCTYPE svg [\n<!ENTITY e "{RUN}">\n]>\n<svg {NS}><text>&e;</text></svg>',
            "declares a DOCTYPE",
        ),
        (
            "doctype-external-entity",
            f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg {NS}>&x;</svg>',
            "declares a DOCTYPE",
        ),
        ("undeclared-entity", _svg("<text>&x;</text>"), "not a readable SVG file"),
        ("script", _svg(f"<script>{RUN}</script>"), "<script> is not allowed"),
        ("script-cdata", _svg(f"<script><![CDATA[{RUN}]]></script>"), "<script> is not allowed"),
        (
            "foreignObject",
            _svg(f'<foreignObject><img xmlns="{XHTML}" src="x" onerror="{RUN}"/></foreignObject>'),
            "<foreignObject> is not allowed",
        ),
        ("a", _svg('<a href="#x"><rect width="9" height="9"/></a>'), "<a> is not allowed"),
        ("unknown-element", _svg("<blink>hi</blink>"), "<blink> is not allowed"),
        ("feImage", _svg('<filter><feImage href="https://evil.example/x.png"/></filter>'), "<feI"),
        ("onload", _svg("", f'onload="{RUN}"'), "attribute onload of <svg>"),
        ("ONLOAD", _svg("", f'ONLOAD="{RUN}"'), "attribute ONLOAD of <svg>"),
        ("onLoad-on-rect", _svg(f'<rect onLoad="{RUN}"/>'), "attribute onLoad of <rect>"),
        ("onbegin", _svg(f'<g onbegin="{RUN}"/>'), "attribute onbegin of <g>"),
        (
            "other-namespace-attribute",
            _svg(f'<rect xmlns:e="http://evil.example/" e:onload="{RUN}"/>'),
            "attribute onload (http://evil.example/) of <rect>",
        ),
        ("xlink-show", _svg('<use xlink:show="new" href="#a"/>'), "xlink:show of <use>"),
        ("use-other-file", _svg('<use href="other.svg#x"/>'), "<use> refers to 'other.svg#x'"),
        ("use-xlink-other", _svg('<use xlink:href="https://e.example/a.svg#x"/>'), "refers to"),
        ("use-data-svg", _svg(f'<use href="data:image/svg+xml,&lt;svg {NS1}/>#x"/>'), "refers"),
        ("image-https", _svg('<image href="https://evil.example/x.png"/>'), "<image> refers"),
        ("image-file", _svg('<image xlink:href="/etc/passwd"/>'), "<image> refers to '/etc/pa"),
        (
            "image-data-svg",
            _svg(f'<image href="data:image/svg+xml,&lt;svg {NS1} onload=&quot;{RUN}&quot;/>"/>'),
            '<image> refers to "data:image/svg+xml,',
        ),
        ("style-import", _svg("<style>@import url(https://e.example/x.css);</style>"), "@import"),
        ("style-import-string", _svg('<style>@import "x.css";</style>'), "@import"),
        ("style-font-face", _svg("<style>@font-face{src:local(x)}</style>"), "@font-face"),
        (
            "style-url",
            _svg("<style>\nrect { fill: url( 'https://evil.example/p.svg#p' ) }\n</style>"),
            "<style> uses url(https://evil.example/p.svg#p)",
        ),
        ("style-escape", _svg(r"<style>rect{fill:u\72l(https://e.example/)}</style>"), "uses \\"),
        ("style-image-set", _svg('<style>g{mask:image-set("x.png" 1x)}</style>'), "image-set()"),
        (
            "style-attribute-url",
            _svg('<rect style="background:url(https://evil.example/track.png)"/>'),
            "attribute style of <rect> uses url(https://evil.example/track.png)",
        ),
        ("fill-url", _svg('<rect fill="url(https://e.example/g.svg#g)"/>'), "fill of <rect> uses"),
        ("cursor", _svg('<rect cursor="url(https://e.example/c.png)"/>'), "cursor of <rect>"),
        (
            "javascript-in-value",
            _svg('<rect fill="java\n script:alert(1)"/>'),
            "fill of <rect> holds a javascript: URL",
        ),
        ("broken", f"<svg {NS}>", "not a readable SVG file"),
        ("empty", "", "not a readable SVG file"),
    ]
    found.append(
        (
            "animate-onbegin",
            _svg(f'<animate onbegin="{RUN}" attributeName="x" dur="1s"/>'),
            "<animate> is not allowed",
        )
    )
    for name in ANIMATIONS:
        found.append(
            (
                f"{name}-javascript",
                _svg(f'<a id="l"><{name} attributeName="href" to="javascript:{RUN}"/></a>'),
                "<a> is not allowed",
            )
        )
        found.append(
            (f"{name}-plain", _svg(f'<rect><{name} attributeName="x" to="5"/></rect>'), f"<{name}>")
        )
    found.append(
        (
            "set-href",
            _svg('<rect id="r"/><set href="#r" attributeName="href" to="#r"/>'),
            "<set> is not allowed",
        )
    )
    return found


VARIANTS = _variants()
FIELDS = ["firm.branding.logo", "firm.branding.favicon", "team[0].photo", "videos[0].poster"]


def _put(project: Path, field: str, svg: str) -> None:
    """Write `svg` as assets/hostile.svg and name it in firm.yaml's `field`."""
    (project / "assets" / "hostile.svg").write_text(svg, encoding="utf-8")
    config = project / "firm.yaml"
    text = config.read_text(encoding="utf-8")
    if field == "firm.branding.logo":
        text = text.replace("logo: assets/logo.svg", "logo: assets/hostile.svg")
    elif field == "firm.branding.favicon":
        text = text.replace("    logo:", "    favicon: assets/hostile.svg\n    logo:")
    elif field == "team[0].photo":
        text = text.replace("    role: Owner\n", "    role: Owner\n    photo: assets/hostile.svg\n")
    else:
        text += (
            "videos:\n  - slug: tour\n    question: How do I use the portal?\n"
            "    url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n"
            "    poster: assets/hostile.svg\n"
        )
    assert "hostile.svg" in text
    config.write_text(text, encoding="utf-8")


def _check(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "-q", "-c", str(project / "firm.yaml")])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("field", "svg", "says"),
    [(FIELDS[i % len(FIELDS)], svg, says) for i, (_id, svg, says) in enumerate(VARIANTS)],
    ids=[f"{name}-as-{FIELDS[i % len(FIELDS)]}" for i, (name, _s, _w) in enumerate(VARIANTS)],
)
def test_a_hostile_svg_is_refused_where_it_is_named(
    small: Path, field: str, svg: str, says: str
) -> None:
    _put(small, field, svg)
    code, output = _check(small)
    assert "Traceback" not in output, output
    assert code == 1, output
    where = rf"^firm\.yaml:\d+:\d+: {re.escape(field)}: assets/hostile\.svg"
    assert re.search(where, output, re.MULTILINE), output
    assert says in output, output


def test_the_refusal_names_the_line_in_the_svg(small: Path) -> None:
    _put(small, "firm.branding.logo", _svg('<g>\n<rect/>\n<rect onclick="x()"/>\n</g>'))
    _code, output = _check(small)
    assert "assets/hostile.svg:5: the attribute onclick of <rect> is not allowed" in output


def test_a_refused_svg_keeps_the_previous_site(baseline: Baseline, small: Path) -> None:  # noqa: F811
    xhtml = next(svg for name, svg, _says in VARIANTS if name == "xhtml-script")
    shutil.copytree(baseline.site, small / "site", symlinks=True)
    (small / "assets" / "logo.svg").write_text(xhtml, encoding="utf-8")
    result = _handbook(small)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"^firm\.yaml:\d+:\d+: firm\.branding\.logo: ", result.stderr, re.M)
    assert _files(small / "site") == baseline.files

    # An SVG among the firm's own pages is published as it is: the build refuses it too.
    (small / "assets" / "logo.svg").write_bytes((FIXTURES / "small/assets/logo.svg").read_bytes())
    (small / "docs" / "img").mkdir(parents=True, exist_ok=True)
    (small / "docs" / "img" / "chart.svg").write_text(_svg("\n<animate onbegin='x()'/>"))
    result = _handbook(small)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "docs/img/chart.svg:4: the element <animate> is not allowed" in result.stderr
    assert _files(small / "site") == baseline.files


ACCEPTED = _svg(
    "<title>Nowak &amp; Daughters</title><desc>A logo</desc>\n"
    "<!-- an editor's comment -->\n"
    "<defs><linearGradient id='g' gradientTransform='rotate(45)'>"
    "<stop offset='0' stop-color='#fff'/><stop offset='1' style='stop-color:rgb(0,0,0)'/>"
    "</linearGradient><clipPath id='c'><circle r='5'/></clipPath>"
    "<filter id='f'><feGaussianBlur stdDeviation='1'/><feOffset dx='1'/></filter>"
    "<symbol id='s'><path d='M0 0h9v9z'/></symbol></defs>\n"
    "<style>.a{fill:url(#g)} @media (prefers-color-scheme: dark){.a{fill:#000}}</style>\n"
    "<g class='a' clip-path='url(#c)' filter='url(#f)' transform='translate(1 2) scale(2)'>"
    "<use href='#s'/><use xlink:href='#s' x='9'/>"
    f"<image href='{PNG}' width='4' height='4'/>"
    "<text xml:space='preserve' font-family=\"'Open Sans', sans-serif\">Nowak (est. 1990)"
    "<tspan dy='1'>&amp;</tspan></text></g>",
    'viewBox="0 0 48 48" width="48" height="48" role="img" aria-label="Nowak (and daughters)"',
)
"""Everything a real logo uses: gradients, clips, filters, symbols, a <style> with classes and
a dark mode, an embedded PNG, text, comments and the XML declaration."""


def _repository_svgs() -> list[Path]:
    """Every SVG the repository holds (the demo, the examples, the fixtures, templates)."""
    folders = ["assets", "docs", "examples", "handbook", "templates", "tests/fixtures"]
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.svg"))


def test_real_svgs_pass(tmp_path: Path) -> None:
    found = _repository_svgs()
    assert len(found) >= 5, found
    refused = {str(p.relative_to(ROOT)): svg_problem(p) for p in found}
    assert not {p: why for p, why in refused.items() if why}, refused
    accepted = tmp_path / "accepted.svg"
    accepted.write_text(ACCEPTED, encoding="utf-8")
    assert svg_problem(accepted) is None


def test_an_accepted_svg_passes_in_every_image_field(small: Path) -> None:
    for field in FIELDS:
        _put(small, field, ACCEPTED)
    code, output = _check(small)
    assert code == 0, output
