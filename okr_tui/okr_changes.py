"""What changed in a unit's OKRs, read from the event log, ready to show.

The history of one key result, the changes screen and the weekly report read
changes to objectives and key results through `okr_changes`; events that only
book-keep (order, votes) are left out, and privacy is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal

from okr_tui.i18n import (
    BABEL_LOCALE,
    DEFAULT,
    N_,
    _,
    current_language,
    format_date,
)
from okr_tui.models import Event, KeyResult, Objective
from okr_tui.words import OBJECTIVE_KIND, STATUS_WORDS
from okr_tui.workspace import WorkspaceStore

if TYPE_CHECKING:
    from okr_tui.weekly import Week

OKR_TABLES = (Objective.TABLE, KeyResult.TABLE)

FIELD_NAMES = {
    "title": N_("title"),
    "target": N_("target"),
    "baseline": N_("baseline"),
    "due": N_("due date"),
    "status": N_("status"),
    "owner": N_("owner"),
    "weight": N_("weight"),
    "measure": N_("measure"),
    "kind": N_("kind"),
    "visibility": N_("visibility"),
    "description": N_("description"),
    "direction": N_("direction"),
}
"""Fields a change description names; the rest (order, votes) are bookkeeping."""

WHAT_WORDS: dict[tuple[str, str], str] = {
    ("added", "objective"): N_("added objective"),
    ("added", "key result"): N_("added key result"),
    ("deleted", "objective"): N_("deleted objective"),
    ("deleted", "key result"): N_("deleted key result"),
    ("dropped", "objective"): N_("dropped objective"),
    ("dropped", "key result"): N_("dropped key result"),
    ("changed", "objective"): N_("changed objective"),
    ("changed", "key result"): N_("changed key result"),
}
"""What a change did, as one phrase each: the verb and the noun are ordered differently per
language."""

VALUE_WORDS: dict[str, dict[str, str]] = {
    "status": {**STATUS_WORDS, "active": N_("active")},
    "kind": {**OBJECTIVE_KIND, "result": N_("result"), "process": N_("process")},
    "visibility": {"public": N_("public"), "private": N_("private")},
    "direction": {"up": N_("up"), "down": N_("down")},
}
"""Stored words of a field's fixed values as people read them (the stored words stay English)."""

MomentStyle = Literal["long", "table", "weekday", "day"]
MOMENT_FORMATS: dict[MomentStyle, str] = {
    "long": "%d %b %Y %H:%M",
    "table": "%d %b %y %H:%M",
    "weekday": "%a %d %b %Y %H:%M",
    "day": "%d %b %Y",
}
"""How a change's or a check-in's moment reads in English, per place (as before)."""


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
        return _(WHAT_WORDS[(self.verb, self.kind)])

    @property
    def verb(self) -> str:
        """'added', 'deleted', 'dropped' or 'changed'."""
        event = self.event
        if event.action == "create":
            return "added"
        if event.action == "delete":
            return "deleted"
        before, after = event.before or {}, event.after or {}
        if before.get("status") != after.get("status") and after.get("status") == "dropped":
            return "dropped"
        return "changed"

    @property
    def details(self) -> list[str]:
        """'target: 100 → 120' for each named field that changed."""
        before, after = self.event.before or {}, self.event.after or {}
        lines: list[str] = []
        for key, name in FIELD_NAMES.items():
            if self.event.action != "update" or before.get(key) == after.get(key):
                continue
            lines.append(
                _("{field}: {before} → {after}").format(
                    field=_(name),
                    before=_show(key, before.get(key)),
                    after=_show(key, after.get(key)),
                )
            )
        return lines


def _show(key: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    word = VALUE_WORDS.get(key, {}).get(str(value))
    return _(word) if word else str(value)


def moment(at: datetime, style: MomentStyle = "long") -> str:
    """When a change or a check-in happened, as the language writes it.

    English as before (`MOMENT_FORMATS`). Chinese: "2026年12月1日 14:05", the day alone
    "2026年12月1日", and in tables, where width counts, "2026/12/1 14:05" and with the
    weekday "2026/11/25 周三 14:05" (as wide as the English).
    """
    if current_language() == DEFAULT:
        return f"{at:{MOMENT_FORMATS[style]}}"
    day = at.date()
    if style == "day":
        return format_date(day)
    if style not in ("table", "weekday"):
        return f"{format_date(day)} {at:%H:%M}"
    from babel.dates import format_skeleton

    locale = BABEL_LOCALE[current_language()]
    shown = format_skeleton("yMd", day, locale=locale)
    if style == "weekday":
        shown += " " + format_skeleton("EEE", day, locale=locale)
    return f"{shown} {at:%H:%M}"


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
