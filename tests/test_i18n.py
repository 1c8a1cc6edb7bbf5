"""The translation function and the English catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.i18n import MissingMessage, Translator, catalog
from handbook.render import bundled_templates

CALL = re.compile(r"""\bt\(\s*"([a-z_]+(?:\.[a-z0-9_]+)+)"\s*[,)]""")


def test_every_catalog_id_used_by_a_template_exists() -> None:
    used = {
        key
        for path in Path(bundled_templates()).rglob("*.j2")
        for key in CALL.findall(path.read_text())
    }
    assert len(used) > 15
    english = catalog("en")
    assert sorted(k for k in used if k not in english) == []


def test_firm_texts_pick_the_language_and_fall_back_to_the_main_one() -> None:
    tr = Translator("es", fallback="en")
    assert tr.t({"en": "Monthly clients", "es": "Clientes mensuales"}) == "Clientes mensuales"
    assert tr.t({"en": "Monthly clients"}) == "Monthly clients"
    assert tr.t("Our own words.") == "Our own words."


def test_catalog_messages_fill_placeholders() -> None:
    tr = Translator("en")
    assert tr.t("communication.ack_sentence", ack="within 2 hours") == (
        "We acknowledge every message within 2 hours."
    )
    with pytest.raises(MissingMessage):
        tr.message("segment.no_such_message")


def test_ids_built_from_values_exist() -> None:
    english = catalog("en")
    for provider in ("youtube", "vimeo", "loom", "wistia", "file"):
        assert f"faq.provider_{provider}" in english
    for language in ("en", "es", "pl"):
        assert f"language.{language}" in english
