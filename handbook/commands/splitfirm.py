"""`handbook init --split`: the starter firm.yaml in several files, joined by `!include`.

Each segment goes to a file of its own in segments/ (numbered, so that the pattern keeps
their order), the packages, videos and deadlines to one file each; the rest stays in
firm.yaml. The split is of the starter's text, not of its data, so every comment stays
beside what it explains: a section's comments above its key stay in firm.yaml, those
inside it move with it.
"""

from __future__ import annotations

import re

SECTIONS = ("packages", "videos", "deadlines")
"""The lists that move to a file of their own (the segments go one file each)."""
_KEY = re.compile(r"([a-z_]+):")


def split(text: str) -> dict[str, str]:
    """Return the files of `text` split, by path: firm.yaml, segments/NN-slug.yaml, ..."""
    lines = text.splitlines(keepends=True)
    files: dict[str, str] = {}
    for name in ("segments", *SECTIONS):
        bounds = _section(lines, name)
        if bounds is None:
            continue
        start, end = bounds
        body = lines[start + 1 : end]
        if name == "segments":
            for n, item in enumerate(_items(body), 1):
                slug = re.search(r"slug:\s*([a-z0-9-]+)", "".join(item))
                files[f"segments/{n:02}-{slug[1] if slug else n}.yaml"] = "".join(item)
            target = "segments/*.yaml"
        else:
            target = f"{name}.yaml"
            files[target] = "".join(_dedent(line, 2) for line in body)
        lines[start:end] = [f"{name}: !include {target}\n"]
    return {"firm.yaml": "".join(lines), **files}


def _section(lines: list[str], name: str) -> tuple[int, int] | None:
    """Return where a top-level list's key and body are, without the next one's comments."""
    starts = [i for i, line in enumerate(lines) if _KEY.match(line)]
    start = next((i for i in starts if lines[i].rstrip() == f"{name}:"), None)
    if start is None:
        return None
    end = next((i for i in starts if i > start), len(lines))
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return start, end


def _items(body: list[str]) -> list[list[str]]:
    """Return a list's items as files, each with the indented comments just above it."""
    items: list[list[str]] = []
    above: list[str] = []
    for line in body:
        if line.startswith("  - "):
            items.append([*above, line[4:]])
            above = []
        elif items and line.startswith("    "):
            items[-1].append(line[4:])
        else:  # a comment or blank line between items: it goes with the next one
            above.append(_dedent(line, 2))
    if items and above:
        items[-1] += above
    return items


def _dedent(line: str, n: int) -> str:
    return line[n:] if line[:n].isspace() else line
