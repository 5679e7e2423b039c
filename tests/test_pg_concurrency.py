"""Many processes writing one PostgreSQL workspace at once: nothing lost, history in order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from okr_tui.models import CheckIn, KeyResult, Objective, Unit
from okr_tui.pg.store import PgStore
from okr_tui.store import ReasonRequired
from tests import helpers_pg

WRITER = Path(__file__).with_name("helpers_pg_writer.py")
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_eight_processes_by_one_hundred_check_ins_keep_all_eight_hundred() -> None:
    url = helpers_pg.fresh_database()
    store = PgStore(url, "ann")
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(
        Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea", status="committed")
    )
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal 70%", target=70))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), url.url, f"user{n}", kr.id, "100"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for n in range(8)
    ]
    # Meanwhile the rules hold as ever: a committed key result changes only with a reason.
    with pytest.raises(ReasonRequired):
        store.update(KeyResult, kr.id, target=80)
    store.update(KeyResult, kr.id, target=80, reason="new pricing")
    acknowledged: dict[str, list[str]] = {}
    for n, writer in enumerate(writers):
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        acknowledged[f"user{n}"] = out.split()[1:]  # after "ready"
    assert sum(len(ids) for ids in acknowledged.values()) == 800

    fresh = PgStore(url, "eve", create=False)
    stored = fresh.checkins(kr.id)
    assert len(stored) == 800
    assert {c.id for c in stored} == {i for ids in acknowledged.values() for i in ids}
    assert fresh.get(KeyResult, kr.id).target == 80
    # Every check-in has its event, and each writer's events are in the order it wrote.
    events = [e for e in fresh.events() if e.table == CheckIn.TABLE]
    assert len(events) == 800
    for user, ids in acknowledged.items():
        assert [e.record_id for e in events if e.who == user] == ids
    with psycopg.connect(url.url) as conn:
        numbers = [row[0] for row in conn.execute("select seq from okr_events order by seq")]
        revision = conn.execute("select revision from okr_meta").fetchone()
        revisions = conn.execute("select count(distinct revision) from okr_changes").fetchone()
    assert numbers == sorted(set(numbers))
    # One revision for each write: 4 to seed, 1 update, 800 check-ins.
    assert revision == revisions == (805,)
    # The session that stayed open takes it all in from the notices.
    assert store.wait_for_notice()
    assert store.refresh() is True
    assert len(store.checkins(kr.id)) == 800
    fresh.close()
    store.close()
