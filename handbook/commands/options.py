"""What every command shares: path checks, options, and errors printed without a traceback."""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from types import FrameType
from typing import IO, Any, ParamSpec, TypeVar

import click

from handbook.engines import ENGINES
from handbook.errors import HandbookError, InputError
from handbook.escape import printable
from handbook.i18n.cli import _, ngettext
from handbook.input.placeholders import find, refusal
from handbook.model import FirmConfig
from handbook.progress import Reporter
from handbook.project import Project
from handbook.stage import Staged

P = ParamSpec("P")
R = TypeVar("R")


class PathProblem(click.ClickException):
    """A path option names something that cannot be: one line, exit code 1, no usage text."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the problem as every other error the user caused is printed."""
        error = _("error: {message}").format(message=self.message)
        click.secho(printable(error), err=True, fg="red")


def file_in_the_way(path: Path) -> Path | None:
    """Return the file that stands where `path` needs a folder above it, if any."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def folder_problem(path: Path) -> str | None:
    """Refuse a file where a folder goes (the folder and those above it are made if missing)."""
    if path.exists() and not path.is_dir():
        return _("{path} is a file, not a folder").format(path=path)
    return None


def config_problem(path: Path) -> str | None:
    """Refuse a folder where firm.yaml goes (a missing file the loader reports at its place)."""
    if path.is_dir():
        return _("{path} is a folder; give the file, e.g. {example}").format(
            path=path, example=path / "firm.yaml"
        )
    return None


def output_problem(path: Path) -> str | None:
    """Refuse a folder where a file goes, and a file in a folder that does not exist."""
    if path.is_dir():
        return _("{path} is a folder; give a file name, e.g. {example}").format(
            path=path, example=path / "firm.schema.json"
        )
    if not path.parent.is_dir():
        return _("the folder {path} does not exist; create it first").format(path=path.parent)
    return None


PathCallback = Callable[[click.Context, click.Parameter, Path | None], Path | None]


def checked(problem: Callable[[Path], str | None]) -> PathCallback:
    """Make a click callback that stops on a wrong path with a one-line error, exit code 1.

    A path is used as given: relative to the current folder, or absolute.
    """

    def check(ctx: click.Context, param: click.Parameter, path: Path | None) -> Path | None:
        if path is None:
            return None
        name = f"{max(param.opts, key=len)}: " if isinstance(param, click.Option) else ""
        blocker = file_in_the_way(path)
        if blocker is not None:
            raise PathProblem(
                name
                + _("{path} cannot be used: {blocker} is a file, not a folder").format(
                    path=path, blocker=blocker
                )
            )
        message = problem(path)
        if message:
            raise PathProblem(f"{name}{message}")
        return path

    return check


config_option = click.option(
    "-c",
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    callback=checked(config_problem),
    metavar="FILE",
    default="firm.yaml",
    show_default=True,
    help="The firm's policies file; its folder is the project (docs/, templates/, mkdocs.yml). "
    "A relative path is from the current folder.",
)
today_option = click.option(
    "--today",
    metavar="YYYY-MM-DD",
    help="Build date (default: SOURCE_DATE_EPOCH, else the clock). Same input and date, "
    "same bytes.",
)
engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="mkdocs",
    show_default=True,
    help="Site engine: mkdocs (Material for MkDocs), properdocs (the maintained fork of "
    "MkDocs 1.6) or zensical (Material's successor); pip install 'firm-handbook[properdocs]' "
    "or 'firm-handbook[zensical]' for the last two.",
)
quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print only warnings and errors (progress is also off in CI).",
)

DEV_ADDR = "127.0.0.1:8000"
"""Where `handbook serve` shows the preview unless told otherwise."""


def dev_address(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, int]:
    """Read -a HOST:PORT (an IPv6 host in brackets, [::1]:8000; PORT alone keeps 127.0.0.1).

    Each mistake is a usage error of one line, before anything is built; the host must
    resolve. A port in use is found when the preview takes it (serve.PreviewServer.listen).
    """
    text = value.strip()
    if text.startswith("["):
        host, bracket, port = text[1:].partition("]:")
        if not bracket or not _is_ipv6(host):
            raise click.BadParameter(
                _("{value} is not [IPv6]:PORT, e.g. [::1]:8000").format(value=repr(value))
            )
    else:
        host, _colon, port = text.rpartition(":")
        if ":" in host:
            raise click.BadParameter(
                _("write an IPv6 address in brackets, e.g. [::1]:8000; got {value}").format(
                    value=repr(value)
                )
            )
    if not port.isascii() or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise click.BadParameter(
            _("{value} is not HOST:PORT with a port from 1 to 65535, e.g. {example}").format(
                value=repr(value), example=DEV_ADDR
            )
        )
    host = host or "127.0.0.1"
    try:
        socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise click.BadParameter(
            _("the host {host} does not resolve; give an IP address, e.g. 127.0.0.1").format(
                host=repr(host)
            )
        ) from None
    return host, int(port)


def _is_ipv6(text: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv6Address)
    except ValueError:
        return False


force_option = click.option(
    "--force",
    is_flag=True,
    help="Replace the site folder even if handbook did not build it (it has no "
    ".handbook-site file), e.g. a site built before that file existed.",
)


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a line for people, control characters made visible."""
    click.echo(printable(text), err=err, nl=nl)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print errors the user caused without a traceback and exit 1."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as e:
            for problem in e.problems:
                say(str(problem), err=True)
            click.secho(printable(summary(len(e.problems))), err=True, fg="red")
            sys.exit(1)
        except HandbookError as e:
            # Translators: {message} is the error itself, already in the terminal's language.
            error = _("error: {message}").format(message=e)
            click.secho(printable(error), err=True, fg="red")
            sys.exit(1)

    return wrapper


