"""Site-wide pages that scale (issue 28): above Site.INDEX_ABOVE segments the calendar,
packages and quiz pages are indexes that lead to each segment's own page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from handbook.commands.cli import cli
from handbook.pages.site import INDEX_ABOVE
from tests.conftest import FIXTURES, TODAY, shared_build

SEGMENTS = INDEX_ABOVE + 1
"""As few as cross the threshold: each page of a segment is as heavy as at 200."""


def _firm() -> str:
    """Return the small fixture firm with SEGMENTS segments, each with its own dates and packages.

    Nothing is shared between segments, as a real firm writes them: the full site-wide
    calendar would hold every segment's dates, and the packages page every package. The
    fixture's text is kept up to its packages (a YAML 1.1 dump would turn 16:00 into 960).
    """
    text = (FIXTURES / "small" / "firm.yaml").read_text(encoding="utf-8")
    head, rest = text.split("\npackages:\n")
    firm = yaml.safe_load("packages:\n" + rest)
    packages, deadlines, segments = [], [], []
    for i in range(SEGMENTS):
        own = [dict(p, slug=f"{p['slug']}-{i}", name=f"{p['name']} {i}") for p in firm["packages"]]
        dates = [
            {
                "slug": f"vat-{i}-{day}",
                "name": f"VAT documents {i}.{day}",
                "what": "Upload last month's invoices.",
                "when": {"kind": "monthly", "day": day},
                "set_by": "firm",
            }
            for day in (5, 12, 20)
        ]
        packages += own
        deadlines += dates
        segments.append(
            {
                "slug": f"kind-{i}",
                "name": f"Clients of kind {i}",
                "description": f"I am a client of kind {i}",
                "relationship": "personal",
                "packages": [p["slug"] for p in own],
                "deadlines": [d["slug"] for d in dates],
            }
        )
    firm.update(packages=packages, deadlines=deadlines, segments=segments)
    weights = {p["slug"]: 1 + n % 3 for n, p in enumerate(packages)}
    firm["quiz"] = [
        {
            "slug": "need",
            "text": "What do you need?",
            "answers": [{"text": "Books", "weights": weights}, {"text": "Payroll", "weights": {}}],
        }
    ]
    return head + "\n" + yaml.safe_dump(firm, allow_unicode=True, sort_keys=False)


def _build(folder: Path) -> None:
    """Write the firm of many segments into `folder` and build it."""
    for name in ("mkdocs.yml",):
        (folder / name).write_text((FIXTURES / "small" / name).read_text(encoding="utf-8"))
    for name in ("assets", "docs"):
        if (FIXTURES / "small" / name).is_dir():
            _copy_tree(FIXTURES / "small" / name, folder / name)
    (folder / "firm.yaml").write_text(_firm(), encoding="utf-8")
    args = ["build", "-c", str(folder / "firm.yaml"), "--today", TODAY, "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    # The engine warns about a link to a page or anchor that does not exist.
    assert not [line for line in result.output.splitlines() if "link" in line.lower()]


def _copy_tree(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        if path.is_file():
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            (target / path.relative_to(source)).write_bytes(path.read_bytes())


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of a firm of SEGMENTS segments, built once per run."""

    def make(folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        _build(folder)

    return shared_build(tmp_path_factory, "many-segments", make) / "site"


def test_no_page_weighs_more_than_a_few_segments(many: Path) -> None:
    """Every page is within twice the heaviest page of one segment, whatever the firm's size."""
    sizes = {p.relative_to(many).as_posix(): p.stat().st_size for p in many.rglob("*.html")}
    one = max(size for page, size in sizes.items() if page.startswith("kind-"))
    heavy = {page: size for page, size in sizes.items() if size > 2 * one}
    assert heavy == {}, f"a page of one segment weighs at most {one} bytes"


@pytest.mark.parametrize(
    ("page", "leads_to", "detail"),
    [
        ("calendar", "calendar", "Next: VAT documents {i}.5, "),
        ("packages", "packages", "Basic {i} (PLN 800 per month) and Plus {i} (from PLN 1,499.50"),
        ("quiz", "packages", ""),
    ],
)
def test_site_wide_page_leads_to_every_segment(
    many: Path, page: str, leads_to: str, detail: str
) -> None:
    """Each segment's card links its own page and says what is next, or what it offers."""
    html = (many / page / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<a class="hb-card" href="([^"]+)">(.*?)</a>', html, re.S)
    assert [href for href, _ in cards] == [f"../kind-{i}/{leads_to}/" for i in range(SEGMENTS)]
    for i, (_, card) in enumerate(cards):
        assert f"I am a client of kind {i}" in card
        assert detail.format(i=i) in card.replace("\xa0", " ")
    assert 'class="hb-cal__item' not in html and 'id="compare"' not in html
    assert "data-hb-quiz" not in html
