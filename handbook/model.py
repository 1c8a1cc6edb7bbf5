"""The typed model of firm.yaml: one pydantic class per concept, unknown keys forbidden."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import urllib.parse
import zoneinfo
from typing import Annotated, Literal

import holidays
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from handbook import videos
from handbook.catalogs import catalog_languages

LANGUAGES: tuple[str, ...] = catalog_languages()
"""Languages the site can be published in: one per catalog in handbook/locales/."""


def _known_language(value: str) -> str:
    """Accept a language that has a catalog."""
    if value not in LANGUAGES:
        hint = difflib.get_close_matches(value, LANGUAGES, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}; got {value!r}{suggestion}")
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
            f"contains {bad.group()!r}, which a web address cannot hold; "
            "copy the address from the browser's address bar"
        )
    parts = urllib.parse.urlsplit(value)
    if parts.scheme.lower() not in _URL_SCHEMES:
        raise ValueError("must be a web address starting with https:// (or mailto: or tel:)")
    if parts.scheme.lower() == "https" and not parts.hostname:
        raise ValueError("must name a website after https://, e.g. https://portal.example.com")
    if parts.scheme.lower() != "https" and not parts.path:
        raise ValueError(f"must have an address after {parts.scheme}:")
    return value


def _one_line(value: str) -> str:
    """Accept a text without line breaks or tabs (a name, an address line)."""
    if any(c in value for c in "\n\t\u2028\u2029"):
        raise ValueError("must be one line; remove the line break or tab")
    return value


def _sane_date(value: dt.date) -> dt.date:
    """Accept a date between 2000 and 2100."""
    if not 2000 <= value.year <= 2100:
        raise ValueError(f"must be a date between 2000 and 2100, got {value.isoformat()}")
    return value


def _real_day(value: str) -> str:
    """Accept a "MM-DD" that is a day of some year (02-29 is, in leap years)."""
    month, day = (int(part) for part in value.split("-"))
    try:
        dt.date(2028, month, day)
    except ValueError:
        raise ValueError(f"{value} is not a day of the year; e.g. 04-30, 02-28") from None
    return value


def _project_path(value: str) -> str:
    """Accept a relative path inside the project, written with forward slashes."""
    parts = value.split("/")
    if value.startswith("/") or ":" in value or "\\" in value or ".." in parts or "" in parts:
        raise ValueError(
            "must be a path relative to firm.yaml's folder, without .. or a drive, "
            "e.g. assets/logo.svg"
        )
    return value


def _video_source(value: str) -> str:
    """Accept a link in one of the video forms handbook can embed, or a project file path."""
    if not re.match(r"^https?://", value) and (
        ":" in value or value.startswith(("/", "\\")) or ".." in value.split("/")
    ):
        raise ValueError(
            "must be a video link (https://...) or a file path inside the project, "
            "e.g. media/welcome.mp4"
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
        hint = f"did you mean {close[0]!r}?" if close else "e.g. America/New_York, Europe/Madrid"
        raise ValueError(f"unknown time zone {value!r}; {hint}") from None
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

Text = PlainText | dict[Language, PlainText]
"""A client-facing text: one string (a site of one language), or one per language."""

Name = NameText | dict[Language, NameText]
"""A client-facing name or title (one line): one string, or one per language."""

Markdown = MarkdownText | dict[Language, MarkdownText]
"""Client-facing Markdown (no HTML): one string (a site of one language), or one per language."""

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


# --- firm identity -------------------------------------------------------------------------


class Address(Strict):
    """A postal address."""

    street: Line
    """Street and number, e.g. "118 Main Street, Suite 4"."""
    city: Line
    """City or town."""
    postal_code: Line = ""
    """Postal or ZIP code (kept as text so leading zeros survive)."""
    region: Line = ""
    """State, province or region, as written on letters."""
    country: Line = ""
    """Country name as written on letters."""


class Branding(Strict):
    """Logo, favicon and colours used on every page."""

    logo: ProjectPath | None = None
    """Path of the logo image, relative to firm.yaml (SVG or PNG)."""
    favicon: ProjectPath | None = None
    """Path of the favicon, relative to firm.yaml (SVG, PNG or ICO)."""
    primary_color: HexColor = "#1f4e79"
    """Main brand colour: header, links and buttons. Text colour on it is chosen for contrast."""
    accent_color: HexColor = "#c2410c"
    """Accent colour for hovered links and highlights."""


class Firm(Strict):
    """Who the firm is and how to reach it."""

    name: Annotated[NameText, StringConstraints(max_length=80)]
    """The firm's name as clients know it (one line)."""
    legal_name: Line | None = None
    """Registered legal name, if different (shown in the footer)."""
    tagline: Text | None = None
    """One line under the name on the home page."""
    about: Markdown | None = None
    """A short introduction of the firm for the home page (Markdown, no HTML)."""
    email: EmailAddress
    """The main email address clients write to."""
    phone: Line | None = None
    """The main phone number, in international form, e.g. "+1 212 555 0142"."""
    website: Url | None = None
    """The firm's main website (the handbook links back to it)."""
    address: Address | None = None
    """Office address shown in the footer."""
    branding: Branding = Branding()
    """Logo, favicon and colours."""


