"""Files made beside a workspace are shared as the workspace is: its group, its permission bits.

On a shared box each person has an account in a shared group. A new file gets
the process's umask (often 022) and its maker's own group, so a lock file, a
journal or a backups folder made by the first person would be writable by them
alone, and the next colleague's save would fail. Every file and folder okr-tui
makes beside a workspace (lock, journal, backups, temp files of a rewrite,
heartbeats, workshop minutes) is shared by the rule here instead, never by the
umask: the workspace file's group, and its permission bits (a folder also gets
x wherever it has r).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

POSIX = os.name == "posix"


def _read_umask() -> int:
    # The only way to read the umask is to set it; done once, at import, before threads start.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


UMASK = _read_umask()


@dataclass(frozen=True, slots=True)
class Sharing:
    """The permission bits and group of the files made beside one workspace."""

    mode: int
    gid: int | None = None
    """None: the group the system gives a new file."""

    @property
    def folder_mode(self) -> int:
        return self.mode | (self.mode & 0o444) >> 2


def usual() -> Sharing:
    """How a file is shared when there is no workspace to follow yet: the umask decides."""
    return Sharing(0o666 & ~UMASK)


def like(workspace: Path) -> Sharing:
    """How files made beside `workspace` are shared: its group and its read/write bits.

    Whoever makes a file keeps read and write on it (a lock file its maker could not
    write would stop them at their next save). No workspace yet: the umask decides.
    """
    try:
        found = os.stat(workspace)
    except OSError:
        return usual()
    return Sharing(stat.S_IMODE(found.st_mode) & 0o666 | 0o600, found.st_gid)


def same_as(path: Path) -> Sharing | None:
    """How a rewrite of `path` is shared: exactly as the file it replaces (None: no file)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return Sharing(stat.S_IMODE(found.st_mode), found.st_gid)


def _without_group(mode: int) -> int:
    """The group gets no more than everyone: used when the file cannot join the workspace's
    group, so the rights meant for colleagues do not go to the maker's own group."""
    return mode & ~0o070 | (mode & 0o007) << 3


def share(fd: int, sharing: Sharing, *, folder: bool = False) -> None:
    """Give the open file (or folder) `fd` the group and mode of `sharing`, whatever the umask."""
    if not POSIX:
        return
    found = os.fstat(fd)
    mode = sharing.folder_mode if folder else sharing.mode
    if sharing.gid is not None and found.st_gid != sharing.gid:
        try:
            os.fchown(fd, -1, sharing.gid)
        except PermissionError:
            mode = _without_group(mode)
    if folder:
        # A folder made in a setgid folder is setgid too: its files then join its group.
        mode |= found.st_mode & stat.S_ISGID
    if stat.S_IMODE(found.st_mode) != mode:
        os.fchmod(fd, mode)


def put_right(path: Path, sharing: Sharing, *, folder: bool = False) -> None:
    """Share a file or folder this account made (an older okr-tui followed the umask).

    Another account's file is left as it is: only its owner may change its mode.
    """
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        found = os.lstat(path)
        if found.st_uid != os.geteuid():
            return
        wanted = stat.S_ISDIR if folder else stat.S_ISREG
        if not wanted(found.st_mode):
            return
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        try:
            share(fd, sharing, folder=folder)
        finally:
            os.close(fd)


def make_folder(path: Path, sharing: Sharing) -> None:
    """Make the folder `path` if it is missing, shared as `sharing` says; put right one we own."""
    try:
        os.mkdir(path, sharing.folder_mode)
    except FileExistsError:
        put_right(path, sharing, folder=True)
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        share(fd, sharing, folder=True)
    finally:
        os.close(fd)


def make_empty_file(path: Path, sharing: Sharing, temp_prefix: str) -> None:
    """Make an empty file at `path`, already shared right when it appears; keep one that is there.

    It is made under a temp name and linked into place, so a colleague opening it
    at that moment never finds it with the umask's mode. One already there that
    this account made is put right.
    """
    if os.path.lexists(path):
        put_right(path, sharing)
        return
    fd, temp = tempfile.mkstemp(prefix=temp_prefix, dir=path.parent)
    try:
        share(fd, sharing)
        os.link(temp, path)
    except FileExistsError:
        pass  # a colleague made it first: theirs is the one everybody uses
    except OSError:
        # No hard links here (some network and FAT file systems): make it in place.
        _make_in_place(path, sharing)
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _make_in_place(path: Path, sharing: Sharing) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    try:
        share(fd, sharing)
    finally:
        os.close(fd)
