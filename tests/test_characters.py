"""What characters text may carry, worked by hand: the rules of generator/characters.py, and the
catalogs held to them as well."""

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from generator.characters import first_problem, line_and_column
from generator.commands.i18n import catalog_problems


@pytest.mark.parametrize("text", [
    "plain text, accents: é, ü, and a tab\there",
    "CRLF line ends\r\nare ordinary\r\n",
    "an isolate \u2067closed\u2069 and an embedding \u202bclosed\u202c",
    "nested \u2066a \u202eb\u202c c\u2069 closed in order",
    "Arabic and Hebrew letters need no control: \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u05e2\u05d1\u05e8\u05d9\u05ea",
])
def test_ordinary_text_passes(text):
    assert first_problem(text) is None


@pytest.mark.parametrize("text, index, message", [
    ("a\x00b", 1, "the character U+0000 (NUL) is not allowed in text; delete it"),
    ("\x1b[31mred", 0, "the character U+001B (ESCAPE) is not allowed in text; delete it"),
    ("DEL\x7f", 3, "the character U+007F (a control character) is not allowed in text; delete it"),
    ("x\x85y", 1, "the character U+0085 (NEXT LINE) is not allowed in text; delete it"),
    ("x\ufffe", 1, "the character U+FFFE (a non-character) is not allowed in text; delete it"),
    ("x\uffff", 1, "the character U+FFFF (a non-character) is not allowed in text; delete it"),
    ("old Mac\rline end", 7, "a carriage return outside a CRLF line end; save the file with one kind of line end"),
    ("Ana \u202eAlves", 4, "the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) is never closed (it would "
                           "reverse the text after it); close it with U+202C (POP DIRECTIONAL FORMATTING) or delete it"),
    ("closes \u2069 nothing", 7, "the bidirectional control U+2069 (POP DIRECTIONAL ISOLATE) closes nothing; delete it"),
    ("crossed \u2066a \u202eb\u2069 c\u202c", 13, "the bidirectional control U+2069 (POP DIRECTIONAL ISOLATE) closes nothing; delete it"),
])
def test_refused_characters_are_named_at_their_index(text, index, message):
    assert first_problem(text) == (index, message)


def test_line_and_column_count_from_one_and_crlf_is_one_line_end():
    text = "a: 1\r\nb: x\x1b\n"
    assert line_and_column(text, text.index("\x1b")) == (2, 5)


def test_a_catalog_translation_with_an_escape_sequence_is_refused():
    template = Catalog()
    template.add("Results")
    catalog = Catalog(locale="fr")
    catalog.add("Results", "\x1b[31mRésultats", lineno=12)
    [problem] = catalog_problems(catalog, template, Path("fr.po"))
    assert str(problem) == "fr.po:12: error: msgid \"Results\": the character U+001B (ESCAPE) is not allowed in text; delete it"
