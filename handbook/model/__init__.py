"""The typed model of firm.yaml: one pydantic class per concept, unknown keys forbidden.

`fields` holds what a single value may be; each other module holds the sections of one
concept, and `FirmConfig` here puts them together.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from handbook.model.communication import Communication
from handbook.model.deadlines import Calendar, Deadline
from handbook.model.engagement import Correction, Offboarding, Onboarding, RulesOfEngagement
from handbook.model.fields import Strict
from handbook.model.firm import Firm, Locale
from handbook.model.offer import Package, QuizQuestion, Segment, Service, TeamMember
from handbook.model.videos import Video


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
    deadlines: list[Deadline] = []
    """What clients must send and by when (at most 200 a file: includes.DEADLINES_PER_FILE)."""
    videos: list[Video] = []
    """Video answers and how-tos."""
    calendar: Calendar = Calendar()
    """Due-date calendar settings."""
