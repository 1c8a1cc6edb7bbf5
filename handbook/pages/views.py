"""What one segment's pages and handout show, resolved once per segment and language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from handbook.model.communication import Channel, Sla
from handbook.model.offer import Package, QuizQuestion, Segment, Service, TeamMember
from handbook.model.videos import Video

if TYPE_CHECKING:
    from handbook.pages.site import Site

_CHANNEL_ORDER = {
    # A personal relationship leads with people and conversations; an automated one with
    # the portal, email and self-service.
    "personal": ("phone", "video_call", "meeting", "portal", "email", "chat", "mail", "other"),
    "automated": ("portal", "email", "chat", "video_call", "phone", "meeting", "mail", "other"),
}


@dataclass(frozen=True)
class Offer:
    """Packages side by side: the packages, the services any of them includes, the quiz."""

    packages: list[Package]
    services: list[Service]
    quiz: list[QuizQuestion]

    @classmethod
    def of(cls, site: Site, packages: list[Package], quiz: list[QuizQuestion]) -> Offer:
        """Compare `packages` over the services any of them includes, in firm.yaml order."""
        used = {slug for package in packages for slug in package.services}
        return cls(packages, [s for s in site.firm.services if s.slug in used], quiz)


@dataclass(frozen=True)
class SegmentView:
    """A segment as its pages show it: contact, channels, promises, offer, reply-by data, videos."""

    segment: Segment
    contact: TeamMember
    channels: list[Channel]
    """The channels it may use, in the order its relationship leads with, then the refused ones."""
    acknowledge: Sla
    answer: Sla
    offer: Offer
    office: dict[str, Any]
    """The reply-by calculator's data, for `|tojson` into its <script> (sorted keys)."""
    videos: list[tuple[str, list[Video]]]
    """Its videos under their topics, in firm.yaml order."""

    @classmethod
    def of(cls, site: Site, segment: Segment) -> SegmentView:
        """Resolve what a segment's pages show from the firm's policy and the segment's own."""
        own, firm = segment.communication, site.firm.communication
        acknowledge, answer = own.acknowledge or firm.acknowledge, own.answer or firm.answer
        quiz = (
            [q for q in site.firm.quiz if q.slug in segment.quiz]
            if segment.quiz
            else site.firm.quiz
        )
        return cls(
            segment=segment,
            contact=site.team[segment.contact or site.firm.onboarding.contact],
            channels=_channels(site, segment),
            acknowledge=acknowledge,
            answer=answer,
            offer=Offer.of(site, [site.packages[slug] for slug in segment.packages], list(quiz)),
            office={
                **site.office,
                "acknowledge": acknowledge.model_dump(),
                "answer": answer.model_dump(),
            },
            videos=_by_topic(site, segment.videos),
        )


def _channels(site: Site, segment: Segment) -> list[Channel]:
    """List a segment's channels, its own list or by what it leads with, then the refused ones."""
    channels = site.firm.communication.channels
    allowed = [c for c in channels if c.allowed]
    refused = [c for c in channels if not c.allowed]
    if segment.communication.channels is not None:
        by_slug = {c.slug: c for c in allowed}
        return [by_slug[slug] for slug in segment.communication.channels] + refused
    order = _CHANNEL_ORDER[segment.relationship]
    return sorted(allowed, key=lambda c: order.index(c.kind) if c.kind in order else 99) + refused


def _by_topic(site: Site, slugs: list[str]) -> list[tuple[str, list[Video]]]:
    """Group videos under their topics, in firm.yaml order."""
    groups: dict[str, list[Video]] = {}
    for slug in slugs:
        video = site.videos[slug]
        topic = site.tr.text(video.topic) if video.topic else site.tr.message("faq.other")
        groups.setdefault(topic, []).append(video)
    return list(groups.items())
