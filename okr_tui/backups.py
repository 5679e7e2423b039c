"""The backups beside a workspace: whole copies in `<file>.backups`, each written atomically.

A backup is written to a temp file in the backups folder, fsynced and renamed
into place, so a kill or a full disk leaves no half backup under a backup's
name. One found under that name is still checked before it counts as the day's
backup (an older okr-tui copied in place): one that does not open as a whole
workspace file is replaced. Locking is the store's job: these run under the lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from okr_tui.file_modes import Sharing
from okr_tui.storage import (
    PIN_FILES,
    UnreadableFile,
    atomic_write_bytes,
    open_regular,
    parse_bytes,
    remove_stale_temp_files,
)
from okr_tui.tablefile import read_indexed

COPY_PIECE = 1024 * 1024


def backups_dir(path: Path) -> Path:
    return path.parent / f"{path.name}.backups"


def kept(path: Path) -> list[Path]:
    """The backups of the workspace `path`, oldest first."""
    folder = backups_dir(path)
    return sorted(folder.glob(f"{path.stem}-*.json")) if folder.is_dir() else []


def sound(backup: Path) -> bool:
    """Whether `backup` holds a whole workspace file (cheaply, when the store wrote it).

    A file the store wrote carries an index that is checked against its bytes up
    to the last one, so a cut-off copy fails it without being read; any other is
    parsed whole.
    """
    try:
        with open_regular(backup) as handle:
            size = handle.seek(0, 2)
            if PIN_FILES and read_indexed(handle, size) is not None:
                return True
            handle.seek(0)
            data = parse_bytes(handle.read())
    except (OSError, UnreadableFile):
        return False
    return isinstance(data.get("_meta"), dict)


def trusted_backup(path: Path, period: str) -> bool:
    """Whether a sound backup of `period` (a stamp prefix, e.g. today's date) is there.

    Unsound ones newer than it are removed: they are no backup, and a good one is
    about to be written in their place.
    """
    for candidate in reversed(kept(path)):
        if not candidate.name.startswith(f"{path.stem}-{period}"):
            continue
        if sound(candidate):
            return True
        with contextlib.suppress(OSError):
            candidate.unlink()
    return False


def clean(path: Path) -> None:
    """Remove temp files of backups cut short (a kill, a full disk)."""
    folder = backups_dir(path)
    if folder.is_dir():
        remove_stale_temp_files(folder)


def copy(source: Path, target: Path, sharing: Sharing) -> None:
    """Copy the workspace file `source` to the backup `target`, atomically."""
    with open_regular(source) as handle:
        atomic_write_bytes(target, _pieces(handle.read), sharing)


def _pieces(read: Callable[[int], bytes]) -> Iterator[bytes]:
    while piece := read(COPY_PIECE):
        yield piece


def prune(path: Path, keep: int) -> None:
    """Keep the newest `keep` backups."""
    for old in kept(path)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
