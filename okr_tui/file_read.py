"""Opening the workspace file: reading a version, its chunks and its journal, validating, migrating.

Nothing here writes: a file that does not parse or validate is refused with a
WorkspaceError that says where the backups are.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson
from pydantic import ValidationError

from okr_tui.backups import backups_dir
from okr_tui.i18n import _
from okr_tui.journal import DamagedJournal, OddEntry, entry_ops, read_journal
from okr_tui.models import Meta, Record, record_types
from okr_tui.storage import (
    FileVersion,
    Signature,
    UnreadableFile,
    file_signature,
    parse_bytes,
    read_version,
)
from okr_tui.store_errors import (
    WorkspaceError,
    damaged_by_upgrade,
    describe_validation,
    journal_missing,
    journal_of_another,
    twice,
    unknown_table,
    unreadable,
)
from okr_tui.store_state import (
    FOLDED_KEY,
    JOURNAL_KEY,
    LAZY_TABLES,
    META_TABLE,
    ChunkKey,
    ChunkRecords,
    StoreState,
    Tunables,
    collector_paused,
)
from okr_tui.tablefile import INDEX_KEY, Indexed, Span, parse_span
from okr_tui.tables import NeedsTable, OnDisk, Tables, share_fields_set

T = TypeVar("T")


class _IndexMismatch(Exception):
    """A file's chunk index does not match its bytes."""


class _JournalMismatch(Exception):
    """The journal beside the file is not the one it names (the message says how)."""


@dataclass
class _Loaded:
    """What one read of the file yields, built without touching the live store."""

    version: FileVersion
    meta: Meta
    meta_doc: dict[str, Any]
    tables: Tables = field(default_factory=Tables)
    chunks: dict[ChunkKey, ChunkRecords] = field(default_factory=dict)
    migrated_from: int | None = None
    journal_generation: str = ""
    journal_found: str = ""
    """The generation of the journal file beside the file ("" when none goes with it)."""
    journal_ok: bool = False
    journal_end: int = 0
    journal_signature: Signature | None = None
    indexed: bool = False
    """Read chunk by chunk, so its chunks can be compared with the next read's."""
    journal_tables: set[str] = field(default_factory=set)
    """The tables the journal lines replayed on top of the file changed."""


