"""A real PostgreSQL 16 for the tests (pgserver), one per test process, a database per test.

Each test process (each xdist worker) has its own server, whose data folder is
deleted when the process ends. Each test gets a fresh database made from
template0, so tests never see each other's tables.

Run as root, pgserver runs PostgreSQL as a user of its own and opens up the folders
above the data folder for it. So the data folder is not under pytest's temporary
folder: pytest makes that owner-only again at each start, which would lock the
server out of its own folder.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest

from okr_tui.location import PgUrl
from okr_tui.pg import schema

_server: Any = None
_folder: Path | None = None
_numbers = itertools.count(1)


def server_uri() -> str:
    """The URL of this process's server (started on first use)."""
    global _server, _folder
    if _server is None:
        with warnings.catch_warnings():
            # It asks for a runtime folder on import; a test machine may have none set.
            warnings.simplefilter("ignore")
            import pgserver

        _folder = Path(tempfile.mkdtemp(prefix="okr-test-pg-"))
        # Registered first, so it runs last: after pgserver stopped the server.
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
        _server = pgserver.get_server(_folder / "data", cleanup_mode="delete")
    return str(_server.get_uri())


def stop_server() -> None:
    """Stop this process's server and delete its folder (xdist workers end without atexit)."""
    global _server, _folder
    if _server is not None:
        _server.cleanup()
        _server = None
    if _folder is not None:
        shutil.rmtree(_folder, ignore_errors=True)
        _folder = None


def fresh_database(_: pytest.TempPathFactory | None = None) -> PgUrl:
    """A new empty database on the server; its URL."""
    uri = server_uri()
    name = f"okr_test_{next(_numbers)}"
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"create database {name} template template0")
    return PgUrl(uri.replace("/postgres?", f"/{name}?", 1))


def dump(url: PgUrl) -> bytes:
    """Everything in the database's tables, in order: equal bytes mean nothing changed."""
    with psycopg.connect(url.url) as conn:
        names = sorted(schema.existing_tables(conn))
        out: dict[str, Any] = {}
        for name in names:
            rows = conn.execute(f"select * from {name}").fetchall()
            out[name] = sorted(repr(row) for row in rows)
    return orjson.dumps(out)


def password_role(role: str, password: str) -> None:
    """A login role that must give its password (the server trusts every other role)."""
    uri = server_uri()
    hba = Path(_server.pgdata) / "pg_hba.conf"
    line = f"local all {role} scram-sha-256\n"
    text = hba.read_text()
    if line not in text:
        hba.write_text(line + text)
    with psycopg.connect(uri, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone()
        if exists is None:
            conn.execute(f"create role {role} login password '{password}'")
        conn.execute("select pg_reload_conf()")
