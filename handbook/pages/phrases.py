"""The sentences a site says, built from catalog messages, firm texts and local formats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handbook.model import FirmConfig
from handbook.model.communication import WEEKDAYS, Sla
from handbook.model.firm import Address
from handbook.model.offer import Package, TeamMember
from handbook.pages.datephrases import DatePhrases


@dataclass(frozen=True)
class Phrases(DatePhrases):
    """Say the firm's promises, prices, hours and notices in one language (and its dates)."""

    firm: FirmConfig
    build_date: dt.date

    def sla(self, sla: Sla) -> str:
        """Say a response-time promise as a phrase: "by the end of the next business day"."""
        if sla.unit == "business_days" and sla.by == "end_of_day" and sla.within <= 1:
            return self.tr.message(f"sla.business_days_end_of_day.{sla.within}")
        return self.tr.plural(f"sla.{sla.unit}", sla.within)

    def price(self, package: Package) -> str:
        """Format a package price with its currency and period, e.g. "$450 per month"."""
        currency = package.price.currency or self.firm.locale.currency
        number = self.fmt.money(package.price.amount, currency)
        text = self.tr.message(f"price.{package.price.period}", amount=number)
        if package.price.starting_from:
            text = self.tr.message("price.from", price=text)
        vat, rate = package.price.vat, package.price.vat_rate
        if vat == "exempt":
            return self.tr.message("price.vat_exempt", price=text)
        if vat and rate:
            return self.tr.message(f"price.vat_{vat}", price=text, rate=self.fmt.percent(rate))
        if vat:
            return self.tr.message(f"price.vat_{vat}_no_rate", price=text)
        return text

    def notices(self) -> list[str]:
        """Say the notice periods: one sentence for both sides, or one for each."""
        client, firm = self.firm.offboarding.notice
        if client == firm:
            return [self.tr.plural("offboarding.notice", client)]
        return [
            self.tr.plural("offboarding.client_notice", client),
            self.tr.plural("offboarding.firm_notice", firm),
        ]

    def records(self) -> str:
        """Say how soon the firm returns a leaving client's records."""
        return self.tr.plural(
            "offboarding.records", self.firm.offboarding.records_returned_within_days
        )

    def hours(self) -> list[tuple[str, str | None]]:
        """List opening hours by weekday: ("Monday", "9:00 AM – 5:00 PM"), None if closed."""
        rows: list[tuple[str, str | None]] = []
        for name, day in zip(self.fmt.weekday_names(), WEEKDAYS, strict=True):
            opening = self.firm.communication.business_hours.get(day)
            rows.append((name, self.fmt.hours(opening.open, opening.close) if opening else None))
        return rows

    def days_open(self) -> list[str]:
        """Say each weekday's hours in a line: "Monday: 9:00 AM – 5:00 PM", "Sunday: closed"."""
        say = self.tr.message
        return [
            say("communication.open_day", day=name, hours=span)
            if span
            else say("communication.closed_day", day=name)
            for name, span in self.hours()
        ]

    def hours_grouped(self) -> list[tuple[str, str | None]]:
        """List opening hours, a run of days alike said once: ("Monday–Thursday", hours)."""
        runs: list[tuple[int, int, str | None]] = []
        for i, (_, span) in enumerate(self.hours()):
            if runs and runs[-1][2] == span:
                runs[-1] = (runs[-1][0], i, span)
            else:
                runs.append((i, i, span))
        # A range is said as in a sentence ("De lunes a jueves"), then starts the line.
        names, plain = self.fmt.weekday_names(), self.fmt.weekday_names(capitalised=False)

        def run(a: int, b: int) -> str:
            if a == b:
                return names[a]
            return self.fmt.capital(
                self.tr.message("pages.day_range", first=plain[a], last=plain[b])
            )

        return [(run(a, b), h) for a, b, h in runs]

    def upcoming_closures(self) -> list[tuple[str, str]]:
        """List closures that have not ended by the build date: (name, dates)."""
        rows = []
        for closure in self.firm.communication.closures:
            span = closure.next_span(self.build_date)
            if span:
                rows.append((span, self.tr.text(closure.name), self.fmt.span(*span)))
        return [(name, dates) for _, name, dates in sorted(rows, key=lambda row: row[0])]

    def address_lines(self, address: Address | None = None) -> list[str]:
        """Return a postal address (default: the firm's) in its country's order."""
        a = address or self.firm.firm.address
        return self.fmt.address(a.street, a.city, a.postal_code, a.region, a.country) if a else []

    def legal_rows(self) -> list[tuple[str, str]]:
        """List the legal notice's rows, (label, text): name, form, numbers, office, registry."""
        info, legal, m, text = self.firm.firm, self.firm.firm.legal, self.tr.message, self.tr.text
        office = self.address_lines(legal.registered_office)
        contact = [info.email] + ([self.fmt.phone(info.phone).display] if info.phone else [])
        rows = [
            (m("legal.name"), info.legal_name or info.name),
            (m("legal.form"), text(legal.form)),
            *[(m(f"legal.id_{kind}"), number) for kind, number in legal.ids.items()],
            (m("legal.office"), ", ".join(office)),
            (m("legal.registry"), text(legal.registry)),
            (m("legal.professional_body"), text(legal.professional_body)),
            (m("legal.contact"), " · ".join(contact)),
        ]
        if legal.share_capital:
            capital = self.fmt.money(legal.share_capital, self.firm.locale.currency)
            rows.insert(-1, (m("legal.share_capital"), capital))
        return [(label, text) for label, text in rows if text]

    def languages_of(self, member: TeamMember) -> str:
        """List the languages a team member speaks, named in this language."""
        return self.fmt.join([self.fmt.language_name(code) for code in member.languages])

    def segments_of(self, package: Package) -> str:
        """List the segments that may take a package, by their names in this language."""
        names = [self.tr.text(s.name) for s in self.firm.segments if package.slug in s.packages]
        return self.fmt.join(names)

    def package_names(self, packages: list[Package]) -> str:
        """List packages with their prices in one line, for the site-wide index of packages."""
        return self.fmt.join(
            [
                self.tr.message(
                    "packages.index_package", package=self.tr.text(p.name), price=self.price(p)
                )
                for p in packages
            ]
        )

    def timezone_name(self) -> str:
        """Name the office time zone for readers, e.g. "Eastern Time (New York)"."""
        return self.fmt.timezone(self.firm.locale.timezone)

    def how_name(self, slug: str) -> str:
        """Name the system or channel a deadline is sent through."""
        names = {s.slug: s.name for s in self.firm.onboarding.systems}
        names.update({c.slug: c.name for c in self.firm.communication.channels})
        return self.tr.text(names[slug]) if slug in names else slug
