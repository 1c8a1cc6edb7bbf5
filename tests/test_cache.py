"""The cache is not an input (issue 26): forged, linked or broken cache files never reach a site.

Each hostile cache is generated here (a list of variants built in code), built or exported
through the CLI, and the site checked as a client would meet it: QR codes that decode to the
segment's own URL, feeds without the forged event, nothing written or deleted outside.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

import platformdirs
import pytest
import zxingcpp
from click.testing import CliRunner, Result
from PIL import Image

from handbook import urls
from handbook.commands.cli import cli
from handbook.engines import project_folder
from handbook.memo import SEAL, Cache, default_folder
from handbook.output import qr
from handbook.output.feeds import firm_files, segment_files
from handbook.output.rulesevents import rule_events
from handbook.pages.site import Site
from handbook.project import Project
from tests.conftest import FIXTURES, TODAY, run_folder, shared_build, tree

Run = Callable[..., Result]

EVIL = "https://evil.example/pay"
FORGED_LINES = (
    b"ATTACH:https://evil.example/invoice.exe\r\n"
    b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:FORGED-ALARM\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n"
)
OLD_DAYS = 40
"""Older than the 30 days after which a build prunes a cached PDF."""


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache folder of this test alone, and no $HANDBOOK_CACHE_DIR."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("HANDBOOK_CACHE_DIR", raising=False)
    return Path(platformdirs.user_cache_dir("handbook", appauthor=False))


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder filled by one build of the small firm: copy it, never change it."""

    def make(folder: Path) -> None:
        project = folder.parent / "genuine-small"
        shutil.copytree(FIXTURES / "small", project, dirs_exist_ok=True)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HANDBOOK_CACHE_DIR", str(folder))
            argv = ["build", "-c", str(project / "firm.yaml"), "--today", TODAY, "-q"]
            assert CliRunner().invoke(cli, argv).exit_code == 0

    return shared_build(tmp_path_factory, "genuine-cache", make)


def _sites(project: Path) -> list[Site]:
    loaded = Project(project / "firm.yaml")
    firm = loaded.firm
    today = dt.date.fromisoformat(TODAY)
    return [
        Site(firm, today, language, loaded.site_url, loaded.messages)
        for language in firm.locale.site_languages
    ]


def _segment_urls(project: Path) -> dict[str, str]:
    """Each QR code the site has (its path) and the URL it must open."""
    found = {}
    for site in _sites(project):
        for segment in site.firm.segments:
            url = site.links.absolute(urls.url_path(urls.segment(segment.slug)))
            assert url
            found[site.root + urls.segment_qr(segment.slug, "png")] = url
    return found


def forged_memos(project: Path) -> dict[str, dict[str, str]]:
    """The memos as the old code read them, with the keys the build looks up, and lies in them.

    QR codes open EVIL; every event gains an attachment and an alarm.
    """
    codes = {}
    for url in _segment_urls(project).values():
        for kind in qr.KINDS:
            key = Cache(None).memo("qr-codes", qr.SALT)
            key.get((kind, url), lambda: b"")
            (digest,) = key._used
            codes[digest] = base64.b64encode(qr._draw(EVIL, kind)).decode("ascii")
    recorder = Cache(None).memo("events", f"icalendar {version('icalendar')}")
    for site in _sites(project):
        rules = rule_events(site, {}, recorder)
        firm_files(site, {}, recorder, rules)
        for segment in site.firm.segments:
            segment_files(site, segment, {}, recorder, rules)
    events = {}
    for digest, text in recorder._used.items():
        ical = base64.b64decode(text)
        if ical.startswith(b"BEGIN:VEVENT"):
            ical = ical.replace(b"END:VEVENT\r\n", FORGED_LINES + b"END:VEVENT\r\n")
        events[digest] = base64.b64encode(ical).decode("ascii")
    assert codes and any(b"FORGED" in base64.b64decode(v) for v in events.values())
    return {"qr-codes": codes, "events": events}


def _unsealed(path: Path) -> dict[str, str]:
    data: dict[str, str] = json.loads(path.read_bytes()[:-SEAL])
    return data


def assert_site_is_genuine(site: Path, project: Path) -> None:
    """Each QR code is a fresh segno code of its segment's URL; no feed holds a forged line."""
    for png, url in _segment_urls(project).items():
        with Image.open(site / png) as image:
            assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]
        assert (site / png).read_bytes() == qr._draw(url, "png")
        assert (site / png).with_suffix(".svg").read_bytes() == qr._draw(url, "svg")
    files = tree(site)
    assert any(name.endswith(".ics") for name in files)
    for name, data in files.items():
        assert b"evil.example" not in data and b"FORGED" not in data, name
        if name.endswith(".pdf"):
            assert data.startswith(b"%PDF-"), name


