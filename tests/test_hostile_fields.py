"""Hostile values in single fields (issue 26): look-alike URLs, invisible characters, time zones.

Each variant is generated here and put into every field of its class on a copy of the small
fixture, then `handbook check` runs in-process (a check costs milliseconds, a build seconds):
it must exit 1 with a `firm.yaml:L:C: <field>: ...` line and no traceback. Good values of each
class still pass. Firm Markdown is built once with every protocol-relative form at once, and
the built page shows each dropped.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner, Result

from handbook.commands.cli import cli
from tests.conftest import FIXTURES, TODAY, tree

SMALL = FIXTURES / "small"
SITE = "https://nowak.example/handbook/"


def _quoted(value: str) -> str:
    """Write a YAML double-quoted string: controls and separators escaped, the rest raw.

    Raw bidi and zero-width characters are what a firm pastes from a message; a raw CR or
    LF would fold into a space inside quotes, so those are written as escapes.
    """
    out = []
    for c in value:
        if c in '"\\':
            out.append("\\" + c)
        elif unicodedata.category(c) in ("Cc", "Zl", "Zp"):
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


Edit = Callable[[str], str]


def _after(anchor: str, lines: str) -> Callable[[str], Edit]:
    """Make an edit that inserts `lines` (with {v}, the quoted value) after the line `anchor`."""

    def edit(value: str) -> Edit:
        return lambda text: _replace(text, anchor, anchor + lines.format(v=_quoted(value)))

    return edit


def _instead(line: str, new: str) -> Callable[[str], Edit]:
    """Make an edit that replaces the line `line` by `new` (with {v}, the quoted value)."""

    def edit(value: str) -> Edit:
        return lambda text: _replace(text, line, new.format(v=_quoted(value)))

    return edit


def _replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _appended(lines: str) -> Callable[[str], Edit]:
    def edit(value: str) -> Edit:
        return lambda text: text + lines.format(v=_quoted(value))

    return edit


URL_FIELDS: dict[str, Callable[[str], Edit]] = {
    "firm.website": _after("  about: Small firm, **big** care.\n", "  website: {v}\n"),
    "onboarding.systems[0].url": _after("      purpose: Send documents.\n", "      url: {v}\n"),
    "offboarding.referrals[0].url": _after(
        "  records_returned_within_days: 14\n",
        "  referrals:\n    - name: Chamber\n      url: {v}\n",
    ),
    "deadlines[0].legal_basis.url": _after(
        "    set_by: firm\n", "    legal_basis:\n      text: VAT Act\n      url: {v}\n"
    ),
    "communication.channels[0].address": _after("      kind: portal\n", "      address: {v}\n"),
    "videos[0].url": _appended("videos:\n  - slug: tour\n    question: A tour?\n    url: {v}\n"),
}
"""Every URL field of firm.yaml, and how to give it a value; mkdocs.yml's site_url is apart."""

NAME_FIELDS: dict[str, Callable[[str], Edit]] = {
    "firm.name": _instead("  name: Nowak & Daughters\n", "  name: {v}\n"),
    "firm.legal_name": _after("  name: Nowak & Daughters\n", "  legal_name: {v}\n"),
    "firm.phone": _instead("  phone: +48 22 555 01 00\n", "  phone: {v}\n"),
    "firm.address.street": _instead("    street: ul. Prosta 1\n", "    street: {v}\n"),
    "communication.channels[0].name": _instead("      name: Portal\n", "      name: {v}\n"),
    "onboarding.systems[0].name": _instead("      name: Client portal\n", "      name: {v}\n"),
    "correction.steps[0].name": _instead("    - name: Reminder\n", "    - name: {v}\n"),
    "team[0].name": _instead("    name: Ewa Nowak\n", "    name: {v}\n"),
    "services[0].name": _instead("    name: Bookkeeping\n", "    name: {v}\n"),
    "packages[0].name": _instead("    name: Basic\n", "    name: {v}\n"),
    "segments[0].name": _instead("    name: Bookkeeping clients\n", "    name: {v}\n"),
    "deadlines[0].name": _instead("    name: VAT documents\n", "    name: {v}\n"),
}
"""One-line names and lines of firm.yaml (Name, NameText, Line), and how to give each a value."""

