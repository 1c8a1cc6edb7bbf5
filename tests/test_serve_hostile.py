"""Hostile input to serve, deploy and mkdocs.yml (issue 26): refused in one line, never a hang.

Variants are generated here, each run through the CLI: `-a` values, Host headers, rebuild
errors of every kind while one preview runs, `--branch`/`--remote` names, mkdocs.yml files
(checked, not built) and a symlinked firm.yaml.
"""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handbook.commands.cli import cli
from handbook.commands.deploy import refused_ref
from handbook.project import Project
from tests.conftest import TODAY

Run = Callable[..., Result]


def _invoke(*args: str | Path) -> Result:
    """Run the CLI in-process with stdout and stderr apart; an escaped exception fails."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _one_error_line(result: Result) -> str:
    """Return the one line that says what is wrong, after checking there is one."""
    text = result.output
    assert "Traceback" not in text, text
    errors = [line for line in text.splitlines() if line.lower().startswith("error")]
    assert len(errors) == 1, text
    return errors[0]


class _Hang(Exception):
    """The command ran past its guard."""


@contextmanager
def _no_hang(seconds: int) -> Iterator[None]:
    """Fail instead of waiting forever (a guard against a hang, not a speed target)."""

    def hang(signum: int, frame: object) -> None:
        raise _Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- -a HOST:PORT --------------------------------------------------------------------------


def _bad_addresses() -> list[tuple[str, str]]:
    """Return (value, what the message names) for -a values that must be refused."""
    out = [(f"127.0.0.1:{port}", "from 1 to 65535") for port in ("0", "65536", "99999", "-1")]
    out += [(value, "from 1 to 65535") for value in ("127.0.0.1:", "8000x", "abc", "127.0.0.1:٨٠")]
    out += [(value, "in brackets") for value in ("::1:8000", "fe80::1:80")]
    out += [(value, "[IPv6]:PORT") for value in ("[::1]", "[nothex]:8000", "[::1:8000")]
    out += [("no-such-host.invalid:8000", "does not resolve")]
    # TEST-NET-1 (RFC 5737): an address, but of no computer here.
    out += [("192.0.2.1:8000", "not an address of this computer")]
    return out


@pytest.mark.parametrize(("value", "said"), _bad_addresses())
def test_a_bad_dev_addr_is_refused_in_one_line_before_building(
    small: Path, value: str, said: str
) -> None:
    result = _invoke("serve", "-c", small / "firm.yaml", "-a", value, "--today", TODAY)
    assert result.exit_code in (1, 2), result.output
    assert said in _one_error_line(result)
    assert not (small / ".cache").exists()  # nothing was built


def test_a_port_in_use_is_said_with_the_way_out(small: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _invoke("serve", "-c", small / "firm.yaml", "-a", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    line = _one_error_line(result)
    assert f"port {port} is in use; pick another with -a, e.g. -a 127.0.0.1:{port + 1}" in line


def test_serve_help_tells_of_the_host_check(run: Run) -> None:
    text = " ".join(run("serve", "--help").output.split())
    assert "[::1]:8000" in text and "DNS rebinding" in text and "403" in text


# --- one preview: Host headers, then rebuild errors of every kind ---------------------------


@dataclass
class Preview:
    project: Path
    port: int
    process: subprocess.Popen[bytes]

    def get(self, path: str = "/books/", host: str | None = None) -> tuple[int, str]:
        """GET a path with a Host header (the preview's own by default): status and text."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", f"127.0.0.1:{self.port}" if host is None else host)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def wait_for(self, pattern: str, seconds: float = 60) -> str:
        """Return the page once it matches `pattern`; fail if the preview stops answering."""
        deadline = time.monotonic() + seconds
        page = ""
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the preview stopped"
            try:
                page = self.get()[1]
            except OSError:
                page = ""
            if re.search(pattern, page, re.IGNORECASE):
                return page
            time.sleep(0.2)
        pytest.fail(f"the page never showed {pattern!r}; it shows:\n{page[:2000]}")


@pytest.fixture
def preview(small: Path, tmp_path: Path) -> Iterator[Preview]:
    """A `handbook serve` process on the small project, which has a templates/ folder."""
    (small / "templates").mkdir()
    (small / "templates" / "README.txt").write_text("Template overrides go here.\n")
    port = _free_port()
    command = [sys.executable, "-m", "handbook", "serve", "-c", str(small / "firm.yaml")]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [*command, "-a", f"127.0.0.1:{port}", "--today", TODAY], stdout=log, stderr=log
    )
    try:
        yield Preview(small, port, process)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _host_headers(port: int) -> tuple[list[str], list[str]]:
    """Return Host headers the preview answers and those it refuses (DNS rebinding names)."""
    good = [f"{name}:{port}" for name in ("127.0.0.1", "localhost", "LOCALHOST", "[::1]")]
    names = ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "attacker.test"]
    bad = [f"{name}:{port}" for name in names] + ["evil.example", f"localhost:{port + 1}"]
    bad += ["", f"evil.example@127.0.0.1:{port}", f"127.0.0.1:{port}/x"]
    return good, bad


