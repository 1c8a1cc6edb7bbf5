"""The search index of each engine: every rule version stays published at its frozen URL,
but only the current rules, at /rules/ and in each segment, are in the index."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from tests.conftest import build_copy, shared_build

ENGINES = ["mkdocs", pytest.param("zensical", marks=pytest.mark.slow)]
VERSION = re.compile(r"^rules/\d")


def _index(site: Path, language: str) -> list[str]:
    """The page locations (no section anchors) in one language's search index."""
    tree = site / language if language else site
    material = tree / "search" / "search_index.json"
    path = material if material.is_file() else tree / "search.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data.get("docs", data.get("items", []))
    # Zensical writes locations relative to the tree too, like Material.
    return sorted({e["location"].split("#")[0] for e in entries})


@pytest.mark.parametrize("engine", ENGINES)
def test_rule_versions_are_published_but_not_searched(
    tmp_path_factory: pytest.TempPathFactory, engine: str
) -> None:
    make = functools.partial(build_copy, engine=engine)
    site = shared_build(tmp_path_factory, f"demo-{engine}", make) / "site"
    for language in ("", "es", "pl"):
        tree = site / language if language else site
        versions = sorted(p.parent.name for p in (tree / "rules").glob("*/index.html"))
        assert versions == ["2025.1", "2026.2"], f"{language or 'en'}: {versions}"
        locations = _index(site, language)
        assert not [loc for loc in locations if VERSION.match(loc)], language
        expected = {"rules/", "tax/rules/", "bookkeeping/rules/", "payroll/rules/"}
        assert expected <= set(locations), f"{language or 'en'}: {locations}"
