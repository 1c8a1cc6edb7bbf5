"""The HTML components of pages: one escaping path per context, overridable by file name."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from handbook.i18n.translator import Translator
from handbook.pages.render import COMPONENTS, RETIRED, bundled_templates
from tests.conftest import TODAY

Run = Callable[..., Result]
TEMPLATES = sorted(
    p for p in bundled_templates().rglob("*") if p.is_file() and p.suffix in (".j2", ".html")
)
"""Every template: handbook's pages, components and handout, and the theme's overrides."""
LONGEST_LINE = 160


def _export(run: Run, project: Path, out: Path) -> Result:
    return run("export", out, "-c", project / "firm.yaml", "--today", TODAY, "-q")


def test_there_are_components_and_page_templates() -> None:
    names = {p.relative_to(bundled_templates()).as_posix() for p in TEMPLATES}
    assert {"components/person.html.j2", "components/quiz.html.j2", "home.md.j2"} <= names
    assert "_macros.md.j2" not in names


@pytest.mark.parametrize(
    "path", TEMPLATES, ids=lambda p: p.relative_to(bundled_templates()).as_posix()
)
def test_templates_have_no_hand_escapes_and_short_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # Markdown is escaped by the finalizer, HTML by autoescape: no template escapes by hand.
    assert not re.search(r"\|\s*(h|safe)\b", text), "use a component instead of |h or |safe"
    long = [n for n, line in enumerate(text.splitlines(), 1) if len(line) > LONGEST_LINE]
    assert long == [], f"lines over {LONGEST_LINE} characters"


def test_components_start_with_a_comment_that_says_what_they_are() -> None:
    components = [p for p in TEMPLATES if p.parent.name == COMPONENTS]
    assert all(p.name.endswith(".html.j2") for p in components)
    assert len(components) > 10
    assert [p.name for p in components if not p.read_text().startswith("{#")] == []


def test_a_firm_overrides_a_component_by_its_file_name(
    run: Run, small: Path, tmp_path: Path
) -> None:
    own = small / "templates" / COMPONENTS
    own.mkdir(parents=True)
    (own / "person.html.j2").write_text(
        '<div class="our-card">{{ member.name }} · {{ message("segment.email_label") }}</div>\n'
    )
    result = _export(run, small, tmp_path / "out")
    assert result.exit_code == 0, result.output
    team = (tmp_path / "out" / "docs" / "team" / "index.md").read_text()
    assert '<div class="our-card">Ewa Nowak · Email</div>' in team
    assert "hb-person" not in team
    # The other components are still the bundled ones.
    assert "hb-matrix" in (tmp_path / "out" / "docs" / "packages" / "index.md").read_text()


def test_an_overridden_component_is_still_autoescaped(
    run: Run, small: Path, tmp_path: Path
) -> None:
    own = small / "templates" / COMPONENTS
    own.mkdir(parents=True)
    (own / "tagline.html.j2").write_text('<p class="mine">{{ "<b>" ~ firm.firm.name }}</p>\n')
    config = small / "firm.yaml"
    config.write_text(
        config.read_text().replace("  name: Nowak & Daughters\n", "  name: A <i>&\n", 1)
    )
    assert "tagline" in config.read_text()
    result = _export(run, small, tmp_path / "out")
    assert result.exit_code == 0, result.output
    home = (tmp_path / "out" / "docs" / "index.md").read_text()
    assert '<p class="mine">&lt;b&gt;A &lt;i&gt;&amp;</p>' in home


def test_an_override_of_the_retired_macros_file_is_a_clear_error(
    run: Run, small: Path, tmp_path: Path
) -> None:
    (small / "templates").mkdir()
    (small / "templates" / "_macros.md.j2").write_text("{% macro person(member) %}{% endmacro %}\n")
    result = _export(run, small, tmp_path / "out")
    assert result.exit_code == 1
    assert "templates/_macros.md.j2" in result.output
    assert f"templates/{RETIRED['_macros.md.j2']}" in result.output
    assert "person.html.j2" in result.output and "quiz.html.j2" in result.output
    assert "Traceback" not in result.output


def test_a_page_override_that_imports_the_macros_says_where_they_went(
    run: Run, small: Path, tmp_path: Path
) -> None:
    (small / "templates").mkdir()
    (small / "templates" / "team.md.j2").write_text(
        '{% import "_macros.md.j2" as m with context %}\n# Team\n'
    )
    result = _export(run, small, tmp_path / "out")
    assert result.exit_code == 1
    assert "team.md.j2" in result.output and "person.html.j2" in result.output


def test_the_translator_keeps_firm_texts_apart_from_catalog_ids() -> None:
    tr = Translator("en")
    assert tr.text("nav.packages") == "nav.packages"
    assert tr.text({"en": "rules.version_line"}) == "rules.version_line"
    assert tr.text(None) == ""
    assert tr.message("nav.packages") == "Packages"


def test_a_firm_text_that_equals_a_catalog_id_is_printed_as_written(
    run: Run, small: Path, tmp_path: Path
) -> None:
    config = small / "firm.yaml"
    text = config.read_text()
    for old, new in (
        ("    name: Bookkeeping clients\n", "    name: nav.packages\n"),
        ("      text: Use the portal.\n", "      text: nav.packages\n"),
        # Looked up in the catalog, this would print "Version {version}, effective {date}".
        ("      benefit: Faster books.\n", "      benefit: rules.version_line\n"),
    ):
        assert old in text
        text = text.replace(old, new)
    config.write_text(text)
    result = _export(run, small, tmp_path / "out")
    assert result.exit_code == 0, result.output
    docs = tmp_path / "out" / "docs"
    nav = yaml.safe_load((tmp_path / "out" / "mkdocs.yml").read_text())["nav"]
    sections = [next(iter(item)) for item in nav if isinstance(item, dict)]
    assert sections[0] == "nav.packages"
    assert "Packages" in sections  # the catalog's own nav.packages, for the packages pages
    assert (docs / "books" / "index.md").read_text().count("# nav\\.packages: your handbook") == 1
    rules = (docs / "books" / "rules" / "index.md").read_text()
    assert '<div class="hb-rule__text"><p>nav.packages</p></div>' in rules
    assert "<strong>Why:</strong> rules.version_line</p>" in rules
    assert '<strong class="hb-segment__name">' in (docs / "index.md").read_text()
    assert "nav.packages · Open your handbook" in (docs / "index.md").read_text()


def test_a_page_of_the_firm_that_uses_the_retired_h_filter_is_told_what_to_do(
    run: Run, small: Path, tmp_path: Path
) -> None:
    (small / "templates").mkdir()
    (small / "templates" / "team.md.j2").write_text("# {{ firm.firm.name|h }}\n")
    result = _export(run, small, tmp_path / "out")
    assert result.exit_code == 1
    assert "team.md.j2:1: there is no filter |h any more" in result.output
    assert "templates/components/" in result.output


def test_a_page_of_the_firm_that_asks_t_for_a_catalog_id_is_told_to_use_message(
    run: Run, small: Path, tmp_path: Path
) -> None:
    (small / "templates").mkdir()
    (small / "templates" / "team.md.j2").write_text('# Team\n\n{{ t("team.intro") }}\n')
    result = _export(run, small, tmp_path / "out")
    assert result.exit_code == 1
    assert 'templates/team.md.j2:3: t("team.intro") prints its text as written' in result.output
    assert 'message("team.intro")' in result.output
    # A firm's own words in t() are fine, and message() is the catalog.
    (small / "templates" / "team.md.j2").write_text(
        '# {{ message("team.title") }}\n\n{{ t("Our people.") }}\n'
    )
    result = _export(run, small, tmp_path / "out2")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out2" / "docs" / "team" / "index.md").read_text() == (
        "# Our team\n\nOur people\\.\n"
    )
