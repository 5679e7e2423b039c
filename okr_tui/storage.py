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
import tempfile
from pathlib import Path
from typing import IO, Any

import orjson
from tinydb.storages import Storage

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


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` so that readers see the old bytes or the new, never half."""
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
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
        self.deferred = False
        self.dirty = False

    # TinyDB's Storage interface -------------------------------------------
    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self.reload()
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if self.deferred:
            self.dirty = True
        else:
            self.flush()

    def close(self) -> None:
        self._unpin()

    # ours ------------------------------------------------------------------
    @property
    def signature(self) -> Signature | None:
        return self._signature

    def changed_on_disk(self) -> bool:
        return file_signature(self.path) != self._signature

    def install(self, version: FileVersion) -> dict[str, Any]:
        """Make a version read with `read_version` the current one."""
        self._unpin()
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
        self._data = data

    def flush(self) -> None:
        """Write the data out; the caller holds the workspace lock."""
        if self._data is None:
            return
        atomic_write_bytes(self.path, orjson.dumps(self._data))
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
        self.dirty = False

    def _unpin(self) -> None:
        if self._pinned is not None:
            with contextlib.suppress(OSError):
                self._pinned.close()
            self._pinned = None

    def __del__(self) -> None:
        self._unpin()
