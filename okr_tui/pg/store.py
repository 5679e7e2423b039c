"""A workspace in PostgreSQL, under the same record rules as the file (okr_tui.record_rules).

PgStore gives the rules its own mechanics: a write is one database
transaction that first locks the header row (so writers take turns and the
revision and the event sequence follow commit order), takes in what others
committed, and ends with the new revision announced by NOTIFY. Other
sessions LISTEN: noticing a change drains the notices already received on an
idle connection, with no round trip when there are none.

The small tables are kept in memory (okr_tui.pg.reads): read at open, kept
current by reading again only the records each newer revision touched.
Check-ins, events, objectives, key results, scores and tasks are read by
query when asked (okr_tui.pg.queried). A
lost connection is made again before the next write; while the database is
out of reach, what is in memory still answers and a write fails in one line
saying it was not saved.
"""

from __future__ import annotations

import contextlib
import select
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Generator, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from okr_tui.i18n import N_, _
from okr_tui.location import PgUrl
from okr_tui.models import Event, Meta, Record, record_types, utcnow
from okr_tui.pg import schema
from okr_tui.pg.connect import (
    DatabaseUnreachable,
    alive,
    calm,
    connect,
    connection_ok,
    fast_json,
    psycopg_module,
    take_notices,
)
from okr_tui.pg.memory import Undo
from okr_tui.pg.queried import QUERIED_TABLES
from okr_tui.pg.reads import DatabaseReads, memory_tables
from okr_tui.tablefile import Span, parse_span

if TYPE_CHECKING:
    import psycopg

    from okr_tui.batch import Batch
    from okr_tui.store_state import Tunables

    Conn = psycopg.Connection[tuple[Any, ...]]

CHANNEL = "okr_changes"

NOT_SAVED = N_("; your change was not saved. Try again")


def database_holds_workspace(url: PgUrl) -> bool:
    """Whether the database already has okr-tui's tables."""
    with contextlib.closing(connect(url, autocommit=True)) as conn, calm(url, N_("read")):
        return schema.holds_workspace(conn)


