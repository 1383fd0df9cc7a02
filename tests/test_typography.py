"""The house typography is idempotent: whatever space a writer typed before a mark (none, a space, a
tab, a no-break or a narrow no-break space), the build writes exactly one of the right kind, and
typesetting typeset text changes nothing. The studio's editors store what is typed and rely on it."""

from __future__ import annotations

import itertools

import pytest

from generator import i18n

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("typed", ["", " ", "\t", NBSP, NNBSP, " " + NNBSP, NBSP + " ", "  "])
def test_any_space_typed_before_a_question_mark_gives_one_narrow_no_break_space(typed):
    assert i18n.typography(f"Pourquoi{typed}?", "fr") == "Pourquoi\u202f?"


@pytest.mark.parametrize("typed", ["", " ", NBSP, NNBSP, "  "])
def test_any_space_typed_inside_guillemets_gives_one_no_break_space(typed):
    assert i18n.typography(f"«{typed}Oui{typed}»", "fr") == "«\u00a0Oui\u00a0»"


@pytest.mark.parametrize(
    "text, expected",
    [
        # worked by hand from the French rules (README, "Typography")
        ('"Allez !"', "«\u00a0Allez\u202f!\u00a0»"),  # the mark before a closing straight quote is spaced too
        ("« Pourquoi pas ? »", "«\u00a0Pourquoi pas\u202f?\u00a0»"),
        ("«Pourquoi\u00a0pas\u202f?»", "«\u00a0Pourquoi\u00a0pas\u202f?\u00a0»"),
        ("Quoi ?!", "Quoi\u202f?!"),  # one mark, one space
        ("Quoi?!", "Quoi\u202f?!"),
        ("Il a dit:»", "Il a dit\u00a0:\u00a0»"),
        ("Note\u202f: oui", "Note\u00a0: oui"),
    ],
)
def test_french_marks(text, expected):
    assert i18n.typography(text, "fr") == expected


@pytest.mark.parametrize("lang", ["fr", "en", "it", "pl"])
def test_typesetting_typeset_text_changes_nothing(lang):
    """Every text of up to four characters from the marks and spaces the rules touch (41,370 texts)."""
    alphabet = ["a", "1", " ", "\t", NBSP, NNBSP, "?", "!", ";", ":", "«", "»", '"', "'"]
    changed = []
    for size in range(1, 5):
        for letters in itertools.product(alphabet, repeat=size):
            once = i18n.typography("".join(letters), lang)
            if i18n.typography(once, lang) != once:
                changed.append("".join(letters))
    assert changed == []
