"""Writing a whole workspace into an empty database at once (okr copy).

Every record and event goes in by COPY, in their order, in the one transaction
that makes the tables (their indexes made once the rows are in): a copy that
fails leaves the database as empty as it was.
Documents are sent as the JSON text orjson writes (several times faster than
the driver's own encoding; a million check-ins go in well within a minute).
"""

from __future__ import annotations

import contextlib
from typing import Any

import orjson

from okr_tui.i18n import N_, _
from okr_tui.location import PgUrl
from okr_tui.models import Event, Meta
from okr_tui.pg import schema
from okr_tui.pg.connect import calm, connect


def write_new(url: PgUrl, data: dict[str, Any]) -> None:
    """Make the workspace `data` (export_data's shape) in an empty database.

    Raises WorkspaceError when the database is not empty (or another's).
    """
    from psycopg.types.json import Json

    meta = Meta.model_validate(data["meta"])
    with (
        contextlib.closing(connect(url, autocommit=True)) as conn,
        calm(url, N_("copy")),
        conn.transaction(),
    ):
        schema.prepare(conn, str(url), create=True, meta=meta)
        conn.execute(f"select revision from {schema.META} where id = 1 for update")
        if _holds_records(conn):
            raise _not_empty(url)
        # Indexes are made again once the rows are in: one pass over each table is
        # several times faster than keeping them up to date row by row.
        indexes = _secondary_indexes(conn)
        for name, _ in indexes:
            conn.execute(f"drop index {name}")
        for table, docs in data.items():
            if table in ("schema_version", "meta") or not docs:
                continue
            name = schema.table_name(table)
            with conn.cursor().copy(f"copy {name} (id, doc) from stdin") as copy:
                for doc in docs:
                    copy.write_row((doc["id"], orjson.dumps(doc).decode()))
        for _, definition in indexes:
            conn.execute(definition)
        conn.execute(
            f"update {schema.META} set doc = %s where id = 1",
            (Json(meta.model_dump(mode="json")),),
        )


def _secondary_indexes(conn: Any) -> list[tuple[str, str]]:
    """Our tables' indexes that are not keys (name, definition): those a copy may remake."""
    rows = conn.execute(
        "select indexname, indexdef from pg_indexes where schemaname = current_schema() "
        "and tablename = any(%s) and indexdef not like 'CREATE UNIQUE%%'",
        (sorted(schema.our_tables()),),
    ).fetchall()
    return [(str(name), str(definition)) for name, definition in rows]


def _holds_records(conn: Any) -> bool:
    for table in [*schema.record_tables(), Event.TABLE]:
        name = schema.table_name(table)
        if conn.execute(f"select exists (select 1 from {name})").fetchone()[0]:
            return True
    return False


def _not_empty(url: PgUrl) -> Exception:
    from okr_tui.store_errors import WorkspaceError

    return WorkspaceError(
        _("{url}: a workspace is already there; okr copy never overwrites one").format(url=url)
    )
