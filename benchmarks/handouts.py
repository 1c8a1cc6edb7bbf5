"""Benchmark the PDF handouts on the demo firm, all figures from one run.

Targets (issue 6): one handout costs at most about a second on a 2-core machine, and a
rebuild whose handouts did not change renders none (it copies them from the cache).

    .venv/bin/python benchmarks/handouts.py

Exits 1 when a handout takes more than 1.2 s or a warm rebuild renders any handout.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)


def main() -> int:
    from handbook.build import build
    from handbook.output.handouts import render_html, render_pdf, shared_context
    from handbook.pages.render import html_environment
    from handbook.pages.site import Site
    from handbook.progress import Reporter
    from handbook.project import Project

    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    try:
        for name in ("firm.yaml", "mkdocs.yml"):
            shutil.copy(ROOT / name, work / name)
        for name in ("docs", "assets", "media"):
            shutil.copytree(ROOT / name, work / name)
        os.environ["HANDBOOK_CACHE_DIR"] = str(work / "cache")
        project = Project(work / "firm.yaml")
        firm = project.firm
        site = Site(firm, TODAY, firm.locale.language, project.site_url)
        env = html_environment(project.folder)
        shared = shared_context(site, work / "assets" / "logo.svg")

        start = time.perf_counter()
        import weasyprint  # noqa: F401  (timed: a build pays it once, and only to render)

        load = time.perf_counter() - start
        per_handout = []
        for segment in firm.segments:
            html = render_html(env, shared, segment, site.links.absolute(f"{segment.slug}/"), None)
            start = time.perf_counter()
            render_pdf(html)  # returns (pdf, warnings)
            per_handout.append(time.perf_counter() - start)

        quiet = Reporter(quiet=True)
        start = time.perf_counter()
        cold = build(project, work / "site", today=TODAY, reporter=quiet)
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        warm = build(project, work / "site", today=TODAY, reporter=quiet)
        warm_s = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"WeasyPrint import (once per build that renders): {load:.2f} s")
    print(
        f"one handout: median {statistics.median(per_handout):.2f} s, "
        f"max {max(per_handout):.2f} s over {len(per_handout)} segments"
    )
    print(f"cold build ({cold.summary()}): {cold_s:.2f} s")
    print(f"warm rebuild ({warm.summary()}): {warm_s:.2f} s")
    print(f"warm / cold build time: {warm_s / cold_s:.2f}")
    ok = max(per_handout) <= 1.2 and warm.handouts.rendered == 0
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
