"""What the firm offers and to whom: team, services, packages, the quiz, segments."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
)

from handbook.model.fields import (
    EmailAddress,
    Language,
    Line,
    Name,
    NameText,
    ProjectPath,
    Slug,
    Strict,
    Text,
)


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