def _hook(project: Path, name: str, body: str) -> str:
    """Write a MkDocs hook that runs `body` when the engine loads; return mkdocs.yml's line."""
    hook = project.parent / f"{name}.py"
    hook.write_text(f"def on_config(config):\n    {body}\n")
    return f"hooks: [{hook}]\n"  # an absolute path: the engine reads the staged copy


Step = tuple[str, Callable[[Path], None], str]
"""A rebuild error: its kind, what breaks the project, and what the error page then says."""


def _rebuild_errors() -> list[Step]:
    """Return one breakage of each kind; each step also undoes the one before it."""
    firm_text: dict[str, str] = {}

    def firm(change: Callable[[str], str]) -> Callable[[Path], None]:
        def apply(project: Path) -> None:
            path = project / "firm.yaml"
            firm_text.setdefault("good", path.read_text())
            path.write_text(change(firm_text["good"]))
            (project / "mkdocs.yml").write_text("site_url: https://nowak.example/handbook/\n")

        return apply

    def mkdocs(text: str | Callable[[Path], str]) -> Callable[[Path], None]:
        def apply(project: Path) -> None:
            firm(lambda good: good)(project)
            body = text(project) if callable(text) else text
            (project / "mkdocs.yml").write_text(
                "site_url: https://nowak.example/handbook/\n" + body
            )

        return apply

    def template(project: Path) -> None:
        mkdocs("")(project)
        (project / "templates" / "home.md.j2").write_text("{% if %}\n")

    def docs_page(project: Path) -> None:
        (project / "templates" / "home.md.j2").unlink()
        (project / "docs" / "latin1.md").write_bytes(b"Caf\xe9 ol\xe9\n")

    def hook(name: str, body: str) -> Callable[[Path], None]:
        def apply(project: Path) -> None:
            (project / "docs" / "latin1.md").unlink(missing_ok=True)
            mkdocs(lambda p: _hook(p, name, body))(project)

        return apply

    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)
    )
    relationship = firm(lambda t: t.replace("relationship: personal", "relationship: x"))
    return [
        ("InputError", relationship, "relationship: must be one of"),
        ("YAML syntax", firm(lambda t: t + "\n  : [\n"), "YAML syntax error"),
        ("alias bomb", mkdocs(bomb), "50,000 values"),
        ("INHERIT outside", mkdocs("INHERIT: ../outside.yml\n"), "outside the project folder"),
        ("engine", mkdocs("markdown_extensions: [no_such_extension]\n"), "mkdocs could not"),
        ("template", template, "home.md.j2"),
        ("docs page", docs_page, r"decode byte 0xe9|latin1\.md"),
        ("unexpected exception", hook("bug", "raise ValueError('a bug')"), "ValueError: a bug"),
        ("BaseException", hook("base", "raise GeneratorExit('from a plugin')"), "from a plugin"),
    ]


