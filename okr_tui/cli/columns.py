"""Listings of the command line as aligned columns, by terminal cells (Chinese takes two).

Kept apart from the commands that print listings (`okr list`, `okr period list`,
`okr invite --list`), so none of them imports another to line its rows up.
"""

from __future__ import annotations

from collections.abc import Sequence

from okr_tui.cli.help_layout import cell_width


def pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap


def table(rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    """Rows as aligned lines by cell width; the last column is not padded."""
    widths = [max(cell_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines: list[str] = []
    for row in rows:
        cells = [
            pad(cell, widths[i], right=i in right) if i < len(row) - 1 else cell
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


TITLE_CELLS = 60
"""Titles are cut to this many cells so a listing fits a terminal; ids find the rest."""


def shorten(text: str, cells: int) -> str:
    if cell_width(text) <= cells:
        return text
    while cell_width(text) > cells - 1:
        text = text[:-1]
    return text.rstrip() + "…"
