"""The CSV exchange format: its columns (a contract), their choices, and how numbers are written.

Shared by the export (okr_tui.csv_export), the reader (okr_tui.csv_read) and the
import (okr_tui.csv_import).
"""

from __future__ import annotations

from collections.abc import Iterable

from okr_tui.models import Unit

COLUMNS: tuple[str, ...] = (
    "period",
    "unit",
    "unit_kind",
    "parent_unit",
    "objective",
    "objective_kind",
    "track",
    "visibility",
    "owner",
    "key_result",
    "indicator",
    "baseline",
    "target",
    "current",
    "measure",
    "direction",
    "due",
    "weight",
    "score",
)
"""The CSV columns, in this order (a contract: add at the end, never rename)."""

CHOICES: dict[str, tuple[str, ...]] = {
    "unit_kind": ("company", "business", "support", "person"),
    "objective_kind": ("committed", "aspirational"),
    "track": ("business", "team-building"),
    "visibility": ("public", "private"),
    "indicator": ("result", "process"),
    "direction": ("up", "down"),
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
"""A text cell starting with one of these gets a "'" in front on export, so a
spreadsheet shows it as text instead of running it as a formula (a title like
"=HYPERLINK(...)"); import takes one leading "'" off again, as spreadsheets do."""
TEXT_COLUMNS = ("period", "unit", "parent_unit", "objective", "owner", "key_result", "measure")

CHECKIN_NOTE = "imported from CSV"


def units_in_tree_order(units: Iterable[Unit]) -> list[tuple[Unit, int]]:
    """Units depth-first from the roots, siblings by name, with their depth."""
    units = list(units)
    ids = {u.id for u in units}
    children: dict[str | None, list[Unit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    ordered: list[tuple[Unit, int]] = []
    seen: set[str] = set()

    def visit(parent: str | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: (u.name.casefold(), u.id)):
            if unit.id in seen:
                continue
            seen.add(unit.id)
            ordered.append((unit, depth))
            visit(unit.id, depth + 1)

    visit(None, 0)
    # A parent cycle (never made by this app, but a file may hold one) still lists every unit.
    for unit in sorted(units, key=lambda u: (u.name.casefold(), u.id)):
        if unit.id not in seen:
            seen.add(unit.id)
            ordered.append((unit, 0))
            visit(unit.id, 1)
    return ordered


def format_plain(value: float | None) -> str:
    """A number as a spreadsheet reads it back exactly: 70, 0.35, -2.5 (no grouping)."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text