def _outside(tmp_path: Path) -> Path:
    """A folder outside the project and the cache, with an old PDF a prune would delete."""
    folder = tmp_path / "outside"
    folder.mkdir()
    old = folder / f"{'0' * 64}.pdf"
    old.write_bytes(b"%PDF-1.7 someone else's file")
    past = time.time() - OLD_DAYS * 86400
    os.utime(old, (past, past))
    (folder / "events.json").write_bytes(b"someone else's file")
    return folder


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_committed_cache_is_not_read(
    run: Run, small: Path, user_cache: Path, tmp_path: Path
) -> None:
    committed = small / ".cache" / "handbook"
    committed.mkdir(parents=True)
    for name, entries in forged_memos(small).items():
        (committed / f"{name}.json").write_text(json.dumps(entries))
    (committed / "key").write_bytes(secrets.token_bytes(SEAL))  # a key it knows, sealing lies
    outside = _outside(tmp_path)
    (committed / "handouts").symlink_to(outside, target_is_directory=True)
    before, kept = _snapshot(outside), _snapshot(committed)
    result = run("build", "-c", small / "firm.yaml", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert _snapshot(committed) == kept  # not read, and not deleted either
    folder = default_folder(small)
    assert f"{committed} is no longer read (the cache is now in {folder})" in result.output
    assert_site_is_genuine(small / "site", small)
    assert _snapshot(outside) == before  # not written, touched or pruned through the link
    assert sorted(p.name for p in committed.iterdir()) == [
        "events.json",
        "handouts",
        "key",
        "qr-codes.json",
    ]
    # The cache is in the user's: the build looked up the very keys the forgery holds.
    assert folder.parent == user_cache and folder.name.startswith("small-")
    for name, entries in forged_memos(small).items():
        assert set(entries) <= set(_unsealed(folder / f"{name}.json"))
    assert len(list((folder / "handouts").glob("*.pdf"))) == 2


def _seal_with(key: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data + hmac.digest(key, data, "sha256")


SEALS: dict[str, Callable[[bytes], bytes]] = {
    "no seal (the old format, or a copy from elsewhere)": lambda data: data,
    "another cache's seal": _seal_with(secrets.token_bytes(SEAL)),
    "a seal of a different length": lambda data: data + b"x" * 7,
}


@pytest.mark.parametrize("seal", list(SEALS))
def test_cache_files_its_builds_did_not_write_are_made_again(
    run: Run, small: Path, genuine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seal: str
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(genuine, cache)
    # Without the staged project the build keeps, which would need no memo (test_incremental.py).
    shutil.rmtree(cache / "engines")
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(cache))
    sealed = SEALS[seal]
    for name, entries in forged_memos(small).items():
        (cache / f"{name}.json").write_bytes(sealed(json.dumps(entries).encode()))
    pdfs = sorted((cache / "handouts").glob("*.pdf"))
    for pdf in pdfs:
        pdf.write_bytes(sealed(b"%PDF-1.7 FORGED evil.example"))
    result = run("build", "-c", small / "firm.yaml", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert f"4 files in the cache folder {cache} were not written by its builds" in result.output
    assert "2 PDF handouts (2 rendered, 0 reused)" in result.output
    assert_site_is_genuine(small / "site", small)
    assert not any(b"FORGED" in pdf.read_bytes() for pdf in pdfs)  # replaced by the build


LINKED = ["the cache folder", "handouts", "events.json", "qr-codes.json", "key", "a cached PDF"]
"""Where a symbolic link can be, in $HANDBOOK_CACHE_DIR."""


@pytest.mark.parametrize("where", LINKED)
def test_a_link_in_the_cache_is_never_followed(
    run: Run,
    small: Path,
    genuine: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    outside = _outside(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(cache))
    if where == "the cache folder":
        cache.symlink_to(outside, target_is_directory=True)
    else:
        shutil.copytree(genuine, cache)
        key = (cache / "key").read_bytes()
        entry = cache / where if where != "a cached PDF" else min((cache / "handouts").iterdir())
        lure = outside / entry.name  # what it links to is sealed with the cache's own key
        forged = forged_memos(small).get(entry.stem)
        lie = json.dumps(forged).encode() if forged else b"%PDF-1.7 FORGED evil.example"
        lure.write_bytes(key if where == "key" else _seal_with(key)(lie))
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        entry.symlink_to(outside if where == "handouts" else lure)
    before = _snapshot(outside)
    result = run("export", "-c", small / "firm.yaml", "--today", TODAY, tmp_path / "export")
    assert result.exit_code == 0, result.output
    said = "its key cannot be read or made" if where == "key" else "(a symbolic link)"
    assert said in result.output
    assert_site_is_genuine(tmp_path / "export" / "docs", small)
    assert _snapshot(outside) == before


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


def _file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_bytes(b"")


BROKEN: dict[str, Callable[[Path], None]] = {
    "events.json is a named pipe": lambda cache: _fifo(cache / "events.json"),
    "qr-codes.json is a folder": lambda cache: _folder(cache / "qr-codes.json"),
    "a cached PDF is a folder": lambda cache: _folder(min((cache / "handouts").iterdir())),
    "the key is a folder": lambda cache: _folder(cache / "key"),
    "handouts is a file": lambda cache: _file(cache / "handouts"),
}


@pytest.mark.parametrize("broken", list(BROKEN))
def test_a_cache_file_that_cannot_be_used_only_costs_time(
    run: Run,
    small: Path,
    genuine: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    broken: str,
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(genuine, cache)
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(cache))
    BROKEN[broken](cache)
    result = run("export", "-c", small / "firm.yaml", "--today", TODAY, tmp_path / "export")
    assert result.exit_code == 0, result.output  # run() lets a traceback fail the test
    assert "warning:" in result.output and "cache" in result.output
    assert_site_is_genuine(tmp_path / "export" / "docs", small)


@pytest.mark.skipif(os.getuid() == 0, reason="root may write in a read-only folder")
def test_a_read_only_cache_only_costs_time(
    run: Run, small: Path, genuine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(genuine, cache)
    for folder in (cache / "handouts", cache):
        for entry in folder.iterdir():
            entry.chmod(0o000 if entry.is_file() else 0o500)
        folder.chmod(0o500)
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(cache))
    try:
        result = run("export", "-c", small / "firm.yaml", "--today", TODAY, tmp_path / "export")
    finally:
        for path in (cache, *cache.rglob("*")):
            path.chmod(0o700)
    assert result.exit_code == 0, result.output
    assert "Could not write" in result.output
    assert_site_is_genuine(tmp_path / "export" / "docs", small)


def test_each_project_has_a_cache_of_its_own_in_the_users(
    user_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "a" / "firm", tmp_path / "b" / "firm"
    one.mkdir(parents=True)
    two.mkdir(parents=True)
    (tmp_path / "link").symlink_to(one)
    caches = [Cache.of(folder).folder for folder in (one, two, tmp_path / "link")]
    assert caches[0] != caches[1] and caches[0] == caches[2]
    for cache in caches:
        assert cache and cache.parent == user_cache and cache.name.startswith("firm-")
        assert cache.stat().st_mode & 0o777 == 0o700
    # $HANDBOOK_CACHE_DIR wins, unless a checkout could fill it.
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "ci-cache"))
    assert Cache.of(one).folder == tmp_path / "ci-cache"
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(one / ".cache" / "handbook"))
    inside = Cache.of(one)
    assert inside.folder == caches[0]
    (message, values), *_rest = inside.report()
    assert "is inside the project folder" in message and values["folder"] == str(caches[0])


UNSAFE: dict[str, Callable[[Path], None]] = {
    "everyone may write in it": lambda folder: folder.chmod(0o777),
    "it belongs to another user": lambda folder: os.chown(folder, os.getuid() + 1, -1),
}


@pytest.mark.parametrize("problem", list(UNSAFE))
def test_a_cache_folder_others_can_fill_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    try:
        UNSAFE[problem](shared)
    except PermissionError:
        pytest.skip("only root may give a folder to another user")
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(shared))
    cache = Cache.of(tmp_path / "firm")
    assert cache.folder is None
    assert [v["problem"] for _m, v in cache.report()] == [problem]
    assert list(shared.iterdir()) == []


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "work"
    folder.mkdir()
    yield folder


def test_zensical_never_stages_through_a_link(
    tmp_path: Path, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = _outside(tmp_path)
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    cache = Cache.of(tmp_path / "firm")
    assert cache.folder
    (cache.folder / "engines").symlink_to(outside, target_is_directory=True)
    assert cache.engine("zensical") is None
    assert [values["problem"] for _message, values in cache.report()] == ["a symbolic link"]
    with project_folder(None, work) as (folder, manifests):
        assert folder == work / "project" and manifests is None
    # The engine's own folder, with a link where the staged project goes: moved, not entered.
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "project").symlink_to(outside, target_is_directory=True)
    before = _snapshot(outside)
    with project_folder(kept, work) as (folder, manifests):
        assert folder == kept / "project" and not folder.exists() and manifests == kept
    assert not os.path.lexists(kept / "project") and _snapshot(outside) == before


def test_the_tests_never_write_to_the_real_user_cache(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    assert os.environ["XDG_CACHE_HOME"].startswith(str(run_folder(tmp_path_factory)))
