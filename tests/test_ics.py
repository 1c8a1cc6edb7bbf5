"""The demo's calendar feeds: valid for two parsers, no weekend events, stable UIDs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import Result

from tests.conftest import build_project, copy_demo

Run = Callable[..., Result]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Build the demo on 2026-11-23 and a month later."""
    sites = [
        build_project(copy_demo(tmp_path_factory.mktemp(f"demo-{today}")), today)
        for today in ("2026-11-23", "2026-12-23")
    ]
    return sites[0], sites[1]


def _feeds(site: Path) -> list[Path]:
    return [site / "calendar.ics", *sorted(site.glob("*/calendar.ics"))]


def _events(path: Path) -> dict[str, dt.date]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}


def test_feeds_pass_two_independent_parsers(two_builds: tuple[Path, Path]) -> None:
    site = two_builds[0]
    feeds = _feeds(site) + sorted((site / "calendar" / "events").glob("*.ics"))[:20]
    assert len(feeds) >= 5 + 20
    for path in feeds:
        data = path.read_bytes()
        lines = data.split(b"\r\n")
        assert b"\n" not in data.replace(b"\r\n", b""), f"{path}: bare LF"
        assert max(len(line) for line in lines) <= 75, f"{path}: unfolded line"
        cal = icalendar.Calendar.from_ical(data)
        assert [(c.name, c.errors) for c in cal.walk() if c.errors] == []
        parsed = vobject.readOne(data.decode(), validate=True)
        assert len(parsed.vevent_list) == len(cal.walk("VEVENT")) > 0


def test_events_are_all_day_with_reminders_and_a_link(two_builds: tuple[Path, Path]) -> None:
    cal = icalendar.Calendar.from_ical(
        (two_builds[0] / "bookkeeping" / "calendar.ics").read_bytes()
    )
    assert str(cal["x-wr-calname"]) == "Harbor & Pine Accounting: Monthly bookkeeping clients"
    assert cal["refresh-interval"].dt == dt.timedelta(days=1)
    event = next(e for e in cal.walk("VEVENT") if str(e["summary"]) == "Bank and card statements")
    assert event["dtstart"].params.get("VALUE") == "DATE"
    assert "https://harborpine.github.io/handbook/bookkeeping/calendar/" in str(
        event["description"]
    )
    triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
    assert triggers and all(t < dt.timedelta(0) for t in triggers)


def test_no_event_falls_on_a_weekend(two_builds: tuple[Path, Path]) -> None:
    for site in two_builds:
        for path in _feeds(site):
            weekend = [(u, d) for u, d in _events(path).items() if d.weekday() >= 5]
            assert weekend == [], path


def test_uids_are_stable_between_builds_a_month_apart(two_builds: tuple[Path, Path]) -> None:
    first, later = (_events(site / "calendar.ics") for site in two_builds)
    shared = first.keys() & later.keys()
    # The later build drops November and adds a month at the end; the rest is the same.
    assert len(shared) >= len(first) - 15
    assert all(first[uid] == later[uid] for uid in shared)
    dropped = [first[uid] for uid in first.keys() - later.keys()]
    assert all(day < dt.date(2026, 12, 1) for day in dropped)


def _unescape(text: str) -> str:
    """Read an RFC 5545 TEXT value (3.3.11)."""
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def test_calendar_names_are_escaped_text(small: Path) -> None:
    firm = small / "firm.yaml"
    text = firm.read_text().replace("name: Nowak & Daughters", "name: 'Nowak, Kowalski; Sons'")
    firm.write_text(text.replace("name: VAT documents", "name: 'VAT, CIT; PIT'"))
    feed = (build_project(small) / "books" / "calendar.ics").read_bytes().decode()
    lines = feed.replace("\r\n ", "").split("\r\n")  # unfold (RFC 5545 3.1)
    expected = "Nowak, Kowalski; Sons: Bookkeeping clients"
    for prop in ("NAME", "X-WR-CALNAME"):
        value = next(line for line in lines if line.startswith(prop + ":"))[len(prop) + 1 :]
        assert value == "Nowak\\, Kowalski\\; Sons: Bookkeeping clients"  # RFC 5545 3.3.11
        assert _unescape(value) == expected
    parsed = vobject.readOne(feed, validate=True)
    assert {e.summary.value for e in parsed.vevent_list} == {"VAT, CIT; PIT"}
