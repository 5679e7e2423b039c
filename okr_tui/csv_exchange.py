"""CSV export and import: one row per key result, the way teams keep OKRs in spreadsheets.

The columns are a contract (okr_tui.csv_format.COLUMNS). Export respects
privacy: private objectives are left out, except the viewer's own when asked
for (okr_tui.csv_export). Import reads files as spreadsheets save them
(okr_tui.csv_read), adds what the workspace lacks and refuses rows that
disagree with it unless asked to update (okr_tui.csv_import): every row is
checked first, and then everything is written in one short transaction, or
nothing. This module gathers the names the rest of the app uses.
"""

from __future__ import annotations

from okr_tui.csv_export import agreed_score, export_csv, export_rows, exported_objectives
from okr_tui.csv_format import (
    CHECKIN_NOTE,
    CHOICES,
    COLUMNS,
    FORMULA_STARTS,
    TEXT_COLUMNS,
    format_plain,
    units_in_tree_order,
)
from okr_tui.csv_import import ImportReport, import_csv
from okr_tui.csv_read import CsvImportError, CsvSource, Row, decode, sniff_delimiter

__all__ = [
    "CHECKIN_NOTE",
    "CHOICES",
    "COLUMNS",
    "FORMULA_STARTS",
    "TEXT_COLUMNS",
    "CsvImportError",
    "CsvSource",
    "ImportReport",
    "Row",
    "agreed_score",
    "decode",
    "export_csv",
    "export_rows",
    "exported_objectives",
    "format_plain",
    "import_csv",
    "sniff_delimiter",
    "units_in_tree_order",
]
