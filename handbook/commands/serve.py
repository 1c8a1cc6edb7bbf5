"""Live preview: build into a temporary folder, serve it, rebuild when an input changes."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import click
from mkdocs.livereload import LiveReloadServer

from handbook.build import build
from handbook.calendar.today import build_date
from handbook.errors import HandbookError, InputError
from handbook.progress import Reporter
from handbook.project import Project

POLL = 0.25
"""Seconds between two scans of the watched inputs."""


def _watched(project: Project) -> list[Path]:
    """Return the inputs whose changes trigger a rebuild."""
    candidates = [
        project.config_file.resolve(),
        project.mkdocs_yml,
        project.docs,
        project.templates,
        project.folder / "assets",
    ]
    return [p for p in candidates if p.exists()]


def serve(project: Project, *, engine: str, host: str, port: int, today: str | None) -> None:
    """Serve a live preview until interrupted."""
    workdir = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    site_dir = workdir / "site"
    reporter = Reporter()

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
            reporter.info(f"Rebuilt {staged.summary()}.")
        except InputError as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            click.secho(e.summary() + " The preview shows the last good build.", err=True, fg="red")
        except HandbookError as e:
            click.secho(f"error: {e}", err=True, fg="red")

    build(project, site_dir, engine=engine, today=build_date(today), reporter=reporter)
    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)
    # Polled every quarter second (MkDocs' default is half): a save shows sooner, and a
    # firm's project is small enough to scan that often.
    server = LiveReloadServer(
        builder=rebuild, host=host, port=port, root=str(site_dir), polling_interval=POLL
    )
    for path in _watched(project):
        server.watch(str(path))
    click.echo(
        f"Serving on http://{host}:{port}/ (Ctrl+C to stop); watching "
        + ", ".join(p.name for p in _watched(project))
    )
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
