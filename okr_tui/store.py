"""The store: the only code that reads or writes a workspace file (TinyDB's format).

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
chunks from the file in use. A store opened lean (`okr checkin`) leaves every
large table there and reads only the documents a look-up needs (okr_tui.table_scan).

Screens and the CLI call the methods here; they never see the file's format.

The store is built in layers, each a module of its own: okr_tui.store_state (the
state every layer shares), file_read (opening and validating a version of the
file), file_write (the lock, transactions, the journal, folds, backups),
store_queries and event_scan (the read side), record_rules (events, reasons and
the control-character gate for every change). okr_tui.workspace names what
callers may rely on; this module puts the layers together with the thresholds.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from okr_tui import file_modes
from okr_tui.backups import backups_dir
from okr_tui.i18n import _
from okr_tui.journal import journal_path, start_journal
from okr_tui.models import Meta, utcnow
from okr_tui.record_rules import RecordRules
from okr_tui.storage import (
    WorkspaceFile,
    remove_stale_temp_files,
    temp_prefix,
    writable,
    write_workspace,
)
from okr_tui.store_errors import (
    LockTimeout,
    NotFound,
    ReasonRequired,
    WorkspaceError,
    lock_path,
    new_id,
    resolved_path,
)
from okr_tui.store_state import (
    FOLDED_KEY,
    JOURNAL_KEY,
    LAZY_TABLES,
    META_TABLE,
    Migration,
    Tunables,
)
from okr_tui.tables import Tables
from okr_tui.workspace import WorkspaceStore

__all__ = [
    "BACKUPS_KEPT",
    "BACKUP_PERIOD",
    "DEFAULT_LOCK_TIMEOUT",
    "FOLDED_KEY",
    "JOURNAL_FOLD_MIN",
    "JOURNAL_FROM",
    "JOURNAL_KEY",
    "LAZY_FROM",
    "LAZY_TABLES",
    "LEAN_FROM",
    "LOCK_POLL_SECONDS",
    "META_TABLE",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "LockTimeout",
    "Migration",
    "NotFound",
    "ReasonRequired",
    "Store",
    "WorkspaceError",
    "backups_dir",
    "lock_path",
    "new_id",
    "start_journal",
]

SCHEMA_VERSION = 1
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

LAZY_FROM = 1024 * 1024
"""A lazy table is left on disk when it takes more than this in the file."""

LEAN_FROM = 64 * 1024
"""A store opened lean leaves any table on disk that takes more than this in the file."""

MIGRATIONS: dict[int, Migration] = {}
"""from_version -> function that upgrades raw workspace data in place to from_version + 1."""


class Store(RecordRules):
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
        lean: bool = False,
    ) -> None:
        """`lean` opens the workspace for a change or two (see okr_tui.table_scan): large
        tables are read only as far as each question needs."""
        self._lean = lean
        self.path = resolved_path(Path(path))
        self.user = user
        self.clock = clock
        self.lock_timeout = lock_timeout
        self._mutex = threading.RLock()
        self._writer = threading.Lock()
        self._owner = None
        self._depth = 0
        # filelock costs a noticeable share of start-up to import; opening a workspace
        # to read it needs no lock, so it is made on the first write (see _file_lock).
        self._lock = None
        self._file = WorkspaceFile(self.path)
        self._t = Tables()
        self._found = {}
        self._chunks = {}
        self._meta = None
        self._backed_up_on = ""
        self._journal = journal_path(self.path)
        self._journal_generation = ""
        self._journal_found = ""
        self._journal_ok = False
        self._journal_end = 0
        self._journal_signature = None
        self._ops = []
        self._force_file = False
        self._sharing = file_modes.usual()
        self.revision = 0
        self.needs_migration = False
        self.migrated_from = None
        if not self.path.exists():
            if not create:
                raise WorkspaceError(
                    _("{path}: no workspace here (okr init creates one)").format(path=self.path)
                )
            self._create(org)
        self._open()

    def _create(self, org: str) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(
                _("{path}: cannot create the folder ({problem})").format(
                    path=self.path, problem=exc.strerror
                )
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
                        _("{path}: cannot create the workspace ({problem})").format(
                            path=self.path, problem=exc.strerror
                        )
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

    def _tunables(self) -> Tunables:
        # Read from this module at each use: tests and tools change them here.
        return Tunables(
            schema_version=SCHEMA_VERSION,
            migrations=MIGRATIONS,
            lazy_from=LAZY_FROM,
            lean_from=LEAN_FROM,
            journal_from=JOURNAL_FROM,
            journal_fold_min=JOURNAL_FOLD_MIN,
            backup_period=BACKUP_PERIOD,
            backups_kept=BACKUPS_KEPT,
            lock_poll_seconds=LOCK_POLL_SECONDS,
            start_journal=start_journal,
        )


def _as_workspace_store(store: Store) -> WorkspaceStore:  # pragma: no cover - for mypy only
    """Never called: the type checker proves here that a Store is a WorkspaceStore."""
    return store
