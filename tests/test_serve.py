"""`handbook serve`: the preview rebuilds on save, and shows a failed rebuild in the browser."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import TODAY

Run = Callable[..., Result]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode())


def _poll(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@pytest.fixture
def served(small: Path) -> Iterator[tuple[Path, str]]:
    port = _free_port()
    command = [sys.executable, "-m", "handbook", "serve", "-c", str(small / "firm.yaml")]
    process = subprocess.Popen(
        [*command, "-a", f"127.0.0.1:{port}", "--today", TODAY],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield small, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_rebuilds_on_save_and_shows_a_failed_rebuild_in_the_page(
    served: tuple[Path, str],
) -> None:
    project, url = served
    assert _poll(lambda: "Nowak &amp; Daughters" in _fetch(url))
    page = url + "books/"
    home = _fetch(url)
    stylesheet = re.search(r'href="(assets/stylesheets/[^"]+\.css)"', home)
    assert stylesheet, home
    css = _fetch(url + stylesheet.group(1))
    firm = project / "firm.yaml"
    firm.write_text(firm.read_text().replace("name: Nowak & Daughters", "name: Nowak Renamed"))
    assert _poll(lambda: "Nowak Renamed" in _fetch(page))

    # A mistake: the page being read turns into the error, at its place in firm.yaml.
    lines = firm.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "relationship: personal" in text)
    column = lines[line - 1].index("personal") + 1
    firm.write_text(firm.read_text().replace("relationship: personal", "relationship: x"))
    assert _poll(lambda: "did not build" in _fetch(page)), _fetch(page)
    error = _fetch(page)
    assert f"firm.yaml:{line}:{column}" in error
    assert "segments[0].relationship: must be one of personal, automated; got &#39;x&#39;" in error
    assert "Nowak Renamed" not in error and "/livereload/" in error  # it reloads by itself
    assert "did not build" in _fetch(url)  # every page says so, not only the one being read
    assert _fetch(url + stylesheet.group(1)) == css  # the last good site is still there

    firm.write_text(firm.read_text().replace("relationship: x", "relationship: personal"))
    assert _poll(lambda: "Nowak Renamed" in _fetch(page))
    assert "did not build" not in _fetch(url)


def test_serve_help_tells_of_the_error_page(run: Run) -> None:
    result = run("serve", "--help")
    assert "every page in the browser is an error page" in " ".join(result.output.split())
