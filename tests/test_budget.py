"""Bounded work (issue 26): a firm whose build would be too big (calendar entries, pages,
bytes with its videos) is refused before anything is written, with what to reduce; an
honest large firm passes; a syntax error of any 1 MB file is located.

The firms are generated from the demo (three languages) in Python: each bomb is small in
bytes (its segments share one list, written once as a YAML anchor). Timing is in
benchmarks/worst_inputs.py, never here.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from handbook.commands.cli import cli
from handbook.input import budget
from handbook.output.publish import STAMP
from tests.conftest import ROOT, TODAY, copy_demo, tree

LANGUAGES = ["en", "es", "pl"]
KINDS: dict[str, dict[str, Any]] = {
    "monthly": {"kind": "monthly", "day": 20},
    "quarterly": {"kind": "quarterly", "day": 25},
    "yearly": {"kind": "yearly", "dates": ["04-30"]},
    "last_business_day": {"kind": "last_business_day"},
}
HONEST_MIX = ["monthly"] * 2 + ["quarterly"] * 3 + ["yearly"] * 10
"""The 15 deadlines of each segment of an honest large firm."""


@functools.cache
def _demo() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "firm.yaml").read_text(encoding="utf-8"))
    return data


def _texts(text: str) -> dict[str, str]:
    return {code: f"{text} ({code})" for code in LANGUAGES}


def _deadline(i: int, kind: str, of: int | None = None) -> dict[str, Any]:
    when = {"kind": "relative", "business_days": -3, "of": f"g{of}"} if of is not None else None
    return {
        "slug": f"g{i}",
        "name": _texts(f"Deadline {i}"),
        "what": _texts("Send it"),
        "when": when or dict(KINDS[kind]),
        "set_by": "firm",
    }


def synthesize(
    project: Path,
    segments: int,
    deadlines: list[dict[str, Any]],
    chosen: Callable[[int], list[str]],
    *,
    horizon: int | None = 15,
) -> Path:
    """Write the demo with generated segments and deadlines into `project`; return firm.yaml.

    Segment i (a copy of the demo's segment i mod 4) has the deadlines `chosen(i)`; equal
    lists are one object, so the dump writes them once and aliases them.
    """
    copy_demo(project)
    firm = copy.deepcopy(_demo())
    demo_segments = firm["segments"]
    lists: dict[tuple[str, ...], list[str]] = {}
    firm["segments"] = []
    for i in range(segments):
        segment = copy.deepcopy(demo_segments[i % len(demo_segments)])
        segment["slug"] = f"s{i}"
        segment["name"] = _texts(f"Segment {i}")
        names = chosen(i)
        segment["deadlines"] = lists.setdefault(tuple(names), names)
        firm["segments"].append(segment)
    firm["deadlines"] = deadlines
    for video in firm.get("videos", []):  # the demo's videos may name its deadlines
        video.pop("deadlines", None)
    firm.pop("calendar", None)
    if horizon is not None:
        firm["calendar"] = {"horizon_months": horizon}
    config = project / "firm.yaml"
    text = yaml.dump(firm, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    config.write_text(text, encoding="utf-8")
    return config


def _check(config: Path) -> Result:
    return CliRunner().invoke(cli, ["check", "-c", str(config)])


def _all(count: int) -> Callable[[int], list[str]]:
    return lambda _i: [f"g{j}" for j in range(count)]


def _monthly(count: int) -> list[dict[str, Any]]:
    return [_deadline(j, "monthly") for j in range(count)]


BOMBS: list[tuple[str, Callable[[Path], Path], str]] = [
    (
        "40 segments x 200 monthly x 36 months x 3 languages (the 72 kB bomb)",
        lambda p: synthesize(p, 40, _monthly(200), _all(200), horizon=36),
        "calendar.horizon_months",
    ),
    (
        "200 segments x 60 monthly, default horizon",
        lambda p: synthesize(p, 200, _monthly(60), _all(60), horizon=None),
        "deadlines",
    ),
    (
        "120 segments x 100 last business days x 24 months",
        lambda p: synthesize(
            p, 120, [_deadline(j, "last_business_day") for j in range(100)], _all(100), horizon=24
        ),
        "calendar.horizon_months",
    ),
    (
        "150 segments x 50 relative deadlines on 50 monthly ones",
        lambda p: synthesize(
            p,
            150,
            _monthly(50) + [_deadline(50 + j, "", of=j) for j in range(50)],
            lambda _i: [f"g{50 + j}" for j in range(50)],
        ),
        "calendar.horizon_months",
    ),
    (
        "300 segments x 3 languages (pages)",
        lambda p: synthesize(p, 300, [_deadline(0, "yearly")], _all(1)),
        "segments",
    ),
]


@pytest.mark.parametrize(("make", "field"), [b[1:] for b in BOMBS], ids=[b[0] for b in BOMBS])
def test_a_bomb_is_refused_by_check_with_what_to_reduce(
    tmp_path: Path, make: Callable[[Path], Path], field: str
) -> None:
    config = make(tmp_path / "firm")
    assert config.stat().st_size < 400_000, "a bomb is small in bytes"
    result = _check(config)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    located = re.search(rf"^firm\.yaml:\d+:\d+: {re.escape(field)}: (.*)$", result.output, re.M)
    assert located, result.output
    said = located[1]
    if field == "segments":
        assert re.search(
            r"the site would have [\d,]+ pages \(segments: 300, pages each: 8, l", said
        )
        assert f"at most {budget.MAX_PAGES:,}" in said
    else:
        assert re.search(r"would hold [\d,]+ entries \(segments: \d+, languages: 3, months", said)
        assert f"at most {budget.MAX_ENTRIES:,}: shorten calendar.horizon_months" in said
        assert re.search(r"of them from deadline g\d+", said), said


def test_the_budget_is_reported_before_any_file_is_written(tmp_path: Path) -> None:
    config = BOMBS[0][1](tmp_path / "firm")
    site = tmp_path / "firm" / "site"
    site.mkdir()
    (site / STAMP).write_text("an earlier build\n", encoding="utf-8")
    (site / "index.html").write_text("<p>the site clients read today</p>\n", encoding="utf-8")
    before = tree(site)
    result = CliRunner().invoke(cli, ["build", "-c", str(config), "--today", TODAY, "-q"])
    assert result.exit_code == 1, result.output
    assert "calendar.horizon_months: the calendars would hold" in result.output
    assert tree(site) == before
    assert sorted(p.name for p in (tmp_path / "firm").iterdir()) == [
        "assets",
        "docs",
        "firm.yaml",
        "media",
        "mkdocs.yml",
        "site",
    ]


def _honest(i: int) -> list[str]:
    """Segment i's 15 deadlines: its own run of the pool (2 monthly, 3 quarterly, 10 yearly)."""
    return [f"g{(3 * i + k) % 200}" for k in range(15)]


HONEST_POOL = [_deadline(j, HONEST_MIX[j % 15]) for j in range(200)]
"""200 deadlines (the most a file holds); runs of 15 start every 3, so each is in 5 segments."""


@pytest.mark.parametrize(
    ("pool", "horizon"),
    [(HONEST_POOL, 15), ([_deadline(j, "monthly") for j in range(200)], 15)],
    ids=["mixed deadlines", "every deadline monthly"],
)
def test_an_honest_large_firm_passes_check(
    tmp_path: Path, pool: list[dict[str, Any]], horizon: int
) -> None:
    config = synthesize(tmp_path / "firm", 60, pool, _honest, horizon=horizon)
    result = _check(config)
    assert result.exit_code == 0, result.output
    assert "OK (60 segments" in result.output


_PAD = ("# " + "x" * 98 + "\n") * 2_400
"""240 kB of comments: the error lies past the 120 kB the pure-Python parser re-reads."""

SYNTAX: list[tuple[str, str, str]] = [
    ("unclosed [ x 100 kB", "firm: " + "[" * 100_000, "1:1006: nested more than 20 levels deep"),
    ("unclosed [ x 1 MB", "firm: " + "[" * 999_000, "1:1006: nested more than 20 levels deep"),
    ("unclosed [ a line, 1 MB", "firm: " + "[\n" * 499_000, "20:1: nested more than 20 levels"),
    ("{ x 1 MB", "firm: " + "{" * 999_000, "1:1006: nested more than 20 levels deep"),
    ("{a: x 1 MB", "firm: " + "{a: " * 249_000, ": nested more than 20 levels deep"),
    ("[ [ x 1 MB", "firm: " + "[ " * 499_000, ": nested more than 20 levels deep"),
    (
        "quoted text unclosed, 1 MB",
        'firm: "' + "x" * 999_000,
        "1:999008: YAML syntax error: found unexpected end of stream",
    ),
    (
        "'@' after 240 kB",
        _PAD + "firm: @x\n",
        "2401:7: YAML syntax error: found character '@' that cannot start any token; put quotes",
    ),
    (
        "': ' after 240 kB",
        _PAD + "firm: Note: x\n",
        "2401:11: YAML syntax error: mapping values are not allowed here; put quotes around",
    ),
    (
        "undefined alias after 240 kB",
        _PAD + "firm: *nope\n",
        "2401:7: YAML syntax error: found undefined alias 'nope'",
    ),
    (
        "bad indentation after 240 kB",
        _PAD + "firm:\n  a: 1\n b: 2\n",
        "2403:2: YAML syntax error: did not find expected key; check the indentation",
    ),
    (
        "a tab after 240 kB",
        _PAD + "firm:\n\ta: 1\n",
        "2402:1: YAML syntax error: found character '\\t' that cannot start any token; indent with",
    ),
]


@pytest.mark.parametrize(("text", "says"), [s[1:] for s in SYNTAX], ids=[s[0] for s in SYNTAX])
def test_a_syntax_error_of_a_large_file_is_located(tmp_path: Path, text: str, says: str) -> None:
    config = tmp_path / "firm.yaml"
    config.write_text(text, encoding="utf-8")
    assert config.stat().st_size <= 1_000_000
    result = _check(config)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    first = result.output.splitlines()[0]
    assert re.match(r"firm\.yaml:\d+:\d+: ", first), first
    assert says in first, first


def test_big_videos_copied_into_every_language_are_refused_at_the_heaviest(tmp_path: Path) -> None:
    project = tmp_path / "firm"
    config = synthesize(project, 4, [_deadline(0, "yearly")], _all(1))
    firm = yaml.safe_load(config.read_text(encoding="utf-8"))
    for i, size in enumerate([90, 99, 99, 99]):
        with (project / "media" / f"big{i}.mp4").open("wb") as f:
            f.truncate(size * 1_000_000)  # sparse: nothing on disk
        video = {"slug": f"big-{i}", "question": _texts(f"Big {i}"), "url": f"media/big{i}.mp4"}
        firm["videos"].append(video)
    config.write_text(
        yaml.dump(firm, Dumper=yaml.CSafeDumper, allow_unicode=True), encoding="utf-8"
    )
    result = _check(config)
    assert result.exit_code == 1, result.output
    heaviest = len(firm["videos"]) - 3  # the first of the 99 MB ones
    located = re.search(
        rf"^firm\.yaml:\d+:\d+: videos\[{heaviest}\]\.url: (.*)$", result.output, re.M
    )
    assert located, result.output
    assert re.match(
        r"the site would be about 1,\d{3} MB, 1,161 MB of it images and videos", located[1]
    )
    assert "(the heaviest, media/big1.mp4: 297 MB in all); at most 1,000 MB" in located[1]
