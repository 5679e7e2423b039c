"""The records of one version of a workspace, as the store holds them in memory.

Per table: the models by id, their TinyDB document numbers, the indexes built on
first use, and the segments to write the table back without serialising it again
(spans of the file it was read from, plus the bytes of each document added since).
A table changed in place has no segments and is written from its models.

A table may stay on disk (`on_disk`: the event log of a large workspace). Then
only the records added since the file was read are in memory; the rest are read
when someone asks for them, and a change that might touch one of them raises
NeedsTable so the store can read the table first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from okr_tui.models import Record
from okr_tui.tablefile import Segment, Span, TableIndex, doc_segment, docs_segments


class NeedsTable(Exception):
    """The change may concern a record of a table that is still on disk."""

    def __init__(self, table: str) -> None:
        super().__init__(table)
        self.table = table


@dataclass
class OnDisk:
    """A table left in the file: its chunks there, and the first document number after them."""

    chunks: list[Span]
    next_id: int


class Tables:
    """Models, document numbers, indexes and write-back segments of every table."""

    def __init__(self) -> None:
        self.models: dict[str, dict[str, Record]] = {}
        self.doc_ids: dict[str, dict[str, int]] = {}
        self.next_ids: dict[str, int] = {}
        self.segments: dict[str, list[Segment] | None] = {}
        self.on_disk: dict[str, OnDisk] = {}
        self.indexes: dict[tuple[str, str], dict[Any, list[Record]]] = {}

    def table(self, name: str) -> dict[str, Record]:
        return self.models.get(name, {})

    def names(self) -> list[str]:
        return list(dict.fromkeys([*self.models, *self.on_disk]))

    # -- changes ---------------------------------------------------------------------------
    def put(
        self,
        record: Record,
        doc: dict[str, Any] | None = None,
        *,
        number: int | None = None,
        fresh: bool = False,
    ) -> int:
        """Add or replace `record`; returns its document number.

        `fresh` promises the id is new (a random id no file record can have);
        `number` is the document number another session gave it (from a journal).
        """
        name = record.TABLE
        docs = self.models.setdefault(name, {})
        ids = self.doc_ids.setdefault(name, {})
        previous = docs.get(record.id)
        known = ids.get(record.id)
        if known is not None:
            number = known
            self.segments[name] = None
        else:
            disk = self.on_disk.get(name)
            if disk is not None and not fresh and (number is None or number < disk.next_id):
                raise NeedsTable(name)
            if number is None:
                number = max(self.next_ids.get(name, 1), 1)
            ids[record.id] = number
            self.next_ids[name] = max(self.next_ids.get(name, 1), number + 1)
            if name not in self.segments:
                # A table seen for the first time is new: its documents are these. One
                # that was read must have said how to write it (spans, or None: whole).
                assert len(ids) == 1, f"{name} was read without saying how to write it back"
                self.segments[name] = []
            segments = self.segments[name]
            if segments is not None:
                segments.append(doc_segment(number, record.to_doc() if doc is None else doc))
        docs[record.id] = record
        self._reindex(name, previous, record)
        return number

    def remove(self, name: str, record_id: str) -> Record:
        """Take `record_id` out of `name`; KeyError when it is not there."""
        if name in self.on_disk and record_id not in self.table(name):
            raise NeedsTable(name)
        before = self.models[name].pop(record_id)
        del self.doc_ids[name][record_id]
        self.segments[name] = None
        self._reindex(name, before, None)
        return before

    def fill(self, name: str, read: list[tuple[int, Record]]) -> None:
        """Put the records read from a table left on disk before those added since."""
        added = self.models.get(name, {})
        numbers = self.doc_ids.get(name, {})
        docs = {record.id: record for _, record in read}
        ids = {record.id: number for number, record in read}
        for record_id, record in added.items():
            docs[record_id] = record
            ids[record_id] = numbers[record_id]
        self.models[name] = docs
        self.doc_ids[name] = ids
        del self.on_disk[name]
        self._drop_indexes(name)

    # -- writing back ----------------------------------------------------------------------
    def segments_for(self, name: str) -> list[Segment]:
        """The table's documents to write; a table on disk must have its segments."""
        segments = self.segments.get(name)
        if segments is not None:
            return segments
        assert name not in self.on_disk, "read the table before writing it whole"
        ids = self.doc_ids.get(name, {})
        return docs_segments((ids[i], r.to_doc()) for i, r in self.table(name).items())

    def written(self, index: dict[str, TableIndex]) -> None:
        """The file was rewritten with `index`: refer to it instead of the bytes in memory."""
        for name, where in index.items():
            chunks = where.chunks()
            self.segments[name] = list(chunks)
            if name in self.on_disk:
                # What was added since is in the file now; it need not stay in memory.
                self.on_disk[name] = OnDisk(list(chunks), where.next_id)
                self.models[name] = {}
                self.doc_ids[name] = {}
                self._drop_indexes(name)

    # -- indexes ---------------------------------------------------------------------------
    def by(self, name: str, field: str, value: Any) -> list[Record]:
        """Records of `name` whose `field` equals `value`, through an index built on first use."""
        key = (name, field)
        index = self.indexes.get(key)
        if index is None:
            index = defaultdict(list)
            for record in self.table(name).values():
                index[getattr(record, field)].append(record)
            self.indexes[key] = index
        return list(index.get(value, ()))

    def _reindex(self, table: str, old: Record | None, new: Record | None) -> None:
        """Keep the built indexes of `table` right after one record changed.

        Buckets keep the models' order (insertion order), as a rebuild would.
        """
        stale: list[tuple[str, str]] = []
        for key, index in self.indexes.items():
            if key[0] != table:
                continue
            field_name = key[1]
            if old is None and new is not None:
                index.setdefault(getattr(new, field_name), []).append(new)
                continue
            assert old is not None
            bucket = index.get(getattr(old, field_name), [])
            position = next((i for i, r in enumerate(bucket) if r is old), None)
            if position is None:
                stale.append(key)
            elif new is None:
                del bucket[position]
            elif getattr(new, field_name) == getattr(old, field_name):
                bucket[position] = new
            else:
                stale.append(key)  # moved to another bucket: rebuild in order on next use
        for key in stale:
            del self.indexes[key]

    def _drop_indexes(self, table: str) -> None:
        for key in [k for k in self.indexes if k[0] == table]:
            del self.indexes[key]


def share_fields_set(
    record: Record, fields: tuple[str, ...], shared: dict[tuple[str, ...], set[str]]
) -> None:
    """Give `record` the one fields-set object every record read with the same fields uses.

    pydantic keeps a set of the fields given for every record, about 700 bytes: on a
    large workspace that was a third of the memory its models took. Records are
    frozen, and pydantic copies the set before changing it (model_copy), so one
    set can serve them all. `fields` are the keys of the document it was read from.
    """
    same = shared.get(fields)
    if same is None:
        shared[fields] = record.__pydantic_fields_set__
    elif same is not record.__pydantic_fields_set__:
        object.__setattr__(record, "__pydantic_fields_set__", same)