URL_VARIANTS = {
    "userinfo": "https://nowak.example@evil.tld/",
    "userinfo-password": "https://nowak.example:login@evil.tld/",
    "mixed-script-host": "https://n\u043ewak.example/",  # a Cyrillic o
    "mixed-script-punycode": "https://xn--nwak-55d.example/",  # the same, as the browser sends it
    "cyrillic-lookalike-host": "https://\u0430\u0440\u0440\u04cf\u0435.com/",  # "apple" in Cyrillic
    "full-width-host": "https://\uff4eowak.example/",
    "invalid-punycode": "https://xn--zz.example/",
    "port-not-a-number": "https://nowak.example:http/",
    "u202e": "https://nowak.example/\u202egpj.exe",
    "u200b": "https://nowak\u200b.example/",
    "u2066": "https://nowak.example/\u2066x",
    "ufeff": "https://nowak.example/\ufeffx",
    "cr-lf": "https://nowak.example/\r\nSet-Cookie: a=b",
    "lf": "https://nowak.example/a\nb",
    "tab": "https://nowak.example/a\tb",
    "mailto-bcc": "mailto:biuro@nowak.example?bcc=all@evil.tld",
    "mailto-body": "mailto:biuro@nowak.example?body=Send%20your%20password",
    "mailto-two-addresses": "mailto:biuro@nowak.example,all@evil.tld",
    "mailto-encoded-comma": "mailto:biuro%2Call@evil.tld",
    "tel-parameter": "tel:+48225550100;phone-context=evil",
    "tel-not-a-number": "tel:call-us",
    "javascript": "javascript:alert(1)",
    "javascript-mixed-case": "JaVaScRiPt:alert(1)",
    "https-without-slashes": "https:evil.tld",
    "protocol-relative": "//evil.tld/",
}
"""Each refused in every URL field (a video link too: none is a video of a known service)."""

EMAIL_FIELDS: dict[str, Callable[[str], Edit]] = {
    "firm.email": _instead("  email: biuro@nowak.example\n", "  email: {v}\n"),
    "team[0].email": _instead("    email: ewa@nowak.example\n", "    email: {v}\n"),
    "communication.channels[0].address": URL_FIELDS["communication.channels[0].address"],
}
"""Every email address field (a channel's address is one when it has an @ and no space)."""

EMAIL_VARIANTS = {
    "query-bcc": "biuro?bcc=all@evil.tld",
    "query-body": "biuro?body=hi@nowak.example",
    "encoded-comma": "biuro%2Call@evil.tld",
    "fragment": "biuro#x@nowak.example",
    "two-addresses": "biuro@nowak.example,all@evil.tld",
    "two-ats": "biuro@nowak.example@evil.tld",
    "u202e": "biuro@nowak.example\u202e",
    "cyrillic-host": "biuro@n\u043ewak.example",
}
"""Each refused in every email field: a mailto: link made of it would write to someone else."""

INVISIBLE = {"u202e": "\u202e", "u2066": "\u2066", "u200b": "\u200b", "ufeff": "\ufeff"}
NAME_VARIANTS = {**INVISIBLE, "u00ad": "\u00ad", "tag-character": "\U000e0041", "u200e": "\u200e"}
"""Invisible format characters refused in every one-line name (placed inside the name)."""


@dataclass
class Checked:
    """What one `handbook check` printed, and whether it stopped cleanly."""

    result: Result

    @property
    def output(self) -> str:
        return self.result.output

    def refused(self, file: str, field: str) -> str:
        """Assert exit 1, no traceback and a located line for `field`; return that line."""
        assert self.result.exit_code == 1, self.output
        assert self.result.exception is None or isinstance(self.result.exception, SystemExit), (
            f"traceback: {self.result.exception!r}\n{self.output}"
        )
        assert "Traceback" not in self.output
        pattern = rf"^{re.escape(file)}:\d+:\d+: {re.escape(field)}: .+$"
        found = re.search(pattern, self.output, re.MULTILINE)
        assert found, f"no {pattern!r} line:\n{self.output}"
        return found.group()


def _check(tmp_path: Path, *edits: Edit, site_url: str | None = None) -> Checked:
    """Run `handbook check` on the small fixture with `edits` applied to its firm.yaml."""
    project = tmp_path / "small"
    shutil.copytree(SMALL, project)
    text = (SMALL / "firm.yaml").read_text(encoding="utf-8")
    for edit in edits:
        text = edit(text)
    (project / "firm.yaml").write_text(text, encoding="utf-8")
    if site_url is not None:
        (project / "mkdocs.yml").write_text(f"site_url: {_quoted(site_url)}\n", encoding="utf-8")
    args = ["check", "-c", str(project / "firm.yaml"), "-q", "--allow-placeholders"]
    return Checked(CliRunner().invoke(cli, args))