class Locale(Strict):
    """Languages, time zone and the country whose public holidays apply."""

    language: Language | None = None
    """The language of a site in one language, e.g. pl (or use `languages`)."""
    languages: list[Language] = []
    """The site's languages, the default first, e.g. [en, es]: the default at /, each other
    under /<code>/. Every client-facing text then needs a text per language."""
    timezone: Annotated[str, AfterValidator(_timezone)] = "UTC"
    """IANA time zone of the office, e.g. America/New_York, Europe/Madrid, Europe/Warsaw."""
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "US"
    """ISO 3166 country code whose public holidays apply, e.g. US, ES, PL."""
    region: str | None = None
    """Subdivision for regional holidays, e.g. NY (US state), MD (Comunidad de Madrid)."""
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    """ISO 4217 currency of prices, e.g. USD, EUR, PLN."""

    @model_validator(mode="after")
    def _one_way_to_say_languages(self) -> Locale:
        """Check that `language` and `languages` agree and no language is listed twice."""
        if self.language and self.languages and self.languages[0] != self.language:
            raise ValueError(
                f"language is {self.language!r} but languages starts with "
                f"{self.languages[0]!r}; give only languages (the default first)"
            )
        twice = sorted({x for x in self.languages if self.languages.count(x) > 1})
        if twice:
            raise ValueError(f"languages lists {', '.join(twice)} more than once")
        return self

    @property
    def site_languages(self) -> list[str]:
        """Return the site's languages, the default first."""
        return list(self.languages) or [self.language or "en"]

    @property
    def default(self) -> str:
        """Return the default language (published at the site's root)."""
        return self.site_languages[0]

    @field_validator("country")
    @classmethod
    def _known_country(cls, country: str) -> str:
        """Check that public-holiday data exists for the country."""
        if country not in holidays.list_supported_countries():
            raise ValueError(
                f"no public-holiday data for {country!r}; use an ISO code such as US, ES or PL"
            )
        return country

    @field_validator("region")
    @classmethod
    def _known_region(cls, region: str | None, info: ValidationInfo) -> str | None:
        """Check that the region is a subdivision of the country with holiday data."""
        country = info.data.get("country")
        supported = holidays.list_supported_countries()
        if region is not None and country in supported and region not in supported[country]:
            regions = ", ".join(supported[country])
            raise ValueError(f"unknown region {region!r} of {country}; valid: {regions}")
        return region


# --- communication -------------------------------------------------------------------------


class Sla(Strict):
    """A response-time promise."""

    within: Annotated[int, Field(ge=0, le=365)]
    """How many units the promise allows."""
    unit: Literal["business_hours", "business_days", "hours", "days"] = "business_days"
    """The unit of `within`."""
    by: Literal["end_of_day", "same_time"] = "end_of_day"
    """For day units: by the end of that business day, or by the same time of day."""


