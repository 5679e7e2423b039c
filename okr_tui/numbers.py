"""Reading numbers the way people write them: "70%", "250,000", "1.5k", "¥250,000", "8/10".

`read_number` returns the value and the measure it carried (%, a currency,
"/10", a word like "users"), or raises NumberError with a sentence that can
be shown next to the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

_NUMBER = re.compile(
    r"""^\s*
    (?P<sign>[-+−])?\s*
    (?P<currency>[¥$€£₹₩])?\s*
    (?P<sign2>[-+−])?
    (?P<digits>\d[\d,.\s'_]*\d|\d)
    \s*(?P<suffix>mn|bn|[kKmMbB万亿](?![a-zA-Z]))?
    \s*(?P<rest>.*?)\s*$""",
    re.VERBOSE,
)


class NumberError(ValueError):
    """The text is not a number we can read; the message says what was expected."""


@dataclass(frozen=True)
class ReadNumber:
    value: float
    measure: str = ""


def _digits_to_float(digits: str, original: str) -> float:
    spaced = re.split(r"[\s'_]+", digits)
    if len(spaced) > 1 and not all(len(g.split(",")[0].split(".")[0]) == 3 for g in spaced[1:]):
        raise NumberError(f"{original!r} is not one number")
    compact = re.sub(r"[\s'_]", "", digits)
    if "," in compact and "." in compact:
        # The separator that comes last is the decimal mark: 1,234.5 or 1.234,5.
        if compact.rfind(",") > compact.rfind("."):
            compact = compact.replace(".", "").replace(",", ".")
        else:
            compact = compact.replace(",", "")
    elif "," in compact:
        groups = compact.split(",")
        if len(groups) > 2 or all(len(g) == 3 for g in groups[1:]):
            compact = compact.replace(",", "")  # 250,000 or 1,000,000
        else:
            compact = compact.replace(",", ".")  # 0,5
    elif compact.count(".") > 1:
        compact = compact.replace(".", "")  # 1.000.000
    try:
        return float(compact)
    except ValueError:
        raise NumberError(f"{original!r} is not a number") from None


def read_number(text: str) -> ReadNumber:
    """Read a number as people type it; raise NumberError when it cannot be read."""
    original = text
    text = text.strip()
    if not text:
        raise NumberError("type a number, like 70%, 250,000 or 1.5k")
    match = _NUMBER.match(text)
    if match is None:
        raise NumberError(f"{original.strip()!r} is not a number (try 70%, 250,000, 1.5k or 8/10)")
    value = _digits_to_float(match["digits"], original.strip())
    if match["suffix"]:
        value *= SUFFIXES[match["suffix"]]
    if (match["sign"] or match["sign2"] or "") in "-−" and (match["sign"] or match["sign2"]):
        value = -value
    rest = match["rest"]
    measure = match["currency"] or ""
    if rest.startswith("%"):
        measure = "%"
        rest = rest[1:].strip()
    elif rest.startswith("/"):
        denominator = rest[1:].strip()
        if not re.fullmatch(r"\d+(\.\d+)?", denominator):
            raise NumberError(f"{original.strip()!r}: after '/' comes a number, like 8/10")
        measure = f"/{denominator}"
        rest = ""
    elif rest and rest[0] in CURRENCIES and not measure:
        measure, rest = rest[0], rest[1:].strip()
    if rest:
        if re.search(r"\d", rest) or not re.fullmatch(r"[^\W\d_][\w\s./-]*", rest):
            raise NumberError(f"{original.strip()!r} is not one number")
        measure = f"{measure} {rest}".strip() if measure else rest
    if value != value or value in (float("inf"), float("-inf")):
        raise NumberError(f"{original.strip()!r} is not a finite number")
    return ReadNumber(value=value, measure=measure)


def format_number(value: float | None, measure: str = "") -> str:
    """Show a number compactly with its measure: 70%, ¥250,000, 8/10, 1,500 users."""
    if value is None:
        return "–"
    if abs(value - round(value)) < 1e-9:
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
