"""The workspace file's layout: TinyDB's JSON, written in chunks a reader can find.

A workspace file is a TinyDB file, `{"_meta": {"1": header}, "<table>": {"<doc id>":
doc, ...}, ...}`, written compactly (byte for byte what orjson writes for the same
data). The store writes each table's documents in chunks of about CHUNK_BYTES and
names in the header (key "tables") where every table and chunk starts, so a large
file can be read a chunk at a time (a few MB of parsed JSON alive at once, never the
whole file), and a table nobody needs yet (the event log) can be left unread. The
index has a fixed width, so the header's length does not depend on the numbers in it.

A file without the index, or whose index does not match its bytes (written by
another tool, edited by hand), is simply read whole, as any TinyDB file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol

import orjson

from okr_tui.i18n import _
from okr_tui.plain_text import load_json

INDEX_KEY = "tables"
"""The key in the header document holding the index."""
CHUNK_BYTES = 1024 * 1024
"""About how much of a table one chunk holds (a chunk parses to some 8 MB of objects)."""
WIDTH = 12
"""Digits of every number in the index (files up to a terabyte)."""
HEAD = b'{"_meta":{"1":'
HEADER_PEEK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Span:
    """Bytes [start, end) of a file holding some documents of one table, joined by commas."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


class Deferred(Protocol):
    """New documents kept elsewhere until written (an import's, in a temporary file)."""

    def __len__(self) -> int: ...

    def read(self) -> bytes: ...


Segment = bytes | Span | Deferred
"""Documents of a table, `"<doc id>":{...},...`: new bytes (or bytes read when written),
or a span of the current file."""


@dataclass(frozen=True, slots=True)
class TableIndex:
    """Where one table is: `bounds[0]` is its "{", `bounds[-1]` is just past its "}",
    the bounds between are the commas where chunks start. `next_id` is the next
    document number (one past the highest in the table)."""

    next_id: int
    bounds: tuple[int, ...]

    @property
    def size(self) -> int:
        return self.bounds[-1] - self.bounds[0]

    def chunks(self) -> list[Span]:
        """The table's documents, chunk by chunk, without braces or separating commas."""
        out: list[Span] = []
        last = len(self.bounds) - 2
        for n in range(last + 1):
            span = Span(self.bounds[n] + 1, self.bounds[n + 1] - (1 if n == last else 0))
            if len(span) > 0:
                out.append(span)
        return out


def encode_index(tables: dict[str, TableIndex]) -> str:
    return ";".join(
        f"{name}:{index.next_id:0{WIDTH}d}:" + ",".join(f"{b:0{WIDTH}d}" for b in index.bounds)
        for name, index in tables.items()
    )


def decode_index(text: object) -> dict[str, TableIndex] | None:
    """The index from the header, or None when there is none or it is malformed."""
    if not isinstance(text, str) or not text:
        return None
    out: dict[str, TableIndex] = {}
    try:
        for part in text.split(";"):
            name, next_id, bounds = part.split(":")
            numbers = tuple(int(b) for b in bounds.split(","))
            if len(numbers) < 2 or list(numbers) != sorted(numbers) or name in out:
                return None
            out[name] = TableIndex(int(next_id), numbers)
    except ValueError:
        return None
    return out


def doc_segment(number: int, doc: dict[str, Any]) -> bytes:
    """One document as it stands in its table: `"<number>":{...}`."""
    return b'"%d":%s' % (number, orjson.dumps(doc))


def docs_segments(docs: Iterable[tuple[int, dict[str, Any]]]) -> list[Segment]:
    """Documents as they stand in their table, in segments of about a chunk each."""
    out: list[Segment] = []
    pending: list[bytes] = []
    filled = 0
    for number, doc in docs:
        piece = doc_segment(number, doc)
        pending.append(piece)
        filled += len(piece) + 1
        if filled >= CHUNK_BYTES:
            out.append(b",".join(pending))
            pending, filled = [], 0
    if pending:
        out.append(b",".join(pending))
    return out


@dataclass
class Planned:
    """A file to write: its pieces, produced one at a time, and the index it holds."""

    pieces: Iterator[bytes]
    index: dict[str, TableIndex]
    size: int


