"""The catalogs: complete in every language, nothing unused, the same placeholders as English."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from handbook.i18n.catalogs import catalog_languages, source, texts
from handbook.i18n.translator import MissingMessage, Translator
from handbook.model.communication import Sla
from handbook.model.firm import IdKind
from handbook.model.offer import Price

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = ("youtube", "vimeo", "loom", "wistia", "file")


def _families() -> set[str]:
    """The ids the code builds from the model's values (`f"price.{period}"`)."""
    units = typing.get_args(Sla.model_fields["unit"].annotation)
    periods = typing.get_args(Price.model_fields["period"].annotation)
    used = {f"sla.{unit}" for unit in units}
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


def test_every_value_the_code_builds_an_id_from_has_its_message() -> None:
    assert sorted(_families() - set(source())) == []


@pytest.mark.parametrize("language", catalog_languages())
def test_every_message_is_translated(language: str) -> None:
    assert set(texts(language)) == set(source())
    assert all(all(forms) for forms in texts(language).values())


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


def test_the_first_days_heading_takes_the_count_form_of_each_language() -> None:
    uk, pl = Translator("uk"), Translator("pl")
    assert [uk.plural("segment.hand_holding", n) for n in (2, 5, 21)] == [
        "Перші 2 дні співпраці",
        "Перші 5 днів співпраці",
        "Перший 21 день співпраці",
    ]
    assert pl.plural("segment.hand_holding", 1) == "Pierwszy dzień współpracy"
    assert pl.plural("segment.hand_holding", 30) == "Pierwsze 30 dni współpracy"
