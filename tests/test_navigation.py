"""Per-segment navigation: a page carries its own segment's links, never the whole site."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from handbook.input.loader import load_yaml
from tests.conftest import build_project


def _nav_links(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    start = html.index("md-nav--primary")
    end = html.index('data-md-type="toc"', start)  # the primary sidebar ends where the TOC's starts
    return re.findall(r'href="([^"#]+)"', html[start:end])


def _tabs(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    return [t.strip() for t in re.findall(r'class="md-tabs__link[^>]*>\s*([^<]+?)\s*<', html)]


@pytest.fixture(scope="module")
def demo_site(built_demo: Path) -> Path:
    return built_demo / "site"


def test_a_segment_page_lists_only_its_own_segment(demo_site: Path) -> None:
    segments = ["bookkeeping", "tax", "payroll", "advisory"]
    for own in segments:
        links = _nav_links(demo_site / own / "communication" / "index.html")
        assert any(link.startswith("../faq/") or link == "../faq/" for link in links), links
        for other in set(segments) - {own}:
            assert not any(f"{other}/" in link for link in links), (own, other, links)
        assert "Monthly bookkeeping clients" in _tabs(demo_site / "bookkeeping" / "index.html")
    assert "Individual tax clients" not in _tabs(demo_site / "bookkeeping" / "index.html")


def test_site_wide_pages_list_no_segment(demo_site: Path) -> None:
    for page in ("index.html", "packages/index.html", "es/calendar/index.html"):
        links = _nav_links(demo_site / page)
        assert not any(re.search(r"(bookkeeping|tax|payroll|advisory)/", x) for x in links), page
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert 'href="bookkeeping/"' in home  # the home page's "which client are you?" cards
    # A card opens with the client's own first-person words, not "I am… I run a business".
    card = re.search(r'<a class="hb-card" href="bookkeeping/">\s*<strong[^>]*>([^<]+)', home)
    assert card and card[1] == "I run a small business and you keep my books every month"


def _with_segments(project: Path, count: int) -> Path:
    """Give a project `count` segments, copies of its own, under new slugs and names."""
    data, _, _ = load_yaml(project / "firm.yaml")
    base = data["segments"]
    segments = []
    for i in range(count):
        segment = copy.deepcopy(base[i % len(base)])
        if i >= len(base):
            segment["slug"] = f"{segment['slug']}-{i}"
            segment["name"] = f"{segment['name']} {i}"
        segments.append(segment)
    data["segments"] = segments
    (project / "firm.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return project


@pytest.mark.slow
def test_a_page_weighs_the_same_however_many_segments(tmp_path: Path, small: Path) -> None:
    import shutil

    sizes = {}
    for count in (2, 12):
        project = tmp_path / f"firm-{count}"
        shutil.copytree(small, project)
        site = build_project(_with_segments(project, count))
        sizes[count] = {
            page: (site / page).stat().st_size
            for page in ("books/index.html", "books/calendar/index.html", "team/index.html")
        }
    assert sizes[2] == sizes[12]
