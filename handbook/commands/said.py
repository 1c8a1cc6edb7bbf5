"""What the commands say when they worked, in the terminal's language (handbook/i18n/cli.py)."""

from __future__ import annotations

import shlex
from pathlib import Path

from handbook.i18n.cli import _, ngettext


def pages(n: int) -> str:
    """Count pages, as "Exported {pages} to ..." and "Pushed {pages} from ..." name them."""
    return ngettext("{n:,} page", "{n:,} pages", n).format(n=n)


def exported(n: int, directory: Path) -> str:
    """Say what export wrote, and how to build it."""
    return _("Exported {pages} to {folder}; run: {command}").format(
        pages=pages(n),
        folder=directory,
        command=f"cd {shlex.quote(str(directory))} && mkdocs build",
    )


def created(path: Path) -> str:
    """Say that init wrote a file."""
    return _("  created {path}").format(path=path)


def next_steps(directory: Path, dev_addr: str) -> list[str]:
    """Say what to do after init, one paragraph a line."""
    return [
        _(
            "Next: {command}   (then open {url} in a browser; it shows each change as you "
            "save firm.yaml)"
        ).format(
            command=f"cd {shlex.quote(str(directory))} && handbook serve",
            url=f"http://{dev_addr}/",
        ),
        _(
            "Before you publish, replace the sample values (handbook check lists them), "
            "and set site_url in mkdocs.yml to where the site will live."
        ),
        _(
            "Publish: push to GitHub and set Settings > Pages > Source to 'GitHub Actions' "
            "(the workflow is in .github/workflows/), or run `handbook deploy`."
        ),
    ]


def pushing(branch: str, remote: str) -> str:
    """Name the deploy's push step."""
    return _("Pushing to {branch} on {remote}").format(branch=branch, remote=remote)


def pushed(n: int, target: Path, branch: str, remote: str, url: str, commit: str) -> str:
    """Say what deploy pushed, and where."""
    return _(
        "Pushed {pages} from {folder} to branch {branch} of {remote} ({url}) as commit {commit}."
    ).format(pages=pages(n), folder=target, branch=branch, remote=remote, url=url, commit=commit)


def cname(domain: str) -> str:
    """Say which custom domain the branch names."""
    return _("CNAME: {domain} (point its DNS at GitHub Pages).").format(domain=domain)


def served_at(site_url: str | None, branch: str) -> str:
    """Say where GitHub Pages serves the site, once the repository is set up for it."""
    if site_url:
        text = _(
            "GitHub Pages serves it at {url} once the repository's Settings > Pages > Source "
            "is 'Deploy from a branch', {branch}, / (root)."
        )
    else:
        text = _(
            "GitHub Pages serves it at your Pages address once the repository's Settings > "
            "Pages > Source is 'Deploy from a branch', {branch}, / (root)."
        )
    return text.format(url=site_url, branch=branch)