def _code_named(line: str, value: str) -> None:
    """Assert the line names the value's invisible character by its code point, e.g. U+202E.

    A line break or tab in a one-line field keeps its own message ("must be one line").
    """
    odd = [c for c in value if unicodedata.category(c) == "Cf" or c == "\r"]
    if odd:
        assert f"U+{ord(odd[0]):04X}" in line, line


@pytest.mark.parametrize("variant", URL_VARIANTS)
@pytest.mark.parametrize("field", URL_FIELDS)
def test_url_fields_refuse_look_alikes_and_invisible_characters(
    field: str, variant: str, tmp_path: Path
) -> None:
    value = URL_VARIANTS[variant]
    line = _check(tmp_path, URL_FIELDS[field](value)).refused("firm.yaml", field)
    _code_named(line, value)


@pytest.mark.parametrize("variant", URL_VARIANTS)
def test_site_url_refuses_what_url_fields_refuse(variant: str, tmp_path: Path) -> None:
    value = URL_VARIANTS[variant]
    line = _check(tmp_path, site_url=value).refused("mkdocs.yml", "site_url")
    _code_named(line, value)


@pytest.mark.parametrize("variant", EMAIL_VARIANTS)
@pytest.mark.parametrize("field", EMAIL_FIELDS)
def test_email_fields_hold_one_address_and_nothing_else(
    field: str, variant: str, tmp_path: Path
) -> None:
    _check(tmp_path, EMAIL_FIELDS[field](EMAIL_VARIANTS[variant])).refused("firm.yaml", field)


def test_site_url_may_be_a_real_idn(tmp_path: Path) -> None:
    checked = _check(tmp_path, site_url="https://мʼята.укр/довідник/")
    assert checked.result.exit_code == 0, checked.output


def test_site_url_is_https(tmp_path: Path) -> None:
    line = _check(tmp_path, site_url="http://nowak.example/").refused("mkdocs.yml", "site_url")
    assert "https://" in line


@pytest.mark.parametrize("variant", NAME_VARIANTS)
@pytest.mark.parametrize("field", NAME_FIELDS)
def test_one_line_names_refuse_format_characters(field: str, variant: str, tmp_path: Path) -> None:
    character = NAME_VARIANTS[variant]
    value = f"Nowak{character} 1"
    line = _check(tmp_path, NAME_FIELDS[field](value)).refused("firm.yaml", field)
    assert f"U+{ord(character):04X}" in line and "character 6" in line, line


def test_good_addresses_and_names_pass(tmp_path: Path) -> None:
    """A real IDN, a Ukrainian name with its apostrophe ʼ, joiners in emoji and Persian pass."""
    checked = _check(
        tmp_path,
        URL_FIELDS["firm.website"]("https://księgowa.pl/"),
        URL_FIELDS["onboarding.systems[0].url"]("https://бухгалтер.укр/кабінет"),
        URL_FIELDS["offboarding.referrals[0].url"]("https://xn--ksigowa-c9a.pl/"),
        URL_FIELDS["deadlines[0].legal_basis.url"]("https://例え.jp:8443/law?id=1#art-2"),
        URL_FIELDS["communication.channels[0].address"]("mailto:biuro@nowak.example"),
        URL_FIELDS["videos[0].url"]("https://fast.wistia.net/embed/iframe/abcde12345"),
        NAME_FIELDS["team[0].name"]("Марʼяна Коваль"),
        NAME_FIELDS["segments[0].name"]("Rodziny 👩\u200d👩\u200d👧"),
        NAME_FIELDS["services[0].name"]("حسابداری می\u200cکنیم"),
        NAME_FIELDS["firm.name"]("مكتب نواك 🧾 נובאק"),
    )
    assert checked.result.exit_code == 0, checked.output


def test_good_contact_links_pass(tmp_path: Path) -> None:
    for field, value in {
        "firm.website": "tel:+48-22-555-01-00",
        "onboarding.systems[0].url": "mailto:Biuro.Nowak+klienci@nowak.example",
        "communication.channels[0].address": "tel:+48225550100",
    }.items():
        checked = _check(tmp_path / field, URL_FIELDS[field](value))
        assert checked.result.exit_code == 0, f"{field}: {value}\n{checked.output}"


