"""The store: the only code that touches TinyDB.

A workspace is one TinyDB file. Several processes (SSH sessions, browser tabs)
may share it, so every change is a read-modify-write under a file lock, with
the file re-read inside the lock when another process changed it, and written
atomically.

A large workspace (over JOURNAL_FROM bytes) also has a journal beside it
(`<file>.journal`): each change is appended to it as one checksummed line and
fsynced, so a check-in costs the same in a team of ten or an organisation of
thousands. The file names the journal generation it goes with, and the one it
was folded from: a journal of that one is left from a stop while folding (its
lines are in the file) and is ignored; a missing journal, or one of any other
generation, holds changes the file lacks, and the file is refused. A plain file
(a restored backup names no journal) ignores a journal beside it. When the
journal grows past half the file it is folded into a new version of the file.
A file without a journal is a plain TinyDB file, as before. Files made beside
the workspace are shared as it is (okr_tui.file_modes); backups are written
whole (okr_tui.backups). Every change records an Event; changing a committed
objective or key result needs a reason. A file that does not parse or validate,
or that this account may not write, is never overwritten.

The file is written in chunks whose places its header names (okr_tui.tablefile):
opening reads a chunk at a time and keeps only models in memory (okr_tui.tables),
a large event log stays on disk until asked for, and a rewrite copies unchanged
chunks from the file in use.

Screens and the CLI call the methods here; they never see the file's format.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import secrets
import threading
import zlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import orjson
from pydantic import ValidationError

from okr_tui import backups, file_modes
from okr_tui.backups import backups_dir
from okr_tui.journal import (
    DamagedJournal,
    OddEntry,
    append_journal,
    encode_line,
    entry_ops,
    journal_path,
    read_journal,
    start_journal,
)
from okr_tui.models import (
    CheckIn,
    Event,
    KeyResult,
    Meta,
    Objective,
    Period,
    Person,
    Record,
    Unit,
    period_for,
    record_types,
    utcnow,
)
from okr_tui.plain_text import ControlCharacter, check, check_fields
from okr_tui.storage import (
    TEMP_PREFIX,
    FileVersion,
    Signature,
    UnreadableFile,
    WorkspaceFile,
    atomic_write_bytes,
    file_signature,
    parse_bytes,
    read_version,
    remove_stale_temp_files,
    temp_prefix,
    writable,
    write_workspace,
)
from okr_tui.tablefile import INDEX_KEY, Indexed, Span, TableIndex, parse_span, plan, read_span
from okr_tui.tables import NeedsTable, OnDisk, Tables
from okr_tui.workspace import WorkspaceStore

if TYPE_CHECKING:
    from filelock import FileLock

    from okr_tui.batch import Batch

SCHEMA_VERSION = 1
META_TABLE = "_meta"
BACKUPS_KEPT = 10
BACKUP_PERIOD = "%Y%m%d"
"""One backup per value of this strftime format (per day): the first write of each makes one."""
DEFAULT_LOCK_TIMEOUT = 10.0
LOCK_POLL_SECONDS = 0.01
"""filelock retries every 50 ms by default and is not fair; polling more often lets a
waiting session in sooner after a colleague's write (a write holds the lock for ms)."""

JOURNAL_FROM = 256 * 1024
"""A workspace file larger than this gets a journal: below it a whole-file write is cheap."""
JOURNAL_FOLD_MIN = 4 * 1024 * 1024
"""The journal is folded into the file when it outgrows this and half the file's size."""
JOURNAL_KEY = "journal"
"""The key in the _meta document naming the journal generation that goes with the file."""
FOLDED_KEY = "folded"
"""The key in the _meta document naming the journal generation whose lines the file holds:
a journal of that generation beside it is left over from a fold and safe to ignore."""

LAZY_TABLES = frozenset({Event.TABLE})
"""Tables a large workspace leaves on disk until asked for (the event log: half the file)."""
LAZY_FROM = 1024 * 1024
"""A lazy table is left on disk when it takes more than this in the file."""

R = TypeVar("R", bound=Record)
T = TypeVar("T")

Migration = Callable[[dict[str, Any]], None]
MIGRATIONS: dict[int, Migration] = {}
"""from_version -> function that upgrades raw workspace data in place to from_version + 1."""


class _IndexMismatch(Exception):
    """A file's chunk index does not match its bytes."""


class _JournalMismatch(Exception):
    """The journal beside the file is not the one it names (the message says how)."""


class WorkspaceError(Exception):
    """A problem a person can act on; the message is meant to be shown as it is."""


class LockTimeout(WorkspaceError):
    pass


class ReasonRequired(WorkspaceError):
    pass


class NotFound(WorkspaceError):
    pass


def lock_path(path: Path) -> Path:
    return path.parent / f"{path.name}.lock"


def new_id(prefix: str, taken: set[str] | dict[str, Any]) -> str:
    """A short, typeable id like `kr-7f3a`, longer only when the short ones run out."""
    width = 4
    while True:
        for _ in range(20):
            candidate = f"{prefix}-{secrets.token_hex(width // 2 + width % 2)[:width]}"
            if candidate not in taken:
                return candidate
        width += 2


