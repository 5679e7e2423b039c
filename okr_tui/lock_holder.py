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
from okr_tui.plain_text import load_json, one_line


def holder_path(lock: Path) -> Path:
    return lock.parent / f"{lock.name}.who"


def note_holder(lock: Path, who: str, sharing: Sharing) -> None:
    """Say that this session holds the lock now (call right after taking it)."""
    payload = orjson.dumps(
        {
            "who": who,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    with contextlib.suppress(OSError):
        fd = os.open(holder_path(lock), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, sharing.mode)
        try:
            file_modes.share(fd, sharing)
            os.write(fd, payload)
        finally:
            os.close(fd)


def describe_holder(lock: Path) -> str:
    """ "bob (pid 4242 on box), since 12:03:04 UTC", or "" when nobody left a readable note."""
    try:
        raw = holder_path(lock).read_bytes()[:4096]
        note = load_json(raw)
        who = one_line(str(note.get("who") or "someone"))
        since = datetime.fromisoformat(str(note["since"]))
        pid, host = int(note["pid"]), one_line(str(note.get("host", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ""
    where = f"pid {pid} on {host}" if host else f"pid {pid}"
    return f"{who} ({where}), since {since:%H:%M:%S} UTC"
