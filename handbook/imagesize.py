"""The intrinsic size of a logo, so the header can reserve its box before the image loads."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, UnidentifiedImageError

_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_WIDTH = re.compile(rb'\swidth\s*=\s*["\']\s*([0-9.]+)\s*(?:px)?\s*["\']')
_HEIGHT = re.compile(rb'\sheight\s*=\s*["\']\s*([0-9.]+)\s*(?:px)?\s*["\']')
_VIEWBOX = re.compile(
    rb'\sviewBox\s*=\s*["\']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)'
)


def image_size(path: Path) -> tuple[int, int] | None:
    """Return an image's (width, height) in CSS pixels, or None when it cannot be told."""
    if path.suffix.lower() == ".svg":
        return _svg_size(path.read_bytes())
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def _svg_size(data: bytes) -> tuple[int, int] | None:
    """Read width and height from the root <svg>, else its viewBox (a unitless size only)."""
    tag = _SVG_TAG.search(data)
    if not tag:
        return None
    width = _WIDTH.search(tag.group())
    height = _HEIGHT.search(tag.group())
    if width and height:
        size = float(width.group(1)), float(height.group(1))
    elif box := _VIEWBOX.search(tag.group()):
        size = float(box.group(1)), float(box.group(2))
    else:
        return None
    if not (size[0] > 0 and size[1] > 0):
        return None
    return round(size[0]) or 1, round(size[1]) or 1
