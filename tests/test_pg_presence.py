"""Who else is here, on a PostgreSQL workspace: a heartbeat row per session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg

from okr_tui.pg.store import PgStore
from okr_tui.pg_presence import PgHeartbeat
from okr_tui.presence import STALE_SECONDS, describe
from tests import helpers_pg

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def test_sessions_see_each_other_until_they_leave() -> None:
    url = helpers_pg.fresh_database()
    PgStore(url, "ann", org="TeeBee").close()
    ann, bob = PgHeartbeat(url, "ann", "Ann"), PgHeartbeat(url, "bob")
    ann.start()
    bob.start()
    assert describe(bob.others()) == "also here: Ann"
    assert [p.login for p in ann.others()] == ["bob"]
    ann.stop()
    assert bob.others() == []
    bob.stop()
    with psycopg.connect(url.url) as conn:
        assert conn.execute("select count(*) from okr_presence").fetchone() == (0,)


def test_a_silent_session_counts_as_gone() -> None:
    url = helpers_pg.fresh_database()
    PgStore(url, "ann", org="TeeBee").close()
    ann, bob = PgHeartbeat(url, "ann"), PgHeartbeat(url, "bob")
    ann.active = True
    ann.beat(now=NOW)
    assert [p.login for p in bob.others(now=NOW + timedelta(seconds=STALE_SECONDS - 1))] == ["ann"]
    assert bob.others(now=NOW + timedelta(seconds=STALE_SECONDS + 1)) == []
    ann.stop()


def test_presence_never_fails_even_when_the_database_is_away(tmp_path: object) -> None:
    from okr_tui.location import PgUrl

    nowhere = PgUrl(f"postgresql://ann@/okr?host={tmp_path}&connect_timeout=1")
    heartbeat = PgHeartbeat(nowhere, "ann")
    heartbeat.start()
    assert heartbeat.others() == []
    heartbeat.stop()
