"""Store.write_batch: many new records in one short write, planned before the lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_tui import store as store_module
from okr_tui import tablefile
from okr_tui.models import CheckIn, Event, KeyResult, Objective, Unit
from okr_tui.store import Store, WorkspaceError
from tests.conftest import fixed_clock


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few documents, a journal from the first write, events left on disk."""
    monkeypatch.setattr(tablefile, "CHUNK_BYTES", 600)
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    monkeypatch.setattr(store_module, "LAZY_FROM", 0)


def seed(path: Path) -> tuple[Store, KeyResult]:
    store = Store(path, "ann", clock=fixed_clock)
    unit = store.add(Unit(id="un-team", name="Team", kind="business"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(
        Objective(id="ob-1", unit_id=unit.id, period_id=period.id, title="Grow", status="committed")
    )
    kr = store.add(KeyResult(id="kr-1", objective_id=objective.id, title="Shops", target=10))
    for n in range(5):
        store.check_in(kr.id, n)
    store.set_org("Acme")  # a whole-file write: the chunked layout, with a journal after it
    return store, kr


def fill(store: Store, kr: KeyResult, count: int) -> None:
    """A batch of check-ins with their events, planned as an import plans them."""
    batch = store.new_batch()
    for n in range(count):
        checkin = CheckIn(id=f"ci-new{n:03d}", kr_id=kr.id, value=100 + n, at=fixed_clock())
        batch.add(CheckIn.TABLE, checkin.to_doc())
        event = Event(
            id=f"ev-new{n:03d}", action="checkin", table=CheckIn.TABLE, record_id=checkin.id
        )
        batch.add(Event.TABLE, event.to_doc())
    batch.changes.append(lambda: store.update(KeyResult, kr.id, target=20, reason="raised"))
    assert store.write_batch(batch) is batch
    batch.close()


@pytest.mark.usefixtures("small_chunks")
def test_a_batch_lands_beside_what_was_there_and_reads_back_whole(workspace: Path) -> None:
    store, kr = seed(workspace)
    fill(store, kr, 40)
    again = Store(workspace, "x")
    assert len(again.checkins(kr.id)) == 45
    assert again.get(KeyResult, kr.id).target == 20
    updates = [e for e in again.events(kr.id) if e.action == "update"]
    assert len(updates) == 1 and updates[0].reason == "raised"
    assert (
        len(again.events()) == len(Store(workspace, "y").events()) == 40 + 9 + 1
    )  # the seed, the batch, the change
    store.refresh()
    assert store.export_data() == again.export_data()


@pytest.mark.usefixtures("small_chunks")
def test_a_store_that_wrote_a_batch_reads_it_before_it_writes_again(workspace: Path) -> None:
    store, kr = seed(workspace)
    fill(store, kr, 10)
    # No refresh in between: a change in place, then a whole-file write, must not write
    # the table back from models that lack the batch's records.
    first = store.checkins(kr.id)[0]
    store.update(CheckIn, first.id, note="typo fixed")
    store.set_org("Acme Ltd")
    assert len(Store(workspace, "x").checkins(kr.id)) == 5 + 10


def test_a_batch_planned_before_a_colleague_wrote_is_not_written(workspace: Path) -> None:
    store, kr = seed(workspace)
    batch = store.new_batch()
    batch.add(CheckIn.TABLE, CheckIn(id="ci-late", kr_id=kr.id, value=1).to_doc())
    Store(workspace, "bob").check_in(kr.id, 9)
    before = workspace.read_bytes()
    assert store.write_batch(batch) is None
    assert workspace.read_bytes() == before

    # Planned again under the lock, it fits.
    def planned() -> object:
        fresh = store.new_batch()
        fresh.add(CheckIn.TABLE, CheckIn(id="ci-late", kr_id=kr.id, value=1).to_doc())
        return fresh

    assert store.write_batch(planned) is not None  # type: ignore[arg-type]
    assert {c.id for c in Store(workspace, "x").checkins(kr.id)} >= {"ci-late"}


def test_a_change_that_fails_leaves_the_file_as_it_was(workspace: Path) -> None:
    store, kr = seed(workspace)
    batch = store.new_batch()
    batch.add(CheckIn.TABLE, CheckIn(id="ci-never", kr_id=kr.id, value=1).to_doc())
    batch.changes.append(lambda: store.update(Objective, "ob-1", title="No reason given"))
    before = workspace.read_bytes()
    with pytest.raises(WorkspaceError, match="a reason is required"):
        store.write_batch(batch)
    assert workspace.read_bytes() == before
    assert store.find(CheckIn, "ci-never") is None
