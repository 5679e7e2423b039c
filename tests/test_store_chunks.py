"""The chunked layout of a large workspace and its event log left on disk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import count, pairwise
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from okr_tui import store as store_module
from okr_tui import tablefile
from okr_tui.journal import journal_path
from okr_tui.models import CheckIn, Event, KeyResult, Objective, Unit
from okr_tui.store import Store, WorkspaceError
from okr_tui.tablefile import read_indexed
from tests.conftest import fixed_clock
from tests.test_store_concurrency import run_writers


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few documents, a journal from the first write, events left on disk."""
    monkeypatch.setattr(tablefile, "CHUNK_BYTES", 600)
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    monkeypatch.setattr(store_module, "LAZY_FROM", 0)


def ticking_clock() -> Callable[[], datetime]:
    """A clock a minute later at every reading."""
    ticks = count()
    return lambda: fixed_clock() + timedelta(minutes=next(ticks))


def seed(path: Path, check_ins: int = 30) -> tuple[Store, KeyResult]:
    store = Store(path, "ann", clock=ticking_clock())
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal 70%", target=70))
    with store.transaction():
        for n in range(check_ins):
            at = fixed_clock() + timedelta(days=n)
            store.check_in(kr.id, n, note=f"week {n} 周", at=at)
    store.set_org("TeeBee")  # a whole-file write: the layout with its index
    return store, kr


def table_index(path: Path) -> dict[str, tablefile.TableIndex]:
    with path.open("rb") as handle:
        indexed = read_indexed(handle, path.stat().st_size)
    assert indexed is not None
    return indexed.tables


@pytest.mark.usefixtures("small_chunks")
def test_the_file_names_its_chunks_and_stays_plain_tinydb_json(workspace: Path) -> None:
    store, kr = seed(workspace)
    raw = workspace.read_bytes()
    assert raw == orjson.dumps(orjson.loads(raw))  # compact JSON, as orjson writes it
    index = table_index(workspace)
    assert len(index["checkins"].bounds) > 3  # 30 check-ins in chunks of a few
    assert index["checkins"].next_id == 31
    # Each chunk is a run of whole documents.
    for span in index["checkins"].chunks():
        docs = tablefile.parse_span(raw[span.start : span.end])
        assert docs and all(doc["kr_id"] == kr.id for doc in docs.values())
    db = TinyDB(workspace, access_mode="r")
    try:
        assert len(db.table("checkins").all()) == 30
    finally:
        db.close()
    reopened = Store(workspace, "bob")
    assert reopened.export_data() == store.export_data()


@pytest.mark.usefixtures("small_chunks")
def test_the_event_log_is_read_only_when_asked_for(workspace: Path) -> None:
    store, kr = seed(workspace)
    everything = store.export_data()
    reopened = Store(workspace, "bob", clock=fixed_clock)
    checkins = reopened.checkins(kr.id)
    assert len(checkins) == 30
    # Asked for by record and by time, without reading the whole log into memory.
    assert [e.action for e in reopened.events(checkins[3].id)] == ["checkin"]
    every = Store(workspace, "eve").events()
    since = every[-5].at
    assert reopened.events(since=since) == [e for e in every if e.at >= since]
    assert reopened.events(since=since)[0] == every[-5]
    assert Event.TABLE in reopened._t.on_disk
    # Every event, when someone needs them all.
    assert reopened.export_data() == everything
    assert Event.TABLE not in reopened._t.on_disk


