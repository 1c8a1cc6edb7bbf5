"""Hostile text in every text field of firm.yaml: a clean error, or a safe site (issue 11).

A property-based test (hypothesis) builds texts from markup, Markdown control sequences,
template and YAML syntax, URLs, control characters, right-to-left text and emoji, puts them
into every text field of a firm at once, and builds the site. Each build must end in either

- a clean error: exit 1, no traceback, every line `firm.yaml:LINE:COL: field: message`
  (plus the one-line summary), the line inside the named field, the field one that holds a
  hostile text, no control or bidi characters echoed to the terminal, and the site built
  before left byte for byte as it was; or
- a site in which headless Chromium, before any click, sees no dialog, no new window, no
  request that leaves 127.0.0.1, no javascript:/data:/vbscript: URL in any URL attribute,
  no inline `on*` handler calling alert, and no more script-capable or embedding elements
  (script, iframe, img, form, ...) than the same page of the unmodified firm has.

In both cases no file appears that the project did not hold: the built site has exactly the
files of the unmodified firm's site, no built file holds /etc/passwd, /etc/hostname or a
secret file placed beside the project, the build opens none of those files and makes no
network connection (a Python audit hook watches it), the calendar (.ics) files have the same
properties, line for line, as the unmodified firm's, and the project and its parent folder
gain no files.

When a build fails, the fields its errors name get their original text back and the firm
is built again (at most MAX_ROUNDS times), so one example checks the error path for the
fields that refuse a text and the rendered site for every field that accepts it.

How the text fields are chosen
------------------------------
From the model, not from a hand list (`text_types`, `is_text`, `text_fields`):

- every type in `handbook.model.LOCALIZED` (Text, Name, Markdown, ...: a string or one
  string per language), and the one-string branch of each (PlainText, NameText,
  MarkdownText), and `Line` (one-line texts: names, address lines, phone numbers);
- such a type narrowed by more constraints, e.g. firm.name (NameText, at most 80 characters);
- a list of such texts (rules.changes, offboarding.commitments);
- an unconstrained `str` field (a channel's address: "an email address, phone number or
  URL", rendered for clients) unless its description says it is a path or a file, or a
  field validator checks it (locale.region must be a holiday subdivision).

Everything else is not free text and keeps its value: slugs, emails, URLs, dates, times,
colours, file paths, video links, languages, time zones, numbers and choices. URL-ish
strings go into the text fields instead.

The small fixture (tests/fixtures/small) is extended by `extend` with every optional
text-bearing section (legal name, closures, onboarding calls, earlier rules, referrals, bios,
quiz, videos with chapters, legal bases, ...). `test_the_fixture_fills_every_text_field`
checks that the extended fixture holds a value for every text field the model has, so a
text field added to the model fails here until the fixture gets a value for it.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import re
import shutil
import sys
import traceback
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, Phase, event, given, seed, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Dialog, Page, Route
from pydantic import BaseModel

from handbook import model
from handbook.commands.cli import cli
from handbook.model import fields
from tests.conftest import FIXTURES, TODAY, tree

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PathKey = tuple[str | int, ...]

MAX_EXAMPLES = 20
"""Generated examples, on top of the @example cases; each builds 1-3 times and opens every page."""
MAX_ROUNDS = 5
"""Builds per example: after a clean error, the fields it names get their original text back."""

SECRET_NAME = "outside-secret.txt"
SECRET = b"HOSTILE-SECRET-4f1c9e27"
"""Content of a file beside (outside) the project; no built file may hold it."""

# --- the text fields of the model ---------------------------------------------------------


def _union_args(tp: Any) -> tuple[Any, ...]:
    """Return the members of a union type, or () if `tp` is not a union."""
    if get_origin(tp) in (Union, types.UnionType):
        return get_args(tp)
    return ()


def _without_none(tp: Any) -> Any:
    """Drop None from an optional type."""
    args = _union_args(tp)
    if type(None) not in args:
        return tp
    rest = tuple(a for a in args if a is not type(None))
    return rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007 (a runtime union)


def _is_str(tp: Any) -> bool:
    return tp is str or (get_origin(tp) is Annotated and get_args(tp)[0] is str)


def text_types() -> list[Any]:
    """Return the model's client-facing text types (see the module docstring)."""
    found: list[Any] = []
    for localized in fields.LOCALIZED:
        found.append(localized)
        found += [member for member in _union_args(localized) if _is_str(member)]
    found.append(fields.Line)
    return found


