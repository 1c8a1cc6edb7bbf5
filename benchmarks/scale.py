"""Build time, memory and output size of synthetic firms, written as real firms write them.

    .venv/bin/python benchmarks/scale.py [--segments 5,20,60] [--languages]
        [--engines mkdocs,zensical] [--repeat 3] [--quick] [--code CHECKOUT]

Each firm is made by benchmarks/firms.py: the demo with its segments copied under new slugs,
every segment with its own packages, videos and deadlines (nothing shared to stay under a
limit), split into one file per segment in segments/, deadlines/, videos/ and packages/.
The firms of --segments are in English; `--languages` adds a firm of LANGUAGE_FIRM segments
in the demo's three languages. For each firm and engine:

- `handbook build` cold (new cache, no site) and warm (again, same cache, a new site folder,
  so that every language goes through the engine), in the firm's project folder, where a
  firm's `site/` is;
- `handbook export` alone: the generator's own share;
- the engine alone on the exported project (`mkdocs build`, `zensical build`), one process
  per language project, side by side on the machine's cores as `handbook build` runs them;
  Zensical with the cache of handbook's own builds, so warm alike;
- the floor of any export: `handbook check` plus copying the exported project;
- an edit: one segment's English description changed in its own file, then `handbook build`
  of the site again. The engine builds the English site alone (builtsite.py), so what that
  rebuild takes beyond the engine alone on the English project is the generator's own work.

Warm builds, exports and engine runs alternate, `--repeat` times (medians reported), so
every ratio is measured side by side in one run on one machine. Each is its own process,
timed (wall and CPU) with its peak RSS (children included; see measure.py). A step that
fails is recorded with its time and message. `--quick` measures the first engine only,
with one warm run. `--code` measures another checkout (e.g. `git worktree add --detach
/tmp/head HEAD` while the tree is being edited); its demo is the one copied. Results go
to stdout and to benchmarks/results.md (rewritten after each firm), with the machine, the
commit and the targets of issues 14 and 28, each marked met or not met.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import firms
import measure

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
EPOCH = int(datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC).timestamp())
LANGUAGES = firms.LANGUAGES
LANGUAGE_FIRM = 60
"""Segments of the multilingual firm (issue 28: 60 segments in 3 languages)."""
PACKAGES = ("firm-handbook", "mkdocs", "mkdocs-material", "zensical")
"""Versions recorded with the results."""
LARGEST = 200
"""The English firm the absolute targets of issue 14 are about."""
LANGUAGE_TARGET = 30.0
"""Seconds a warm build of the multilingual firm may take with MkDocs (issue 28)."""
TARGETS = {"mkdocs": 30.0, "zensical": 15.0}
"""Seconds a warm build of 200 segments may take, per engine."""
MAX_RSS_MB = 500
MAX_OUTPUT_MB = 300
MAX_SHARE = 0.10
"""The generator's share of the engine's time, warm."""
LINEAR = 1.25
"""Growth per segment from the middle to the largest firm, at most this times the first."""
CODE = ROOT
"""The checkout whose handbook package is measured (--code)."""


# --- Measuring -------------------------------------------------------------------------------


@dataclass
class Output:
    """What a build wrote."""

    bytes: int
    files: int
    largest: str
    """The largest HTML page, relative to the site."""
    largest_bytes: int


@dataclass
class Result:
    """Every measurement of one firm with one engine."""

    firm: str
    segments: int
    languages: int
    engine: str
    pages: int = 0
    """Markdown pages of the staged project, all languages."""
    cold: measure.Measured | None = None
    warm: list[measure.Measured] = field(default_factory=list)
    export: list[measure.Measured] = field(default_factory=list)
    alone: list[measure.Measured] = field(default_factory=list)
    floor: list[measure.Measured] = field(default_factory=list)
    """`handbook check` plus copying the export: what no export can take less than."""
    edited: list[measure.Measured] = field(default_factory=list)
    """`handbook build` after an edit of one segment's file."""
    alone_edited: list[measure.Measured] = field(default_factory=list)
    """The engine alone on the language the edit changed (the default: `edit` writes English)."""
    output: Output | None = None
    """The site `handbook build` wrote."""
    alone_output: Output | None = None
    """The site the engine alone wrote."""


