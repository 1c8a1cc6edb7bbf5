"""The synthetic firms of the benchmarks are valid firms (the benchmarks themselves are not run)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from handbook.input.includes import load_firm_yaml
from tests.conftest import ROOT


@pytest.mark.parametrize(("segments", "languages"), [(5, False), (20, True)], ids=str)
def test_synthetic_firm_passes_check(
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    segments: int,
    languages: bool,
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    firms = importlib.import_module("firms")
    config = firms.own(tmp_path / "firm", segments, languages)
    result = run("check", "-c", config)
    assert result.exit_code == 0, result.output
    assert f"OK ({segments} segments" in result.output
    if languages:
        assert (tmp_path / "firm" / "docs" / "es").is_dir()


def test_the_large_firm_shares_nothing_and_passes_the_budget(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """60 segments in 3 languages, each with its own items: over 200 deadlines in all, as a
    firm writes them, split into files of at most 200; `check` (and so the budget) takes it."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    firms = importlib.import_module("firms")
    config = firms.own(tmp_path / "firm", 60, languages=True)
    data = load_firm_yaml(config)[0]
    for kind in ("deadlines", "videos", "packages"):
        users: dict[str, int] = {}
        for segment in data["segments"]:
            for slug in segment.get(kind, []):
                users[slug] = users.get(slug, 0) + 1
        assert max(users.values()) == 1, kind
    assert len(data["deadlines"]) > 300
    result = run("check", "-c", config)
    assert result.exit_code == 0, result.output
    assert f"{len(data['deadlines'])} deadlines" in result.output
