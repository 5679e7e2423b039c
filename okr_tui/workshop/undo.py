"""Undo in the workshop: restore the `before` of the user's last edit to its records.

A batch (keep the top N, commit, a reorder) shares one reason and one time,
and is undone as one. In a room several people edit at once: undo never
overwrites a change someone else made since (it says who, and does nothing),
and what only moves the room along (the step, the timer, a reveal, closing
the votes) is not undone at all.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from okr_tui.i18n import N_, _
from okr_tui.models import Charter, Event, KeyResult, Objective, Record, Workshop, record_types
from okr_tui.store import WorkspaceError
from okr_tui.workshop.charter import charter_of
from okr_tui.workshop.room import ROOM_FIELDS
from okr_tui.workspace import WorkspaceStore

UNDO_PREFIX = "undo "


OnlyStepFields = ROOM_FIELDS

ROOM_REASONS = ("workshop: reveal", "workshop: close voting", "workshop: new voting round")
"""Batches that move the room along rather than edit what it made."""


def _doc(event: Event) -> dict[str, Any]:
    return event.after or event.before or {}


def _in_scope(store: WorkspaceStore, workshop: Workshop, events: list[Event]) -> list[Event]:
    """The user's own edits to this workshop's records, oldest first."""
    charter = charter_of(store, workshop.unit_id)
    objective_ids: set[str] = set()
    for event in events:
        doc = _doc(event)
        if (
            event.table == Objective.TABLE
            and doc.get("unit_id") == workshop.unit_id
            and doc.get("period_id") == workshop.period_id
        ):
            objective_ids.add(event.record_id)
    scoped: list[Event] = []
    for event in events:
        if event.who != store.user or event.reason in ROOM_REASONS:
            continue
        doc = _doc(event)
        if event.table == Workshop.TABLE:
            if event.record_id != workshop.id or event.before is None or event.after is None:
                continue
            changed = {k for k in event.after if event.after.get(k) != event.before.get(k)}
            if changed <= OnlyStepFields:
                continue
        elif event.table == Charter.TABLE:
            if doc.get("unit_id") != workshop.unit_id and (
                charter is None or event.record_id != charter.id
            ):
                continue
        elif event.table == Objective.TABLE:
            if event.record_id not in objective_ids:
                continue
        elif event.table == KeyResult.TABLE:
            if doc.get("objective_id") not in objective_ids:
                continue
        else:
            continue
        scoped.append(event)
    return scoped


def undoable(store: WorkspaceStore, workshop: Workshop) -> list[Event]:
    """The events the next undo restores (one edit, or one batch), newest first."""
    # This workshop's edits come after it started: older events need not be read.
    events = store.events(since=workshop.started - timedelta(days=1))
    undone = {e.reason[len(UNDO_PREFIX) :] for e in events if e.reason.startswith(UNDO_PREFIX)}
    candidates_ = [
        e
        for e in _in_scope(store, workshop, events)
        if not e.reason.startswith(UNDO_PREFIX) and e.id not in undone
    ]
    if not candidates_:
        return []
    last = candidates_[-1]
    if not last.reason.startswith("workshop: "):
        return [last]
    group = [e for e in candidates_ if e.reason == last.reason and e.at == last.at]
    return list(reversed(group))


def what(event: Event) -> str:
    """The record an event touched, in words: 'objective “Open a tea shop”'."""
    doc = _doc(event)
    noun = _(NOUNS[event.table]) if event.table in NOUNS else event.table
    title = doc.get("title")
    return _("{noun} “{title}”").format(noun=noun, title=title) if title else noun


NOUNS: dict[str, str] = {
    Objective.TABLE: N_("objective"),
    KeyResult.TABLE: N_("key result"),
    Charter.TABLE: N_("charter"),
    Workshop.TABLE: N_("parking lot"),
}
"""What an undone edit touched, by table."""

VERBS: dict[str, str] = {
    "create": N_("adding {what}"),
    "delete": N_("deleting {what}"),
    "undo": N_("restoring {what}"),
}
CHANGING = N_("changing {what}")
"""What an undone edit did, by the event's action (any other action changed the record)."""


def describe(event: Event) -> str:
    return _(VERBS.get(event.action, CHANGING)).format(what=what(event))


def _changed_fields(event: Event) -> set[str]:
    """The fields an edit set (every field when it added or removed the record)."""
    before, after = event.before or {}, event.after or {}
    fields = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    if event.table == Workshop.TABLE:
        fields -= ROOM_FIELDS  # the room moving on is not an edit to keep
    return fields - {"id"}


def _refuse_if_changed_since(store: WorkspaceStore, event: Event, kind: type[Record]) -> None:
    """Undo restores only what is still as this edit left it: a later change wins.

    Only the fields this edit set count: someone voting on a candidate does not
    stop its author from undoing a rename.
    """
    current = store.find(kind, event.record_id)
    now = current.to_doc() if current is not None else {}
    after = event.after or {}
    if event.before is not None and event.after is not None:
        fields = _changed_fields(event)
        if all(now.get(k) == after.get(k) for k in fields) and current is not None:
            return
    elif (current is None) == (event.after is None) and (
        current is None or not _touched_by_others(store, event)
    ):
        return
    later = [e for e in store.events(event.record_id) if e.at >= event.at and e.id != event.id]
    others = [e.who for e in later if e.who and e.who != store.user]
    who = others[-1] if others else _("someone else")
    raise WorkspaceError(
        _("{person} changed the {what} since: nothing undone").format(person=who, what=what(event))
    )


def _touched_by_others(store: WorkspaceStore, event: Event) -> bool:
    """Whether someone else edited the record after it was added (their edit would be lost)."""
    return any(
        e.who != store.user and e.id != event.id and e.at >= event.at
        for e in store.events(event.record_id)
    )


def undo_last(store: WorkspaceStore, workshop: Workshop) -> str:
    """Restore what the last edit (or batch) changed; returns what was undone, for a message."""
    with store.transaction():
        group = undoable(store, workshop)
        if not group:
            raise WorkspaceError(_("nothing to undo"))
        types = record_types()
        for event in group:
            _refuse_if_changed_since(store, event, types[event.table])
        for event in group:
            record_type = types[event.table]
            reason = f"{UNDO_PREFIX}{event.id}"
            current = store.find(record_type, event.record_id)
            if event.before is None:
                if current is not None:
                    store.remove(record_type, event.record_id, reason=reason)
            elif current is None:
                record: Record = record_type.model_validate(event.before)
                store.add(record, reason=reason, action="undo")
            else:
                restore = {k: event.before.get(k) for k in _changed_fields(event)}
                store.update(record_type, event.record_id, reason=reason, action="undo", **restore)
        return (
            describe(group[-1])
            if len(group) == 1
            else _("{what} and {count} more").format(what=describe(group[0]), count=len(group) - 1)
        )