def test_the_preview_answers_only_for_its_own_host(preview: Preview) -> None:
    preview.wait_for("Nowak &amp; Daughters")
    good, bad = _host_headers(preview.port)
    for host in good:
        assert preview.get(host=host)[0] == 200, host
    for host in bad:
        for path in ("/books/", "/livereload/1/1", "/assets/handbook.css"):
            status, text = preview.get(path, host=host)
            assert status == 403, (host, path, status)
            assert f"answers only at http://127.0.0.1:{preview.port}/" in text

    # One preview, every kind of rebuild error: it answers after each, with the error page
    # and the last good site's files, then the next good save brings the site back.
    stylesheet = preview.get("/assets/handbook.css")[1]
    for kind, breaks, said in _rebuild_errors():
        breaks(preview.project)
        page = preview.wait_for(said)
        assert "did not build" in page and "/livereload/" in page, kind
        assert preview.get("/assets/handbook.css") == (200, stylesheet), kind
    (preview.project / "mkdocs.yml").write_text("site_url: https://nowak.example/handbook/\n")
    page = preview.wait_for("Nowak &amp; Daughters")
    assert "did not build" not in page

    # KeyboardInterrupt from a plugin stops the preview as Ctrl+C does: it cannot be told apart.
    mkdocs = preview.project / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text() + _hook(preview.project, "stop", "raise KeyboardInterrupt")
    )
    assert preview.process.wait(timeout=60) == 0


# --- deploy --branch / --remote -----------------------------------------------------------


def _bad_refs(tmp_path: Path) -> list[str]:
    """Return names git refuses as a branch, or would read as an option."""
    options = ["-x", "--upload-pack=touch " + str(tmp_path / "pwned"), "--force", "-"]
    forbidden = [f"gh{c}pages" for c in " ~^:?*[\\\x01\x7f"]
    shapes = [
        "",
        "@",
        "a..b",
        "@{",
        "x@{-1}",
        "x.lock",
        ".hidden",
        "a/.b",
        "a//b",
        "/a",
        "a/",
        "a.",
    ]
    return options + forbidden + shapes


def test_deploy_refuses_a_branch_or_remote_git_would_misread_before_git_runs(
    small: Path, tmp_path: Path
) -> None:
    # Not a git repository: a refusal that names the option came before any git command.
    config = small / "firm.yaml"
    for name in _bad_refs(tmp_path):
        for option in ("--branch", "--remote"):
            for _run in range(2):  # the second run fails the same way, not worse
                result = _invoke("deploy", "-c", config, option, name, "--allow-placeholders")
                assert result.exit_code == 1, result.output
                line = _one_error_line(result)
                assert f"{option} {name!r} is not a" in line, line
    assert not (tmp_path / "pwned").exists()
    assert not (small / ".git").exists() and not (small / "site").exists()


def test_the_branch_rule_is_gits(tmp_path: Path) -> None:
    good = ["gh-pages", "pages/v1", "feature/ü", "a@b", "{x}", "v1.0"]
    for name in [*good, *_bad_refs(tmp_path)]:
        git = subprocess.run(
            ["git", "check-ref-format", "--branch", name], capture_output=True, cwd=tmp_path
        )
        # `@` alone is git's HEAD, which check-ref-format --branch expands: refused too.
        assert refused_ref(name) == (git.returncode != 0 or name == "@"), name


# --- mkdocs.yml: firm.yaml's limits, INHERIT inside the project, no !ENV ---------------------


