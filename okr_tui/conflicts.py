"""Who changed what since a user loaded a record: notes that make a lost edit visible.

Saves are last-writer-wins per field (the store merges a change into the
record as it is on disk). Nothing is lost silently, because every change is
an Event: from the version a person started from and the events since, these
functions say what others changed, e.g. "bob changed target from 70 to 80 at
10:02". The earlier saver is told when their screen refreshes (ConflictWatch);
the later saver is told at save time which of the fields they overwrote had
just been changed by someone else (notes_for_save).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from okr_tui.i18n import DEFAULT, N_, _, current_language
from okr_tui.models import Event, Record
from okr_tui.okr_changes import FIELD_NAMES
from okr_tui.store_errors import record_name
from okr_tui.words import reason_text

FIELD_LABELS = {
    **{field: word for field, word in FIELD_NAMES.items() if field != "due"},
    "due": N_("due"),
    "parent_id": N_("parent"),
    "unit_id": N_("unit"),
    "period_id": N_("period"),
    "objective_id": N_("objective"),
    "kr_id": N_("key result"),
    "confidence": N_("confidence"),
    "value": N_("value"),
    "note": N_("note"),
    "name": N_("name"),
}
"""A field as a note names it ("bob changed target ..."); others by their stored name."""

NOUNS = frozenset({"key_results", "objectives", "checkins", "units", "charters", "people"})
"""The tables whose records a note names by their kind; others are "a record"."""
MAX_VALUE_CHARS = 40


@dataclass(frozen=True)
class Change:
    """One field of one record changed by someone, or the record removed (field '')."""

    who: str
    at: datetime
    table: str
    record_id: str
    field: str
    before: Any
    after: Any
    reason: str = ""


def _events_after(base: Record, events: Sequence[Event], since: datetime | None) -> list[Event]:
    mine = [e for e in events if e.record_id == base.id]
    doc = base.to_doc()
    # The event that produced the version the user started from marks where "since" begins.
    for index in range(len(mine) - 1, -1, -1):
        if mine[index].after == doc:
            return mine[index + 1 :]
    if since is not None:
        return [e for e in mine if e.at > since]
    return [e for e in mine if e.before is not None and e.before != doc]


def changes_since(
    base: Record,
    events: Sequence[Event],
    me: str,
    *,
    since: datetime | None = None,
) -> list[Change]:
    """Field changes others made to `base`'s record after `base` was the stored version.

    `events` are the record's events oldest first (store.events(record_id)).
    `since` is used only when no event produced `base` (a record read from an old import).
    """
    found: list[Change] = []
    for event in _events_after(base, events, since):
        if event.who == me:
            continue
        if event.after is None:
            found.append(Change(event.who, event.at, event.table, event.record_id, "", None, None))
            continue
        before = event.before or {}
        for field, value in event.after.items():
            if field == "id" or before.get(field) == value:
                continue
            found.append(
                Change(
                    event.who,
                    event.at,
                    event.table,
                    event.record_id,
                    field,
                    before.get(field),
                    value,
                    event.reason,
                )
            )
    return found


def _label(field: str) -> str:
    word = FIELD_LABELS.get(field)
    return _(word) if word is not None else field.replace("_", " ")


def _noun(table: str) -> str:
    return record_name(table) if table in NOUNS else _("record")


def show_value(value: Any) -> str:
    """A field value as a short phrase: 70, "Prove our tea", nothing."""
    if value is None or value == "" or value == []:
        return _("nothing")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value)
    text = " ".join(str(value).split())
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return f"“{text}”"


def show_time(at: datetime, *, tz: tzinfo | None = None, today: date | None = None) -> str:
    local = at.astimezone(tz)
    if today is not None and local.date() != today:
        return local.strftime("%Y-%m-%d %H:%M")
    return local.strftime("%H:%M")


def describe(change: Change, *, tz: tzinfo | None = None, today: date | None = None) -> str:
    """'bob changed target from 70 to 80 at 10:02'."""
    who = change.who or _("someone")
    when = show_time(change.at, tz=tz, today=today)
    if not change.field:
        return _("{who} removed this {noun} at {when}").format(
            who=who, noun=_noun(change.table), when=when
        )
    text = _("{who} changed {field} from {before} to {after} at {when}").format(
        who=who,
        field=_label(change.field),
        before=show_value(change.before),
        after=show_value(change.after),
        when=when,
    )
    if change.reason:
        text += _(" (reason: {reason})").format(reason=reason_text(change.reason))
    return text


def notes(
    changes: Iterable[Change], *, tz: tzinfo | None = None, today: date | None = None
) -> list[str]:
    return [describe(c, tz=tz, today=today) for c in changes]


def notes_for_save(
    base: Record,
    my_changes: Mapping[str, Any],
    events: Sequence[Event],
    me: str,
    *,
    tz: tzinfo | None = None,
    today: date | None = None,
) -> list[str]:
    """For the later saver: fields they are saving that someone else changed since `base`.

    Call it before or after the save with the events as they were before it;
    the save still wins, and the note says whose value it replaced.
    """
    clashes = [c for c in changes_since(base, events, me) if c.field in my_changes or not c.field]
    out: list[str] = []
    for change in clashes:
        note = describe(change, tz=tz, today=today)
        if change.field and change.after != my_changes[change.field]:
            note += _("; your {value} replaced it").format(
                value=show_value(my_changes[change.field])
            )
        out.append(note)
    return out


class ConflictWatch:
    """The versions one user last saw of the records they edited; reports what others changed.

    `remember(record)` after the user saves (or opens a form on) a record;
    `check(store)` after the workspace changed returns notes about those records.
    """

    def __init__(self, me: str) -> None:
        self.me = me
        self._seen: dict[str, Record] = {}

    def remember(self, record: Record) -> None:
        self._seen[record.id] = record

    def forget(self, record_id: str) -> None:
        self._seen.pop(record_id, None)

    def __len__(self) -> int:
        return len(self._seen)

    def check(
        self, store: Any, *, tz: tzinfo | None = None, today: date | None = None
    ) -> list[str]:
        """Notes for every remembered record someone else changed since; then catch up.

        A batch (one person, one reason, one moment: "keep the top 3") is one note.
        """
        return batch_notes(self.check_changes(store), tz=tz, today=today)

    def check_changes(self, store: Any) -> list[Change]:
        """The changes behind `check`'s notes; then catch up."""
        out: list[Change] = []
        for record_id, seen in list(self._seen.items()):
            current = store.find(type(seen), record_id)
            if current == seen:
                continue
            out += changes_since(seen, store.events(record_id), self.me)
            if current is None:
                del self._seen[record_id]
            else:
                self._seen[record_id] = current
        return out


