"""The corpus of broken inputs (tests/bad_inputs/): one case per check, each with the exact messages.

Each case file edits a copy of the bundled season and lists what `pressgen validate` must report.
Line and column numbers were counted by hand in the edited file.
"""

from pathlib import Path

import pytest

from generator.commands.validate import validate
from generator.errors import DataError
from generator.loader import load_yaml

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))


def apply(edit: dict, season_dir: Path) -> None:
    path = season_dir / edit["file"]
    if edit.get("delete"):
        path.unlink()
    elif "encoding" in edit:
        path.write_bytes(path.read_text(encoding="utf-8").encode(edit["encoding"]))
    elif "delete_line_starting" in edit:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        matching = [line for line in lines if line.startswith(edit["delete_line_starting"])]
        assert len(matching) == 1, edit
        path.write_text("".join(line for line in lines if line not in matching), encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["replace"]) == 1, f"{edit['replace']!r} should occur once in {path}"
        path.write_text(text.replace(edit["replace"], edit["with"]), encoding="utf-8")


def reported(season_dir: Path, strict: bool) -> list[str]:
    with pytest.raises(DataError) as caught:
        validate(season_dir, strict=strict)
    return [str(p).replace(f"{season_dir}/", "").replace(f"{season_dir}: ", "") for p in caught.value.problems]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_reported_exactly(case, season_copy):
    spec = load_yaml(case).data
    if "rename_season" in spec:
        season_copy = season_copy.rename(season_copy.parent / spec["rename_season"])
    for edit in spec.get("edits", []):
        apply(edit, season_copy)
    assert reported(season_copy, spec.get("strict", False)) == spec["expect"]


def test_corpus_has_no_near_duplicates():
    expectations = [tuple(load_yaml(c).data["expect"]) for c in CASES]
    assert len(set(expectations)) == len(expectations)


def test_a_quote_from_an_unknown_person_is_only_a_warning_without_strict(season_copy):
    for name in ("fr", "en"):
        path = season_copy / f"rounds/06-monza/{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace('"Thibaut Bossy"', '"Thibault Bossy"'), encoding="utf-8")
    lines = validate(season_copy)
    assert lines[-1] == f"{season_copy}: ok (1 round)"
    assert len(lines) == 3 and all(": warning: 'Thibault Bossy' is neither" in line for line in lines[:2])
