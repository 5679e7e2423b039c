"""Saving: the lock, transactions, journal appends, folds into a new file version, backups.

Every change is a read-modify-write under the workspace lock: a transaction
first takes in what another process wrote, and ends in one journal line or
one new version of the file (okr_tui.storage writes it atomically).
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from okr_tui import backups, file_modes
from okr_tui.backups import backups_dir
from okr_tui.file_read import FileReader
from okr_tui.i18n import _
from okr_tui.journal import DamagedJournal, append_journal, encode_line, read_journal
from okr_tui.lock_holder import describe_holder, note_holder
from okr_tui.models import record_types
from okr_tui.storage import (
    UnreadableFile,
    atomic_write_bytes,
    file_signature,
    temp_prefix,
    writable,
)
from okr_tui.store_errors import LockTimeout, WorkspaceError, lock_path, lock_problem, os_problem
from okr_tui.store_state import FOLDED_KEY, JOURNAL_KEY
from okr_tui.tablefile import TableIndex, plan

if TYPE_CHECKING:
    from filelock import FileLock

    from okr_tui.batch import Batch
    from okr_tui.models import Record


class FileWriter(FileReader):
    """Takes the lock, keeps the store fresh, and saves each transaction."""

    def _file_lock(self) -> FileLock:
        if self._lock is None:
            from filelock import FileLock

            # The lock file is made by _locked, shared as the workspace; the mode here
            # only counts should filelock ever have to make it itself.
            self._lock = FileLock(
                lock_path(self.path),
                timeout=self.lock_timeout,
                poll_interval=self._tunables().lock_poll_seconds,
                mode=self._sharing.mode,
            )
        return self._lock

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
                raise self._fail(
                    _("its journal {name} is damaged ({problem})"),
                    name=self._journal.name,
                    problem=exc,
                ) from None
            except (OSError, UnreadableFile):
                # Replaced or gone since it was stat'ed: read the file and journal afresh.
                self._install(self._read())
                return True
            with self._mutex:
                tables: set[str] = set()
                types = record_types()
                for entry in journal.entries:
                    tables |= self._replay(self._t, entry, self._file.read_span, types)
                self._journal_end = journal.end
                self._journal_signature = journal.signature
                if journal.entries:
                    self._since_read |= tables
                    self._note_change(tables)
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

    def read_through_outages(self) -> None:
        """A file has no outages: its reads never wait on a server."""

    def close(self) -> None:
        """Let go of the file handle kept open on the workspace."""
        self._file.close()

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
            note_holder(where, self.user, self._sharing)
        except Timeout:
            holder = describe_holder(where)
            held_by = _(" (held by {holder})").format(holder=holder) if holder else ""
            raise LockTimeout(
                _(
                    "{path}: another okr session held the workspace for {seconds} s{held_by}; "
                    "your change was not saved. Try again."
                ).format(path=self.path, seconds=f"{self.lock_timeout:g}", held_by=held_by)
            ) from None
        except OSError as exc:
            raise WorkspaceError(
                _(
                    "{path}: cannot lock the workspace ({problem}); your change was not saved"
                ).format(path=self.path, problem=lock_problem(where, exc))
            ) from None
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Self]:
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
            raise WorkspaceError(_("{path} is read-only for you: not saved").format(path=self.path))
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
                _(
                    "{path}: could not save ({problem}); "
                    "your change was not saved and the file is as it was"
                ).format(path=self.path, problem=os_problem(exc))
            ) from None
        self.needs_migration = False
        self.migrated_from = None
        tables = {str(op[1]) for op in self._ops}
        self._since_read |= tables
        # A whole-file change (the organisation's name, a batch) is not told table by table.
        self._note_change(None if self._force_file else tables)

    def _append_to_journal(self) -> bool:
        """Append this transaction to the journal; False when the file must be written."""
        if not self._journal_generation or self._force_file or self.needs_migration:
            return False
        line = encode_line({"ops": self._ops})
        assert self._file.signature is not None
        limit = max(self._tunables().journal_fold_min, self._file.signature[1] // 2)
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
        self._journal_signature = self._tunables().start_journal(
            self._journal, generation, self._sharing
        )
        self._journal_end = self._journal_signature[1]
        self._journal_found = generation
        self._journal_ok = True

    def _write_file(self) -> None:
        """Write everything into a new version of the file, with a fresh journal if it is big."""
        size = self._file.signature[1] if self._file.signature else 0
        generation = ""
        if self._journal_generation or size > self._tunables().journal_from:
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

    # -- the hooks the record rules (okr_tui.record_rules) change the workspace through --
    def _put_record(self, record: Record, doc: dict[str, Any], *, fresh: bool = False) -> None:
        """Put one record into the tables in memory and this transaction's journal entry.

        The file is written once, when the transaction ends (see _save).
        """
        number = self._tables_op(
            self._t, self._file.read_span, self._t.put, record, doc, fresh=fresh
        )
        self._ops.append(["put", record.TABLE, doc, number])

    def _drop_record(self, table: str, record_id: str) -> None:
        self._tables_op(self._t, self._file.read_span, self._t.remove, table, record_id)
        self._ops.append(["del", table, record_id])

    def _may_write(self) -> bool:
        """Whether this account may change the workspace (checked without the lock)."""
        return writable(self.path)

    def _batch_fits(self, batch: Batch) -> bool:
        """Whether the batch's document numbers still follow the tables (under the lock)."""
        return all(
            max(self._t.next_ids.get(table, 1), 1) == first
            for table, first in batch.first_numbers.items()
        )

    def _take_batch_numbers(self, batch: Batch) -> None:
        for table, count in batch.counts.items():
            # Taken now, so the events of the batch's changes come after these numbers.
            self._t.next_ids[table] = batch.first_numbers[table] + count

    def _append_batch(self, batch: Batch) -> bool:
        """Add the batch's encoded records to the tables; True when any were added."""
        appended = False
        for table, chunks in batch.take().items():
            if table in self._t.on_disk and self._t.segments.get(table) is None:
                self._fill(self._t, table, self._file.read_span)
            known = table in self._t.models or table in self._t.on_disk
            segments = list(self._t.segments_for(table)) if known else []
            self._t.models.setdefault(table, {})
            self._t.segments[table] = [*segments, *chunks]
            appended = True
        self._force_file = appended or self._force_file
        return appended

    def _after_batch(self) -> None:
        """The batch's records are in the file, not in memory: read it on the next use."""
        self._file.forget()

    def _before_change(self) -> None:
        """Called before each change in a transaction: the day's backup comes first."""
        if self._ops or self._force_file:
            return
        try:
            self._backup_if_due()
        except OSError as exc:
            raise WorkspaceError(
                _(
                    "{path}: could not make today's backup ({problem}); "
                    "your change was not saved and the file is as it was"
                ).format(path=self.path, problem=os_problem(exc))
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
        period = self.clock().strftime(self._tunables().backup_period)
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
        backups.prune(self.path, self._tunables().backups_kept)
        self._backed_up_on = period

    def backups(self) -> list[Path]:
        """The kept backups of this workspace, oldest first."""
        return backups.kept(self.path)
