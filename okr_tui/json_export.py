"""The JSON export as a person may take it away: nothing of objectives they may not see.

`WorkspaceStore.export_data` holds everything. An export for a viewer leaves out every
private objective they may not export (another person's always; their own
unless they ask) and everything of it: its key results, their tasks,
check-ins and scores, its quarter-end review, and every event about any of
these, deleted ones too (a deleted key result's history names its objective).
Other records keep no trace of it either: an alignment to it (parent_id,
supports, carried_to) is left empty, in the records and in their history.
Another person's answer in an estimate round stays out, with its history,
while it is sealed (okr_tui.estimate_rounds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okr_tui.models import (
    CheckIn,
    Estimate,
    EstimateRound,
    Event,
    KeyResult,
    Objective,
    ObjectiveReview,
    Score,
    Task,
)
from okr_tui.privacy import can_see

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore

UNDER_KR = (Task.TABLE, CheckIn.TABLE, Score.TABLE)
ALIGNMENT = ("parent_id", "carried_to")
"""Fields that name another objective, kept when it is shown, emptied when it is not."""


def visible_export(
    store: WorkspaceStore, viewer: str, *, include_private: bool
) -> tuple[dict[str, Any], int]:
    """export_data without what `viewer` may not export; and how many objectives were left out.

    The workspace header keeps only the organisation's name, so an export
    imported into an empty workspace and exported again gives the same bytes.
    """
    data = store.export_data()
    events: list[dict[str, Any]] = data.get(Event.TABLE, [])
    left_out = _hidden_objectives(data, events, viewer, include_private=include_private)
    hidden = _hidden_ids(data, events, left_out) | _sealed_for_others(data, events, viewer)
    out: dict[str, Any] = {
        "schema_version": data["schema_version"],
        "meta": {"org": data["meta"].get("org", "")},
    }
    for table, docs in data.items():
        if table in out:
            continue
        if table == Event.TABLE:
            kept = [_scrubbed_event(d, hidden) for d in docs if not _about_hidden(d, hidden)]
        else:
            kept = [_scrubbed(d, hidden) for d in docs if d.get("id") not in hidden]
        if kept:
            out[table] = kept
    current = sum(1 for o in data.get(Objective.TABLE, []) if o["id"] in left_out)
    return out, current


def _last_snapshots(events: list[dict[str, Any]], table: str) -> dict[str, dict[str, Any]]:
    """The latest known state of every record of `table` the history mentions."""
    last: dict[str, dict[str, Any]] = {}
    for event in sorted(
        (e for e in events if e.get("table") == table), key=lambda e: str(e.get("at"))
    ):
        snapshot = event.get("after") or event.get("before")
        if isinstance(snapshot, dict):
            last[event["record_id"]] = snapshot
    return last


def _private_to_others(doc: dict[str, Any], viewer: str, include_private: bool) -> bool:
    if doc.get("visibility") != "private":
        return False
    try:
        objective = Objective.model_validate(doc)
    except ValueError:
        return True  # a snapshot we cannot read: keep it out
    return not (include_private and can_see(objective, viewer))


def _hidden_objectives(
    data: dict[str, Any], events: list[dict[str, Any]], viewer: str, *, include_private: bool
) -> set[str]:
    """Objectives the export leaves out: as they are now, or as they were last when deleted."""
    states = _last_snapshots(events, Objective.TABLE)
    states.update({doc["id"]: doc for doc in data.get(Objective.TABLE, [])})
    return {oid for oid, doc in states.items() if _private_to_others(doc, viewer, include_private)}


def _hidden_ids(
    data: dict[str, Any], events: list[dict[str, Any]], objectives: set[str]
) -> set[str]:
    """The left-out objectives and every record under them, deleted ones included."""

    def under(table: str, field: str, parents: set[str]) -> set[str]:
        states = _last_snapshots(events, table)
        states.update({doc["id"]: doc for doc in data.get(table, [])})
        return {rid for rid, doc in states.items() if doc.get(field) in parents}

    krs = under(KeyResult.TABLE, "objective_id", objectives)
    hidden = objectives | krs | under(ObjectiveReview.TABLE, "objective_id", objectives)
    for table in UNDER_KR:
        hidden |= under(table, "kr_id", krs)
    rounds = under(EstimateRound.TABLE, "kr_id", krs)
    return hidden | rounds | under(Estimate.TABLE, "round_id", rounds)


def _sealed_for_others(data: dict[str, Any], events: list[dict[str, Any]], viewer: str) -> set[str]:
    """Estimate round answers still sealed, by others than `viewer`."""
    states = _last_snapshots(events, Estimate.TABLE)
    states.update({doc["id"]: doc for doc in data.get(Estimate.TABLE, [])})
    return {
        rid
        for rid, doc in states.items()
        if doc.get("sealed") and not (viewer and doc.get("author") == viewer)
    }


def _about_hidden(event: dict[str, Any], hidden: set[str]) -> bool:
    if event.get("record_id") in hidden:
        return True
    # A record's own field naming a hidden one (a key result moved out of a hidden
    # objective) gives it away: such an event is left out whole.
    for snapshot in (event.get("before"), event.get("after")):
        if isinstance(snapshot, dict) and any(
            name not in (*ALIGNMENT, "supports") and _names(value, hidden)
            for name, value in snapshot.items()
        ):
            return True
    return False


def _names(value: Any, hidden: set[str]) -> bool:
    if isinstance(value, str):
        return value in hidden
    if isinstance(value, list):
        return any(isinstance(v, str) and v in hidden for v in value)
    return False


def _scrubbed(doc: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    """The record without its alignment to hidden objectives."""
    if not any(_names(doc.get(name), hidden) for name in (*ALIGNMENT, "supports")):
        return doc
    clean = dict(doc)
    for name in ALIGNMENT:
        if clean.get(name) in hidden:
            clean[name] = None
    if isinstance(clean.get("supports"), list):
        clean["supports"] = [s for s in clean["supports"] if s not in hidden]
    return clean


def _scrubbed_event(event: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    before, after = event.get("before"), event.get("after")
    clean_before = _scrubbed(before, hidden) if isinstance(before, dict) else before
    clean_after = _scrubbed(after, hidden) if isinstance(after, dict) else after
    if clean_before is before and clean_after is after:
        return event
    return {**event, "before": clean_before, "after": clean_after}
