"""Reading what a person types for a check-in: the value and the confidence.

One home for the rules, so the check-in screen, the correction form and
`okr checkin` accept and refuse the same things with the same words.
"""

from __future__ import annotations

from okr_tui.i18n import _
from okr_tui.models import KeyResult
from okr_tui.numbers import CURRENCIES, NumberError, format_number, half_width, read_number

MILESTONE_WORDS = {
    "done": 1.0,
    "yes": 1.0,
    "not done": 0.0,
    "no": 0.0,
    "open": 0.0,
    # As a Chinese team writes them, whatever language the app speaks.
    "完成": 1.0,
    "已完成": 1.0,
    "是": 1.0,
    "未完成": 0.0,
    "没完成": 0.0,
    "否": 0.0,
}
"""What a milestone's reading may be written as."""


class ConfidenceError(ValueError):
    """The confidence typed cannot be read (the form puts the cursor back on that field)."""


def read_confidence(text: str | None) -> int | None:
    """Confidence 0-10 as typed ('8', '8/10', '８'), None when blank; ConfidenceError says why."""
    text = half_width(text or "").strip().removesuffix("/10").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 10:
        raise ConfidenceError(
            _("confidence is a whole number from 0 to 10, not {text}").format(text=repr(text))
        )
    return int(text)


def read_value(text: str, kr: KeyResult) -> float:
    """The value typed for a key result; NumberError when it cannot be read or its sign clashes.

    65% typed for a KR counted out of 10 is a slip, not a reading: saving 65/10 would wreck
    the progress, so a ratio sign (%, /10) must match. Words (tool, tools) are lenient.
    A milestone also takes 'done' or 'not done'.
    """
    word = " ".join(text.split()).casefold()
    if kr.milestone and word in MILESTONE_WORDS:
        return MILESTONE_WORDS[word]
    reading = read_number(text)
    typed, wanted = reading.measure, kr.measure
    ratio = typed == "%" or typed.startswith("/")
    # A currency sign may stand for a worded measure (¥ for yuan), never for a ratio.
    signs = set(CURRENCIES)
    clash = typed in signs and (wanted in signs or wanted == "%" or wanted.startswith("/"))
    if typed != wanted and (ratio or clash):
        example = format_number(kr.target, kr.measure)
        raise NumberError(
            _("this key result is counted in {measure} (like {example}), not {typed}").format(
                measure=kr.measure or _("plain numbers"), example=example, typed=typed
            )
        )
    return reading.value
