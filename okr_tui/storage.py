"""The workspace file on disk: opening a version of it, atomic rewrites, the journal.

A version is opened once and its handle kept open until the next one: its stat
signature (inode, size, mtime) is taken from that very descriptor, so data and
signature always belong to the same version, and while it is open its inode
cannot be reused by a later version, so "same inode" really means "same file".
Rewrites go to a temp file in the same folder, are fsynced and renamed over the
workspace (a crash leaves the old file or the new one, never half). Locking is
the store's job: writers here assume their caller holds the workspace lock.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson

from okr_tui.plain_text import load_json
from okr_tui.tablefile import Indexed, Span, docs_segments, plan, read_indexed, read_span

TEMP_PREFIX = ".okr-tmp-"
"""Temp files are named `.okr-tmp-<file name>-<random>` beside the file they replace."""

Signature = tuple[int, int, int]

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


def atomic_write_bytes(path: Path, payload: bytes | Iterable[bytes]) -> None:
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
        data = load_json(raw)
    except orjson.JSONDecodeError as exc:
        if _looks_binary(raw):
            raise UnreadableFile("the file is binary, not a JSON workspace") from exc
        raise UnreadableFile(f"the file is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise UnreadableFile("the file holds JSON but not an okr-tui workspace (no tables)")
    return data


class FileVersion:
    """One version of the file as opened: its signature, the pinned handle, and either
    its index (a file the store wrote: read table by table) or all of its data."""

    __slots__ = ("data", "handle", "indexed", "signature")

    def __init__(
        self,
        signature: Signature,
        handle: IO[bytes],
        indexed: Indexed | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.signature = signature
        self.handle = handle
        self.indexed = indexed
        self.data = data

    def read_span(self, span: Span) -> bytes:
        return read_span(self.handle, span)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()


def read_version(path: Path) -> FileVersion:
    """Open the file: its index when it has a good one, else all of it parsed.

    Raises OSError or UnreadableFile and changes nothing.
    """
    handle = open(path, "rb")  # noqa: SIM115 - kept open on purpose, see the module docstring
    try:
        signature = _signature_of(os.fstat(handle.fileno()))
        indexed = read_indexed(handle, signature[1]) if PIN_FILES else None
        if indexed is not None:
            return FileVersion(signature, handle, indexed=indexed)
        handle.seek(0)
        return FileVersion(signature, handle, data=parse_bytes(handle.read()))
    except BaseException:
        handle.close()
        raise


class WorkspaceFile:
    """The workspace file in use: the version the store holds, and atomic rewrites.

    The version's handle stays open (pinned): its bytes are where the store reads
    tables it left on disk, and what a rewrite copies unchanged tables from.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.signature: Signature | None = None
        self._pinned: IO[bytes] | None = None

    def changed_on_disk(self) -> bool:
        return file_signature(self.path) != self.signature

    def install(self, version: FileVersion) -> None:
        self._unpin()
        self.signature = version.signature
        if PIN_FILES:
            self._pinned = version.handle
        else:
            version.close()

    def read_span(self, span: Span) -> bytes:
        """Bytes of the version in use (on Windows, of the file: call under the lock)."""
        if self._pinned is not None:
            return read_span(self._pinned, span)
        with open(self.path, "rb") as handle:
            return read_span(handle, span)

    def duplicate(self) -> IO[bytes]:
        """A handle of its own on the version in use, for a long read outside any lock.

        Only a pinned version has one; tables are left on disk only where files are
        pinned (see read_version), so only those reads need it.
        """
        assert self._pinned is not None, "no pinned version to read from"
        return os.fdopen(os.dup(self._pinned.fileno()), "rb")

    def write(self, pieces: Iterable[bytes]) -> None:
        """Replace the file with `pieces`; the caller holds the workspace lock."""
        atomic_write_bytes(self.path, pieces)
        self._unpin()
        # Under the lock nobody else can replace the file, so this is the version just written.
        if PIN_FILES:
            self._pinned = open(self.path, "rb")  # noqa: SIM115 - pinned, see module docstring
            self.signature = _signature_of(os.fstat(self._pinned.fileno()))
        else:
            self.signature = file_signature(self.path)

    def forget(self) -> None:
        """Count the file as changed, so the next read comes from it.

        The version in use stays pinned: until another is installed, tables left on
        disk are still read from the version they belong to.
        """
        self.signature = None

    def close(self) -> None:
        self._unpin()

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
    laid_out = {
        name: (
            max((int(n) for n in docs), default=0) + 1,
            docs_segments((int(n), doc) for n, doc in docs.items()),
        )
        for name, docs in tables.items()
    }
    planned = plan(meta, laid_out, _no_spans)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, planned.pieces)


def _no_spans(span: Span) -> bytes:  # pragma: no cover - write_workspace passes bytes only
    raise AssertionError("no file to read spans from")


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
        return load_json(body)
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
