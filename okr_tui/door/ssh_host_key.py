"""The SSH server's host key: made on first start, kept owner-only in the door folder.

The same key on every start is what lets people's ssh clients recognise the
server (and warn when something else answers in its place).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import asyncssh

from okr_tui.door.folder import FILE_MODE, ensure_door_folder
from okr_tui.location import Location

HOST_KEY_FILE = "ssh_host_ed25519_key"


def host_key_path(workspace: Location) -> Path:
    return ensure_door_folder(workspace) / HOST_KEY_FILE


def _write_new(path: Path) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="okr ssh host key")
    data = key.export_private_key()
    # O_EXCL: two servers starting at once keep the first one's key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def load_host_key(workspace: Location) -> tuple[asyncssh.SSHKey, Path]:
    """The server's host key and its file, made (0600) when there is none yet."""
    path = host_key_path(workspace)
    with contextlib.suppress(FileExistsError):
        if not path.exists():
            _write_new(path)
    if path.stat().st_mode & 0o777 != FILE_MODE:
        os.chmod(path, FILE_MODE)
    return asyncssh.read_private_key(path), path