class OpeningHours(Strict):
    """Opening hours of one weekday."""

    open: dt.time
    """Opening time, 24-hour "HH:MM" (quote it or not: 09:00 is read as a time)."""
    close: dt.time
    """Closing time, 24-hour "HH:MM"."""

    @model_validator(mode="after")
    def _closes_after_opening(self) -> OpeningHours:
        """Check that the office closes after it opens."""
        if self.close <= self.open:
            raise ValueError(
                f"closes at {self.close:%H:%M}, not after it opens at {self.open:%H:%M}"
            )
        return self


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


class Closure(Strict):
    """A period when the office is closed (beyond public holidays)."""

    name: Name
    """What the closure is, e.g. "Office retreat"."""
    start: Date
    """First closed day, YYYY-MM-DD."""
    end: Date | None = None
    """Last closed day, YYYY-MM-DD; omit for a single day."""

    @model_validator(mode="after")
    def _ends_after_start(self) -> Closure:
        """Check that the closure does not end before it starts."""
        if self.end is not None and self.end < self.start:
            raise ValueError(f"ends {self.end} before it starts {self.start}")
        return self


ChannelKind = Literal[
    "portal", "email", "phone", "text", "video_call", "meeting", "chat", "mail", "other"
]


class Channel(Strict):
    """One way a client can (or cannot) reach the firm."""

    slug: Slug
    """Identifier used in links, e.g. portal."""
    kind: ChannelKind
    """What sort of channel it is."""
    name: Name
    """Name clients see, e.g. "Client portal"."""
    allowed: bool
    """Whether clients may use it (text messages: usually no)."""
    by_appointment: bool = False
    """Allowed only with an appointment (e.g. phone calls)."""
    address: Line | None = None
    """Where to reach it: an email address, phone number or URL."""
    purpose: Text
    """What the channel is for (or, if not allowed, what to use instead)."""
    benefit: Text
    """Why the rule helps the client, phrased as their benefit."""


class Communication(Strict):
    """The communication policy: SLAs, hours, closures and channels."""

    acknowledge: Sla
    """How fast every message is acknowledged."""
    answer: Sla
    """How fast a substantive answer follows."""
    business_hours: dict[Weekday, OpeningHours]
    """Opening hours per weekday; a weekday left out is closed."""
    closures: list[Closure] = []
    """Office closures beyond public holidays."""
    channels: Annotated[list[Channel], Field(min_length=1)]
    """Every channel, allowed or not."""
    not_heard_back: Text | None = None
    """What to do if no acknowledgement arrived in time."""


# --- onboarding ---------------------------------------------------------------------------


class OnboardingCall(Strict):
    """One call in the onboarding series."""

    slug: Slug
    """Identifier, e.g. kick-off."""
    name: Name
    """Name of the call."""
    when: Text
    """When it happens, e.g. "In your first week"."""
    duration_minutes: Annotated[int, Field(gt=0, le=480)]
    """Length of the call in minutes."""
    purpose: Text
    """What the call achieves for the client."""


class System(Strict):
    """A system the client must set up."""

    slug: Slug
    """Identifier, e.g. portal."""
    name: Name
    """Name of the system, e.g. "SmartVault client portal"."""
    purpose: Text
    """What the client uses it for."""
    url: Url | None = None
    """Where to sign in or download it."""
    how_to_video: Slug | None = None
    """Slug of the video showing how to set it up."""


class Onboarding(Strict):
    """How a new client is brought on board (the "Educate" phase)."""

    contact: Slug
    """Slug of the team member who is the onboarding contact."""
    calls: list[OnboardingCall] = []
    """The onboarding calls, in order."""
    systems: list[System] = []
    """The systems to set up."""
    hand_holding_days: Annotated[int, Field(ge=0, le=365)] = 30
    """Length of the hand-holding period after sign-up, in days."""
    hand_holding: Text | None = None
    """What the hand-holding period means for the client."""


