"""Local formats a reader sees: dates, times, money, VAT, addresses and phone numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.i18n.formats import Formats
from handbook.input.config import load_firm
from handbook.model.offer import Package, Price
from handbook.pages.site import Site
from tests.conftest import FIXTURES


def plain(text: str) -> str:
    """Show CLDR's no-break, narrow and thin spaces as plain ones, to compare by eye."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")


@pytest.mark.parametrize(
    ("language", "date", "day", "month"),
    [
        ("en", "September 1, 2026", "Tue, Nov 10", "November 2026"),
        ("pl", "1 września 2026\u00a0r.", "wt., 10 listopada", "Listopad 2026"),
        ("es", "1 de septiembre de 2026", "mar, 10 nov", "Noviembre de 2026"),
    ],
)
def test_dates_in_the_readers_language(language: str, date: str, day: str, month: str) -> None:
    fmt = Formats(language, "US")
    assert fmt.date(dt.date(2026, 9, 1)) == date
    assert fmt.day(dt.date(2026, 11, 10)) == day
    assert fmt.month(2026, 11) == month  # capitalised, as a heading


def test_a_range_of_dates_names_the_month_once() -> None:
    assert Formats("pl", "PL").span(dt.date(2026, 12, 26), dt.date(2026, 12, 31)) == (
        "26–31 grudnia 2026\u00a0r."  # the year marked as a Polish letter writes it
    )
    assert Formats("pl", "PL").span(dt.date(2026, 12, 26), dt.date(2026, 12, 26)) == (
        "26 grudnia 2026\u00a0r."
    )
    # Across years each year is marked; English and a month heading are left as CLDR has them.
    assert Formats("pl", "PL").span(dt.date(2026, 12, 28), dt.date(2027, 1, 3)) == (
        "28 grudnia 2026\u00a0r.\u2009–\u20093 stycznia 2027\u00a0r."
    )
    assert Formats("en", "US").span(dt.date(2026, 12, 28), dt.date(2026, 12, 30)) == (
        "December 28\u2009–\u2009December 30, 2026"
    )


def test_opening_hours_are_12_hour_in_english_and_24_hour_in_polish() -> None:
    nine, five = dt.time(9), dt.time(17)
    assert plain(Formats("en", "US").hours(nine, five)) == "9:00 AM – 5:00 PM"
    assert Formats("pl", "PL").hours(nine, five) == "09:00–17:00"
    assert Formats("es", "ES").time(nine) == "9:00"


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("en", 450, "USD", "$450"),  # a whole price has no decimals
        ("en", 89.5, "USD", "$89.50"),
        ("en", 800, "PLN", "PLN 800"),  # a letter symbol is set apart from the digits
        ("pl", 1234.5, "PLN", "1 234,50 zł"),
        ("es", 1234.5, "EUR", "1.234,50 €"),
        # CLDR gives Ukrainian only "PLN"; a reader in Poland sees złoty written as there.
        ("uk", 1200, "PLN", "1 200 zł"),
        ("uk", 99.5, "EUR", "99,50 EUR"),  # a currency of elsewhere keeps its code
    ],
)
def test_money(language: str, amount: float, currency: str, expected: str) -> None:
    assert plain(Formats(language, "PL").money(amount, currency)) == expected


@pytest.mark.parametrize(
    ("language", "vat", "expected"),
    [
        ("en", "excluded", "PLN 800 per month + 23% VAT"),
        ("pl", "excluded", "800 zł miesięcznie netto + 23% VAT"),
        ("es", "excluded", "800 zł al mes + 23 % de IVA"),
        ("en", "included", "PLN 800 per month incl. 23% VAT"),
    ],
)
def test_a_price_with_vat_says_the_rate_the_local_way(
    language: str, vat: str, expected: str
) -> None:
    firm, _ = load_firm(FIXTURES / "small" / "firm.yaml")
    site = Site(firm=firm, build_date=dt.date(2026, 11, 23), language=language)
    price = Price(amount=800, period="month", vat=vat, vat_rate=23)  # type: ignore[arg-type]
    package = Package(
        slug="p", name="P", summary="S", services=["books"], ideal_for="I", price=price
    )
    assert plain(site.say.price(package)) == expected


@pytest.mark.parametrize(
    ("country", "street", "city", "postal_code", "region", "lines"),
    [
        ("PL", "ul. Floriańska 3", "Kraków", "31-147", "małopolskie", ["31-147 Kraków"]),
        ("US", "482 Atlantic Avenue", "Brooklyn", "11217", "NY", ["Brooklyn, NY 11217"]),
        ("US", "482 Atlantic Avenue", "Brooklyn", "", "", ["Brooklyn"]),
        # The province said once when it is the city's name, else after the city.
        ("ES", "Calle de Alcalá, 120", "Madrid", "28009", "Madrid", ["28009 Madrid"]),
        (
            "ES",
            "Rambla, 5",
            "Vilanova i la Geltrú",
            "08800",
            "Barcelona",
            ["08800 Vilanova i la Geltrú Barcelona"],
        ),
        ("GB", "10 Downing Street", "London", "SW1A 2AA", "", ["London", "SW1A 2AA"]),
    ],
)
def test_an_address_in_its_countrys_order_and_the_firms_spelling(
    country: str, street: str, city: str, postal_code: str, region: str, lines: list[str]
) -> None:
    # The language of the page does not change the order; the country does.
    for language in ("en", "pl", "es"):
        assert Formats(language, country).address(street, city, postal_code, region) == [
            street,
            *lines,
        ]


def test_a_phone_number_is_national_at_home_and_international_abroad() -> None:
    home = Formats("pl", "PL").phone("+48 22 555 01 00")
    assert (home.display, home.tel) == ("22\u00a0555\u00a001\u00a000", "+48225550100")
    abroad = Formats("en", "US").phone("+48 22 555 01 00")
    assert (plain(abroad.display), abroad.tel) == ("+48 22 555 01 00", "+48225550100")
    assert Formats("en", "US").phone("(718) 555-0142").tel == "+17185550142"


def test_lists_and_language_names() -> None:
    assert Formats("en", "US").join(["A", "B", "C"]) == "A, B, and C"
    assert Formats("pl", "PL").join(["A", "B", "C"]) == "A, B i C"
    assert Formats("en", "US").join([]) == ""
    assert Formats("es", "ES").own_name() == "Español"
    assert Formats("en", "US").language_name("pl") == "Polish"
    assert Formats("pl", "PL").country_name("ES") == "Hiszpania"