def _env(cache: Path | None = None) -> dict[str, str]:
    """Return the environment of every measured process: quiet, dated, the measured code."""
    env = {**os.environ, "CI": "true", "NO_COLOR": "1", "PYTHONPATH": str(CODE)}
    env["SOURCE_DATE_EPOCH"] = str(EPOCH)
    if cache is not None:
        env["HANDBOOK_CACHE_DIR"] = str(cache)
    return env


def _handbook(*args: str) -> list[str]:
    return [sys.executable, "-m", "handbook", *args, "-q", "--today", TODAY]


def build(config: Path, engine: str, site: Path, cache: Path, timeout: float) -> measure.Measured:
    """Run `handbook build` of the firm at `config` into `site`."""
    command = _handbook("build", "-c", str(config), "-d", str(site), "--engine", engine)
    return measure.run(command, config.parent, _env(cache), timeout)


def export(config: Path, folder: Path, cache: Path, timeout: float) -> measure.Measured:
    """Run `handbook export` of the firm at `config` into `folder`."""
    command = _handbook("export", "-c", str(config), str(folder))
    return measure.run(command, config.parent, _env(cache), timeout)


def engine_alone(
    project: Path, engine: str, out: Path, cache: Path, timeout: float, default: bool = False
) -> measure.Measured:
    """Build each language project of an export into `out` with the engine alone; add up.

    `default`: the default language's project alone, the one an edit of English text changes.

    Zensical keeps the pages it rendered in `.cache` beside mkdocs.yml and finds them by
    path: the export is built from the same place each time (`cache`/project, moved there
    and back) with its cache in `cache`, so it is warm as `handbook build` is.
    """
    if engine == "mkdocs":
        return _engine_alone(project, engine, out, cache, timeout, default)
    cache.mkdir(parents=True, exist_ok=True)
    stable = project.rename(cache / "project")
    try:
        return _engine_alone(stable, engine, out, cache, timeout, default)
    finally:
        stable.rename(project)


def _engine_alone(
    project: Path, engine: str, out: Path, cache: Path, timeout: float, default: bool
) -> measure.Measured:
    configs = [project / "mkdocs.yml"]
    if not default:
        configs += sorted(project.glob("*/mkdocs.yml"))
    commands = []
    for config in configs:
        root = config.parent.relative_to(project)
        if engine == "mkdocs":
            command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
            command += ["-d", str(out / root)]
        else:  # zensical has no -d: it builds into the project's site_dir, site/
            command = [sys.executable, "-m", engine, "build", "-f", str(config)]
            kept = cache / (root.as_posix() if root.parts else "default")
            kept.mkdir(parents=True, exist_ok=True)
            link = config.parent / ".cache"
            if not link.is_symlink():
                link.symlink_to(kept, target_is_directory=True)
        commands.append((command, config.parent))
    runs = measure.side_by_side(commands, _env(), timeout, len(os.sched_getaffinity(0)))
    if engine != "mkdocs" and all(run.ok for run in runs.parts):
        for config in configs:  # laid out like mkdocs's: out/, out/<code>/
            site = out / config.parent.relative_to(project)
            site.parent.mkdir(parents=True, exist_ok=True)
            (config.parent / "site").rename(site)
    return runs.total


def edit(config: Path) -> None:
    """Change one segment's description in its own file, as a firm edits its firm.yaml: its
    English text (the first language's line), so the other languages' sites stay as built."""
    file = sorted((config.parent / "segments").glob("*.yaml"))[1]
    text = file.read_text(encoding="utf-8")
    marker = "description:"
    at = text.index(marker) + len(marker)
    line_end = text.index("\n", at)
    if text[at:line_end].strip():  # description: Text on its line: add a sentence
        text = text[:line_end] + " Edited." + text[line_end:]
    else:  # description: then one line per language
        nl = text.index("\n", line_end + 1)
        text = text[:nl] + " Edited." + text[nl:]
    file.write_text(text, encoding="utf-8")


