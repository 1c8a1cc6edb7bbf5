"""Count the tool's English lines left on a built site in another language.

    .venv/bin/python benchmarks/english_left.py SITE_DIR LANGUAGE

Opens every page of SITE_DIR (a built site, or the tree of one language in it) in headless
Chromium, lets its scripts run, and prints each distinct visible line that holds a piece of
an English catalog message which LANGUAGE's catalog does not also use, then their count.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from handbook.i18n.leftovers import english_fragments, english_lines


def main() -> int:
    site, language = Path(sys.argv[1]).resolve(), sys.argv[2]
    # Another language's tree inside this one has its own 404 page: leave it out.
    trees = {p.parent for p in site.rglob("404.html") if p.parent != site}
    pages = sorted(p for p in site.rglob("index.html") if not trees & set(p.parents))
    fragments = english_fragments(language)
    found: set[str] = set()
    with sync_playwright() as pw:
        chromium = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        for path in pages:
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            found |= english_lines(page.inner_text("body"), fragments)
        browser.close()
    for line in sorted(found):
        print(line)
    print(f"{len(found)} distinct English lines on {len(pages)} pages ({language})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
