"""The number reader: numbers as people write them."""

from __future__ import annotations

import pytest

from okr_tui.numbers import NumberError, format_number, read_number


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("70%", 70, "%"),
        ("80 %", 80, "%"),
        ("250,000", 250_000, ""),
        ("1.5k", 1_500, ""),
        ("¥250,000", 250_000, "¥"),
        ("$1.2M", 1_200_000, "$"),
        ("8/10", 8, "/10"),
        ("-3", -3, ""),
        ("−2", -2, ""),
        ("1,234.5", 1234.5, ""),
        ("1.234,5", 1234.5, ""),
        ("0,5", 0.5, ""),
        ("10 000 users", 10_000, "users"),
        ("25万", 250_000, ""),
    ],
)
def test_reads_numbers_as_people_write_them(text: str, value: float, measure: str) -> None:
    assert read_number(text).value == pytest.approx(value)
    assert read_number(text).measure == measure


@pytest.mark.parametrize("text", ["", "   ", "abc", "3 4", "1e5", "8/ten", "12 and 13"])
def test_unreadable_text_gets_a_message(text: str) -> None:
    with pytest.raises(NumberError) as info:
        read_number(text)
    assert str(info.value)


@pytest.mark.parametrize(
    ("value", "measure", "shown"),
    [
        (70, "%", "70%"),
        (250000, "¥", "¥250,000"),
        (8, "/10", "8/10"),
        (1.5, "users", "1.5 users"),
        (None, "", "–"),
    ],
)
def test_format_number(value: float | None, measure: str, shown: str) -> None:
    assert format_number(value, measure) == shown
