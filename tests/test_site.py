"""Computed texts: SLA phrases, plural forms and locale-formatted prices."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.input.config import load_firm
from handbook.model.communication import Sla
from handbook.model.offer import Package, Price
from handbook.pages.site import Site
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def site() -> Site:
    firm, _ = load_firm(FIXTURES / "small" / "firm.yaml")
    return Site(firm=firm, build_date=dt.date(2026, 11, 23), language="en")


@pytest.mark.parametrize(
    ("within", "unit", "expected"),
    [
        (0, "business_days", "by the end of the same business day"),
        (1, "business_days", "by the end of the next business day"),
        (3, "business_days", "within 3 business days"),
        (1, "business_hours", "within 1 business hour"),
        (4, "hours", "within 4 hours"),
        (2, "days", "within 2 days"),
    ],
)
def test_sla_phrase(site: Site, within: int, unit: str, expected: str) -> None:
    assert site.say.sla(Sla(within=within, unit=unit)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "currency", "period", "starting", "expected"),
    [
        (450, "USD", "month", False, "$450 per month"),
        (89.5, "USD", "month", False, "$89.50 per month"),
        (1200, "EUR", "year", True, "from €1,200 per year"),
        (300, None, "once", False, "PLN\u00a0300 one-off"),
    ],
)
def test_price_formatting(
    site: Site, amount: float, currency: str | None, period: str, starting: bool, expected: str
) -> None:
    package = Package(
        slug="p",
        name="P",
        summary="S",
        services=["books"],
        ideal_for="I",
        price=Price(
            amount=amount,
            currency=currency,
            period=period,  # type: ignore[arg-type]
            starting_from=starting,
        ),
    )
    assert site.say.price(package) == expected


def test_dates_are_formatted_for_the_language(site: Site) -> None:
    assert site.say.date(dt.date(2026, 9, 1)) == "September 1, 2026"
