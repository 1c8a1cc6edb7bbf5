"""The staged mkdocs.yml: the firm's settings kept, handbook's own set, firm texts escaped."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest
import yaml

from handbook.engines import siteconfig
from handbook.errors import InputError
from handbook.input.config import load_firm
from handbook.model import FirmConfig
from handbook.pages.site import Site
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def firm() -> FirmConfig:
    firm, _ = load_firm(FIXTURES / "small" / "firm.yaml")
    return firm


def _staged(
    firm: FirmConfig, base: dict[str, Any], site_url: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Return the staged mkdocs.yml as the engine reads it (dumped, loaded back), and warnings."""
    text, warnings = _dumped(firm, base, site_url)
    return yaml.safe_load(text), warnings


def _dumped(
    firm: FirmConfig, base: dict[str, Any], site_url: str | None = None
) -> tuple[str, list[str]]:
    site = Site(firm=firm, build_date=dt.date(2026, 11, 23), language="en", site_url=site_url)
    config, warnings = siteconfig.complete(
        base,
        site,
        ["index.md"],
        logo=None,
        favicon=None,
        extra_css=["assets/handbook.css"],
        extra_javascript=["assets/handbook.js"],
    )
    return siteconfig.dump(config), warnings


def test_site_name_is_escaped_for_the_themes_raw_title(firm: FirmConfig) -> None:
    name = 'Nowak & Daughters "<script>alert(1)</script>"'
    hostile = firm.model_copy(update={"firm": firm.firm.model_copy(update={"name": name})})
    config, _ = _staged(hostile, {})
    # Markup-free, and read back as the firm wrote it (the theme prints it unescaped).
    assert not set('<>"') & set(config["site_name"])
    assert html.unescape(config["site_name"]) == name
    # The feed's title is the one text the theme escapes where it lands (`|e` in main.html;
    # the browser's hostile-text tests open it): everything else is markup-free already.
    assert name in config["extra"].pop("handbook_rules_feed")
    assert "<script>" not in yaml.safe_dump(config) and "Nowak & Daughters" in config["site_name"]


def test_the_firms_own_site_name_and_settings_are_kept(firm: FirmConfig) -> None:
    base = {
        "site_name": "Our handbook",
        "extra_css": ["mine.css"],
        "markdown_extensions": ["tables", "footnotes"],
    }
    config, warnings = _staged(firm, base)
    assert config["site_name"] == "Our handbook"
    assert config["extra_css"] == ["assets/handbook.css", "mine.css"]  # the firm's win ties
    assert config["markdown_extensions"].count("tables") == 1
    assert "footnotes" in config["markdown_extensions"]
    assert warnings == []


def test_keys_handbook_sets_are_replaced_with_a_warning(firm: FirmConfig) -> None:
    base = {"nav": ["x.md"], "docs_dir": "elsewhere", "theme": {"name": "readthedocs"}}
    config, warnings = _staged(firm, base)
    assert config["nav"] == ["index.md"] and config["docs_dir"] == "docs"
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert warnings == [
        "mkdocs.yml: 'docs_dir' is set by handbook; your value is ignored",
        "mkdocs.yml: 'nav' is set by handbook; your value is ignored",
        "mkdocs.yml: theme 'readthedocs' replaced by material",
    ]


def test_each_language_tree_has_its_own_site_url(firm: FirmConfig) -> None:
    config, _ = _staged(firm, {}, site_url="https://example.com/handbook")
    assert config["site_url"] == "https://example.com/handbook/"
    assert "site_url" not in _staged(firm, {})[0]


def test_a_broken_mkdocs_yml_is_reported_at_its_line(tmp_path: Path) -> None:
    mkdocs = tmp_path / "mkdocs.yml"
    mkdocs.write_text("site_name: Ours\nsite_url: [oops\n")
    with pytest.raises(InputError) as caught:
        siteconfig.load_base(mkdocs)
    (problem,) = caught.value.problems
    assert str(problem).startswith("mkdocs.yml:3:1: ")
    mkdocs.write_text("site_url: !ENV SITE_URL\n")
    with pytest.raises(InputError, match="without Python or !ENV tags"):
        siteconfig.load_base(mkdocs)


def test_an_absent_or_empty_mkdocs_yml_means_no_settings(tmp_path: Path) -> None:
    assert siteconfig.load_base(tmp_path / "mkdocs.yml") == {}
    (tmp_path / "mkdocs.yml").write_text("# nothing yet\n")
    assert siteconfig.load_base(tmp_path / "mkdocs.yml") == {}
    (tmp_path / "mkdocs.yml").write_text("- a list\n")
    with pytest.raises(InputError, match="must be a mapping of settings"):
        siteconfig.load_base(tmp_path / "mkdocs.yml")


def test_a_symlinked_mkdocs_yml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yml").write_text("site_name: X\n")
    (tmp_path / "mkdocs.yml").symlink_to(tmp_path / "elsewhere.yml")
    with pytest.raises(InputError, match="is a symbolic link"):
        siteconfig.load_base(tmp_path / "mkdocs.yml")


def test_footer_numbers_are_kept_whole(firm: FirmConfig) -> None:
    """A phone number or a tax id never breaks over two lines ("555-" / "0142")."""
    legal = firm.firm.legal.model_copy(update={"ids": {"EIN": "12-3456789"}})
    info = firm.firm.model_copy(update={"legal": legal})
    config, _ = _staged(firm.model_copy(update={"firm": info}), {})
    footer = config["copyright"]
    assert 'EIN <span class="hb-nowrap">12-3456789</span>' in footer
    assert (
        '<a href="tel:+48225550100"><span class="hb-nowrap">22\u00a0555\u00a001\u00a000</span></a>'
        in footer
    )


def test_headings_keep_their_ids_without_permalink_marks(firm: FirmConfig) -> None:
    config, _ = _staged(firm, {})
    assert "toc" in config["markdown_extensions"]
    assert not [x for x in config["markdown_extensions"] if isinstance(x, dict) and "toc" in x]


def test_the_theme_texts_come_from_the_catalog(firm: FirmConfig) -> None:
    texts = _staged(firm, {})[0]["extra"]["handbook_theme"]
    assert texts["not_found_title"] == "Page not found"
    assert texts["search"]["none"] == "No results"
    assert texts["search"]["count"] == {"one": "{n} result", "other": "{n} results"}
    assert _staged(firm, {})[0]["extra"]["handbook_toc_min_sections"] == siteconfig.TOC_MIN_SECTIONS
