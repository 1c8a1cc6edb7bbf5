"""The feeds as calendar apps read them: icalendar, vobject and khal's agenda list."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import vobject

from tests.conftest import TODAY

KHAL = Path(sys.executable).parent / "khal"
CALENDAR_PROPERTIES = ("X-WR-CALNAME", "X-WR-CALDESC", "REFRESH-INTERVAL", "X-PUBLISHED-TTL")


@pytest.fixture(scope="module")
def site(built_demo: Path) -> Path:
    return built_demo / "site"


def _events(path: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def _agenda(feed: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """Import a feed into khal and return its list view: (date, title) of every event."""
    vdir = tmp_path / feed.parent.name
    vdir.mkdir()
    config = tmp_path / f"{feed.parent.name}.conf"
    config.write_text(
        f"[calendars]\n[[feed]]\npath = {vdir}\ntype = calendar\n[locale]\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = UTC\ndefault_timezone = UTC\n",
        encoding="utf-8",
    )
    khal = [str(KHAL), "-c", str(config)]
    subprocess.run([*khal, "import", "--batch", "-a", "feed", str(feed)], check=True)
    view = ["list", "--format", "{start-date}|{title}", "--day-format", "", "2025-01-01", "1500d"]
    listed = subprocess.run([*khal, *view], capture_output=True, text=True, check=True).stdout
    return [tuple(line.split("|", 1)) for line in listed.splitlines() if "|" in line]  # type: ignore[misc]


def test_every_feed_reads_in_icalendar_and_vobject(site: Path) -> None:
    feeds = sorted(site.rglob("calendar.ics"))
    assert len(feeds) == 15  # the firm's and 4 segments', in en, es and pl
    for feed in feeds:
        events = _events(feed)
        parsed = vobject.readOne(feed.read_text(encoding="utf-8"))
        assert len(parsed.contents["vevent"]) == len(events) > 0, feed
        for event in events:  # one all-day event on its due day, a window included
            start, end = event.decoded("dtstart"), event.decoded("dtend")
            assert end - start == dt.timedelta(days=1), (feed, event["uid"])
            for alarm in event.walk("VALARM"):
                assert "RELATED" not in alarm["trigger"].params


@pytest.mark.parametrize("segment", ["bookkeeping", "tax"])
def test_an_agenda_lists_each_date_on_the_day_the_page_gives(
    site: Path, tmp_path: Path, segment: str
) -> None:
    agenda = set(_agenda(site / segment / "calendar.ics", tmp_path))
    page = (site / segment / "calendar" / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<time datetime="([\d-]+)">[^<]*</time> <strong>([^<]+)</strong>', page)
    shown = [(day, title.replace("&#39;", "'").replace("&amp;", "&")) for day, title in shown]
    assert shown and set(shown) <= agenda, sorted(set(shown) - agenda)[:5]
    # The feed also keeps the year before the page's first month, for those who subscribed.
    first = TODAY[:8] + "01"
    past = sorted(day for day, _ in agenda if day < first)
    assert past and past[0] >= "2025-11-01", past[:3]  # twelve months, no more
    assert segment != "bookkeeping" or past[0] < "2025-12-01", past[:3]  # monthly: all twelve
    assert {x for x in agenda if x[0] >= first} == set(shown)


def test_an_event_file_holds_one_event_and_no_calendar(site: Path) -> None:
    files = sorted((site / "calendar" / "events").glob("*.ics"))
    assert len(files) > 50
    for path in files[:: max(1, len(files) // 20)]:
        text = path.read_text(encoding="utf-8")
        assert text.count("BEGIN:VEVENT") == 1, path
        assert not [p for p in CALENDAR_PROPERTIES if f"\n{p}" in text], path
        assert "\nNAME:" not in text, path
