"""The values of firm.yaml, each checked on its own: texts, names, URLs, dates, paths."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import urllib.parse
import zoneinfo
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from handbook.i18n.catalogs import catalog_languages
from handbook.i18n.cli import _
from handbook.model import video_links as videos

LANGUAGES: tuple[str, ...] = catalog_languages()
"""Languages the site can be published in: one per catalog in handbook/locales/."""


def _known_language(value: str) -> str:
    """Accept a language that has a catalog."""
    if value not in LANGUAGES:
        hint = difflib.get_close_matches(value, LANGUAGES, n=1)
        values = ", ".join(LANGUAGES)
        if hint:
            raise ValueError(
                _("must be one of {values}; got {got}; did you mean {name}?").format(
                    values=values, got=repr(value), name=repr(hint[0])
                )
            )
        raise ValueError(
            _("must be one of {values}; got {got}").format(values=values, got=repr(value))
        )
    return value


Language = Annotated[
    str,
    AfterValidator(_known_language),
    Field(json_schema_extra={"enum": list(LANGUAGES)}),
]
"""A language code with a catalog, e.g. en, es, pl, ca."""

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60),
    Field(description="A short identifier: lowercase letters, digits and single hyphens."),
]

HexColor = Annotated[
    str,
    StringConstraints(pattern=r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"),
    Field(description='A colour as a hex code, e.g. "#1f4e79".'),
]

_URL_FORBIDDEN = re.compile(r"[\s\"'<>\\\[\]`{}|^]")
_URL_SCHEMES = ("https", "mailto", "tel")


def _web_url(value: str) -> str:
    """Accept an https:// address with a host, or a mailto:/tel: link, parsed as a URL."""
    bad = _URL_FORBIDDEN.search(value)
    if bad:
        raise ValueError(
            _(
                "contains {character}, which a web address cannot hold; "
                "copy the address from the browser's address bar"
            ).format(character=repr(bad.group()))
        )
    parts = urllib.parse.urlsplit(value)
    if parts.scheme.lower() not in _URL_SCHEMES:
        raise ValueError(_("must be a web address starting with https:// (or mailto: or tel:)"))
    if parts.scheme.lower() == "https" and not parts.hostname:
        raise ValueError(_("must name a website after https://, e.g. https://portal.example.com"))
    if parts.scheme.lower() != "https" and not parts.path:
        raise ValueError(_("must have an address after {scheme}").format(scheme=f"{parts.scheme}:"))
    return value


def _one_line(value: str) -> str:
    """Accept a text without line breaks or tabs (a name, an address line)."""
    if any(c in value for c in "\n\t\u2028\u2029"):
        raise ValueError(_("must be one line; remove the line break or tab"))
    return value


def _sane_date(value: dt.date) -> dt.date:
    """Accept a date between 2000 and 2100."""
    if not 2000 <= value.year <= 2100:
        raise ValueError(
            _("must be a date between 2000 and 2100, got {got}").format(got=value.isoformat())
        )
    return value


def _inside_project(value: str) -> bool:
    """Tell whether a path is relative, with forward slashes, no drive and no `..`."""
    parts = value.split("/")
    return not (value.startswith("/") or ":" in value or "\\" in value or {"..", ""} & set(parts))


def _project_path(value: str) -> str:
    """Accept a relative path inside the project, written with forward slashes."""
    if not _inside_project(value):
        raise ValueError(
            _(
                "must be a path relative to firm.yaml's folder, without .. or a drive, "
                "e.g. assets/logo.svg"
            )
        )
    return value


def _video_source(value: str) -> str:
    """Accept a link in one of the video forms handbook can embed, or a project file path."""
    if not re.match(r"^https?://", value) and not _inside_project(value):
        raise ValueError(
            _(
                "must be a video link (https://...) or a file path inside the project, "
                "e.g. media/welcome.mp4"
            )
        )
    try:
        videos.parse(value)
    except videos.VideoLinkError as e:
        raise ValueError(str(e)) from None
    return value


def _timezone(value: str) -> str:
    """Accept an IANA time zone name."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(value, sorted(zoneinfo.available_timezones()), n=1)
        if close:
            message = _("unknown time zone {value}; did you mean {name}?")
        else:
            message = _("unknown time zone {value}; e.g. America/New_York, Europe/Madrid")
        raise ValueError(message.format(value=repr(value), name=close and repr(close[0]))) from None
    return value


EMAIL_PATTERN = (
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
"""The HTML standard's valid e-mail address (what <input type=email> accepts)."""
EmailAddress = Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)]

PlainText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
MarkdownText = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_web_url)]
Line = Annotated[str, StringConstraints(max_length=200), AfterValidator(_one_line)]
"""One line of text, e.g. a name or an address line."""
NameText = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line)
]
Date = Annotated[dt.date, AfterValidator(_sane_date)]
ProjectPath = Annotated[str, StringConstraints(max_length=300), AfterValidator(_project_path)]
"""A file of the project, relative to firm.yaml's folder."""

TextKey = Language | Literal["all"]
"""A language code, or `all` for a text that is the same in every language (a name)."""

Text = PlainText | dict[TextKey, PlainText]
"""A client-facing text: one string (a site of one language), or one per language."""

Name = NameText | dict[TextKey, NameText]
"""A client-facing name or title (one line): one string, or one per language."""

Markdown = MarkdownText | dict[TextKey, MarkdownText]
"""Client-facing Markdown (no HTML): one string (a site of one language), or one per language."""

TimeZone = Annotated[str, AfterValidator(_timezone)]
"""An IANA time zone name, e.g. America/New_York."""

VideoLink = Annotated[str, AfterValidator(_video_source)]

VideoLinks = VideoLink | dict[Language, VideoLink]
"""A video: one for every language, or one per language (Spanish readers see the Spanish one)."""

FilePath = ProjectPath | dict[Language, ProjectPath]
"""A file of the project: one for every language, or one per language."""

LOCALIZED = (Text, Name, Markdown)
"""The types of client-facing texts, which need a text in every language of the site."""

PER_LANGUAGE = (VideoLinks, FilePath)
"""Types that are one value for all languages, or a mapping that covers every language."""


class Strict(BaseModel):
    """Base for every firm.yaml section: unknown keys are errors, docstrings are descriptions."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        frozen=True,
        str_strip_whitespace=True,
    )