class PgStore(DatabaseReads):
    """One workspace in a PostgreSQL database, shared by every session connected to it.

    Threads: as the file store, readers take `_mutex` briefly and a write takes
    `_writer`, then the database connection (`_conn_lock`) and the header row's
    lock, and only then `_mutex`.
    """

    def __init__(
        self,
        url: PgUrl,
        user: str = "",
        *,
        create: bool = True,
        org: str = "",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.path = url  # type: ignore[assignment]
        self.url = url
        self.user = user
        self.clock = clock
        self._mutex = threading.RLock()
        self._writer = threading.Lock()
        self._conn_lock = threading.RLock()
        self._listen_lock = threading.Lock()
        self._owner = None
        self._depth = 0
        self._mem = self._t = memory_tables()
        self._undo: list[Undo] = []
        self._meta = None
        self._meta_before: Meta | None = None
        self._ops = []
        self._force_file = False
        self.revision = 0
        self._db_revision = 0
        self._told = 0
        self._outage_told = False
        self.needs_migration = False
        self.migrated_from = None
        self._pending = {}
        self._fresh = set()
        self._kr_cache = OrderedDict()
        self._latest = OrderedDict()
        self._rows = OrderedDict()
        self._counts = {}
        self._through_outages = False
        self._partial = False
        self._conn: Conn | None = None
        self._listener: Conn | None = None
        self._can_write = True
        from okr_tui.store import SCHEMA_VERSION

        self._format_version = SCHEMA_VERSION
        meta = Meta(schema_version=SCHEMA_VERSION, org=org or "My organisation", created=clock())
        with self._conn_lock:
            conn = self._connection()
            with calm(url, N_("open the workspace")):
                schema.prepare(conn, str(url), create=create, meta=meta)
                self._listen()
                self._load_all(conn)

    # -- connections ---------------------------------------------------------------------
    def _connection(self) -> Conn:
        """The connection for reads and writes, made again after it broke."""
        if self._conn is None or not alive(self._conn):
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.close()
            self._conn = None
            self._conn = connect(self.url, autocommit=True)
            fast_json(self._conn)
        return self._conn

    def _writing_connection(self) -> Conn:
        try:
            return self._connection()
        except DatabaseUnreachable as exc:
            raise DatabaseUnreachable(f"{exc}{_(NOT_SAVED)}") from None

    def _listen(self) -> None:
        """Listen for other sessions' notices on a connection of its own."""
        listener = connect(self.url, autocommit=True)
        listener.execute(f"listen {CHANNEL}")
        self._listener = listener

    def close(self) -> None:
        for conn in (self._conn, self._listener):
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
        self._conn = self._listener = None

    def _drain(self) -> None:
        """Take the notices already received; no round trip, and a poll of the socket only.

        A listening connection that was lost is made again (notices may have been
        missed meanwhile: the next refresh asks for the revision); when that fails
        too, DatabaseUnreachable says so once, and quietly after that until it is back.
        """
        with self._listen_lock:
            try:
                if self._listener is None:
                    self._listen()
                    self._told = max(self._told, self._db_revision + 1)
                assert self._listener is not None
                if not take_notices(self._listener, self._notice):
                    self._listener = None
                    self._listen()
                    self._told = max(self._told, self._db_revision + 1)
            except DatabaseUnreachable:
                self._listener = None
                if self._outage_told:
                    raise _QuietOutage() from None
                self._outage_told = True
                raise DatabaseUnreachable(
                    _(
                        "{url}: lost the connection to the database; what was not read yet "
                        "and changes by others show once it is back"
                    ).format(url=self.url)
                ) from None
            self._outage_told = False

    def _notice(self, payload: str) -> None:
        with contextlib.suppress(ValueError):
            self._told = max(self._told, int(payload))

    def wait_for_notice(self, timeout: float = 30.0) -> bool:
        """Block until a notice of a revision newer than this store's arrives (for tests
        and tools that must see another session's commit before going on)."""
        deadline = time.monotonic() + timeout
        while self._told <= self._db_revision:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            with self._listen_lock:
                assert self._listener is not None
                select.select([self._listener.fileno()], [], [], left)
                take_notices(self._listener, self._notice)
        return True

    def changed_on_disk(self) -> bool:
        try:
            self._drain()
        except _QuietOutage:
            return False
        return self._told > self._db_revision

    def refresh(self) -> bool:
        if self._owner == threading.get_ident():
            return False
        if not self._writer.acquire(blocking=False):
            return False
        try:
            if not self.changed_on_disk():
                return False
            with self._conn_lock, calm(self.url, N_("read the latest changes")):
                conn = self._connection()
                with conn.transaction():
                    took = self._take_in(conn)
            if self._forget_partial_reads():
                with self._mutex:
                    self._note_change(None)  # screens read again what the outage left out
                return True
            return took
        finally:
            self._writer.release()

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Self]:
        if self._owner == threading.get_ident():
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        saved: tuple[bool, frozenset[str] | None] = (False, None)
        with self._writer, self._conn_lock:
            try:
                with calm(self.url, N_("save"), NOT_SAVED), contextlib.ExitStack() as begun:
                    conn, base = self._begin(begun)
                    self._take_in(conn, base)
                    with self._mutex:
                        saved = yield from self._run(conn, base)
            except BaseException:
                with self._mutex:
                    self._discard_unsaved()
                raise
            finally:
                self._ops, self._undo, self._force_file = [], [], False
                self._pending, self._fresh = {}, set()
                self._meta_before = None
        if saved[0]:
            with self._mutex:
                self._db_revision += 1
                self._told = max(self._told, self._db_revision)
                self._note_change(saved[1])

    def _begin(self, begun: contextlib.ExitStack) -> tuple[Conn, int]:
        """Begin a transaction holding the header row: writers take turns from here.

        A connection found lost at this point is made again once: nothing was
        sent on it yet, so nothing can have been saved twice.
        """
        driver = psycopg_module()
        for attempt in range(2):
            conn = self._writing_connection()
            started = contextlib.ExitStack()
            try:
                started.enter_context(conn.transaction())
                row = conn.execute(
                    f"select revision from {schema.META} where id = 1 for update"
                ).fetchone()
            except driver.OperationalError:
                with contextlib.suppress(Exception):
                    started.close()
                if attempt or conn.pgconn.status == connection_ok():
                    raise
                continue
            assert row is not None
            begun.enter_context(started)
            return conn, int(row[0])
        raise AssertionError("unreachable")  # pragma: no cover

    def _run(
        self, conn: Conn, base: int
    ) -> Generator[Self, None, tuple[bool, frozenset[str] | None]]:
        """The body of a transaction, under `_mutex`: whether it saved, and which tables
        (None: the header too, which is not told table by table)."""
        self._owner = threading.get_ident()
        self._depth = 1
        self._ops, self._undo, self._force_file = [], [], False
        self._pending, self._fresh = {}, set()
        self._meta_before = self._meta
        try:
            yield self
            if not self._ops and not self._force_file:
                return (False, None)
            tables = self._commit_ops(conn, base + 1)
            self._forget_pending()
            return (True, None if self._force_file else frozenset(tables))
        finally:
            self._depth = 0
            self._owner = None

    def _commit_ops(self, conn: Conn, revision: int) -> set[str]:
        """Send this transaction's changes, the new revision and its notice, in one pipeline
        (a round trip for all of them, not one per statement)."""
        with conn.pipeline():
            return self._send_ops(conn, revision)

    def _send_ops(self, conn: Conn, revision: int) -> set[str]:
        from psycopg.types.json import Json

        changes: list[tuple[int, str, str]] = []
        for kind, table, rows in _grouped(self._ops):
            name = schema.table_name(table)
            if kind == "del":
                conn.cursor().executemany(f"delete from {name} where id = %s", [(i,) for i in rows])
            elif table == Event.TABLE:
                conn.cursor().executemany(
                    f"insert into {name} (id, doc) values (%s, %s)",
                    [(d["id"], Json(d)) for d in rows],
                )
            else:
                conn.cursor().executemany(
                    f"insert into {name} (id, doc) values (%s, %s) "
                    "on conflict (id) do update set doc = excluded.doc",
                    [(d["id"], Json(d)) for d in rows],
                )
            changes += [(revision, table, r if kind == "del" else r["id"]) for r in rows]
        if self._force_file:
            changes.append((revision, schema.META_CHANGE, ""))
        conn.cursor().executemany(
            f"insert into {schema.CHANGES} (revision, tbl, id) values (%s, %s, %s)", changes
        )
        conn.execute(
            f"update {schema.META} set revision = %s, doc = %s where id = 1",
            (revision, Json(self.meta.model_dump(mode="json"))),
        )
        if revision % schema.PRUNE_EVERY == 0:
            conn.execute(
                f"delete from {schema.CHANGES} where revision <= %s",
                (revision - schema.CHANGES_KEPT,),
            )
        conn.execute("select pg_notify(%s, %s)", (CHANNEL, str(revision)))
        return {table for _revision, table, _reason in changes if table != schema.META_CHANGE}

    def _discard_unsaved(self) -> None:
        """Put memory back as it was: the transaction was rolled back (or never began)."""
        self._pending, self._fresh = {}, set()
        for undo in reversed(self._undo):
            self._mem.undo(undo)
        self._undo = []
        if self._meta_before is not None:
            self._meta = self._meta_before

    # -- the hooks of the record rules ------------------------------------------------------
    def _put_record(self, record: Record, doc: dict[str, Any], *, fresh: bool = False) -> None:
        if record.TABLE in QUERIED_TABLES:
            self._pending.setdefault(record.TABLE, {})[record.id] = record
        else:
            self._undo.append(self._mem.put_undoable(record))
        self._ops.append(["put", record.TABLE, doc])

    def _drop_record(self, table: str, record_id: str) -> None:
        if table in QUERIED_TABLES:
            self._pending.setdefault(table, {})[record_id] = None
        else:
            self._undo.append(self._mem.remove_undoable(table, record_id))
        self._ops.append(["del", table, record_id])

    def _may_write(self) -> bool:
        return self._can_write

    def _before_change(self) -> None:
        """No backups here: a database is backed up by its own tools (pg_dump)."""

    def _batch_fits(self, batch: Batch) -> bool:
        return True  # ids, not document numbers: the revision check is enough

    def _take_batch_numbers(self, batch: Batch) -> None:
        pass

    def _append_batch(self, batch: Batch) -> bool:
        appended = False
        for table, chunks in batch.take().items():
            record_type = record_types()[table]
            for chunk in chunks:
                assert not isinstance(chunk, Span), "a batch holds its own documents"
                raw = chunk if isinstance(chunk, bytes) else chunk.read()
                for doc in parse_span(raw).values():
                    record = self._valid(record_type, doc)
                    self._put_record(record, doc)
                    appended = True
        return appended

    def _after_batch(self) -> None:
        pass

    def backups(self) -> list[Path]:
        return []

    def _tunables(self) -> Tunables:  # pragma: no cover - the file's thresholds do not apply
        raise NotImplementedError("a PostgreSQL workspace has no file thresholds")


def _grouped(ops: list[list[Any]]) -> Iterator[tuple[str, str, list[Any]]]:
    """Runs of the same kind of change to the same table, in order (one statement each)."""
    run: list[Any] = []
    key: tuple[str, str] | None = None
    for op in ops:
        this = (str(op[0]), str(op[1]))
        if this != key and run:
            assert key is not None
            yield key[0], key[1], run
            run = []
        key = this
        run.append(op[2])
    if run and key is not None:
        yield key[0], key[1], run


class _QuietOutage(Exception):
    """The database is still out of reach, and the user was told already."""