TEXT_TYPES = text_types()


def _narrows(tp: Any, text: Any) -> bool:
    """Whether `tp` is the text type `text`, or `text` with more constraints added."""
    if tp == text:
        return True
    if get_origin(tp) is Annotated and get_origin(text) is Annotated:
        meta = text.__metadata__
        return tp.__origin__ is text.__origin__ and tp.__metadata__[: len(meta)] == meta
    tp_args, text_args = _union_args(tp), _union_args(text)
    return (
        bool(text_args) and len(tp_args) == len(text_args) and all(a in tp_args for a in text_args)
    )


def _checked_by_validator(cls: type[BaseModel], name: str) -> bool:
    validators = cls.__pydantic_decorators__.field_validators.values()
    return any(name in v.info.fields or "*" in v.info.fields for v in validators)


def is_text(tp: Any, cls: type[BaseModel], name: str) -> bool:
    """Whether field `name` of `cls`, of type `tp` (None and list[...] removed), is a text."""
    tp = _without_none(tp)
    if tp is str:
        description = cls.model_fields[name].description or ""
        return not re.search(r"\b(path|file)\b", description, re.IGNORECASE) and (
            not _checked_by_validator(cls, name)
        )
    return any(_narrows(tp, text) for text in TEXT_TYPES)


def _unwrap(tp: Any) -> Any:
    """Drop None and an Annotated wrapper around a non-string type (e.g. a list with min_length)."""
    tp = _without_none(tp)
    if get_origin(tp) is Annotated and get_args(tp)[0] is not str:
        return _unwrap(get_args(tp)[0])
    return tp


def _models_in(tp: Any) -> Iterator[type[BaseModel]]:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        yield tp
    elif get_origin(tp) is not Annotated:
        for arg in get_args(tp):
            yield from _models_in(arg)


def _holds_text(tp: Any, cls: type[BaseModel], name: str) -> bool:
    tp = _unwrap(tp)
    if is_text(tp, cls, name):
        return True
    return get_origin(tp) is list and _holds_text(get_args(tp)[0], cls, name)


def _hints(cls: type[BaseModel]) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def text_fields(root: type[BaseModel] = model.FirmConfig) -> set[str]:
    """Return "Class.field" for every text field of the model reachable from `root`."""
    found: set[str] = set()
    todo, seen = [root], set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = _hints(cls)
        for name in cls.model_fields:
            if _holds_text(hints[name], cls, name):
                found.add(f"{cls.__name__}.{name}")
            todo += _models_in(hints[name])
    return found


def _pick_model(tp: Any, data: Any) -> type[BaseModel] | None:
    """Choose the model of a union (a deadline's `when`) by the data's `kind`."""
    members = [m for m in _models_in(tp)]
    for member in members:
        kind = member.model_fields.get("kind")
        if kind is None or (
            isinstance(data, dict) and data.get("kind") in get_args(kind.annotation)
        ):
            return member
    return None


def text_leaves(
    data: Any, cls: type[BaseModel] = model.FirmConfig, path: PathKey = ()
) -> Iterator[tuple[str, PathKey]]:
    """Yield ("Class.field", path) of every text value in firm.yaml data."""
    if not isinstance(data, dict):
        return
    hints = _hints(cls)
    for name in cls.model_fields:
        if name in data:
            yield from _value_leaves(hints[name], data[name], (*path, name), cls, name)


