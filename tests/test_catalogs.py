"""The gettext catalogs: complete, compiled, current, and the check that says when they are not."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from handbook.i18n.translator import Translator
from tests.conftest import ROOT

CHECK = [sys.executable, "-m", "handbook.i18n.check"]


def _check(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}
    return subprocess.run(CHECK, cwd=folder, env=env, capture_output=True, text=True)


def test_the_catalogs_are_complete_compiled_and_current() -> None:
    result = _check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "catalogs OK" in result.stdout


def test_polish_and_ukrainian_catalogs_have_three_plural_forms_from_babel() -> None:
    for language in ("pl", "uk"):
        with (ROOT / f"handbook/locales/{language}/LC_MESSAGES/messages.po").open("rb") as f:
            catalog = read_po(f)
        assert catalog.num_plurals == 3
        counted = [m for m in catalog if m.pluralizable and m.id]
        assert counted and all(len(m.string) == 3 for m in counted)
    pl = Translator("pl")
    assert [pl.plural("sla.business_days", n) for n in (1, 2, 5, 22)] == [
        "w ciągu 1 dnia roboczego",
        "w ciągu 2 dni roboczych",
        "w ciągu 5 dni roboczych",
        "w ciągu 22 dni roboczych",
    ]


def _broken_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "checkout"
    for name in ("handbook", "templates"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for config in ("babel.cfg", "babel-cli.cfg"):
        shutil.copy(ROOT / config, copy / config)
    po = copy / "handbook/locales/es/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "Bienvenida"', 'msgstr ""', 1)
    text = text.replace('msgstr "Planes"', 'msgstr "{planes}"', 1)
    text = text.replace('msgctxt "nav.packages"', '#, fuzzy\nmsgctxt "nav.packages"', 1)
    po.write_text(text, encoding="utf-8")
    english = copy / "handbook/locales/en.yaml"
    english.write_text(english.read_text() + "extra:\n  orphan: Nobody calls me\n")
    return copy


def test_the_check_reports_missing_fuzzy_unused_placeholders_and_stale_files(
    tmp_path: Path,
) -> None:
    result = _check(_broken_copy(tmp_path))
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert "extra.orphan: unused (no template or code names it)" in out
    assert "es/LC_MESSAGES/messages.po:" in out
    assert ": home.title: not translated" in out
    assert "nav.packages: fuzzy" in out
    assert "links.packages: uses {planes}, which the English has not (none)" in out
    assert "es/LC_MESSAGES/messages.mo: not compiled from messages.po" in out
