"""Who the firm is: identity, contact, branding, and the locale it works in."""

from __future__ import annotations

import re
from typing import Annotated, Literal

import babel
import holidays
from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from handbook.i18n.cli import _
from handbook.model.fields import (
    EmailAddress,
    HexColor,
    Language,
    Line,
    Markdown,
    NameText,
    ProjectPath,
    Strict,
    Text,
    TimeZone,
    Url,
)


def _country_code(value: str) -> str:
    """Accept an ISO 3166 country code that CLDR names, e.g. US, PL, ES."""
    if value not in babel.Locale("en").territories or not re.fullmatch(r"[A-Z]{2}", value):
        raise ValueError(
            _(
                "must be a country code such as US, PL or ES, got {got}: handbook writes the"
                " country's name in each reader's language"
            ).format(got=repr(value))
        )
    return value


CountryCode = Annotated[str, AfterValidator(_country_code)]
"""An ISO 3166-1 alpha-2 country code, e.g. "US"."""


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
    country: CountryCode | None = None
    """Country code, e.g. PL; its name is written in the reader's language, and left out
    where it is the firm's own country (locale.country)."""


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


IdKind = Literal["EIN", "NIP", "REGON", "KRS", "NIF", "CIF", "VAT"]
"""Tax and registry numbers a firm shows: US EIN; Polish NIP, REGON, KRS; Spanish NIF, CIF;
an EU VAT number (VAT)."""

_ID_EXAMPLES = {
    "EIN": "12-3456789",
    "NIP": "526-104-08-28",
    "REGON": "123456785",
    "KRS": "0000123456",
    "NIF": "B12345674",
    "CIF": "B12345674",
    "VAT": "PL5261040828",
}


def _valid_ids(ids: dict[IdKind, str]) -> dict[IdKind, str]:
    """Check each number's format and check digit with python-stdnum (KRS: ten digits)."""
    from stdnum import exceptions
    from stdnum.es import cif, nif
    from stdnum.eu import vat
    from stdnum.pl import nip, regon
    from stdnum.us import ein

    modules = {"EIN": ein, "NIP": nip, "REGON": regon, "NIF": nif, "CIF": cif, "VAT": vat}
    for kind, number in ids.items():
        if kind == "KRS":
            valid = re.fullmatch(r"\d{10}", number) is not None
            why = _("it has ten digits")
        else:
            try:
                modules[kind].validate(number)
                continue
            except exceptions.ValidationError as e:
                valid, why = False, str(e).rstrip(".").lower()
        if not valid:
            raise ValueError(
                # Translators: {kind} is NIP, REGON, EIN...; {why} may be python-stdnum's English.
                _("{kind} {number} is not valid ({why}); e.g. {example}").format(
                    kind=kind, number=repr(number), why=why, example=_ID_EXAMPLES[kind]
                )
            )
    return ids


class Legal(Strict):
    """The firm's legal identity: shown in the footer and on the legal notice page."""

    form: Text | None = None
    """Legal form, e.g. "spółka z ograniczoną odpowiedzialnością", "Sociedad Limitada"."""
    ids: Annotated[dict[IdKind, Line], AfterValidator(_valid_ids)] = {}
    """Tax and registry numbers, e.g. {NIP: 526-104-08-28, KRS: "0000123456"}: EIN, NIP,
    REGON, KRS, NIF, CIF or VAT (an EU VAT number). Check digits are verified."""
    registry: Text | None = None
    """Where the firm is registered, e.g. "Registro Mercantil de Barcelona, tomo 1234,
    folio 56, hoja B-78901" or the KRS court and division."""
    share_capital: Annotated[float, Field(gt=0, le=1e12, allow_inf_nan=False)] | None = None
    """Share capital in locale.currency (Polish companies must show it: KSH art. 206)."""
    registered_office: Address | None = None
    """The registered office, if it is not firm.address."""
    professional_body: Text | None = None
    """A regulated profession's association and membership number (Spain: LSSI art. 10),
    e.g. "Col·legi d'Economistes de Catalunya, núm. 1234"."""


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
    legal: Legal = Legal()
    """Legal form, tax and registry numbers, registry and share capital (legal notice)."""
    branding: Branding = Branding()
    """Logo, favicon and colours."""


class Locale(Strict):
    """Languages, time zone and the country whose public holidays apply."""

    language: Language | None = None
    """The language of a site in one language, e.g. pl (or use `languages`)."""
    languages: list[Language] = []
    """The site's languages, the default first, e.g. [en, es]: the default at /, each other
    under /<code>/. Every client-facing text then needs a text per language."""
    timezone: TimeZone = "UTC"
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
                _(
                    "language is {language} but languages starts with {first}; "
                    "give only languages (the default first)"
                ).format(language=repr(self.language), first=repr(self.languages[0]))
            )
        twice = sorted({x for x in self.languages if self.languages.count(x) > 1})
        if twice:
            raise ValueError(
                _("languages lists {codes} more than once").format(codes=", ".join(twice))
            )
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
                _(
                    "no public-holiday data for {country}; use an ISO code such as US, ES or PL"
                ).format(country=repr(country))
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
            raise ValueError(
                _("unknown region {region} of {country}; valid: {regions}").format(
                    region=repr(region), country=country, regions=regions
                )
            )
        return region
