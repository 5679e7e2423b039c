"""An import's new records, checked and encoded before the workspace lock is taken.

An import reads its file, matches it against the workspace and encodes every
record it adds while colleagues keep saving. It then writes in one short
locked step (Store.write_batch): the changes it makes to existing records go
through the store's usual rules, and the new records are appended as they were
encoded. If a colleague saved while the import was planning, the batch no
longer fits the workspace; `write_planned` plans again, and the last attempt
plans under the lock, where nothing can change meanwhile.
"""

from __future__ import annotations

import os
import random
import secrets
import tempfile
from collections.abc import Callable, Collection, Iterator
from typing import IO, Any

import orjson

from okr_tui import tablefile
from okr_tui.i18n import _
from okr_tui.tablefile import Segment


class Spooled:
    """A chunk of documents in the batch's temporary file, read back when it is written."""

    __slots__ = ("_file", "_length", "_offset")

    def __init__(self, file: IO[bytes], offset: int, length: int) -> None:
        self._file = file
        self._offset = offset
        self._length = length

    def __len__(self) -> int:
        return self._length

    def read(self) -> bytes:
        data = os.pread(self._file.fileno(), self._length, self._offset)
        if len(data) != self._length:
            raise OSError(_("the import's temporary file is shorter than what was put in it"))
        return data


class Batch:
    """New documents per table, numbered from where the workspace's tables ended when
    it was planned, in chunks of about CHUNK_BYTES (as the file holds them); and the
    changes to existing records to make in the same transaction, before they are added.

    The chunks wait in a temporary file, not in memory: a large import's new
    documents are several times the size of its CSV.
    """

    def __init__(self, revision: int, next_numbers: dict[str, int]) -> None:
        self.revision = revision
        self.next_numbers = dict(next_numbers)
        self.first_numbers: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.changes: list[Callable[[], object]] = []
        self._spool: IO[bytes] | None = None
        self._chunks: dict[tuple[str, bool], list[Spooled]] = {}
        self._pending: dict[tuple[str, bool], list[bytes]] = {}
        self._filled: dict[tuple[str, bool], int] = {}

    @property
    def empty(self) -> bool:
        return not self.counts and not self.changes

    def add(self, table: str, doc: dict[str, Any], *, front: bool = False) -> None:
        """Add one new document (a record's to_doc(), already validated).

        `front` puts it before the documents added without it (in the file, not
        in numbering): an import's objectives come before their key results in
        the history, though they are known last.
        """
        self.add_encoded(table, orjson.dumps(doc), front=front)

    def add_encoded(self, table: str, encoded: bytes, *, front: bool = False) -> None:
        number = max(self.next_numbers.get(table, 1), 1)
        self.first_numbers.setdefault(table, number)
        self.next_numbers[table] = number + 1
        self.counts[table] = self.counts.get(table, 0) + 1
        lane = (table, front)
        piece = b'"%d":%s' % (number, encoded)
        pending = self._pending.setdefault(lane, [])
        pending.append(piece)
        filled = self._filled.get(lane, 0) + len(piece) + 1
        # The store's layout closes a chunk after the document that fills it: so here.
        if filled >= tablefile.CHUNK_BYTES:
            self._spill(lane)
            filled = 0
        self._filled[lane] = filled

    def _spill(self, lane: tuple[str, bool]) -> None:
        pending = self._pending[lane]
        if not pending:
            return
        chunk = b",".join(pending)
        pending.clear()
        if self._spool is None:
            self._spool = tempfile.TemporaryFile(prefix="okr-import-")  # noqa: SIM115 - closed by close()
        offset = self._spool.seek(0, os.SEEK_END)
        self._spool.write(chunk)
        self._spool.flush()
        self._chunks.setdefault(lane, []).append(Spooled(self._spool, offset, len(chunk)))

    def take(self) -> dict[str, list[Segment]]:
        """Every table's chunks, front ones first, as segments the store can write."""
        for lane in list(self._pending):
            self._spill(lane)
        out: dict[str, list[Segment]] = {}
        for table in self.counts:
            out[table] = [
                *self._chunks.get((table, True), []),
                *self._chunks.get((table, False), []),
            ]
        self._chunks, self._pending, self._filled = {}, {}, {}
        return out

    def close(self) -> None:
        """Let go of the temporary file (once written, or when the batch is given up)."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None


class IdMaker:
    """New ids like the store's (`kr-7f3a`), wide enough that guesses rarely collide.

    The store's own new_id tries 4 hex digits 20 times before it widens: fine for one
    record, slow for a hundred thousand. Here the width grows with the ids made, so
    a guess is taken at least 63 times in 64.
    """

    def __init__(self, prefix: str, taken: Collection[str]) -> None:
        self.prefix = prefix
        self.taken = taken
        self.made: set[str] = set()
        self.width = 2
        self._room = 0
        self._widen()
        self._random = random.Random(secrets.randbits(64))

    def _widen(self) -> None:
        while 16**self.width < 64 * (len(self.taken) + len(self.made) + 1) or self.width < 4:
            self.width += 2
        self._room = 16**self.width // 64 - len(self.taken)

    def __call__(self) -> str:
        if len(self.made) >= self._room:
            self._widen()
        while True:
            candidate = f"{self.prefix}-{self._random.getrandbits(4 * self.width):0{self.width}x}"
            if candidate not in self.taken and candidate not in self.made:
                self.made.add(candidate)
                return candidate


def event_ids() -> Iterator[str]:
    """Event ids as the store gives them when its log stays on disk: 64 random bits,
    taken as new without looking (a clash is some 1 in 10^14 on a large workspace)."""
    rng = random.Random(secrets.randbits(64))
    while True:
        yield f"ev-{rng.getrandbits(64):016x}"