def _value_leaves(
    tp: Any, data: Any, path: PathKey, cls: type[BaseModel], name: str
) -> Iterator[tuple[str, PathKey]]:
    tp = _unwrap(tp)
    slot = f"{cls.__name__}.{name}"
    if is_text(tp, cls, name):
        if isinstance(data, str):
            yield slot, path
        elif isinstance(data, dict):  # one text per language
            yield from ((slot, (*path, k)) for k, v in data.items() if isinstance(v, str))
    elif get_origin(tp) is list and isinstance(data, list):
        for i, item in enumerate(data):
            yield from _value_leaves(get_args(tp)[0], item, (*path, i), cls, name)
    elif get_origin(tp) is dict and isinstance(data, dict):
        for key, item in data.items():
            yield from _value_leaves(get_args(tp)[1], item, (*path, key), cls, name)
    elif _is_str(tp):
        return  # a slug, email, URL, path...: not free text
    else:
        chosen = _pick_model(tp, data)
        if chosen is not None:
            yield from text_leaves(data, chosen, path)


# --- the project ----------------------------------------------------------------------------


def extend(data: dict[str, Any]) -> None:
    """Add the optional text-bearing sections the small fixture leaves out (all plain strings)."""
    firm = data["firm"]
    firm["legal_name"] = "Nowak & Daughters sp. z o.o."
    firm["website"] = "https://nowak.example"
    firm["address"].update(region="Mazowieckie", country="PL")
    firm["legal"] = {
        "form": "spółka z o.o.",
        "registry": "Sąd Rejonowy dla m.st. Warszawy",
        "professional_body": "Krajowa Izba Doradców Podatkowych, nr 12345",
    }
    comm = data["communication"]
    comm["closures"] = [{"name": "Winter break", "start": "2026-12-24", "end": "2026-12-27"}]
    comm["not_heard_back"] = "Call us if you heard nothing."
    comm["channels"][0]["address"] = "https://portal.nowak.example"
    comm["channels"][1]["address"] = "+48 22 555 01 00"
    onboarding = data["onboarding"]
    onboarding["calls"] = [
        {
            "slug": "kick-off",
            "name": "Kick-off",
            "when": "In your first week",
            "duration_minutes": "30",
            "purpose": "We meet.",
        }
    ]
    onboarding["hand_holding"] = "We check in often."
    onboarding["systems"][0].update(url="https://portal.nowak.example", how_to_video="upload")
    rules = data["rules"]
    rules["changes"] = ["The portal comes first."]
    rules["rules"][0]["video"] = "upload"
    rules["earlier"] = [
        {
            "version": "2025.1",
            "effective": "2025-03-01",
            "changes": ["First version."],
            "rules": [{"slug": "portal-first", "text": "Use *the* portal.", "benefit": "Order."}],
        }
    ]
    data["correction"].update(intro="We help.", review="Once a year.")
    data["offboarding"].update(
        intro="Sometimes we part.",
        commitments=["We hand over your files."],
        referrals=[{"name": "Chamber", "url": "https://chamber.example", "description": "Advice."}],
    )
    data["team"][0].update(bio="Ewa keeps books.")
    data["services"][0]["description"] = "Monthly books."
    data["quiz"] = [
        {
            "slug": "size",
            "text": "How many people work for you?",
            "answers": [
                {"text": "Just me", "weights": {"basic": "2"}},
                {"text": "A team", "weights": {"plus": "2"}},
            ],
        }
    ]
    data["segments"][0]["videos"] = ["upload"]
    data["deadlines"][0]["legal_basis"] = {"text": "VAT Act art. 99", "url": "https://law.example"}
    data["videos"] = [
        {
            "slug": "upload",
            "question": "How do I upload a receipt?",
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "topic": "Getting started",
            "duration": "1:30",
            "answer": "Open **the portal**.",
            "transcript": "Open the portal and upload.",
            "chapters": [{"at": "0:00", "title": "Start"}],
        }
    ]


def extended_fixture() -> dict[str, Any]:
    """Return the small fixture's firm.yaml, every scalar a string, extended by `extend`."""
    text = (FIXTURES / "small" / "firm.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=yaml.BaseLoader)
    extend(data)
    return data


class _Quoting(yaml.SafeDumper):
    """Write every string double-quoted: PyYAML's other styles lose a trailing U+0085."""


_Quoting.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
)


def dump(data: dict[str, Any]) -> str:
    """Write firm.yaml data as valid YAML (every scalar a string, double-quoted)."""
    text = yaml.dump(data, Dumper=_Quoting, allow_unicode=True, sort_keys=False, width=100)
    assert yaml.load(text, Loader=yaml.BaseLoader) == data, "PyYAML did not round-trip the text"
    return text


