"""The demo's calendar feeds: valid for two parsers, no weekend events, stable UIDs."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import Result

from tests.conftest import TODAY, build_project, copy_demo, shared_build

Run = Callable[..., Result]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory, built_demo: Path) -> tuple[Path, Path]:
    """Build the demo on 2026-11-23 and a month later."""

    def make(project: Path) -> None:
        build_project(copy_demo(project), "2026-12-23")

    later = shared_build(tmp_path_factory, "demo-2026-12-23", make) / "site"
    return built_demo / "site", later


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
    due = [e for e in parsed.vevent_list if not e.uid.value.startswith("rules-")]
    assert {e.summary.value for e in due} == {"VAT, CIT; PIT"}


NASTY = "A, B; C \\ D: E"
"""Every character RFC 5545 escapes in TEXT (§3.3.11), plus the colon that splits a line."""


def test_every_text_survives_both_parsers_intact(small: Path) -> None:
    firm = small / "firm.yaml"
    quoted = NASTY.replace("'", "''")
    text = firm.read_text()
    for old in ("Nowak & Daughters", "Bookkeeping clients", "VAT documents", "Client portal"):
        text = text.replace(f"name: {old}", f"name: '{old} {quoted}'")
    text = text.replace(
        "    what: Upload last month's invoices.",
        f'    what: "Upload it.\\nThen {NASTY.replace(chr(92), chr(92) * 2)}"',
    )
    text = text.replace(
        "communication:\n",
        f"communication:\n  closures:\n    - {{name: '{quoted}', start: 2027-01-20}}\n",
    )
    firm.write_text(
        text.replace("    how: client-portal\n", "    how: client-portal\n    reminders: [2]\n")
    )
    data = (build_project(small) / "books" / "calendar.ics").read_bytes()
    firm_name, segment = f"Nowak & Daughters {NASTY}", f"Bookkeeping clients {NASTY}"
    deadline, what = f"VAT documents {NASTY}", f"Upload it.\nThen {NASTY}"

    cal = icalendar.Calendar.from_ical(data)
    # icalendar 7 hands X- properties back raw (vUnknown); vobject reads the name below.
    # The rules version's own event is tested in test_rules_notify.py.
    events = [e for e in cal.walk("VEVENT") if not str(e["uid"]).startswith("rules-")]
    assert {str(e["summary"]) for e in events} == {deadline}
    assert all(str(e["description"]).startswith(what + "\n") for e in events)
    assert all(e["categories"].cats == [firm_name] for e in events)
    assert all(f"How: Client portal {NASTY}" in str(e["description"]) for e in events)
    # The firm's closure does not move this date: it is the firm's own date, so it does.
    moved = [e for e in events if e.decoded("dtstart") == dt.date(2027, 1, 21)]
    said = f"Our office is closed ({NASTY}: January 20, 2027)"
    assert [said in str(e["description"]) for e in moved] == [True]

    # No firm text lands in a property's name or parameters: all of it is after the colon.
    lines = data.decode().replace("\r\n ", "").split("\r\n")
    assert all(NASTY[:2] not in line.split(":")[0] for line in lines)
    assert sum("A\\, B\\; C \\\\ D: E" in line for line in lines) > 5

    parsed = vobject.readOne(data.decode(), validate=True)
    assert parsed.contents["x-wr-calname"][0].value == f"{firm_name}: {segment}"
    for event in (e for e in parsed.vevent_list if not e.uid.value.startswith("rules-")):
        assert event.summary.value == deadline
        assert event.description.value.startswith(what + "\n")
        assert event.categories.value == [firm_name]
        assert [a.description.value[: len(deadline) + 6] for a in event.valarm_list] == [
            f"{deadline}: due "
        ]


def test_an_event_whose_date_changed_is_an_update(small: Path) -> None:
    """RFC 5545 §3.8.7.4: same UID, SEQUENCE one higher; unchanged events keep theirs."""
    first = build_project(small)
    before = _versions(first / "books" / "calendar.ics")
    assert set(before.values()) == {0}
    firm = small / "firm.yaml"
    firm.write_text(
        firm.read_text().replace(
            "communication:\n",
            "communication:\n  closures:\n    - {name: Retreat, start: 2027-01-20}\n",
        )
    )
    after = _versions(build_project(small) / "books" / "calendar.ics")
    assert after.keys() == before.keys()
    changed = {uid for uid, seq in after.items() if seq}
    assert changed == {uid for uid in after if "-2027-01-20@" in uid}
    assert after[changed.pop()] == 1
    # A rebuild that changes nothing keeps the numbers: no spurious updates.
    assert _versions(build_project(small) / "books" / "calendar.ics") == after


def _versions(path: Path) -> dict[str, int]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): int(e["sequence"]) for e in cal.walk("VEVENT")}


def test_a_damaged_previous_feed_starts_the_count_again(small: Path) -> None:
    site = build_project(small)
    feed = site / "books" / "calendar.ics"
    (site / "calendar.ics").write_bytes(b"BEGIN:VCALENDAR\r\nSEQUENCE:\xff\r\n" * 1000)
    assert set(_versions(build_project(small) / "books" / "calendar.ics").values()) == {0}
    assert feed.exists()


def test_a_fresh_checkout_compares_with_the_published_feed(
    run: Callable[..., Result], small: Path, tmp_path: Path
) -> None:
    """With no site in the folder (CI), SEQUENCE still grows: the gh-pages branch is read."""
    site = build_project(small)
    git = ["git", "-C", str(small), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    published = tmp_path / "published"
    shutil.copytree(site, published)
    shutil.rmtree(site)
    # The branch `handbook deploy` pushes: the built site at its root.
    env = {**os.environ, "GIT_DIR": str(small / ".git"), "GIT_WORK_TREE": str(published)}
    subprocess.run([*git, "checkout", "-q", "--orphan", "gh-pages"], check=True, env=env)
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", "site"], check=True, env=env)
    firm = small / "firm.yaml"
    firm.write_text(
        firm.read_text().replace(
            "communication:\n",
            "communication:\n  closures:\n    - {name: Retreat, start: 2027-01-20}\n",
        )
    )
    args = ["build", "-c", firm, "--today", TODAY, "-q"]
    assert run(*args).exit_code == 0
    blind = _versions(small / "site" / "books" / "calendar.ics")
    assert set(blind.values()) == {0}  # without the flag: counted afresh, as before
    shutil.rmtree(small / "site")
    result = run(*args, "--published-feeds")
    assert result.exit_code == 0, result.output
    after = _versions(small / "site" / "books" / "calendar.ics")
    assert {uid for uid, seq in after.items() if seq == 1} == {
        uid for uid in after if "-2027-01-20@" in uid
    }
    # Nothing published to read (no branch, an address that does not answer): a warning.
    shutil.rmtree(small / ".git")
    shutil.rmtree(small / "site")
    result = run(*args, "--published-feeds")
    assert result.exit_code == 0, result.output
    assert "could not read the published calendar.ics" in result.output
