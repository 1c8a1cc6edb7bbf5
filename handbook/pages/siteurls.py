"""The URLs of one language tree, one builder for pages, feeds, handouts and `handbook links`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from handbook import urls
from handbook.model.offer import TeamMember

TEAM_ASSETS = "assets/team"


@dataclass(frozen=True)
class SiteUrls:
    """Build the URLs of a language's tree, absolute when mkdocs.yml has a site_url."""

    site_url: str | None
    language: str
    default: str

    @property
    def root(self) -> str:
        """Return where this language's tree lives in the site: "" (the default) or "es/"."""
        return urls.language_root(self.language, self.default)

    @property
    def host(self) -> str:
        """Return the site's host name, for calendar UIDs (stable while site_url is)."""
        if self.site_url:
            return urlsplit(self.site_url).netloc or "handbook"
        return "handbook.invalid"

    def absolute(self, path: str) -> str | None:
        """Return the absolute URL of a file of this language's tree, or None without a site_url."""
        return urls.site_file(self.site_url, self.root + path) if self.site_url else None

    def file(self, path: str) -> str:
        """Return the URL of a file of this tree: absolute, or site-rooted without a site_url."""
        return self.absolute(path) or "/" + self.root + path

    def page(self, md_path: str) -> str:
        """Return the URL of a page, e.g. "tax/calendar.md" (site-rooted without a site_url)."""
        return self.file(urls.url_path(md_path))

    def photo(self, member: TeamMember) -> str | None:
        """Return the staged path of a team member's photo, if any."""
        if member.photo is None:
            return None
        return f"{TEAM_ASSETS}/{member.slug}{PurePosixPath(member.photo).suffix.lower()}"
