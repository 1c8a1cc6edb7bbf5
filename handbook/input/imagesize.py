"""The intrinsic size of a logo, so the header can reserve its box before the image loads."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, ElementTree
from PIL import Image, UnidentifiedImageError

_PIXELS = re.compile(r"\s*([0-9.]+)\s*(?:px)?\s*")
"""A length in CSS pixels, with or without `px`: the only kind a size can be read from."""
_VIEWBOX = re.compile(r"\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*")
"""min-x, min-y, width and height; the size is the last two."""


def image_size(path: Path) -> tuple[int, int] | None:
    """Return an image's (width, height) in CSS pixels, or None when it cannot be told."""
    if path.suffix.lower() == ".svg":
        return _svg_size(path)
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def _svg_size(path: Path) -> tuple[int, int] | None:
    """Read width and height from the root <svg>, else its viewBox (a unitless size only)."""
    try:
        root = ElementTree.parse(path).getroot()
    except (DefusedXmlException, ParseError, ValueError, OSError):
        return None
    width, height = _pixels(root.get("width")), _pixels(root.get("height"))
    box = _VIEWBOX.fullmatch(root.get("viewBox") or "")
    if width is not None and height is not None:
        size = width, height
    elif box and (w := _pixels(box.group(1))) is not None and (h := _pixels(box.group(2))):
        size = w, h
    else:
        return None
    if not (size[0] > 0 and size[1] > 0):
        return None
    return round(size[0]) or 1, round(size[1]) or 1


def _pixels(value: str | None) -> float | None:
    """Return a unitless or `px` length as a number, else None ("100%", "2em")."""
    match = _PIXELS.fullmatch(value) if value else None
    try:
        return float(match.group(1)) if match else None
    except ValueError:  # "1.2.3"
        return None
