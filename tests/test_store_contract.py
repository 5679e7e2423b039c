"""What every workspace store promises (okr_tui.workspace.WorkspaceStore), backend by backend.

Each test takes a `backend`: a way to open stores on one fresh workspace: the
workspace file, and a PostgreSQL database (a fresh one per test); another backend
is one more entry in BACKENDS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from okr_tui.models import CheckIn, KeyResult, Objective, Unit
from okr_tui.pg.store import PgStore
from okr_tui.store import NotFound, ReasonRequired, Store, WorkspaceError
from okr_tui.workspace import WorkspaceStore
from tests import helpers_pg
from tests.conftest import fixed_clock


@dataclass
class Backend:
    """Opens stores on one workspace, and shows what it keeps (to prove nothing was saved)."""

    open: Callable[[str], WorkspaceStore]
    saved: Callable[[], bytes]
    told: Callable[[WorkspaceStore], None] = lambda store: None
    """Returns once `store` can know of another session's last save (a database's notice
    travels on its own; a file is there to look at at once)."""


def file_backend(tmp_path: Path, _: pytest.TempPathFactory) -> Backend:
    workspace = tmp_path / "workspace.json"
    return Backend(
        open=lambda user: Store(workspace, user, org="Test org", clock=fixed_clock),
        saved=workspace.read_bytes,
    )


def postgresql_backend(_: Path, tmp_path_factory: pytest.TempPathFactory) -> Backend:
    url = helpers_pg.fresh_database(tmp_path_factory)

    def told(store: WorkspaceStore) -> None:
        assert isinstance(store, PgStore)
        assert store.wait_for_notice()

    return Backend(
        open=lambda user: PgStore(url, user, org="Test org", clock=fixed_clock),
        saved=lambda: helpers_pg.dump(url),
        told=told,
    )


BACKENDS: dict[str, Callable[[Path, pytest.TempPathFactory], Backend]] = {
    "file": file_backend,
    "postgresql": postgresql_backend,
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Backend:
    return BACKENDS[request.param](tmp_path, tmp_path_factory)


@pytest.fixture
def store(backend: Backend) -> Iterator[WorkspaceStore]:
    opened = backend.open("ann")
    yield opened
    opened.close()


def seed(store: WorkspaceStore) -> tuple[Unit, Objective, KeyResult]:
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal 70%", target=70))
    return unit, objective, kr


def test_the_store_is_a_workspace_store(store: WorkspaceStore) -> None:
    assert isinstance(store, WorkspaceStore)


def test_records_get_short_typeable_ids(store: WorkspaceStore) -> None:
    unit, objective, kr = seed(store)
    assert unit.id.startswith("un-") and len(unit.id) == 7
    assert objective.id.startswith("ob-")
    assert kr.id.startswith("kr-")


def test_ids_are_unique(store: WorkspaceStore) -> None:
    units = [store.add(Unit(name=f"Team {n}", kind="business")) for n in range(200)]
    assert len({u.id for u in units}) == 200


def test_add_get_find_update_remove(store: WorkspaceStore) -> None:
    unit, _, kr = seed(store)
    assert store.get(Unit, unit.id) == unit
    assert store.find(Unit, unit.id) == unit
    assert store.find(Unit, "un-none") is None
    assert store.find(Unit, None) is None
    with pytest.raises(NotFound):
        store.get(Unit, "un-none")
    with pytest.raises(WorkspaceError, match="already exists"):
        store.add(unit)
    assert store.update(KeyResult, kr.id, target=90).target == 90
    assert store.get(KeyResult, kr.id).target == 90
    store.remove(KeyResult, kr.id)
    assert store.find(KeyResult, kr.id) is None
    with pytest.raises(NotFound):
        store.remove(KeyResult, kr.id)


def test_every_change_records_an_event(store: WorkspaceStore) -> None:
    _, _, kr = seed(store)
    store.update(KeyResult, kr.id, target=80)
    events = store.events(kr.id)
    assert [e.action for e in events] == ["create", "update"]
    assert events[-1].before["target"] == 70  # type: ignore[index]
    assert events[-1].after["target"] == 80  # type: ignore[index]
    assert events[-1].who == "ann"


def test_a_removal_records_what_was_there(store: WorkspaceStore) -> None:
    unit = store.add(Unit(name="Tea room", kind="business"))
    store.remove(Unit, unit.id, reason="merged into TeeBee")
    removal = store.events(unit.id)[-1]
    assert (removal.action, removal.who, removal.reason) == ("delete", "ann", "merged into TeeBee")
    assert removal.before is not None and removal.before["name"] == "Tea room"
    assert removal.after is None


def test_an_unchanged_update_records_nothing(store: WorkspaceStore) -> None:
    _, _, kr = seed(store)
    store.update(KeyResult, kr.id, target=70)
    assert [e.action for e in store.events(kr.id)] == ["create"]


def test_committed_changes_need_a_reason(store: WorkspaceStore) -> None:
    _, objective, kr = seed(store)
    store.update(Objective, objective.id, status="committed")
    with pytest.raises(ReasonRequired):
        store.update(KeyResult, kr.id, target=80)
    assert store.get(KeyResult, kr.id).target == 70
    store.update(KeyResult, kr.id, target=80, reason="new pricing")
    assert store.events(kr.id)[-1].reason == "new pricing"


def test_a_committed_objective_needs_a_reason_to_change_or_go(store: WorkspaceStore) -> None:
    _, objective, _ = seed(store)
    store.update(Objective, objective.id, status="committed")
    with pytest.raises(ReasonRequired):
        store.update(Objective, objective.id, title="Prove our coffee", reason="  ")
    with pytest.raises(ReasonRequired):
        store.remove(Objective, objective.id)
    assert store.get(Objective, objective.id).title == "Prove our tea"


def test_bad_value_is_refused_with_a_readable_message(store: WorkspaceStore) -> None:
    _, _, kr = seed(store)
    with pytest.raises(WorkspaceError, match="confidence"):
        store.check_in(kr.id, 5, confidence=11)
    assert store.checkins(kr.id) == []


def test_a_check_in_is_recorded_by_its_author(store: WorkspaceStore) -> None:
    _, _, kr = seed(store)
    checkin = store.check_in(kr.id, 30, confidence=6, note="two renewals")
    assert (checkin.author, checkin.at) == ("ann", fixed_clock())
    assert store.checkins(kr.id) == [checkin]
    assert store.latest_checkin(kr.id) == checkin
    assert store.events(kr.id, tables={"checkins"}) == []
    assert [e.action for e in store.events(checkin.id)] == ["checkin"]
    with pytest.raises(NotFound):
        store.check_in("kr-none", 1)


def test_control_characters_are_refused(store: WorkspaceStore) -> None:
    unit, _, kr = seed(store)
    with pytest.raises(WorkspaceError, match="control character"):
        store.add(Unit(name="Tea\x1b[2J", kind="business"))
    with pytest.raises(WorkspaceError, match="control character"):
        store.update(Unit, unit.id, name="Tea\x07")
    with pytest.raises(WorkspaceError, match="control character"):
        store.check_in(kr.id, 5, note="done\x1b]0;owned\x07")
    with pytest.raises(WorkspaceError, match="control character"):
        store.update(KeyResult, kr.id, target=80, reason="why\x1b[1m")
    with pytest.raises(WorkspaceError, match="control character"):
        store.set_org("Tea\x1b[31m")
    assert store.get(Unit, unit.id).name == "TeeBee"
    assert store.checkins(kr.id) == []
    assert store.get(KeyResult, kr.id).target == 70


def test_a_failed_transaction_leaves_nothing(store: WorkspaceStore, backend: Backend) -> None:
    _, _, kr = seed(store)
    before = backend.saved()
    with pytest.raises(RuntimeError), store.transaction():
        store.check_in(kr.id, 10)
        store.update(KeyResult, kr.id, target=99)
        raise RuntimeError("boom")
    assert backend.saved() == before
    assert store.checkins(kr.id) == []
    assert store.get(KeyResult, kr.id).target == 70
    assert backend.open("bob").checkins(kr.id) == []


def test_another_store_sees_the_change(backend: Backend, store: WorkspaceStore) -> None:
    _, _, kr = seed(store)
    other = backend.open("bob")
    store.check_in(kr.id, 30, confidence=6, note="two renewals")
    backend.told(other)
    assert other.changed_on_disk() is True
    assert other.refresh() is True
    assert [c.value for c in other.checkins(kr.id)] == [30]
    assert other.refresh() is False
    assert other.changed_on_disk() is False
    other.check_in(kr.id, 40)
    backend.told(store)
    assert store.refresh() is True
    assert [c.author for c in store.checkins(kr.id)] == ["ann", "bob"]


def seed_many(store: WorkspaceStore) -> tuple[list[Objective], list[KeyResult]]:
    """Two objectives with key results out of order, one dropped, check-ins out of time order."""
    unit, first, kr = seed(store)
    second = store.add(Objective(unit_id=unit.id, period_id=first.period_id, title="Sell tea"))
    later = store.add(KeyResult(objective_id=first.id, title="NPS 40", target=40, order=2))
    early = store.add(KeyResult(objective_id=first.id, title="Churn 5%", target=5, order=1))
    store.add(KeyResult(objective_id=first.id, title="Old", target=1, status="dropped"))
    other = store.add(KeyResult(objective_id=second.id, title="Shops 10", target=10))
    for value, day in ((30, 20), (10, 2), (20, 11)):
        store.check_in(kr.id, value, at=datetime(2026, 11, day, 9, tzinfo=UTC))
    store.check_in(later.id, 7, at=datetime(2026, 11, 3, 9, tzinfo=UTC))
    return [first, second], [kr, later, early, other]


def test_set_reads_agree_with_the_single_reads(store: WorkspaceStore) -> None:
    objectives, krs = seed_many(store)
    objective_ids = [o.id for o in objectives] + ["ob-none"]
    kr_ids = [k.id for k in krs] + ["kr-none"]
    for dropped in (False, True):
        assert store.key_results_of(objective_ids, include_dropped=dropped) == {
            oid: store.key_results(oid, include_dropped=dropped) for oid in objective_ids
        }
    assert store.checkins_of(kr_ids) == {kid: store.checkins(kid) for kid in kr_ids}
    assert store.latest_checkins(kr_ids) == {kid: store.latest_checkin(kid) for kid in kr_ids}
    assert store.by_each(KeyResult, "objective_id", objective_ids) == {
        oid: store.by(KeyResult, "objective_id", oid) for oid in objective_ids
    }
    assert [c.value for c in store.checkins_of(kr_ids)[krs[0].id]] == [10, 20, 30]
    assert store.latest_checkins(kr_ids)["kr-none"] is None
    assert store.checkins_of(["kr-none"]) == {"kr-none": []}


def test_set_reads_of_no_ids_are_empty(store: WorkspaceStore) -> None:
    seed_many(store)
    assert store.key_results_of([]) == {}
    assert store.checkins_of([]) == {}
    assert store.latest_checkins([]) == {}
    assert store.by_each(CheckIn, "kr_id", []) == {}


def test_set_reads_take_any_iterable_of_ids(store: WorkspaceStore) -> None:
    objectives, krs = seed_many(store)
    by_list = store.latest_checkins([k.id for k in krs])
    assert store.latest_checkins(k.id for k in krs) == by_list
    assert list(store.key_results_of(o.id for o in objectives)) == [o.id for o in objectives]


def test_a_check_in_changes_its_tables_only(store: WorkspaceStore) -> None:
    _, _, kr = seed(store)
    before = store.revision
    assert store.changed_tables(before) == frozenset()
    store.check_in(kr.id, 30)
    assert store.changed_tables(before) == frozenset({"checkins", "events"})
    assert store.changed_tables(store.revision) == frozenset()


def test_another_stores_change_is_told_after_refresh(
    backend: Backend, store: WorkspaceStore
) -> None:
    _, _, kr = seed(store)
    other = backend.open("bob")
    before = other.revision
    store.check_in(kr.id, 30)
    assert other.changed_tables(before) == frozenset()
    backend.told(other)
    assert other.refresh() is True
    changed = other.changed_tables(before)
    assert changed is None or {"checkins", "events"} <= changed


def test_objective_counts_count_each_units_objectives_of_the_period(
    backend: Backend, store: WorkspaceStore
) -> None:
    unit, objective, _ = seed(store)
    team = store.add(Unit(name="Tea team", kind="business", parent_id=unit.id))
    later = store.ensure_period("2027-Q1")
    for title, status in (("Sell tea", "draft"), ("Old", "dropped"), ("Later", "parked")):
        store.add(Objective(unit_id=team.id, period_id=objective.period_id, title=title,
                            status=status))  # fmt: skip
    store.add(Objective(unit_id=team.id, period_id=later.id, title="Next year"))
    expected = {unit.id: 1, team.id: 1}
    assert store.objective_counts(objective.period_id) == expected
    assert store.objective_counts("2025-Q1") == {}
    other = backend.open("bob")
    assert other.objective_counts(objective.period_id) == expected
    store.add(Objective(unit_id=team.id, period_id=objective.period_id, title="Brew"))
    store.update(Objective, objective.id, status="dropped")
    backend.told(other)
    assert other.refresh() is True
    assert other.objective_counts(objective.period_id) == {team.id: 2}
    with store.transaction():
        store.add(Objective(unit_id=unit.id, period_id=objective.period_id, title="Grow"))
        assert store.objective_counts(objective.period_id) == {team.id: 2, unit.id: 1}
    other.close()
