"""How the firm communicates: response times, business hours, closures, channels."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    model_validator,
)

from handbook.i18n.cli import _
from handbook.model import weblinks
from handbook.model.fields import Date, Line, Name, Slug, Strict, Text


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
                _("closes at {close}, not after it opens at {open}").format(
                    close=f"{self.close:%H:%M}", open=f"{self.open:%H:%M}"
                )
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
    yearly: bool = False
    """Closed on the same days every year from `start`'s year on (e.g. 24-26 December)."""

    @model_validator(mode="after")
    def _ends_after_start(self) -> Closure:
        """Check that the closure does not end before it starts, nor repeat on 29 February."""
        if self.end is not None and self.end < self.start:
            raise ValueError(
                _("ends {end} before it starts {start}").format(end=self.end, start=self.start)
            )
        if self.end is not None and self.yearly and (self.end - self.start).days > 365:
            raise ValueError(_("a yearly closure lasts less than a year"))
        if self.yearly and (2, 29) in {(d.month, d.day) for d in (self.start, self.end) if d}:
            raise ValueError(_("a yearly closure cannot start or end on 29 February"))
        return self

    def next_span(self, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """Return the first and last day of this closure's next time not over by `today`."""
        end = self.end or self.start
        skip = max(0, today.year - end.year) if self.yearly else 0
        for shift in (skip, skip + 1) if self.yearly else (0,):
            span = (
                self.start.replace(year=self.start.year + shift),
                end.replace(year=end.year + shift),
            )
            if span[1] >= today:
                return span
        return None

    def days(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """Yield the closed days between `first` and `last`, repeating yearly closures."""
        end = self.end or self.start
        years = range(first.year - 1, last.year + 1) if self.yearly else [self.start.year]
        for year in years:
            shift = year - self.start.year
            if shift < 0:
                continue
            day = self.start.replace(year=year)
            while day <= end.replace(year=end.year + shift):
                if first <= day <= last:
                    yield day
                day += dt.timedelta(days=1)


_SCHEMED = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:(?=\S)|[/\\]{2})")


def _channel_address(value: str) -> str:
    """Accept an email address, a phone number, a web link or a plain line (a street address).

    The page links an address by its form (contacts.reach), so each form is checked as the
    link it makes: one with a scheme, or a schemeless //host, is a URL that must pass
    weblinks.web_url (https://, or mailto:/tel:, kept without the scheme, which the page adds
    itself); one with an @ and no space is one email address (a@b?bcc=c@d is not).
    """
    if _SCHEMED.match(value):
        weblinks.web_url(value)
        scheme, _colon, rest = value.partition(":")
        return rest if scheme.lower() in ("mailto", "tel") else value
    if "@" in value and not re.search(r"\s", value):
        if not re.match(weblinks.EMAIL_PATTERN, value):
            raise ValueError(
                _("{got} is not one email address, e.g. office@example.com").format(got=repr(value))
            )
        weblinks.mail_address(value)
    return value


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
    address: Annotated[Line, AfterValidator(_channel_address)] | None = None
    """Where to reach it: an email address, phone number or https:// URL (e.g. a booking page)."""
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
