"""Videos: answers to frequent questions and how-tos, with chapters and captions."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    StringConstraints,
)

from handbook.model.fields import (
    FilePath,
    Markdown,
    Name,
    ProjectPath,
    Slug,
    Strict,
    Text,
    VideoLinks,
)


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