# --- rules of engagement ------------------------------------------------------------------


class Rule(Strict):
    """One rule of engagement."""

    slug: Slug
    """Identifier, stable across versions (used in anchors)."""
    text: Markdown
    """The rule, short and concrete."""
    benefit: Text
    """Why the rule helps the client."""
    video: Slug | None = None
    """Slug of a video that shows how to follow the rule."""


class RulesVersion(Strict):
    """A published version of the rules of engagement."""

    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")]
    """Version label cited in engagement letters, e.g. "2026.1" (quote it)."""
    effective: Date
    """Date the version takes effect, YYYY-MM-DD."""
    changes: list[Text] = []
    """What changed from the version before."""
    rules: Annotated[list[Rule], Field(min_length=1)]
    """The rules of this version."""


class RulesOfEngagement(RulesVersion):
    """The current rules of engagement and the versions before them."""

    earlier: list[RulesVersion] = []
    """Earlier versions, which stay published at their own URLs."""


# --- correction, evaluation and parting ways ----------------------------------------------


class CorrectionStep(Strict):
    """One step of the firm's reaction when the process is not followed."""

    name: Name
    """Name of the step, e.g. "A friendly reminder"."""
    description: Text
    """What happens, told from the client's side."""


class Correction(Strict):
    """The correction and evaluation policy."""

    intro: Text | None = None
    """An opening sentence setting the tone."""
    steps: Annotated[list[CorrectionStep], Field(min_length=1)]
    """The steps, in order, from the gentlest."""
    review: Text | None = None
    """How and when the relationship is evaluated."""


class Referral(Strict):
    """A resource a departing client is referred to."""

    name: Name
    """Name of the resource."""
    url: Url | None = None
    """Its web address."""
    description: Text | None = None
    """What it offers."""


class Offboarding(Strict):
    """How the firm and a client part ways."""

    intro: Text | None = None
    """An honest, diplomatic opening."""
    notice_days: Annotated[int, Field(ge=0, le=365)]
    """Notice period from the engagement letter, in days."""
    records_returned_within_days: Annotated[int, Field(ge=0, le=365)]
    """Days within which the client's records are returned."""
    commitments: list[Text] = []
    """What the firm commits to (finish or hand over work in progress...)."""
    referrals: list[Referral] = []
    """Where the client can find help next."""


# --- team, packages, segments -------------------------------------------------------------


class TeamMember(Strict):
    """A person clients deal with."""

    slug: Slug
    """Identifier, e.g. maria-lopez."""
    name: NameText
    """Full name."""
    role: Text
    """Role, e.g. "Senior bookkeeper"."""
    email: EmailAddress | None = None
    """Direct email address."""
    phone: Line | None = None
    """Direct phone number."""
    photo: ProjectPath | None = None
    """Path of a photo, relative to firm.yaml."""
    bio: Text | None = None
    """Two or three sentences about the person."""
    languages: list[Language] = []
    """Languages the person speaks with clients."""


class Service(Strict):
    """A service that packages include or not (a row of the comparison matrix)."""

    slug: Slug
    """Identifier, e.g. monthly-close."""
    name: Name
    """Name of the service."""
    description: Text | None = None
    """One sentence on what it covers."""


class Price(Strict):
    """A package price."""

    amount: Annotated[float, Field(ge=0, le=1_000_000_000, allow_inf_nan=False)]
    """Amount, e.g. 450 or 89.50."""
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    """ISO 4217 currency; defaults to locale.currency."""
    period: Literal["month", "quarter", "year", "once"] = "month"
    """What the amount pays for."""
    starting_from: bool = False
    """Whether the amount is a starting price ("from $450")."""


