"""Who holds the workspace lock: a note written by each writer as it takes the lock.

When a save waits too long for the lock, the message can then say whose session
held it and since when, not just "another session". The note is a courtesy:
failing to write or read it never stops a save.
"""

from __future__ import annotations

import contextlib
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

import orjson

from okr_tui import file_modes
from okr_tui.file_modes import Sharing
from okr_tui.i18n import _
from okr_tui.plain_text import load_json, one_line


def holder_path(lock: Path) -> Path:
    return lock.parent / f"{lock.name}.who"


NOTE_SIZE = 512
"""Every note is padded to this size and written over the last in place: one write."""

_open_notes: dict[Path, int] = {}
"""An open file per note, so a save costs one pwrite rather than an open and a close."""


def _note_fd(path: Path, sharing: Sharing) -> int:
    fd = _open_notes.get(path)
    if fd is None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, sharing.mode)
        _open_notes[path] = fd
    # Each time (an fstat): the workspace may have been shared, or made private, since.
    file_modes.share(fd, sharing)
    return fd


def note_holder(lock: Path, who: str, sharing: Sharing) -> None:
    """Say that this session holds the lock now (call right after taking it)."""
    payload = orjson.dumps(
        {
            "who": who,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )[:NOTE_SIZE]
    path = holder_path(lock)
    with contextlib.suppress(OSError):
        os.pwrite(_note_fd(path, sharing), payload.ljust(NOTE_SIZE), 0)


def describe_holder(lock: Path) -> str:
    """ "bob (pid 4242 on box), since 12:03:04 UTC", or "" when nobody left a readable note."""
    try:
        raw = holder_path(lock).read_bytes()[:NOTE_SIZE]
        note = load_json(raw.rstrip())
        who = one_line(str(note.get("who") or _("someone")))
        since = datetime.fromisoformat(str(note["since"]))
        pid, host = int(note["pid"]), one_line(str(note.get("host", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ""
    where = _("pid {pid} on {host}").format(pid=pid, host=host) if host else f"pid {pid}"
    return _("{person} ({where}), since {time} UTC").format(
        person=who, where=where, time=f"{since:%H:%M:%S}"
    )
