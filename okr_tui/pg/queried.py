"""The growing tables of a PostgreSQL workspace, read by query when asked, never held whole.

Check-ins and events are nearly all of an organisation's rows, and objectives,
key results, scores, tasks and people grow with it (140,000 key results and
25,000 people at a million check-ins). Opening a workspace reads none of them: a screen's read
asks the database for the rows it shows (the objectives of this unit, the
key results of these, their check-ins, the events of this record), through
the indexes of okr_tui.pg.schema.

What was read is kept (bounded caches) until a change to its table is taken
in, here or from another session's notice: home and the review re-read their
rows on every change, and rows that did not change cost no round trip. The
check-ins kept by key result are dropped finer, only for the check-ins that
changed. Events are never kept: every write adds some.

Inside a transaction the changes not yet sent are laid over what the database
answers, so the rules and the writer read what they wrote.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from pydantic import ValidationError

from okr_tui.event_scan import EventQuery
from okr_tui.i18n import _
from okr_tui.location import PgUrl
from okr_tui.models import (
    CheckIn,
    Event,
    KeyResult,
    Objective,
    Person,
    Record,
    Score,
    Task,
    record_types,
)
from okr_tui.pg import schema
from okr_tui.pg.connect import DatabaseUnreachable, calm
from okr_tui.pg.event_sql import event_condition
from okr_tui.record_rules import RecordRules
from okr_tui.store_errors import WorkspaceError, describe_validation
from okr_tui.store_state import collector_paused

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[Any, ...]]

R = TypeVar("R", bound=Record)

QUERIED_TABLES = frozenset(
    {
        CheckIn.TABLE,
        Event.TABLE,
        KeyResult.TABLE,
        Objective.TABLE,
        Person.TABLE,
        Score.TABLE,
        Task.TABLE,
    }
)
"""Tables read by query, never loaded at open: they grow with the organisation."""

CACHED_READS = 200_000
"""Reads by field kept (objectives of a unit, key results of an objective, each by id, ...).

