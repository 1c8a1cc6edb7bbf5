"""Reply-by times in Python, checked by hand (the browser test holds JS to the same answers)."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.calendar.replyby import Office, reply_by
from handbook.input.config import load_firm
from handbook.model.communication import Sla
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def office() -> Office:
    firm, _ = load_firm(ROOT / "firm.yaml")
    return Office.for_firm(firm, dt.date(2026, 9, 1), dt.date(2027, 12, 31))


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize(
    ("sent", "sla", "expected", "why"),
    [
        (
            "2026-11-21T01:00Z",
            Sla(within=1, unit="business_days"),
            "2026-11-23T22:00Z",
            "Fri Nov 20 20:00 EST: next business day Mon Nov 23, closing 17:00 EST",
        ),
        (
            "2026-11-25T15:00Z",
            Sla(within=1, unit="business_days"),
            "2026-11-27T20:00Z",
            "Wed Nov 25, eve of Thanksgiving: Fri Nov 27, Friday closing 15:00 EST",
        ),
        (
            "2026-10-30T20:00Z",
            Sla(within=1, unit="business_days"),
            "2026-11-02T22:00Z",
            "Fri Oct 30 16:00 EDT; DST ends Nov 1: Mon Nov 2 17:00 EST is 22:00Z, not 21:00Z",
        ),
        (
            "2026-10-30T18:00Z",
            Sla(within=4, unit="business_hours"),
            "2026-11-02T17:00Z",
            "Fri 14:00 EDT: 1 h to Friday's 15:00 close, 3 h from Mon 09:00 EST: 12:00 EST",
        ),
        (
            "2026-11-23T14:30Z",
            Sla(within=0, unit="business_days"),
            "2026-11-23T22:00Z",
            "Mon 09:30 EST, same business day: 17:00 EST",
        ),
        ("2026-11-23T14:30Z", Sla(within=2, unit="hours"), "2026-11-23T16:30Z", "plain hours"),
    ],
)
def test_reply_by(office: Office, sent: str, sla: Sla, expected: str, why: str) -> None:
    assert reply_by(utc(sent), sla, office) == utc(expected), why