def output(site: Path) -> Output:
    """Measure a site: bytes, files and its largest HTML page."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"] or files
    largest = max(pages, key=lambda p: p.stat().st_size)
    return Output(
        sum(p.stat().st_size for p in files),
        len(files),
        largest.relative_to(site).as_posix(),
        largest.stat().st_size,
    )


def floor(config: Path, staged: Path, copy: Path, timeout: float) -> measure.Measured:
    """Time what any export must do: start, load and check firm.yaml, write the files.

    That is `handbook check`, plus `cp -r` of an exported project (the same files written,
    nothing rendered).
    """
    check = [sys.executable, "-m", "handbook", "check", "-c", str(config)]
    checked = measure.run(check, config.parent, _env(), timeout)
    copied = measure.run(["cp", "-r", str(staged), str(copy)], config.parent, _env(), timeout)
    return measure.Measured(
        checked.code or copied.code,
        checked.seconds + copied.seconds,
        max(checked.peak_kb, copied.peak_kb),
        checked.stderr + copied.stderr,
        checked.cpu_seconds + copied.cpu_seconds,
    )


def measure_firm(
    segments: int, languages: bool, engines: list[str], repeat: int, timeout: float, work: Path
) -> list[Result]:
    """Generate one firm in `work` and measure it with each engine.

    Nothing is deleted until the whole run is over: the disk discards deleted blocks
    (`discard` mount option on the development machine), which slowed the file writes of
    the next measured run by up to 2× (0.6 s → 4 s of system time for the same export).
    """
    count = len(LANGUAGES) if languages else 1
    name = f"{segments} × {count} languages" if languages else f"{segments}"
    results = {e: Result(name, segments, count, e) for e in engines}
    config = firms.own(work / "firm", segments, languages, CODE)
    for engine, result in results.items():
        _progress(f"{name}: cold build, {engine}")
        result.cold = build(config, engine, _site(config, engine), work / engine, timeout)
    for r in range(repeat):
        staged = work / f"export-{r}"
        _progress(f"{name}: export, engine alone and warm build, run {r + 1} of {repeat}")
        # warm too: the cache the first engine's cold build filled (handout PDFs)
        exported = export(config, staged, work / engines[0], timeout)
        pages = len(list(staged.rglob("*.md"))) if exported.ok else 0
        least = floor(config, staged, work / f"copy-{r}", timeout) if exported.ok else None
        for engine, result in results.items():
            alone = work / f"alone-cache-{engine}"
            if r == 0 and exported.ok and engine != "mkdocs":  # warms the engine's cache
                engine_alone(staged, engine, work / f"warm-up-{engine}", alone, timeout)
            result.export.append(exported)
            if least is not None:
                result.floor.append(least)
            result.pages = result.pages or pages
            if exported.ok:
                out = work / f"alone-{engine}-{r}"
                result.alone.append(engine_alone(staged, engine, out, alone, timeout))
                if result.alone[-1].ok:
                    result.alone_output = output(out)
                out = work / f"alone-{engine}-{r}-default"
                run = engine_alone(staged, engine, out, alone, timeout, default=True)
                result.alone_edited.append(run)
            if result.cold is not None and result.cold.ok:
                # A new site folder: a site built from the same staging is kept (builtsite.py).
                site = _site(config, engine, f"warm-{r}")
                result.warm.append(build(config, engine, site, work / engine, timeout))
    for engine, result in results.items():
        site = _site(config, engine)
        if result.cold is not None and result.cold.ok:
            _progress(f"{name}: a build of the site the edits rebuild, {engine}")
            build(config, engine, site, work / engine, timeout)  # the cache's record: this site
            for r in range(repeat):
                _progress(f"{name}: an edit of one segment, then a build, {engine}, run {r + 1}")
                edit(config)
                result.edited.append(build(config, engine, site, work / engine, timeout))
        if site.is_dir() and any(site.iterdir()):
            result.output = output(site)
    return list(results.values())


def _site(config: Path, engine: str, run: str = "") -> Path:
    """Return where the firm's site is built: in its project folder, as `site/` is, so that
    each build reads the feeds the last one published there (stage.PublishedFeeds)."""
    return config.parent / (f"site-{engine}-{run}" if run else f"site-{engine}")


def _progress(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


# --- Reporting -------------------------------------------------------------------------------


def _median(runs: Sequence[measure.Measured], cpu: bool = False) -> float | None:
    """Return the median wall (or CPU) seconds of the runs that worked, None if none did."""
    good = [run.cpu_seconds if cpu else run.seconds for run in runs if run.ok]
    return statistics.median(good) if good else None


def _peak(runs: Sequence[measure.Measured | None]) -> float | None:
    """Return the largest peak RSS of the runs, failed ones included (up to their end)."""
    peaks = [run.peak_mb for run in runs if run is not None]
    return max(peaks) if peaks else None


def failure(runs: Sequence[measure.Measured | None]) -> str | None:
    """Return the message of the first run that failed: its last line that says something."""
    for run in runs:
        if run is not None and not run.ok:
            lines = [
                re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in run.stderr.splitlines()
            ]
            said = [line for line in lines if line and not line.startswith("Traceback")]
            return f"exit {run.code}: {said[-1] if said else 'no message'}"
    return None


def _seconds(runs: Sequence[measure.Measured | None]) -> str:
    """Return the median wall and CPU time of the runs, or when the first one failed."""
    done = [run for run in runs if run is not None]
    wall, cpu = _median(done), _median(done, cpu=True)
    if wall is not None and cpu is not None:
        return f"{wall:.1f} s ({cpu:.1f} s CPU)"
    if done:
        return f"failed after {done[0].seconds:.1f} s ({done[0].cpu_seconds:.1f} s CPU)"
    return "–"


def _ratio(top: list[measure.Measured], bottom: list[measure.Measured], percent: bool) -> str:
    """Return the ratio of two medians, wall time and CPU time."""
    parts = []
    for cpu in (False, True):
        a, b = _median(top, cpu), _median(bottom, cpu)
        if a is None or not b:
            return "–"
        parts.append(f"{a / b:.0%}" if percent else f"{a / b:.2f}×")
    return f"{parts[0]} ({parts[1]} CPU)"


def _mb(size: float) -> str:
    return f"{size / 1e6:,.1f} MB" if size < 1e9 else f"{size / 1e9:,.2f} GB"


def _output_of(result: Result) -> tuple[Output | None, str]:
    """Return the site `handbook build` wrote, else the engine alone's, and which it is."""
    if result.output is not None:
        return result.output, ""
    return result.alone_output, " (engine alone)"


