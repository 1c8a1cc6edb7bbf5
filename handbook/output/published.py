"""The feed a site last published, for a build with no previous site in its folder.

A fresh checkout (the Pages workflow) has no `site/` to compare with, so an event whose date
changed would keep SEQUENCE 0 and a one-off import would never update. With
`--published-feeds` the build reads the published firm feed instead: from the project's
`gh-pages` branch if it has one (`handbook deploy` pushes there), else from `site_url` over
HTTPS. What it reads is not trusted: only each event's UID, SEQUENCE and dates are used
(ics.versions), the download is bounded in size and time, and only the site's own feed URL is
fetched. Any failure is a warning and the build goes on counting from 0.
"""

from __future__ import annotations

import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

LIMIT = 5_000_000
"""The largest feed read, in bytes."""
TIMEOUT = 10
"""Seconds a download may take."""


def from_branch(project_folder: Path, path: str) -> bytes | None:
    """Return `path` as the project's gh-pages branch (or origin's) holds it, if it does."""
    for ref in ("gh-pages", "origin/gh-pages"):
        try:
            done = subprocess.run(
                ["git", "-C", str(project_folder), "show", f"{ref}:{path}"],
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        if done.returncode == 0 and len(done.stdout) <= LIMIT:
            return done.stdout
    return None


def from_site(site_url: str, path: str) -> bytes:
    """Download `path` of the published site; raise OSError or ValueError on any failure."""
    url = urljoin(site_url if site_url.endswith("/") else site_url + "/", path)
    if urlsplit(url).scheme != "https" or urlsplit(url).netloc != urlsplit(site_url).netloc:
        raise ValueError(f"{url} is not an https address of the site")
    request = urllib.request.Request(url, headers={"User-Agent": "handbook"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        data: bytes = response.read(LIMIT + 1)
    if len(data) > LIMIT:
        raise ValueError(f"{url} is over {LIMIT:,} bytes")
    return data
