"""The logo's intrinsic size, read from an SVG's root or a raster image's header."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from handbook.input.imagesize import image_size


@pytest.mark.parametrize(
    ("root", "size"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40px">', (120, 40)),
        ('<svg viewBox="0 0 48 24" width="100%">', (48, 24)),
        ("<svg viewBox='0,0,10.4,5'>", (10, 5)),
        ("<svg>", None),
        ('<svg width="0" height="0">', None),
    ],
)
def test_svg_size_from_width_and_height_else_viewbox(
    tmp_path: Path, root: str, size: tuple[int, int] | None
) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(f'<?xml version="1.0"?>\n{root}<title>Logo</title></svg>')
    assert image_size(logo) == size


def test_raster_size_and_unreadable_file(tmp_path: Path) -> None:
    Image.new("RGB", (64, 32)).save(tmp_path / "logo.png")
    assert image_size(tmp_path / "logo.png") == (64, 32)
    (tmp_path / "broken.png").write_bytes(b"not an image")
    assert image_size(tmp_path / "broken.png") is None
