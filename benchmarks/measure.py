"""Run one command as a child process and measure it: wall time, CPU time and peak RSS.

Shared by the benchmarks in this folder (`worst_inputs.py`, `scale.py`). Peak RSS is
polled from /proc (VmHWM) every 50 ms over the process and every process it starts (e.g.
`handbook build --engine zensical` runs Zensical as a child): the largest sum of the
high-water marks of the processes alive at one reading, an upper bound of the tree's peak
and exact for a single process. CPU time (user + system, the process and the children it
waited for) is the change in this process's RUSAGE_CHILDREN, so only one command may run
at a time (or one group of them, `side_by_side`); unlike wall time, it hardly moves when
other work shares the machine.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

POLL = 0.05
"""Seconds between two readings of /proc."""


@dataclass
class Measured:
    """One finished (or killed) process."""

    code: int | str
    """The exit code, or why it was killed."""
    seconds: float
    peak_kb: int
    """Peak resident memory of the process and its children, in kB."""
    stderr: str
    cpu_seconds: float = 0.0
    """User and system time of the process and its children."""

    @property
    def ok(self) -> bool:
        """Return whether the process exited with 0."""
        return self.code == 0

    @property
    def peak_mb(self) -> float:
        """Return the peak resident memory in MB (10^6 bytes)."""
        return self.peak_kb * 1024 / 1e6


def high_water(pid: int | str) -> int:
    """Return the process's peak resident memory so far in kB (VmHWM), 0 once it is gone.

    Polled rather than read from wait4's rusage: a forked child starts with its parent's
    high-water mark, which here holds every generated input.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    """Return the ids of the processes started by any thread of `pid`."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _program(pid: int | str) -> bytes:
    """Return the command line of a process, empty once it is gone."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _tree_high_water(root: int) -> int:
    """Return the sum of VmHWM over `root` and its living descendants, in kB.

    A process that still runs its parent's program (forked, not yet exec'd) shares its
    parent's memory and reports its parent's high-water mark: it is left out.
    """
    total, todo = 0, [(root, _program("self"))]
    while todo:
        pid, parent = todo.pop()
        program = _program(pid)
        if program and program != parent:
            total += high_water(pid)
        todo += [(child, program) for child in _children(pid)]
    return total


def run(
    command: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    timeout: float,
) -> Measured:
    """Run `command` to its end (or kill it after `timeout` s); measure time and peak RSS.

    The peak is the largest sum, at one reading, of the high-water marks of the processes
    alive then: programs that run one after the other are not added up.
    """
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    # communicate() keeps what it has read across timeouts and returns all of it at the end.
    code: int | str | None = None
    stderr = ""
    while code is None:
        peak = max(peak, _tree_high_water(process.pid))
        try:
            stderr = process.communicate(timeout=POLL)[1] or ""
            code = process.returncode
        except subprocess.TimeoutExpired:
            if time.perf_counter() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)  # and the engine it started
                stderr = process.communicate()[1] or ""
                code = f"killed after {timeout:.0f} s"
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Measured(code, seconds, peak, stderr, cpu)


@dataclass
class Group:
    """Commands run side by side: each one's own run, and the group's."""

    parts: list[Measured]
    total: Measured
    """The group's wall and CPU time, the largest peak of `workers` parts at once, all stderr."""


def side_by_side(
    commands: Sequence[tuple[Sequence[str], Path]],
    env: Mapping[str, str],
    timeout: float,
    workers: int,
) -> Group:
    """Run (command, folder) pairs `workers` at a time, as `handbook build` runs its engines.

    The parts' own CPU times are not theirs (RUSAGE_CHILDREN counts every child that
    ended): only the group's is.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with ThreadPoolExecutor(max(1, workers)) as pool:
        parts = list(pool.map(lambda c: run(c[0], c[1], env, timeout), commands))
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    failed = [part for part in parts if not part.ok]
    peaks = sorted((part.peak_kb for part in parts), reverse=True)[: max(1, workers)]
    stderr = "".join(part.stderr for part in parts)
    return Group(parts, Measured(failed[0].code if failed else 0, seconds, sum(peaks), stderr, cpu))