def _hostile_mkdocs(project: Path) -> list[tuple[str, dict[str, str], str]]:
    """Return (name, files to write, the expected `file:L:C: message` start) per variant."""
    bomb = "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 7))
    deep = "extra:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 25)) + "  " * 25 + "v\n"
    outside = project.parent / "outside.yml"
    return [
        (
            "alias bomb",
            {"mkdocs.yml": "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + bomb},
            "mkdocs.yml:",
        ),
        ("deep", {"mkdocs.yml": deep}, "mkdocs.yml:21:"),
        ("huge", {"mkdocs.yml": "extra:\n" + "  k: v\n" * 200_000}, "mkdocs.yml:1:1: the file is"),
        ("env", {"mkdocs.yml": "site_url: !ENV SITE_URL\n"}, "mkdocs.yml:1:11: site_url: YAML tag"),
        ("python", {"mkdocs.yml": "x: !!python/name:os.system\n"}, "mkdocs.yml:1:4: x: YAML tag"),
        ("absolute", {"mkdocs.yml": f"INHERIT: {outside}\n"}, "mkdocs.yml:1:10: INHERIT: "),
        ("dot-dot", {"mkdocs.yml": "INHERIT: ../outside.yml\n"}, "mkdocs.yml:1:10: INHERIT: "),
        (
            "inherited env",
            {"mkdocs.yml": "INHERIT: cfg/base.yml\n", "cfg/base.yml": "extra: {t: !ENV [T, x]}\n"},
            "cfg/base.yml:1:12: extra.t: YAML tag '!ENV'",
        ),
        (
            "inherited bomb",
            {
                "mkdocs.yml": "INHERIT: b.yml\n",
                "b.yml": "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + bomb,
            },
            "b.yml:",
        ),
        (
            "circle",
            {"mkdocs.yml": "INHERIT: cfg/base.yml\n", "cfg/base.yml": "INHERIT: ../mkdocs.yml\n"},
            "cfg/base.yml:1:10: INHERIT: goes in a circle",
        ),
        ("not a path", {"mkdocs.yml": "INHERIT: [a, b]\n"}, "mkdocs.yml:1:10: INHERIT: give"),
        ("missing", {"mkdocs.yml": "INHERIT: nope.yml\n"}, "mkdocs.yml:1:10: INHERIT: file"),
        ("symlink", {"mkdocs.yml": "INHERIT: link.yml\n", "link.yml": "@outside"}, "symbolic link"),
    ]


def test_hostile_mkdocs_yml_is_refused_by_check_at_its_place(small: Path) -> None:
    outside = small.parent / "outside.yml"
    outside.write_text("site_description: !ENV [HOME, x]\n")
    for name, files, expected in _hostile_mkdocs(small):
        for relative, text in files.items():
            path = small / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.unlink(missing_ok=True)
            if text == "@outside":
                path.symlink_to(outside)
            else:
                path.write_text(text)
        with _no_hang(30):
            result = _invoke("check", "-c", small / "firm.yaml", "--allow-placeholders")
        assert result.exit_code == 1, (name, result.output)
        assert "Traceback" not in result.output
        lines = [line for line in result.output.splitlines() if re.match(r"\S+:\d+:\d+: ", line)]
        assert len(lines) == 1 and expected in lines[0], (name, result.output)
        if name == "env":
            assert "without Python or !ENV tags" in lines[0]
        for relative in files:
            (small / relative).unlink()


def test_inherit_inside_the_project_is_merged_as_mkdocs_merges_it(small: Path) -> None:
    (small / "cfg").mkdir()
    (small / "cfg" / "base.yml").write_text(
        "site_description: Base\nextra: {a: 1, b: 1}\nextra_css: [base.css]\n"
    )
    (small / "mkdocs.yml").write_text(
        "INHERIT: cfg/base.yml\nextra: {b: 2}\nextra_css: [own.css]\n"
    )
    assert Project(small / "firm.yaml").base == {
        "site_description": "Base",
        "extra": {"a": 1, "b": 2},
        "extra_css": ["own.css"],  # lists replaced, as MkDocs does (Zensical would append)
    }


# --- firm.yaml through a symlink ----------------------------------------------------------


def test_a_symlinked_firm_yaml_is_refused(small: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(small, elsewhere)
    (small / "firm.yaml").unlink()
    (small / "firm.yaml").symlink_to(elsewhere / "firm.yaml")
    for command in ("check", "build", "links"):
        result = _invoke(command, "-c", small / "firm.yaml", "--allow-placeholders")
        assert result.exit_code == 1, (command, result.output)
        assert "Traceback" not in result.output
        assert "firm.yaml:1:1: is a symbolic link" in result.output, (command, result.output)
    assert not (elsewhere / "site").exists() and not (small / "site").exists()
