"""The `handbook` command line."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Any

import click

from handbook import __version__
from handbook.build import build, export
from handbook.calendar.today import build_date
from handbook.commands import said
from handbook.commands.notice import notice_command
from handbook.commands.options import (
    DEV_ADDR,
    allow_placeholders_option,
    build_summary,
    check_summary,
    checked,
    config_option,
    dev_address,
    engine_option,
    file_errors,
    folder_problem,
    force_option,
    output_problem,
    placeholders,
    quiet_option,
    say,
    terminate,
    today_option,
    user_errors,
)
from handbook.commands.scaffold import COUNTRIES, create_project
from handbook.errors import HandbookError
from handbook.i18n.catalogs import catalog_languages, catalog_source
from handbook.i18n.cli import use_terminal_language
from handbook.input.schema import json_schema
from handbook.progress import Reporter
from handbook.project import Project


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
def cli() -> None:
    """Turn an accounting firm's policies (firm.yaml) into a client onboarding website.

    \b
    Start:    handbook init my-firm && cd my-firm && handbook serve
    Preview:  handbook serve   (http://127.0.0.1:8000/, rebuilds when you save)
    Samples:  handbook check   (every mistake, and each sample value to replace)
    Publish:  handbook deploy   (gh-pages branch), or the workflow init writes
    Letters:  handbook links   (URLs per segment; --csv, --json, --letter SEGMENT)
    Notice:   handbook notice  (the message to send clients about new rules)
    Editor autocompletion for firm.yaml: handbook schema > firm.schema.json
    """
    signal.signal(signal.SIGTERM, terminate)
    use_terminal_language()


@cli.command(
    "build",
    help="Build the site from firm.yaml, replacing the site folder only if all of it worked. "
    "A site in several languages (locale.languages) has the default language at its root "
    "and each other language under /<code>/. What is slow to make (PDF handouts, calendar "
    "events, QR codes, the engine's own cache) is kept for the next build in the user's cache "
    "folder (~/.cache/handbook/<project>-<hash>/ on Linux), or in $HANDBOOK_CACHE_DIR; never in "
    "the project folder. So is the staged project: a rebuild renders again only the segments "
    "an edit changed, in the languages it changed, and writes only the files whose bytes "
    "changed; the engine builds only the languages whose staged project changed, if the site "
    "folder holds exactly what the last build published there. Deleting the cache is safe.",
)
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(path_type=Path),
    callback=checked(folder_problem),
    metavar="DIR",
    default=None,
    help="Where the site goes; a relative path is from the current folder, not from "
    "firm.yaml's  [default: site/ beside firm.yaml]",
)
@engine_option
@today_option
@quiet_option
@force_option
@allow_placeholders_option
@click.option(
    "--published-feeds",
    is_flag=True,
    envvar="HANDBOOK_PUBLISHED_FEEDS",
    help="When the site folder holds no previous build (a fresh checkout), compare the "
    "calendar events with the feed the site published (the gh-pages branch, else site_url "
    "over HTTPS), so a moved date gets a higher SEQUENCE. The generated workflow sets it.",
)
@user_errors
def build_command(
    config_file: Path,
    site_dir: Path | None,
    engine: str,
    today: str | None,
    quiet: bool,
    force: bool,
    allow_placeholders: bool,
    published_feeds: bool,
) -> None:
    """Build the site from firm.yaml, replacing the site folder only if all of it worked."""
    reporter = Reporter(quiet=quiet)
    project = Project(config_file)
    target = site_dir or project.folder / "site"
    start = time.perf_counter()
    staged = build(
        project,
        target,
        engine=engine,
        today=build_date(today),
        reporter=reporter,
        force=force,
        published_feeds=published_feeds,
    )
    placeholders(project, reporter, allow=allow_placeholders)
    reporter.info(build_summary(staged, target, time.perf_counter() - start))


@cli.command("check")
@config_option
@quiet_option
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1) on the starter's sample values instead of warning, as deploy does: "
    "the publishing workflow that init writes runs this.",
)
@allow_placeholders_option
@user_errors
def check_command(config_file: Path, quiet: bool, strict: bool, allow_placeholders: bool) -> None:
    """Check firm.yaml and report every problem with its line, without building.

    firm.yaml may be split into several files with `!include PATH` (e.g. `segments:
    !include segments/*.yaml`); a problem in an included file is said at its line there.

    It also warns about each sample value of the starter still in firm.yaml or mkdocs.yml.
    """
    project = Project(config_file)
    project.check()
    firm = project.firm
    action = "check --strict" if strict else ""
    placeholders(project, Reporter(quiet=quiet), allow=allow_placeholders, action=action)
    if not quiet:
        say(check_summary(config_file, firm))


@cli.command("export")
@click.argument("directory", type=click.Path(path_type=Path), callback=checked(folder_problem))
@config_option
@today_option
@quiet_option
@user_errors
def export_command(directory: Path, config_file: Path, today: str | None, quiet: bool) -> None:
    """Write the staged, standard MkDocs project into DIRECTORY (build it with `mkdocs build`).

    DIRECTORY is a new or empty folder, relative to the current folder or absolute. It is
    the build without the engine: the same checks, the same warnings.
    """
    reporter = Reporter(quiet=quiet)
    with file_errors():
        staged = export(Project(config_file), directory, today=build_date(today), reporter=reporter)
    reporter.info(said.exported(len(staged.pages), directory))


@cli.command("links")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for tools.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV for mail merge.")
@click.option(
    "--letter",
    metavar="SEGMENT",
    help="Print the engagement-letter clause of a segment: it incorporates the rules of "
    "engagement by reference (version, effective date, the URL that never changes) and "
    "gives the handbook and calendar URLs.",
)
@click.option(
    "--language",
    metavar="LANG",
    help="Language of the --letter clause  [default: the site's main language]",
)
@allow_placeholders_option
@user_errors
def links_command(
    config_file: Path,
    as_json: bool,
    as_csv: bool,
    letter: str | None,
    language: str | None,
    allow_placeholders: bool,
) -> None:
    """Print each segment's URLs for engagement letters and emails (from site_url).

    \b
    Per segment: handbook, rules (the frozen version a letter cites), communication,
    calendar and its .ics feed, FAQ, packages, the PDF handout and its QR code.
    """
    from handbook.commands import links

    if sum((as_json, as_csv, letter is not None)) > 1:
        raise HandbookError("choose one of --json, --csv and --letter")
    if language and not letter:
        raise HandbookError("--language chooses the language of --letter; add --letter SEGMENT")
    project = Project(config_file)
    firm = project.firm
    data = links.collect(firm, project.site_url, project.messages)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))  # JSON escapes controls
    elif as_csv:
        say(links.as_csv(data), nl=False)
    elif letter:
        clause = links.letter_clause(data, letter, language or firm.locale.default)
        placeholders(project, Reporter(), allow=allow_placeholders, action="links --letter")
        say(clause)
    else:
        say(links.as_text(data, project.translator(firm.locale.default)), nl=False)


@cli.command("deploy")
@config_option
@click.option("--remote", default="origin", show_default=True, help="Git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="Branch Pages serves.")
@click.option(
    "-m",
    "--message",
    default=None,
    help="Commit message on the branch  [default: Publish the handbook built on <date>]",
)
@engine_option
@today_option
@quiet_option
@force_option
@allow_placeholders_option
@user_errors
def deploy_command(
    config_file: Path,
    remote: str,
    branch: str,
    message: str | None,
    engine: str,
    today: str | None,
    quiet: bool,
    force: bool,
    allow_placeholders: bool,
) -> None:
    """Build the site into site/ beside firm.yaml, then publish it to the gh-pages branch.

    Nothing is pushed unless firm.yaml is valid, holds none of the starter's sample values
    (see --allow-placeholders) and the whole build worked. The branch
    gets .nojekyll, and CNAME when site_url is on a custom domain. GitHub Pages serves it.
    """
    from handbook.commands import deploy

    deploy.check_names(remote=remote, branch=branch)  # before git reads them as options
    reporter = Reporter(quiet=quiet)
    project = Project(config_file)
    url = deploy.remote_url(project.folder, remote)  # before building: say early what is missing
    placeholders(project, reporter, allow=allow_placeholders, action="deploy")
    date = build_date(today)
    target = project.folder / "site"
    staged = build(project, target, engine=engine, today=date, reporter=reporter, force=force)
    site_url = project.site_url
    cname = deploy.custom_domain(site_url)
    with reporter.step(said.pushing(branch, remote)):
        commit = deploy.deploy(
            project.folder,
            target,
            remote=remote,
            branch=branch,
            message=message or f"Publish the handbook built on {date.isoformat()}",
            cname=cname,
        )
    say(said.pushed(len(staged.pages), target, branch, remote, url, commit))
    if cname:
        say(said.cname(cname))
    if not quiet:
        say(said.served_at(site_url, branch))


@cli.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    callback=checked(output_problem),
    metavar="FILE",
    default=None,
    help="Write the schema to this file (relative to the current folder, which must exist) "
    "instead of printing it.",
)
@user_errors
def schema_command(output: Path | None) -> None:
    """Print the JSON Schema of firm.yaml (for editor autocompletion and validation)."""
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        with file_errors():
            output.write_text(text, encoding="utf-8")
    else:
        say(text, nl=False)


@cli.command("messages")
@click.argument("language", type=click.Choice(catalog_languages()))
@user_errors
def messages_command(language: str) -> None:
    """Print handbook's catalog of LANGUAGE, to reword messages for your site.

    Save it as locales/LANGUAGE.po beside firm.yaml, keep the entries you change and write
    your wording in their msgstr (an empty msgstr keeps handbook's). `check` and `build`
    check the file as they check firm.yaml. For English, msgstr starts empty.
    """
    say(catalog_source(language), nl=False)


@cli.command("init")
@click.argument("directory", type=click.Path(path_type=Path), callback=checked(folder_problem))
@click.option(
    "--country",
    type=click.Choice(COUNTRIES, case_sensitive=False),
    default="US",
    show_default=True,
    help="Start with this country's language, holidays and common statutory deadlines.",
)
@click.option(
    "--region",
    default=None,
    metavar="CODE",
    help="State or region whose holidays count for your own dates, e.g. NY, CT, MD.",
)
@click.option(
    "--split",
    is_flag=True,
    help="Write firm.yaml in several files joined by !include: one per segment in "
    "segments/, and packages.yaml, videos.yaml and deadlines.yaml.",
)
@user_errors
def init_command(directory: Path, country: str, region: str | None, split: bool) -> None:
    """Create a new firm project in DIRECTORY with a commented starter firm.yaml.

    DIRECTORY is a new or empty folder, relative to the current folder or absolute. The
    starter holds the country's common statutory deadlines, each with its legal source;
    check them against this year's official calendar and edit them freely.
    """
    with file_errors():
        region = region.upper() if region else None
        written = create_project(directory, country.upper(), region, split=split)
    for path in written:
        say(said.created(path))
    for paragraph in said.next_steps(directory, DEV_ADDR):
        say(paragraph)


@cli.command("serve")
@config_option
@engine_option
@click.option(
    "-a",
    "--dev-addr",
    default=DEV_ADDR,
    show_default=True,
    metavar="HOST:PORT",
    callback=dev_address,
    help="Address to serve the preview on; [::1]:8000 for IPv6. 0.0.0.0:8000 lets a phone on "
    "the same network open it, by this computer's IP address or name. The preview answers "
    "only requests for its own address, localhost or, on 0.0.0.0, an IP address or this "
    "computer's name: another name pointed at it (DNS rebinding) gets 403.",
)
@today_option
@user_errors
def serve_command(
    config_file: Path, engine: str, dev_addr: tuple[str, int], today: str | None
) -> None:
    """Preview the site, rebuilding when firm.yaml, templates/, docs/ or mkdocs.yml change.

    When a rebuild fails, every page in the browser is an error page listing each problem
    (file:line:col, field, message) until the next good build brings the site back.
    """
    from handbook.commands.serve import serve

    host, port = dev_addr
    serve(Project(config_file), engine=engine, host=host, port=port, today=today)


cli.add_command(notice_command)


def main(argv: list[str] | None = None, *, standalone_mode: bool = True) -> Any:
    """Run the command line."""
    return cli.main(args=argv, prog_name="handbook", standalone_mode=standalone_mode)
