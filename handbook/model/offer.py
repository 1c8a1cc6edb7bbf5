"""What the firm offers and to whom: team, services, packages, the quiz, segments."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
    model_validator,
)

from handbook.i18n.cli import _
from handbook.model.communication import Sla
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
    vat: Literal["excluded", "included", "exempt"] | None = None
    """Whether VAT is on top of the amount, included in it, or not charged; omit where
    prices carry no VAT (e.g. in the US)."""
    vat_rate: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] | None = None
    """The VAT rate in percent, e.g. 23 ("+23% VAT") or 21."""

    @model_validator(mode="after")
    def _rate_needs_vat(self) -> Price:
        """Check that a VAT rate comes with a VAT treatment it applies to."""
        if self.vat_rate is not None and self.vat not in ("excluded", "included"):
            raise ValueError(_("vat_rate needs vat: excluded (added on top) or included"))
        return self


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


class SegmentCommunication(Strict):
    """How one segment's communication differs from the firm's."""

    acknowledge: Sla | None = None
    """This segment's acknowledgement promise, instead of communication.acknowledge."""
    answer: Sla | None = None
    """This segment's answer promise, instead of communication.answer."""
    channels: list[Slug] | None = None
    """Slugs of the allowed channels this segment uses, in the order it should try them."""


class Segment(Strict):
    """A client segment: it gets its own handbook."""

    slug: Slug
    """Identifier and URL of the handbook, e.g. bookkeeping (/bookkeeping/)."""
    name: Name
    """Name of the segment, e.g. "Monthly bookkeeping clients"."""
    description: Text
    """Who belongs to it, in the client's own words, as its card on the home page says it:
    "I run a small business and you keep my books every month"."""
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
    communication: SegmentCommunication = SegmentCommunication()
    """Response times and channels of this segment, where they differ from the firm's."""
    quiz: list[Slug] = []
    """Slugs of the needs-assessment questions for this segment (empty: all)."""
