"""The build, top to bottom: load, check the target, stage each language, engine, check, publish.

`export` is the same build without the engine: it writes the staged MkDocs project, checked
as a build checks it. Staging itself, one MkDocs project per language, is in stage.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

from handbook import builtsite
from handbook.builtsite import BuiltSite
from handbook.calendar.today import epoch_of
from handbook.engines import KEEPING, build_site, project_folder
from handbook.engines.sidebyside import side_by_side
from handbook.errors import HandbookError
from handbook.i18n.cli import _
from handbook.output.languagetrees import assembled
from handbook.output.publish import (
    check_limits,
    check_output,
    check_target,
    publish,
    staging,
    stamp,
)
from handbook.progress import Reporter
from handbook.project import Project
from handbook.stage import PublishedFeeds, Staged, stage


def build(
    project: Project,
    site_dir: Path,
    *,
    engine: str = "mkdocs",
    today: dt.date,
    reporter: Reporter,
    force: bool = False,
    published_feeds: bool = False,
    built_by: BuiltSite | None = None,
    preview: bool = False,
) -> Staged:
    """Build the site into `site_dir` atomically; return what was staged.

    `site_dir` must be empty, absent, or a site handbook built (it holds the stamp file),
    unless `force`: a mistyped --site-dir never deletes someone's folder. With
    `published_feeds` and no site in `site_dir`, the feeds the site published are compared.
    `preview`: `site_dir` is a folder only this process writes (serve), and `built_by` what
    its site was built from, if known. Else the cache's record says, if it vouches for the
    site (builtsite.py). A language staged as it was then keeps its tree (output.languagetrees).
    """
    _load(project, reporter)
    check_target(site_dir, project.protected, force=force)
    site_dir = site_dir.absolute()  # the engine reads a relative path from its own folder
    recording = not preview
    if recording:
        built_by = builtsite.recorded(project.cache, engine, site_dir)
    url = project.site_url if published_feeds else None
    previous = PublishedFeeds(site_dir, project.folder, url)
    kept = project.cache.engine(engine)
    with staging(site_dir) as work, project_folder(kept, work) as (folder, manifests):
        staged = _stage_checked(project, folder, today, previous, reporter, manifests)
        for warning in previous.warnings:
            reporter.warn(warning)
        epoch = epoch_of(today)
        unchanged = built_by.unchanged(staged, engine, epoch, site_dir) if built_by else {}
        parts = work / "languages"
        _run_engine(engine, staged, folder, parts, epoch, project, reporter, unchanged)
        _cache_warnings(project, reporter)
        built = work / "site"
        roots = [language.folder for language in staged.languages]
        with assembled(built, parts, roots, site_dir, unchanged):
            stamp(built)
            files = _checked_site(built)
            with reporter.step(_("Publishing to {folder}").format(folder=site_dir)):
                if recording:
                    builtsite.forget(project.cache, engine)
                publish(built, site_dir)  # last: the block undoes its moves if it raises
    if recording and files is not None:
        built_from = BuiltSite.of(staged, engine, today)
        builtsite.record(project.cache, engine, site_dir, built_from, files)
    return staged


def export(project: Project, folder: Path, *, today: dt.date, reporter: Reporter) -> Staged:
    """Write the staged MkDocs project into `folder`: the build without the engine.

    `folder` must be new or empty and hold no input; the project passes the build's output
    checks, and appears whole or not at all.
    """
    if folder.is_dir() and any(folder.iterdir()):
        raise HandbookError(
            _("{folder} is not empty; export into a new or empty folder").format(folder=folder)
        )
    _load(project, reporter)
    check_target(folder, project.protected, verb="export")
    with staging(folder) as work:
        staged = _stage_checked(project, work / "project", today, PublishedFeeds(), reporter)
        _cache_warnings(project, reporter)
        publish(work / "project", folder.absolute())
    return staged


def _checked_site(built: Path) -> dict[str, builtsite.Stat] | None:
    """Check the built site's limits; return its files for the record (None: it has a link)."""
    files = builtsite.files_of(built)
    if files is None:
        check_output(built, "site")
    else:
        check_limits(len(files), sum(stat[0] for stat in files.values()), "site")
    return files


def _load(project: Project, reporter: Reporter) -> None:
    """Read and check firm.yaml and mkdocs.yml, so that a mistake stops the build first."""
    with reporter.step(_("Checking {file}").format(file=project.config_file.name)):
        project.check()
        project.base  # noqa: B018  (read here: a property that raises InputError)


def _stage_checked(
    project: Project,
    folder: Path,
    today: dt.date,
    previous: PublishedFeeds,
    reporter: Reporter,
    manifests: Path | None = None,
) -> Staged:
    """Stage every language into `folder`, check the output's limits, print the warnings.

    With `manifests`, `folder` is the one the last build staged in (engines.project_folder).
    """
    with reporter.step(_("Writing pages, calendars and PDF handouts")):
        staged = stage(project, folder, today, previous, manifests)
        files = sum(language.files for language in staged.languages)
        check_limits(files, sum(language.size for language in staged.languages), "staged project")
    for warning in staged.warnings:
        reporter.warn(warning)
    return staged


def _run_engine(
    engine: str,
    staged: Staged,
    folder: Path,
    parts: Path,
    epoch: int,
    project: Project,
    reporter: Reporter,
    kept: Collection[str],
) -> None:
    """Build each language's staged project but those `kept`, side by side, into `parts`.

    Each is built into a folder of its own, `parts/<code>` (`parts/default`): MkDocs
    empties its site folder when it starts, which would delete the other languages' trees
    being written inside it. output.languagetrees puts them together.
    """
    languages = [lang for lang in staged.languages if lang.folder not in kept]
    if not languages:
        return
    jobs = []
    for language in languages:
        root = language.folder or "default"
        cache = project.cache.engine(engine, root) if engine in KEEPING else None
        config = folder / language.root / "mkdocs.yml"
        jobs.append((engine, config, parts / root, epoch, cache))
    if len(staged.languages) > 1:
        names = ", ".join(language.language for language in languages)
        label = _("Building the site with {engine} ({language})").format(
            engine=engine, language=names
        )
    else:
        label = _("Building the site with {engine}").format(engine=engine)
    with reporter.step(label):
        warnings = side_by_side(build_site, jobs)
    for warning in dict.fromkeys(w for found in warnings for w in found):
        reporter.warn(f"{engine}: {warning}")


def _cache_warnings(project: Project, reporter: Reporter) -> None:
    """Print what the cache could not be used for (memo.py): each says what to do, if anything."""
    for message, values in project.cache.report():
        # The values are paths and short phrases marked in memo.py; a path has no translation.
        reporter.warn(_(message).format(**{k: _(v) for k, v in values.items()}))
