"""The README says what the code does, on the points a newcomer acts on first."""

import re

from generator.errors import ExitCode
from generator.schema import LOGO_MAX_BYTES, LOGO_TYPES

from .conftest import ROOT, SEASONS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def test_quick_start_names_every_bundled_season_the_first_command_builds():
    quick = _section("Quick start")
    assert quick.count("```\nscripts/setup") == 2  # exactly two commands
    bundled = sorted(p.name for p in SEASONS.iterdir() if (p / "season.yaml").is_file())
    assert len(bundled) == 4  # Monza, the rules demo, and the Italian and Polish demos
    assert all(f"seasons/{season}/" in quick for season in bundled)
    assert "pressgen --version" in quick and "--help" in quick


def test_the_logo_formats_and_size_are_those_the_validation_accepts():
    data = _section("Data format")
    logo = data[data.index("**Logo**"):]
    logo = logo[: logo.index("\n\n")]
    documented = set(re.findall(r"\(`(\.\w+)`(?:, `(\.\w+)`)?\)", logo))
    suffixes = {s for pair in documented for s in pair if s}
    assert suffixes == set(LOGO_TYPES)
    assert f"at most {LOGO_MAX_BYTES // 1_000_000} MB" in logo


def test_the_exit_code_table_is_the_code_s():
    table = dict(re.findall(r"^\| (\d+) \| (.+?) \|$", _section("Errors and exit codes"), re.M))
    assert {int(code) for code in table} == {
        ExitCode.OK, ExitCode.DATA, ExitCode.USAGE, ExitCode.TEMPLATE, ExitCode.OUTPUT, ExitCode.INTERNAL,
    }
    assert "a missing or wrong path" in table["2"] and "bad option value" in table["2"]
