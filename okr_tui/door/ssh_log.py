"""The SSH door's log: one line for each login, refusal and disconnect.

Each line says when (UTC), what, who and from where; it goes to stderr and to
`ssh.log` in the door folder (owner-only, appended).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from okr_tui.door.folder import FILE_MODE, ensure_door_folder
from okr_tui.location import Location
from okr_tui.plain_text import one_line

LOG_FILE = "ssh.log"


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def peer_text(peer: object) -> str:
    """`host:port` of a peer address as asyncssh gives it (a tuple), else its text."""
    if isinstance(peer, tuple) and len(peer) >= 2:
        host, port = str(peer[0]), peer[1]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return "an unknown address"


def client_name(name: str) -> str:
    """The login an ssh client sent, safe to print: it is whatever the client chose."""
    shown = one_line(name)
    return repr(shown if len(shown) <= 40 else shown[:40] + "…")


class DoorLog:
    """Writes a line to stderr and to the log file in the door folder."""

    def __init__(
        self,
        workspace: Location,
        stream: TextIO | None = None,
        clock: Callable[[], str] = utc_stamp,
    ) -> None:
        self.path = ensure_door_folder(workspace) / LOG_FILE
        self.stream = stream
        self.clock = clock

    def write(self, text: str) -> None:
        line = f"{self.clock()} okr ssh: {one_line(text)}"
        stream = self.stream if self.stream is not None else sys.stderr
        print(line, file=stream, flush=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        try:
            os.write(fd, (line + "\n").encode("utf-8", "replace"))
        finally:
            os.close(fd)