TIMEZONES = {
    "Factory": None,
    "posixrules": None,
    "localtime": None,
    "right/UTC": "'UTC'",
    "posix/Europe/Madrid": "'Europe/Madrid'",
    "right/Europe/Warsaw": "'Europe/Warsaw'",
    "Europe/Warsav": "'Europe/Warsaw'",
    "../../etc/passwd": None,
    "Europe/Kyiv\u202e": "'Europe/Kyiv'",
}
"""Zones Python's zoneinfo may open but Babel cannot name, or none: each with its suggestion."""


@pytest.mark.parametrize("zone", TIMEZONES)
def test_time_zones_are_those_python_and_babel_both_know(zone: str, tmp_path: Path) -> None:
    edit = _instead("  timezone: Europe/Warsaw\n", "  timezone: {v}\n")(zone)
    line = _check(tmp_path, edit).refused("firm.yaml", "locale.timezone")
    hint = TIMEZONES[zone]
    assert (f"did you mean {hint}" in line) if hint else ("did you mean" not in line), line


@pytest.mark.parametrize("zone", ["Europe/Kyiv", "Europe/Kiev", "America/New_York", "UTC"])
def test_real_time_zones_pass(zone: str, tmp_path: Path) -> None:
    edit = _instead("  timezone: Europe/Warsaw\n", "  timezone: {v}\n")(zone)
    checked = _check(tmp_path, edit)
    assert checked.result.exit_code == 0, checked.output


VIDEOS_WITHOUT_ID = [
    ("https://fast.wistia.net/embed/iframe/", "Wistia link without a video id"),
    ("https://fast.wistia.net/embed/iframe?videoFoam=true", "Wistia link without a video id"),
    ("https://nowak.wistia.com/medias/", "Wistia link without a video id"),
    ("https://nowak.wistia.com/", "Wistia link without a video id"),
    ("https://fast.wistia.net/embed/iframe/abc$def!!", "Wistia id"),
    ("https://www.youtube.com/watch?v=", "YouTube link without a video id"),
    ("https://youtu.be/", "YouTube link without a video id"),
    ("https://www.youtube.com/embed/", "YouTube link without a video id"),
    ("https://www.youtube.com/watch?v=<script>x", "YouTube id"),
    ("https://vimeo.com/", "Vimeo link without a video id"),
    ("https://player.vimeo.com/video/", "Vimeo link without a video id"),
    ("https://player.vimeo.com/video/12ab", "Vimeo id"),
    ("https://www.loom.com/share/", "Loom link without a video id"),
    ("https://www.loom.com/share/../../x", "Loom id"),
    ("https://evilwistia.com/medias/abcde12345", "not a supported video host"),
    ("https://[/watch?v=Bo5Rv1xJm8Q", "not a web address"),
]
"""Video links of a known service without an id, or with an id of other characters."""


def test_video_links_without_an_id_are_located_errors(tmp_path: Path) -> None:
    """One check for all: each video is its own item, each error its own line."""
    videos = "".join(
        f"  - slug: v{i}\n    question: Video {i}?\n    url: {_quoted(url)}\n"
        for i, (url, _message) in enumerate(VIDEOS_WITHOUT_ID)
    )
    checked = _check(tmp_path, lambda text: text + "videos:\n" + videos)
    for i, (url, message) in enumerate(VIDEOS_WITHOUT_ID):
        line = checked.refused("firm.yaml", f"videos[{i}].url")
        assert message in line and "accepted:" in line, f"{url}: {line}"


# --- firm Markdown: built once ------------------------------------------------------------

HOSTILE_LINKS = [
    "[{m}](//evil.tld/a)",
    "[{m}](<//evil.tld/a>)",
    "[{m}]( //evil.tld/a)",
    "[{m}](///evil.tld/a)",
    "[{m}](\\\\evil.tld)",
    "[{m}](<\\\\\\\\evil.tld>)",
    "[{m}](/\\evil.tld)",
    "[{m}](\\/evil.tld)",
    "[{m}](</\t/evil.tld>)",
    "[{m}](%2F%2Fevil.tld)",
    "[{m}](/%5Cevil.tld)",
    "[{m}](&#47;&#47;evil.tld)",
    "[{m}](/&#92;evil.tld)",
    "[{m}](https:evil.tld)",
    "[{m}](HTTPS:evil.tld)",
    "[{m}](https://nowak.example@evil.tld/)",
    "[{m}](HTTPS://nowak.example:x@evil.tld/)",
    "[{m}](https:&#47;&#47;nowak.example@evil.tld)",
    "[{m}](mailto:biuro@nowak.example?bcc=all@evil.tld)",
    "[{m}](mailto:biuro@nowak.example,all@evil.tld)",
    "[{m}](tel:+48225550100;phone-context=evil)",
    "[{m}][r{m}]\n\n[r{m}]: //evil.tld/ref",
    "[{m}][s{m}]\n\n[s{m}]: https://nowak.example@evil.tld/ref",
    "<https://nowak.example@evil.tld/{m}>",
]
"""Links firm Markdown may not keep: each leaves the site without saying so, or sends more."""

