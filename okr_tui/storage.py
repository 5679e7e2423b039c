"""A TinyDB storage that several processes can share safely.

It reads the file once and keeps it in memory until the file's stat changes,
writes with orjson to a temp file in the same folder, fsyncs it and renames it
over the workspace (so a crash leaves the old file or the new one, never half),
and can defer writes so a batch of changes costs one write. Locking is the
store's job: this class assumes its caller holds the workspace lock when it
writes.

The stat signature (inode, size, mtime) is taken from the very file
descriptor the bytes were read from, so data and signature always belong to
the same version of the file. That file is then kept open: while it is open,
its inode cannot be reused by a later version, so "same inode" really means
"same file".
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import zlib
from pathlib import Path
from typing import IO, Any

import orjson
from tinydb.storages import Storage

TEMP_PREFIX = ".okr-tmp-"
"""Temp files are named `.okr-tmp-<file name>-<random>` beside the file they replace."""

Signature = tuple[int, int, int]

MAX_PIECES = 256
"""Appended pieces of one table kept apart before they are joined into one."""

# Keeping a file open stops its inode from being reused, but on Windows an open
# file cannot be replaced by another process, so only pin where that is allowed.
PIN_FILES = os.name == "posix"


class UnreadableFile(Exception):
    """The file exists but is not JSON an okr-tui workspace could hold."""


def _signature_of(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def file_signature(path: Path) -> Signature | None:
    """What changes when another process replaces or rewrites the file."""
    try:
        return _signature_of(path.stat())
    except FileNotFoundError:
        return None


def temp_prefix(path: Path) -> str:
    return f"{TEMP_PREFIX}{path.name}-"


def _read_umask() -> int:
    # The only way to read the umask is to set it; done once, at import, before threads start.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _mode_for(path: Path) -> int:
    """The permission bits a rewritten file should have: its own, else 0666 less the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def atomic_write_bytes(path: Path, payload: bytes | list[bytes]) -> None:
    """Write `payload` (bytes, or pieces to write in turn) to `path` so that readers
    see the old bytes or the new, never half."""
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), dir=path.parent)
    try:
        # mkstemp makes the file private (0600); colleagues on a shared box must
        # keep reading the workspace, so it keeps the mode it had, or the usual one.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            for piece in [payload] if isinstance(payload, bytes) else payload:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    # The rename itself must reach the disk, or a power cut could bring back the old file.
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def remove_stale_temp_files(folder: Path, name: str | None = None) -> int:
    """Remove temp files an interrupted write left behind. Call only under the lock.

    With `name`, only the temp files of that file are removed: another workspace
    in the same folder has its own lock and may be writing right now.
    """
    pattern = f"{TEMP_PREFIX}{name}-*" if name else f"{TEMP_PREFIX}*"
    removed = 0
    for leftover in folder.glob(pattern):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed


def _looks_binary(raw: bytes) -> bool:
    head = raw[:4096]
    if b"\x00" in head:
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 4096th byte is still text.
        return exc.start < len(head) - 4
    return False


