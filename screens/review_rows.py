"""The weekly review's rows: their cells, the filters and sorts of the table.

Kept apart from screens/review.py so each file stays short.
"""

from __future__ import annotations

from rich.text import Text

from okr_tui.rules import BAND_COLOUR, HEALTH_BAND, Health, band, clip
from okr_tui.weekly import HEALTH_ORDER, ReviewRow
from widgets.badges import health_label
from widgets.gauge import gauge_text

SORTS = ("outline", "health", "progress", "owner")
FILTERS = ("all", "needs attention", "not checked in")
ATTENTION = {Health.OFF_TRACK, Health.AT_RISK, Health.STALE, Health.NO_DATA}


def health_cell(health: Health) -> Text:
    colour = HEALTH_BAND.get(health)
    return Text(health_label(health), style=BAND_COLOUR[colour] if colour else "dim")


def progress_cell(value: float | None) -> Text:
    style = "dim" if value is None else BAND_COLOUR[band(clip(value))]
    return gauge_text(value, 11, bar_style=style)


def change_cell(text: str) -> Text:
    style = "green" if text.startswith("+") else "red" if text.startswith("−") else "dim"
    return Text(text, style=style, justify="right")


def matches(row: ReviewRow, filter_: str) -> bool:
    if filter_ == "needs attention":
        return row.health in ATTENTION
    if filter_ == "not checked in":
        return not row.checked_in
    return True


def sort_rows(rows: list[ReviewRow], sort: str) -> list[ReviewRow]:
    if sort == "health":
        return sorted(rows, key=lambda r: (HEALTH_ORDER[r.health], r.progress or 0.0))
    if sort == "progress":
        return sorted(rows, key=lambda r: (r.progress is not None, r.progress or 0.0))
    if sort == "owner":
        return sorted(rows, key=lambda r: r.owner.casefold())
    return rows


def symbol_only(measure: str) -> str:
    """The measure as a change needs it: %, a currency or /10 stay; words like "users" go.

    The value beside it already names the measure, and the narrower column
    leaves room for health and owner at 80 columns.
    """
    if measure == "%" or measure.startswith("/") or (len(measure) == 1 and not measure.isalpha()):
        return measure
    return ""