class Package(Strict):
    """A service package (a column of the comparison matrix)."""

    slug: Slug
    """Identifier, e.g. essentials."""
    name: Name
    """Name of the package."""
    summary: Text
    """One sentence on what it is."""
    services: Annotated[list[Slug], Field(min_length=1)]
    """Slugs of the services included."""
    price: Price
    """The price."""
    ideal_for: Text
    """The client it fits best (the persona)."""


class QuizAnswer(Strict):
    """An answer of the needs assessment and how it weighs towards packages."""

    text: Text
    """The answer as the client reads it."""
    weights: dict[Slug, Annotated[int, Field(ge=-10, le=10)]] = {}
    """Points per package slug this answer adds (or removes)."""


class QuizQuestion(Strict):
    """A question of the needs assessment."""

    slug: Slug
    """Identifier."""
    text: Text
    """The question."""
    answers: Annotated[list[QuizAnswer], Field(min_length=2)]
    """Possible answers (one is chosen)."""


class Segment(Strict):
    """A client segment: it gets its own handbook."""

    slug: Slug
    """Identifier and URL of the handbook, e.g. bookkeeping (/bookkeeping/)."""
    name: Name
    """Name of the segment, e.g. "Monthly bookkeeping clients"."""
    description: Text
    """Who belongs to it, as the "I am ..." choice on the home page."""
    relationship: Literal["personal", "automated"]
    """personal (calls, meetings, a named person) or automated (portal, email, videos)."""
    contact: Slug | None = None
    """Slug of the team member who is this segment's main contact."""
    packages: list[Slug] = []
    """Slugs of the packages offered to this segment."""
    deadlines: list[Slug] = []
    """Slugs of the deadlines that apply."""
    videos: list[Slug] = []
    """Slugs of the videos in this segment's FAQ."""
    quiz: list[Slug] = []
    """Slugs of the needs-assessment questions for this segment (empty: all)."""


# --- deadlines and videos -----------------------------------------------------------------


class Yearly(Strict):
    """Fixed dates every year."""

    kind: Literal["yearly"]
    """Rule kind."""
    dates: Annotated[
        list[
            Annotated[
                str,
                StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
                AfterValidator(_real_day),
            ]
        ],
        Field(min_length=1),
    ]
    """Month and day of each date, "MM-DD", e.g. ["04-15"]."""


class Monthly(Strict):
    """A day of every month (or of some months)."""

    kind: Literal["monthly"]
    """Rule kind."""
    day: Annotated[int, Field(ge=1, le=31)]
    """Day of the month; in shorter months, the month's last day."""
    months: list[Annotated[int, Field(ge=1, le=12)]] = []
    """Months it applies to (1-12); empty means every month."""


class Quarterly(Strict):
    """A day of the month after (or in) each quarter."""

    kind: Literal["quarterly"]
    """Rule kind."""
    day: Annotated[int, Field(ge=1, le=31)]
    """Day of the month."""
    month_of_quarter: Annotated[int, Field(ge=1, le=4)] = 1
    """Month counted from the quarter's start: 1-3 inside it, 4 is the month after it."""


class LastBusinessDay(Strict):
    """The last business day of every month (or of some months)."""

    kind: Literal["last_business_day"]
    """Rule kind."""
    months: list[Annotated[int, Field(ge=1, le=12)]] = []
    """Months it applies to (1-12); empty means every month."""


class Relative(Strict):
    """N business days before or after each date of another deadline."""

    kind: Literal["relative"]
    """Rule kind."""
    business_days: Annotated[int, Field(ge=-60, le=60)]
    """Business days from the other deadline: negative is before, e.g. -3."""
    of: Slug
    """Slug of the other deadline."""


class Once(Strict):
    """One-off dates."""

    kind: Literal["once"]
    """Rule kind."""
    dates: Annotated[list[Date], Field(min_length=1)]
    """The dates, YYYY-MM-DD."""


DeadlineRule = Annotated[
    Yearly | Monthly | Quarterly | LastBusinessDay | Relative | Once,
    Field(discriminator="kind"),
]


