"""Time and memory of the worst firm.yaml of each kind: refused ones and the largest accepted.

    .venv/bin/python benchmarks/worst_inputs.py [--before OLD_CHECKOUT] [--timeout SECONDS]
        [--only TEXT]

Each case is a copy of tests/fixtures/small with one hostile change, run as its own
`handbook build` process. The table gives the exit code, wall time, the process's peak
RSS and the size of what it wrote. With --before (a checkout of an older commit, e.g.
`git worktree add /tmp/before 9d45d91`), every case also runs on that code side by side,
so the ratio is measured in one run on one machine. Results go to stdout and to
benchmarks/worst_inputs.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import measure

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small"
TODAY = "2026-11-23"


def _replace(old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / "firm.yaml"
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))

    return edit


def _append(extra: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        with (project / "firm.yaml").open("a") as f:
            f.write(extra)

    return edit


def _small_nodes(megabytes: float) -> Callable[[Path], None]:
    """Append a list of tiny mappings under `calendar` until the file has that size."""

    def edit(project: Path) -> None:
        item = "  - {a: 1, b: 2}\n"
        count = int(megabytes * 1_000_000 / len(item))
        with (project / "firm.yaml").open("a") as f:
            f.write("extra:\n" + item * count)

    return edit


def _nested(depth: int) -> Callable[[Path], None]:
    return _append("extra: " + "[" * depth + "]" * depth + "\n")


def _deadlines(count: int) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / "firm.yaml"
        text = path.read_text()
        rows = "".join(
            f"  - slug: d{i}\n    name: Deadline {i}\n    what: Send it.\n"
            f"    when: {{kind: monthly, day: {1 + i % 28}}}\n"
            for i in range(count)
        )
        slugs = ", ".join(f"d{i}" for i in range(count))
        text = text.replace("    deadlines: [vat]\n", f"    deadlines: [{slugs}]\n")
        text = text[: text.index("deadlines:\n  - slug: vat")]
        path.write_text(text + "deadlines:\n" + rows)

    return edit


def _whole(text: str) -> Callable[[Path], None]:
    """Make firm.yaml exactly `text` (a syntax error)."""

    def edit(project: Path) -> None:
        (project / "firm.yaml").write_text(text, encoding="utf-8")

    return edit


def _calendar_bomb(segments: int, monthly: int, horizon: int) -> Callable[[Path], None]:
    """Give `segments` segments the same `monthly` monthly deadlines, listed `horizon` months."""

    def edit(project: Path) -> None:
        path = project / "firm.yaml"
        text = path.read_text()
        slugs = ", ".join(f"d{i}" for i in range(monthly))
        rows = "".join(
            f"  - {{slug: s{i}, name: Segment {i}, description: Clients {i}, "
            f"relationship: automated, deadlines: [{slugs}]}}\n"
            for i in range(segments)
        )
        deadlines = "".join(
            f"  - {{slug: d{i}, name: Deadline {i}, what: Send it., "
            f"when: {{kind: monthly, day: {1 + i % 28}}}, set_by: firm}}\n"
            for i in range(monthly)
        )
        head = text[: text.index("segments:\n")]
        calendar = f"calendar:\n  horizon_months: {horizon}\n"
        path.write_text(head + "segments:\n" + rows + "deadlines:\n" + deadlines + calendar)

    return edit


def _honest(segments: int) -> Callable[[Path], None]:
    """Replace the project with the demo of `segments` segments × 3 languages, 15 deadlines each
    (tests/test_budget.py's honest large firm)."""

    def edit(project: Path) -> None:
        sys.path.insert(0, str(ROOT))
        from tests import test_budget

        shutil.rmtree(project)
        test_budget.synthesize(project, segments, test_budget.HONEST_POOL, test_budget._honest)

    return edit


def _big_logo(size: int) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        logo = project / "assets" / "big.png"
        with logo.open("wb") as f:
            f.truncate(size)  # sparse: no disk used
        _replace("logo: assets/logo.svg", "logo: assets/big.png")(project)

    return edit


CASES: list[tuple[str, Callable[[Path], None]]] = [
    ("firm.yaml of small nodes, 5 MB", _small_nodes(5)),
    ("firm.yaml of small nodes, 50 MB", _small_nodes(50)),
    ("small nodes, 0.6 MB (under 50,000 values)", _small_nodes(0.6)),
    ("nesting 2,000 deep", _nested(2_000)),
    (
        "alias bomb (10^7 values)",
        _append(
            "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 7)
            )
        ),
    ),
    (
        "firm.about of 100,000 '<'",
        _replace("about: Small firm, **big** care.", "about: '" + "<" * 100_000 + "'"),
    ),
    (
        "largest accepted: firm.about of 5,000 '<'",
        _replace("about: Small firm, **big** care.", "about: '" + "<" * 5_000 + "'"),
    ),
    ("rule text of 20,000 '['", _replace("text: Use the portal.", "text: '" + "[" * 20_000 + "'")),
    (
        "largest accepted: rule text of 5,000 '['",
        _replace("text: Use the portal.", "text: '" + "[" * 5_000 + "'"),
    ),
    (
        "rule text of 1,666 nested '1. '",
        _replace("text: Use the portal.", "text: '" + "1. " * 1_666 + "'"),
    ),
    ("5,000 monthly deadlines", _deadlines(5_000)),
    ("largest accepted: 200 monthly deadlines", _deadlines(200)),
    ("a 2 GB logo", _big_logo(2_000_000_000)),
    ("calendar bomb: 40 segments x 200 monthly x 36 months", _calendar_bomb(40, 200, 36)),
    ("largest accepted: 60 segments x 3 languages x 15 deadlines", _honest(60)),
    ("syntax error: unclosed '[' x 100 kB", _whole("firm: " + "[" * 100_000)),
    ("syntax error: unclosed '[' x 1 MB", _whole("firm: " + "[" * 999_000)),
    ("syntax error: unclosed '{' x 1 MB", _whole("firm: " + "{" * 999_000)),
    ("syntax error: unclosed quote, 1 MB", _whole('firm: "' + "x" * 999_000)),
    (
        "syntax error: '@' at the end of 860 kB",
        _whole("extra:\n" + "  - {a: 1, b: 2}\n" * 10_000 + "# " + "x" * 98 * 7_000 + "\nb: @x\n"),
    ),
]


