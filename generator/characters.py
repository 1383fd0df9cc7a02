"""Characters no release may carry: control characters (they corrupt the HTML, the e-mail and the
text edition, or hide in them), the non-characters U+FFFE/U+FFFF, and bidirectional controls left
open (an unclosed U+202E reverses everything printed after it, a classic way to disguise text).

Tab, line feed and the carriage return of a CRLF line end are ordinary text.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and line feed, DEL, C1 controls, the two non-characters of the BMP.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_BIDI_OPEN = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
              "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_BIDI_CLOSE = {"\u202c", "\u2069"}
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def describe(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name:
        name = {"\x00": "NUL", "\x1b": "ESCAPE", "\x85": "NEXT LINE"}.get(char, "")
        name = name or ("a non-character" if char in "\ufffe\uffff" else "a control character")
    return f"U+{ord(char):04X} ({name})"


def first_problem(text: str) -> tuple[int, str] | None:
    """The index of the first forbidden or unbalanced character in `text` and what is wrong; None if clean."""
    found = forbidden_character(text)
    if found is None and _BIDI.search(text):
        return _bidi_problem(text)
    return found


def forbidden_character(text: str) -> tuple[int, str] | None:
    """The first control character or non-character (bidirectional controls aside)."""
    for match in _FORBIDDEN.finditer(text):
        index = match.start()
        if text[index] == "\r" and text.startswith("\r\n", index):
            continue
        char = text[index]
        if char == "\r":
            return index, "a carriage return outside a CRLF line end; save the file with one kind of line end"
        return index, f"the character {describe(char)} is not allowed in text; delete it"
    return None


def _bidi_problem(text: str) -> tuple[int, str] | None:
    """Every embedding, override or isolate closed in the same text, and no close without its opener."""
    opened: list[tuple[int, str]] = []
    for match in _BIDI.finditer(text):
        char, index = match.group(), match.start()
        if char in _BIDI_OPEN:
            opened.append((index, char))
        elif char in _BIDI_CLOSE and opened and _BIDI_OPEN[opened[-1][1]] == char:
            opened.pop()
        else:
            return index, f"the bidirectional control {describe(char)} closes nothing; delete it"
    if opened:
        index, char = opened[-1]
        return index, (f"the bidirectional control {describe(char)} is never closed "
                       f"(it would reverse the text after it); close it with {describe(_BIDI_OPEN[char])} or delete it")
    return None


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index (a CRLF counts as one line end)."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