class LegalBasis(Strict):
    """The law behind a statutory date."""

    text: Text
    """Citation, e.g. "IRC §6072(a)"."""
    url: Url | None = None
    """Link to the source."""


class Deadline(Strict):
    """Something the client must send or do, and by when."""

    slug: Slug
    """Identifier, stable forever (calendar event IDs derive from it)."""
    name: Name
    """Short name, e.g. "Bank and card statements"."""
    what: Text
    """What to send or do."""
    how: Slug | None = None
    """Slug of the system (onboarding.systems) or channel to use."""
    when: DeadlineRule
    """The date rule (kind: yearly, monthly, quarterly, last_business_day, relative, once)."""
    roll: Literal["next", "previous", "none"] = "next"
    """If the date is not a business day: move to the next one, the previous one, or keep it."""
    reminders: list[Annotated[int, Field(ge=0, le=90)]] = []
    """Reminder lead times in days before the date (calendar alarms)."""
    legal_basis: LegalBasis | None = None
    """The law behind the date, if statutory."""


class Chapter(Strict):
    """A chapter of a video."""

    at: Annotated[str, StringConstraints(pattern=r"^(\d{1,2}:)?\d{1,2}:\d{2}$")]
    """Start time, "M:SS" or "H:MM:SS" (quote it)."""
    title: Name
    """Chapter title."""


class Video(Strict):
    """A video answer to a frequent question, or a how-to."""

    slug: Slug
    """Identifier and anchor, e.g. upload-receipts."""
    question: Name
    """The question it answers, or what it shows."""
    url: VideoLinks
    """YouTube, Vimeo, Loom or Wistia link, or a path to an MP4/WebM file relative to firm.yaml;
    or one of those per language (es: ..., en: ...)."""
    topic: Text | None = None
    """FAQ group, e.g. "Getting started"."""
    duration: Annotated[str, StringConstraints(pattern=r"^(\d{1,2}:)?\d{1,2}:\d{2}$")] | None = None
    """Length, "M:SS" (quote it)."""
    answer: Markdown | None = None
    """A short written answer shown with the video."""
    transcript: Text | None = None
    """Full transcript for those who would rather read."""
    chapters: list[Chapter] = []
    """Chapters with their start times."""
    poster: ProjectPath | None = None
    """Path of a poster image, relative to firm.yaml."""
    captions: FilePath | None = None
    """Path of a WebVTT captions file (self-hosted videos), or one per language."""


class Calendar(Strict):
    """Settings of the due-date calendars."""

    horizon_months: Annotated[int, Field(ge=1, le=36)] = 15
    """How many months ahead of the build date deadlines are listed."""


class FirmConfig(Strict):
    """Everything in firm.yaml."""

    firm: Firm
    """Who the firm is and how to reach it."""
    locale: Locale = Locale()
    """Languages, time zone and holiday country."""
    communication: Communication
    """Response times, business hours, closures and channels."""
    onboarding: Onboarding
    """Onboarding calls, systems and the hand-holding period."""
    rules: RulesOfEngagement
    """The rules of engagement, current and earlier versions."""
    correction: Correction
    """How the firm reacts when the process is not followed."""
    offboarding: Offboarding
    """How the firm and a client part ways."""
    team: Annotated[list[TeamMember], Field(min_length=1)]
    """The people clients deal with."""
    services: list[Service] = []
    """Services that packages include (rows of the comparison matrix)."""
    packages: list[Package] = []
    """Service packages."""
    quiz: list[QuizQuestion] = []
    """The needs assessment: questions that point to a package."""
    segments: Annotated[list[Segment], Field(min_length=1)]
    """Client segments; each gets its own handbook."""
    deadlines: Annotated[list[Deadline], Field(max_length=200)] = []
    """What clients must send and by when (at most 200)."""
    videos: list[Video] = []
    """Video answers and how-tos."""
    calendar: Calendar = Calendar()
    """Due-date calendar settings."""