def with_texts(data: dict[str, Any], texts: dict[PathKey, str]) -> dict[str, Any]:
    """Return a copy of `data` with the text at each path replaced."""
    out = copy.deepcopy(data)
    for path, text in texts.items():
        node: Any = out
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = text
    return out


class Watch:
    """Record, while a build runs, sensitive files it opens and network connections it makes."""

    def __init__(self) -> None:
        self.installed = False
        self.active = False
        self.sensitive: set[str] = set()
        self.seen: list[str] = []

    def install(self) -> None:
        """Add the audit hook once (it cannot be removed; it is idle outside `build`)."""
        if not self.installed:
            sys.addaudithook(self.hook)
            self.installed = True

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "open" and isinstance(args[0], str | bytes | os.PathLike):
            path = os.path.realpath(os.fsdecode(args[0]))
            if path in self.sensitive:
                self.seen.append(f"opened {path}")
        elif event == "socket.getaddrinfo":
            if args[0] not in (None, "localhost", "127.0.0.1", "::1", b"localhost", b"127.0.0.1"):
                self.seen.append(f"looked up {args[0]!r}")
        elif event == "socket.connect":
            address = args[1]
            if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
                self.seen.append(f"connected to {address!r}")
        elif event == "urllib.Request" and urlsplit(str(args[0])).scheme not in ("data", "file"):
            # data: URLs are the handout's own inline images; a file: URL is an open (above).
            self.seen.append(f"fetched {args[0]!r}")


WATCH = Watch()


def build(root: Path) -> tuple[Result, list[str]]:
    """Build the project in-process; return click's result and what the watch saw."""
    WATCH.seen = []
    WATCH.active = True
    try:
        result = CliRunner().invoke(
            cli, ["build", "-c", str(root / "firm.yaml"), "--today", TODAY, "-q"]
        )
    finally:
        WATCH.active = False
    return result, list(WATCH.seen)


def files_under(folder: Path, skip: str | None = None) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if skip is None or p.relative_to(folder).parts[:1] != (skip,)
    }


def ics_shape(site: dict[str, bytes]) -> dict[str, list[str]]:
    """Return the property names, line by line (unfolded), of every .ics file."""
    shapes = {}
    for name, content in site.items():
        if name.endswith(".ics"):
            text = re.sub(r"\r\n[ \t]", "", content.decode("utf-8"))
            shapes[name] = [
                (m.group() if (m := re.match(r"[A-Za-z0-9-]+(?=[;:])", line)) else repr(line))
                for line in text.split("\r\n")
            ]
    return shapes


# --- the browser ----------------------------------------------------------------------------

ACTIVE_TAGS = [
    "script", "iframe", "frame", "object", "embed", "applet", "base", "meta", "link", "style",
    "form", "input", "textarea", "button", "select", "img", "picture", "svg", "math", "video",
    "audio", "source", "track", "template", "dialog", "canvas", "portal",
]  # fmt: skip

INSPECT = """async tags => {
  // Let autofocus, load and error handlers run first.
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 30)));
  const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "poster",
    "data", "background", "cite", "ping", "codebase", "manifest", "longdesc"]);
  const bad = [];
  const show = (el, attr) => `<${el.localName} ${attr.name}="${attr.value.slice(0, 120)}">`;
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") && /alert/i.test(attr.value)) bad.push("handler " + show(el, attr));
      if (name === "srcdoc") bad.push("srcdoc " + show(el, attr));
      if (URL_ATTRIBUTES.has(name)) {
        let url = "";
        try { url = new URL(attr.value.trim(), document.baseURI).href.trim().toLowerCase(); }
        catch (e) { continue; }
        if (/^(javascript|data|vbscript):/.test(url)) bad.push("link " + show(el, attr));
      }
    }
    if (el.localName === "meta" && /refresh/i.test(el.httpEquiv)) bad.push("refresh " + el.content);
  }
  const counts = {};
  for (const tag of tags) counts[tag] = document.getElementsByTagName(tag).length;
  return {bad, counts};
}"""


