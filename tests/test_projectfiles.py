"""A firm's SVG image is parsed as untrusted XML before the site serves it."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.input.imagesize import image_size
from handbook.input.projectfiles import svg_problem

SVG = 'xmlns="http://www.w3.org/2000/svg" width="10" height="10"'
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "haha">\n'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
    + f"]>\n<svg {SVG}><text>&i;</text></svg>"
)
"""A "billion laughs" file: nine kilobytes that a naive parser expands to a gigabyte."""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (LAUGHS, "logo.svg:2: the file declares a DOCTYPE"),
        (
            f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg {SVG}>&x;</svg>',
            "logo.svg:1: the file declares a DOCTYPE",
        ),
        (f"<svg {SVG}><script>alert(1)</script></svg>", "<script> is not allowed"),
        (f'<svg {SVG} onload="alert(1)"/>', "the attribute onload of <svg> is not allowed"),
        (f'<svg {SVG}><image href="/etc/passwd"/></svg>', "<image> refers to '/etc/passwd'"),
        (
            f'<svg {SVG}><rect fill="java\nscript:alert(1)"/></svg>',
            "the attribute fill of <rect> holds a javascript: URL",
        ),
        (f"<svg {SVG}>", "is not a readable SVG file"),
    ],
    ids=["billion-laughs", "external-entity", "script", "handler", "link", "animated-js", "broken"],
)
def test_an_unsafe_svg_is_refused_with_its_reason(tmp_path: Path, text: str, problem: str) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(text)
    assert problem in (svg_problem(logo) or "")


def test_the_size_of_an_svg_with_entities_is_not_read(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(LAUGHS)
    assert image_size(logo) is None


def test_a_plain_svg_passes_and_has_its_size(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(f'<svg {SVG}><use href="#x"/><rect id="x" width="10" height="10"/></svg>')
    assert svg_problem(logo) is None
    assert image_size(logo) == (10, 10)
