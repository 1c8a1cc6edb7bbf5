"""Synthetic firms for the benchmarks, written the way a real firm writes a large firm.yaml.

    own(target, segments, languages=False, code=ROOT) -> firm.yaml

The firm is the demo (firm.yaml, docs/, assets/, media/, mkdocs.yml) with `segments`
segments: segment i is the demo's segment i mod 4 under a new slug, with its own copy of
every package, video and deadline it uses (a deadline's `of` target too), numbered by the
segment, so nothing is shared to stay under a limit (segment 0 keeps the demo's items, which
the quiz and the rules name). Like a firm that outgrew one file, it
is split with `!include`: the sections stay in firm.yaml, and each segment has one file in
segments/, deadlines/, videos/ and packages/ (each a list, spliced in name order).
Without `languages` the firm is in English only; with it, in the demo's en, es and pl.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "es", "pl"]
"""The demo's languages; a multilingual firm keeps all three."""
KINDS = {"packages": "name", "videos": "question", "deadlines": "name"}
"""The lists each segment has its own copies of, and the field that names an item."""


def own(target: Path, segments: int, languages: bool = False, code: Path = ROOT) -> Path:
    """Write a firm of `segments` segments that share no item into `target`; return its file."""
    firm = yaml.safe_load((code / "firm.yaml").read_text(encoding="utf-8"))
    if not languages:
        firm = english(firm)
        firm["locale"]["languages"] = ["en"]
    demo = firm.pop("segments")
    items = {kind: {item["slug"]: item for item in firm.pop(kind)} for kind in KINDS}
    target.mkdir(parents=True)
    for i in range(segments):
        segment, mine = _segment(demo[i % len(demo)], i, len(demo), items)
        _dump(target / "segments" / f"{i:03}.yaml", segment)
        for kind, listed in mine.items():
            _dump(target / kind / f"{i:03}.yaml", listed)
    text = yaml.safe_dump(firm, allow_unicode=True, sort_keys=False, width=10_000)
    text += "".join(f"{kind}: !include {kind}/*.yaml\n" for kind in ["segments", *KINDS])
    config = target / "firm.yaml"
    config.write_text(text, encoding="utf-8")
    for folder in ("assets", "media"):
        shutil.copytree(code / folder, target / folder)
    skip = [] if languages else [lang for lang in LANGUAGES if lang != "en"]
    docs = code / "docs"
    shutil.copytree(docs, target / "docs", ignore=lambda d, _: skip if Path(d) == docs else [])
    shutil.copy(code / "mkdocs.yml", target / "mkdocs.yml")
    return config


def english(node: Any) -> Any:
    """Return `node` with every text in the demo's languages reduced to its English."""
    if isinstance(node, dict):
        if set(node) == set(LANGUAGES):
            return node["en"]
        return {key: english(value) for key, value in node.items()}
    if isinstance(node, list):
        return [english(item) for item in node]
    return node


def slug(base: str, k: int) -> str:
    """Return the slug of copy `k` of an item (the first copy keeps the demo's)."""
    return base if k == 0 else f"{base}-{k + 1}"


def numbered(text: Any, k: int) -> Any:
    """Return the name of copy `k`, in every language it has."""
    if k == 0:
        return text
    if isinstance(text, dict):
        return {code: f"{value} {k + 1}" for code, value in text.items()}
    return f"{text} {k + 1}"


def _segment(
    demo: dict[str, Any], i: int, size: int, items: dict[str, dict[str, dict[str, Any]]]
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Return segment `i` and its own copies of the items it uses, by kind."""
    segment = copy.deepcopy(demo)
    segment["slug"] = slug(demo["slug"], i // size)
    segment["name"] = numbered(demo["name"], i // size)
    mine: dict[str, list[dict[str, Any]]] = {}
    for kind, title in KINDS.items():
        used = list(demo.get(kind, []))
        for name in used:  # a deadline set relative to another needs that one too
            of = items[kind][name].get("when", {}).get("of")
            if of and of not in used:
                used.append(of)
        mine[kind] = []
        if i == 0:  # the demo's own items, which firm-wide sections (quiz, rules) name
            used = list(items[kind])
        for name in used:
            item = copy.deepcopy(items[kind][name])
            item["slug"] = slug(name, i)
            item[title] = numbered(item[title], i)
            when = item.get("when", {})
            if "of" in when:
                when["of"] = slug(when["of"], i)
            mine[kind].append(item)
        if kind in demo:
            segment[kind] = [slug(name, i) for name in demo[kind]]
    return segment, mine


def _dump(file: Path, data: Any) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    file.write_text(text, encoding="utf-8")