OFF_HOST = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")
"""Every URL not on 127.0.0.1 (only these requests are intercepted, and aborted)."""


@dataclasses.dataclass
class Seen:
    """What Chromium saw on the pages of one site."""

    problems: list[str]
    counts: dict[str, dict[str, int]]


def browse(browser: Browser, base: str, pages: list[str]) -> Seen:
    """Open every page (no click) and record dialogs, requests off 127.0.0.1 and bad markup."""
    context = browser.new_context()
    problems: list[str] = []
    counts: dict[str, dict[str, int]] = {}

    def guard(route: Route) -> None:
        route.abort()  # recorded by `request`; nothing leaves the machine

    def request(url: str) -> None:
        # data: and blob: stay in the browser (the theme's icons are data: URLs in its CSS);
        # a data: URL in the page's own markup is caught by INSPECT.
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1":
            problems.append(f"{current}: request to {url}")

    def dialog(d: Dialog) -> None:
        problems.append(f"{current}: {d.type} dialog {d.message!r}")
        d.dismiss()

    def watch(page: Page) -> None:
        page.on("dialog", dialog)
        page.on("websocket", lambda ws: request(ws.url))

    current = ""
    context.route(OFF_HOST, guard)
    context.on("request", lambda r: request(r.url))
    page = context.new_page()
    watch(page)

    def popup(new: Page) -> None:
        problems.append(f"{current}: opened {new.url}")
        watch(new)

    context.on("page", popup)
    try:
        for path in pages:
            current = path or "/"
            page.goto(base + path, wait_until="load")
            found = page.evaluate(INSPECT, ACTIVE_TAGS)
            problems += [f"{current}: {bad}" for bad in found["bad"]]
            counts[path] = found["counts"]
    finally:
        context.close()
    return Seen(problems, counts)


def one_per_type(pages: list[str], data: dict[str, Any]) -> list[str]:
    """Keep the first page of each type: one segment's pages stand for every segment's, one
    rules version's page for all (all 26 pages of the firm would double the test's time)."""
    slugs = {segment["slug"] for segment in data["segments"]}
    rules = data["rules"]
    versions = {rules["version"], *(v["version"] for v in rules.get("earlier", []))}
    chosen: dict[str, str] = {}
    for page in pages:
        kind = [
            "<segment>" if i == 0 and part in slugs else "<version>" if part in versions else part
            for i, part in enumerate(page.split("/"))
        ]
        chosen.setdefault("/".join(kind), page)
    return list(chosen.values())


# --- fixtures -------------------------------------------------------------------------------


@dataclasses.dataclass(repr=False)
class Hostile:
    """The extended small firm, built once unmodified, served on 127.0.0.1."""

    root: Path
    data: dict[str, Any]
    leaves: list[PathKey]
    baseline: dict[str, bytes]
    ics: dict[str, list[str]]
    project_files: set[str]
    parent_files: set[str]
    pages: list[str]
    url: str
    counts: dict[str, dict[str, int]]
    forbidden: list[bytes]

    def __repr__(self) -> str:
        return f"Hostile({self.root})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep hypothesis's report of a failing example short (not the baseline's bytes)."""
        printer.text(repr(self))


@pytest.fixture(scope="module")
def hostile(
    tmp_path_factory: pytest.TempPathFactory,
    serve_dir: Callable[[Path], str],
    browser: Browser,
) -> Hostile:
    parent = tmp_path_factory.mktemp("hostile")
    root = parent / "firm"
    shutil.copytree(FIXTURES / "small", root)
    secret = parent / SECRET_NAME
    secret.write_bytes(SECRET + b"\n")
    WATCH.install()
    WATCH.sensitive = {
        os.path.realpath(p)
        for p in ("/etc/passwd", "/etc/shadow", "/etc/hostname", "/proc/self/environ", secret)
    }
    data = extended_fixture()
    (root / "firm.yaml").write_text(dump(data), encoding="utf-8")
    result, seen = build(root)
    assert result.exit_code == 0, result.output
    assert seen == []
    site = tree(root / "site")
    built = sorted(name.removesuffix("index.html") for name in site if name.endswith("index.html"))
    # 404.html is the theme's own page, with the firm's header and footer.
    pages = [*one_per_type(built, data), "404.html"]
    url = serve_dir(root / "site")
    before = browse(browser, url, pages)
    # The unmodified firm must pass every check, or the test proves nothing.
    assert before.problems == []
    hostname = Path("/etc/hostname").read_bytes().strip() if Path("/etc/hostname").exists() else b""
    forbidden = [b"root:x:0:0", SECRET] + ([hostname] if len(hostname) >= 8 else [])
    assert not [name for name, content in site.items() if any(f in content for f in forbidden)]
    return Hostile(
        root=root,
        data=data,
        leaves=[path for _, path in text_leaves(data)],
        baseline=site,
        ics=ics_shape(site),
        project_files=files_under(root, skip="site"),
        parent_files=files_under(parent, skip="firm"),
        pages=pages,
        url=url,
        counts=before.counts,
        forbidden=forbidden,
    )


