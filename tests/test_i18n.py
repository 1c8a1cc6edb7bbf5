"""The catalogs: complete in every language, nothing unused, the same placeholders as English."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from babel import Locale

from handbook.i18n.catalogs import catalog, catalog_languages
from handbook.i18n.translator import MissingMessage, Translator
from handbook.model.communication import Sla
from handbook.model.firm import IdKind
from handbook.model.offer import Price
from handbook.pages.render import bundled_templates

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(r"""\b(?:t|message|plural)\(\s*"([a-z_]+(?:\.[a-z0-9_]+)+)"\s*[,)]""")
LITERAL = re.compile(r"""["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
PLURAL = {"zero", "one", "two", "few", "many", "other"}
PROVIDERS = ("youtube", "vimeo", "loom", "wistia", "file")


def _sources() -> list[str]:
    templates = [p for p in bundled_templates().rglob("*") if p.suffix in (".j2", ".html")]
    code = list((ROOT / "handbook").rglob("*.py"))
    return [p.read_text(encoding="utf-8") for p in [*templates, *code]]


def _plural_heads(language: str) -> set[str]:
    """Return the ids of counted messages: every key under them is a plural category."""
    children: dict[str, set[str]] = {}
    for key in catalog(language):
        head, _, last = key.rpartition(".")
        children.setdefault(head, set()).add(last)
    return {head for head, lasts in children.items() if lasts <= PLURAL}


def _ids(language: str) -> dict[str, str]:
    """Return a catalog's ids, a plural message's forms folded into its id."""
    heads = _plural_heads(language)
    out: dict[str, str] = {}
    for key, text in catalog(language).items():
        head = key.rpartition(".")[0]
        out[head if head in heads else key] = text
    return out


def _used() -> set[str]:
    """Every id the templates and code name, and the ids they build from values."""
    used = {key for text in _sources() for key in LITERAL.findall(text)}
    units = typing.get_args(Sla.model_fields["unit"].annotation)
    periods = typing.get_args(Price.model_fields["period"].annotation)
    used |= {f"sla.{unit}" for unit in units}
    used |= {f"sla.business_days_end_of_day.{n}" for n in (0, 1)}
    used |= {f"price.{period}" for period in periods}
    used |= {f"faq.provider_{provider}" for provider in PROVIDERS}
    used |= {f"legal.id_{kind}" for kind in typing.get_args(IdKind)}
    treatments = typing.get_args(typing.get_args(Price.model_fields["vat"].annotation)[0])
    used |= {f"price.vat_{vat}" for vat in treatments}
    used |= {f"price.vat_{vat}_no_rate" for vat in treatments if vat != "exempt"}
    return used


def test_the_five_languages_have_catalogs() -> None:
    assert set(catalog_languages()) >= {"en", "es", "pl", "ca", "uk"}
    assert catalog_languages()[0] == "en"


@pytest.mark.parametrize("language", catalog_languages())
def test_every_id_a_template_or_the_code_calls_is_in_the_catalog(language: str) -> None:
    called = {key for text in _sources() for key in CALL.findall(text)}
    assert len(called) > 100
    assert sorted(called - set(_ids(language))) == []


def test_no_catalog_id_is_unused() -> None:
    assert sorted(set(_ids("en")) - _used()) == []


@pytest.mark.parametrize("language", [x for x in catalog_languages() if x != "en"])
def test_catalog_has_the_english_ids_and_placeholders(language: str) -> None:
    english, own = _ids("en"), _ids(language)
    assert sorted(set(english) - set(own)) == [], "missing"
    assert sorted(set(own) - set(english)) == [], "not in en.yaml"
    fields = re.compile(r"\{(\w+)\}")
    differ = {
        key: (sorted(set(fields.findall(own[key]))), sorted(set(fields.findall(english[key]))))
        for key in english
        if set(fields.findall(own[key])) != set(fields.findall(english[key]))
    }
    assert differ == {}


@pytest.mark.parametrize("language", catalog_languages())
def test_counted_messages_have_every_plural_category(language: str) -> None:
    categories = Locale.parse(language).plural_form.tags | {"other"}
    heads = _plural_heads(language)
    forms: dict[str, set[str]] = {}
    for key in catalog(language):
        head, _, last = key.rpartition(".")
        if head in heads:
            forms.setdefault(head, set()).add(last)
    assert forms, "no counted messages"
    assert {head: got for head, got in forms.items() if got != categories} == {}


def test_polish_counts_take_their_own_forms() -> None:
    tr = Translator("pl")
    phrases = {n: tr.plural("sla.business_days", n) for n in (1, 2, 5, 22)}
    assert len({phrases[1], phrases[2], phrases[5]}) == 3, phrases
    assert phrases[22].replace("22", "2") == phrases[2]


def test_firm_texts_pick_the_language_and_never_another() -> None:
    tr = Translator("es")
    assert tr.text({"en": "Monthly clients", "es": "Clientes mensuales"}) == "Clientes mensuales"
    assert tr.text("Nuestras propias palabras.") == "Nuestras propias palabras."
    assert tr.text("nav.packages") == "nav.packages"
    with pytest.raises(KeyError):
        tr.text({"en": "Monthly clients"})


def test_catalog_messages_fill_placeholders() -> None:
    tr = Translator("en")
    assert tr.message("communication.ack_sentence", ack="within 2 hours") == (
        "We acknowledge every message within 2 hours."
    )
    with pytest.raises(MissingMessage):
        tr.message("segment.no_such_message")