def _describe_validation(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "record"
    return f"{where}: {first['msg']}"


@dataclass
class _Loaded:
    """What one read of the file yields, built without touching the live store."""

    version: FileVersion
    meta: Meta
    meta_doc: dict[str, Any]
    tables: Tables = field(default_factory=Tables)
    chunks: dict[ChunkKey, _ChunkRecords] = field(default_factory=dict)
    migrated_from: int | None = None
    journal_generation: str = ""
    journal_found: str = ""
    """The generation of the journal file beside the file ("" when none goes with it)."""
    journal_ok: bool = False
    journal_end: int = 0
    journal_signature: Signature | None = None


ChunkKey = tuple[str, int, int]
"""A chunk of a table by its bytes: (table, CRC-32, length)."""


@dataclass(frozen=True, slots=True)
class _ChunkRecords:
    """The records one chunk held, with their document numbers, in file order."""

    records: list[Record]
    numbers: list[int]


@dataclass(frozen=True)
class _EventQuery:
    """Which events a caller wants, with cheap first cuts on the stored bytes and documents."""

    record_id: str | None
    since: datetime | None
    tables: frozenset[str] | None
    mentioning: frozenset[str] | None

    @cached_property
    def _needles(self) -> tuple[bytes, ...]:
        return tuple(orjson.dumps(i) for i in self.mentioning or ())

    @cached_property
    def _record_needle(self) -> bytes:
        return orjson.dumps(self.record_id) if self.record_id is not None else b""

    @cached_property
    def _first_day(self) -> str:
        # Stored times are UTC ("...Z"): a day early on the date is a safe first cut.
        if self.since is None:
            return ""
        return (self.since.astimezone(UTC) - timedelta(days=1)).date().isoformat()

    def in_chunk(self, raw: bytes) -> bool:
        """False when no wanted event can be in these stored bytes: the ids it must
        mention, as JSON strings, are not there."""
        if self._record_needle not in raw:
            return False
        return self.mentioning is None or any(needle in raw for needle in self._needles)

    def may_match(self, doc: dict[str, Any]) -> bool:
        """The same test as `matches`, on a stored document, before it is validated."""
        if self.record_id is not None and doc.get("record_id") != self.record_id:
            return False
        if self.tables is not None and doc.get("table") not in self.tables:
            return False
        if self.since is not None and str(doc.get("at", ""))[:10] < self._first_day:
            return False
        return self._mentions(doc.get("record_id"), doc.get("before"), doc.get("after"))

    def matches(self, event: Event) -> bool:
        return (
            (self.record_id is None or event.record_id == self.record_id)
            and (self.tables is None or event.table in self.tables)
            and (self.since is None or event.at >= self.since)
            and self._mentions(event.record_id, event.before, event.after)
        )

    def _mentions(self, record_id: Any, before: Any, after: Any) -> bool:
        if self.mentioning is None or record_id in self.mentioning:
            return True
        return any(
            isinstance(value, str) and value in self.mentioning
            for snapshot in (before, after)
            if isinstance(snapshot, dict)
            for value in snapshot.values()
        )


class Store:
    """One workspace file, shared safely with other processes.

    Threads: readers take `_mutex` briefly. A transaction first takes `_writer`
    (one writing thread per store), then the file lock, and only then `_mutex`,
    so a write waiting for another process's lock never blocks the UI's reads.
    """

    def __init__(
        self,
        path: str | Path,
        user: str = "",
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        create: bool = True,
        org: str = "",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.path = _resolved(Path(path))
        self.user = user
        self.clock = clock
        self.lock_timeout = lock_timeout
        self._mutex = threading.RLock()
        self._writer = threading.Lock()
        self._owner: int | None = None
        self._depth = 0
        # filelock costs a noticeable share of start-up to import; opening a workspace
        # to read it needs no lock, so it is made on the first write (see _file_lock).
        self._lock: FileLock | None = None
        self._file = WorkspaceFile(self.path)
        self._t = Tables()
        self._chunks: dict[ChunkKey, _ChunkRecords] = {}
        """The records read from each chunk of the file, by the chunk's bytes: when a
        colleague rewrites the file, unchanged chunks are not validated again."""
        self._meta: Meta | None = None
        self._backed_up_on: str = ""
        self._journal = journal_path(self.path)
        self._journal_generation = ""
        self._journal_found = ""
        self._journal_ok = False
        self._journal_end = 0
        self._journal_signature: Signature | None = None
        self._ops: list[list[Any]] = []
        self._force_file = False
        self._sharing = file_modes.usual()
        """How files made beside the workspace are shared (see okr_tui.file_modes), as of
        the current transaction."""
        self.revision = 0
        self.needs_migration = False
        self.migrated_from: int | None = None
        if not self.path.exists():
            if not create:
                raise WorkspaceError(f"{self.path}: no workspace here (okr init creates one)")
            self._create(org)
        self._open()

    # -- opening -----------------------------------------------------------
    def _create(self, org: str) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(
                f"{self.path}: cannot create the folder ({exc.strerror})"
            ) from None
        meta = Meta(
            schema_version=SCHEMA_VERSION, org=org or "My organisation", created=self.clock()
        )
        with self._locked():
            if not self.path.exists():
                try:
                    write_workspace(self.path, meta.model_dump(mode="json"), {})
                except OSError as exc:
                    raise WorkspaceError(
                        f"{self.path}: cannot create the workspace ({exc.strerror})"
                    ) from None

    def _open(self) -> None:
        # Validate before anything else: a broken or foreign file must not gain a lock
        # file, a cleaned folder or any other trace of having been opened.
        self._install(self._read())
        if not self._stale_temp_files() or not writable(self.path):
            return  # the usual case: no need to take the lock (or import filelock) to open
        from filelock import Timeout

        with contextlib.suppress(Timeout, OSError, WorkspaceError), self._locked(timeout=0.2):
            for name in self._side_names():
                remove_stale_temp_files(self.path.parent, name)

    def _side_names(self) -> tuple[str, ...]:
        return (self.path.name, self._journal.name, lock_path(self.path).name)

    def _stale_temp_files(self) -> bool:
        prefixes = tuple(f"{temp_prefix(Path(name))}" for name in self._side_names())
        with contextlib.suppress(OSError), os.scandir(self.path.parent) as entries:
            return any(entry.name.startswith(prefixes) for entry in entries)
        return False

    def _file_lock(self) -> FileLock:
        if self._lock is None:
            from filelock import FileLock

            # The lock file is made by _locked, shared as the workspace; the mode here
            # only counts should filelock ever have to make it itself.
            self._lock = FileLock(
                lock_path(self.path),
                timeout=self.lock_timeout,
                poll_interval=LOCK_POLL_SECONDS,
                mode=self._sharing.mode,
            )
        return self._lock

    def _fail(self, problem: str) -> WorkspaceError:
        folder = backups_dir(self.path)
        where = (
            f"backups are in {folder}"
            if folder.is_dir() and any(folder.glob("*.json"))
            else f"there are no backups yet (they are kept in {folder})"
        )
        return WorkspaceError(f"{self.path}: {problem}. The file was not changed; {where}")

    def _read(self, attempts: int = 3) -> _Loaded:
        """Read, migrate and validate the file and its journal; raise WorkspaceError, never write.

        A file the store wrote is read a chunk at a time, so the parsed JSON of a
        large workspace is never in memory whole; its event log stays on disk until
        someone asks for it (see LAZY_FROM).
        """
        with _collector_paused():
            try:
                version = read_version(self.path)
            except UnreadableFile as exc:
                raise self._fail(str(exc)) from None
            except OSError as exc:
                raise self._fail(f"cannot be read ({exc.strerror})") from None
            try:
                loaded = self._validate(version)
                self._read_journal(loaded)
            except _JournalMismatch as exc:
                version.close()
                if file_signature(self.path) != version.signature and attempts > 1:
                    return self._read(attempts - 1)  # folded meanwhile: read the new pair
                raise self._fail(str(exc)) from None
            except BaseException:
                version.close()
                raise
        if file_signature(self.path) != version.signature and attempts > 1:
            # Folded by another process between reading the file and its journal.
            version.close()
            return self._read(attempts - 1)
        return loaded

    def _read_journal(self, loaded: _Loaded) -> None:
        """Apply the journal that goes with the file just read, if there is one."""
        generation = str(loaded.meta_doc.get(JOURNAL_KEY) or "")
        loaded.journal_generation = generation
        if not generation:
            # A plain file: a journal beside it belongs to another version of it (this
            # is a restored backup, which names none) and the file's next fold replaces it.
            loaded.journal_signature = file_signature(self._journal)
            return
        name = self._journal.name
        try:
            journal = read_journal(self._journal, 0, generation)
        except FileNotFoundError:
            raise _JournalMismatch(
                f"its journal {name} is missing (moved or copied without it?), and the "
                "changes saved in it are not in the file itself. Put the journal back beside it"
            ) from None
        except DamagedJournal as exc:
            raise self._fail(f"its journal {name} is damaged ({exc})") from None
        except UnreadableFile as exc:
            raise self._fail(f"its journal {name} {exc}") from None
        except OSError as exc:
            raise self._fail(f"its journal {name} cannot be read ({exc.strerror})") from None
        loaded.journal_signature = journal.signature
        loaded.journal_found = journal.generation
        loaded.journal_ok = journal.generation == generation
        loaded.journal_end = journal.end
        if not loaded.journal_ok and journal.generation != loaded.meta_doc.get(FOLDED_KEY):
            raise _JournalMismatch(
                f"its journal {name} belongs to another version of the file (journal "
                f"{journal.generation}, the file names {generation}), so changes saved in it "
                "may be missing from the file. If you restored or replaced the file on "
                "purpose, move the journal away"
            )
        # Otherwise it is the journal the file was folded from (a stop between writing
        # the file and starting its journal): its lines are in the file already.
        for entry in journal.entries:
            self._replay(loaded.tables, entry, loaded.version.read_span)

    def _replay(self, tables: Tables, entry: Any, read: Callable[[Span], bytes]) -> None:
        """Apply one journal entry (one transaction) to `tables`."""
        types = record_types()
        for op in self._journal_ops(entry):
            kind, table = op[0], op[1]
            record_type = types.get(table)
            if record_type is None:
                raise self._fail(f"its journal names a table okr-tui does not know ({table!r})")
            if kind == "del":
                if op[2] in tables.table(table) or table in tables.on_disk:
                    with contextlib.suppress(KeyError):
                        self._tables_op(tables, read, tables.remove, table, op[2])
                continue
            try:
                record = record_type.model_validate(op[2])
            except ValidationError as exc:
                raise self._fail(
                    f"record {op[2].get('id', '?')} in its journal has a bad value "
                    f"({_describe_validation(exc)})"
                ) from None
            number = op[3] if len(op) > 3 and isinstance(op[3], int) else None
            self._tables_op(tables, read, tables.put, record, op[2], number=number)

    def _journal_ops(self, entry: Any) -> list[list[Any]]:
        try:
            return entry_ops(entry)
        except OddEntry as exc:
            raise self._fail(f"its journal {self._journal.name} holds {exc}") from None

    def _tables_op(
        self,
        tables: Tables,
        read: Callable[[Span], bytes],
        change: Callable[..., T],
        *args: Any,
        **kwargs: Any,
    ) -> T:
        """Make a change to `tables`, reading a table left on disk first when it needs it."""
        try:
            return change(*args, **kwargs)
        except NeedsTable as needed:
            self._fill(tables, needed.table, read)
            return change(*args, **kwargs)

    def _fill(self, tables: Tables, table: str, read: Callable[[Span], bytes]) -> None:
        """Read a table left on disk into memory."""
        record_type = record_types()[table]
        by_id: dict[str, Record] = {}
        ids: dict[str, int] = {}
        with _collector_paused():
            for span in tables.on_disk[table].chunks:
                try:
                    docs = parse_span(read(span))
                except (orjson.JSONDecodeError, OSError) as exc:
                    raise self._fail(f"table {table!r} cannot be read ({exc})") from None
                self._take_docs(table, record_type, docs, by_id, ids, {})
        for record_id in tables.table(table):
            if record_id in by_id:
                raise self._fail(f"record {record_id} appears twice in {table}")
        tables.fill(table, [(ids[i], r) for i, r in by_id.items()])

    def _take_docs(
        self,
        table: str,
        record_type: type[Record],
        docs: dict[str, Any],
        by_id: dict[str, Record],
        ids: dict[str, int],
        fields_sets: dict[tuple[str, ...], set[str]],
    ) -> int:
        """Validate the documents of one table (or chunk) into `by_id`; the highest number.

        The hot loop of opening a large workspace: kept lean on purpose.
        """
        highest = 0
        # The validator itself, without model_validate's wrapper: a fifth faster over a
        # large workspace. Models defer building it; model_rebuild builds it if need be.
        record_type.model_rebuild()
        validate = record_type.__pydantic_validator__.validate_python
        for doc_id, doc in docs.items():
            try:
                number = int(doc_id)
            except ValueError:
                raise self._fail(
                    f"table {table!r} has a document id that is not a number ({doc_id!r})"
                ) from None
            try:
                record = validate(doc)
            except ValidationError as exc:
                ident = doc.get("id", doc_id) if isinstance(doc, dict) else doc_id
                raise self._fail(
                    f"record {ident} in {table} has a bad value ({_describe_validation(exc)})"
                ) from None
            _share_fields_set(record, tuple(doc), fields_sets)
            record_id = record.id
            if record_id in by_id:
                raise self._fail(f"record {record_id} appears twice in {table}")
            by_id[record_id] = record
            ids[record_id] = number
            if number > highest:
                highest = number
        return highest

    def _validate(self, version: FileVersion) -> _Loaded:
        if version.indexed is not None:
            meta_doc = version.indexed.meta
        else:
            assert version.data is not None
            meta_docs = version.data.get(META_TABLE)
            if not isinstance(meta_docs, dict) or not meta_docs:
                raise self._fail("this JSON is not an okr-tui workspace (it has no _meta table)")
            meta_doc = next(iter(meta_docs.values()))
        meta = self._meta_of(meta_doc, "its header is damaged")
        if meta.schema_version > SCHEMA_VERSION:
            raise self._fail(
                f"it was written by a newer okr-tui (schema {meta.schema_version}; "
                f"this version reads up to {SCHEMA_VERSION}). Upgrade okr-tui to open it"
            )
        if version.indexed is not None and meta.schema_version == SCHEMA_VERSION:
            loaded = _Loaded(version=version, meta=meta, meta_doc=meta_doc)
            try:
                self._take_indexed(loaded, version.indexed)
                return loaded
            except _IndexMismatch:
                pass  # an index edited along with the file: read it as plain JSON
        data = version.data
        if data is None:
            # An indexed file of an older schema: migrations work on the whole data.
            version.handle.seek(0)
            try:
                data = parse_bytes(version.handle.read())
            except UnreadableFile as exc:
                raise self._fail(str(exc)) from None
        migrated_from = None
        if meta.schema_version < SCHEMA_VERSION:
            migrated_from = meta.schema_version
            data = self._migrate(data, meta.schema_version)
            try:
                meta_doc = next(iter(data[META_TABLE].values()))
            except (KeyError, StopIteration, AttributeError):
                raise self._fail(
                    f"the upgrade from schema {migrated_from} left a damaged header"
                ) from None
            meta = self._meta_of(
                meta_doc, f"the upgrade from schema {migrated_from} left a damaged header"
            )
        loaded = _Loaded(version=version, meta=meta, meta_doc=meta_doc, migrated_from=migrated_from)
        types = record_types()
        fields_sets: dict[tuple[str, ...], set[str]] = {}
        for table, docs in data.items():
            if table == META_TABLE:
                continue
            record_type = types.get(table)
            if record_type is None:
                raise self._fail(f"it has a table okr-tui does not know ({table!r})")
            if not isinstance(docs, dict):
                raise self._fail(f"table {table!r} is not a TinyDB table")
            by_id: dict[str, Record] = {}
            ids: dict[str, int] = {}
            highest = self._take_docs(table, record_type, docs, by_id, ids, fields_sets)
            loaded.tables.models[table] = by_id
            loaded.tables.doc_ids[table] = ids
            loaded.tables.next_ids[table] = highest + 1
            loaded.tables.segments[table] = None  # not read as spans: write it whole
        return loaded

    def _take_indexed(self, loaded: _Loaded, indexed: Indexed) -> None:
        """Read a file the store wrote, table by table and chunk by chunk."""
        types = record_types()
        tables = loaded.tables
        fields_sets: dict[tuple[str, ...], set[str]] = {}
        for table, where in indexed.tables.items():
            record_type = types.get(table)
            if record_type is None:
                raise self._fail(f"it has a table okr-tui does not know ({table!r})")
            chunks = where.chunks()
            tables.segments[table] = list(chunks)
            if table in LAZY_TABLES and where.size > LAZY_FROM:
                tables.on_disk[table] = OnDisk(list(chunks), where.next_id)
                tables.next_ids[table] = where.next_id
                continue
            by_id: dict[str, Record] = {}
            ids: dict[str, int] = {}
            highest = 0
            for span in chunks:
                try:
                    raw = loaded.version.read_span(span)
                except OSError:
                    raise _IndexMismatch from None
                key = (table, zlib.crc32(raw), len(raw))
                known = self._chunks.get(key)
                if known is None:
                    try:
                        docs = parse_span(raw)
                    except orjson.JSONDecodeError:
                        raise _IndexMismatch from None
                    chunk_ids: dict[str, int] = {}
                    chunk_records: dict[str, Record] = {}
                    self._take_docs(table, record_type, docs, chunk_records, chunk_ids, fields_sets)
                    known = _ChunkRecords(list(chunk_records.values()), list(chunk_ids.values()))
                loaded.chunks[key] = known
                for record, number in zip(known.records, known.numbers, strict=True):
                    if record.id in by_id:
                        raise self._fail(f"record {record.id} appears twice in {table}")
                    by_id[record.id] = record
                    ids[record.id] = number
                highest = max(highest, max(known.numbers, default=0))
            if len(set(ids.values())) != len(ids):
                raise _IndexMismatch  # one document number twice: let the plain read judge
            tables.models[table] = by_id
            tables.doc_ids[table] = ids
            tables.next_ids[table] = max(highest + 1, where.next_id)

    def _meta_of(self, doc: Any, problem: str) -> Meta:
        if not isinstance(doc, dict):
            raise self._fail(f"{problem} (not a document)")
        try:
            return Meta.model_validate(_header_fields(doc))
        except ValidationError as exc:
            raise self._fail(f"{problem} ({_describe_validation(exc)})") from None

    def _install(self, loaded: _Loaded) -> None:
        with self._mutex:
            self._file.install(loaded.version)
            self._meta = loaded.meta
            self._t = loaded.tables
            self._chunks = loaded.chunks
            self._journal_generation = loaded.journal_generation
            self._journal_found = loaded.journal_found
            self._journal_ok = loaded.journal_ok
            self._journal_end = loaded.journal_end
            self._journal_signature = loaded.journal_signature
            if loaded.migrated_from is not None:
                self.needs_migration = True
                self.migrated_from = loaded.migrated_from
            else:
                self.needs_migration = False
            self.revision += 1

    def _load(self) -> None:
        """Re-read the file now (the caller holds the lock or owns the store)."""
        self._install(self._read())

    def _migrate(self, data: dict[str, Any], version: int) -> dict[str, Any]:
        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise self._fail(f"no migration from schema {version} to {version + 1}")
            try:
                step(data)
                version += 1
                meta_doc = next(iter(data[META_TABLE].values()))
                meta_doc["schema_version"] = version
            except WorkspaceError:
                raise
            except Exception as exc:
                raise self._fail(
                    f"the upgrade from schema {version} to {version + 1} failed ({exc})"
                ) from None
        return data

    # -- freshness ---------------------------------------------------------
    def changed_on_disk(self) -> bool:
        return (
            self._file.changed_on_disk() or file_signature(self._journal) != self._journal_signature
        )

    def _catch_up(self) -> bool:
        """Take in what another process wrote; True when something changed.

        When only the journal grew, only its new lines are read, so noticing a
        colleague's check-in does not cost a re-read of the whole workspace.
        """
        if self._file.changed_on_disk():
            self._install(self._read())
            return True
        signature = file_signature(self._journal)
        if signature == self._journal_signature:
            return False
        old = self._journal_signature
        if (
            self._journal_generation
            and self._journal_ok
            and signature is not None
            and old is not None
            and signature[0] == old[0]
            and signature[1] >= self._journal_end
        ):
            try:
                journal = read_journal(self._journal, self._journal_end, self._journal_generation)
            except DamagedJournal as exc:
                raise self._fail(f"its journal {self._journal.name} is damaged ({exc})") from None
            except (OSError, UnreadableFile):
                # Replaced or gone since it was stat'ed: read the file and journal afresh.
                self._install(self._read())
                return True
            with self._mutex:
                for entry in journal.entries:
                    self._replay(self._t, entry, self._file.read_span)
                self._journal_end = journal.end
                self._journal_signature = journal.signature
                if journal.entries:
                    self.revision += 1
            return bool(journal.entries)
        self._install(self._read())
        return True

    def refresh(self) -> bool:
        """Re-read the file if another process changed it; True when it did.

        Skips (returns False) while this store is writing: the write re-reads
        the file under the lock anyway. Parsing happens outside `_mutex`, so
        screens keep reading the old data until the new data is ready.
        """
        if self._owner == threading.get_ident():
            return False
        if not self._writer.acquire(blocking=False):
            return False
        try:
            return self._catch_up()
        finally:
            self._writer.release()

    def close(self) -> None:
        """Let go of the file handle kept open on the workspace."""
        self._file.close()

    # -- locking and transactions -------------------------------------------
    @contextlib.contextmanager
    def _locked(self, timeout: float | None = None) -> Iterator[None]:
        from filelock import Timeout

        # Files made beside the workspace follow it, never the umask: see okr_tui.file_modes.
        self._sharing = file_modes.like(self.path)
        where = lock_path(self.path)
        try:
            file_modes.make_empty_file(where, self._sharing, temp_prefix(where))
            # Those this account made before the workspace was shared are put right.
            file_modes.put_right(self._journal, self._sharing)
            file_modes.put_right(backups_dir(self.path), self._sharing, folder=True)
            lock = self._file_lock()
            lock.acquire(timeout=self.lock_timeout if timeout is None else timeout)
        except Timeout:
            raise LockTimeout(
                f"{self.path}: another okr session held the workspace for "
                f"{self.lock_timeout:g} s; your change was not saved. Try again."
            ) from None
        except OSError as exc:
            raise WorkspaceError(
                f"{self.path}: cannot lock the workspace ({_lock_problem(where, exc)}); "
                "your change was not saved"
            ) from None
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group changes into one locked read-modify-write and one file write."""
        if self._owner == threading.get_ident():
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        if not writable(self.path):
            # Checked before the lock: nothing at all is written beside a file one may not change.
            raise WorkspaceError(f"{self.path} is read-only for you: not saved")
        with self._writer, self._locked(), self._mutex:
            self._owner = threading.get_ident()
            self._depth = 1
            self._ops = []
            self._force_file = False
            try:
                # Another process wrote since we last read: work on its version.
                self._catch_up()
                yield self
                if self._ops or self._force_file:
                    self._save()
            except BaseException:
                self._discard_unsaved()
                raise
            finally:
                self._depth = 0
                self._owner = None
                self._ops = []
                self._force_file = False

    def _save(self) -> None:
        try:
            if not self._append_to_journal():
                self._write_file()
        except OSError as exc:
            raise WorkspaceError(
                f"{self.path}: could not save ({_os_problem(exc)}); "
                "your change was not saved and the file is as it was"
            ) from None
        self.needs_migration = False
        self.migrated_from = None
        self.revision += 1

    def _append_to_journal(self) -> bool:
        """Append this transaction to the journal; False when the file must be written."""
        if not self._journal_generation or self._force_file or self.needs_migration:
            return False
        line = encode_line({"ops": self._ops})
        assert self._file.signature is not None
        limit = max(JOURNAL_FOLD_MIN, self._file.signature[1] // 2)
        if self._journal_end + len(line) > limit:
            return False  # fold the journal into the file
        if not self._journal_ok:
            self._start_journal(self._journal_generation)
        self._journal_signature = append_journal(
            self._journal, line, self._journal_end, self._sharing
        )
        self._journal_end += len(line)
        return True

    def _start_journal(self, generation: str) -> None:
        self._journal_signature = start_journal(self._journal, generation, self._sharing)
        self._journal_end = self._journal_signature[1]
        self._journal_found = generation
        self._journal_ok = True

    def _write_file(self) -> None:
        """Write everything into a new version of the file, with a fresh journal if it is big."""
        size = self._file.signature[1] if self._file.signature else 0
        generation = ""
        if self._journal_generation or size > JOURNAL_FROM:
            generation = secrets.token_hex(8)
        header = self.meta.model_dump(mode="json")
        first = bool(generation) and not self._journal_generation
        if generation:
            header[JOURNAL_KEY] = generation
        if generation and self._journal_found:
            # The journal on disk until the next step: its lines are all in this file.
            header[FOLDED_KEY] = self._journal_found
        if first:
            # The first journal is made before the file that names it: a file naming a
            # journal that is not there has lost it, and is refused rather than opened.
            self._start_journal(generation)
        index = self._write_tables(self.path, header)
        self._t.written(index)
        self._journal_generation = generation
        if generation and not first:
            # A stop before this leaves the journal the file names as folded: ignored.
            self._start_journal(generation)
        elif not generation:
            self._journal_found = ""
            self._journal_ok = False
            self._journal_end = 0
            self._journal_signature = file_signature(self._journal)

    def _write_tables(self, target: Path, header: dict[str, Any]) -> dict[str, TableIndex]:
        """Write the header and every table to `target` (the workspace or a backup).

        Tables unchanged since they were read are copied from the file in use
        chunk by chunk, so a large file is never in memory whole.
        """
        for table in list(self._t.on_disk):
            if self._t.segments.get(table) is None:
                self._fill(self._t, table, self._file.read_span)
        tables = {
            table: (self._t.next_ids.get(table, 1), self._t.segments_for(table))
            for table in self._t.names()
        }
        planned = plan(header, tables, self._file.read_span)
        if target == self.path:
            self._file.write(planned.pieces)
        else:
            atomic_write_bytes(target, planned.pieces, self._sharing)
        return planned.index

    def _before_change(self) -> None:
        """Called before each change in a transaction: the day's backup comes first."""
        if self._ops or self._force_file:
            return
        try:
            self._backup_if_due()
        except OSError as exc:
            raise WorkspaceError(
                f"{self.path}: could not make today's backup ({_os_problem(exc)}); "
                "your change was not saved and the file is as it was"
            ) from None

    def _discard_unsaved(self) -> None:
        """Throw away a half-made change: the file still holds the last good state."""
        if not self._ops and not self._force_file:
            return  # nothing was changed in memory (e.g. a reason was missing)
        self._file.forget()
        # If the file went bad meanwhile, the next read or write reports it: forget()
        # left no signature, so the file counts as changed.
        with contextlib.suppress(WorkspaceError):
            self._load()

    def _backup_if_due(self) -> None:
        """Copy the file aside before the first write of each day and before an upgrade.

        A backup is written whole or not at all (okr_tui.backups); one of the day that
        does not hold a whole workspace is not trusted: another is made in its place.
        """
        period = self.clock().strftime(BACKUP_PERIOD)
        migrating = self.needs_migration and self.migrated_from is not None
        if self._backed_up_on == period and not migrating:
            return
        if not self.path.exists():
            return
        backups.clean(self.path)
        if not migrating and backups.trusted_backup(self.path, period):
            self._backed_up_on = period
            return
        folder = backups_dir(self.path)
        file_modes.make_folder(folder, self._sharing)
        stamp = self.clock().strftime("%Y%m%d-%H%M%S")
        suffix = f"-schema{self.migrated_from}" if migrating else ""
        target = folder / f"{self.path.stem}-{stamp}{suffix}.json"
        if self._journal_generation and self._journal_ok and not migrating:
            # The file and its journal as one plain file that restores with a copy; it
            # names no journal, so a journal left beside a restored copy is ignored.
            self._write_tables(target, self.meta.model_dump(mode="json"))
        else:
            backups.copy(self.path, target, self._sharing)
        backups.prune(self.path, BACKUPS_KEPT)
        self._backed_up_on = period

    def backups(self) -> list[Path]:
        """The kept backups of this workspace, oldest first."""
        return backups.kept(self.path)

    # -- reading -------------------------------------------------------------
    @property
    def meta(self) -> Meta:
        assert self._meta is not None
        return self._meta

    def _table(self, record_type: type[R]) -> dict[str, R]:
        """Every record of a table (the caller holds `_mutex`); reads one left on disk."""
        if record_type.TABLE in self._t.on_disk:
            self._fill(self._t, record_type.TABLE, self._file.read_span)
        return self._t.table(record_type.TABLE)  # type: ignore[return-value]

    def find(self, record_type: type[R], record_id: str | None) -> R | None:
        if not record_id:
            return None
        with self._mutex:
            return self._table(record_type).get(record_id)

    def get(self, record_type: type[R], record_id: str) -> R:
        record = self.find(record_type, record_id)
        if record is None:
            noun = record_type.__name__.lower()
            raise NotFound(f"no {noun} with id {record_id!r}")
        return record

    def all(self, record_type: type[R]) -> list[R]:
        with self._mutex:
            return list(self._table(record_type).values())

    def by(self, record_type: type[R], field: str, value: Any) -> list[R]:
        """Records whose `field` equals `value`, through an index built on first use."""
        with self._mutex:
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

    def key_results(self, objective_id: str, *, include_dropped: bool = False) -> list[KeyResult]:
        found = self.by(KeyResult, "objective_id", objective_id)
        found = [k for k in found if include_dropped or k.status != "dropped"]
        return sorted(found, key=lambda k: k.order)

    def checkins(self, kr_id: str) -> list[CheckIn]:
        return sorted(self.by(CheckIn, "kr_id", kr_id), key=lambda c: c.at)

    def latest_checkin(self, kr_id: str) -> CheckIn | None:
        found = self.by(CheckIn, "kr_id", kr_id)
        return max(found, key=lambda c: c.at) if found else None

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
        query = _EventQuery(
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
        found = self._scan_events(handle, chunks, query)
        found += filter(query.matches, added)
        return sorted(found, key=lambda e: e.at)

    def _scan_events(
        self, handle: IO[bytes], chunks: list[Span], query: _EventQuery
    ) -> list[Event]:
        found: list[Event] = []
        try:
            with _collector_paused():
                for span in chunks:
                    raw = read_span(handle, span)
                    if not query.in_chunk(raw):
                        continue
                    for doc in parse_span(raw).values():
                        if not query.may_match(doc):
                            continue
                        try:
                            event = Event.model_validate(doc)
                        except ValidationError as exc:
                            raise self._fail(
                                f"record {doc.get('id', '?')} in events has a bad value "
                                f"({_describe_validation(exc)})"
                            ) from None
                        if query.matches(event):
                            found.append(event)
        except (orjson.JSONDecodeError, OSError, AttributeError) as exc:
            raise self._fail(f"its event log cannot be read ({exc})") from None
        finally:
            handle.close()
        return found

    # -- writing -------------------------------------------------------------
    def _committed(self, record: Record) -> bool:
        if isinstance(record, Objective):
            return record.status == "committed"
        if isinstance(record, KeyResult):
            objective = self.find(Objective, record.objective_id)
            return objective is not None and objective.status == "committed"
        return False

    def _write_doc(self, record: Record, *, fresh: bool = False) -> None:
        """Put one record into the in-memory tables and this transaction's journal entry.

        The file is written once, when the transaction ends (see _save).
        """
        self._before_change()
        doc = record.to_doc()
        if not isinstance(record, Event):
            _refuse_control_characters(doc, record, self._t.table(record.TABLE).get(record.id))
        number = self._tables_op(
            self._t, self._file.read_span, self._t.put, record, doc, fresh=fresh
        )
        self._ops.append(["put", record.TABLE, doc, number])

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
            check(reason, what="the reason", multiline=True)
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
            table = self._table(type(record))
            if not record.id:
                record = record.model_copy(update={"id": new_id(record.PREFIX, table)})
            elif record.id in table:
                raise WorkspaceError(f"{record.id} already exists")
            record = type(record).model_validate(record.to_doc())
            self._write_doc(record)
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
                raise WorkspaceError(_describe_validation(exc)) from None
            if after == before:
                return before
            if self._committed(before) and not reason.strip():
                raise ReasonRequired(
                    f"{record_id} is committed: say why it changes (a reason is required)"
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
                raise ReasonRequired(f"{record_id} is committed: say why it is removed")
            self._remove_doc(record_type, record_id)
            self._record_event(action, before, before, None, reason.strip())

    def _remove_doc(self, record_type: type[Record], record_id: str) -> None:
        self._before_change()
        self._tables_op(self._t, self._file.read_span, self._t.remove, record_type.TABLE, record_id)
        self._ops.append(["del", record_type.TABLE, record_id])

    def set_org(self, org: str) -> None:
        try:
            check(org, what="the organisation's name")
        except ControlCharacter as exc:
            raise WorkspaceError(str(exc)) from None
        with self.transaction():
            self._before_change()
            self._force_file = True
            self._meta = self.meta.model_copy(update={"org": org})

    # -- conveniences the screens and the CLI share ----------------------------
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
        if self._owner != threading.get_ident() and not writable(self.path):
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
            raise WorkspaceError(_describe_validation(exc)) from None
        with self.transaction():
            # Checked under the lock: the key result may be new from another session.
            self.get(KeyResult, kr_id)
            return self.add(checkin, action="checkin")

    def export_data(self) -> dict[str, Any]:
        """Every table as plain JSON data (the lossless export format).

        Everything, private objectives too: exports for people go through
        okr_tui.json_export, which leaves out what the viewer may not see.
        """
        with self._mutex:
            out: dict[str, Any] = {
                "schema_version": SCHEMA_VERSION,
                "meta": self.meta.model_dump(mode="json"),
            }
            for table in sorted(self._t.names()):
                out[table] = [r.to_doc() for r in self._table(record_types()[table]).values()]
            return out

    # -- imports: many new records in one short write -----------------------------------
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
        appended = False
        with self.transaction():
            batch = planned() if callable(planned) else planned
            numbered = all(
                max(self._t.next_ids.get(table, 1), 1) == first
                for table, first in batch.first_numbers.items()
            )
            if batch.revision != self.revision or not numbered:
                return None
            self._before_change()
            for table, count in batch.counts.items():
                # Taken now, so the events of the changes below come after these numbers.
                self._t.next_ids[table] = batch.first_numbers[table] + count
            for change in batch.changes:
                change()
            for table, chunks in batch.take().items():
                if table in self._t.on_disk and self._t.segments.get(table) is None:
                    self._fill(self._t, table, self._file.read_span)
                known = table in self._t.models or table in self._t.on_disk
                segments = list(self._t.segments_for(table)) if known else []
                self._t.models.setdefault(table, {})
                self._t.segments[table] = [*segments, *chunks]
                appended = True
            self._force_file = appended or self._force_file
        if appended:
            self._file.forget()
        return batch


def _refuse_control_characters(doc: dict[str, Any], record: Record, stored: Record | None) -> None:
    """New text is never a terminal command: refuse it at the one gate every record passes.

    Only what changes is judged, so text stored before this rule never blocks an
    unrelated change to its record.
    """
    if stored is not None:
        old = stored.to_doc()
        doc = {field: value for field, value in doc.items() if old.get(field) != value}
    name = type(record).__name__
    kind = "check-in" if name == "CheckIn" else re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    try:
        check_fields(doc, what=f"the {kind}")
    except ControlCharacter as exc:
        raise WorkspaceError(str(exc)) from None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector off while a file is read.

    Reading builds hundreds of thousands of objects that all live on, none in a
    cycle; the collector would walk the growing heap again and again for nothing
    (a quarter of the time to open a large workspace).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _share_fields_set(
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


def _header_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The header without what only describes this version of the file (journal, index)."""
    return {k: v for k, v in doc.items() if k not in (JOURNAL_KEY, FOLDED_KEY, INDEX_KEY)}


def _resolved(path: Path) -> Path:
    """The workspace path made absolute, links followed; a link loop is a WorkspaceError."""
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        # Python 3.11 raises RuntimeError for a loop, later versions OSError.
        raise WorkspaceError(
            f"{path}: cannot be read: it is a symbolic link that leads back to itself"
        ) from None


def _lock_problem(where: Path, exc: OSError) -> str:
    """Why the lock could not be taken, in a few words a person can act on."""
    if isinstance(exc, PermissionError) and where.exists() and not writable(where):
        return (
            f"{where.name} is not writable for you: it was made before the workspace was "
            "shared with the group; its owner's next save shares it, or chmod g+w it"
        )
    return _os_problem(exc)


def _os_problem(exc: OSError) -> str:
    """An OSError in a few words; a refused permission also says on what."""
    text = exc.strerror or str(exc)
    if isinstance(exc, PermissionError) and exc.filename:
        where = Path(exc.filename)
        # A temp file's name means nothing to anyone: the folder it was made in does.
        shown = where.parent.name if where.name.startswith(TEMP_PREFIX) else where.name
        text += f": {shown}"
    return text


def _as_workspace_store(store: Store) -> WorkspaceStore:  # pragma: no cover - for mypy only
    """Never called: the type checker proves here that a Store is a WorkspaceStore."""
    return store
