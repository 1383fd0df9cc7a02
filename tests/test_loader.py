"""Strict YAML: the YAML 1.1 traps are refused with located messages, never read silently."""

from pathlib import Path

import pytest

from generator.errors import DataError
from generator.loader import load_yaml, parse_yaml

F = Path("round.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        parse_yaml(text, F)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pole: 2:06.894\n",
         'round.yaml:1:7: pole: error: \'2:06.894\' is ambiguous (YAML 1.1 reads it as a base-60 number); '
         'write it in quotes: "2:06.894"'),
        ("country: NO\n",
         "round.yaml:1:10: country: error: 'NO' is ambiguous (YAML 1.1 reads it as a boolean); "
         'write true/false, or "NO" in quotes for text'),
        ("a: 1\nb: 2\na: 3\n", "round.yaml:3:1: a: error: duplicate key 'a' (first given on line 1)"),
        ("x: !!python/object:os.system ls\n",
         "round.yaml:1:4: x: error: YAML tags such as 'tag:yaml.org,2002:python/object:os.system' are not supported"),
        ("car: 007\n", "round.yaml:1:6: car: error: '007' has a leading zero; write it in quotes if it is text"),
        ("races:\n\t- 1\n",
         "round.yaml:2:1: error: invalid YAML: a tab character is not allowed for indentation in YAML; indent with spaces"),
    ],
)
def test_traps_are_refused_with_their_place(text, expected):
    assert problems(text) == [expected]


def test_every_problem_of_a_file_is_reported_together():
    found = problems("races:\n  - {gap: 0:08.934, ok: off}\n  - {x: 1, x: 2}\n")
    assert [p.split(": error")[0] for p in found] == [
        "round.yaml:2:11: races[0].gap", "round.yaml:2:25: races[0].ok", "round.yaml:3:12: races[1].x",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('pole: "2:06.894"', {"pole": "2:06.894"}),
        ("country: 'NO'", {"country": "NO"}),
        ("flag: true", {"flag": True}),
        ("laps: 12", {"laps": 12}),
        ("seconds: 2.5", {"seconds": 2.5}),
        ("date: 2024-10-18", {"date": "2024-10-18"}),  # validated as a date by the schema, not here
        ("name: Léo Jousset", {"name": "Léo Jousset"}),
        ("nothing:", {"nothing": None}),
    ],
)
def test_plain_values(text, expected):
    assert parse_yaml(text, F).data == expected


def test_positions_are_one_based_and_point_at_keys():
    document = parse_yaml("races:\n  - number: 1\n    laps: 12\n", F)
    assert document.locate(("races", 0, "laps")).line == 3
    assert document.locate(("races", 0, "laps")).column == 11  # the value, where the fix goes
    assert str(document.locate(("races", 0, "missing"))) == "round.yaml:2:5: races[0].missing"


def test_non_utf8_file_is_named(tmp_path):
    path = tmp_path / "fr.yaml"
    path.write_bytes("lead: ok\nheadline: Jousset s'impose\ntitle: sacr\xe9\n".encode("latin-1"))
    with pytest.raises(DataError) as caught:
        load_yaml(path)
    assert str(caught.value) == f"{path}:3: error: the file is not UTF-8 text; save it as UTF-8"
