"""A TinyDB storage that several processes can share safely.

It reads the file once and keeps it in memory until the file's stat changes,
writes with orjson to a temp file in the same folder, fsyncs it and renames it
over the workspace (so a crash leaves the old file or the new one, never half),
and can defer writes so a batch of changes costs one write. Locking is the
store's job: this class assumes its caller holds the workspace lock when it
writes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

TEMP_PREFIX = ".okr-tmp-"


class UnreadableFile(Exception):
    """The file exists but is not JSON an okr-tui workspace could hold."""


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when another process replaces or rewrites the file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` so that readers see the old bytes or the new, never half."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
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
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_temp_files(folder: Path) -> int:
    """Remove temp files an interrupted write left behind. Call only under the lock."""
    removed = 0
    for leftover in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed


def parse_bytes(raw: bytes) -> dict[str, Any]:
    """Parse a workspace file's bytes, or say plainly why they are not one."""
    if not raw.strip():
        raise UnreadableFile("the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if b"\x00" in raw[:4096]:
            raise UnreadableFile("the file is binary, not a JSON workspace") from exc
        raise UnreadableFile(f"the file is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise UnreadableFile("the file holds JSON but not an okr-tui workspace (no tables)")
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage: cached reads checked against stat, atomic deferred writes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._signature: tuple[int, int, int] | None = None
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
        pass

    # ours ------------------------------------------------------------------
    def changed_on_disk(self) -> bool:
        return file_signature(self.path) != self._signature

    def reload(self) -> dict[str, Any]:
        raw = self.path.read_bytes()
        self._data = parse_bytes(raw)
        self._signature = file_signature(self.path)
        return self._data

    def replace_data(self, data: dict[str, Any]) -> None:
        self._data = data

    def flush(self) -> None:
        if self._data is None:
            return
        atomic_write_bytes(self.path, orjson.dumps(self._data))
        self._signature = file_signature(self.path)
        self.dirty = False

    def forget(self) -> None:
        """Drop the cache so the next read comes from the file."""
        self._data = None
        self._signature = None
        self.dirty = False
