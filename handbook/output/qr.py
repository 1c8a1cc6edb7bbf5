"""QR codes that open a segment's handbook from a printed letter or handout (segno)."""

from __future__ import annotations

import base64
import functools
import io
from importlib.metadata import version

import segno

from handbook.memo import Memo

SALT = f"segno {version('segno')}, level M, svg scale 4, png scale 8, border 4"
"""What a memo of QR codes depends on besides the URL."""

KINDS = ("svg", "png")
"""The files of a QR code, by extension."""


def qr_files(url: str, memo: Memo) -> dict[str, bytes]:
    """Return a QR code for `url` as SVG and PNG, keyed by file extension (`memo`: kept)."""
    return {kind: memo.get((kind, url), functools.partial(_draw, url, kind)) for kind in KINDS}


def _draw(url: str, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "svg":
        _code(url).save(out, kind="svg", scale=4, border=4, xmldecl=False, title=url)
    else:
        _code(url).save(out, kind="png", scale=8, border=4)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def _code(url: str) -> segno.QRCode:
    # Level M survives a smudge or a fold and keeps the code small for a long URL.
    return segno.make_qr(url, error="m")


def data_uri(svg: bytes) -> str:
    """Return an SVG as a data: URI (the PDF handout embeds its QR code this way)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