@pytest.mark.usefixtures("small_chunks")
def test_changes_with_the_log_on_disk_reach_journal_fold_and_colleagues(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(workspace)
    monkeypatch.setattr(store_module, "JOURNAL_FOLD_MIN", 4096)
    store = Store(workspace, "ann", clock=fixed_clock)
    colleague = Store(workspace, "bob", clock=fixed_clock)
    kr = store.all(KeyResult)[0]
    made = [
        store.check_in(kr.id, 100 + n, note="a note long enough to fill " * 3) for n in range(40)
    ]
    sizes = [journal_path(workspace).stat().st_size]
    made.append(store.check_in(kr.id, 1000))
    sizes.append(journal_path(workspace).stat().st_size)
    assert colleague.refresh() is True
    assert [e.action for e in colleague.events(made[-1].id)] == ["checkin"]
    assert Event.TABLE in colleague._t.on_disk  # still only what was asked for
    fresh = Store(workspace, "eve")
    events = fresh.events()
    assert len([e for e in events if e.action == "checkin"]) == 71
    assert len({e.id for e in events}) == len(events)
    assert len(fresh.checkins(kr.id)) == 71
    # An edit to a record in the log's table itself reads the log first.
    store.update(KeyResult, kr.id, target=80)
    assert Store(workspace, "eve").get(KeyResult, kr.id).target == 80


@pytest.mark.usefixtures("small_chunks")
def test_folds_keep_every_event(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, kr = seed(workspace)
    monkeypatch.setattr(store_module, "JOURNAL_FOLD_MIN", 2048)
    store = Store(workspace, "ann", clock=fixed_clock)
    sizes = []
    for n in range(40):
        store.check_in(kr.id, n, note="a note long enough to fill the journal " * 2)
        sizes.append(journal_path(workspace).stat().st_size)
    assert sum(later < earlier for earlier, later in pairwise(sizes)) >= 2
    fresh = Store(workspace, "eve")
    assert len(fresh.checkins(kr.id)) == 70
    assert len([e for e in fresh.events() if e.action == "checkin"]) == 70
    assert fresh.export_data() == store.export_data()


@pytest.mark.usefixtures("small_chunks")
def test_a_backup_of_a_chunked_workspace_restores_with_a_copy(workspace: Path) -> None:
    now = {"day": 1}

    def clock():  # type: ignore[no-untyped-def]
        return fixed_clock().replace(day=now["day"])

    seed(workspace)
    store = Store(workspace, "ann", clock=clock)
    kr = store.all(KeyResult)[0]
    store.check_in(kr.id, 1)
    now["day"] = 2
    store.check_in(kr.id, 2)
    (backup,) = [b for b in store.backups() if clock().strftime("-%Y%m%d-") in b.name]
    data = orjson.loads(backup.read_bytes())
    assert "journal" not in data["_meta"]["1"]
    assert len(data["checkins"]) == 31
    assert len(data["events"]) == len(Store(workspace, "x").events()) - 1
    workspace.write_bytes(backup.read_bytes())
    assert len(Store(workspace, "eve").checkins(kr.id)) == 31


@pytest.mark.usefixtures("small_chunks")
def test_an_index_that_does_not_match_is_read_as_plain_json(workspace: Path) -> None:
    store, kr = seed(workspace)
    data = orjson.loads(workspace.read_bytes())
    # Another tool rewrote the file: same data, pretty-printed, the index now wrong.
    workspace.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    with workspace.open("rb") as handle:
        assert read_indexed(handle, workspace.stat().st_size) is None
    reopened = Store(workspace, "bob")
    assert reopened.export_data() == store.export_data()
    # The next whole-file write lays it out again.
    reopened.set_org("TeeBee tea")
    assert len(table_index(workspace)["checkins"].bounds) > 3
    assert len(Store(workspace, "eve").checkins(kr.id)) == 30


@pytest.mark.usefixtures("small_chunks")
def test_a_bad_event_on_disk_is_reported_when_read_and_nothing_is_written(
    workspace: Path,
) -> None:
    seed(workspace)
    raw = workspace.read_bytes()
    spoiled = raw.replace(
        b'"action":"checkin"', b'"action":123456789', 1
    )  # same length: the index still fits
    assert spoiled != raw
    workspace.write_bytes(spoiled)
    store = Store(workspace, "bob")  # opens: the log is not read yet
    before = workspace.read_bytes()
    with pytest.raises(WorkspaceError) as caught:
        store.events()
    message = str(caught.value)
    assert str(workspace) in message and "events" in message and "bad value" in message
    assert workspace.read_bytes() == before


@pytest.mark.slow
def test_four_writers_with_the_event_log_on_disk_keep_every_check_in(workspace: Path) -> None:
    store, kr = seed(workspace, check_ins=0)
    with store.transaction():  # past LAZY_FROM: about 1.5 MB of events
        for n in range(1200):
            store.add(CheckIn(kr_id=kr.id, value=n, note="history " * 120, at=fixed_clock()))
    store.set_org("TeeBee")
    assert Event.TABLE in Store(workspace, "x")._t.on_disk
    acknowledged = run_writers(workspace, kr.id)
    reopened = Store(workspace, "ann")
    ids = {c.id for c in reopened.checkins(kr.id)}
    assert set(acknowledged) <= ids and len(ids) == 1400
    checkin_events = [e for e in reopened.events() if e.action == "checkin"]
    assert {e.record_id for e in checkin_events} >= set(acknowledged)
    assert len({e.id for e in reopened.events()}) == len(reopened.events())


@pytest.mark.usefixtures("small_chunks")
def test_an_index_pointing_inside_a_document_falls_back_to_plain_json(workspace: Path) -> None:
    _, kr = seed(workspace)
    raw = workspace.read_bytes()
    where = table_index(workspace)["checkins"]
    inner = raw.index(b",", where.bounds[1] + 10)  # a comma inside a document
    old = f"{where.bounds[1]:012d}".encode()
    workspace.write_bytes(raw.replace(old, f"{inner:012d}".encode(), 1))
    with workspace.open("rb") as handle:  # every byte the index names is a comma
        assert read_indexed(handle, workspace.stat().st_size) is not None
    assert len(Store(workspace, "bob").checkins(kr.id)) == 30


@pytest.mark.parametrize("on_disk", [True, False])
def test_events_are_asked_for_by_record_time_and_table_alike_on_disk_or_not(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, on_disk: bool
) -> None:
    monkeypatch.setattr(tablefile, "CHUNK_BYTES", 600)
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    monkeypatch.setattr(store_module, "LAZY_FROM", 0 if on_disk else 10**9)
    store, kr = seed(workspace)
    store.update(KeyResult, kr.id, target=90)
    store.check_in(kr.id, 99)  # in the journal, not yet in the file
    every = Store(workspace, "eve").events()
    reopened = Store(workspace, "bob")
    assert (Event.TABLE in reopened._t.on_disk) == on_disk
    since = every[-6].at
    assert reopened.events(since=since) == [e for e in every if e.at >= since]
    assert reopened.events(tables=["key_results"]) == [e for e in every if e.table == "key_results"]
    assert [e.action for e in reopened.events(kr.id, since=since)] == ["update"]
    assert reopened.events(kr.id, tables=["checkins"]) == []
    objective = reopened.get(Objective, kr.objective_id)

    def mentions(event: Event, value: str) -> bool:
        snapshots = [s for s in (event.before, event.after) if s]
        return event.record_id == value or any(value in s.values() for s in snapshots)

    mentioning = reopened.events(mentioning=[objective.id, "nobody"])
    assert mentioning == [e for e in every if mentions(e, objective.id)]
    assert {e.table for e in mentioning} == {"objectives", "key_results"}
    assert reopened.events(mentioning=["nobody"]) == []


@pytest.mark.usefixtures("small_chunks")
def test_after_a_colleague_rewrites_the_file_unchanged_chunks_are_not_read_again(
    workspace: Path,
) -> None:
    _, kr = seed(workspace)
    mine = Store(workspace, "ann")
    first = mine.checkins(kr.id)[0]
    colleague = Store(workspace, "bob")
    added = colleague.check_in(kr.id, 99)
    colleague.update(KeyResult, kr.id, target=80)
    colleague.set_org("TeeBee tea")  # a whole new version of the file
    assert mine.refresh() is True
    # The chunk holding the first check-in did not change: its record was not read again.
    assert mine.get(CheckIn, first.id) is first
    assert mine.get(CheckIn, added.id).value == 99
    assert mine.get(KeyResult, kr.id).target == 80
    assert mine.meta.org == "TeeBee tea"
    assert mine.export_data() == Store(workspace, "eve").export_data()
