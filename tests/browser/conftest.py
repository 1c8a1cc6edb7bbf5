"""Headless Chromium (Debian's /usr/bin/chromium), a local server for built sites, and the
demo built with each engine (the `engine` fixture: mkdocs and zensical)."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from handbook.engines import ENGINES
from tests.conftest import build_copy, shared_build

# Debian's Chromium, or the Chrome or Chromium that HANDBOOK_CHROMIUM names (Ubuntu's chromium
# package is a snap, which Playwright cannot drive; README, "The two commands").
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM") or "/usr/bin/chromium"
# Without these, Chromium tries Google services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run the README's test command, which installs Debian's"
            " chromium, or set HANDBOOK_CHROMIUM to a Chrome or Chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tab(browser: Browser) -> Iterator[Callable[[int, int], Page]]:
    """Return the worker's one page of a viewport size, opened once and reused by each test.

    Opening a page costs Chromium about 0.2 s, as much as loading one of ours: tests that only
    open pages and read them share one a size. A test that listens to a page's events, routes
    its requests or changes its media makes a page of its own.
    """
    pages: dict[tuple[int, int], Page] = {}

    def get(width: int, height: int) -> Page:
        if (width, height) not in pages or pages[(width, height)].is_closed():
            pages[(width, height)] = browser.new_page(viewport={"width": width, "height": height})
        return pages[(width, height)]

    yield get
    for page in pages.values():
        page.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A page closed while a file was still being sent is not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """Return a function that serves a folder on 127.0.0.1 and gives its base URL."""
    servers: list[_Server] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


BROWSER_ENGINES = [engine for engine in ENGINES if engine != "properdocs"]
"""The engines whose sites the browser tests open: ProperDocs is left out because its HTML
is MkDocs' byte for byte but for the generator line (tests/test_engines.py proves it)."""

ENGINE_PARAMS = [
    engine if engine == ENGINES[0] else pytest.param(engine, marks=pytest.mark.slow)
    for engine in BROWSER_ENGINES
]
"""The engines a browser test runs on; the ones that are not the default are marked slow."""


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def engine(request: pytest.FixtureRequest) -> str:
    """The engine a test runs on: the test runs once per engine, with ids like `[zensical]`."""
    return str(request.param)


class DemoSites:
    """The demo firm built with each engine, once per test run (shared by the xdist workers,
    whatever order the modules that use it run in), and served on 127.0.0.1 by each worker."""

    def __init__(self, factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> None:
        self._factory = factory
        self._serve = serve
        self._built: dict[str, tuple[Path, str]] = {}

    def project(self, engine: str) -> Path:
        """The demo project built with `engine` (its site is in `site/`)."""
        return self._build(engine)[0]

    def url(self, engine: str) -> str:
        """The base URL of the demo built with `engine`."""
        return self._build(engine)[1]

    def _build(self, engine: str) -> tuple[Path, str]:
        if engine not in self._built:
            make = functools.partial(build_copy, engine=engine)
            project = shared_build(self._factory, f"demo-{engine}", make)
            self._built[engine] = (project, self._serve(project / "site"))
        return self._built[engine]


@pytest.fixture(scope="session")
def demo_sites(
    tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]
) -> DemoSites:
    """The demo built with each engine, on demand. Tests must not change its files."""
    return DemoSites(tmp_path_factory, serve_dir)
