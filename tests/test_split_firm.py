"""firm.yaml in several files: `!include` builds the same site, and says mistakes where they are."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import TODAY, copy_demo, tree
from tests.test_serve import _fetch, _poll

Run = Callable[..., Result]


def split_firm(folder: Path, sections: tuple[str, ...] = ("deadlines", "videos")) -> None:
    """Split firm.yaml as a firm would: each segment in segments/NN.yaml, some sections alone."""
    lines = (folder / "firm.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    tops = [i for i, line in enumerate(lines) if re.match(r"[a-z_]+:", line)]
    bounds = {lines[t].split(":")[0]: (t, [*tops, len(lines)][k + 1]) for k, t in enumerate(tops)}
    moved = {"segments", *sections}
    for name in sections:
        start, end = bounds[name]
        body = "".join(line.removeprefix("  ") for line in lines[start + 1 : end])
        (folder / f"{name}.yaml").write_text(body, encoding="utf-8")
    (folder / "segments").mkdir()
    items: list[list[str]] = []
    start, end = bounds["segments"]
    for line in lines[start + 1 : end]:
        if line.startswith("  - "):
            items.append([line[4:]])
        elif items:
            items[-1].append(line.removeprefix("    "))
    for n, item in enumerate(items):
        (folder / "segments" / f"{n:02d}.yaml").write_text("".join(item), encoding="utf-8")
    kept = []
    for k, line in enumerate(lines):
        name = next((s for s in moved if bounds[s][0] <= k < bounds[s][1]), None)
        if name is None:
            kept.append(line)
        elif k == bounds[name][0]:
            target = "segments/*.yaml" if name == "segments" else f"{name}.yaml"
            kept.append(f"{name}: !include {target}\n")
    (folder / "firm.yaml").write_text("".join(kept), encoding="utf-8")


def _position(file: Path, text: str) -> tuple[int, int]:
    """Return the line and column where `text` starts in a file."""
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(f"{text!r} not in {file}")


def test_a_split_demo_exports_byte_for_byte_like_the_one_file_demo(
    run: Run, tmp_path: Path
) -> None:
    one, split = copy_demo(tmp_path / "one"), copy_demo(tmp_path / "split")
    split_firm(split)
    assert "segments: !include segments/*.yaml" in (split / "firm.yaml").read_text()
    assert len(list((split / "segments").glob("*.yaml"))) == 4
    for folder in (one, split):
        result = run("export", folder / "out", "-c", folder / "firm.yaml", "--today", TODAY, "-q")
        assert result.exit_code == 0, result.output
    assert tree(split / "out") == tree(one / "out")
    result = run("check", "-c", split / "firm.yaml", "--allow-placeholders")
    assert result.exit_code == 0 and "4 segments" in result.output, result.output


def test_mistakes_in_an_included_file_are_said_at_their_place_there(run: Run, small: Path) -> None:
    split_firm(small, ("deadlines",))
    first, deadlines = small / "segments" / "00.yaml", small / "deadlines.yaml"
    first.write_text(
        first.read_text().replace("relationship: personal", "relationship: x")
        + "unknown_field: 1\n"
    )
    deadlines.write_text(deadlines.read_text().replace("how: client-portal", "how: no-such-way"))
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    line, col = _position(first, "x")
    assert (
        f"segments/00.yaml:{line}:{col}: segments[0].relationship: must be one of" in result.output
    )
    line, col = _position(first, "unknown_field")
    assert f"segments/00.yaml:{line}:{col}: segments[0].unknown_field:" in result.output
    line, col = _position(deadlines, "no-such-way")
    assert f"deadlines.yaml:{line}:{col}: deadlines[0].how:" in result.output, result.output
    assert "Traceback" not in result.output

    # A YAML syntax error, and an unknown slug in another segment's file.
    first.write_text(first.read_text().replace("relationship: x", "relationship: [x"))
    second = small / "segments" / "01.yaml"
    second.write_text(second.read_text().replace("contact: ewa", "contact: nobody"))
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    assert re.search(r"segments/00\.yaml:\d+:\d+: YAML syntax error", result.output), result.output
    first.write_text(first.read_text().replace("relationship: [x", "relationship: personal"))
    result = run("check", "-c", small / "firm.yaml")
    line, col = _position(second, "nobody")
    assert f"segments/01.yaml:{line}:{col}: segments[1].contact:" in result.output, result.output


def test_a_glob_in_a_list_adds_its_files_in_place(run: Run, small: Path) -> None:
    split_firm(small, ())
    (small / "segments" / "more").mkdir()
    (small / "segments" / "01.yaml").rename(small / "segments" / "more" / "a.yaml")
    firm = small / "firm.yaml"
    firm.write_text(
        firm.read_text().replace(
            "segments: !include segments/*.yaml",
            "segments:\n  - !include segments/more/*.yaml\n  - !include segments/00.yaml",
        )
    )
    result = run("links", "--json", "-c", firm, "--allow-placeholders")
    assert result.exit_code == 0, result.output
    assert result.output.index("self-service") < result.output.index('"books"'), result.output


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        ("../outside.yaml", "without .. or a drive"),
        ("/etc/passwd.yaml", "without .. or a drive"),
        ("notes.txt", "only .yaml or .yml files"),
        ("link.yaml", "link.yaml is a symbolic link"),
        ("missing.yaml", "file 'missing.yaml' not found"),
        ("loop.yaml", "'loop.yaml' includes itself"),
        ("chain0.yaml", "files include one another more than 8 deep"),
        ("many/*.yaml", "matches more than 1,000 files"),
        ("deep/**/x.yaml", "only .yaml or .yml files"),
        ("", "!include needs a file path"),
    ],
)
def test_hostile_includes_are_refused_where_the_tag_is(
    run: Run, small: Path, include: str, expected: str
) -> None:
    (small / "notes.txt").write_text("- slug: x\n")
    (small / "outside.yaml").write_text("[]\n")
    (small / "link.yaml").symlink_to(small / "outside.yaml")
    (small / "loop.yaml").write_text("- !include loop.yaml\n")
    for n in range(12):
        (small / f"chain{n}.yaml").write_text(f"!include chain{n + 1}.yaml\n")
    (small / "chain12.yaml").write_text("[]\n")
    if include == "many/*.yaml":
        (small / "many").mkdir()
        for n in range(10_000):
            (small / "many" / f"{n}.yaml").touch()
    firm = small / "firm.yaml"
    firm.write_text(
        firm.read_text().replace("\nsegments:\n", f"\nextra: !include {include}\nsegments:\n")
    )
    line, col = _position(firm, "!include")
    start = time.monotonic()
    result = run("check", "-c", firm)
    assert time.monotonic() - start < 5
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    if include in ("loop.yaml", "chain0.yaml"):
        assert re.search(r"(loop|chain\d+)\.yaml:1:\d+: ", result.output), result.output
    else:
        assert f"firm.yaml:{line}:{col}: extra: " in result.output, result.output
    assert expected in result.output, result.output


def test_mkdocs_yml_has_no_includes(run: Run, small: Path) -> None:
    (small / "extra.yaml").write_text("site_url: https://books.example.org/\n")
    mkdocs = small / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text() + "extra: !include extra.yaml\n")
    result = run("export", small / "out", "-c", small / "firm.yaml", "-q")
    assert result.exit_code == 1
    assert "mkdocs.yml" in result.output and "!include" in result.output, result.output


def test_serve_rebuilds_when_an_included_file_changes(small: Path) -> None:
    split_firm(small, ())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    command = [sys.executable, "-m", "handbook", "serve", "-c", str(small / "firm.yaml")]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    process = subprocess.Popen(
        [*command, "-a", f"127.0.0.1:{port}", "--today", TODAY],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )

    def page() -> str:
        return _fetch(f"http://127.0.0.1:{port}/books/")

    try:
        assert _poll(lambda: "Bookkeeping clients" in page())
        segment = small / "segments" / "00.yaml"
        segment.write_text(segment.read_text().replace("Bookkeeping clients", "Renamed clients"))
        assert _poll(lambda: "Renamed clients" in page())
        # A folder first included now is watched from the next build on.
        (small / "more").mkdir()
        moved = (small / "segments" / "01.yaml").rename(small / "more" / "01.yaml")
        firm = small / "firm.yaml"
        firm.write_text(
            firm.read_text().replace(
                "segments: !include segments/*.yaml",
                "segments: [!include segments/*.yaml, !include more/*.yaml]",
            )
        )
        other = f"http://127.0.0.1:{port}/self-service/"
        assert _poll(lambda: "Self-service clients" in _fetch(other))
        time.sleep(1)  # the build that follows the rename; then only the new folder changes
        moved.write_text(moved.read_text().replace("Self-service clients", "Moved clients"))
        assert _poll(lambda: "Moved clients" in _fetch(other))
        segment.write_text(segment.read_text().replace("relationship: personal", "relationship: x"))
        assert _poll(lambda: "did not build" in page())
        assert "segments/00.yaml:" in page()
    finally:
        process.terminate()
        process.wait(timeout=30)


def _deadline_file(first: int, n: int) -> str:
    """A file of `n` monthly deadlines, the list itself: what one segment's file holds."""
    return "".join(
        f"- slug: d{i}\n  name: Deadline {i}\n  what: Send it.\n"
        f"  when: {{kind: monthly, day: {i % 28 + 1}}}\n  set_by: firm\n"
        for i in range(first, first + n)
    )


