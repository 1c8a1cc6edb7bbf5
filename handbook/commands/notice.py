"""`handbook notice`: the short message a firm sends its clients about a new version of the rules.

Built from the catalog's messages and the firm's texts, as the pages are: the same sentences say
what changes and from when, in every language of the site. The firm pastes it into its own
mail tool, or opens the `mailto:` link: handbook sends nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import click

from handbook import urls
from handbook.calendar.today import build_date
from handbook.commands.options import config_option, say, today_option, user_errors
from handbook.errors import HandbookError
from handbook.i18n.cli import _
from handbook.model.engagement import RulesVersion
from handbook.pages.site import Site
from handbook.project import Project


@dataclass(frozen=True)
class Notice:
    """The message about one version, in one language."""

    language: str
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        """Return a `mailto:` link (RFC 6068) with the subject and body, no recipient."""
        body = self.body.replace("\n", "\r\n")
        return f"mailto:?subject={quote(self.subject, safe='')}&body={quote(body, safe='')}"


def notices(
    project: Project, today: dt.date, version: str | None, language: str | None
) -> list[Notice]:
    """Write the notice of `version` (the newest by default) in `language`, else in each."""
    firm = project.firm
    if project.site_url is None:
        raise HandbookError(
            _("mkdocs.yml has no site_url: a notice links the rules, so it needs their address")
        )
    chosen = _version(firm.rules.versions, version)
    languages = firm.locale.site_languages
    if language is not None and language not in languages:
        raise HandbookError(
            _("--language {language}: the site's languages are {languages}").format(
                language=language, languages=", ".join(languages)
            )
        )
    return [
        notice(Site(firm, today, code, project.site_url, project.messages), chosen)
        for code in ([language] if language else languages)
    ]


def _version(versions: list[RulesVersion], label: str | None) -> RulesVersion:
    """Return the version labelled `label`, or the newest."""
    if label is None:
        return versions[0]
    for version in versions:
        if version.version == label:
            return version
    raise HandbookError(
        _("--version {version}: firm.yaml's rules have versions {versions}").format(
            version=label, versions=", ".join(v.version for v in versions)
        )
    )


def notice(site: Site, version: RulesVersion) -> Notice:
    """Write the notice of `version` in the site's language."""
    message, say, firm = site.tr.message, site.say, site.firm
    date = say.date(version.effective)
    page = site.links.page(urls.rules_version(version.version))
    # The firm's own summary keeps the message short; the pages also list each rule changed.
    changed = [site.tr.text(c) for c in version.changes] or say.what_changed(firm.rules, version)
    lines = [
        message("notice.greeting"),
        "",
        message("rules.event_version", version=version.version, date=date),
        "",
        message("notice.what"),
        *(f"- {line}" for line in changed),
        "",
        message("rules.intro"),
        "",
        message("notice.read", url=page),
        message("notice.changes", url=page + "#changes"),
        message("notice.calendar"),
        message("notice.follow", url=site.links.file(urls.RULES_FEED)),
        "",
        message("notice.signoff"),
        firm.firm.name,
    ]
    subject = message("notice.subject", firm=firm.firm.name, date=date)
    return Notice(site.language, subject, "\n".join(lines))


def as_text(items: list[Notice]) -> str:
    """Print each notice: its language, subject, body and `mailto:` link."""
    out = []
    for item in items:
        out += [
            f"== {item.language} ==",
            _("Subject: {subject}").format(subject=item.subject),
            "",
            item.body,
            "",
            item.mailto,
            "",
        ]
    return "\n".join(out)


@click.command("notice")
@config_option
@click.option(
    "--version",
    "version",
    metavar="V",
    help="The rules version to announce  [default: the newest]",
)
@click.option(
    "--language", metavar="LANG", help="One language  [default: each language of the site]"
)
@today_option
@user_errors
def notice_command(
    config_file: Path, version: str | None, language: str | None, today: str | None
) -> None:
    """Print the message to send clients about a new version of the rules, per language.

    \b
    Subject and body (what changes, from when, why it helps, the links), then the same
    as a mailto: link to open in a mail program. Nothing is sent.
    """
    project = Project(config_file)
    say(as_text(notices(project, build_date(today), version, language)), nl=False)