HEADER = [
    "segments",
    "engine",
    "pages",
    "`handbook build` warm",
    "cold",
    "per page, warm",
    "`handbook export`",
    "engine alone",
    "after an edit",
    "handbook / engine",
    "export / engine",
    "peak RSS handbook / engine",
    "output",
    "largest page",
]


def row(result: Result) -> list[str]:
    """Return the table cells of one firm with one engine."""
    warm = _median(result.warm)
    per_page = f"{warm / result.pages * 1000:.0f} ms" if warm and result.pages else "–"
    rss = _peak([result.cold, *result.warm])
    rss_alone = _peak(result.alone)
    out, whose = _output_of(result)
    return [
        result.firm,
        result.engine,
        f"{result.pages:,}",
        _seconds(result.warm),
        _seconds([result.cold]),
        per_page,
        _seconds(result.export),
        _seconds(result.alone),
        _seconds(result.edited),
        _ratio(result.warm, result.alone, percent=False),
        _ratio(result.export, result.alone, percent=True),
        (f"{rss:,.0f}" if rss else "–") + " / " + (f"{rss_alone:,.0f} MB" if rss_alone else "–"),
        f"{_mb(out.bytes)}, {out.files:,} files{whose}" if out else "–",
        f"{out.largest}, {out.largest_bytes / 1e3:,.0f} kB{whose}" if out else "–",
    ]