# --- checks ---------------------------------------------------------------------------------

PROBLEM = re.compile(
    r"(?P<file>\S*firm\.yaml):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<field>[A-Za-z_][\w-]*(?:\.[^\s.:\[\]]+|\[\d+\])*): (?P<message>\S.*)"
)
SUMMARY = re.compile(r"\d+ problems? found; nothing was built\.")
# Characters that must never reach the terminal from an error: C0/C1 controls (they can
# move the cursor or set colours), line and paragraph separators, bidi overrides/isolates.
UNSAFE_FOR_TERMINAL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def parse_field(field: str) -> PathKey:
    return tuple(
        int(index) if index else key for index, key in re.findall(r"\[(\d+)\]|([^.\[\]]+)", field)
    )


def spans(text: str) -> dict[PathKey, tuple[int, int]]:
    """Return, per path in the YAML text, its first line (the key's) and its last line."""
    out: dict[PathKey, tuple[int, int]] = {}

    def visit(node: yaml.Node, path: PathKey, first: int) -> None:
        out[path] = (first, node.end_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                visit(value, (*path, key.value), key.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                visit(item, (*path, i), item.start_mark.line + 1)

    root = yaml.compose(text, Loader=yaml.BaseLoader)
    assert root is not None
    visit(root, (), 1)
    return out


def related(a: PathKey, b: PathKey) -> bool:
    """Whether one path is the other or inside it."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def check_clean_error(result: Result, yaml_text: str, hostile_paths: list[PathKey]) -> set[PathKey]:
    """Assert that a failed build reported a clean error; return the fields it names."""
    assert result.exception is None or isinstance(result.exception, SystemExit), "".join(
        traceback.format_exception(*result.exc_info)  # type: ignore[misc]
    )
    output = result.output
    assert "Traceback" not in output, output
    assert not UNSAFE_FOR_TERMINAL.search(output), f"unsafe characters in the error: {output!r}"
    lines = output.splitlines()
    assert lines and SUMMARY.fullmatch(lines[-1]), output
    where = spans(yaml_text)
    fields: set[PathKey] = set()
    for line in lines[:-1]:
        match = PROBLEM.fullmatch(line)
        assert match, f"not a `firm.yaml:LINE:COL: field: message` line: {line!r}"
        path = parse_field(match["field"])
        assert any(related(path, p) for p in hostile_paths), (
            f"the error names {match['field']}, which holds no hostile text: {line!r}"
        )
        assert path in where, f"the error names a field not in firm.yaml: {line!r}"
        first, last = where[path]
        assert first <= int(match["line"]) <= last, (
            f"line {match['line']} is outside {match['field']} (lines {first}-{last}): {line!r}"
        )
        fields.add(path)
    return fields


def check_files(hostile: Hostile, site: dict[str, bytes]) -> None:
    """Assert that the site has the unmodified firm's files and nothing from outside."""
    assert set(site) == set(hostile.baseline), (
        f"added: {sorted(set(site) - set(hostile.baseline))}, "
        f"missing: {sorted(set(hostile.baseline) - set(site))}"
    )
    leaked = [
        name for name, content in site.items() if any(f in content for f in hostile.forbidden)
    ]
    assert leaked == [], f"files from outside the project leaked into {leaked}"
    assert ics_shape(site) == hostile.ics, "a text changed the lines of a calendar file"


def check_project(hostile: Hostile) -> None:
    """Assert that the build left no new file in the project or beside it."""
    assert files_under(hostile.root, skip="site") == hostile.project_files
    assert files_under(hostile.root.parent, skip="firm") == hostile.parent_files


# --- the strategy ---------------------------------------------------------------------------

MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' autofocus onfocus='alert(1)",
    '" autofocus onfocus="alert(1)',
    "</textarea>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">a</a>',
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=https://tracker.example/>",
    "<style>@import 'https://tracker.example/x.css'</style>",
    "<img src=https://tracker.example/p.png>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&lt;script&gt;",
    "&#106;avascript:alert(1)",
    "&",
    "<",
    ">",
    '"',
    "'",
]
MARKDOWN = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x](https://tracker.example/)",
    "![t](https://tracker.example/p.png)",
    "![t](file:///etc/passwd)",
    f"![s](../{SECRET_NAME})",
    "[r]: data:text/html,<script>alert(1)</script>",
    "\n\n[r]: javascript:alert(1)\n\n[y][r]",
    '{: onclick="alert(1)" }',
    "<javascript:alert(1)>",
    "<https://tracker.example/auto>",
    "*",
    "**",
    "_",
    "`",
    "```",
    "|",
    "#",
    "\n# Heading\n",
    "---",
    "\n---\n",
    ":::",
    "!!! note",
    "??? note",
    "\n- item\n",
    "\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "\\",
    "{{ x }}",
    "{% x %}",
    "{{ config }}",
    "{{ lipsum.__globals__ }}",
    '{% include "/etc/passwd" %}',
    f'{{% include "../{SECRET_NAME}" %}}',
    '--8<-- "/etc/passwd"',
    f'--8<-- "../{SECRET_NAME}"',
    "${x}",
    "%s",
    "{0}",
    "{name}",
]
YAML_AND_ICS = [
    "key: value",
    "- item",
    "&anchor",
    "*alias",
    "!!python/object/apply:os.system ['touch pwned']",
    "\nsite_dir: /tmp/pwned\n",
    "\nEND:VEVENT\nBEGIN:VEVENT\nURL:javascript:alert(1)\n",
    "\nATTACH:file:///etc/passwd\n",
    ";",
    ",",
    "\\n",
]
URLS = [
    "https://tracker.example/p.png",
    "http://tracker.example/",
    "//tracker.example/x",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "mailto:x@tracker.example",
    "tel:javascript:alert(1)",
]
CONTROL = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\u2028", "\u2029"]
RTL = [
    "مرحبا بالعالم",
    "שלום עולם",
    "\u202egnp.exe",
    "\u202b",
    "\u202c",
    "\u2066",
    "\u2069",
    "\u200f",
    "\u200e",
]
EMOJI = ["😀", "👨‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "🇵🇱", "\ufe0f", "\u200d"]
ODD = [
    "\ufeff",
    "\u00a0",
    "\u3000",
    "ｊａｖａｓｃｒｉｐｔ：alert(1)",
    "\U000e0041",
    "\ufffd",
    "x" * 250,
]

PIECE = st.one_of(
    st.sampled_from(MARKUP),
    st.sampled_from(MARKDOWN),
    st.sampled_from(YAML_AND_ICS),
    st.sampled_from(URLS),
    st.sampled_from(RTL + EMOJI + ODD),
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=5),
    st.sampled_from(CONTROL),
)
"""One piece of a text; each kind is about as likely as the others. Control characters are
one kind (not in the free text too): every field refuses them, and an example whose texts
all hold one builds no site."""
HOSTILE_TEXT = st.lists(PIECE, min_size=1, max_size=6).map("".join)
TEXTS = st.lists(HOSTILE_TEXT, min_size=1, max_size=3)
"""The texts of one example; text field number i gets texts[i % len(texts)]."""