def plan(
    meta_doc: dict[str, Any],
    tables: dict[str, tuple[int, list[Segment]]],
    read_span: Callable[[Span], bytes],
) -> Planned:
    """Lay out a file: the header (with the index), then each table in chunks.

    `tables` maps name -> (next document number, segments). Spans are read with
    `read_span` only while the pieces are written, so a large table is never
    in memory whole.
    """
    grouped: dict[str, list[list[Segment]]] = {}
    for name, (_table, segments) in tables.items():
        chunks: list[list[Segment]] = [[]]
        filled = 0
        for segment in segments:
            if len(segment) == 0:
                continue
            if filled >= CHUNK_BYTES:
                chunks.append([])
                filled = 0
            chunks[-1].append(segment)
            filled += len(segment) + 1
        grouped[name] = chunks

    def index_at(base: int) -> dict[str, TableIndex]:
        out: dict[str, TableIndex] = {}
        position = base
        for name, chunks in grouped.items():
            position += len(_glue(name))
            bounds = [position]
            for number, chunk in enumerate(chunks):
                if number:
                    bounds.append(position)
                position += (1 if number == 0 else 0) + sum(len(s) for s in chunk)
                position += len(chunk) - 1 if chunk else 0
                if number:
                    position += 1  # the comma the chunk starts with
            position += 1  # "}"
            bounds.append(position)
            out[name] = TableIndex(tables[name][0], tuple(bounds))
        return out

    clean = {k: v for k, v in meta_doc.items() if k != INDEX_KEY}
    draft = index_at(0)
    header_len = len(_header(clean, draft))
    index = index_at(header_len)
    header = _header(clean, index)
    assert len(header) == header_len
    size = index[next(reversed(index))].bounds[-1] + 1 if index else header_len + 1

    def pieces() -> Iterator[bytes]:
        yield header
        for name, chunks in grouped.items():
            yield _glue(name)
            yield b"{"
            first = True
            for chunk in chunks:
                for segment in chunk:
                    if not first:
                        yield b","
                    first = False
                    if isinstance(segment, Span):
                        yield read_span(segment)
                    else:
                        yield segment if isinstance(segment, bytes) else segment.read()
            yield b"}"
        yield b"}"

    return Planned(pieces(), index, size)


def _header(meta: dict[str, Any], index: dict[str, TableIndex]) -> bytes:
    return HEAD + orjson.dumps({**meta, INDEX_KEY: encode_index(index)}) + b"}"


def _glue(name: str) -> bytes:
    return b"," + orjson.dumps(name) + b":"


def read_span(handle: IO[bytes], span: Span) -> bytes:
    data = os.pread(handle.fileno(), len(span), span.start)
    if len(data) != len(span):
        raise OSError(
            _("the file is shorter than its index says (byte {position})").format(
                position=span.start
            )
        )
    return data


def parse_span(raw: bytes) -> dict[str, Any]:
    """The documents in one span, parsed: {doc id: doc}. Raises orjson.JSONDecodeError."""
    docs = load_json(b"{" + raw + b"}")
    if not isinstance(docs, dict):  # pragma: no cover - braces make it an object or an error
        raise orjson.JSONDecodeError("not an object", "", 0)
    return docs


@dataclass
class Indexed:
    """A file whose index checks out: its header document and where each table is."""

    meta: dict[str, Any]
    tables: dict[str, TableIndex]


def read_indexed(handle: IO[bytes], size: int) -> Indexed | None:
    """The header and index of a file the store wrote, or None: read the file whole.

    Every byte between the chunks is checked against what the index says is there,
    so a file that passes is exactly the TinyDB JSON the chunks make up.
    """
    fd = handle.fileno()
    head = os.pread(fd, min(size, HEADER_PEEK), 0)
    if not head.startswith(HEAD):
        return None
    text = head.decode("utf-8", errors="replace")
    try:
        meta, end = json.JSONDecoder().raw_decode(text, len(HEAD))
    except ValueError:
        return None
    if not isinstance(meta, dict):
        return None
    tables = decode_index(meta.get(INDEX_KEY))
    if tables is None:
        return None
    position = len(text[:end].encode("utf-8"))
    if os.pread(fd, 1, position) != b"}":
        return None
    position += 1
    for name, index in tables.items():
        glue = _glue(name)
        if os.pread(fd, len(glue), position) != glue or index.bounds[0] != position + len(glue):
            return None
        bounds = index.bounds
        if os.pread(fd, 1, bounds[0]) != b"{" or os.pread(fd, 1, bounds[-1] - 1) != b"}":
            return None
        if any(os.pread(fd, 1, b) != b"," for b in bounds[1:-1]):
            return None
        position = bounds[-1]
    if position + 1 != size or os.pread(fd, 1, position) != b"}":
        return None
    return Indexed(meta, tables)
