"""The store's rules for every change: an event for each, a reason for committed OKRs,
no control characters in new text, check-ins only for existing key results.

These sit above the file mechanics: every add, update, remove and batch goes through here.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from okr_tui.i18n import _
from okr_tui.models import CheckIn, Event, KeyResult, Objective, Period, Person, Record, period_for
from okr_tui.plain_text import ControlCharacter, check, check_fields
from okr_tui.store_errors import (
    ReasonRequired,
    WorkspaceError,
    describe_validation,
    new_id,
    record_name,
)
from okr_tui.store_queries import Queries

if TYPE_CHECKING:
    from okr_tui.batch import Batch

R = TypeVar("R", bound=Record)


def _called(record: Record) -> str:
    """What a message calls a record: its title in quotes (people know it by that), else its id."""
    title = getattr(record, "title", "") or getattr(record, "name", "")
    return f"“{' '.join(str(title).split())[:60]}”" if title else record.id


class RecordRules(Queries):
    """Adds, changes and removes records, each with its event, under the store's rules."""

    def _committed(self, record: Record) -> bool:
        if isinstance(record, Objective):
            return record.status == "committed"
        if isinstance(record, KeyResult):
            objective = self.find(Objective, record.objective_id)
            return objective is not None and objective.status == "committed"
        return False

    def _stored(self, record: Record) -> Record | None:
        """The record as stored now under the same id (None: it is new)."""
        return self._t.table(record.TABLE).get(record.id)

    def _write_doc(self, record: Record, *, fresh: bool = False) -> None:
        """Put one record into the in-memory tables and this transaction's journal entry.

        The file is written once, when the transaction ends (see _save).
        """
        self._before_change()
        doc = record.to_doc()
        if not isinstance(record, Event):
            refuse_control_characters(doc, record, self._stored(record))
        self._put_record(record, doc, fresh=fresh)

    def _record_event(
        self,
        action: str,
        record: Record,
        before: Record | None,
        after: Record | None,
        reason: str,
    ) -> None:
        if isinstance(record, Event):
            return
        try:
            check(reason, what=_("the reason"), multiline=True)
        except ControlCharacter as exc:
            raise WorkspaceError(str(exc)) from None
        # With the event log left on disk its ids are unknown: a 64-bit random id is
        # taken as new (it could only clash with one in some 10^14 on a large workspace).
        on_disk = Event.TABLE in self._t.on_disk
        event = Event(
            id=f"{Event.PREFIX}-{secrets.token_hex(8)}"
            if on_disk
            else new_id(Event.PREFIX, self._t.table(Event.TABLE)),
            at=self.clock(),
            who=self.user,
            action=action,
            table=record.TABLE,
            record_id=record.id,
            before=before.to_doc() if before is not None else None,
            after=after.to_doc() if after is not None else None,
            reason=reason,
        )
        self._write_doc(event, fresh=on_disk)

    def add(self, record: R, *, reason: str = "", action: str = "create") -> R:
        """Store a new record, giving it an id when it has none."""
        with self.transaction():
            fresh = not record.id and self._scanned(type(record))
            if fresh:
                # A lean store leaves the table on disk: its ids are looked up, not read.
                taken = self._taken_ids(type(record))
                record = record.model_copy(update={"id": new_id(record.PREFIX, taken)})
            else:
                table = self._table(type(record))
                if not record.id:
                    record = record.model_copy(update={"id": new_id(record.PREFIX, table)})
                elif record.id in table:
                    raise WorkspaceError(_("{id} already exists").format(id=record.id))
            record = type(record).model_validate(record.to_doc())
            self._write_doc(record, fresh=fresh)
            self._record_event(action, record, None, record, reason)
            return record

    def update(
        self,
        record_type: type[R],
        record_id: str,
        *,
        reason: str = "",
        action: str = "update",
        **changes: Any,
    ) -> R:
        """Change fields of a record; committed OKRs need a reason."""
        with self.transaction():
            before = self.get(record_type, record_id)
            try:
                after = record_type.model_validate({**before.to_doc(), **changes, "id": record_id})
            except ValidationError as exc:
                raise WorkspaceError(describe_validation(exc)) from None
            if after == before:
                return before
            if self._committed(before) and not reason.strip():
                raise ReasonRequired(
                    _("{record} is committed: say why it changes (a reason is required)").format(
                        record=_called(before)
                    )
                )
            self._write_doc(after)
            self._record_event(action, after, before, after, reason.strip())
            return after

    def remove(
        self, record_type: type[R], record_id: str, *, reason: str = "", action: str = "delete"
    ) -> None:
        """Delete a record outright (use status changes for OKRs people saw)."""
        with self.transaction():
            before = self.get(record_type, record_id)
            if self._committed(before) and not reason.strip():
                raise ReasonRequired(
                    _("{record} is committed: say why it is removed").format(record=_called(before))
                )
            self._remove_doc(record_type, record_id)
            self._record_event(action, before, before, None, reason.strip())

    def _remove_doc(self, record_type: type[Record], record_id: str) -> None:
        self._before_change()
        self._drop_record(record_type.TABLE, record_id)

    def set_org(self, org: str) -> None:
        try:
            check(org, what=_("the organisation's name"))
        except ControlCharacter as exc:
            raise WorkspaceError(str(exc)) from None
        with self.transaction():
            self._before_change()
            self._force_file = True
            self._meta = self.meta.model_copy(update={"org": org})

    def ensure_period(self, label: str) -> Period:
        period = period_for(label)
        # Look and add under one lock, or two sessions could both add it.
        with self.transaction():
            existing = self.find(Period, period.id)
            return existing if existing is not None else self.add(period)

    def ensure_person(self, login: str, name: str = "") -> Person:
        # Opening the app calls this every time: a known person needs no lock and no write.
        known = self.person(login)
        if known is not None and not self.changed_on_disk():
            return known
        if self._owner != threading.get_ident() and not self._may_write():
            # Who may only read the workspace still opens it, as someone not in it yet.
            return known or Person(login=login, name=name)
        with self.transaction():
            existing = self.person(login)
            if existing is not None:
                return existing
            return self.add(Person(login=login, name=name))

    def check_in(
        self,
        kr_id: str,
        value: float,
        *,
        confidence: int | None = None,
        note: str = "",
        at: datetime | None = None,
    ) -> CheckIn:
        """Record one reading of a key result by the current user."""
        try:
            checkin = CheckIn(
                kr_id=kr_id,
                value=value,
                confidence=confidence,
                note=note,
                author=self.user,
                at=at or self.clock(),
            )
        except ValidationError as exc:
            raise WorkspaceError(describe_validation(exc)) from None
        with self.transaction():
            # Checked under the lock: the key result may be new from another session.
            self.get(KeyResult, kr_id)
            return self.add(checkin, action="checkin")

    def new_batch(self) -> Batch:
        """An empty batch of new records, numbered to follow the tables as they are now."""
        from okr_tui.batch import Batch

        with self._mutex:
            return Batch(self.revision, self._t.next_ids)

    def write_batch(self, planned: Batch | Callable[[], Batch]) -> Batch | None:
        """Write a batch (okr_tui.batch) in one transaction: its changes, then its records.

        A batch planned outside the lock fits only the revision it was planned
        on: when another session wrote since, nothing is written and None says
        to plan again. A callable is planned here, under the lock. The new
        records go into the file as they were encoded, without models in
        memory: afterwards the store counts the file as changed, and reads it
        again on its next refresh or transaction.
        """
        with self.transaction():
            batch = planned() if callable(planned) else planned
            if batch.revision != self.revision or not self._batch_fits(batch):
                return None
            self._before_change()
            self._take_batch_numbers(batch)
            for change in batch.changes:
                change()
            appended = self._append_batch(batch)
        if appended:
            self._after_batch()
        return batch


def refuse_control_characters(doc: dict[str, Any], record: Record, stored: Record | None) -> None:
    """New text is never a terminal command: refuse it at the one gate every record passes.

    Only what changes is judged, so text stored before this rule never blocks an
    unrelated change to its record.
    """
    if stored is not None:
        old = stored.to_doc()
        doc = {field: value for field, value in doc.items() if old.get(field) != value}
    try:
        check_fields(doc, what=_("the {record}").format(record=record_name(record.TABLE)))
    except ControlCharacter as exc:
        raise WorkspaceError(str(exc)) from None
