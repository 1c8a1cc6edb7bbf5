"""What a build computes once from the model and every page template reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.numbers import format_currency

from handbook.i18n import Translator
from handbook.model import (
    Deadline,
    FirmConfig,
    Package,
    Segment,
    Service,
    Sla,
    TeamMember,
    Video,
)

PAGE_HOME = "index.md"


def segment_page(segment: Segment) -> str:
    """Return the staged path of a segment's handbook page."""
    return f"{segment.slug}/index.md"


@dataclass
class Site:
    """The firm, its lookups by slug, the build date and the language being rendered."""

    firm: FirmConfig
    build_date: dt.date
    language: str
    tr: Translator = field(init=False)
    team: dict[str, TeamMember] = field(init=False)
    services: dict[str, Service] = field(init=False)
    packages: dict[str, Package] = field(init=False)
    deadlines: dict[str, Deadline] = field(init=False)
    videos: dict[str, Video] = field(init=False)

    def __post_init__(self) -> None:
        self.tr = Translator(self.language, fallback=self.firm.locale.language)
        self.team = {m.slug: m for m in self.firm.team}
        self.services = {s.slug: s for s in self.firm.services}
        self.packages = {p.slug: p for p in self.firm.packages}
        self.deadlines = {d.slug: d for d in self.firm.deadlines}
        self.videos = {v.slug: v for v in self.firm.videos}

    def contact_of(self, segment: Segment) -> TeamMember:
        """Return the segment's contact, or the onboarding contact."""
        return self.team[segment.contact or self.firm.onboarding.contact]

    def plural(self, key: str, n: int) -> str:
        """Pick the plural form of a catalog message for `n` by the language's rules."""
        form = BabelLocale.parse(self.language).plural_form(n)
        for candidate in (f"{key}.{form}", f"{key}.other"):
            try:
                return self.tr.message(candidate, n=n)
            except KeyError:
                continue
        return self.tr.message(key, n=n)

    def sla(self, sla: Sla) -> str:
        """Say a response-time promise as a phrase: "by the end of the next business day"."""
        if sla.unit == "business_days" and sla.by == "end_of_day" and sla.within <= 1:
            return self.tr.message(f"sla.business_days_end_of_day.{sla.within}")
        return self.plural(f"sla.{sla.unit}", sla.within)

    def date(self, value: dt.date, style: str = "long") -> str:
        """Format a date for the language, e.g. "September 1, 2026"."""
        return format_date(value, format=style, locale=self.language)

    def price(self, package: Package) -> str:
        """Format a package price with its currency and period, e.g. "$450 per month"."""
        currency = package.price.currency or self.firm.locale.currency
        amount = package.price.amount
        pattern = BabelLocale.parse(self.language).currency_formats["standard"].pattern
        if float(amount).is_integer():
            # Whole prices read better without ".00": "$450", "450 €".
            pattern = pattern.replace(".00", "")
        number = format_currency(
            amount, currency, format=pattern, locale=self.language, currency_digits=False
        )
        text = self.tr.message(f"price.{package.price.period}", amount=number)
        if package.price.starting_from:
            text = self.tr.message("price.from", price=text)
        return text