def table(results: list[Result]) -> list[str]:
    """Return the Markdown table of every result."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    return lines + ["| " + " | ".join(row(result)) + " |" for result in results]


def _target(what: str, said: str | None, ok: bool | None) -> str:
    """Return one row of the targets table."""
    verdict = "not measured" if ok is None else ("**met**" if ok else "**not met**")
    return f"| {what} | {said or '–'} | {verdict} |"


def targets(results: list[Result]) -> list[str]:
    """Return the table of the targets of issue 14, each met, not met or not measured."""
    lines = ["| target | measured | verdict |", "|---|---|---|"]
    single = [r for r in results if r.languages == 1]
    largest = {r.engine: r for r in single if r.segments == LARGEST}
    for engine in dict.fromkeys([*TARGETS, *largest]):
        found = largest.get(engine)
        name = f"{LARGEST} segments, `--engine {engine}`"
        if found is None:
            lines.append(_target(f"{name}: time, RSS, output, generator share", None, None))
            continue
        built = found.cold is not None and found.cold.ok
        broke = f"the cold build {_seconds([found.cold])}: {failure([found.cold])}"
        limit = TARGETS.get(engine)
        said: str | None
        if limit is not None:
            warm = _median(found.warm)
            said = _seconds(found.warm) if warm else broke
            ok = bool(warm and warm < limit)
            lines.append(_target(f"{name}: warm build < {limit:.0f} s", said, ok))
        rss = _peak([found.cold, *found.warm])
        said = f"{rss:,.0f} MB{'' if built else ', until the build failed'}" if rss else None
        ok = bool(built and rss and rss < MAX_RSS_MB)
        lines.append(_target(f"{name}: peak RSS < {MAX_RSS_MB} MB", said, ok))
        out, whose = _output_of(found)
        said = f"{_mb(out.bytes)}{whose}" if out else None
        ok = bool(out and out.bytes < MAX_OUTPUT_MB * 1e6)
        lines.append(_target(f"{name}: output < {MAX_OUTPUT_MB} MB", said, ok))
        exported, alone = _median(found.export), _median(found.alone)
        share = _ratio(found.export, found.alone, percent=True)
        ok = bool(exported and alone and exported / alone <= MAX_SHARE)
        what = f"{name}: `handbook export` ≤ {MAX_SHARE:.0%} of the engine alone"
        said = share if alone else failure(found.alone)
        if found.floor and alone:
            least = _ratio(found.floor, found.alone, percent=True)
            said = f"{said}; floor (`handbook check` + copying the export) {least}"
        lines.append(_target(what, said, ok))
    return lines + _linearity(single)


def edit_share(result: Result) -> tuple[str, bool | None]:
    """Say what a rebuild after an edit takes beyond the engine alone on what the edit changed
    (the default language's project), over that engine alone."""
    edited, alone = _median(result.edited), _median(result.alone_edited)
    if edited is None or not alone:
        return "–", None
    cpu_edited = _median(result.edited, cpu=True)
    cpu_alone = _median(result.alone_edited, cpu=True)
    share = (edited - alone) / alone
    said = f"{share:.0%} ({_seconds(result.edited)} against {_seconds(result.alone_edited)}"
    said += " for the edited language's project"
    if len(result.alone_edited) and result.languages > 1:
        said += f"; all {result.languages} languages' {_seconds(result.alone)}"
    said += ")"
    if cpu_edited is not None and cpu_alone:
        said += f"; CPU {(cpu_edited - cpu_alone) / cpu_alone:.0%}"
    return said, share <= MAX_SHARE


def large_firm_targets(results: list[Result]) -> list[str]:
    """Return the rows of issue 28's targets: the multilingual firm, and rebuilds after an edit."""
    lines = []
    for found in (r for r in results if r.languages > 1):
        name = f"{found.segments} segments × {found.languages} languages, `--engine {found.engine}`"
        if found.engine == "mkdocs":
            warm = _median(found.warm)
            ok = bool(warm and warm < LANGUAGE_TARGET)
            said = _seconds(found.warm) if warm else failure([found.cold, *found.warm])
            lines.append(_target(f"{name}: warm build < {LANGUAGE_TARGET:.0f} s", said, ok))
        said, met = edit_share(found)
        what = (
            f"{name}: after an edit of one segment, the generator ≤ {MAX_SHARE:.0%} of the engine"
        )
        lines.append(_target(what, said, met))
    return lines


Getter = Callable[["Result"], float | None]


def _growth(
    points: list[tuple[int, float | None]],
) -> tuple[tuple[int, int, int], tuple[float, float]] | None:
    """Return the smallest, middle and largest sizes and the growth per segment between them.

    None unless every size was measured and there are three.
    """
    known = [(size, value) for size, value in points if value is not None]
    if len(known) < 3 or len(known) < len(points):
        return None
    (s1, x1), (s2, x2), (s3, x3) = known[0], known[-2], known[-1]
    first, last = (x2 - x1) / (s2 - s1), (x3 - x2) / (s3 - s2)
    return (s1, s2, s3), (first, last)


def _warm_cpu(result: Result) -> float | None:
    return _median(result.warm, cpu=True)


def _warm_wall(result: Result) -> float | None:
    return _median(result.warm)


def _alone_cpu(result: Result) -> float | None:
    return _median(result.alone, cpu=True)


def _alone_wall(result: Result) -> float | None:
    return _median(result.alone)


def _own_size(result: Result) -> float | None:
    return result.output.bytes / 1e6 if result.output else None


def _alone_size(result: Result) -> float | None:
    return result.alone_output.bytes / 1e6 if result.alone_output else None


def _linearity(single: list[Result]) -> list[str]:
    """Return the rows of the linear-growth targets: time and output per engine.

    Time is judged on CPU time, which other work on the machine hardly moves; the growth of
    wall time is given beside it.
    """
    lines = []
    for engine in dict.fromkeys(r.engine for r in single):
        rows = sorted((r for r in single if r.engine == engine), key=lambda r: r.segments)
        own = all(r.output for r in rows)
        size = ("output size", _own_size) if own else ("engine alone's output size", _alone_size)
        measures: list[tuple[str, str, Getter, Getter | None]] = [
            ("`handbook build` warm CPU time", "s", _warm_cpu, _warm_wall),
            ("engine alone CPU time", "s", _alone_cpu, _alone_wall),
            (size[0], "MB", size[1], None),
        ]
        for what, unit, value, wall in measures:
            growth = _growth([(r.segments, value(r)) for r in rows])
            step = f"growth per segment in the last step ≤ {LINEAR}× the first"
            name = f"{what} grows linearly ({engine}): {step}"
            if growth is None:
                measured = ", ".join(str(r.segments) for r in rows if value(r) is not None)
                said = f"measured at {measured or 'no'} segments only; three sizes are needed"
                lines.append(_target(name, said, None))
                continue
            (s1, s2, s3), (first, last) = growth
            said = (
                f"{first:.3g} {unit} per segment {s1}→{s2}, {last:.3g} {unit} per segment "
                f"{s2}→{s3}" + (f" ({last / first:.2f}×)" if first > 0 else "")
            )
            walls = _growth([(r.segments, wall(r)) for r in rows]) if wall else None
            if walls is not None and walls[1][0] > 0:
                said += f"; wall time {walls[1][1] / walls[1][0]:.2f}×"
            lines.append(_target(name, said, last / first <= LINEAR if first > 0 else None))
    return lines


def _label(result: Result) -> str:
    """Name a firm in a sentence."""
    if result.languages == 1:
        return f"{result.segments} segments"
    return f"{result.segments} segments × {result.languages} languages"


def failures(results: list[Result]) -> list[str]:
    """Return one line per failed step, with its message."""
    lines = []
    for r in results:
        steps: list[tuple[str, Sequence[measure.Measured | None]]] = [
            ("cold build", [r.cold]),
            ("warm build", r.warm),
            ("export", r.export),
            ("engine alone", r.alone),
            ("build after an edit", r.edited),
        ]
        for step, runs in steps:
            message = failure(runs)
            if message:
                lines.append(f"- {_label(r)}, {r.engine}, {step}: {message}")
    return lines


def machine() -> list[str]:
    """Describe where and on what this ran."""
    cpu = platform.processor() or "unknown CPU"
    memory = ""
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.findall(r"model name\s*:\s*(.+)", info)[0].strip()
        kb = int(re.findall(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())[0])
        memory = f", {kb / 1024**2:.1f} GiB RAM"
    except (OSError, IndexError):
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} not installed")
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.platform()}",
        f"- Python {platform.python_version()}; {', '.join(versions)}",
        f"- Code: {_commit()}",
    ]


