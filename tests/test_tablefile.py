"""The chunked TinyDB layout: what plan() writes is what read_indexed() finds."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from okr_tui import tablefile
from okr_tui.tablefile import (
    Span,
    TableIndex,
    decode_index,
    docs_segments,
    encode_index,
    parse_span,
    plan,
    read_indexed,
)


def write(path: Path, meta: dict, tables: dict[str, dict[str, dict]]) -> tablefile.Planned:
    laid_out = {
        name: (len(docs) + 1, docs_segments((int(n), d) for n, d in docs.items()))
        for name, docs in tables.items()
    }
    planned = plan(meta, laid_out, lambda span: b"")
    path.write_bytes(b"".join(planned.pieces))
    return planned


@pytest.mark.parametrize("chunk", [40, 1024 * 1024])
def test_a_planned_file_is_compact_json_and_its_index_finds_every_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(tablefile, "CHUNK_BYTES", chunk)
    path = tmp_path / "w.json"
    tables = {
        "empty": {},
        "one": {"1": {"id": "a"}},
        "many": {str(n): {"id": f"r{n}", "note": "周" * n} for n in range(1, 30)},
    }
    meta = {"schema_version": 1, "org": "TeeBee 茶"}
    planned = write(path, meta, tables)
    raw = path.read_bytes()
    assert len(raw) == planned.size
    data = orjson.loads(raw)
    assert raw == orjson.dumps(data)
    assert {k: v for k, v in data.items() if k != "_meta"} == tables
    assert data["_meta"]["1"]["org"] == "TeeBee 茶"
    with path.open("rb") as handle:
        found = read_indexed(handle, len(raw))
    assert found is not None and found.tables == planned.index
    assert found.meta["org"] == "TeeBee 茶"
    for name, docs in tables.items():
        where = found.tables[name]
        read: dict = {}
        for span in where.chunks():
            read.update(parse_span(raw[span.start : span.end]))
        assert read == docs
        assert where.next_id == len(docs) + 1
    assert (len(found.tables["many"].bounds) > 3) == (chunk == 40)


def test_spans_of_the_old_file_are_copied_as_they_are(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    write(old, {"schema_version": 1}, {"t": {"1": {"id": "a"}, "2": {"id": "b"}}})
    with old.open("rb") as handle:
        found = read_indexed(handle, old.stat().st_size)
        assert found is not None
        spans: list[tablefile.Segment] = list(found.tables["t"].chunks())
        spans.append(b'"3":{"id":"c"}')
        planned = plan(
            {"schema_version": 1}, {"t": (4, spans)}, lambda s: tablefile.read_span(handle, s)
        )
        new = b"".join(planned.pieces)
    assert orjson.loads(new)["t"] == {"1": {"id": "a"}, "2": {"id": "b"}, "3": {"id": "c"}}


@pytest.mark.parametrize(
    "text",
    ["", "t", "t:1", "t:1:5", "t:x:1,2", "t:1:5,2", "t:1:1,2;t:1:3,4", 17, None],
)
def test_a_malformed_index_is_no_index(text: object) -> None:
    assert decode_index(text) is None


def test_the_index_has_a_fixed_width() -> None:
    small = encode_index({"t": TableIndex(1, (0, 2))})
    large = encode_index({"t": TableIndex(10**9, (10**10, 10**11))})
    assert len(small) == len(large)
    assert decode_index(large) == {"t": TableIndex(10**9, (10**10, 10**11))}


def test_foreign_or_edited_files_have_no_index(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    write(path, {"schema_version": 1}, {"t": {"1": {"id": "a"}}})
    raw = path.read_bytes()
    cases = {
        "pretty": orjson.dumps(orjson.loads(raw), option=orjson.OPT_INDENT_2),
        "grown": raw.replace(b'"id":"a"', b'"id":"ab"'),
        "trailing": raw + b"\n",
        "plain tinydb": b'{"_default": {}}',
    }
    for name, content in cases.items():
        path.write_bytes(content)
        with path.open("rb") as handle:
            assert read_indexed(handle, len(content)) is None, name


def test_a_span_past_the_end_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(b"{}")
    with path.open("rb") as handle, pytest.raises(OSError):
        tablefile.read_span(handle, Span(1, 10))
