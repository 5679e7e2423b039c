"""The workspace's tables in PostgreSQL, their version, and their migrations.

Each record table is `okr_<table> (id, ord, doc json)`: a record is its JSON
document, as in the file, so a new field needs no migration. The type is json,
not jsonb: jsonb sorts an object's keys, and a workspace copied into the
database and out again must export byte for byte as it did (a history's
before/after documents and a workshop's timebox keep their key order). `ord`
keeps the order records were added in (the file's order). The event log is
`okr_events` numbered by a sequence; `okr_meta` holds the header and the
revision counter that every write moves on; `okr_changes` says which records
each revision touched, so another session reads only those again.
Check-ins and events are read by query (okr_tui.pg.queried): check-ins by
key result, events by record, table, time and the ids they mention (an index
over `okr_mentions(doc)`: the event's record id and the text values of its
before and after). `okr_schema` records the version of these tables, and marks the database as
an okr-tui workspace: one without it that has tables belongs to another
application and is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from okr_tui.i18n import _
from okr_tui.models import Event, Meta, record_types
from okr_tui.store_errors import WorkspaceError

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[Any, ...]]

SCHEMA_VERSION = 2
VERSION_TABLE = "okr_schema"
META = "okr_meta"
CHANGES = "okr_changes"
EVENTS = "okr_events"
PRESENCE = "okr_presence"
"""Who has the workspace open now (okr_tui.pg_presence); not records, never exported."""
META_CHANGE = "_meta"
"""The name okr_changes gives the header when a revision changed it."""

LOCK_KEY = 0x6F6B72
"""The advisory lock taken while tables are made or migrated (two `okr init` at once)."""

CHANGES_KEPT = 10_000
"""Revisions whose changed records okr_changes keeps; a session further behind reads all."""
PRUNE_EVERY = 1000
"""Every this many revisions, a write drops the changes older than CHANGES_KEPT."""

MENTIONS = "okr_mentions"
"""The SQL function giving the ids an event mentions (what EventQuery's `mentioning` tests)."""
MENTION_LENGTH = 200
"""Text values longer than this are left out of the mentions index (ids are far shorter)."""

_MENTIONS_FUNCTION = f"""
create or replace function {MENTIONS}(d json) returns text[]
language sql immutable parallel safe as $$
  select coalesce(array_agg(distinct v), '{{}}') from (
    select d->>'record_id' as v
    union all
    select s.value #>> '{{}}' from json_each(case when json_typeof(d->'before') = 'object'
      then d->'before' else '{{}}'::json end) s where json_typeof(s.value) = 'string'
    union all
    select s.value #>> '{{}}' from json_each(case when json_typeof(d->'after') = 'object'
      then d->'after' else '{{}}'::json end) s where json_typeof(s.value) = 'string'
  ) m where v is not null and length(v) <= {MENTION_LENGTH}
$$"""

_EVENT_INDEXES = (
    f"create index if not exists okr_events_table on {EVENTS} ((doc->>'table'))",
    f"create index if not exists okr_events_at on {EVENTS} ((doc->>'at'))",
    f"create index if not exists okr_events_mentions on {EVENTS} using gin ({MENTIONS}(doc))",
)


def _index_the_event_log(conn: Conn) -> None:
    conn.execute(_MENTIONS_FUNCTION)
    for sql in _EVENT_INDEXES:
        conn.execute(sql)


def _index_for_queries(conn: Conn) -> None:
    """Schema 1 to 2: events are queried by table, time and the ids they mention, and
    people by login (neither is read whole at open any more)."""
    _index_the_event_log(conn)
    conn.execute(f"create index if not exists okr_people_login on {table_name('people')} "
                 "((doc->>'login'))")  # fmt: skip


MIGRATIONS: dict[int, Callable[[Conn], None]] = {1: _index_for_queries}
"""from_version -> function that upgrades the tables in place to from_version + 1."""

INDEXED: dict[str, tuple[str, ...]] = {
    "key_results": ("objective_id",),
    "checkins": ("kr_id",),
    "objectives": ("unit_id", "period_id"),
    "tasks": ("kr_id",),
    "scores": ("kr_id",),
    "people": ("login",),
}
"""Fields looked up by value (the set reads): an index on each."""


def table_name(table: str) -> str:
    """The SQL table of a record table (events have their own, numbered)."""
    return EVENTS if table == Event.TABLE else f"okr_{table}"


def record_tables() -> list[str]:
    return sorted(t for t in record_types() if t != Event.TABLE)


def our_tables() -> set[str]:
    return {
        VERSION_TABLE,
        META,
        CHANGES,
        EVENTS,
        PRESENCE,
        *(table_name(t) for t in record_tables()),
    }


def existing_tables(conn: Conn) -> set[str]:
    rows = conn.execute(
        "select tablename from pg_tables where schemaname = current_schema()"
    ).fetchall()
    return {str(row[0]) for row in rows}


def holds_workspace(conn: Conn) -> bool:
    return VERSION_TABLE in existing_tables(conn)


def prepare(conn: Conn, where: str, *, create: bool, meta: Meta) -> None:
    """Make the tables of an empty database, or check and migrate ours; never touch another's.

    Raises WorkspaceError (nothing changed) for a database of another
    application, a newer schema, or no workspace when `create` is false.
    """
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        names = existing_tables(conn)
        if VERSION_TABLE not in names:
            if names:
                some = ", ".join(sorted(names)[:3])
                raise WorkspaceError(
                    _(
                        "{where}: this database holds another application's tables ({some}); "
                        "okr-tui needs an empty database of its own. Nothing was changed"
                    ).format(where=where, some=some)
                )
            if not create:
                raise WorkspaceError(
                    _("{path}: no workspace here (okr init creates one)").format(path=where)
                )
            _create(conn, meta)
            return
        row = conn.execute(f"select max(version) from {VERSION_TABLE}").fetchone()
        version = int(row[0]) if row and row[0] is not None else 0
        if version > SCHEMA_VERSION:
            raise WorkspaceError(
                _(
                    "{where}: this workspace was written by a newer okr-tui (schema {version}; "
                    "this one reads up to {schema}); upgrade okr-tui. Nothing was changed"
                ).format(where=where, version=version, schema=SCHEMA_VERSION)
            )
        while version < SCHEMA_VERSION:
            migrate = MIGRATIONS.get(version)
            if migrate is None:
                raise WorkspaceError(
                    _("{where}: cannot upgrade schema {version}").format(
                        where=where, version=version
                    )
                )
            migrate(conn)
            version += 1
            conn.execute(f"insert into {VERSION_TABLE} (version) values (%s)", (version,))
        missing = [t for t in record_tables() if table_name(t) not in names]
        for table in missing:
            _create_record_table(conn, table)
        if PRESENCE not in names:
            _create_presence_table(conn)


def _create(conn: Conn, meta: Meta) -> None:
    from psycopg.types.json import Json

    conn.execute(
        f"create table {VERSION_TABLE} (version integer not null, "
        "at timestamptz not null default now())"
    )
    conn.execute(f"insert into {VERSION_TABLE} (version) values (%s)", (SCHEMA_VERSION,))
    conn.execute(
        f"create table {META} (id integer primary key check (id = 1), doc json not null, "
        "revision bigint not null default 0)"
    )
    conn.execute(
        f"insert into {META} (id, doc, revision) values (1, %s, 0)",
        (Json(meta.model_dump(mode="json")),),
    )
    conn.execute(
        f"create table {CHANGES} (revision bigint not null, tbl text not null, id text not null)"
    )
    conn.execute(f"create index on {CHANGES} (revision)")
    conn.execute(
        f"create table {EVENTS} (seq bigserial primary key, id text not null unique, "
        "doc json not null)"
    )
    conn.execute(f"create index on {EVENTS} ((doc->>'record_id'))")
    _index_the_event_log(conn)
    for table in record_tables():
        _create_record_table(conn, table)
    _create_presence_table(conn)


def _create_presence_table(conn: Conn) -> None:
    conn.execute(
        f"create table {PRESENCE} (login text not null, host text not null, "
        "pid integer not null, name text not null default '', at timestamptz not null, "
        "place text not null default '', primary key (login, host, pid))"
    )


def _create_record_table(conn: Conn, table: str) -> None:
    name = table_name(table)
    conn.execute(
        f"create table {name} (id text primary key, ord bigserial not null, doc json not null)"
    )
    for field in INDEXED.get(table, ()):
        conn.execute(f"create index on {name} ((doc->>'{field}'))")
