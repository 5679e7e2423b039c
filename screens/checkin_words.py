"""What a check-in card says about its key result: the last reading, the value's hint.

Kept apart from the screen so the card's words and numbers are read in one place.
"""

from __future__ import annotations

import math

from rich.text import Text

from okr_tui.i18n import _, format_weekday
from okr_tui.models import CheckIn, KeyResult
from okr_tui.numbers import format_number
from okr_tui.weekly import Week


def last_text(kr: KeyResult, last: CheckIn | None, week: Week) -> Text:
    if last is None:
        return Text(_("no check-in yet"), style="italic dim")
    text = Text(_("last") + " ")
    text.append(format_number(last.value, kr.measure), style="bold")
    if last.confidence is not None:
        text.append(f" · {last.confidence}/10")
    text.append(f" · {format_weekday(last.at.date())}", style="dim")
    if last.author:
        text.append(f" {last.author}", style="dim")
    if week.contains(last.at):
        text.append(" ✓ " + _("this week"), style="green")
    return text


def value_placeholder(kr: KeyResult, last: CheckIn | None) -> str:
    """The last reading, else an example written in the key result's own measure."""
    if kr.milestone:
        if last is None:
            return "done or not done"
        return "done" if last.value >= 1 else "not done"
    if last is not None:
        return format_number(last.value, kr.measure)
    return _("e.g. {value}").format(value=format_number(example_value(kr), kr.measure))


def example_value(kr: KeyResult) -> float:
    """A reading halfway from baseline to target, kept to two figures (125,000 -> 120,000)."""
    if kr.target is None:
        return kr.baseline or 10.0
    middle = (kr.baseline + kr.target) / 2
    if abs(middle) >= 100:
        return float(f"{middle:.2g}")
    # Whole numbers stay whole ("3 users", not "2.5 users") when the range has room.
    whole = float(kr.baseline).is_integer() and float(kr.target).is_integer()
    return (
        float(math.floor(middle + 0.5)) if whole and abs(kr.target - kr.baseline) >= 2 else middle
    )


def spark_values(checkins: list[CheckIn]) -> list[float]:
    """The last dozen readings; one alone draws nothing (a sparkline would fill every cell)."""
    values = [c.value for c in checkins[-12:]]
    return values if len(values) > 1 else []
