"""The dependencies a release was tested with: `python -I -m handbook.pins` prints their file.

`pins.txt` beside this module lists handbook's whole dependency closure, each at one exact
version with the SHA-256 hashes of its files on PyPI (made by `uv pip compile`: README,
"Releasing"). The workflow that `handbook init` writes installs handbook without its
dependencies, then this file with `pip install --require-hashes`, so that a firm's site is
built with the versions that release was tested with, and with no file PyPI did not have.

This runs before those dependencies are installed: it imports the standard library only.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def pins() -> Path:
    """Return the path of the installed package's pins.txt."""
    return Path(str(resources.files("handbook") / "pins.txt"))


if __name__ == "__main__":
    print(pins())
