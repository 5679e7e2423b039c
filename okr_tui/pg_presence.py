"""Who else has a PostgreSQL workspace open: a heartbeat row per session (okr_presence).

The same courtesy as the file's heartbeat files (okr_tui.presence), kept in the
database: each running app upserts its row every HEARTBEAT_SECONDS and deletes
it on exit; a row older than STALE_SECONDS is ignored, one older than
PRUNE_AFTER deleted. It uses a connection of its own, and any failure is silent.
"""

from __future__ import annotations

import contextlib
import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from okr_tui.location import PgUrl
from okr_tui.pg import schema
from okr_tui.pg.connect import alive, connect, psycopg_module
from okr_tui.plain_text import load_json
from okr_tui.presence import PRUNE_AFTER, STALE_SECONDS, Heartbeat, Place, Presence
from okr_tui.store_errors import WorkspaceError

if TYPE_CHECKING:
    import psycopg


def read_place(text: object) -> Place:
    """Where a person is, from the row's JSON; nowhere when it cannot be read."""
    try:
        return Place.from_doc(load_json(str(text).encode()))
    except ValueError:
        return Place()


class PgHeartbeat(Heartbeat):
    """A session's presence in the database: `start`, `beat`, `others`, `stop` as the file's."""

    def __init__(self, url: PgUrl, login: str, name: str = "") -> None:
        super().__init__(Path(url.name), login, name)
        self.url = url
        self.pid = os.getpid()
        self.host = socket.gethostname()
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None

    def _run(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]] | None:
        """Run one statement; None when the database could not be asked (it does not matter)."""
        with contextlib.suppress(WorkspaceError, psycopg_module().Error):
            if self._conn is None or not alive(self._conn):
                self._conn = connect(self.url, autocommit=True)
            cursor = self._conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
        return None

    def beat(self, now: datetime | None = None) -> None:
        if not self.active:
            return
        now = now or datetime.now(UTC)
        place = orjson.dumps(self.place.to_doc()).decode()
        self._run(
            f"insert into {schema.PRESENCE} (login, host, pid, name, at, place) "
            "values (%s, %s, %s, %s, %s, %s) on conflict (login, host, pid) "
            "do update set name = excluded.name, at = excluded.at, place = excluded.place",
            (self.login, self.host, self.pid, self.name, now, place),
        )
        self._run(f"delete from {schema.PRESENCE} where at < %s", (now - PRUNE_AFTER,))

    def others(self, now: datetime | None = None) -> list[Presence]:
        now = now or datetime.now(UTC)
        rows = self._run(
            f"select login, pid, host, at, name, place from {schema.PRESENCE} "
            "where at >= %s and login <> %s order by at",
            (now - timedelta(seconds=STALE_SECONDS), self.login),
        )
        found = {
            str(login): Presence(str(login), int(pid), str(host), at, str(name), read_place(place))
            for login, pid, host, at, name, place in rows or []
        }
        return [found[login] for login in sorted(found, key=str.casefold)]

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        self._run(
            f"delete from {schema.PRESENCE} where login = %s and host = %s and pid = %s",
            (self.login, self.host, self.pid),
        )
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
