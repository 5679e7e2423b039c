"""The workspace file's own behaviour: a backup before the first write of the day.

What every store promises (ids, events, reasons, transactions) is in test_store_contract.py.
"""

from __future__ import annotations

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
