"""Live preview: build into a temporary folder, serve it, rebuild when an input changes.

A rebuild that fails leaves the last good site in the folder as it was, and every page the
browser asks for is the error page instead, with each problem's file:line:col and message;
MkDocs' live reload brings the site back at the next good build.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click
from markupsafe import Markup
from mkdocs.livereload import LiveReloadServer

from handbook.build import build
from handbook.calendar.today import build_date
from handbook.commands.options import build_summary, summary
from handbook.errors import HandbookError, InputError, Problem
from handbook.i18n.cli import _
from handbook.input.includes import firm_files
from handbook.progress import Reporter
from handbook.project import Project

POLL = 0.25
"""Seconds between two scans of the watched inputs."""
_STYLE = Markup(
    "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;"
    "color:#1a1a1a}h1{font-size:1.4rem;color:#b00020}li{margin:.5rem 0;overflow-wrap:anywhere}"
    "code{font-weight:600}"
)
_PAGE = Markup(
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Build failed: handbook preview</title><style>{style}</style></head><body>"
    "<h1>The last change did not build</h1><ul>{problems}</ul><p>{advice}</p></body></html>"
)
_ADVICE = (
    "Fix what is listed and save: this page turns back into the site at the next good "
    "build. The last good site is kept until then."
)


def _watched(project: Project) -> list[Path]:
    """Return the inputs whose changes trigger a rebuild.

    The files firm.yaml includes are watched by their folder (but the project folder's own
    files each alone), so a new file that an `!include segments/*.yaml` matches is seen too.
    """
    included = firm_files(project.config_file)[1:]
    folders = {p.parent for p in included if p.parent.resolve() != project.folder}
    candidates = [
        project.config_file.resolve(),
        *sorted(folders),
        *[p for p in included if p.parent.resolve() == project.folder],
        project.mkdocs_yml,
        project.docs,
        project.templates,
        project.folder / "assets",
        project.folder / "locales",
    ]
    return [p for p in candidates if p.exists()]


def error_page(error: Exception) -> bytes:
    """Return the HTML page that lists why a rebuild failed, each problem at its place."""
    if isinstance(error, InputError):
        items = [_item(problem) for problem in error.problems]
    elif isinstance(error, HandbookError):
        items = [Markup("<li>{}</li>").format(str(error))]
    else:
        items = [
            Markup("<li>{}: {} (the terminal shows more)</li>").format(type(error).__name__, error)
        ]
    page = _PAGE.format(style=_STYLE, problems=Markup("").join(items), advice=_ADVICE)
    return str(page).encode("utf-8")


def _item(problem: Problem) -> Markup:
    """Return one problem as a list item: its place, its field and its message."""
    where = f"{problem.file}:{problem.line}:{problem.column}"
    field = f"{problem.field}: " if problem.field else ""
    return Markup("<li><code>{}</code> {}{}</li>").format(where, field, problem.message)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, showing the error page while the last rebuild failed."""

    failure: bytes | None = None
    """The error page of the last rebuild, or None when it worked."""

    def serve_request(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """Answer a page with the error page while the last rebuild failed."""
        page, path = self.failure, str(environ.get("PATH_INFO", ""))
        if page is None or path.startswith("/livereload/") or not path.endswith(("/", ".html")):
            return super().serve_request(environ, start_response)
        # MkDocs' own script, at the epoch of this failed build: the next build reloads it.
        content: bytes = self._inject_js_into_html(page, self._visible_epoch)  # type: ignore[no-untyped-call]
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(content))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [content]


def serve(project: Project, *, engine: str, host: str, port: int, today: str | None) -> None:
    """Serve a live preview until interrupted."""
    workdir = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    site_dir = workdir / "site"
    reporter = Reporter()
    server: PreviewServer

    def rebuild() -> None:
        try:
            # A new Project: it reads firm.yaml and mkdocs.yml again.
            staged = build(
                Project(project.config_file),
                site_dir,
                engine=engine,
                today=build_date(today),
                reporter=reporter,
            )
        except InputError as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            # Translators: {summary} is "3 problems found; nothing was built."
            shown = _("{summary} The browser shows them.").format(summary=summary(len(e.problems)))
            click.secho(shown, err=True, fg="red")
            server.failure = error_page(e)
        except HandbookError as e:
            click.secho(_("error: {message}").format(message=e), err=True, fg="red")
            server.failure = error_page(e)
        except Exception as e:  # a bug: the terminal gets the traceback, the browser the error
            traceback.print_exc()
            server.failure = error_page(e)
        else:
            server.failure = None
            reporter.info(build_summary(staged, None))

    build(project, site_dir, engine=engine, today=build_date(today), reporter=reporter)
    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)
    # Polled every quarter second (MkDocs' default is half): a save shows sooner, and a
    # firm's project is small enough to scan that often.
    server = PreviewServer(
        builder=rebuild, host=host, port=port, root=str(site_dir), polling_interval=POLL
    )
    for path in _watched(project):
        server.watch(str(path))
    click.echo(
        _("Serving on {url} (Ctrl+C to stop); watching {files}").format(
            url=f"http://{host}:{port}/", files=", ".join(p.name for p in _watched(project))
        )
    )
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        click.echo(_("Stopped."))
    finally:
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
