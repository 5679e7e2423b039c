"""The records of a PostgreSQL workspace in memory: the file's tables without its file.

The read side (okr_tui.store_queries) and the rules work on these as they do on
the file's; a change made in a transaction keeps what it replaced, so a
transaction the database rolled back is taken back in memory too.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from okr_tui.models import Record
from okr_tui.tables import Tables


@dataclass(frozen=True, slots=True)
class Undo:
    """What one change replaced: the record before (None: there was none)."""

    table: str
    record_id: str
    before: Record | None


class MemoryTables(Tables):
    """Models by id and their indexes; no document numbers, no segments to write back."""

    def put_undoable(self, record: Record) -> Undo:
        name = record.TABLE
        docs = self.models.setdefault(name, {})
        previous = docs.get(record.id)
        docs[record.id] = record
        self._reindex(name, previous, record)
        return Undo(name, record.id, previous)

    def remove_undoable(self, name: str, record_id: str) -> Undo:
        """Take `record_id` out of `name`; KeyError when it is not there."""
        before = self.models[name].pop(record_id)
        self._reindex(name, before, None)
        return Undo(name, record_id, before)

    def undo(self, undo: Undo) -> None:
        docs = self.models.setdefault(undo.table, {})
        current = docs.pop(undo.record_id, None)
        if undo.before is not None:
            docs[undo.record_id] = undo.before
        if current is not None or undo.before is not None:
            # The record may go back to its old place in order: rebuild indexes on use.
            self._drop_indexes(undo.table)

    def take(self, name: str, ids: Collection[str], records: list[Record]) -> None:
        """Another session's state of these ids: those not in `records` are gone."""
        docs = self.models.setdefault(name, {})
        for record_id in ids:
            before = docs.get(record_id)
            if before is not None and all(r.id != record_id for r in records):
                del docs[record_id]
                self._reindex(name, before, None)
        for record in records:
            before = docs.get(record.id)
            docs[record.id] = record
            self._reindex(name, before, record)
