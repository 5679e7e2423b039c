"""The read side of a PostgreSQL workspace: the small tables in memory, the growing ones by query.

Opening reads the small tables (units, people, periods, workshops, charters,
votes, ...: what grows with meetings, not with weeks), a few thousand rows at
a time; afterwards only the records each newer revision touched are read
again (okr_changes names them). They stay in memory as the file keeps them
(okr_tui.store_queries reads them there). The tables that grow with the
organisation (okr_tui.pg.queried.QUERIED_TABLES) are asked for when a screen
needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from okr_tui.i18n import _
from okr_tui.location import PgUrl
from okr_tui.models import CheckIn, Event, Meta, Record, record_types
from okr_tui.pg import schema
from okr_tui.pg.memory import MemoryTables
from okr_tui.pg.queried import QUERIED_TABLES, QueriedTables
from okr_tui.store_errors import WorkspaceError
from okr_tui.store_state import collector_paused
from okr_tui.tables import OnDisk, share_fields_set

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[Any, ...]]

R = TypeVar("R", bound=Record)

READ_ROWS = 5000
"""Rows fetched at a time when a table is read at open."""


class DatabaseReads(QueriedTables):
    """The small tables from memory, kept current; the growing ones by query."""

    url: PgUrl
    _format_version: int
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
                if table not in QUERIED_TABLES:
                    tables.models[table] = self._read_table(conn, table)
            self._can_write = bool(
                conn.execute(
                    "select has_table_privilege(%s, 'insert')", (schema.table_name("people"),)
                ).fetchone()[0]  # type: ignore[index]
            )
        with self._mutex:
            self._meta = self._valid_meta(row[0])
            self._mem = self._t = tables
            self._kr_cache.clear()
            self._latest.clear()
            self._rows.clear()
            self._counts.clear()
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
            if table in (schema.META_CHANGE, *QUERIED_TABLES) or table not in record_types():
                continue
            found = conn.execute(
                f"select id, doc from {schema.table_name(table)} where id = any(%s) order by ord",
                (list(ids),),
            ).fetchall()
            record_type = record_types()[table]
            fetched[table] = (ids, [self._valid(record_type, doc) for _, doc in found])
        moved = self._moved_checkins(conn, touched.get(CheckIn.TABLE, set()))
        with self._mutex:
            self._forget_checkins(touched.get(CheckIn.TABLE, set()), moved)
            self._forget_tables(touched.keys())
            for table, (ids, records) in fetched.items():
                self._mem.take(table, ids, records)
            if meta is not None:
                self._meta = meta
            self._db_revision = target
            self._told = max(self._told, target)
            self._note_change(None if meta is not None else touched.keys())
        return True

    def _moved_checkins(self, conn: Conn, ids: set[str]) -> set[str]:
        """The key results these changed check-ins belong to now (their cached rows are old)."""
        if not ids or not (self._kr_cache or self._latest):
            return set()
        rows = conn.execute(
            f"select doc->>'kr_id' from {schema.table_name(CheckIn.TABLE)} where id = any(%s)",
            (list(ids),),
        ).fetchall()
        return {str(row[0]) for row in rows}

    def export_data(self) -> dict[str, Any]:
        """Every table; the growing ones streamed from the database, never all held as models."""
        with self._mutex:
            out: dict[str, Any] = {
                "schema_version": self._format_version,
                "meta": self.meta.model_dump(mode="json"),
            }
            small = {t: list(m.values()) for t, m in self._t.models.items()}
        for table in sorted({*small, *QUERIED_TABLES}):
            if table in QUERIED_TABLES:
                record_type = record_types()[table]
                docs = [self._valid(record_type, d).to_doc() for d in self._stream(table)]
                if docs:
                    out[table] = docs
            elif small[table]:
                out[table] = [r.to_doc() for r in small[table]]
        return out


def memory_tables() -> MemoryTables:
    tables = MemoryTables()
    # The event log is never in memory: the rules then give events random ids.
    tables.on_disk[Event.TABLE] = OnDisk([], 0)
    return tables
