"""User text is data: never a terminal command, never markup.

A title holding `ESC ] 0;... BEL` retitles the terminal of whoever reads it and
`ESC [2J` clears it, so control characters are kept out at the one gate every
new record passes (the store's write) and made visible wherever text already
stored is read back (the store's parsing of the file and journal, and the
CLI's output). Newline and tab are allowed in text (a title from a spreadsheet may
hold a line break), never in a name, a login or an id.

Bidirectional overrides (U+202A-U+202E, U+2066-U+2069) count as control
characters too: they make a line read differently from what it holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import orjson

from okr_tui.i18n import _

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters never accepted: C0 (but tab and newline), DEL, C1 and bidi overrides."""

LINE_BREAKS = re.compile("[\t\n]")

ONE_LINE_FIELDS = frozenset(
    {"name", "login", "owner", "measure", "person_login", "author", "scored_by", "facilitator"}
)
"""Fields that are one line (names, logins, a unit of measure); ids are one line too.

Titles may hold a line break: spreadsheets bring them ("8 points\n(full score 10)")."""


def is_one_line(field: str) -> bool:
    return field in ONE_LINE_FIELDS or field == "id" or field.endswith(("_id", "_ids"))


_ESCAPED_CONTROL = re.compile(rb"\\(?:u00[01]|u007[fF]|[bfr])")
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_BIDI = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


def may_hold_control(raw: bytes) -> bool:
    """Whether JSON bytes may decode to a control character: a cheap test before a walk.

    Each pattern starts with one byte that `in` finds at memchr speed, so the
    regular expressions run only on chunks that hold that byte (about 2 ms a MB
    then, against some 14 ms a MB for parsing).
    """
    return (
        b"\x7f" in raw
        or (b"\\" in raw and _ESCAPED_CONTROL.search(raw) is not None)
        or (b"\xc2" in raw and _C1.search(raw) is not None)
        or (b"\xe2" in raw and _BIDI.search(raw) is not None)
    )


class ControlCharacter(ValueError):
    """Text holds a character that could act on a terminal; the message names it."""


def _name(char: str) -> str:
    short = {"\x1b": "ESC", "\x07": "BEL", "\x08": "BS", "\r": "CR", "\x7f": "DEL"}
    label = short.get(char) or unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{label}, {code}" if label else code


def problem(text: str, *, multiline: bool) -> str | None:
    """What is wrong with `text` as user input, or None when it is fine."""
    found = CONTROL.search(text)
    if found is not None:
        return _("holds a control character ({name})").format(name=_name(found.group()))
    if not multiline and (found := LINE_BREAKS.search(text)) is not None:
        return _("holds a tab") if found.group() == "\t" else _("holds a line break")
    return None


def check(text: str, *, what: str | None = None, multiline: bool = False) -> str:
    """Return `text` when it is safe as input; raise ControlCharacter naming the problem."""
    wrong = problem(text, multiline=multiline)
    if wrong is not None:
        raise ControlCharacter(
            _("{what} {problem}: type it without and save again").format(
                what=what or _("the text"), problem=wrong
            )
        )
    return text


def _texts(value: Any, field: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, field)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, field)
            yield from _texts(item, field)


def _unsafe_field(doc: dict[str, Any]) -> tuple[str, str] | None:
    """The first unsafe text field of `doc` as shown ("the title") and what is wrong with it."""
    for field, value in doc.items():
        for name, text in _texts(value, field):
            wrong = problem(text, multiline=not is_one_line(name))
            if wrong is not None:
                return _("the {field}").format(field=name.replace("_", " ")), wrong
    return None


def fields_problem(doc: dict[str, Any]) -> str | None:
    """What is wrong with the first unsafe text field of `doc` ("the title holds ..."), or None."""
    found = _unsafe_field(doc)
    if found is None:
        return None
    return _("{field} {problem}").format(field=found[0], problem=found[1])


def check_fields(doc: dict[str, Any], *, what: str) -> None:
    """Raise ControlCharacter for the first text field of `doc` that is not safe input."""
    found = _unsafe_field(doc)
    if found is not None:
        raise ControlCharacter(
            _("{field} of {what} {problem}: type it without and save again").format(
                field=found[0], what=what, problem=found[1]
            )
        )


def _visible(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean(text: str) -> str:
    """`text` with every control character shown as a harmless picture (tab, newline kept)."""
    return CONTROL.sub(_visible, text) if CONTROL.search(text) else text


def one_line(text: str) -> str:
    """`clean(text)` with line breaks and tabs as spaces: for a cell, a toast or a heading."""
    return LINE_BREAKS.sub(" ", clean(text))


def clean_tree(value: Any) -> Any:
    """A JSON value with every string cleaned (keys too); unchanged parts are kept as they are."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_tree(item) for item in value]
    if isinstance(value, dict):
        return {clean(key): clean_tree(item) for key, item in value.items()}
    return value


def load_json(raw: bytes) -> Any:
    """orjson.loads, with control characters in stored text made visible.

    The test on the raw bytes costs little; only JSON that may hold a control
    character is walked. Raises orjson.JSONDecodeError as orjson.loads does.
    """
    data = orjson.loads(raw)
    return clean_tree(data) if may_hold_control(raw) else data


def file_stem(text: str, fallback: str) -> str:
    """`text` as the start of a file name: letters, digits, dots and dashes only."""
    return re.sub(r"[^\w.-]+", "-", text).strip("-.") or fallback
