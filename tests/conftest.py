import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEASONS = ROOT / "seasons"
MONZA_SEASON = SEASONS / "2024-alpine-elf-cup"
DEMO_SEASON = SEASONS / "2025-demo-cup"


@pytest.fixture
def season_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled season, to break on purpose."""
    target = tmp_path / "2024-alpine-elf-cup"
    shutil.copytree(MONZA_SEASON, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact, unique piece of text in a data file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


ALL_EDITIONS = ("html", "pdf", "email", "text")
PRINTED_FIXTURES = {"monza_folder", "built", "bravo_folder"}  # each prints PDFs, once a session


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads the session's printed releases is marked `pdf` (deselect with -m 'not pdf')."""
    for item in items:
        if PRINTED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.pdf)


@pytest.fixture(scope="session")
def monza_folder(tmp_path_factory) -> Path:
    """The bundled season built once per test session in every edition; the Monza round's folder."""
    from .goldens import build_monza

    return build_monza(tmp_path_factory.mktemp("out"), ALL_EDITIONS)


@pytest.fixture(scope="session")
def built(monza_folder) -> dict[str, tuple[str, bytes]]:
    """{lang: (html, pdf bytes)} of the Monza release."""
    from .goldens import read_monza

    return read_monza(monza_folder)


@pytest.fixture(scope="session")
def bravo_folder(tmp_path_factory) -> Path:
    """The demo season's round 02-bravo (photos, penalties, a points deduction) built once per test
    session in every edition and both languages, in one process; the round's folder. Read only."""
    from generator.build import BuildRequest, build

    out = tmp_path_factory.mktemp("bravo")
    build(BuildRequest(DEMO_SEASON, out, round_id="02-bravo", formats=ALL_EDITIONS, jobs=1))
    return out / "2025-demo-cup" / "02-bravo"
