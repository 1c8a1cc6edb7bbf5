"""The engagement: onboarding, rules of engagement, correction and parting ways."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from pydantic import (
    Field,
    StringConstraints,
    model_validator,
)

from handbook.i18n.cli import _
from handbook.model.fields import Date, Markdown, Name, Slug, Strict, Text, Url

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
    """Date the version takes effect, YYYY-MM-DD. The newest version may take effect after the
    build date: until then the site shows it as coming beside the version in force."""
    changes: list[Text] = []
    """What changed from the version before, in short sentences (the pages also list each rule
    added, removed or reworded, compared by slug)."""
    rules: Annotated[list[Rule], Field(min_length=1)]
    """The rules of this version."""


class RulesOfEngagement(RulesVersion):
    """The newest rules of engagement and the versions before them.

    The newest version may take effect after the build date: it is then "coming", shown
    beside the version in force, announced in every feed before its date. The version in
    force is the newest one whose effective date has come.
    """

    earlier: list[RulesVersion] = []
    """Earlier versions, which stay published at their own URLs."""

    @property
    def versions(self) -> list[RulesVersion]:
        """Return every version, the newest first."""
        return [self, *sorted(self.earlier, key=lambda v: v.effective, reverse=True)]

    def in_force(self, today: dt.date) -> RulesVersion:
        """Return the version in force on `today` (the oldest, if none is yet)."""
        versions = self.versions
        return next((v for v in versions if v.effective <= today), versions[-1])

    def before(self, version: RulesVersion) -> RulesVersion | None:
        """Return the version that `version` replaced, if any."""
        versions = self.versions
        index = next(i for i, v in enumerate(versions) if v.version == version.version)
        return versions[index + 1] if index + 1 < len(versions) else None

    def after(self, version: RulesVersion) -> RulesVersion | None:
        """Return the version that replaced `version`, if any."""
        versions = self.versions
        index = next(i for i, v in enumerate(versions) if v.version == version.version)
        return versions[index - 1] if index else None

    def compare(self, version: RulesVersion) -> RuleChanges:
        """Return the rules `version` added, removed and reworded since the one before it."""
        older = self.before(version)
        if older is None:
            return RuleChanges([], [], [])
        old = {rule.slug: rule for rule in older.rules}
        new = {rule.slug: rule for rule in version.rules}
        return RuleChanges(
            added=[rule for rule in version.rules if rule.slug not in old],
            removed=[rule for rule in older.rules if rule.slug not in new],
            reworded=[r for r in version.rules if r.slug in old and r.text != old[r.slug].text],
        )


@dataclass(frozen=True)
class RuleChanges:
    """The rules a version added, removed and reworded, by slug (stable across versions)."""

    added: list[Rule]
    removed: list[Rule]
    """The removed rules, as the version before worded them."""
    reworded: list[Rule]
    """The reworded rules, as the new version words them."""

    def __bool__(self) -> bool:
        """Tell whether any rule was added, removed or reworded."""
        return bool(self.added or self.removed or self.reworded)


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
    notice_days: Annotated[int, Field(ge=0, le=365)] | None = None
    """Notice period from the engagement letter, in days, the same for both sides."""
    client_notice_days: Annotated[int, Field(ge=0, le=365)] | None = None
    """Notice the client gives to end the engagement, where it differs from the firm's."""
    firm_notice_days: Annotated[int, Field(ge=0, le=365)] | None = None
    """Notice the firm gives to end the engagement, where it differs from the client's."""
    records_returned_within_days: Annotated[int, Field(ge=0, le=365)]
    """Days within which the client's records are returned."""
    commitments: list[Text] = []
    """What the firm commits to (finish or hand over work in progress...)."""
    referrals: list[Referral] = []
    """Where the client can find help next."""

    @model_validator(mode="after")
    def _one_notice_each(self) -> Offboarding:
        """Check that both sides have a notice period: notice_days, or one per side."""
        sides = (self.client_notice_days, self.firm_notice_days)
        if self.notice_days is None and None in sides:
            raise ValueError(
                _("give notice_days (both sides), or client_notice_days and firm_notice_days")
            )
        if self.notice_days is not None and sides != (None, None):
            raise ValueError(_("give notice_days or the two per-side periods, not both"))
        return self

    @property
    def notice(self) -> tuple[int, int]:
        """Return the notice periods in days: (the client's, the firm's)."""
        both = self.notice_days or 0
        client, firm = self.client_notice_days, self.firm_notice_days
        return (both if client is None else client, both if firm is None else firm)