def _commit() -> str:
    """Return the commit measured and whether the tree had uncommitted changes."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=CODE, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = [line for line in git("status", "--porcelain").splitlines() if line]
    where = "this checkout" if CODE == ROOT else str(CODE)
    state = f"uncommitted changes in {len(changed)} files" if changed else "no uncommitted changes"
    return f"{where} at commit {commit}, {state}"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def report(
    results: list[Result],
    command: str,
    started: datetime.datetime,
    load: str,
    repeat: int,
    done: bool,
) -> str:
    """Return the Markdown of results.md."""
    end = f"{_load()} at the end" if done else "**stopped before the end**"
    lines = [
        "# Build scale",
        "",
        f"`.venv/bin/python {command}`, {started:%Y-%m-%d %H:%M %Z} "
        f"(load average {load} at the start, {end}).",
        "",
        *machine(),
        "",
        "Synthetic firms (benchmarks/firms.py): the demo's segments copied under new slugs, "
        "each with its own copy of every package, video and deadline it uses (nothing "
        "shared), split into one file per segment in segments/, deadlines/, videos/ and "
        f"packages/; English only, except the firm in {len(LANGUAGES)} languages "
        f"({', '.join(LANGUAGES)}). Build date {TODAY}. Warm times are the median of "
        f"{repeat} run{'s' if repeat > 1 else ''}, taken alternately with `handbook export` "
        "and the engine alone on the exported project (one process per language project, "
        "side by side on the machine's cores, as `handbook build` runs them; Zensical "
        "reusing the cache of rendered pages that handbook's builds keep). A warm build has "
        "the cache of the builds before it and a new site folder, so that every language "
        "goes through the engine (a site built from the same staging is kept whole); cold is "
        'one build with a new cache and no site. "After an edit" is `handbook build` of the '
        "site in the firm's folder after one segment's English description changed in its "
        "own file; its generator share is what it takes beyond the engine alone on the "
        "English project (the one language the edit changed), over that engine alone. "
        "Wall time, then CPU time "
        "(user + system, children included), which other work on a shared machine hardly "
        "moves. Peak RSS is the process's and its children's (VmHWM; forked workers that "
        "share the parent's memory are not added). Pages are the Markdown pages of the "
        "staged project. Output is the site that `handbook build` wrote, or the engine "
        "alone's where `handbook build` failed.",
        "",
        *table(results),
        "",
        "## Targets (issues 14 and 28)",
        "",
        *targets(results),
        *large_firm_targets(results),
    ]
    failed = failures(results)
    if failed:
        lines += ["", "## Failures", "", *failed]
    return "\n".join(lines) + "\n"


def main() -> int:
    global CODE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", default="5,20,60", help="sizes, comma-separated")
    parser.add_argument(
        "--languages",
        action="store_true",
        help=f"also a firm of {LANGUAGE_FIRM} segments in {', '.join(LANGUAGES)}",
    )
    parser.add_argument("--engines", default="mkdocs,zensical", help="comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (median)")
    parser.add_argument("--quick", action="store_true", help="first engine, one warm run")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds per process")
    parser.add_argument(
        "--code",
        type=Path,
        default=ROOT,
        help="checkout to measure, e.g. a `git worktree` of one commit (default: this one)",
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks" / "results.md", help="Markdown file"
    )
    args = parser.parse_args()
    CODE = args.code.resolve()
    sizes = [int(s) for s in args.segments.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    repeat = args.repeat
    if args.quick:
        engines, repeat = engines[:1], 1
    firms = [(n, False) for n in sizes] + ([(LANGUAGE_FIRM, True)] if args.languages else [])
    if not firms or not engines:
        parser.error("nothing to measure: give --segments and --engines")
    command = " ".join(["benchmarks/scale.py", *sys.argv[1:]])
    started, load = datetime.datetime.now().astimezone(), _load()
    results: list[Result] = []
    text = ""
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        for segments, languages in firms:
            work = Path(tmp) / f"{segments}-{'languages' if languages else 'en'}"
            measured = measure_firm(segments, languages, engines, repeat, args.timeout, work)
            results += measured
            for line in table(measured)[2:]:
                print(line, flush=True)
            done = len(results) == len(firms) * len(engines)
            text = report(results, command, started, load, repeat, done)
            args.output.write_text(text, encoding="utf-8")  # so far, in case it is stopped
    print("\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