def check_summary(config_file: Path, firm: FirmConfig) -> str:
    """Say that firm.yaml is fine, and how much it holds."""
    counts = [
        ngettext("{n:,} segment", "{n:,} segments", len(firm.segments)),
        ngettext("{n:,} package", "{n:,} packages", len(firm.packages)),
        ngettext("{n:,} deadline", "{n:,} deadlines", len(firm.deadlines)),
        ngettext("{n:,} video", "{n:,} videos", len(firm.videos)),
    ]
    sizes = [len(firm.segments), len(firm.packages), len(firm.deadlines), len(firm.videos)]
    listed = ", ".join(text.format(n=n) for text, n in zip(counts, sizes, strict=True))
    # Translators: {counts} is e.g. "2 segments, 3 packages, 12 deadlines, 1 video".
    return _("{file}: OK ({counts})").format(file=config_file, counts=listed)


def build_summary(staged: Staged, target: Path | None, seconds: float = 0) -> str:
    """Say what a build made, where, and how long it took (a rebuild: only what it made)."""
    h = staged.handouts
    pages = ngettext("{n:,} page", "{n:,} pages", len(staged.pages)).format(n=len(staged.pages))
    total = h.rendered + h.reused
    handouts = ngettext("{n:,} PDF handout", "{n:,} PDF handouts", total).format(n=total)
    if target is None:
        text = _("Rebuilt {pages} and {handouts} ({rendered} rendered, {reused} reused).")
    else:
        text = _(
            "Built {pages} and {handouts} ({rendered} rendered, {reused} reused) "
            "into {folder} in {seconds:.1f}s."
        )
    return text.format(
        pages=pages,
        handouts=handouts,
        rendered=h.rendered,
        reused=h.reused,
        folder=target,
        seconds=seconds,
    )


def summary(n: int) -> str:
    """Say how many problems there are, and that nothing was built."""
    return ngettext(
        "{n} problem found; nothing was built.", "{n} problems found; nothing was built.", n
    ).format(n=n)


@contextmanager
def file_errors() -> Iterator[None]:
    """Turn a file the system refused (no permission, disk full) into a one-line error."""
    try:
        yield
    except OSError as e:
        # Translators: stands for the file's name when the system does not say which file.
        name = e.filename or _("a file")
        raise HandbookError(f"{name}: {e.strerror or e}") from None


def terminate(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into SystemExit so staging folders are cleaned up."""
    raise SystemExit(128 + signum)


allow_placeholders_option = click.option(
    "--allow-placeholders",
    is_flag=True,
    envvar="HANDBOOK_ALLOW_PLACEHOLDERS",
    show_envvar=True,
    help="Go ahead while firm.yaml or mkdocs.yml still holds the starter's sample values "
    "(site_url on example.github.io, addresses on example.com or *.example, 555-01xx phone "
    "numbers, the sample tax ids), for a test or a demo. Without it check and build warn "
    "about each one, and deploy and links --letter refuse.",
)


def placeholders(project: Project, reporter: Reporter, *, allow: bool, action: str = "") -> None:
    """Warn about each sample value that would reach clients, or refuse `action` while any is."""
    if allow:
        return
    found = find(project.config_file, project.mkdocs_yml, project.loaded)
    if found and action:
        raise refusal(found, action)
    for problem in found:
        reporter.warn(str(problem))
    if found:
        reporter.warn(
            ngettext(
                "{n} sample value would reach clients: replace it before you publish "
                "(deploy and the letter clause refuse it until then)",
                "{n} sample values would reach clients: replace each before you publish "
                "(deploy and the letter clause refuse them until then)",
                len(found),
            ).format(n=len(found))
        )
