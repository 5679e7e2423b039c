"""Reading numbers the way people write them: "70%", "250,000", "1.5k", "¥250,000", "8/10".

`read_number` returns the value and the measure it carried (%, a currency,
"/10", a word like "users"), or raises NumberError with a sentence that can
be shown next to the field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from okr_tui.i18n import _, current_language, format_decimal

CURRENCIES = "¥$€£₹₩"
SUFFIXES = {
    "k": 1e3,
    "K": 1e3,
    "m": 1e6,
    "M": 1e6,
    "mn": 1e6,
    "b": 1e9,
    "B": 1e9,
    "bn": 1e9,
    "万": 1e4,
    "亿": 1e8,
}

MAX_DIGITS = 15
"""Digits a number may have: a float keeps 15 exactly, so more would not be saved as typed."""
MAX_CHARS = 100
"""Longer text is no number anyone typed (and would only slow the reading down)."""
SHOWN_CHARS = 30
"""What was typed is quoted back in messages up to this many characters."""

# Full-width forms (as a Chinese or Japanese input method types them) mean the same
# characters as their ASCII twins; other scripts' digits are refused, not guessed at.
# The ideographic full stop (。) is what a Chinese keyboard types for the decimal point.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0xFFE5: ord("¥"),
    0x3002: ord("."),
}


def half_width(text: str) -> str:
    """Full-width digits and signs as their ASCII twins: "７０％" -> "70%", "３。５" -> "3.5"."""
    return text.translate(_FULL_WIDTH)


_NUMBER = re.compile(
    r"""^\s*
    (?P<sign>[-+−])?\s*
    (?P<currency>[¥$€£₹₩])?\s*
    (?P<sign2>[-+−])?
    (?P<digits>[0-9][0-9,.\s'_]*[0-9]|[0-9])
    \s*(?P<suffix>mn|bn|[kKmMbB万亿](?![a-zA-Z]))?
    \s*(?P<rest>.*?)\s*$""",
    re.VERBOSE,
)
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_INDIAN = re.compile(r"[1-9][0-9]?(?:,[0-9]{2})+,[0-9]{3}")
"""Lakh grouping, as with rupees: 1,00,000 and 12,34,567."""
_DOTTED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3}){2,}")
"""Dots as thousands separators need two of them (1.000.000): 1.000 is one."""
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")


class NumberError(ValueError):
    """The text is not a number we can read; the message says what was expected."""


@dataclass(frozen=True)
class ReadNumber:
    value: float
    measure: str = ""


def shown(text: str) -> str:
    """What was typed, quoted and cut short enough for one line."""
    text = text.strip()
    if len(text) > SHOWN_CHARS:
        text = text[: SHOWN_CHARS - 1] + "…"
    return repr(text)


def _not_one(original: str) -> NumberError:
    return NumberError(_("{text} is not one number").format(text=shown(original)))


def _ungroup(whole: str, separator: str, original: str) -> str:
    """The integer part without its thousands separators; NumberError when they are misplaced."""
    if separator not in whole:
        return whole
    grouping = (_THOUSANDS, _INDIAN) if separator == "," else (_THOUSANDS,)
    if not any(p.fullmatch(whole.replace(separator, ",")) for p in grouping):
        raise _not_one(original)
    return whole.replace(separator, "")


def _digits_to_float(digits: str, original: str) -> float:
    spaced = re.split(r"[\s'_]+", digits)
    if len(spaced) > 1 and not all(len(g.split(",")[0].split(".")[0]) == 3 for g in spaced[1:]):
        raise _not_one(original)
    compact = re.sub(r"[\s'_]", "", digits)
    if "," in compact and "." in compact:
        # The separator that comes last is the decimal mark: 1,234.5 or 1.234,5.
        decimal, grouping = (",", ".") if compact.rfind(",") > compact.rfind(".") else (".", ",")
        whole, _mark, fraction = compact.rpartition(decimal)
        compact = f"{_ungroup(whole, grouping, original)}.{fraction}"
    elif compact.count(",") > 1 or _THOUSANDS.fullmatch(compact):
        compact = _ungroup(compact, ",", original)  # 250,000 or 1,000,000
    elif "," in compact:
        compact = compact.replace(",", ".")  # 0,5
    elif compact.count(".") > 1:
        if not _DOTTED.fullmatch(compact):
            raise _not_one(original)  # 1.5.5 is a slip, not 155
        compact = compact.replace(".", "")  # 1.000.000
    if not _PLAIN.fullmatch(compact):
        raise _not_one(original)
    if len(compact.replace(".", "").lstrip("0")) > MAX_DIGITS:
        raise NumberError(
            _(
                "{text} has more than {count} digits: too many to keep exactly (try 1.5bn or 250万)"
            ).format(text=shown(original), count=MAX_DIGITS)
        )
    return float(compact)


def _sign(match: re.Match[str], original: str) -> float:
    if match["sign"] and match["sign2"]:
        raise _not_one(original)  # --5, +-5: which one was meant?
    return -1.0 if (match["sign"] or match["sign2"]) in ("-", "−") else 1.0


def read_number(text: str) -> ReadNumber:
    """Read a number as people type it; raise NumberError when it cannot be read."""
    original = half_width(text)
    text = original.strip()
    if not text:
        raise NumberError(_("type a number, like 70%, 250,000 or 1.5k"))
    if len(text) > MAX_CHARS:
        raise NumberError(_("{text} is too long to be one number").format(text=shown(text)))
    if any(c.isdigit() and not "0" <= c <= "9" for c in text):
        raise NumberError(_("{text}: type the number with the digits 0-9").format(text=shown(text)))
    match = _NUMBER.match(text)
    if match is None:
        raise NumberError(
            _("{text} is not a number (try 70%, 250,000, 1.5k or 8/10)").format(text=shown(text))
        )
    value = _digits_to_float(match["digits"], text)
    if match["suffix"]:
        value *= SUFFIXES[match["suffix"]]
    value = value * _sign(match, text) or 0.0  # -0 is 0
    rest = match["rest"]
    measure = match["currency"] or ""
    if rest.startswith("%"):
        measure = "%"
        rest = rest[1:].strip()
    elif rest.startswith("/"):
        denominator = rest[1:].strip()
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", denominator) or float(denominator) == 0:
            raise NumberError(
                _("{text}: after '/' comes a number above 0, like 8/10").format(text=shown(text))
            )
        measure = f"/{denominator}"
        rest = ""
    elif rest and rest[0] in CURRENCIES and not measure:
        measure, rest = rest[0], rest[1:].strip()
    if rest:
        if re.search(r"\d", rest) or not re.fullmatch(r"[^\W\d_][\w\s./-]*", rest):
            raise _not_one(text)
        measure = f"{measure} {rest}".strip() if measure else rest
    if not math.isfinite(value):
        raise NumberError(_("{text} is not a finite number").format(text=shown(text)))
    return ReadNumber(value=value, measure=measure)


def format_number(value: float | None, measure: str = "") -> str:
    """Show a number compactly with its measure: 70%, ¥250,000, 8/10, 1,500 users."""
    if value is None:
        return "–"
    if current_language() != "en":
        # The language's own grouping and decimal mark, by Babel (English keeps its own below).
        body = format_decimal(
            round(value) if abs(value - round(value)) < 1e-9 else value, "#,##0.##"
        )
    elif abs(value - round(value)) < 1e-9:
        body = f"{round(value):,}"
    else:
        body = f"{value:,.2f}".rstrip("0").rstrip(".")
    if not measure:
        return body
    if measure == "%" or measure.startswith("/"):
        return f"{body}{measure}"
    if measure in CURRENCIES:
        return f"{measure}{body}"
    return f"{body} {measure}"
