"""The journal beside a large workspace: one checksummed line per change, appended and fsynced.

`<file>.journal` starts with a header line naming its generation (the workspace
file names the generation that goes with it), then one line per transaction.
A line is a CRC-32 of its JSON, a space, the JSON and a newline: a line without
its newline is a torn tail (an append cut short: never acknowledged), a complete
line that does not check out is damage. Locking is the store's job: writers here
assume their caller holds the workspace lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import zlib
from pathlib import Path
from typing import Any

import orjson

from okr_tui.file_modes import Sharing
from okr_tui.i18n import _
from okr_tui.plain_text import load_json
from okr_tui.storage import (
    Signature,
    atomic_write_bytes,
    open_regular,
    signature_of,
    write_all,
)

JOURNAL_SUFFIX = ".journal"


class DamagedJournal(Exception):
    """A complete journal line (its header or an entry) does not check out."""


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
    """Entries from `raw[start:]` and the offset just past the last complete line.

    A last line without its newline is a torn tail (an append cut short, or one
    still under way): it was never acknowledged, so it is left out and its offset
    is where the next append goes. A complete line that does not check out, the
    last one included, was written whole and spoiled since: it raises DamagedJournal.
    """
    entries: list[Any] = []
    position = start
    end = len(raw)
    while position < end:
        newline = raw.find(b"\n", position)
        if newline < 0:
            break  # torn tail
        entry = _decode_one(raw[position:newline])
        if entry is _BAD:
            raise DamagedJournal(
                _("byte {position} holds a line that does not check out").format(position=position)
            )
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


class OddEntry(ValueError):
    """A journal line that checks out but holds no change okr-tui can read."""


def entry_ops(entry: Any) -> list[list[Any]]:
    """The changes of one entry, each of a shape the store can apply:
    ["put", table, document(, document number)] or ["del", table, record id]."""
    ops = entry.get("ops") if isinstance(entry, dict) else None
    if not isinstance(ops, list):
        raise OddEntry(_("a line that is no change"))
    for op in ops:
        if not (
            isinstance(op, list)
            and len(op) in (3, 4)
            and isinstance(op[1], str)
            and (
                (op[0] == "put" and isinstance(op[2], dict))
                or (op[0] == "del" and isinstance(op[2], str) and len(op) == 3)
            )
        ):
            shown = orjson.dumps(op)[:60].decode("utf-8", "replace")
            raise OddEntry(_("a change okr-tui cannot read ({change})").format(change=shown))
    return ops


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
    version of the workspace file: whether that is harmless is the caller's call).
    A missing journal raises FileNotFoundError, a header that does not check out
    DamagedJournal (a journal is always made whole, header first: see start_journal).
    """
    with open_regular(path) as handle:
        signature = signature_of(os.fstat(handle.fileno()))
        handle.seek(start)
        raw = handle.read(max(0, signature[1] - start))
    if start == 0:
        newline = raw.find(b"\n")
        header = _decode_one(raw[:newline]) if newline >= 0 else _BAD
        if not isinstance(header, dict) or not header.get("journal"):
            raise DamagedJournal(_("its first line does not check out"))
        found = str(header["journal"])
        if found != generation:
            return JournalRead(found, [], newline + 1, signature)
        entries, end = decode_lines(raw, newline + 1)
        return JournalRead(found, entries, end, signature)
    entries, end = decode_lines(raw, 0)
    return JournalRead(generation, entries, start + end, signature)


def start_journal(path: Path, generation: str, sharing: Sharing) -> Signature:
    """Replace the journal with an empty one of `generation` (under the lock)."""
    atomic_write_bytes(path, encode_line({"journal": generation}), sharing)
    return signature_of(path.stat())


def append_journal(path: Path, line: bytes, good_end: int, sharing: Sharing) -> Signature:
    """Append one line at `good_end` (cutting a torn tail first) and fsync (under the lock).

    A journal this account may not write (made by a colleague before the workspace
    was shared with the group) is replaced by a copy shared right, with the line.
    """
    try:
        # Non-blocking: a journal swapped for a named pipe fails here instead of hanging.
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        return _replace_journal(path, line, good_end, sharing)
    try:
        if os.fstat(fd).st_size != good_end:
            os.ftruncate(fd, good_end)
        os.lseek(fd, good_end, os.SEEK_SET)
        try:
            write_all(fd, line)
            os.fsync(fd)
        except OSError:
            # The save is reported as failed, so the line must not stay for readers to apply.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, good_end)
            raise
        return signature_of(os.fstat(fd))
    finally:
        os.close(fd)


def _replace_journal(path: Path, line: bytes, good_end: int, sharing: Sharing) -> Signature:
    with open_regular(path) as handle:
        kept = handle.read(good_end)
    if len(kept) != good_end:
        raise OSError(errno.EIO, _("the journal is shorter than what was read of it"), str(path))
    atomic_write_bytes(path, [kept, line], sharing)
    return signature_of(path.stat())
