"""A firm rewords handbook's messages in its own locales/<lang>.po, checked as firm.yaml is."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po
from click.testing import Result

from tests.conftest import TODAY

Run = Callable[..., Result]

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'

OWN = (
    HEADER
    + 'msgctxt "home.reach_us"\nmsgid "How to reach us"\nmsgstr "Talk to Nowak"\n\n'
    + 'msgctxt "sla.business_days"\nmsgid "within {n} business day"\n'
    + 'msgid_plural "within {n} business days"\n'
    + 'msgstr[0] "inside {n} working day"\nmsgstr[1] "inside {n} working days"\n\n'
    + 'msgctxt "home.more"\nmsgid "More about working with us"\nmsgstr ""\n'
)


def _write(project: Path, name: str, text: str) -> Path:
    (project / "locales").mkdir(exist_ok=True)
    path = project / "locales" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_messages_prints_a_catalog_babel_reads_with_the_languages_plural_forms(run: Run) -> None:
    result = run("messages", "pl")
    assert result.exit_code == 0
    catalog = read_po(io.StringIO(result.output))
    assert catalog.num_plurals == 3
    reach = catalog.get("How to reach us", context="home.reach_us")
    assert reach is not None and reach.string == "Jak się z\u00a0nami skontaktować"
    english = read_po(io.StringIO(run("messages", "en").output))
    assert english.get("How to reach us", context="home.reach_us") is not None


def test_the_firms_wording_replaces_handbooks_on_its_pages(run: Run, small: Path) -> None:
    _write(small, "en.po", OWN)
    assert run("check", "-c", small / "firm.yaml", "-q").exit_code == 0
    out = small.parent / "export"
    result = run("export", out, "-c", small / "firm.yaml", "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    home = (out / "docs" / "index.md").read_text(encoding="utf-8")
    assert "## Talk to Nowak" in home and "How to reach us" not in home
    assert "More about working with us" in home, "an empty msgstr keeps handbook's text"
    pages = "".join(p.read_text(encoding="utf-8") for p in (out / "docs").rglob("*.md"))
    assert "inside 2 working days" in pages and "within 2 business days" not in pages


def test_every_problem_of_firm_yaml_and_the_catalog_is_reported_in_one_run(
    run: Run, small: Path
) -> None:
    broken = (
        HEADER
        + 'msgctxt "home.reach_uz"\nmsgid "How to reach us"\nmsgstr "Talk to us"\n\n'
        + 'msgctxt "segment.contact_intro"\nmsgid "x"\nmsgstr "Ask {person}."\n\n'
        + '#, fuzzy\nmsgctxt "home.more"\nmsgid "More"\nmsgstr "More on us"\n\n'
        + 'msgctxt "sla.business_days"\nmsgid "within {n} business day"\nmsgstr "inside"\n'
    )
    _write(small, "en.po", broken)
    _write(small, "de.po", HEADER)
    config = small / "firm.yaml"
    config.write_text(config.read_text().replace("within: 1,", "within: soon,"), encoding="utf-8")
    site = small / "site"
    site.mkdir()
    (site / "keep.txt").write_text("previous site")
    result = run("build", "-c", config, "--today", TODAY, "-q")
    assert result.exit_code == 1
    out = result.output
    assert "Traceback" not in out
    assert "firm.yaml:" in out and "communication.acknowledge.within" in out
    assert "locales/en.po:6:1: home.reach_uz: handbook has no message" in out
    assert "did you mean 'home.reach_us'?" in out
    assert "segment.contact_intro: uses {person}, which the English has not ({name})" in out
    assert "home.more: fuzzy" in out
    assert "sla.business_days: this message is counted" in out
    assert "locales/de.po:1:1: handbook has no language 'de'" in out
    assert (site / "keep.txt").read_text() == "previous site"


def test_a_catalog_for_another_language_a_link_or_a_broken_file_is_refused(
    run: Run, small: Path, tmp_path: Path
) -> None:
    _write(small, "es.po", HEADER)
    outside = tmp_path / "outside.po"
    outside.write_text(OWN, encoding="utf-8")
    (small / "locales" / "en.po").symlink_to(outside)
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    assert "locales/es.po:1:1: the site is in en, not 'es'" in result.output
    assert "locales/en.po:1:1: locales/en.po is a symbolic link" in result.output
    (small / "locales" / "en.po").unlink()
    _write(small, "en.po", HEADER + 'msgctxt "home.reach_us"\nmsgid "How to reach us\nmsgstr "x"\n')
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        "locales/en.po:6:1: 'msgid \"How to reach us' is not a line of a gettext" in result.output
    )
