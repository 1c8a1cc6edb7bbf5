"""Rules that notify (issue 27): a new version reaches clients through their calendar, an Atom
feed announced on every page, a what-changed list, and a notice the firm sends.

One fixture firm is built twice through the CLI (before and after the new version's date);
the notice is printed for the demo and both examples, one language of each at a time.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin

import feedparser
import icalendar
import pytest
from click.testing import CliRunner

from handbook.commands.cli import cli
from tests.conftest import FIXTURES, ROOT
from tests.test_feeds_in_apps import KHAL, _agenda

BEFORE, AFTER = "2026-11-23", "2027-02-01"
SITE = "https://nowak.example/handbook/"
RULES = """rules:
  version: "2027.1"
  effective: 2027-01-01
  changes:
    - Paper by mail is over.
  rules:
    - slug: portal-first
      text: Use the **portal** for everything.
      benefit: Faster books.
    - slug: receipts-weekly
      text: Send receipts every week.
      benefit: No April shoebox.
  earlier:
    - version: "2026.1"
      effective: 2026-03-01
      rules:
        - slug: portal-first
          text: Use the portal.
          benefit: Faster books.
        - slug: paper-by-mail
          text: You may mail paper records.
          benefit: No scanner needed.
"""
ATOM = "{http://www.w3.org/2005/Atom}"


def _build(project: Path, today: str, site: str) -> Path:
    args = ["build", "-c", str(project / "firm.yaml"), "-d", str(project / site), "-q"]
    result = CliRunner().invoke(cli, [*args, "--today", today])
    assert result.exit_code == 0, result.output
    return project / site


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture firm with a new version (a rule added, one removed, one reworded)."""
    folder = tmp_path_factory.mktemp("notify") / "small"
    shutil.copytree(FIXTURES / "small", folder)
    config = folder / "firm.yaml"
    text = config.read_text(encoding="utf-8")
    old = text[text.index("rules:\n  version") : text.index("correction:")]
    config.write_text(text.replace(old, RULES), encoding="utf-8")
    _build(folder, BEFORE, "before")
    _build(folder, AFTER, "after")
    return folder


def _rules_event(feed: Path, version: str) -> icalendar.Event:
    events = icalendar.Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    return next(e for e in events if e["uid"] == f"rules-{version}@nowak.example")


def test_every_feed_has_the_new_rules_event_with_a_reminder(project: Path, tmp_path: Path) -> None:
    site = project / "before"
    feeds = sorted(site.rglob("calendar.ics"))
    assert len(feeds) == 3  # the firm's and both segments'
    for feed in feeds:
        event = _rules_event(feed, "2027.1")
        assert event.decoded("dtstart") == dt.date(2027, 1, 1)
        assert str(event["summary"]) == "New rules of engagement take effect"
        description = str(event["description"])
        assert "takes effect on January 1, 2027." in description
        assert "Paper by mail is over." in description
        assert "New rule: Send receipts every week." in description
        assert "Rule removed: You may mail paper records." in description
        assert "Rule reworded: Use the portal for everything." in description
        assert str(event["url"]) == SITE + "rules/2027.1/"
        (alarm,) = event.walk("VALARM")  # a week before, at 09:00
        assert alarm.decoded("trigger") == -dt.timedelta(days=6, hours=15)
        # The UID is the version's: the next build updates the event, it adds none.
        again = _rules_event(project / "after" / feed.relative_to(site), "2027.1")
        assert again["sequence"] == event["sequence"] == 0
        assert again.decoded("dtstart") == event.decoded("dtstart")
    if not KHAL.exists():
        pytest.skip("khal is not installed in this environment (pip install khal)")
    agenda = _agenda(site / "books" / "calendar.ics", tmp_path)
    assert ("2027-01-01", "New rules of engagement take effect") in agenda


