"""The store: ids, events, reasons for committed changes, reload, backups."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import ReasonRequired, Store, WorkspaceError, backups_dir
from tests.conftest import fixed_clock


def seed(store: Store) -> tuple[Unit, Objective, KeyResult]:
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal 70%", target=70))
    return unit, objective, kr


def test_records_get_short_typeable_ids(store: Store) -> None:
    unit, objective, kr = seed(store)
    assert unit.id.startswith("un-") and len(unit.id) == 7
    assert objective.id.startswith("ob-")
    assert kr.id.startswith("kr-")


def test_every_change_records_an_event(store: Store) -> None:
    _, _, kr = seed(store)
    store.update(KeyResult, kr.id, target=80)
    events = store.events(kr.id)
    assert [e.action for e in events] == ["create", "update"]
    assert events[-1].before["target"] == 70  # type: ignore[index]
    assert events[-1].after["target"] == 80  # type: ignore[index]
    assert events[-1].who == "ann"


def test_committed_changes_need_a_reason(store: Store) -> None:
    _, objective, kr = seed(store)
    store.update(Objective, objective.id, status="committed")
    with pytest.raises(ReasonRequired):
        store.update(KeyResult, kr.id, target=80)
    assert store.get(KeyResult, kr.id).target == 70
    store.update(KeyResult, kr.id, target=80, reason="new pricing")
    assert store.events(kr.id)[-1].reason == "new pricing"


def test_bad_value_is_refused_with_a_readable_message(store: Store) -> None:
    _, _, kr = seed(store)
    with pytest.raises(WorkspaceError, match="confidence"):
        store.check_in(kr.id, 5, confidence=11)
    assert store.checkins(kr.id) == []


def test_another_store_sees_the_change(workspace: Path, store: Store) -> None:
    _, _, kr = seed(store)
    other = Store(workspace, "bob")
    store.check_in(kr.id, 30, confidence=6, note="two renewals")
    assert other.refresh() is True
    assert [c.value for c in other.checkins(kr.id)] == [30]
    assert other.refresh() is False


def test_a_failed_transaction_leaves_nothing(store: Store, workspace: Path) -> None:
    _, _, kr = seed(store)
    before = workspace.read_bytes()
    with pytest.raises(RuntimeError), store.transaction():
        store.check_in(kr.id, 10)
        raise RuntimeError("boom")
    assert workspace.read_bytes() == before
    assert store.checkins(kr.id) == []


def test_backup_before_first_write_of_the_day(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seed(store)
    backups = list(backups_dir(workspace).glob("*.json"))
    assert len(backups) == 1
