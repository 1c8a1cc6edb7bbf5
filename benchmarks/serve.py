"""How long `handbook serve` takes to show an edit of firm.yaml, on the demo or a large firm.

    .venv/bin/python benchmarks/serve.py [--edits 5] [--engine mkdocs] [--segments N]

Starts `handbook serve` on a copy of the demo, waits for the first build, then edits the
firm's English tagline in firm.yaml `--edits` times. Each time it polls the served home
page (every POLL seconds) until the new text is there and records the seconds from the save to
that moment: what a firm sees in its browser, less the livereload round trip. With
`--segments N`, the firm is benchmarks/firms.py's of N segments in 3 languages, split in
files, and the edit is of one segment's English description in its own file, polled on
the home page, where it shows (on its card). Prints each time, the median and the
machine's load, and appends them to benchmarks/results.md's "Live preview" section when
`--write` is given. Targets: under
2 s for the demo (issue 14), under 1 s for 60 segments in 3 languages (issue 28).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import firms

ROOT = Path(__file__).resolve().parent.parent
DEMO = ("firm.yaml", "mkdocs.yml", "docs", "assets", "media")
TAGLINE = re.compile(r"(\n  tagline:\n    en: )[^\n]*")
TARGET = 2.0
LARGE_TARGET = 1.0
POLL = 0.1
"""Seconds between two reads of the page. Every 20 ms, reading the 60-segment home page took
enough of the preview's CPU to slow its build: 24.6-32.8 s against 11.8 s read every 0.25 s."""
DESCRIPTION = re.compile(r"(\ndescription:\n  en: )[^\n]*")


def _copy_demo(target: Path) -> Path:
    for name in DEMO:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    return target / "firm.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float) -> float | None:
    """Poll `url` until it holds `text`; return when it did (perf_counter), or None."""
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if text in _page(url):
            return time.perf_counter()
        time.sleep(POLL)
    return None


def measure(edits: int, engine: str, segments: int = 0) -> list[float]:
    """Return the seconds each edit took to reach the served page."""
    with tempfile.TemporaryDirectory() as tmp:
        if segments:
            config = firms.own(Path(tmp) / "firm", segments, languages=True)
            edited = sorted((config.parent / "segments").glob("*.yaml"))[1]
            pattern, page = DESCRIPTION, ""  # a segment's description shows on the home page
        else:
            config = _copy_demo(Path(tmp))
            edited, pattern, page = config, TAGLINE, ""
        port = _free_port()
        url = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "HANDBOOK_CACHE_DIR": str(Path(tmp) / "cache")}
        command = [sys.executable, "-m", "handbook", "serve", "-c", str(config)]
        command += ["--engine", engine, "-a", f"127.0.0.1:{port}", "--today", "2026-11-23"]
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            if _wait_for(url, "Harbor", 600) is None:
                raise SystemExit("the preview did not start within 600 s")
            times = []
            for i in range(edits):
                marker = f"Edit number {i} of the text"
                text = pattern.sub(lambda m, marker=marker: m.group(1) + marker, edited.read_text())
                time.sleep(1.0)  # the watcher's own debounce starts from a quiet folder
                saved = time.perf_counter()
                edited.write_text(text)
                shown = _wait_for(url + page, marker, 120)
                times.append(shown - saved if shown else float("inf"))
                print(f"edit {i + 1}: {times[-1]:.2f} s", flush=True)
            return times
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> int:
    """Measure and print; with --write, record in benchmarks/results.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--engine", default="mkdocs")
    parser.add_argument("--segments", type=int, default=0, help="a firm of N segments")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    times = measure(args.edits, args.engine, args.segments)
    median = statistics.median(times)
    target = LARGE_TARGET if args.segments else TARGET
    verdict = "met" if median < target else "**not met**"
    firm = f"a firm of {args.segments} segments" if args.segments else "the demo"
    what = "one segment's file" if args.segments else "firm.yaml"
    line = (
        f"- `handbook serve --engine {args.engine}` on {firm} (3 languages): an edit of "
        f"{what} is on the served page after {median:.2f} s (median of {len(times)}: "
        f"{', '.join(f'{t:.2f}' for t in times)} s; load average {load:.2f} at the start); "
        f"target < {target:g} s: {verdict}"
    )
    print(line)
    if args.write:
        results = ROOT / "benchmarks" / "results.md"
        text = results.read_text() if results.is_file() else ""
        head = "\n## Live preview\n\n"
        before, _sep, kept = text.partition(head)
        lines = [old for old in kept.splitlines() if old.strip() and (firm + " ") not in old]
        text = before.rstrip("\n") + "\n" + head + "\n".join([*lines, line]) + "\n"
        results.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