def test_the_atom_feed_is_valid_and_every_page_announces_it(project: Path) -> None:
    site = project / "before"
    feed = site / "rules" / "changes.xml"
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Nowak & Daughters: changes to the rules of engagement"
    assert parsed.feed.author == "Nowak & Daughters"
    assert [e.id for e in parsed.entries] == [
        "tag:nowak.example,2027-01-01:rules/2027.1/en",
        "tag:nowak.example,2026-03-01:rules/2026.1/en",
    ]
    newest = parsed.entries[0]
    assert newest.link == SITE + "rules/2027.1/"
    assert {link.href for link in newest.links} == {
        SITE + "rules/2027.1/",
        SITE + "rules/2027.1/#changes",
    }
    assert newest.updated == "2027-01-01T00:00:00Z"
    assert "Paper by mail is over." in newest.content[0].value
    # RFC 4287 §4.1: what a feed and each entry must hold.
    root = ET.parse(feed).getroot()
    for name in ("id", "title", "updated", "author"):
        assert root.find(ATOM + name) is not None, name
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.iter(ATOM + "entry"):
        for name in ("id", "title", "updated", "content"):
            assert entry.find(ATOM + name) is not None, name
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)"', html
        )
        assert len(found) == 1, page
        where = page.relative_to(site).as_posix()
        assert urljoin(SITE + where, found[0]) == SITE + "rules/changes.xml", (page, found)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_each_version_says_what_changed_and_links_the_others(project: Path) -> None:
    before, after = project / "before", project / "after"
    new = _text((before / "rules" / "2027.1" / "index.html").read_text(encoding="utf-8"))
    assert "Compared with version 2026.1:" in new
    for line in (
        "Paper by mail is over.",
        "New rule: Send receipts every week.",
        "Rule removed: You may mail paper records.",
        "Rule reworded: Use the portal for everything.",
    ):
        assert line in new, line
    assert "Previous version: 2026.1" in new
    assert "Coming on January 1, 2027: version 2027.1" in new  # not yet in force
    old = _text((before / "rules" / "2026.1" / "index.html").read_text(encoding="utf-8"))
    assert "Next version: 2027.1" in old and "An earlier version" not in old
    # Before its date: the rules in force, and the version coming beside them.
    for page in ("rules", "books/rules"):
        shown = _text((before / page / "index.html").read_text(encoding="utf-8"))
        assert "Version 2026.1, effective March 1, 2026" in shown
        assert "You may mail paper records." in shown
        assert "Coming on January 1, 2027: version 2027.1" in shown
        assert "New rule: Send receipts every week." in shown
    listed = _text((before / "rules" / "index.html").read_text(encoding="utf-8"))
    assert "effective January 1, 2027 (not in force yet)" in listed
    assert "effective March 1, 2026 (current)" in listed
    for page in ("calendar", "books/calendar"):  # the date the feeds hold, on the page too
        shown = _text((before / page / "index.html").read_text(encoding="utf-8"))
        assert (
            "New rules of engagement take effect on January 1, 2027. Read version 2027.1" in shown
        )
    # After it: the new version in force, the old one superseded.
    shown = _text((after / "rules" / "index.html").read_text(encoding="utf-8"))
    assert "Version 2027.1, effective January 1, 2027" in shown and "Coming on" not in shown
    assert "not in force yet" not in shown
    old = _text((after / "rules" / "2026.1" / "index.html").read_text(encoding="utf-8"))
    assert "An earlier version" in old and "Read the current version (2027.1)" in old


def _notice(config: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["notice", "-c", str(config), "--today", BEFORE, *args])
    return result.exit_code, result.output


def test_the_notice_of_the_fixture_firm(project: Path) -> None:
    code, out = _notice(project / "firm.yaml")
    assert code == 0, out
    assert "Subject: Nowak & Daughters: new rules of engagement from January 1, 2027" in out
    assert "- Paper by mail is over." in out
    assert f"Read the new rules: {SITE}rules/2027.1/" in out
    assert f"What changed, rule by rule: {SITE}rules/2027.1/#changes" in out
    mailto = next(line for line in out.splitlines() if line.startswith("mailto:"))
    subject, body = mailto.removeprefix("mailto:?subject=").split("&body=")
    assert unquote(subject) == "Nowak & Daughters: new rules of engagement from January 1, 2027"
    assert "\r\n- Paper by mail is over.\r\n" in unquote(body)
    code, out = _notice(project / "firm.yaml", "--version", "9.9")
    assert code == 1 and "--version 9.9: firm.yaml's rules have versions 2027.1, 2026.1" in out
    assert "Traceback" not in out
    code, out = _notice(project / "firm.yaml", "--language", "de")
    assert code == 1 and "--language de: the site's languages are en" in out


@pytest.mark.parametrize(
    ("project_dir", "language", "subject", "line"),
    [
        (ROOT, "en", "new rules of engagement from September 1, 2026", "Kind regards,"),
        (
            ROOT,
            "es",
            "nuevas normas de colaboración a partir del 1 de septiembre de 2026",
            "Atentamente,",
        ),
        (ROOT, "pl", "nowe zasady współpracy od 1 września 2026", "Z\u00a0poważaniem"),
        (
            ROOT / "examples" / "barcelona",
            "ca",
            "noves normes de col·laboració a partir del dia",
            "Cordialment,",
        ),
        (ROOT / "examples" / "krakow", "uk", "нові правила співпраці з", "З повагою,"),
    ],
)
def test_the_notice_in_each_language(
    project_dir: Path, language: str, subject: str, line: str
) -> None:
    code, out = _notice(project_dir / "firm.yaml", "--language", language)
    assert code == 0, out
    assert f"== {language} ==" in out and out.count("== ") == 1
    assert subject in out and line in out.splitlines()
    mailto = next(x for x in out.splitlines() if x.startswith("mailto:?subject="))
    assert subject in unquote(mailto)