def batch_notes(
    changes: Sequence[Change], *, tz: tzinfo | None = None, today: date | None = None
) -> list[str]:
    """One note per change, except that a batch (one person, one reason, one moment) is
    summed up once: 'hanna changed 5 objectives you edited at once (workshop: keep the top 3)'."""
    batches: dict[tuple[str, datetime, str], list[Change]] = {}
    for change in changes:
        if change.reason:
            batches.setdefault((change.who, change.at, change.reason), []).append(change)
    out: list[str] = []
    told: set[tuple[str, datetime, str]] = set()
    for change in changes:
        key = (change.who, change.at, change.reason)
        batch = batches.get(key, [])
        if len(batch) < 2:
            out.append(describe(change, tz=tz, today=today))
        elif key not in told:
            told.add(key)
            out.append(_batch_note(batch, tz=tz, today=today))
    return out


def _batch_note(batch: Sequence[Change], *, tz: tzinfo | None, today: date | None) -> str:
    first = batch[0]
    who = first.who or _("someone")
    noun = _noun(first.table)
    why = " ".join(first.reason.split())
    when = show_time(first.at, tz=tz, today=today)
    records = {c.record_id for c in batch}
    if len(records) > 1:
        return _("{who} changed {count} {noun}s you edited at once ({why}) at {when}").format(
            who=who, count=len(records), noun=noun, why=why, when=when
        )
    separator = ", " if current_language() == DEFAULT else "、"
    fields = separator.join(_label(c.field) for c in batch if c.field)
    note = (
        _("{who} changed the {fields} of an {noun} you edited ({why}) at {when}")
        if noun[0] in "aeiou"
        else _("{who} changed the {fields} of a {noun} you edited ({why}) at {when}")
    )
    return note.format(who=who, fields=fields, noun=noun, why=why, when=when)