@dataclass
class Run:
    """One `handbook build` process."""

    code: int | str
    traceback: bool
    seconds: float
    rss_mb: float
    output_mb: float
    files: int


def _size(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def run_case(edit: Callable[[Path], None], code: Path, timeout: float) -> Run:
    """Build a hostile copy of the small firm with the handbook package in `code`."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "small"
        shutil.copytree(SMALL, project)
        edit(project)
        env = {**os.environ, "PYTHONPATH": str(code), "CI": "true"}
        env["HANDBOOK_CACHE_DIR"] = str(Path(tmp) / "cache")
        command = [sys.executable, "-m", "handbook", "build", "-q", "--today", TODAY]
        result = measure.run(command, project, env, timeout)
        output_mb, files = _size(project / "site")
        traceback = "Traceback" in result.stderr
        rss_mb = result.peak_kb / 1024
        return Run(result.code, traceback, result.seconds, rss_mb, output_mb, files)


def _cell(run: Run) -> str:
    crash = " (traceback)" if run.traceback else ""
    return (
        f"exit {run.code}{crash}, {run.seconds:.1f} s, {run.rss_mb:,.0f} MB RSS, "
        f"{run.files:,} files / {run.output_mb:,.1f} MB out"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="checkout of the code to compare with")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", help="run the cases whose name has this text (no .md written)")
    args = parser.parse_args()
    header = ["case", "now"] + (["before"] if args.before else [])
    lines = [
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    print("\n".join(lines), flush=True)
    for name, edit in CASES:
        if args.only and args.only not in name:
            continue
        cells = [name, _cell(run_case(edit, ROOT, args.timeout))]
        if args.before:
            cells.append(_cell(run_case(edit, args.before.resolve(), args.timeout)))
        row = "| " + " | ".join(cells) + " |"
        print(row, flush=True)
        lines.append(row)
    if not args.only:
        (ROOT / "benchmarks" / "worst_inputs.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