def _deadlines_in_files(folder: Path, sizes: list[int]) -> None:
    """Put the firm's deadlines in deadlines/NN.yaml, files of these sizes, named by every
    segment: a firm with per-segment deadline files."""
    split_firm(folder, ("deadlines",))
    (folder / "deadlines.yaml").unlink()
    (folder / "deadlines").mkdir()
    start = 0
    for k, n in enumerate(sizes):
        (folder / "deadlines" / f"{k:02}.yaml").write_text(_deadline_file(start, n))
        start += n
    firm = folder / "firm.yaml"
    firm.write_text(
        firm.read_text().replace("!include deadlines.yaml", "!include deadlines/*.yaml")
    )
    slugs = ", ".join(f"d{i}" for i in range(0, start, 7))
    for segment in (folder / "segments").glob("*.yaml"):
        text = re.sub(r"(?m)^deadlines:.*\n(?:- .*\n)*", "", segment.read_text())
        segment.write_text(text + f"deadlines: [{slugs}]\n")


def test_files_that_hold_lists_add_their_items_and_a_firm_passes_200_deadlines(
    run: Run, small: Path
) -> None:
    """Three files of 150 deadlines: 450 in the firm, each file within the 200 of one file."""
    _deadlines_in_files(small, [150, 150, 150])
    result = run("check", "-c", small / "firm.yaml", "--allow-placeholders")
    assert result.exit_code == 0, result.output
    assert "450 deadlines" in result.output
    # A mistake in one of them is said in its file, at its index among all 450.
    file = small / "deadlines" / "01.yaml"
    file.write_text(file.read_text().replace("day: 3}", "day: 40}", 1))
    result = run("check", "-c", small / "firm.yaml", "--allow-placeholders")
    assert result.exit_code == 1
    line, col = _position(file, "40")
    # d170 is the 21st item of the second file: 150 + 20.
    assert f"deadlines/01.yaml:{line}:{col}: deadlines[170].when.day:" in result.output


def test_a_file_of_more_than_200_deadlines_is_refused_where_its_list_starts(
    run: Run, small: Path
) -> None:
    _deadlines_in_files(small, [10, 201])
    result = run("check", "-c", small / "firm.yaml", "--allow-placeholders")
    assert result.exit_code == 1
    assert (
        "deadlines/01.yaml:1:3: deadlines: deadlines/01.yaml holds 201 deadlines; one file "
        "holds at most 200: move some into another file with !include"
    ) in result.output, result.output
    assert "Traceback" not in result.output