Each is a key and a list of records also kept under others: a whole period's
objectives at a million check-ins (some 25,000) and each of them by id fit."""

CACHED_KRS = 4000
"""Key results whose check-ins are kept after a read (the oldest read goes first)."""

STREAM_ROWS = 5000
"""Rows fetched at a time when a whole queried table is read (an export)."""

_ID_WIDTHS = (4, 4, 4, 6, 6, 6, 8, 8, 12)
"""The widths of the ids tried for a new record, short first, asked about at once."""


class QueriedTables(RecordRules):
    """Reads of the growing tables (QUERIED_TABLES) by query; every other table from memory."""

    url: PgUrl
    _conn_lock: threading.RLock
    _owner: int | None
    _pending: dict[str, dict[str, Record | None]]
    """This transaction's changes to the queried tables, by id (None: removed)."""
    _fresh: set[str]
    """Ids this transaction gave new records of the queried tables (known to be free)."""
    _kr_cache: OrderedDict[str, list[CheckIn]]
    """Check-ins by key result as committed, oldest first, for the key results read lately."""
    _latest: OrderedDict[str, CheckIn | None]
    """The newest check-in of the key results asked for lately (None: none yet)."""
    _counts: dict[str, dict[str, int]]
    """Objectives per unit by period, as counted by the database."""
    _rows: OrderedDict[tuple[str, str, str], list[Record]]
    """(table, field, value) -> its records as committed, for the other queried tables."""
    _through_outages: bool
    """Answer a read with nothing while the database is out of reach (an open app)."""
    _partial: bool
    """Some reads were answered with nothing during an outage: read everything again."""

    def _connection(self) -> Conn:  # pragma: no cover - PgStore's
        raise NotImplementedError

    # -- asking the database -----------------------------------------------------------------
    def _select(self, table: str, where: str, params: tuple[Any, ...]) -> list[Record]:
        """Records of a queried table matching an SQL condition, in the order they were added."""
        record_type = record_types()[table]
        order = "seq" if table == Event.TABLE else "ord"
        # As text, read by pydantic's own JSON parser: several times faster than making
        # the driver's dicts first (a period's objectives at 1M: 40 ms, not 150).
        sql = f"select doc::text from {schema.table_name(table)} where {where} order by {order}"
        try:
            with self._conn_lock, calm(self.url, "read"):
                rows = self._connection().execute(sql, params).fetchall()
        except DatabaseUnreachable:
            if not self._through_outages or self._mine():
                raise  # a command, or a change being made: it fails in one line
            self._partial = True
            return []
        record_type.model_rebuild()
        validate = record_type.__pydantic_validator__.validate_json
        with collector_paused():
            return [self._checked(record_type, validate, doc) for (doc,) in rows]

    def _checked(self, record_type: type[Record], validate: Any, doc: Any) -> Record:
        try:
            record: Record = validate(doc)
        except ValidationError:
            # Raises with the reason.
            record = self._valid(record_type, orjson.loads(doc) if isinstance(doc, str) else doc)
        return record

    def _valid(self, record_type: type[Record], doc: Any) -> Record:
        try:
            return record_type.model_validate(doc)
        except ValidationError as exc:
            raise WorkspaceError(
                _(
                    "{url}: a record of {table} does not read ({problem}); nothing was changed"
                ).format(url=self.url, table=record_type.TABLE, problem=describe_validation(exc))
            ) from None

    def _stream(self, table: str) -> Iterator[dict[str, Any]]:
        """Every document of a queried table as stored, a few thousand rows at a time."""
        order = "seq" if table == Event.TABLE else "ord"
        with self._conn_lock, calm(self.url, "read"):
            conn = self._connection()
            with conn.transaction(), conn.cursor(name=f"okr_stream_{table}") as cursor:
                cursor.itersize = STREAM_ROWS
                cursor.execute(f"select doc from {schema.table_name(table)} order by {order}")
                for (doc,) in cursor:
                    yield doc

    # -- this transaction's own changes --------------------------------------------------------
    def _mine(self) -> bool:
        return self._owner == threading.get_ident()

    def _laid_over(self, table: str, found: list[R], keep: Any = None) -> list[R]:
        """`found` with this transaction's unsent changes to `table` (`keep`: which belong)."""
        pending = self._pending.get(table) if self._mine() else None
        if not pending:
            return found
        by_id: dict[str, Any] = {r.id: r for r in found}
        for record_id, record in pending.items():
            if record is None or (keep is not None and not keep(record)):
                by_id.pop(record_id, None)
            else:
                by_id[record_id] = record
        return list(by_id.values())

    # -- check-ins -----------------------------------------------------------------------------
    def _checkins_by_kr(self, kr_ids: Iterable[str]) -> dict[str, list[CheckIn]]:
        """Each key result's check-ins in the order added, from the cache or one query."""
        wanted = list(dict.fromkeys(kr_ids))
        with self._conn_lock, self._mutex:
            out = {k: self._kr_cache[k] for k in wanted if k in self._kr_cache}
            missing = [k for k in wanted if k not in out]
            if missing:
                found = self._select(CheckIn.TABLE, "doc->>'kr_id' = any(%s)", (missing,))
                for kr_id in missing:
                    out[kr_id] = []
                for checkin in found:
                    assert isinstance(checkin, CheckIn)
                    out[checkin.kr_id].append(checkin)
                for kr_id in missing:
                    self._kr_cache[kr_id] = out[kr_id]
                while len(self._kr_cache) > CACHED_KRS:
                    self._kr_cache.popitem(last=False)
            for kr_id in wanted:
                if kr_id in self._kr_cache:
                    self._kr_cache.move_to_end(kr_id)
                out[kr_id] = self._laid_over(
                    CheckIn.TABLE, list(out[kr_id]), lambda c, k=kr_id: c.kr_id == k
                )
            return out

    # -- the other queried tables, by field -----------------------------------------------------
    def _by_field(self, table: str, field: str, values: list[str]) -> dict[str, list[Record]]:
        """The records whose `field` is each value (an indexed field, or the id), kept once read."""
        with self._conn_lock, self._mutex:
            out: dict[str, list[Record]] = {}
            for value in values:
                kept = self._rows.get((table, field, value))
                if kept is not None:
                    self._rows.move_to_end((table, field, value))
                    out[value] = kept
            missing = [v for v in dict.fromkeys(values) if v not in out]
            if missing:
                column = "id" if field == "id" else f"doc->>'{field}'"
                for value in missing:
                    out[value] = []
                found = self._select(table, f"{column} = any(%s)", (missing,))
                for record in found:
                    out[getattr(record, field)].append(record)
                for value in missing:
                    self._rows[(table, field, value)] = out[value]
                if field != "id":
                    # Each by id as well: a look-up of one of them then needs no round trip.
                    for record in found:
                        self._rows[(table, "id", record.id)] = [record]
                while len(self._rows) > CACHED_READS:
                    self._rows.popitem(last=False)
            return {
                value: self._laid_over(
                    table, list(out[value]), lambda r, v=value: getattr(r, field) == v
                )
                for value in values
            }

    def objective_counts(self, period_id: str) -> dict[str, int]:
        """Counted by the database (no objective read), kept until objectives change."""
        table = Objective.TABLE
        with self._conn_lock, self._mutex:
            if self._mine() and self._pending.get(table):
                return super().objective_counts(period_id)
            kept = self._counts.get(period_id)
            if kept is None:
                sql = (
                    f"select doc->>'unit_id', count(*) from {schema.table_name(table)} "
                    "where doc->>'period_id' = %s "
                    "and coalesce(doc->>'status', '') not in ('dropped', 'parked') group by 1"
                )
                try:
                    with calm(self.url, "read"):
                        rows = self._connection().execute(sql, (period_id,)).fetchall()
                except DatabaseUnreachable:
                    if not self._through_outages:
                        raise
                    self._partial = True
                    rows = []
                kept = self._counts[period_id] = {str(u): int(n) for u, n in rows}
            return dict(kept)

    def read_through_outages(self) -> None:
        self._through_outages = True

    def _forget_partial_reads(self) -> bool:
        """After an outage: forget every read, for those answered with nothing; whether any were."""
        with self._mutex:
            if not self._partial:
                return False
            self._partial = False
            self._kr_cache.clear()
            self._latest.clear()
            self._rows.clear()
            self._counts.clear()
            return True

    def _forget_tables(self, tables: Collection[str]) -> None:
        """What was kept of these tables' reads is out of date."""
        with self._mutex:
            for key in [k for k in self._rows if k[0] in tables]:
                del self._rows[key]
            if Objective.TABLE in tables:
                self._counts.clear()

    def latest_checkins(self, kr_ids: Iterable[str]) -> dict[str, CheckIn | None]:
        """The newest check-in of each: from the check-ins kept, else only the newest asked for.

        A key result's newest is its latest `at`, of equal ones the later saved (as the
        file's rule); rows are left in the database, so a whole tree's numbers read
        one row per key result, not every reading.
        """
        wanted = list(dict.fromkeys(kr_ids))
        with self._conn_lock, self._mutex:
            if self._mine() and self._pending.get(CheckIn.TABLE):
                return super().latest_checkins(wanted)
            out: dict[str, CheckIn | None] = {}
            for kr_id in wanted:
                kept = self._kr_cache.get(kr_id)
                if kept is not None:
                    out[kr_id] = max(reversed(kept), key=lambda c: c.at) if kept else None
                elif kr_id in self._latest:
                    self._latest.move_to_end(kr_id)
                    out[kr_id] = self._latest[kr_id]
            missing = [k for k in wanted if k not in out]
            if missing:
                found = self._select(
                    CheckIn.TABLE,
                    "id in (select distinct on (doc->>'kr_id') id from "
                    f"{schema.table_name(CheckIn.TABLE)} where doc->>'kr_id' = any(%s) "
                    "order by doc->>'kr_id', (doc->>'at')::timestamptz desc, ord desc)",
                    (missing,),
                )
                latest = {c.kr_id: c for c in found if isinstance(c, CheckIn)}
                for kr_id in missing:
                    out[kr_id] = self._latest[kr_id] = latest.get(kr_id)
                while len(self._latest) > CACHED_READS:
                    self._latest.popitem(last=False)
            return {k: out[k] for k in wanted}

    def latest_checkin(self, kr_id: str) -> CheckIn | None:
        return self.latest_checkins([kr_id])[kr_id]

    def _forget_checkins(self, ids: Collection[str], kr_ids: Collection[str]) -> None:
        """Drop what the cache holds of these check-ins and of these key results."""
        with self._mutex:
            for kr_id, checkins in list(self._kr_cache.items()):
                if kr_id in kr_ids or any(c.id in ids for c in checkins):
                    del self._kr_cache[kr_id]
            for kr_id, latest in list(self._latest.items()):
                if kr_id in kr_ids or (latest is not None and latest.id in ids):
                    del self._latest[kr_id]

    def _forget_pending(self) -> None:
        """After a commit: what was kept of the records it changed is out of date."""
        self._forget_tables(set(self._pending))
        pending = self._pending.get(CheckIn.TABLE)
        if pending:
            krs = {r.kr_id for r in pending.values() if isinstance(r, CheckIn)}
            self._forget_checkins(set(pending), krs)

    # -- the read side, for the queried tables ---------------------------------------------------
    def _queried(self, record_type: type[Record]) -> bool:
        return record_type.TABLE in QUERIED_TABLES

    def find(self, record_type: type[R], record_id: str | None) -> R | None:
        if not record_id or not self._queried(record_type):
            return super().find(record_type, record_id)
        with self._conn_lock, self._mutex:
            pending = self._pending.get(record_type.TABLE, {}) if self._mine() else {}
            if record_id in pending:
                return pending[record_id]  # type: ignore[return-value]
            if record_id in self._fresh:
                return None
            if record_type in (CheckIn, Event):
                found = self._select(record_type.TABLE, "id = %s", (record_id,))
            else:
                found = self._by_field(record_type.TABLE, "id", [record_id])[record_id]
        return found[0] if found else None  # type: ignore[return-value]

    def all(self, record_type: type[R]) -> list[R]:
        if not self._queried(record_type):
            return super().all(record_type)
        if record_type is Event:
            return self.events()  # type: ignore[return-value]
        table = record_type.TABLE
        with self._conn_lock, self._mutex:
            # Check-ins are never kept whole; a smaller table's whole read is, as any read.
            found: list[Record] | None = None
            if record_type is not CheckIn:
                found = self._rows.get((table, "", ""))
            if found is None:
                validate = record_type.__pydantic_validator__.validate_python
                found = [self._checked(record_type, validate, d) for d in self._stream(table)]
                if record_type is not CheckIn:
                    self._rows[(table, "", "")] = found
            return self._laid_over(table, list(found))  # type: ignore[arg-type]

    def by(self, record_type: type[R], field: str, value: Any) -> list[R]:
        if not self._queried(record_type):
            return super().by(record_type, field, value)
        return self.by_each(record_type, field, [value])[value]

    def by_each(
        self, record_type: type[R], field: str, values: Iterable[Any]
    ) -> dict[Any, list[R]]:
        if not self._queried(record_type):
            return super().by_each(record_type, field, values)
        wanted = list(values)
        table = record_type.TABLE
        if all(isinstance(v, str) for v in wanted):
            if record_type is CheckIn and field == "kr_id":
                return self._checkins_by_kr(wanted)  # type: ignore[return-value]
            if record_type is not Event and (
                field == "id" or field in schema.INDEXED.get(table, ())
            ):
                return self._by_field(table, field, wanted)  # type: ignore[return-value]
        every = self.all(record_type)
        return {v: [r for r in every if getattr(r, field) == v] for v in wanted}

    def _table(self, record_type: type[R]) -> Mapping[str, R]:  # type: ignore[override]
        if self._queried(record_type):
            return _Lookup(self, record_type)
        return super()._table(record_type)

    def _stored(self, record: Record) -> Record | None:
        if self._queried(type(record)):
            return None if record.id in self._fresh else self.find(type(record), record.id)
        return super()._stored(record)

    def add(self, record: R, *, reason: str = "", action: str = "create") -> R:
        if record.id or not self._queried(type(record)):
            return super().add(record, reason=reason, action=action)
        with self.transaction():
            fresh = self._fresh_id(record.PREFIX, record.TABLE)
            self._fresh.add(fresh)
            return super().add(
                record.model_copy(update={"id": fresh}), reason=reason, action=action
            )

    def _fresh_id(self, prefix: str, table: str) -> str:
        """A short id no record of `table` has, found with one question to the database."""
        while True:
            tried = [f"{prefix}-{secrets.token_hex(w // 2)}" for w in _ID_WIDTHS]
            with self._conn_lock, calm(self.url, "read"):
                rows = (
                    self._connection()
                    .execute(
                        f"select id from {schema.table_name(table)} where id = any(%s)",
                        (tried,),
                    )
                    .fetchall()
                )
            taken = {str(row[0]) for row in rows} | set(self._pending.get(table, {}))
            for candidate in tried:
                if candidate not in taken:
                    return candidate

    # -- events ----------------------------------------------------------------------------------
    def events(
        self,
        record_id: str | None = None,
        *,
        since: datetime | None = None,
        tables: Collection[str] | None = None,
        mentioning: Collection[str] | None = None,
    ) -> list[Event]:
        query = EventQuery(
            record_id,
            since,
            frozenset(tables) if tables is not None else None,
            frozenset(mentioning) if mentioning is not None else None,
        )
        where, params = event_condition(query)
        with self._conn_lock, self._mutex:
            found: list[Event] = self._select(Event.TABLE, where, params)  # type: ignore[assignment]
            found = self._laid_over(Event.TABLE, found)
        # In the order of commits (the sequence), not of the sessions' clocks.
        return [event for event in found if query.matches(event)]


class _Lookup(Mapping[str, R]):
    """A queried table as the rules look into it: by id, one query each, never all of it."""

    def __init__(self, store: QueriedTables, record_type: type[R]) -> None:
        self._store = store
        self._type = record_type

    def __getitem__(self, record_id: str) -> R:
        found = self._store.find(self._type, record_id)
        if found is None:
            raise KeyError(record_id)
        return found

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and self._store.find(self._type, record_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter([r.id for r in self._store.all(self._type)])

    def __len__(self) -> int:
        return len(self._store.all(self._type))
