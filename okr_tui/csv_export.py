"""CSV export: one row per key result, the way teams keep OKRs in spreadsheets.

Private objectives are left out, except the viewer's own when asked for: an
exported file travels further than a screen.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from okr_tui.csv_format import (
    COLUMNS,
    FORMULA_STARTS,
    TEXT_COLUMNS,
    format_plain,
    units_in_tree_order,
)
from okr_tui.models import Objective
from okr_tui.privacy import can_see
from okr_tui.scoring import score_record
from okr_tui.workspace import WorkspaceStore


def exported_objectives(
    store: WorkspaceStore,
    unit_id: str,
    viewer: str,
    *,
    include_private: bool,
    period_id: str | None = None,
) -> tuple[list[Objective], int]:
    """A unit's objectives an export may show (by period, then order), and how many it hides.

    Private objectives are hidden from everyone in an export unless their owner
    asks for them with include_private: an exported file travels further than a screen.
    """
    periods = {p.id: p for p in store.periods()}
    shown: list[Objective] = []
    hidden = 0
    for objective in store.objectives(unit_id=unit_id, period_id=period_id):
        visible = objective.visibility == "public" or (
            include_private and can_see(objective, viewer)
        )
        if visible:
            shown.append(objective)
        else:
            hidden += 1

    def key(o: Objective) -> tuple[Any, ...]:
        period = periods.get(o.period_id)
        start = period.start if period else date.min
        end = period.end if period else date.min
        return (start, end, o.period_id, o.order, o.title)

    return sorted(shown, key=key), hidden


def agreed_score(store: WorkspaceStore, kr_id: str) -> float | None:
    """The agreed score of a KR, if the team set one."""
    record = score_record(store, kr_id)
    return record.agreed if record else None


def export_rows(
    store: WorkspaceStore,
    viewer: str,
    *,
    include_private: bool = False,
    period_id: str | None = None,
) -> list[dict[str, str]]:
    """The rows of a CSV export, as dicts keyed by COLUMNS."""
    units = store.units()
    names = {u.id: u.name for u in units}
    rows: list[dict[str, str]] = []
    for unit, _depth in units_in_tree_order(units):
        unit_cells = {
            "unit": unit.name,
            "unit_kind": unit.kind,
            "parent_unit": names.get(unit.parent_id or "", ""),
        }
        objectives, _hidden = exported_objectives(
            store, unit.id, viewer, include_private=include_private, period_id=period_id
        )
        for objective in objectives:
            objective_cells = {
                **unit_cells,
                "period": objective.period_id,
                "objective": objective.title,
                "objective_kind": objective.kind,
                "track": objective.track,
                "visibility": objective.visibility,
                "owner": objective.owner,
            }
            krs = store.key_results(objective.id)
            if not krs:
                # An objective still being written has no KR yet: keep it in the file.
                rows.append(_row(objective_cells))
                continue
            for kr in krs:
                latest = store.latest_checkin(kr.id)
                rows.append(
                    _row(
                        {
                            **objective_cells,
                            "key_result": kr.title,
                            "indicator": kr.indicator,
                            "baseline": format_plain(kr.baseline),
                            "target": format_plain(kr.target),
                            "current": format_plain(latest.value if latest else None),
                            "measure": kr.measure,
                            "direction": kr.direction,
                            "due": kr.due.isoformat() if kr.due else "",
                            "weight": format_plain(kr.weight),
                            "score": format_plain(agreed_score(store, kr.id)),
                        }
                    )
                )
    return rows


def _row(cells: dict[str, str]) -> dict[str, str]:
    row = {column: cells.get(column, "") for column in COLUMNS}
    for column in TEXT_COLUMNS:
        if row[column].startswith(FORMULA_STARTS):
            row[column] = "'" + row[column]
    return row


def export_csv(
    store: WorkspaceStore,
    viewer: str,
    *,
    include_private: bool = False,
    period_id: str | None = None,
    bom: bool = False,
) -> str:
    """The workspace's OKRs as CSV text (header and one row per key result).

    `bom` puts a UTF-8 byte order mark first, which Excel needs to read
    non-ASCII text (Chinese titles) correctly when it opens the file.
    """
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        export_rows(store, viewer, include_private=include_private, period_id=period_id)
    )
    return buffer.getvalue()
