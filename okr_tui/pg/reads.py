"""The read side of a PostgreSQL workspace: records in memory, the event log as stored text.

Opening reads every table a few thousand rows at a time; afterwards only the
records each newer revision touched are read again (okr_changes names them).

The records are kept in memory, as the file keeps them (okr_tui.store_queries
reads them there): a screen never waits on the network, and a database out of
reach for a while leaves every screen readable. The event log (about half of a
large workspace) is append-only; it is kept as the bytes the database holds,
read at open and extended by sequence number, and a query scans those bytes
first (as the file's scan of its chunks does), validating only what may match.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from pydantic import ValidationError

from okr_tui.event_scan import EventQuery
from okr_tui.file_read import share_fields_set
from okr_tui.i18n import _
from okr_tui.location import PgUrl
from okr_tui.models import Event, Meta, Record, record_types
from okr_tui.pg import schema
from okr_tui.pg.memory import MemoryTables
from okr_tui.record_rules import RecordRules
from okr_tui.store_errors import WorkspaceError, describe_validation
from okr_tui.store_state import collector_paused
from okr_tui.tables import OnDisk

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[Any, ...]]

R = TypeVar("R", bound=Record)

READ_ROWS = 5000
"""Rows fetched at a time when a table is read at open."""


class DatabaseReads(RecordRules):
    """Records from memory; the event log from its stored documents."""

    url: PgUrl
    _format_version: int
    _event_docs: list[bytes]
    """Every committed event's document as stored, in sequence order."""
    _event_seq: int
    """The sequence number of the last of them."""
    _mem: MemoryTables
    _db_revision: int
    """The database's revision this store holds."""
    _told: int
    """The newest revision a notice told of."""
    _can_write: bool

    # -- reading everything at open, and what others changed since -------------------------
    def _load_all(self, conn: Conn) -> None:
        # Held off while reading, as for the file: the records all live on, none in a cycle.
        with conn.transaction(), collector_paused():
            row = conn.execute(f"select doc, revision from {schema.META} where id = 1").fetchone()
            assert row is not None
            tables = memory_tables()
            for table in schema.record_tables():
                tables.models[table] = self._read_table(conn, table)
            seq, docs = self._read_events(conn, 0)
            self._can_write = bool(
                conn.execute(
                    "select has_table_privilege(%s, 'insert')", (schema.table_name("people"),)
                ).fetchone()[0]  # type: ignore[index]
            )
        with self._mutex:
            self._meta = self._valid_meta(row[0])
            self._mem = self._t = tables
            self._event_docs, self._event_seq = docs, seq
            self._db_revision = self._told = int(row[1])
            self._note_change(None)

    def _read_table(self, conn: Conn, table: str) -> dict[str, Record]:
        """One table's records, in a few thousand rows at a time (never all documents at once)."""
        record_type = record_types()[table]
        record_type.model_rebuild()
        validate = record_type.__pydantic_validator__.validate_python
        shared: dict[tuple[str, ...], set[str]] = {}
        out: dict[str, Record] = {}
        with conn.cursor(name=f"okr_read_{table}") as cursor:
            cursor.itersize = READ_ROWS
            cursor.execute(f"select doc from {schema.table_name(table)} order by ord")
            for (doc,) in cursor:
                try:
                    record = validate(doc)
                except ValidationError:
                    record = self._valid(record_type, doc)  # raises with the reason
                share_fields_set(record, tuple(doc), shared)
                out[record.id] = record
        return out

    def _read_events(self, conn: Conn, after: int) -> tuple[int, list[bytes]]:
        """The event log's documents after sequence number `after`, as stored; the last number.

        Read a few thousand rows at a time, each kept as bytes (half the size of a str).
        """
        sql = f"select seq, doc::text from {schema.EVENTS} where seq > %s order by seq"
        docs: list[bytes] = []
        last = after
        if after:  # a few new ones: one round trip
            for seq, doc in conn.execute(sql, (after,)).fetchall():
                docs.append(str(doc).encode())
                last = int(seq)
            return last, docs
        with conn.cursor(name="okr_read_events") as cursor:
            cursor.itersize = READ_ROWS
            cursor.execute(sql, (after,))
            for seq, doc in cursor:
                docs.append(str(doc).encode())
                last = int(seq)
        return last, docs

    def _valid_meta(self, doc: Any) -> Meta:
        try:
            return Meta.model_validate(doc)
        except ValidationError as exc:
            raise WorkspaceError(
                _("{url}: the header does not read ({problem})").format(url=self.url, problem=exc)
            ) from None

    def _take_in(self, conn: Conn, target: int | None = None) -> bool:
        """Take in the revisions others committed up to `target` (now: the latest)."""
        if target is None:
            row = conn.execute(f"select revision from {schema.META} where id = 1").fetchone()
            assert row is not None
            target = int(row[0])
        if target <= self._db_revision:
            return False
        rows = conn.execute(
            f"select revision, tbl, id from {schema.CHANGES} "
            "where revision > %s and revision <= %s",
            (self._db_revision, target),
        ).fetchall()
        if len({row[0] for row in rows}) < target - self._db_revision:
            # Older than the changes kept (every revision leaves at least one): read it all.
            self._load_all(conn)
            return True
        touched: dict[str, set[str]] = {}
        for _revision, table, record_id in rows:
            touched.setdefault(str(table), set()).add(str(record_id))
        meta: Meta | None = None
        if schema.META_CHANGE in touched:
            doc = conn.execute(f"select doc from {schema.META} where id = 1").fetchone()
            assert doc is not None
            meta = self._valid_meta(doc[0])
        fetched: dict[str, tuple[set[str], list[Record]]] = {}
        for table, ids in touched.items():
            if table in (schema.META_CHANGE, Event.TABLE) or table not in record_types():
                continue
            found = conn.execute(
                f"select id, doc from {schema.table_name(table)} where id = any(%s) order by ord",
                (list(ids),),
            ).fetchall()
            record_type = record_types()[table]
            fetched[table] = (ids, [self._valid(record_type, doc) for _number, doc in found])
        seq, docs = self._read_events(conn, self._event_seq)
        with self._mutex:
            self._event_docs += docs
            self._event_seq = seq
            for table, (ids, records) in fetched.items():
                self._mem.take(table, ids, records)
            if meta is not None:
                self._meta = meta
            self._db_revision = target
            self._told = max(self._told, target)
            self._note_change(None if meta is not None else touched.keys())
        return True

    def _valid(self, record_type: type[Record], doc: Any) -> Record:
        try:
            return record_type.model_validate(doc)
        except ValidationError as exc:
            raise WorkspaceError(
                _(
                    "{url}: a record of {table} does not read ({problem}); nothing was changed"
                ).format(url=self.url, table=record_type.TABLE, problem=describe_validation(exc))
            ) from None

    def _table(self, record_type: type[R]) -> dict[str, R]:
        if record_type.TABLE == Event.TABLE:
            return {e.id: e for e in self.events()}  # type: ignore[misc]
        return self._t.table(record_type.TABLE)  # type: ignore[return-value]

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
        with self._mutex:
            stored = self._event_docs  # only ever appended to: safe to scan without the mutex
            count = len(stored)
            pending = [op[2] for op in self._ops if op[0] == "put" and op[1] == Event.TABLE]
        found: list[Event] = []
        with collector_paused():
            for raw in stored[:count]:
                if not query.in_chunk(raw):
                    continue
                doc = orjson.loads(raw)
                if query.may_match(doc):
                    found.append(self._valid(Event, doc))  # type: ignore[arg-type]
        found += [self._valid(Event, doc) for doc in pending]  # type: ignore[misc]
        return [event for event in found if query.matches(event)]

    def export_data(self) -> dict[str, Any]:
        events = [event.to_doc() for event in self.events()]
        with self._mutex:
            out: dict[str, Any] = {
                "schema_version": self._format_version,
                "meta": self.meta.model_dump(mode="json"),
            }
            tables = {t: list(m.values()) for t, m in self._t.models.items()}
            for table in sorted({*tables, *([Event.TABLE] if events else [])}):
                if table == Event.TABLE:
                    out[table] = events
                elif tables[table]:
                    out[table] = [r.to_doc() for r in tables[table]]
            return out


def memory_tables() -> MemoryTables:
    tables = MemoryTables()
    # The event log is never in memory: the rules then give events random ids.
    tables.on_disk[Event.TABLE] = OnDisk([], 0)
    return tables