GOOD_LINKS = {
    "[{m}](https://ok.example/p?q=1#f)": "https://ok.example/p?q=1#f",
    "[{m}](page/)": "page/",
    "[{m}](#fees)": "#fees",
    "[{m}](mailto:biuro@nowak.example)": "mailto:biuro@nowak.example",
    "[{m}](tel:+48225550100)": "tel:+48225550100",
}
"""Links that stay as written."""


class _Anchors(HTMLParser):
    """Collect each <a>'s href (None without one) by its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[str | None]] = {}
        self.text: list[str] = []
        self._open: list[str | None] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append(dict(attrs).get("href"))
            self._text = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            text = "".join(self._text).strip()
            self.found.setdefault(text, []).append(self._open.pop())


def _where(href: str, page: str) -> tuple[str, str]:
    """Resolve a link as a browser does (tabs and newlines dropped, \\ read as /)."""
    cleaned = re.sub(r"[\t\n\r]", "", href).strip().replace("\\", "/")
    parts = urlsplit(urljoin(page, cleaned))
    return parts.scheme, parts.netloc


@pytest.fixture(scope="module")
def markdown_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Build the small firm once, its `about` holding every link above; map marks to links."""
    marks = {f"M{i:02d}": link for i, link in enumerate([*HOSTILE_LINKS, *GOOD_LINKS])}
    about = "\n\n".join(link.format(m=mark) for mark, link in marks.items())
    project = tmp_path_factory.mktemp("markdown") / "small"
    shutil.copytree(SMALL, project)
    text = (SMALL / "firm.yaml").read_text(encoding="utf-8")
    block = "  about: |\n" + "".join(
        f"    {line}\n" if line else "\n" for line in about.split("\n")
    )
    text = _replace(text, "  about: Small firm, **big** care.\n", block)
    (project / "firm.yaml").write_text(text, encoding="utf-8")
    args = ["build", "-c", str(project / "firm.yaml"), "--today", TODAY, "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return project, marks


def test_markdown_keeps_no_link_that_leaves_the_site_unsaid(
    markdown_site: tuple[Path, dict[str, str]],
) -> None:
    project, marks = markdown_site
    parser = _Anchors()
    parser.feed((project / "site" / "index.html").read_text(encoding="utf-8"))
    page = SITE
    for mark, link in marks.items():
        hrefs = [href for text, found in parser.found.items() if mark in text for href in found]
        if link in GOOD_LINKS:
            assert hrefs == [GOOD_LINKS[link]], f"{link!r} became {hrefs!r}"
            continue
        assert mark in "".join(parser.text), f"{mark} ({link!r}) is not on the home page"
        for href in hrefs:  # a dropped link is plain text: no <a> at all
            assert href is not None, f"{link!r} left an <a> without href, styled as a link"
            assert not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href), f"{link!r} kept as {href!r}"
            scheme, host = _where(href, page)
            assert (scheme, host) == ("https", "nowak.example"), f"{link!r} kept as {href!r}"


def test_a_refused_site_url_keeps_the_built_site(
    markdown_site: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """A build stopped by site_url with CR/LF leaves the previous site byte for byte."""
    source, _marks = markdown_site
    project = tmp_path / "small"
    shutil.copytree(source, project, symlinks=True)
    before = tree(project / "site")
    (project / "mkdocs.yml").write_text('site_url: "https://nowak.example/\\r\\nX: y"\n')
    result = CliRunner().invoke(cli, ["build", "-c", str(project / "firm.yaml"), "-q"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert re.search(r"^mkdocs\.yml:1:\d+: site_url: .*U\+000D", result.output, re.MULTILINE)
    assert tree(project / "site") == before
