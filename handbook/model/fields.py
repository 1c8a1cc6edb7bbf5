"""The values of firm.yaml, each checked on its own: texts, names, URLs, dates, paths."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import zoneinfo
from typing import Annotated, Literal

import babel.dates
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
from handbook.model import weblinks
from handbook.model.weblinks import EMAIL_PATTERN as EMAIL_PATTERN

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


def _one_line(value: str) -> str:
    """Accept a text without line breaks or tabs (a name, an address line).

    Invisible format characters are refused too (U+202E and the other bidi controls, U+200B,
    U+FEFF, soft hyphens, tag characters): they reorder or hide letters, so "Nowak" could read
    as another name, and a name is shown, printed and copied into letters. The zero-width
    joiner and non-joiner are kept: some scripts and emoji need them.
    """
    if any(c in value for c in "\n\t\u2028\u2029"):
        raise ValueError(_("must be one line; remove the line break or tab"))
    weblinks.invisible(value, weblinks.JOINERS)
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
    """Accept a link in one of the video forms handbook can embed, or a project file path.

    Invisible characters are refused as in any URL; a link of a known service must name
    its video (video_links.parse), since the player's address is built from that id.
    """
    weblinks.invisible(value)
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


_NOT_OFFICE_ZONES = frozenset({"Factory", "localtime", "posixrules"})
"""Database files that are no place's zone: Factory has no offset, the others are settings."""


@functools.cache
def _timezones() -> tuple[str, ...]:
    """Return the IANA zone names offered (no posix/ or right/ copies, no machine settings)."""
    return tuple(sorted(zoneinfo.available_timezones() - _NOT_OFFICE_ZONES))


def _babel_knows(value: str) -> bool:
    """Tell whether Babel finds and names the zone, as the pages do (`Formats.timezone`)."""
    try:
        babel.dates.get_timezone_name(value, locale="en")
        babel.dates.get_timezone_location(value, locale="en", return_city=True)
    except (LookupError, ValueError):
        return False
    return True


def _timezone(value: str) -> str:
    """Accept an IANA time zone name that both Python's zoneinfo and Babel know.

    zoneinfo also opens Factory, localtime, posixrules and the posix/ and right/ copies of
    the database, which Babel (through pytz) does not know: the pages, which name the zone
    with Babel, would fail. The suggestion for a typo comes from the names both accept.
    """
    if value not in _timezones() or not _babel_knows(value):
        typed = value.removeprefix("posix/").removeprefix("right/")
        near = difflib.get_close_matches(typed, _timezones(), n=3)
        close = [name for name in near if name != value and _babel_knows(name)][:1]
        if close:
            message = _("unknown time zone {value}; did you mean {name}?")
        else:
            message = _("unknown time zone {value}; e.g. America/New_York, Europe/Madrid")
        raise ValueError(message.format(value=repr(value), name=close and repr(close[0])))
    return value


EmailAddress = Annotated[
    str,
    StringConstraints(max_length=254, pattern=weblinks.EMAIL_PATTERN),
    AfterValidator(weblinks.mail_address),
]

PlainText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
MarkdownText = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(weblinks.web_url)]
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
