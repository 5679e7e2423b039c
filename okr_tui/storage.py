"""The workspace file on disk: opening a version of it, atomic rewrites.

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
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson

from okr_tui import file_modes
from okr_tui.file_modes import Sharing
from okr_tui.i18n import N_, _
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


def signature_of(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def file_signature(path: Path) -> Signature | None:
    """What changes when another process replaces or rewrites the file."""
    try:
        return signature_of(path.stat())
    except FileNotFoundError:
        return None


def temp_prefix(path: Path) -> str:
    return f"{TEMP_PREFIX}{path.name}-"


def writable(path: Path) -> bool:
    """Whether this account may write the file (True when there is none yet)."""
    effective = os.access in os.supports_effective_ids
    try:
        return os.access(path, os.W_OK, effective_ids=effective) or not path.exists()
    except OSError:
        return False


WRITE_BUFFER = 1024 * 1024
"""Small pieces are gathered into writes of about this size."""


def write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _write_pieces(fd: int, pieces: Iterable[bytes]) -> None:
    pending = bytearray()
    for piece in pieces:
        if len(pending) + len(piece) > WRITE_BUFFER and pending:
            write_all(fd, pending)
            pending.clear()
        if len(piece) >= WRITE_BUFFER:
            write_all(fd, piece)
        else:
            pending += piece
    if pending:
        write_all(fd, pending)


def atomic_write_bytes(
    path: Path, payload: bytes | Iterable[bytes], sharing: Sharing | None = None
) -> None:
    """Write `payload` (bytes, or pieces to write in turn) to `path` so that readers
    see the old bytes or the new, never half.

    The new file is shared as `sharing` says; without it, as the file it replaces
    (or, for a new file, as the umask says). A write cut short (a full disk, a
    kill) leaves nothing but the old file.
    """
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), dir=path.parent)
    try:
        try:
            # mkstemp makes the file private (0600); colleagues on a shared box must
            # keep reading (and writing) the workspace and everything beside it.
            file_modes.share(fd, sharing or file_modes.same_as(path) or file_modes.usual())
            _write_pieces(fd, [payload] if isinstance(payload, bytes) else payload)
            os.fsync(fd)
        finally:
            os.close(fd)
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
        raise UnreadableFile(_("the file is empty"))
    try:
        data = load_json(raw)
    except orjson.JSONDecodeError as exc:
        if _looks_binary(raw):
            raise UnreadableFile(_("the file is binary, not a JSON workspace")) from exc
        raise UnreadableFile(
            _("the file is not valid JSON ({problem})").format(problem=exc)
        ) from exc
    if not isinstance(data, dict):
        raise UnreadableFile(_("the file holds JSON but not an okr-tui workspace (no tables)"))
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


_KINDS = {
    stat.S_IFDIR: N_("a folder"),
    stat.S_IFIFO: N_("a named pipe (FIFO)"),
    stat.S_IFCHR: N_("a device"),
    stat.S_IFBLK: N_("a device"),
    stat.S_IFSOCK: N_("a socket"),
}


def _not_a_file(mode: int) -> UnreadableFile:
    kind = _(_KINDS.get(stat.S_IFMT(mode), N_("not a regular file")))
    return UnreadableFile(_("cannot be read: it is {kind}, not a file").format(kind=kind))


def open_regular(path: Path) -> IO[bytes]:
    """Open a file to read, refusing anything but a regular file (UnreadableFile).

    The type is checked before opening, so a named pipe never blocks the open
    and a device is never read; the open does not block either, in case the
    path was swapped for a pipe in between.
    """
    found = os.stat(path)
    if not stat.S_ISREG(found.st_mode):
        raise _not_a_file(found.st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_file(mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_version(path: Path) -> FileVersion:
    """Open the file: its index when it has a good one, else all of it parsed.

    Raises OSError or UnreadableFile and changes nothing.
    """
    handle = open_regular(path)  # kept open on purpose, see the module docstring
    try:
        signature = signature_of(os.fstat(handle.fileno()))
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
        """Replace the file with `pieces`; the caller holds the workspace lock.

        A file this account may not write is never replaced (a rename would not ask).
        """
        if not writable(self.path):
            raise PermissionError(errno.EACCES, _("the file is read-only for you"), str(self.path))
        atomic_write_bytes(self.path, pieces)
        self._unpin()
        # Under the lock nobody else can replace the file, so this is the version just written.
        if PIN_FILES:
            self._pinned = open(self.path, "rb")  # noqa: SIM115 - pinned, see module docstring
            self.signature = signature_of(os.fstat(self._pinned.fileno()))
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
