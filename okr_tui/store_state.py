"""What every part of the store shares: its state, its tunable thresholds, chunk keys.

The store is one object built from layers (okr_tui.file_read, file_write,
store_queries, record_rules); this is the bottom one, naming the attributes
they all work on. The thresholds live in okr_tui.store, where tests and
tools set them, and reach the layers through `_tunables()`.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okr_tui.file_modes import Sharing
from okr_tui.models import Event, Meta, Record
from okr_tui.storage import Signature, WorkspaceFile
from okr_tui.tables import Tables

if TYPE_CHECKING:
    from filelock import FileLock

META_TABLE = "_meta"
JOURNAL_KEY = "journal"
"""The key in the _meta document naming the journal generation that goes with the file."""
FOLDED_KEY = "folded"
"""The key in the _meta document naming the journal generation whose lines the file holds:
a journal of that generation beside it is left over from a fold and safe to ignore."""

LAZY_TABLES = frozenset({Event.TABLE})
"""Tables a large workspace leaves on disk until asked for (the event log: half the file)."""

Migration = Callable[[dict[str, Any]], None]

CHANGES_KEPT = 64
"""How many revisions back `changed_tables` can tell; older ones count as unknown."""

ChunkKey = tuple[str, int, int]
"""A chunk of a table by its bytes: (table, CRC-32, length)."""


@dataclass(frozen=True, slots=True)
class ChunkRecords:
    """The records one chunk held, with their document numbers, in file order."""

    records: list[Record]
    numbers: list[int]


@dataclass(frozen=True, slots=True)
class Tunables:
    """The store's thresholds as okr_tui.store holds them now (see the names there)."""

    schema_version: int
    migrations: Mapping[int, Migration]
    lazy_from: int
    lean_from: int
    journal_from: int
    journal_fold_min: int
    backup_period: str
    backups_kept: int
    lock_poll_seconds: float
    start_journal: Callable[[Path, str, Sharing], Signature]


class StoreState:
    """The attributes of a store (set by Store.__init__) and the one hook the layers need."""

    path: Path
    user: str
    clock: Callable[[], datetime]
    lock_timeout: float
    _mutex: threading.RLock
    _writer: threading.Lock
    _owner: int | None
    _depth: int
    _lock: FileLock | None
    _file: WorkspaceFile
    _t: Tables
    _chunks: dict[ChunkKey, ChunkRecords]
    """The records read from each chunk of the file, by the chunk's bytes: when a
    colleague rewrites the file, unchanged chunks are not validated again."""
    _meta: Meta | None
    _backed_up_on: str
    _journal: Path
    _journal_generation: str
    _journal_found: str
    _journal_ok: bool
    _journal_end: int
    _journal_signature: Signature | None
    _ops: list[list[Any]]
    _force_file: bool
    _sharing: Sharing
    """How files made beside the workspace are shared (see okr_tui.file_modes), as of
    the current transaction."""
    revision: int
    _changes: tuple[tuple[int, frozenset[str] | None], ...] = ()
    """The latest revisions with the tables each one changed (None: it cannot tell)."""
    _since_read: frozenset[str] = frozenset()
    """Tables changed in memory since the file was last read whole: a re-read that finds
    their chunks as they were still changes what is in memory."""
    _read_indexed: bool = False
    """Whether the file was last read chunk by chunk (so a re-read can compare chunks)."""
    needs_migration: bool
    migrated_from: int | None
    _lean: bool = False
    """Opened for one small change (okr checkin): every table over `lean_from` stays on
    disk, and `find` and `by` read only the chunks that hold what they look for."""
    _found: dict[tuple[str, str], Record]
    """Records `find` read from a table on disk, by table and id, for the version read
    (a change to one of them reads its table whole first)."""

    def _note_change(self, tables: Collection[str] | None) -> None:
        """Count a new revision and remember which tables it changed (None: unknown).

        The caller holds `_mutex`.
        """
        self.revision += 1
        entry = (self.revision, None if tables is None else frozenset(tables))
        self._changes = (*self._changes[-(CHANGES_KEPT - 1) :], entry)

    def changed_tables(self, since_revision: int) -> frozenset[str] | None:
        """The tables changed after `since_revision`; None when that cannot be told."""
        with self._mutex:
            if since_revision >= self.revision:
                return frozenset()
            newer = [tables for revision, tables in self._changes if revision > since_revision]
            if len(newer) != self.revision - since_revision:
                return None  # older than the revisions kept
            changed: set[str] = set()
            for tables in newer:
                if tables is None:
                    return None
                changed |= tables
            return frozenset(changed)

    def _tunables(self) -> Tunables:
        """The thresholds to use now (okr_tui.store reads its module's current values)."""
        raise NotImplementedError


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
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