def parse_bytes(raw: bytes) -> dict[str, Any]:
    """Parse a workspace file's bytes, or say plainly why they are not one."""
    if not raw.strip():
        raise UnreadableFile("the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if _looks_binary(raw):
            raise UnreadableFile("the file is binary, not a JSON workspace") from exc
        raise UnreadableFile(f"the file is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise UnreadableFile("the file holds JSON but not an okr-tui workspace (no tables)")
    return data


class FileVersion:
    """One version of the file as read: its data, its signature, and the pinned handle."""

    __slots__ = ("data", "handle", "signature")

    def __init__(self, data: dict[str, Any], signature: Signature, handle: IO[bytes] | None):
        self.data = data
        self.signature = signature
        self.handle = handle


def read_version(path: Path) -> FileVersion:
    """Read and parse the file; raises OSError or UnreadableFile and changes nothing."""
    handle = open(path, "rb")  # noqa: SIM115 - kept open on purpose, see the module docstring
    try:
        signature = _signature_of(os.fstat(handle.fileno()))
        data = parse_bytes(handle.read())
    except BaseException:
        handle.close()
        raise
    if not PIN_FILES:
        handle.close()
        return FileVersion(data, signature, None)
    return FileVersion(data, signature, handle)


class AtomicJSONStorage(Storage):
    """TinyDB storage: cached reads checked against stat, atomic deferred writes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._signature: Signature | None = None
        self._pinned: IO[bytes] | None = None
        # Serialised tables from the last write, and the documents appended since: a
        # check-in appends to two tables, and re-serialising only the new documents
        # saves most of orjson's work on a large file (see serialise()).
        self._table_bytes: dict[str, list[bytes]] = {}
        self._appended: dict[str, list[str]] = {}
        self.deferred = False
        self.dirty = False

    # TinyDB's Storage interface -------------------------------------------
    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self.reload()
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        # Through TinyDB's own interface we do not know what changed.
        self._table_bytes.clear()
        self._appended.clear()
        self._store(data)
        if not self.deferred:
            self.flush()

    def _store(self, data: dict[str, Any]) -> None:
        # The store decides when and where a change is written (file or journal).
        self._data = data
        self.dirty = True

    def close(self) -> None:
        self._unpin()

    # ours ------------------------------------------------------------------
    @property
    def signature(self) -> Signature | None:
        return self._signature

    def changed_on_disk(self) -> bool:
        return file_signature(self.path) != self._signature

    def write_appended(self, data: dict[str, Any], table: str, doc_id: str) -> None:
        """Like write(), for a change that only added document `doc_id` at the end of `table`."""
        if table in self._table_bytes:
            self._appended.setdefault(table, []).append(doc_id)
        self._store(data)

    def write_changed(self, data: dict[str, Any], table: str) -> None:
        """Like write(), for any other change confined to `table`."""
        self._table_bytes.pop(table, None)
        self._appended.pop(table, None)
        self._store(data)

    def serialise(self) -> list[bytes]:
        """The data as JSON, in pieces whose concatenation is `orjson.dumps(data)`.

        A table whose only changes since the last write are appended documents
        is its previous pieces plus the new documents; any other table is dumped
        whole. Pieces are written one after another, never joined: on a large
        file, copying bytes around costs more than orjson does.
        """
        assert self._data is not None
        out: list[bytes] = []
        fresh: dict[str, list[bytes]] = {}
        for position, (table, docs) in enumerate(self._data.items()):
            cached = self._table_bytes.get(table)
            added = self._appended.get(table, [])
            if cached is None or not isinstance(docs, dict):
                # Without the closing brace, so documents can be appended later.
                pieces = [orjson.dumps(docs)[:-1]]
            elif added:
                lead = b"," if len(docs) > len(added) else b""
                tail = b",".join(orjson.dumps(d) + b":" + orjson.dumps(docs[d]) for d in added)
                pieces = [*cached, lead + tail]
                if len(pieces) > MAX_PIECES:
                    pieces = [b"".join(pieces)]
            else:
                pieces = cached
            fresh[table] = pieces
            out.append((b"{" if position == 0 else b",") + orjson.dumps(table) + b":")
            out.extend(pieces)
            out.append(b"}")
        out.append(b"}" if out else b"{}")
        self._table_bytes = fresh
        self._appended = {}
        return out

    def install(self, version: FileVersion) -> dict[str, Any]:
        """Make a version read with `read_version` the current one."""
        self._unpin()
        self._table_bytes = {}
        self._appended = {}
        self._data = version.data
        self._signature = version.signature
        self._pinned = version.handle
        self.dirty = False
        return self._data

    def reload(self) -> dict[str, Any]:
        return self.install(read_version(self.path))

    def read_cached(self) -> dict[str, Any] | None:
        """The data in memory, without reading the file."""
        return self._data

    def replace_data(self, data: dict[str, Any]) -> None:
        self._table_bytes = {}
        self._appended = {}
        self._data = data

    def flush(self) -> None:
        """Write the data out; the caller holds the workspace lock."""
        if self._data is None:
            return
        try:
            payload = self.serialise()
        except BaseException:
            self._table_bytes = {}
            self._appended = {}
            raise
        atomic_write_bytes(self.path, payload)
        self._unpin()
        # Under the lock nobody else can replace the file, so this is the version just written.
        if PIN_FILES:
            self._pinned = open(self.path, "rb")  # noqa: SIM115 - pinned, see module docstring
            self._signature = _signature_of(os.fstat(self._pinned.fileno()))
        else:
            self._signature = file_signature(self.path)
        self.dirty = False

    def forget(self) -> None:
        """Drop the cache so the next read comes from the file."""
        self._unpin()
        self._data = None
        self._signature = None
        self._table_bytes = {}
        self._appended = {}
        self.dirty = False

    def _unpin(self) -> None:
        if self._pinned is not None:
            with contextlib.suppress(OSError):
                self._pinned.close()
            self._pinned = None

    def __del__(self) -> None:
        self._unpin()


def write_workspace(path: Path, meta: dict[str, Any], tables: dict[str, dict[str, Any]]) -> None:
    """Write a whole workspace made elsewhere (generators, tools) in the store's layout.

    `tables` maps table name -> {document id: document}, as TinyDB keeps them.
    The caller makes sure no store is writing to `path` meanwhile.
    """
    data: dict[str, Any] = {"_meta": {"1": meta}, **tables}
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, orjson.dumps(data))


# -- the journal -------------------------------------------------------------------------------

JOURNAL_SUFFIX = ".journal"


class DamagedJournal(Exception):
    """A journal line in the middle of the file does not check out."""


def journal_path(path: Path) -> Path:
    return path.parent / f"{path.name}{JOURNAL_SUFFIX}"


def encode_line(entry: Any) -> bytes:
    """One journal line: a CRC-32 of the JSON, a space, the JSON, a newline.

    orjson never writes a raw newline inside its output, so a line is complete
    exactly when its newline is there, and the checksum tells a torn or spoiled
    line from a good one.
    """
    body = orjson.dumps(entry)
    return b"%08x %s\n" % (zlib.crc32(body), body)


def decode_lines(raw: bytes, start: int) -> tuple[list[Any], int]:
    """Entries from `raw[start:]` and the offset just past the last good line.

    An incomplete or spoiled last line is a torn tail (a write cut short, or one
    still under way): it is left out and its offset is where the next append goes.
    A spoiled line followed by good ones is damage, and raises DamagedJournal.
    """
    entries: list[Any] = []
    position = start
    end = len(raw)
    while position < end:
        newline = raw.find(b"\n", position)
        if newline < 0:
            break  # torn tail
        line = raw[position:newline]
        entry = _decode_one(line)
        if entry is _BAD:
            if raw.find(b"\n", newline + 1) >= 0 or newline + 1 < end:
                raise DamagedJournal(f"byte {position} holds a line that does not check out")
            break  # the last line is spoiled: a torn tail
        entries.append(entry)
        position = newline + 1
    return entries, position


_BAD = object()


def _decode_one(line: bytes) -> Any:
    if len(line) < 10 or line[8:9] != b" ":
        return _BAD
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return _BAD
        return orjson.loads(body)
    except (ValueError, orjson.JSONDecodeError):
        return _BAD


class JournalRead:
    """What one read of the journal found."""

    __slots__ = ("end", "entries", "generation", "signature")

    def __init__(
        self, generation: str, entries: list[Any], end: int, signature: Signature | None
    ) -> None:
        self.generation = generation
        self.entries = entries
        self.end = end
        self.signature = signature


def read_journal(path: Path, start: int = 0, generation: str = "") -> JournalRead:
    """Read the journal from byte `start` (0: from its header).

    From 0, the header names the journal's generation; entries are returned only
    when it is `generation` (a journal of another generation belongs to another
    version of the workspace file and is ignored). A missing journal is empty.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115
    except FileNotFoundError:
        return JournalRead("", [], 0, None)
    with handle:
        signature = _signature_of(os.fstat(handle.fileno()))
        handle.seek(start)
        raw = handle.read(max(0, signature[1] - start))
    if start == 0:
        newline = raw.find(b"\n")
        header = _decode_one(raw[:newline]) if newline >= 0 else _BAD
        if not isinstance(header, dict) or not header.get("journal"):
            # A torn or missing header: nothing was ever acknowledged in it.
            return JournalRead("", [], 0, signature)
        found = str(header["journal"])
        if found != generation:
            return JournalRead(found, [], newline + 1, signature)
        entries, end = decode_lines(raw, newline + 1)
        return JournalRead(found, entries, end, signature)
    entries, end = decode_lines(raw, 0)
    return JournalRead(generation, entries, start + end, signature)


def start_journal(path: Path, generation: str) -> Signature:
    """Replace the journal with an empty one of `generation` (under the lock)."""
    atomic_write_bytes(path, encode_line({"journal": generation}))
    return _signature_of(path.stat())


def append_journal(path: Path, line: bytes, good_end: int) -> Signature:
    """Append one line at `good_end` (cutting a torn tail first) and fsync (under the lock)."""
    fd = os.open(path, os.O_WRONLY)
    try:
        if os.fstat(fd).st_size != good_end:
            os.ftruncate(fd, good_end)
        os.lseek(fd, good_end, os.SEEK_SET)
        written = 0
        while written < len(line):
            written += os.write(fd, line[written:])
        os.fsync(fd)
        return _signature_of(os.fstat(fd))
    finally:
        os.close(fd)
