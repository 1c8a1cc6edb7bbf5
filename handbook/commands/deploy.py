"""`handbook deploy`: push the built site to a branch that GitHub Pages serves (ghp-import).

ghp-import (which `mkdocs gh-deploy` also uses) commits the site folder as the whole tree
of the branch, on top of the remote's branch, without touching the working tree or the
index. The branch gets a `.nojekyll` file, so GitHub serves the files as they are, and a
`CNAME` file when site_url is on a custom domain rather than *.github.io (a docs/CNAME
that names another domain is refused by `check` and `build`: input/docsfiles.py).
"""

from __future__ import annotations

import contextlib
import re
import subprocess
from pathlib import Path

from ghp_import import GhpError, ghp_import

from handbook.errors import HandbookError
from handbook.i18n.cli import _
from handbook.scoped import environ
from handbook.urls import custom_domain as custom_domain

_REF_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|^/|/$|\.$|^@$")
"""What git's check-ref-format refuses anywhere in a ref name (see `refused_ref`)."""


def refused_ref(name: str) -> bool:
    """Say whether git would refuse `name` as a branch (`git check-ref-format --branch`).

    The rules of git's check-ref-format, checked before git runs: a name that starts with `-`
    would be read as an option (`--upload-pack=...` runs a program), and ghp-import would
    leave a branch git cannot use, so that the next deploy fails worse. `@` alone is refused
    too: git reads it as HEAD, the firm's own branch.
    """
    if not name or name.startswith("-") or _REF_FORBIDDEN.search(name):
        return True
    return any(part.startswith(".") or part.endswith(".lock") for part in name.split("/"))


def check_names(*, remote: str, branch: str) -> None:
    """Refuse a --remote or --branch that git would refuse or read as an option."""
    rules = _(
        "no spaces, no '..', '@{{', '~', '^', ':', '?', '*', '[' or backslash, not '@', not "
        "starting with '-' and no part starting with '.' or ending in '.lock'"
    ).format()  # a template like every message: its '@{{' is a literal brace
    if refused_ref(branch):
        raise HandbookError(
            _("--branch {name} is not a branch name git accepts ({rules})").format(
                name=repr(branch), rules=rules
            )
        )
    # git checks a remote's name as part of refs/remotes/<name>/<branch>.
    if refused_ref(remote):
        raise HandbookError(
            _("--remote {name} is not a remote name git accepts ({rules})").format(
                name=repr(remote), rules=rules
            )
        )


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in the project folder, capturing its output."""
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def remote_url(root: Path, remote: str) -> str:
    """Return the URL of a git remote of the project, or say how to add one."""
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise HandbookError(
            _(
                "{folder} is not in a git repository; run `git init` and "
                "`git remote add {remote} <URL of your GitHub repository>` first"
            ).format(folder=root, remote=remote)
        )
    found = _git(root, "remote", "get-url", "--", remote)
    if found.returncode != 0:
        known = _git(root, "remote").stdout.split()
        if known:
            message = _(
                "the git repository has no remote {name} (remotes: {remotes}); add it with "
                "`git remote add {remote} <URL>` or choose one with --remote"
            )
        else:
            message = _(
                "the git repository has no remote {name}; add it with "
                "`git remote add {remote} <URL>` or choose one with --remote"
            )
        raise HandbookError(
            message.format(name=repr(remote), remotes=", ".join(known), remote=remote)
        )
    return found.stdout.strip()


def deploy(
    root: Path, site_dir: Path, *, remote: str, branch: str, message: str, cname: str | None
) -> str:
    """Commit `site_dir` as the whole of `branch`, push it to `remote`; return the commit."""
    # ghp-import builds on the remote's branch as last fetched; fetch it so the push is a
    # fast-forward. A first deploy finds no such branch, which is fine.
    refspec = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
    _git(root, "fetch", "--quiet", "--", remote, refspec)
    env = {}
    if not _git(root, "config", "user.name").stdout.strip():
        env["GIT_COMMITTER_NAME"] = "handbook"
    if not _git(root, "config", "user.email").stdout.strip():
        env["GIT_COMMITTER_EMAIL"] = "handbook@localhost"
    try:
        with contextlib.chdir(root), environ(env):
            ghp_import(
                str(site_dir.resolve()),
                remote=remote,
                branch=branch,
                mesg=message,
                push=True,
                nojekyll=True,
                cname=cname,
            )
    # ghp-import 2.1 writes bytes to sys.stdout when git fast-import fails: a TypeError.
    except (GhpError, subprocess.CalledProcessError, TypeError) as e:
        message = _("could not push the site to {branch} on {remote}: {reason}")
        raise HandbookError(message.format(branch=branch, remote=remote, reason=e)) from None
    return _git(root, "rev-parse", "--short", f"refs/heads/{branch}").stdout.strip()
