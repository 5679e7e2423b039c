"""The PostgreSQL store beyond the contract: cheap notices, lost connections, migrations, order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from okr_tui.location import PgUrl
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.pg import schema
from okr_tui.pg import store as pg_store
from okr_tui.pg.connect import DatabaseUnreachable
from okr_tui.pg.store import PgStore
from okr_tui.store import WorkspaceError
from tests import helpers_pg
from tests.conftest import fixed_clock


@pytest.fixture
def url() -> PgUrl:
    return helpers_pg.fresh_database()


@pytest.fixture
def ann(url: PgUrl) -> Iterator[PgStore]:
    store = PgStore(url, "ann", org="TeeBee", clock=fixed_clock)
    yield store
    store.close()


def seed(store: PgStore) -> KeyResult:
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    return store.add(KeyResult(objective_id=objective.id, title="Renewal 70%", target=70))


def cut_connections(url: PgUrl) -> None:
    """End every session on the database, as a restarted server or a dropped network would.

    Returns once they are gone (their sockets closed), not after a guessed pause.
    """
    with psycopg.connect(helpers_pg.server_uri(), autocommit=True) as admin:
        admin.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s",
            (url.name,),
        )
        for _ in range(6000):  # a minute at most
            left = admin.execute(
                "select count(*) from pg_stat_activity where datname = %s", (url.name,)
            ).fetchone()
            if left == (0,):
                return
            admin.execute("select pg_sleep(0.01)")
        raise AssertionError("the sessions did not end")


def refuse_connections(url: PgUrl, refused: bool) -> None:
    with psycopg.connect(helpers_pg.server_uri(), autocommit=True) as admin:
        admin.execute(f"alter database {url.name} allow_connections {str(not refused).lower()}")
    if refused:
        cut_connections(url)


def test_noticing_no_change_sends_nothing_to_the_server(
    ann: PgStore, url: PgUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(ann)
    bob = PgStore(url, "bob")
    sent: list[Any] = []
    assert bob._conn is not None and bob._listener is not None
    monkeypatch.setattr(bob._conn, "execute", lambda *a, **k: sent.append(a))
    monkeypatch.setattr(bob._listener, "execute", lambda *a, **k: sent.append(a))
    monkeypatch.setattr(pg_store, "connect", lambda *a, **k: sent.append(a))
    for _ in range(100):
        assert bob.changed_on_disk() is False
        assert bob.refresh() is False
    assert sent == []
    monkeypatch.undo()
    kr = ann.find(KeyResult, next(iter(ann.all(KeyResult))).id)
    assert kr is not None
    ann.check_in(kr.id, 30)
    assert bob.wait_for_notice()
    assert bob.refresh() is True
    assert [c.value for c in bob.checkins(kr.id)] == [30]
    bob.close()


def test_a_cut_connection_is_made_again_and_nothing_is_lost(ann: PgStore, url: PgUrl) -> None:
    kr = seed(ann)
    bob = PgStore(url, "bob")
    cut_connections(url)
    ann.check_in(kr.id, 30)  # the lost connection is noticed before the write and made again
    assert bob.changed_on_disk() is True  # its listener was lost too: it asks
    assert bob.refresh() is True
    assert [c.value for c in bob.checkins(kr.id)] == [30]
    bob.close()


def test_a_database_out_of_reach_is_one_line_and_the_change_is_not_saved(
    ann: PgStore, url: PgUrl
) -> None:
    kr = seed(ann)
    bob = PgStore(url, "bob")
    assert bob.checkins(kr.id) == [] and bob.get(KeyResult, kr.id).title == "Renewal 70%"
    refuse_connections(url, True)
    try:
        with pytest.raises(DatabaseUnreachable) as refused:
            ann.check_in(kr.id, 30, note="two renewals")
        message = str(refused.value)
        assert "\n" not in message and "your change was not saved. Try again" in message
        with pytest.raises(WorkspaceError, match="lost the connection"):
            bob.refresh()
        assert bob.refresh() is False  # told once, then quiet while it lasts
        assert bob.changed_on_disk() is False
        # What is in memory stays readable meanwhile: the small tables, and what was read.
        assert bob.get(KeyResult, kr.id).title == "Renewal 70%"
        assert bob.checkins(kr.id) == []
        # What was never read (the history is read by query) fails in one line.
        with pytest.raises(DatabaseUnreachable) as unread:
            bob.events(kr.id)
        assert "\n" not in str(unread.value)
    finally:
        refuse_connections(url, False)
    assert ann.checkins(kr.id) == []
    ann.check_in(kr.id, 30, note="two renewals")
    assert bob.refresh() is True
    assert [c.note for c in bob.checkins(kr.id)] == ["two renewals"]
    bob.close()


def test_an_open_app_reads_through_an_outage_and_reads_again_when_it_is_back(
    ann: PgStore, url: PgUrl
) -> None:
    kr = seed(ann)
    app_store = PgStore(url, "bob")
    app_store.read_through_outages()  # what the app asks of its store
    refuse_connections(url, True)
    try:
        with pytest.raises(WorkspaceError, match="lost the connection"):
            app_store.refresh()  # the app's poll says so, once
        # A screen opened meanwhile reads what was never read: nothing, not a crash.
        assert app_store.events(kr.id) == []
        assert app_store.checkins(kr.id) == []
        with pytest.raises(DatabaseUnreachable):  # a change still fails in one line
            app_store.check_in(kr.id, 40)
    finally:
        refuse_connections(url, False)
    assert app_store.refresh() is True  # back: everything is read again
    assert [e.action for e in app_store.events(kr.id)] == ["create"]
    assert app_store.checkins(kr.id) == []
    ann.check_in(kr.id, 30)
    assert app_store.refresh() is True
    assert [c.value for c in app_store.checkins(kr.id)] == [30]
    app_store.close()


def test_events_follow_the_order_of_commits_not_of_clocks(url: PgUrl) -> None:
    """Two sessions whose clocks disagree: the history keeps the order things happened in."""
    early = datetime(2026, 11, 26, 10, tzinfo=UTC)
    ann = PgStore(url, "ann", clock=lambda: early + timedelta(hours=1))
    bob = PgStore(url, "bob", clock=lambda: early)
    kr = seed(ann)
    ann.check_in(kr.id, 10)
    bob.check_in(kr.id, 20)  # stamped an hour before ann's, saved after it
    ann.check_in(kr.id, 30)
    fresh = PgStore(url, "eve")
    checkins = [e for e in fresh.events() if e.action == "checkin"]
    assert [(e.who, e.after["value"]) for e in checkins] == [  # type: ignore[index]
        ("ann", 10),
        ("bob", 20),
        ("ann", 30),
    ]
    for store in (ann, bob, fresh):
        store.close()


def test_an_older_schema_is_migrated_once(
    ann: PgStore, url: PgUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(ann)
    ann.close()
    ran: list[int] = []

    def add_a_column(conn: Any) -> None:
        ran.append(1)
        conn.execute("alter table okr_units add column note text")

    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current, add_a_column)
    for _ in range(2):
        store = PgStore(url, "ann", create=False)
        assert [u.name for u in store.units()] == ["TeeBee"]
        store.close()
    assert ran == [1]
    with psycopg.connect(url.url) as conn:
        versions = conn.execute("select version from okr_schema order by version").fetchall()
    assert versions == [(current,), (current + 1,)]


def test_new_record_tables_are_made_on_open(ann: PgStore, url: PgUrl) -> None:
    seed(ann)
    ann.close()
    with psycopg.connect(url.url) as conn:
        conn.execute("drop table okr_tasks")
    store = PgStore(url, "ann", create=False)
    assert store.all(KeyResult)
    with psycopg.connect(url.url) as conn:
        assert "okr_tasks" in schema.existing_tables(conn)
    store.close()


def test_a_session_further_behind_than_the_changes_kept_reads_everything(
    ann: PgStore, url: PgUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "CHANGES_KEPT", 3)
    monkeypatch.setattr(schema, "PRUNE_EVERY", 2)
    kr = seed(ann)
    bob = PgStore(url, "bob")
    for value in range(6):
        ann.check_in(kr.id, value)
    ann.update(KeyResult, kr.id, title="Renewal 75%")
    with psycopg.connect(url.url) as conn:
        oldest = conn.execute("select min(revision) from okr_changes").fetchone()
    assert oldest is not None and oldest[0] > 5  # bob's revision (4) is gone
    assert bob.wait_for_notice()
    assert bob.refresh() is True
    assert [c.value for c in bob.checkins(kr.id)] == [0, 1, 2, 3, 4, 5]
    assert bob.get(KeyResult, kr.id).title == "Renewal 75%"
    assert bob.changed_tables(0) is None  # a whole re-read cannot tell what changed
    bob.close()


def test_who_may_only_read_opens_the_workspace_and_a_write_is_one_line(
    ann: PgStore, url: PgUrl
) -> None:
    kr = seed(ann)
    with psycopg.connect(url.url, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_roles where rolname = 'okr_reader'").fetchone()
        if exists is None:
            conn.execute("create role okr_reader login")
        conn.execute("grant select on all tables in schema public to okr_reader")
    reader = PgStore(PgUrl(url.url.replace("postgres:@", "okr_reader@", 1)), "carl")
    assert reader.ensure_person("carl").login == "carl"  # not written: carl may only read
    assert ann.person("carl") is None
    assert reader.get(KeyResult, kr.id).title == "Renewal 70%"
    with pytest.raises(WorkspaceError) as refused:
        reader.check_in(kr.id, 30)
    assert "permission denied" in str(refused.value) and "\n" not in str(refused.value)
    reader.close()
