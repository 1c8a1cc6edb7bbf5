"""Minify the site's own scripts and stylesheets as they are staged; their sources stay readable."""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin


def minify_assets(folder: Path) -> None:
    """Minify every .js and .css file under `folder` in place, except files already minified."""
    for path in sorted(folder.rglob("*")):
        if path.name.endswith((".min.js", ".min.css")) or not path.is_file():
            continue
        if path.suffix == ".js":
            text = rjsmin.jsmin(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            text = rcssmin.cssmin(path.read_text(encoding="utf-8"))
        else:
            continue
        path.write_text(text, encoding="utf-8")
