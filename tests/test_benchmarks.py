"""The synthetic firms of benchmarks/scale.py are valid firms (the benchmark itself is not run)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import ROOT


@pytest.mark.parametrize(("segments", "languages"), [(5, False), (200, False), (20, True)], ids=str)
def test_synthetic_firm_passes_check(
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    segments: int,
    languages: bool,
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    scale = importlib.import_module("scale")
    config = scale.synthesize(tmp_path / "firm", segments, languages)
    result = run("check", "-c", config)
    assert result.exit_code == 0, result.output
    assert f"OK ({segments} segments" in result.output
    if languages:
        assert (tmp_path / "firm" / "docs" / "es").is_dir()
