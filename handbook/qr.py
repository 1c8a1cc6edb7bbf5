"""QR codes that open a segment's handbook from a printed letter or handout (segno)."""

from __future__ import annotations

import base64
import io

import segno


def qr_files(url: str) -> dict[str, bytes]:
    """Return a QR code for `url` as SVG and PNG, keyed by file extension."""
    # Level M survives a smudge or a fold and keeps the code small for a long URL.
    code = segno.make_qr(url, error="m")
    svg, png = io.BytesIO(), io.BytesIO()
    code.save(svg, kind="svg", scale=4, border=4, xmldecl=False, title=url)
    code.save(png, kind="png", scale=8, border=4)
    return {"svg": svg.getvalue(), "png": png.getvalue()}


def data_uri(svg: bytes) -> str:
    """Return an SVG as a data: URI (the PDF handout embeds its QR code this way)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
