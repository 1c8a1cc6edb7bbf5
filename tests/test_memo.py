"""What a build keeps for the next (serialized events, QR codes) never changes the site."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import TODAY, tree

Run = Callable[..., Result]


def _feeds(site: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(site).items() if k.endswith((".ics", ".svg", ".png"))}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(folder))
    return folder


def _small_with_site_url(small: Path) -> Path:
    """The small firm, published at a URL (so that its handouts have QR codes)."""
    mkdocs = small / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text() + "\nsite_url: https://example.com/handbook/\n")
    return small / "firm.yaml"


def test_a_rebuild_from_the_memo_writes_the_same_feeds_and_codes(
    run: Run, small: Path, cache: Path, tmp_path: Path
) -> None:
    config = _small_with_site_url(small)
    first = run("build", "-c", config, "-d", tmp_path / "one", "--today", TODAY)
    assert first.exit_code == 0, first.output
    assert (cache / "events.json").is_file()
    assert (cache / "qr-codes.json").is_file()
    second = run("build", "-c", config, "-d", tmp_path / "two", "--today", TODAY)
    assert second.exit_code == 0, second.output
    feeds = _feeds(tmp_path / "one")
    assert any(k.endswith(".svg") for k in feeds) and any(k.endswith(".ics") for k in feeds)
    assert _feeds(tmp_path / "two") == feeds


def test_a_damaged_memo_is_ignored_and_replaced(
    run: Run, small: Path, cache: Path, tmp_path: Path
) -> None:
    config = _small_with_site_url(small)
    assert run("build", "-c", config, "-d", tmp_path / "one", "--today", TODAY).exit_code == 0
    for name in ("events.json", "qr-codes.json"):
        (cache / name).write_bytes(b'{"half a file')
    shutil.rmtree(cache / "engines")  # the staged project kept: with it, no memo is needed
    result = run("build", "-c", config, "-d", tmp_path / "two", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert _feeds(tmp_path / "two") == _feeds(tmp_path / "one")
    assert (cache / "events.json").read_bytes().startswith(b'{"')
    assert (cache / "events.json").stat().st_size > 1000


def test_an_edit_reaches_the_feed_though_the_old_event_is_in_the_memo(
    run: Run, small: Path, cache: Path
) -> None:
    config = small / "firm.yaml"
    assert run("build", "-c", config, "--today", TODAY).exit_code == 0
    assert b"SUMMARY:VAT documents" in (small / "site" / "calendar.ics").read_bytes()
    config.write_text(config.read_text().replace("name: VAT documents", "name: VAT papers"))
    assert run("build", "-c", config, "--today", TODAY).exit_code == 0
    feed = (small / "site" / "calendar.ics").read_bytes()
    assert b"SUMMARY:VAT papers" in feed
    assert b"VAT documents" not in feed
