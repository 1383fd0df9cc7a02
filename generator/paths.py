"""Where the house files live: the templates (with their assets) and the catalogs.

A built wheel carries them inside the package, under generator/_data/ (pyproject.toml maps the
top-level templates/ and locales/ there); a source checkout, and the editable install of
scripts/setup, keeps them beside the package. Both are found through importlib.resources, so the
generator runs from any working directory once installed.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

PACKAGE = "generator"
DATA = "_data"


def _package_dir() -> Path:
    return Path(str(resources.files(PACKAGE)))


def house_dir(name: str) -> Path:
    """`templates` or `locales`: the installed copy if the package carries one, else the source tree's."""
    installed = _package_dir() / DATA / name
    if installed.is_dir():
        return installed
    return _package_dir().parent / name


PACKAGE_DIR = _package_dir()
TEMPLATES_DIR = house_dir("templates")
ASSETS_DIR = TEMPLATES_DIR / "assets"
LOCALES_DIR = house_dir("locales")


@cache
def house_stylesheet() -> str:
    """The release stylesheet, inlined in every web page and index and printed with every PDF."""
    return (ASSETS_DIR / "release.css").read_text(encoding="utf-8")
