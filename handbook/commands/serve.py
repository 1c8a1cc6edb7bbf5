"""Live preview: build into a temporary folder, serve it, rebuild when an input changes.

A language whose staged project is byte for byte the one the site in the folder was built
from keeps its tree (output.languagetrees): an edit of one language's texts builds that
language alone. A rebuild that fails, whatever the error, leaves the last good site in the
folder as it was, and every page the browser asks for is the error page instead, with each
problem's file:line:col and message; MkDocs' live reload brings the site back at the next
good build. An error must never escape the rebuild: MkDocs' server would then hold every
request until a build works ("The server will appear stuck"). Only KeyboardInterrupt and
SystemExit stop the preview, also in the middle of a rebuild: they are Ctrl+C and SIGTERM,
and one raised by a plugin cannot be told apart from them.

The preview answers only requests whose Host header names it (see `host_allowed`): a web
page open in the same browser could otherwise point a name of its own at 127.0.0.1 (DNS
rebinding) and read the preview, drafts included.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
import re
import shutil
import socket
import tempfile
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from markupsafe import Markup
from mkdocs.livereload import LiveReloadServer

from handbook.build import build
from handbook.builtsite import BuiltSite
from handbook.calendar.today import build_date
from handbook.commands.options import build_summary, summary
from handbook.errors import HandbookError, InputError, Problem
from handbook.i18n.cli import _
from handbook.input.includes import firm_files
from handbook.progress import Reporter
from handbook.project import Project
from handbook.stage import Staged

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
_REFUSED = (
    "This preview answers only at {url} and the names of this computer. It does not answer "
    "for {host}, so that no other web page can read it.\n"
)
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?")
"""A Host header: a name or IPv4 address, or an IPv6 one in brackets, then maybe a port."""
EVERYWHERE = ("0.0.0.0", "::")
"""Hosts that bind every interface of the computer: a preview for a phone on the network."""
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
        project.config_file,
        *sorted(folders),
        *[p for p in included if p.parent.resolve() == project.folder],
        project.mkdocs_yml,
        project.docs,
        project.templates,
        project.folder / "assets",
        project.folder / "locales",
    ]
    return [p for p in candidates if p.exists()]


def error_page(error: BaseException) -> bytes:
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


def host_allowed(header: str, bound: str, port: int, names: frozenset[str]) -> bool:
    """Say whether a request's Host header names the preview, bound to `bound`:`port`.

    DNS rebinding needs a name (the attacker's, pointed at this computer): an IP address
    always passes, as do localhost and `bound` itself. Bound to every interface (0.0.0.0, for
    a phone on the same network) the computer's own `names` pass too; other names never do.
    """
    match = _HOST.fullmatch(header)
    if not match or int(match[2] or 80) != port:
        return False
    name = match[1].strip("[]").lower().rstrip(".")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name in {"localhost", bound.lower()} or (bound in EVERYWHERE and name in names)
    return True


def machine_names() -> frozenset[str]:
    """Return the names a phone on the network may call this computer by."""
    name = socket.gethostname().lower()
    return frozenset({name, f"{name}.local", name.split(".")[0]})


def url_of(host: str, port: int) -> str:
    """Return the preview's address, an IPv6 host in brackets."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _bind_problem(error: OSError, host: str, port: int) -> str:
    """Say in one line why the preview cannot listen at host:port."""
    if error.errno == errno.EADDRINUSE:
        # Translators: -a is the option that chooses HOST:PORT, e.g. -a 127.0.0.1:8001.
        return _("port {port} is in use; pick another with -a, e.g. -a {host}:{other}").format(
            port=port, host=f"[{host}]" if ":" in host else host, other=port + 1
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return _(
            "{host} is not an address of this computer; use 127.0.0.1, or 0.0.0.0 to let "
            "a phone on the same network open the preview"
        ).format(host=host)
    if error.errno == errno.EACCES:
        return _("port {port} needs administrator rights; pick one above 1023 with -a").format(
            port=port
        )
    return _("cannot serve on {url}: {reason}").format(
        url=url_of(host, port), reason=error.strerror or error
    )


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, showing the error page while the last rebuild failed."""

    failure: bytes | None = None
    """The error page of the last rebuild, or None when it worked."""
    names: frozenset[str] = frozenset()
    """The computer's own names, which pass the Host check when bound to every interface."""
    _bound = False

    def listen(self) -> None:
        """Take the address now, before the first build: a port in use is said at once."""
        host, port = self.server_address[:2]
        try:
            self.server_bind()
            self.server_activate()
        except OSError as e:
            raise HandbookError(_bind_problem(e, str(host), int(port))) from None
        self.names = machine_names()

    def server_bind(self) -> None:
        """Bind once: `listen` binds, then MkDocs' `serve` asks again."""
        if not self._bound:
            super().server_bind()
            self._bound = True

    def serve_request(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """Refuse a request for another host; answer a page with the error page after a failure."""
        host, port = self.server_address[:2]
        header = str(environ.get("HTTP_HOST", ""))
        if not host_allowed(header, str(host), int(port), self.names):
            text = _REFUSED.format(url=url_of(str(host), int(port)), host=header[:100] or "-")
            body = text.encode("ascii", "replace")
            return _answer(start_response, "403 Forbidden", "text/plain", body, nosniff=True)
        page, path = self.failure, str(environ.get("PATH_INFO", ""))
        if page is None or path.startswith("/livereload/") or not path.endswith(("/", ".html")):
            return super().serve_request(environ, start_response)
        # MkDocs' own script, at the epoch of this failed build: the next build reloads it.
        content: bytes = self._inject_js_into_html(page, self._visible_epoch)  # type: ignore[no-untyped-call]
        return _answer(start_response, "200 OK", "text/html", content)


def _report(error: BaseException) -> None:
    """Print why a rebuild failed, as the build command would."""
    if isinstance(error, InputError):
        for problem in error.problems:
            click.echo(str(problem), err=True)
        # Translators: {summary} is "3 problems found; nothing was built."
        shown = _("{summary} The browser shows them.").format(summary=summary(len(error.problems)))
        click.secho(shown, err=True, fg="red")
    elif isinstance(error, HandbookError):
        click.secho(_("error: {message}").format(message=error), err=True, fg="red")
    else:  # a bug, in handbook or a plugin: the terminal gets the traceback, the browser the error
        traceback.print_exception(error)


def _answer(
    start_response: Callable[..., Any], status: str, kind: str, body: bytes, nosniff: bool = False
) -> list[bytes]:
    """Answer a request with `body`, never cached (the preview changes at every save)."""
    headers = [
        ("Content-Type", f"{kind}; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
    ]
    if nosniff:
        headers.append(("X-Content-Type-Options", "nosniff"))
    start_response(status, headers)
    return [body]


@dataclass
class _Previews:
    """The preview's builds into its own folder, each told what the last one built from."""

    site_dir: Path
    engine: str
    today: str | None
    reporter: Reporter
    last: BuiltSite | None = None

    def build(self, project: Project) -> Staged:
        """Build the site; a failure leaves no `last`, so the next build builds every language."""
        date = build_date(self.today)
        last, self.last = self.last, None
        staged = build(
            project,
            self.site_dir,
            engine=self.engine,
            today=date,
            reporter=self.reporter,
            built_by=last,
            preview=True,
        )
        self.last = BuiltSite.of(staged, self.engine, date)
        return staged


def serve(project: Project, *, engine: str, host: str, port: int, today: str | None) -> None:
    """Serve a live preview until interrupted."""
    workdir = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    site_dir = workdir / "site"
    reporter = Reporter()

    watching: set[Path] = set()

    def watch_inputs() -> None:
        # Again after each build: an !include added since may name a folder not watched yet.
        for path in _watched(project):
            if path not in watching:
                server.watch(str(path))
                watching.add(path)

    previews = _Previews(site_dir, engine, today, reporter)

    def rebuild() -> None:
        with contextlib.suppress(Exception):  # a file that can't be read is the build's to say
            watch_inputs()
        try:
            staged = previews.build(Project(project.config_file))  # reads every input again
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # any failure: the browser shows it
            server.failure = error_page(e)
            with contextlib.suppress(Exception):  # a closed terminal must not stall the server
                _report(e)
        else:
            server.failure = None
            reporter.info(build_summary(staged, None))

    # Polled every quarter second (MkDocs' default is half): a save shows sooner, and a
    # firm's project is small enough to scan that often.
    server = PreviewServer(
        builder=rebuild, host=host, port=port, root=str(site_dir), polling_interval=POLL
    )
    try:
        server.listen()
        previews.build(project)
        logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)
        watch_inputs()
        click.echo(
            _("Serving on {url} (Ctrl+C to stop); watching {files}").format(
                url=url_of(host, port), files=", ".join(p.name for p in _watched(project))
            )
        )
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        click.echo(_("Stopped."))
    finally:
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
