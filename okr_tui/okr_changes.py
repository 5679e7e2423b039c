"""What changed in a unit's OKRs, read from the event log, ready to show.

The history of one key result, the changes screen and the weekly report read
changes to objectives and key results through `okr_changes`; events that only
book-keep (order, votes) are left out, and privacy is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from okr_tui.models import Event, KeyResult, Objective
from okr_tui.workspace import WorkspaceStore

if TYPE_CHECKING:
    from okr_tui.weekly import Week

OKR_TABLES = (Objective.TABLE, KeyResult.TABLE)

FIELD_NAMES = {
    "title": "title",
    "target": "target",
    "baseline": "baseline",
    "due": "due date",
    "status": "status",
    "owner": "owner",
    "weight": "weight",
    "measure": "measure",
    "kind": "kind",
    "visibility": "visibility",
    "description": "description",
    "direction": "direction",
}
"""Fields a change description names; the rest (order, votes) are bookkeeping."""


@dataclass(frozen=True)
class Change:
    """One recorded change to an objective or key result, ready to show."""

    event: Event
    kind: str
    """'objective' or 'key result'."""
    title: str
    objective_id: str
    unit_id: str

    @property
    def what(self) -> str:
        event = self.event
        if event.action == "create":
            return f"added {self.kind}"
        if event.action == "delete":
            return f"deleted {self.kind}"
        before, after = event.before or {}, event.after or {}
        if before.get("status") != after.get("status") and after.get("status") == "dropped":
            return f"dropped {self.kind}"
        return f"changed {self.kind}"

    @property
    def details(self) -> list[str]:
        """'target: 100 → 120' for each named field that changed."""
        before, after = self.event.before or {}, self.event.after or {}
        lines: list[str] = []
        for key, name in FIELD_NAMES.items():
            if self.event.action != "update" or before.get(key) == after.get(key):
                continue
            lines.append(f"{name}: {_show(before.get(key))} → {_show(after.get(key))}")
        return lines


def _show(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def okr_changes(
    store: WorkspaceStore,
    viewer: str,
    *,
    unit_id: str | None = None,
    week: Week | None = None,
    record_id: str | None = None,
    include_private: bool = True,
) -> list[Change]:
    """Changes to objectives and key results the viewer may see, oldest first."""
    changes: list[Change] = []
    # A day early in UTC: the week's own bounds are checked below in local time.
    since = (
        datetime.combine(week.start - timedelta(days=1), time.min, tzinfo=UTC)
        if week is not None
        else None
    )
    # A unit's changes mention the unit (objectives) or one of its objectives (key
    # results): the store can then skip most of a large event log unread.
    mentioning = (
        {unit_id, *(o.id for o in store.by(Objective, "unit_id", unit_id))}
        if unit_id is not None
        else None
    )
    for event in store.events(record_id, since=since, tables=OKR_TABLES, mentioning=mentioning):
        if week is not None and not week.contains(event.at):
            continue
        change = _change_of(store, event, viewer, include_private)
        if change is None:
            continue
        if unit_id is not None and change.unit_id != unit_id:
            continue
        changes.append(change)
    return changes


def _change_of(
    store: WorkspaceStore, event: Event, viewer: str, include_private: bool
) -> Change | None:
    doc = event.after or event.before or {}
    if event.table == Objective.TABLE:
        objective_doc: dict[str, Any] | None = doc
        kind, objective_id = "objective", event.record_id
    else:
        kind, objective_id = "key result", str(doc.get("objective_id", ""))
        live = store.find(Objective, objective_id)
        objective_doc = live.to_doc() if live is not None else None
    if objective_doc is None:
        return None
    # The objective as it is now decides who may see its history; a deleted one as it was.
    current = store.find(Objective, objective_id)
    probe = current.to_doc() if current is not None else objective_doc
    private = probe.get("visibility") == "private"
    if private and (probe.get("owner") != viewer or not viewer or not include_private):
        return None
    return Change(
        event=event,
        kind=kind,
        title=str(doc.get("title", event.record_id)),
        objective_id=objective_id,
        unit_id=str(probe.get("unit_id", "")),
    )