class FileReader(StoreState):
    """Reads versions of the workspace file into the store's tables."""

    def _fail(self, message: str, /, **values: object) -> WorkspaceError:
        """What is wrong with the file; `values` fill the placeholders of a translated problem."""
        return unreadable(
            self.path, message.format(**values) if values else message, backups_dir(self.path)
        )

    @property
    def meta(self) -> Meta:
        assert self._meta is not None
        return self._meta

    def _read(self, attempts: int = 3) -> _Loaded:
        """Read, migrate and validate the file and its journal; raise WorkspaceError, never write.

        A file the store wrote is read a chunk at a time, so the parsed JSON of a
        large workspace is never in memory whole; its event log stays on disk until
        someone asks for it (see okr_tui.store.LAZY_FROM).
        """
        with collector_paused():
            try:
                version = read_version(self.path)
            except UnreadableFile as exc:
                raise self._fail(str(exc)) from None
            except OSError as exc:
                raise self._fail(_("cannot be read ({problem})"), problem=exc.strerror) from None
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
            raise _JournalMismatch(journal_missing(name)) from None
        except DamagedJournal as exc:
            raise self._fail(
                _("its journal {name} is damaged ({problem})"), name=name, problem=exc
            ) from None
        except UnreadableFile as exc:
            raise self._fail(_("its journal {name} {problem}"), name=name, problem=exc) from None
        except OSError as exc:
            raise self._fail(
                _("its journal {name} cannot be read ({problem})"), name=name, problem=exc.strerror
            ) from None
        loaded.journal_signature = journal.signature
        loaded.journal_found = journal.generation
        loaded.journal_ok = journal.generation == generation
        loaded.journal_end = journal.end
        if not loaded.journal_ok and journal.generation != loaded.meta_doc.get(FOLDED_KEY):
            raise _JournalMismatch(journal_of_another(name, journal.generation, generation))
        # Otherwise it is the journal the file was folded from (a stop between writing
        # the file and starting its journal): its lines are in the file already.
        types = record_types()  # once: a long journal has many thousand entries
        for entry in journal.entries:
            loaded.journal_tables |= self._replay(
                loaded.tables, entry, loaded.version.read_span, types
            )

    def _replay(
        self,
        tables: Tables,
        entry: Any,
        read: Callable[[Span], bytes],
        types: dict[str, type[Record]] | None = None,
    ) -> set[str]:
        """Apply one journal entry (one transaction) to `tables`; the tables it changed."""
        types = types or record_types()
        ops = self._journal_ops(entry)
        for op in ops:
            kind, table = op[0], op[1]
            record_type = types.get(table)
            if record_type is None:
                raise self._fail(
                    _("its journal names a table okr-tui does not know ({table})"),
                    table=repr(table),
                )
            if kind == "del":
                if op[2] in tables.table(table) or table in tables.on_disk:
                    with contextlib.suppress(KeyError):
                        self._tables_op(tables, read, tables.remove, table, op[2])
                continue
            try:
                record = record_type.model_validate(op[2])
            except ValidationError as exc:
                raise self._fail(
                    _("record {id} in its journal has a bad value ({problem})"),
                    id=op[2].get("id", "?"),
                    problem=describe_validation(exc),
                ) from None
            number = op[3] if len(op) > 3 and isinstance(op[3], int) else None
            self._tables_op(tables, read, tables.put, record, op[2], number=number)
        return {str(op[1]) for op in ops}

    def _journal_ops(self, entry: Any) -> list[list[Any]]:
        try:
            return entry_ops(entry)
        except OddEntry as exc:
            raise self._fail(
                _("its journal {name} holds {problem}"), name=self._journal.name, problem=exc
            ) from None

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
        with collector_paused():
            for span in tables.on_disk[table].chunks:
                try:
                    docs = parse_span(read(span))
                except (orjson.JSONDecodeError, OSError) as exc:
                    raise self._fail(
                        _("table {table} cannot be read ({problem})"),
                        table=repr(table),
                        problem=exc,
                    ) from None
                self._take_docs(table, record_type, docs, by_id, ids, {})
        for record_id in tables.table(table):
            if record_id in by_id:
                raise self._fail(twice(record_id, table))
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
                    _("table {table} has a document id that is not a number ({id})"),
                    table=repr(table),
                    id=repr(doc_id),
                ) from None
            try:
                record = validate(doc)
            except ValidationError as exc:
                ident = doc.get("id", doc_id) if isinstance(doc, dict) else doc_id
                raise self._fail(
                    _("record {id} in {table} has a bad value ({problem})"),
                    id=ident,
                    table=table,
                    problem=describe_validation(exc),
                ) from None
            share_fields_set(record, tuple(doc), fields_sets)
            record_id = record.id
            if record_id in by_id:
                raise self._fail(twice(record_id, table))
            by_id[record_id] = record
            ids[record_id] = number
            if number > highest:
                highest = number
        return highest

    def _validate(self, version: FileVersion) -> _Loaded:
        schema = self._tunables().schema_version
        if version.indexed is not None:
            meta_doc = version.indexed.meta
        else:
            assert version.data is not None
            meta_docs = version.data.get(META_TABLE)
            if not isinstance(meta_docs, dict) or not meta_docs:
                raise self._fail(_("this JSON is not an okr-tui workspace (it has no _meta table)"))
            meta_doc = next(iter(meta_docs.values()))
        meta = self._meta_of(meta_doc, _("its header is damaged"))
        if meta.schema_version > schema:
            raise self._fail(
                _(
                    "it was written by a newer okr-tui (schema {version}; "
                    "this version reads up to {schema}). Upgrade okr-tui to open it"
                ),
                version=meta.schema_version,
                schema=schema,
            )
        if version.indexed is not None and meta.schema_version == schema:
            loaded = _Loaded(version=version, meta=meta, meta_doc=meta_doc)
            try:
                self._take_indexed(loaded, version.indexed)
                loaded.indexed = True
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
        if meta.schema_version < schema:
            migrated_from = meta.schema_version
            data = self._migrate(data, meta.schema_version)
            try:
                meta_doc = next(iter(data[META_TABLE].values()))
            except (KeyError, StopIteration, AttributeError):
                raise self._fail(damaged_by_upgrade(migrated_from)) from None
            meta = self._meta_of(meta_doc, damaged_by_upgrade(migrated_from))
        loaded = _Loaded(version=version, meta=meta, meta_doc=meta_doc, migrated_from=migrated_from)
        types = record_types()
        fields_sets: dict[tuple[str, ...], set[str]] = {}
        for table, docs in data.items():
            if table == META_TABLE:
                continue
            record_type = types.get(table)
            if record_type is None:
                raise self._fail(unknown_table(table))
            if not isinstance(docs, dict):
                raise self._fail(_("table {table} is not a TinyDB table"), table=repr(table))
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
        tunables = self._tunables()
        for table, where in indexed.tables.items():
            record_type = types.get(table)
            if record_type is None:
                raise self._fail(unknown_table(table))
            chunks = where.chunks()
            tables.segments[table] = list(chunks)
            if self._left_on_disk(table, where.size, tunables):
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
                    known = ChunkRecords(list(chunk_records.values()), list(chunk_ids.values()))
                loaded.chunks[key] = known
                for record, number in zip(known.records, known.numbers, strict=True):
                    if record.id in by_id:
                        raise self._fail(twice(record.id, table))
                    by_id[record.id] = record
                    ids[record.id] = number
                highest = max(highest, max(known.numbers, default=0))
            if len(set(ids.values())) != len(ids):
                raise _IndexMismatch  # one document number twice: let the plain read judge
            tables.models[table] = by_id
            tables.doc_ids[table] = ids
            tables.next_ids[table] = max(highest + 1, where.next_id)

    def _left_on_disk(self, table: str, size: int, tunables: Tunables) -> bool:
        """Whether a table of this size stays in the file until asked for."""
        if self._lean and size > tunables.lean_from:
            return True
        return table in LAZY_TABLES and size > tunables.lazy_from

    def _meta_of(self, doc: Any, problem: str) -> Meta:
        if not isinstance(doc, dict):
            raise self._fail(_("{problem} (not a document)"), problem=problem)
        try:
            return Meta.model_validate(header_fields(doc))
        except ValidationError as exc:
            raise self._fail(f"{problem} ({describe_validation(exc)})") from None

    def _install(self, loaded: _Loaded) -> None:
        with self._mutex:
            changed = self._read_changes(loaded)
            self._file.install(loaded.version)
            self._meta = loaded.meta
            self._t = loaded.tables
            self._chunks = loaded.chunks
            self._found = {}
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
            self._read_indexed = loaded.indexed
            self._since_read = frozenset(loaded.journal_tables)
            self._note_change(changed)

    def _read_changes(self, loaded: _Loaded) -> set[str] | None:
        """The tables a whole re-read changes in memory; None when it cannot tell.

        Chunks are compared by their bytes; to them come the tables changed in
        memory since the last read (own saves, journal lines, a change being
        discarded) and the tables left on disk, whose chunks are never read to compare.
        """
        if not (self._read_indexed and loaded.indexed) or self._force_file:
            return None
        if self._meta is None or loaded.meta != self._meta:
            return None
        old: dict[str, set[ChunkKey]] = {}
        new: dict[str, set[ChunkKey]] = {}
        for chunks, by_table in ((self._chunks, old), (loaded.chunks, new)):
            for key in chunks:
                by_table.setdefault(key[0], set()).add(key)
        changed = {table for table in old.keys() | new.keys() if old.get(table) != new.get(table)}
        changed |= self._since_read | loaded.journal_tables | {str(op[1]) for op in self._ops}
        return changed | set(self._t.on_disk) | set(loaded.tables.on_disk)

    def _load(self) -> None:
        """Re-read the file now (the caller holds the lock or owns the store)."""
        self._install(self._read())

    def _migrate(self, data: dict[str, Any], version: int) -> dict[str, Any]:
        tunables = self._tunables()
        while version < tunables.schema_version:
            step = tunables.migrations.get(version)
            if step is None:
                raise self._fail(
                    _("no migration from schema {version} to {next}"),
                    version=version,
                    next=version + 1,
                )
            try:
                step(data)
                version += 1
                meta_doc = next(iter(data[META_TABLE].values()))
                meta_doc["schema_version"] = version
            except WorkspaceError:
                raise
            except Exception as exc:
                raise self._fail(
                    _("the upgrade from schema {version} to {next} failed ({problem})"),
                    version=version,
                    next=version + 1,
                    problem=exc,
                ) from None
        return data


def header_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The header without what only describes this version of the file (journal, index)."""
    return {k: v for k, v in doc.items() if k not in (JOURNAL_KEY, FOLDED_KEY, INDEX_KEY)}
