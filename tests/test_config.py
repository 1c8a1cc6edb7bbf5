"""Validation of firm.yaml through `handbook check`: exact messages, every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "firm.yaml"
    text = path.read_text()
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, 1))


def test_valid_firm_passes(run: Run, small: Path) -> None:
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 0
    assert "OK (2 segments, 2 packages, 1 deadline, 0 videos)" in result.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  tagline:",
            "  tag_line:",
            "firm.yaml:4:3: firm.tag_line: unknown field; did you mean 'tagline'?",
        ),
        (
            "relationship: personal",
            "relationship: persnal",
            "firm.yaml:86:19: segments[0].relationship: must be one of personal, automated; "
            "got 'persnal'; did you mean 'personal'?",
        ),
        (
            '    primary_color: "#ffd54f"',
            "    primary_color: #ffd54f",
            "firm.yaml:14:19: firm.branding.primary_color: must be text; got nothing; a # starts a "
            'comment in YAML: put the value in quotes (primary_color: "#ffd54f")',
        ),
        (
            "    city: Warszawa",
            "   city: Warszawa",
            "firm.yaml:10:4: YAML syntax error: expected <block end>, but found '<block mapping "
            "start>'; check the indentation of this line and the ones above it: the fields of one "
            "item start in the same column (two spaces deeper than the item's '-' or key)",
        ),
        (
            '    postal_code: "00-850"',
            '    postal_code: "00-850"\n    country: Polska',
            "firm.yaml:12:14: firm.address.country: must be a country code such as US, PL or ES, "
            "got 'Polska': handbook writes the country's name in each reader's language",
        ),
        (
            "{kind: monthly, day: 20}",
            "{kind: monthly, day: 45}",
            "firm.yaml:99:32: deadlines[0].when.day: must be 1–31, got 45",
        ),
        (
            "{kind: monthly, day: 20}",
            "{kind: weekly, day: 2}",
            "firm.yaml:99:11: deadlines[0].when: kind must be one of 'yearly', 'monthly', "
            "'quarterly', 'last_business_day', 'relative', 'once'; got 'weekly'",
        ),
        (
            'primary_color: "#ffd54f"',
            "primary_color: yellow",
            "firm.yaml:14:20: firm.branding.primary_color: must be a hex colour such as "
            "'#1f4e79'; got 'yellow'",
        ),
        (
            "monday: {open: 08:00, close: 16:00}",
            "monday: {open: 8 am, close: 16:00}",
            "firm.yaml:25:20: communication.business_hours.monday.open: must be a 24-hour time "
            "\"HH:MM\", e.g. 09:00 or 17:30; got '8 am'",
        ),
        (
            "effective: 2026-03-01",
            "effective: 1 March 2026",
            "firm.yaml:48:14: rules.effective: must be a date written YYYY-MM-DD, "
            "e.g. 2026-01-15; got '1 March 2026'",
        ),
        (
            "timezone: Europe/Warsaw",
            "timezone: Europe/Warsawa",
            "firm.yaml:18:13: locale.timezone: unknown time zone 'Europe/Warsawa'; "
            "did you mean 'Europe/Warsaw'?",
        ),
        (
            "  contact: ewa\n  systems",
            "  contact: eva\n  systems",
            "firm.yaml:41:12: onboarding.contact: no team member 'eva'; did you mean 'ewa'?",
        ),
        (
            "deadlines: [vat]",
            "deadlines: [vatt]",
            "firm.yaml:88:17: segments[0].deadlines[0]: no deadline 'vatt'; did you mean 'vat'?",
        ),
        (
            "  - slug: plus",
            "  - slug: basic",
            "firm.yaml:76:11: packages[1].slug: slug 'basic' is already used by item 1",
        ),
        (
            "  - slug: self-service",
            "  - slug: Self Service",
            "firm.yaml:89:11: segments[1].slug: must be lowercase letters, digits and single "
            "hyphens, e.g. 'monthly-bookkeeping'; got 'Self Service'",
        ),
        (
            "      purpose: Send documents.",
            "      purpose: Send documents.\n      url: https://portal.example/)[Open](javascript:x",
            "firm.yaml:46:12: onboarding.systems[0].url: contains '[', which a web address "
            "cannot hold; copy the address from the browser's address bar",
        ),
        (
            "  email: biuro@nowak.example",
            "  email: biuro@nowak.example\n  email: other@nowak.example",
            "firm.yaml:7:3: firm.email: duplicate key; it was already set on line 6",
        ),
        (
            "country: PL",
            "country: NO\n  region: XX",
            "firm.yaml:20:11: locale.region: unknown region 'XX' of NO; valid: 03, 11, 15, 18, "
            "21, 22, 31, 32, 33, 34, 39, 40, 42, 46, 50, 55, 56",
        ),
        (
            "  records_returned_within_days: 14\n",
            "",
            "firm.yaml:57:1: offboarding.records_returned_within_days: required field is "
            "missing (Days within which the client's records are returned.)",
        ),
    ],
)
def test_each_mistake_is_reported_with_line_column_field_and_remedy(
    run: Run, small: Path, old: str, new: str, expected: str
) -> None:
    _edit(small, old, new)
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    assert expected in result.output.splitlines()
    assert "Traceback" not in result.output


def test_every_problem_is_reported_in_one_run(run: Run, small: Path) -> None:
    _edit(small, "  tagline:", "  taglin:")
    _edit(small, "relationship: automated", "relationship: robot")
    _edit(small, "notice_days: 30", "notice_days: thirty")
    _edit(small, "  phone: +48 22 555 01 00", "  phone: +48 22 555 01 00\n  phone: x")
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == [
        "firm.taglin",
        "firm.phone",
        "offboarding.notice_days",
        "segments[1].relationship",
    ]
    assert lines[-1] == "4 problems found; nothing was built."


def test_yaml_syntax_error_points_at_its_line(run: Run, small: Path) -> None:
    _edit(small, "  about: Small firm, **big** care.", "  about: Note: it breaks")
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    assert result.output.startswith("firm.yaml:5:14: YAML syntax error: mapping values are not")
    assert 'put quotes around a text that contains ": "' in result.output


def test_missing_file_says_how_to_start(run: Run, tmp_path: Path) -> None:
    result = run("check", "-c", tmp_path / "firm.yaml")
    assert result.exit_code == 1
    assert "firm.yaml:1:1: file not found; run `handbook init` to start a project" in result.output


def test_empty_file_lists_required_sections(run: Run, tmp_path: Path) -> None:
    (tmp_path / "firm.yaml").write_text("# nothing yet\n")
    result = run("check", "-c", tmp_path / "firm.yaml")
    assert result.exit_code == 1
    assert "firm.yaml:1:1: firm: required field is missing (Who the firm is" in result.output
    assert "8 problems found" in result.output


def test_missing_or_outside_files_are_reported_at_their_line(run: Run, small: Path) -> None:
    _edit(small, "logo: assets/logo.svg", "logo: assets/logo.png\n    favicon: ../../etc/passwd")
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "firm.yaml:14:14: firm.branding.favicon: must be a path relative to firm.yaml's "
        "folder, without .. or a drive, e.g. assets/logo.svg"
    )
    _edit(small, "    favicon: ../../etc/passwd", "    favicon: assets/outside.png")
    (small / "assets" / "outside.png").symlink_to("/usr/share/pixmaps/debian-logo.png")
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "firm.yaml:13:11: firm.branding.logo: file 'assets/logo.png' not found "
        "(paths are relative to firm.yaml's folder)",
        "firm.yaml:14:14: firm.branding.favicon: assets/outside.png is a symbolic link; "
        "put the file itself in the project folder",
    ]


def test_a_symlink_in_docs_is_refused_and_the_site_kept(run: Run, small: Path) -> None:
    assert run("build", "-c", small / "firm.yaml", "--today", "2026-11-23").exit_code == 0
    before = {p: p.read_bytes() for p in (small / "site").rglob("*") if p.is_file()}
    (small / "docs" / "env.txt").symlink_to("/proc/self/environ")
    result = run("build", "-c", small / "firm.yaml", "--today", "2026-11-23")
    assert result.exit_code == 1
    assert "docs/env.txt is a symbolic link" in result.output
    assert "Traceback" not in result.output
    after = {p: p.read_bytes() for p in (small / "site").rglob("*") if p.is_file()}
    assert after == before


def _with_video(small: Path, fields: str) -> Path:
    """Append one video (slug intro, line 101) with `fields` to the small firm."""
    path = small / "firm.yaml"
    path.write_text(path.read_text() + "videos:\n  - slug: intro\n    question: How?\n" + fields)
    return path


def test_bad_video_link_is_reported_at_its_line(run: Run, small: Path) -> None:
    path = _with_video(small, "    url: https://www.dailymotion.com/video/x7tgad0\n")
    result = run("check", "-c", path)
    assert result.exit_code == 1
    line = result.output.splitlines()[0]
    assert line.startswith(
        "firm.yaml:104:10: videos[0].url: 'www.dailymotion.com' is not a supported video host; "
        "accepted: YouTube (youtube.com/watch?v=ID"
    )


def test_missing_self_hosted_video_is_reported_at_its_line(run: Run, small: Path) -> None:
    path = _with_video(small, "    url: media/intro.mp4\n    captions: media/intro.srt\n")
    result = run("check", "-c", path)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "firm.yaml:104:10: videos[0].url: file 'media/intro.mp4' not found "
        "(paths are relative to firm.yaml's folder)",
        "firm.yaml:105:15: videos[0].captions: file 'media/intro.srt' not found "
        "(paths are relative to firm.yaml's folder)",
    ]


def test_a_phone_number_must_be_one(run: Run, small: Path) -> None:
    _edit(small, "  phone: +48 22 555 01 00", "  phone: 'javascript:alert(1)'")
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    assert (
        "firm.yaml:7:10: firm.phone: 'javascript:alert(1)' is not a phone number in PL; write "
        "it as dialled, e.g. +1 212 555 0142 (with the country code for another country)"
    ) in result.output.splitlines()


def test_references_are_checked_while_other_fields_are_invalid(run: Run, small: Path) -> None:
    # Two field errors and three slug references to nothing, in one run, sorted by line.
    _edit(small, "  contact: ewa\n  systems", "  contact: eva\n  systems")
    _edit(
        small,
        "    services: [books]\n    price: {amount: 800",
        "    services: [book]\n    price: {amount: 800",
    )
    _edit(small, "    contact: ewa\ndeadlines", "    contact: anna\ndeadlines")
    _edit(small, "    email: ewa@nowak.example", "    email: 42")
    _edit(small, "notice_days: 30", "notice_days: thirty")
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:-1] == [
        "firm.yaml:41:12: onboarding.contact: no team member 'eva'; did you mean 'ewa'?",
        "firm.yaml:58:16: offboarding.notice_days: must be a whole number; got 'thirty'",
        "firm.yaml:64:12: team[0].email: must be an email address such as hello@example.com; "
        "got 42",
        "firm.yaml:73:16: packages[0].services[0]: no service 'book'; did you mean 'books'?",
        "firm.yaml:93:14: segments[1].contact: no team member 'anna'; known: ewa",
    ]
    assert lines[-1] == "5 problems found; nothing was built."


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A reference that is not text is a field error, reported once.
        ("    contact: ewa\ndeadlines", "    contact: [ewa]\ndeadlines", "segments[1].contact"),
        # A reference that is not a slug is a field error, reported once.
        ("    contact: ewa\ndeadlines", "    contact: Ewa Nowak\ndeadlines", "segments[1].contact"),
        # A team member that is not a mapping may be the one referred to: no reference error.
        ("  - slug: ewa\n    name: Ewa Nowak", "  - ewa\n  - name: Ewa Nowak", "team[0]"),
        # A slug that is not text is a field error; references to the list stay unreported.
        ("  - slug: ewa\n", "  - slug: [ewa]\n", "team[0].slug"),
    ],
)
def test_a_malformed_reference_or_list_is_one_field_error(
    run: Run, small: Path, old: str, new: str, expected: str
) -> None:
    _edit(small, old, new)
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    fields = [line.split(": ")[1] for line in result.output.splitlines()[:-1]]
    assert expected in fields
    assert not [line for line in result.output.splitlines() if "no team member" in line]
    assert "Traceback" not in result.output
