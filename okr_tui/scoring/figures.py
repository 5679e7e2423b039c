"""Readings and progress written the way people write them, for the scoring screens and report."""

from __future__ import annotations

CURRENCY_SIGNS = "¥$€£₹₩"


def format_value(value: float | None, measure: str = "") -> str:
    """A reading as people write it: 61%, ¥250,000, 8/10, 60 calls; "–" when there is none."""
    if value is None:
        return "–"
    # Two decimals at most; 2.001 reads "2", not "2." (a bare point once trailing zeros go).
    number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if number in ("-0", ""):
        number = "0"
    if not measure:
        return number
    if measure in CURRENCY_SIGNS:
        return f"{measure}{number}"
    if measure == "%" or measure.startswith("/"):
        return f"{number}{measure}"
    return f"{number} {measure}"


def format_progress(value: float | None) -> str:
    """Raw progress as a percentage; over-achievement shows above 100%."""
    return "–" if value is None else f"{value * 100:.0f}%"
