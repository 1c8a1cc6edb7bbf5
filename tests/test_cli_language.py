"""`handbook check` speaks the terminal's language: LANGUAGE, LC_ALL, LC_MESSAGES, LANG."""

from __future__ import annotations

import io
import re
import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

from handbook.commands.cli import cli
from handbook.i18n.cli import use_english
from tests.conftest import ROOT

LOCALES = ROOT / "handbook/locales"
LANGUAGES = ("es", "pl", "ca", "uk")
NO_LANGUAGE = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """Leave the process speaking English, as the other tests of this worker expect."""
    yield
    use_english()


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A firm.yaml with a wrong type, an unknown field, an unquoted colour, a wrong time zone
    (the model's own check) and a contact who is not on the team."""
    folder = tmp_path_factory.mktemp("broken")
    shutil.copytree(ROOT / "tests/fixtures/small", folder, dirs_exist_ok=True)
    config = folder / "firm.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  email: biuro@nowak.example\n", "  email:\n    - biuro@nowak.example\n")
    text = text.replace("  about: Small", "  abuot: Small")
    text = text.replace('primary_color: "#ffd54f"', "primary_color: #ffd54f")
    text = text.replace("timezone: Europe/Warsaw", "timezone: Europe/Warsw")
    text = text.replace("  contact: ewa\n", "  contact: eva\n", 1)
    config.write_text(text, encoding="utf-8")
    return config


def _check(config: Path, **env: str) -> Result:
    return CliRunner().invoke(cli, ["check", "-c", str(config)], env={**NO_LANGUAGE, **env})


def _lines(result: Result) -> dict[str, str]:
    """Return each problem's message by its `file:line:col: field`."""
    out = {}
    for line in result.output.splitlines():
        match = re.match(r"(.+?:\d+:\d+: [\w.\[\]]+): (.*)", line)
        if match:
            out[match[1].rsplit("/", 1)[-1]] = match[2]
    return out


def test_polish_terminal_gets_polish_problems_at_the_same_places(broken: Path) -> None:
    english, polish = _check(broken), _check(broken, LANG="pl_PL.UTF-8")
    assert english.exit_code == polish.exit_code == 1
    assert _lines(english).keys() == _lines(polish).keys()
    by_field = {where.rsplit(": ", 1)[-1]: says for where, says in _lines(polish).items()}
    assert by_field["firm.email"] == "musi być tekstem; jest: lista"
    assert by_field["firm.abuot"] == "nieznane pole; czy chodziło o 'about'?"
    colour = by_field["firm.branding.primary_color"]
    assert colour.startswith("musi być tekstem; jest: nic; ")
    assert "cudzysłów" in colour
    assert by_field["locale.timezone"] == (
        "nieznana strefa czasowa 'Europe/Warsw'; czy chodziło o 'Europe/Warsaw'?"
    )
    assert by_field["onboarding.contact"] == "nie ma członka zespołu 'eva'; czy chodziło o 'ewa'?"
    assert "Znaleziono 5 problemów; niczego nie zbudowano." in polish.output
    english_words = re.compile(r"\b(must|got|unknown|field|found|nothing|quotes|problems?)\b")
    assert not english_words.search(polish.output), polish.output


def test_a_yaml_syntax_error_in_polish(tmp_path: Path) -> None:
    config = tmp_path / "firm.yaml"
    config.write_text("firm:\n  name: Nowak\n  tagline: Uwaga: ważne\n", encoding="utf-8")
    result = _check(config, LANG="pl_PL.UTF-8")
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first == (
        "firm.yaml:3:17: błąd składni YAML: dwukropek ze spacją (': ') jest tu niedozwolony; "
        'tekst zawierający ": " należy ująć w cudzysłów (np. "Uwaga: ...")'
    )
    assert "Znaleziono 1 problem; niczego nie zbudowano." in result.output


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"LANGUAGE": "es", "LANG": "pl_PL.UTF-8"}, "debe ser un texto; valor actual: una lista"),
        ({"LC_ALL": "ca_ES.UTF-8", "LANG": "pl_PL.UTF-8"}, "ha de ser un text; valor actual"),
        ({"LC_MESSAGES": "uk_UA.UTF-8"}, "має бути текстом; зараз: список"),
        ({"LANG": "uk_UA.UTF-8"}, "має бути текстом; зараз: список"),
        ({"LANG": "de_DE.UTF-8"}, "must be text; got a list"),
        ({"LANG": "C"}, "must be text; got a list"),
        ({"LC_ALL": "POSIX"}, "must be text; got a list"),
        ({}, "must be text; got a list"),
    ],
    ids=["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "de", "C", "POSIX", "unset"],
)
def test_the_environment_picks_the_language(broken: Path, env: dict[str, str], says: str) -> None:
    result = _check(broken, **env)
    assert result.exit_code == 1
    assert f"firm.email: {says}" in result.output


def _catalog(language: str) -> Catalog:
    with (LOCALES / language / "LC_MESSAGES/cli.po").open("rb") as f:
        return read_po(f)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_cli_catalog_is_complete_with_the_same_placeholders(language: str) -> None:
    catalog = _catalog(language)
    with (LOCALES / "cli.pot").open("rb") as f:
        template = read_po(f)
    assert {m.id for m in catalog if m.id} == {m.id for m in template if m.id}
    assert not catalog.obsolete
    assert catalog.num_plurals == get_plural(language).num_plurals
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        assert len(forms) == (catalog.num_plurals if message.pluralizable else 1), message.id
        for form in forms:
            assert form, message.id
            assert _fields(form) == set().union(*map(_fields, english)), (message.id, form)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert (LOCALES / language / "LC_MESSAGES/cli.mo").read_bytes() == compiled.getvalue()
