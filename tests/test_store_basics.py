"""The workspace file's own behaviour: a backup before the first write of the day.

What every store promises (ids, events, reasons, transactions) is in test_store_contract.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store, backups_dir
from tests.conftest import fixed_clock


def seed(store: Store) -> tuple[Unit, Objective, KeyResult]:
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal 70%", target=70))
    return unit, objective, kr


def test_backup_before_first_write_of_the_day(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seed(store)
    backups = list(backups_dir(workspace).glob("*.json"))
    assert len(backups) == 1


def test_two_check_ins_in_the_same_second_keep_the_order_they_were_saved(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.json", "ann")
    unit = store.add(Unit(name="Team", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Grow"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Reach 10", target=10))
    first = store.check_in(kr.id, 3)
    second = store.check_in(kr.id, 4)
    assert first.at < second.at  # kept finer than a second
    assert [c.value for c in store.checkins(kr.id)] == [3, 4]
    assert store.latest_checkin(kr.id) == second
    assert store.latest_checkins([kr.id])[kr.id] == second
    fixed = datetime(2099, 1, 4, 9, 0, tzinfo=UTC)  # after the others, both at once
    third = store.check_in(kr.id, 5, at=fixed)
    fourth = store.check_in(kr.id, 6, at=fixed)
    assert store.latest_checkin(kr.id) == fourth != third
