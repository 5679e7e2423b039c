"""Reading a table left on disk for one question: the records with a field's value, or an id free.

A store opened lean (`Store(..., lean=True)`, what `okr checkin` uses) leaves its
large tables in the file and answers `find` and `by` from them chunk by chunk:
a chunk whose bytes do not hold the value asked for is skipped unparsed, and
only the documents that hold it are validated. The documents of an indexed
file are as the store wrote them (each a valid record's `to_doc`, dumped by
orjson, the index checked against every byte between them), so a value is in
a document exactly when its JSON is among the chunk's bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from typing import Any

import orjson
from pydantic import ValidationError

from okr_tui.i18n import _
from okr_tui.models import Record
from okr_tui.plain_text import load_json
from okr_tui.store_errors import WorkspaceError, describe_validation
from okr_tui.store_state import collector_paused
from okr_tui.tablefile import Span, parse_span

Read = Callable[[Span], bytes]
Fail = Callable[[str], WorkspaceError]

_DOC_AFTER = re.compile(rb',"\d+":\{"id":')
"""The head of the next document."""
_ID_AT = re.compile(rb'"id":"([^"\\]*)"')
"""Every `"id":"..."` in a chunk: the documents' ids (and, harmlessly, nested ones)."""


def scan_table(
    read: Read,
    chunks: list[Span],
    record_type: type[Record],
    field: str,
    value: Any,
    fail: Fail,
) -> list[Record]:
    """The records of these chunks whose `field` is `value`, in file order."""
    needle = orjson.dumps(value)
    table = record_type.TABLE
    found: list[Record] = []
    with collector_paused():
        for span in chunks:
            raw = _read(read, span, table, fail)
            if needle not in raw:
                continue
            for doc in _docs_holding(raw, needle, table, fail):
                if not isinstance(doc, dict) or doc.get(field) != value:
                    continue
                try:
                    record = record_type.model_validate(doc)
                except ValidationError as exc:
                    raise fail(
                        _("record {id} in {table} has a bad value ({problem})").format(
                            id=doc.get("id", "?"), table=table, problem=describe_validation(exc)
                        )
                    ) from None
                if getattr(record, field) == value:
                    found.append(record)
    return found


def _docs_holding(raw: bytes, needle: bytes, table: str, fail: Fail) -> list[Any]:
    """The documents of a chunk whose bytes hold `needle`, in file order.

    Only those documents are parsed (a chunk of a thousand parses to some 20 MB of
    objects). The store writes each as `"<number>":{"id":...}`, joined by commas,
    and such a head cannot stand inside a string (its quotes would be escaped); a
    chunk laid out otherwise is parsed whole.
    """
    docs: list[Any] = []
    position = raw.find(needle)
    while position >= 0:
        start = _doc_start(raw, position)
        following = _DOC_AFTER.search(raw, position + len(needle))
        end = following.start() if following else len(raw)
        try:
            docs.append(load_json(raw[start:end]) if start is not None else None)
        except orjson.JSONDecodeError:
            start = None
        if start is None:
            return _whole(raw, table, fail)
        position = raw.find(needle, end)
    return docs


def _doc_start(raw: bytes, position: int) -> int | None:
    """Where the document holding `position` starts (its "{"); None: not the usual layout."""
    end = position
    while (colon := raw.rfind(b':{"id":', 0, end)) >= 0:
        quote = raw.rfind(b'"', 0, colon - 1)
        key = raw[quote + 1 : colon - 1]
        heads = quote == 0 or (quote > 0 and raw[quote - 1 : quote] == b",")
        if heads and raw[colon - 1 : colon] == b'"' and key.isdigit():
            return colon + 1
        end = colon  # an object inside a document (an event's before or after)
    return None


def _whole(raw: bytes, table: str, fail: Fail) -> list[Any]:
    try:
        return list(parse_span(raw).values())
    except orjson.JSONDecodeError as exc:
        raise fail(
            _("table {table} cannot be read ({problem})").format(table=repr(table), problem=exc)
        ) from None


class TakenIds(Container[str]):
    """The ids a table holds, in memory and in its chunks on disk, asked one at a time.

    A free id (the usual answer) costs one search of the chunks' bytes. Once one is
    found taken, the short ids may be running out and more will be asked: the ids
    in the chunks are then gathered in one pass.
    """

    def __init__(
        self, in_memory: Container[str], read: Read, chunks: list[Span], table: str, fail: Fail
    ) -> None:
        self._in_memory = in_memory
        self._chunks = chunks
        self._on_disk: set[bytes] | None = None
        self._read: Callable[[Span], bytes] = lambda span: _read(read, span, table, fail)

    def __contains__(self, candidate: object) -> bool:
        if not isinstance(candidate, str):
            return False
        if candidate in self._in_memory:
            return True
        if self._on_disk is not None:
            return candidate.encode() in self._on_disk
        needle = b'"id":' + orjson.dumps(candidate)
        if not any(needle in self._read(span) for span in self._chunks):
            return False
        self._on_disk = {
            found for span in self._chunks for found in _ID_AT.findall(self._read(span))
        }
        return True


def _read(read: Read, span: Span, table: str, fail: Fail) -> bytes:
    try:
        return read(span)
    except OSError as exc:
        raise fail(
            _("table {table} cannot be read ({problem})").format(table=repr(table), problem=exc)
        ) from None
