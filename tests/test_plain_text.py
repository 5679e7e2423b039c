"""The rules for user text as data, without a screen or a file."""

from __future__ import annotations

import orjson
import pytest

from okr_tui.plain_text import (
    ControlCharacter,
    check,
    check_fields,
    clean,
    load_json,
    may_hold_control,
    one_line,
)

HOSTILE = ["\x1b[2J", "\x07", "\x00", "\x7f", "\x9b", "\u202e", "\u2066", "\r", "\x08"]


@pytest.mark.parametrize("char", HOSTILE, ids=repr)
def test_every_control_character_is_refused_and_found_in_stored_bytes(char: str) -> None:
    with pytest.raises(ControlCharacter, match="control character"):
        check(f"a{char}b", multiline=True)
    raw = orjson.dumps({"1": {"title": f"a{char}b"}})
    assert may_hold_control(raw)
    (doc,) = load_json(raw).values()
    assert char not in doc["title"] and doc["title"].startswith("a")


def test_ordinary_text_passes_untouched() -> None:
    text = "复购率 ¥250,000 – “done” · 8/10 \\n literally"
    assert check(text) == text
    raw = orjson.dumps({"1": {"title": text, "note": "two\nlines\tand a tab"}})
    assert not may_hold_control(raw)
    assert load_json(raw) == orjson.loads(raw)


def test_pictures_name_what_was_there() -> None:
    assert clean("\x1b]0;x\x07") == "␛]0;x␇"
    assert clean("a\x7fb\x85c") == "a␡b\ufffdc"
    assert clean("two\nlines\tkept") == "two\nlines\tkept"
    assert one_line("two\nlines\tjoined") == "two lines joined"


def test_line_breaks_are_refused_only_where_a_field_is_one_line() -> None:
    check_fields({"title": "8 points\n(full score 10)", "note": "a\tb"}, what="the key result")
    with pytest.raises(ControlCharacter, match="the name of the unit holds a line break"):
        check_fields({"name": "Sales\nEMEA"}, what="the unit")
    with pytest.raises(ControlCharacter, match="holds a tab"):
        check_fields({"unit_ids": ["un-a", "un-\tb"]}, what="the person")
    with pytest.raises(ControlCharacter, match=r"the before of .* \(ESC, U\+001B\)"):
        check_fields({"before": {"title": "\x1b"}}, what="the event")
