"""Work per language side by side: each language staged, then built, on a core of its own.

A site in three languages is three MkDocs projects: built one after the other they took
24.6 s at 60 segments; on two cores, side by side, about half (benchmarks/results.md).
stage.py and build.py call `side_by_side`; handouts.py renders in-process in its workers.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def cores() -> int:
    """Return how many processes to build with: $HANDBOOK_JOBS, else the cores this may use."""
    jobs = os.environ.get("HANDBOOK_JOBS", "")
    if jobs.isdigit() and int(jobs) > 0:
        return int(jobs)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def side_by_side(function: Callable[..., T], jobs: Sequence[tuple[Any, ...]]) -> list[T]:
    """Return `[function(*job) for job in jobs]`, the jobs run in forked processes if it helps.

    With one job or one core, or where a process cannot fork (macOS and Windows start a new
    interpreter instead, which costs more than it saves here), the jobs run in this process,
    in order. Otherwise one forked worker per core, at most one per job: a fork starts in
    milliseconds and inherits what this process compiled (handbook.compiled). A job's
    exception is raised here. The workers ignore Ctrl+C: this process stops them and raises
    KeyboardInterrupt itself, so a stopped build prints no worker's traceback.
    """
    workers = min(len(jobs), cores())
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(*job) for job in jobs]
    # The workers inherit the jobs when they are forked: only an index and a result cross,
    # so a job may hold what cannot be pickled (template environments, open caches).
    _JOBS[:] = [functools.partial(function, *job) for job in jobs]
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts)
    try:
        pending = [pool.apply_async(_run, (i,)) for i in range(len(jobs))]
        results: list[T] = [result.get() for result in pending]
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
        _JOBS.clear()
    return results


_JOBS: list[Callable[[], Any]] = []
"""The jobs of the running `side_by_side`, for its forked workers."""


def _run(index: int) -> Any:
    return _JOBS[index]()


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
