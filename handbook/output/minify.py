"""Minify the site's own scripts and stylesheets as they are staged; their sources stay readable."""

from __future__ import annotations

import rcssmin
import rjsmin


def minified(name: str, data: bytes) -> bytes:
    """Return a staged file's bytes, minified if it is a script or stylesheet not minified yet."""
    if name.endswith((".min.js", ".min.css")):
        return data
    if name.endswith(".js"):
        text: str = rjsmin.jsmin(data.decode("utf-8"))
    elif name.endswith(".css"):
        text = rcssmin.cssmin(data.decode("utf-8"))
    else:
        return data
    return text.encode("utf-8")