def test_the_fixture_fills_every_text_field() -> None:
    covered = {slot for slot, _ in text_leaves(extended_fixture())}
    assert text_fields() - covered == set(), "extend() must give these text fields a value"


EXAMPLES = [
    ["<script>alert(1)</script>"],
    ['"><img src=x onerror=alert(1)>', "' autofocus onfocus='alert(1)"],
    ["</script><script>alert(1)</script><svg/onload=alert(1)></textarea>"],
    [
        "[x](javascript:alert(1)) ![t](https://tracker.example/p.png) <javascript:alert(1)>"
        '\n\n[r]: data:text/html,<script>alert(1)</script>\n\n[y][r] {: onclick="alert(1)" }'
    ],
    ["javascript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["https://tracker.example/p.png"],
    [
        f'--8<-- "/etc/passwd"\n\n{{% include "../{SECRET_NAME}" %}} {{{{ config }}}} '
        f"![s](../{SECRET_NAME}) ![t](file:///etc/passwd)"
    ],
    ["\u202eevil\u202c مرحبا שלום 👨‍👩‍👧‍👦", "a\x1b[31mred\x00\x85\u2028"],
    ["\nEND:VEVENT\nBEGIN:VEVENT\nURL:javascript:alert(1)\nATTACH:file:///etc/passwd\n"],
]
"""The examples written out: script, markup, links, includes, bidi and ICS breakouts."""

PARTS = 10
"""The generated examples run as this many tests, each with a seed of its own, so the test
workers share them."""


@pytest.mark.parametrize("texts", EXAMPLES, ids=range(len(EXAMPLES)))
def test_hostile_texts_give_a_clean_error_or_a_safe_site(
    hostile: Hostile, browser: Browser, texts: list[str]
) -> None:
    check_texts(hostile, browser, texts)


@pytest.mark.parametrize("part", range(1, PARTS + 1))
def test_generated_hostile_texts_give_a_clean_error_or_a_safe_site(
    hostile: Hostile, browser: Browser, part: int
) -> None:
    """MAX_EXAMPLES generated examples in all, MAX_EXAMPLES / PARTS a test."""

    @seed(part)
    @settings(
        max_examples=MAX_EXAMPLES // PARTS,
        deadline=None,
        database=None,
        # No shrinking: a failure shows its (reproducible) example at once instead of
        # spending minutes of CI narrowing it down.
        phases=[Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(texts=TEXTS)
    def check(texts: list[str]) -> None:
        event(check_texts(hostile, browser, texts))

    check()


def check_texts(hostile: Hostile, browser: Browser, texts: list[str]) -> str:
    """Put `texts` in every text field and build: a clean error, or a site that runs none.

    Return what happened, for hypothesis's statistics.
    """
    replaced = {path: texts[i % len(texts)] for i, path in enumerate(hostile.leaves)}
    for failed in range(MAX_ROUNDS):
        data = with_texts(hostile.data, replaced)
        yaml_text = dump(data)
        (hostile.root / "firm.yaml").write_text(yaml_text, encoding="utf-8")
        before = tree(hostile.root / "site")
        result, seen = build(hostile.root)
        assert seen == [], f"the build reached outside the project: {seen}"
        check_project(hostile)
        if result.exit_code == 0:
            site = tree(hostile.root / "site")
            check_files(hostile, site)
            after = browse(browser, hostile.url, hostile.pages)
            more = {
                f"{page}: {tag} {n} > {hostile.counts[page][tag]}"
                for page, counts in after.counts.items()
                for tag, n in counts.items()
                if n > hostile.counts[page][tag]
            }
            assert after.problems == [], after.problems
            assert more == set(), f"a text added elements: {sorted(more)}"
            share = len(replaced) * 10 // len(hostile.leaves) * 10
            return f"site built after {failed} failed builds, {share}%+ texts hostile"
        assert result.exit_code == 1, (result.exit_code, result.output)
        fields = check_clean_error(result, yaml_text, list(replaced))
        assert tree(hostile.root / "site") == before, "a failed build changed the site"
        back = {path for path in replaced if any(related(path, f) for f in fields)}
        assert back, result.output
        replaced = {path: text for path, text in replaced.items() if path not in back}
        if not replaced:
            return "every field refused its text"  # each with a clean error
    pytest.fail(f"still failing after {MAX_ROUNDS} rounds of putting texts back: {result.output}")
