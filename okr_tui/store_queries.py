"""The read side of the store: records by id, by field, by kind, and the event log.

Readers take the store's mutex briefly; a table left on disk is read on first use,
or, in a store opened lean, only as far as `find` and `by` need (okr_tui.table_scan).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from okr_tui.event_scan import EventQuery, scan_events
from okr_tui.file_write import FileWriter
from okr_tui.i18n import _
from okr_tui.models import (
    CheckIn,
    Event,
    KeyResult,
    Objective,
    Period,
    Person,
    Record,
    Unit,
    record_types,
)
from okr_tui.store_errors import NotFound, record_name
from okr_tui.table_scan import TakenIds, scan_table

R = TypeVar("R", bound=Record)


class Queries(FileWriter):
    """What screens, the CLI and services read."""

    def _table(self, record_type: type[R]) -> dict[str, R]:
        """Every record of a table (the caller holds `_mutex`); reads one left on disk."""
        if record_type.TABLE in self._t.on_disk:
            self._fill(self._t, record_type.TABLE, self._file.read_span)
        return self._t.table(record_type.TABLE)  # type: ignore[return-value]

    def _scanned(self, record_type: type[Record]) -> bool:
        """Whether this table is answered from its chunks on disk (the caller holds `_mutex`)."""
        return self._lean and record_type.TABLE in self._t.on_disk

    def _scan(self, record_type: type[R], field: str, value: Any) -> list[R]:
        """`by` of a table on disk: its chunks' matches, then those added since it was read."""
        chunks = self._t.on_disk[record_type.TABLE].chunks
        found = scan_table(self._file.read_span, chunks, record_type, field, value, self._fail)
        added = self._t.by(record_type.TABLE, field, value)
        return [*found, *added]  # type: ignore[list-item]

    def _taken_ids(self, record_type: type[Record]) -> TakenIds:
        """The ids of a table on disk, for a new one (the caller holds `_mutex`)."""
        table = record_type.TABLE
        chunks = self._t.on_disk[table].chunks
        return TakenIds(self._t.table(table), self._file.read_span, chunks, table, self._fail)

    def _find_on_disk(self, record_type: type[R], record_id: str) -> R | None:
        added = self._t.table(record_type.TABLE).get(record_id)
        if added is not None:
            return added  # type: ignore[return-value]
        key = (record_type.TABLE, record_id)
        if key not in self._found:
            found = self._scan(record_type, "id", record_id)
            if not found:
                return None
            self._found[key] = found[0]
        return self._found[key]  # type: ignore[return-value]

    def find(self, record_type: type[R], record_id: str | None) -> R | None:
        if not record_id:
            return None
        with self._mutex:
            if self._scanned(record_type):
                return self._find_on_disk(record_type, record_id)
            return self._table(record_type).get(record_id)

    def get(self, record_type: type[R], record_id: str) -> R:
        record = self.find(record_type, record_id)
        if record is None:
            noun = record_name(record_type.TABLE)
            raise NotFound(_("no {noun} with id {id}").format(noun=noun, id=repr(record_id)))
        return record

    def all(self, record_type: type[R]) -> list[R]:
        with self._mutex:
            return list(self._table(record_type).values())

    def by(self, record_type: type[R], field: str, value: Any) -> list[R]:
        """Records whose `field` equals `value`, through an index built on first use."""
        with self._mutex:
            # Only a text is sure to stand in its documents' bytes: a default value
            # (no language, no start) may be left out of them (see to_doc).
            if self._scanned(record_type) and isinstance(value, str) and value:
                return self._scan(record_type, field, value)
            self._table(record_type)
            return self._t.by(record_type.TABLE, field, value)  # type: ignore[return-value]

    def units(self, *, include_archived: bool = False) -> list[Unit]:
        return [u for u in self.all(Unit) if include_archived or not u.archived]

    def people(self) -> list[Person]:
        return self.all(Person)

    def person(self, login: str) -> Person | None:
        found = self.by(Person, "login", login)
        return found[0] if found else None

    def periods(self) -> list[Period]:
        return sorted(self.all(Period), key=lambda p: (p.start, p.end))

    def period_at(self, day: date, *, quarters_only: bool = True) -> Period | None:
        for period in self.periods():
            if quarters_only and period.is_year:
                continue
            if period.start <= day <= period.end:
                return period
        return None

    def objectives(
        self,
        *,
        period_id: str | None = None,
        unit_id: str | None = None,
        include_dropped: bool = False,
    ) -> list[Objective]:
        if unit_id is not None:
            found = self.by(Objective, "unit_id", unit_id)
        elif period_id is not None:
            found = self.by(Objective, "period_id", period_id)
        else:
            found = self.all(Objective)
        found = [
            o
            for o in found
            if (period_id is None or o.period_id == period_id)
            and (include_dropped or o.status not in ("dropped", "parked"))
        ]
        return sorted(found, key=lambda o: (o.order, o.title))

    def objective_counts(self, period_id: str) -> dict[str, int]:
        return dict(Counter(o.unit_id for o in self.objectives(period_id=period_id)))

    def key_results(self, objective_id: str, *, include_dropped: bool = False) -> list[KeyResult]:
        found = self.by(KeyResult, "objective_id", objective_id)
        found = [k for k in found if include_dropped or k.status != "dropped"]
        return sorted(found, key=lambda k: k.order)

    def checkins(self, kr_id: str) -> list[CheckIn]:
        return sorted(self.by(CheckIn, "kr_id", kr_id), key=lambda c: c.at)

    def latest_checkin(self, kr_id: str) -> CheckIn | None:
        found = self.by(CheckIn, "kr_id", kr_id)
        # Of two saved at the same moment the later-saved one is the latest (max keeps the first).
        return max(reversed(found), key=lambda c: c.at) if found else None

    # -- set reads: one call for many ids, each answer as the single read gives it --
    def by_each(
        self, record_type: type[R], field: str, values: Iterable[Any]
    ) -> dict[Any, list[R]]:
        """`by` for each value at once, under one hold of the mutex."""
        with self._mutex:
            self._table(record_type)
            table = record_type.TABLE
            return {v: self._t.by(table, field, v) for v in values}  # type: ignore[misc]

    def key_results_of(
        self, objective_ids: Iterable[str], *, include_dropped: bool = False
    ) -> dict[str, list[KeyResult]]:
        found = self.by_each(KeyResult, "objective_id", objective_ids)
        return {
            oid: sorted(
                (k for k in krs if include_dropped or k.status != "dropped"), key=lambda k: k.order
            )
            for oid, krs in found.items()
        }

    def checkins_of(self, kr_ids: Iterable[str]) -> dict[str, list[CheckIn]]:
        found = self.by_each(CheckIn, "kr_id", kr_ids)
        return {kid: sorted(cs, key=lambda c: c.at) for kid, cs in found.items()}

    def latest_checkins(self, kr_ids: Iterable[str]) -> dict[str, CheckIn | None]:
        found = self.by_each(CheckIn, "kr_id", kr_ids)
        return {
            kid: max(reversed(cs), key=lambda c: c.at) if cs else None for kid, cs in found.items()
        }

    def events(
        self,
        record_id: str | None = None,
        *,
        since: datetime | None = None,
        tables: Collection[str] | None = None,
        mentioning: Collection[str] | None = None,
    ) -> list[Event]:
        """Recorded changes, oldest first: all, or those of one record, from `since`
        on, of records in `tables`, mentioning one of the ids in `mentioning` (as
        their record, or as a value in their before or after).

        On a large workspace the event log stays on disk and is read a chunk at a
        time for each call, keeping only the events asked for.
        """
        query = EventQuery(
            record_id,
            since,
            frozenset(tables) if tables is not None else None,
            frozenset(mentioning) if mentioning is not None else None,
        )
        with self._mutex:
            disk = self._t.on_disk.get(Event.TABLE)
            if disk is None:
                if record_id is None:
                    every: list[Event] = list(self._table(Event).values())
                else:
                    every = self._t.by(Event.TABLE, "record_id", record_id)  # type: ignore[assignment]
                return sorted(filter(query.matches, every), key=lambda e: e.at)
            chunks = list(disk.chunks)
            added: list[Event] = list(self._t.table(Event.TABLE).values())  # type: ignore[arg-type]
            # A handle of its own on the version read: the scan runs without the mutex,
            # and a colleague's rewrite meanwhile cannot change what it reads.
            handle = self._file.duplicate()
        found = scan_events(handle, chunks, query, self._fail)
        found += filter(query.matches, added)
        return sorted(found, key=lambda e: e.at)

    def export_data(self) -> dict[str, Any]:
        """Every table as plain JSON data (the lossless export format).

        Everything, private objectives too: exports for people go through
        okr_tui.json_export, which leaves out what the viewer may not see.
        """
        with self._mutex:
            out: dict[str, Any] = {
                "schema_version": self._tunables().schema_version,
                "meta": self.meta.model_dump(mode="json"),
            }
            for table in sorted(self._t.names()):
                out[table] = [r.to_doc() for r in self._table(record_types()[table]).values()]
            return out
