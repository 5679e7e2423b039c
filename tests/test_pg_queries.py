"""What grows with an organisation (check-ins, events, key results, ...) is read by query in
PostgreSQL, never loaded at open.

The answers are the file store's: the same workspace is copied into the database
(as `okr copy` does) and every read is asked of both.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from okr_tui.corrections import correct_checkin, fixes, withdraw_checkin
from okr_tui.location import PgUrl
from okr_tui.models import CheckIn, Event, KeyResult, Objective, Person, Record, Score, Task, Unit
from okr_tui.pg.bulk import write_new
from okr_tui.pg.queried import QUERIED_TABLES
from okr_tui.pg.store import PgStore
from okr_tui.store import Store
from okr_tui.workspace import WorkspaceStore
from tests import helpers_pg

START = datetime(2026, 10, 1, 9, tzinfo=UTC)


def ticking() -> Callable[[], datetime]:
    """A clock a minute later at each reading: every event has its own time."""
    minutes = itertools.count()
    return lambda: START + timedelta(minutes=next(minutes))


@pytest.fixture
def url() -> PgUrl:
    return helpers_pg.fresh_database()


def build(path: Path) -> tuple[Store, list[str]]:
    """A file workspace with many check-ins on a few key results, some corrected or withdrawn."""
    store = Store(path, "ann", org="TeeBee", clock=ticking())
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    krs = [
        store.add(KeyResult(objective_id=objective.id, title=f"Renewal {n}", target=70))
        for n in range(5)
    ]
    for week in range(40):
        for n, kr in enumerate(krs[:3]):
            store.check_in(kr.id, week + n, note=f"week {week}", at=START + timedelta(days=week))
    moment = START + timedelta(days=3)
    # The newest is the latest time (a fraction of a second counts), of equal ones the later saved.
    for kr, at, value in (
        (krs[3], moment + timedelta(milliseconds=500), 3),
        (krs[3], moment, 1),
        (krs[4], moment, 1),
        (krs[4], moment, 2),
    ):
        store.check_in(kr.id, value, at=at)
    first = store.checkins(krs[0].id)
    correct_checkin(store, first[3].id, value=99, reason="typo")
    withdraw_checkin(store, first[5].id, reason="wrong key result")
    return store, [kr.id for kr in krs]


def answers(store: WorkspaceStore, kr_ids: list[str], some: str) -> dict[str, Any]:
    """What screens ask of check-ins and events, as plain values."""
    # Asked first: the newest is then read alone, before any check-in of these is kept.
    latest = store.latest_checkins([*kr_ids, "kr-none"])
    return {
        "latest": {k: c.to_doc() if c else None for k, c in latest.items()},
        "latest_one": [_doc(store.latest_checkin(k)) for k in kr_ids],
        "checkins": [c.to_doc() for c in store.checkins(kr_ids[0])],
        "checkins_of": {k: [c.id for c in v] for k, v in store.checkins_of(kr_ids).items()},
        "latest_kept": [_doc(store.latest_checkin(k)) for k in kr_ids],
        "by_author": sorted(c.id for c in store.by(CheckIn, "author", "ann")),
        "find": _doc(store.find(CheckIn, some)),
        "all": sorted(c.id for c in store.all(CheckIn)),
        "events_of": [e.to_doc() for e in store.events(some)],
        "events_of_kr": [e.id for e in store.events(kr_ids[1])],
        "since": [e.id for e in store.events(since=START + timedelta(days=30))],
        "mentioning": [e.id for e in store.events(tables=["checkins"], mentioning=[kr_ids[2]])],
        "fixes": [(f.kind, f.before.id) for f in fixes(store, kr_ids[0])],
        "history": [e.id for e in store.events(tables=["key_results"], mentioning=kr_ids)],
        "people": sorted(p.login for p in store.people()),
        "by_id": {
            k: [r.id for r in v] for k, v in store.by_each(KeyResult, "id", [*kr_ids, "x"]).items()
        },
        "person": _doc(store.person("ann")),
        "objectives": [o.id for o in store.objectives()],
        "key_results_of": {k: [r.id for r in v] for k, v in store.key_results_of(["x"]).items()},
    }


def _doc(record: Record | None) -> dict[str, Any] | None:
    return record.to_doc() if record is not None else None


GROWING = (CheckIn, Event, KeyResult, Objective, Person, Score, Task)
"""The records that grow with an organisation: read when asked, never at open."""


def alive_records() -> int:
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, GROWING))


def test_an_open_workspace_holds_no_checkin_event_or_key_result_until_asked(
    tmp_path: Path, url: PgUrl
) -> None:
    file_store, kr_ids = build(tmp_path / "okr.json")
    some = file_store.checkins(kr_ids[1])[7].id
    expected = answers(file_store, kr_ids, some)
    write_new(url, file_store.export_data())
    file_store.close()
    del file_store
    before = alive_records()  # what other tests in this process may still hold
    store = PgStore(url, "ann", create=False)
    try:
        assert alive_records() == before
        assert {r.TABLE for r in GROWING} == QUERIED_TABLES
        assert all(store._t.table(table) == {} for table in QUERIED_TABLES)
        assert [u.name for u in store.units()] == ["TeeBee"]  # the small tables are in memory
        assert answers(store, kr_ids, some) == expected
        assert len(expected["checkins"]) == 39 and expected["fixes"]
        assert [expected["latest"][k]["value"] for k in kr_ids[3:]] == [3, 2]
    finally:
        store.close()


@pytest.fixture
def pair(url: PgUrl) -> Iterator[tuple[PgStore, PgStore, KeyResult]]:
    ann = PgStore(url, "ann", org="TeeBee", clock=ticking())
    unit = ann.add(Unit(name="TeeBee", kind="company"))
    period = ann.ensure_period("2026-Q4")
    objective = ann.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    kr = ann.add(KeyResult(objective_id=objective.id, title="Renewal", target=70))
    bob = PgStore(url, "bob", clock=ticking())
    yield ann, bob, kr
    ann.close()
    bob.close()


def test_checkins_read_before_follow_anothers_corrections_and_withdrawals(
    pair: tuple[PgStore, PgStore, KeyResult],
) -> None:
    ann, bob, kr = pair
    first = ann.check_in(kr.id, 10)
    second = ann.check_in(kr.id, 20)
    assert bob.wait_for_notice() and bob.refresh()
    assert [c.value for c in bob.checkins(kr.id)] == [10, 20]  # now kept by bob
    correct_checkin(ann, first.id, value=15, reason="typo")
    assert bob.wait_for_notice() and bob.refresh()
    assert [c.value for c in bob.checkins(kr.id)] == [15, 20]
    withdraw_checkin(ann, second.id, reason="not ours")
    assert bob.wait_for_notice() and bob.refresh()
    assert [c.value for c in bob.checkins(kr.id)] == [15]
    assert bob.latest_checkin(kr.id) == ann.find(CheckIn, first.id)


def test_a_transaction_reads_the_checkins_it_wrote_before_they_are_sent(
    pair: tuple[PgStore, PgStore, KeyResult],
) -> None:
    ann, bob, kr = pair
    kept = ann.check_in(kr.id, 10)
    assert [c.value for c in ann.checkins(kr.id)] == [10]
    with ann.transaction():
        added = ann.check_in(kr.id, 30)
        ann.remove(CheckIn, kept.id)
        assert [c.value for c in ann.checkins(kr.id)] == [30]
        assert ann.latest_checkins([kr.id]) == {kr.id: added}
        assert ann.find(CheckIn, kept.id) is None
        assert [e.action for e in ann.events(added.id)] == ["checkin"]
        assert bob.find(CheckIn, added.id) is None  # nothing sent yet
    assert [c.value for c in ann.checkins(kr.id)] == [30]
    assert bob.wait_for_notice() and bob.refresh()
    assert [c.value for c in bob.checkins(kr.id)] == [30]
    assert [e.action for e in bob.events(kept.id)] == ["checkin", "delete"]


def test_a_transaction_that_fails_leaves_no_checkin_behind(
    pair: tuple[PgStore, PgStore, KeyResult],
) -> None:
    ann, _, kr = pair
    assert ann.checkins(kr.id) == []
    with pytest.raises(RuntimeError), ann.transaction():
        ann.check_in(kr.id, 30)
        raise RuntimeError("changed my mind")
    assert ann.checkins(kr.id) == []
    assert [e.action for e in ann.events(kr.id)] == ["create"]


def test_many_checkins_get_ids_of_their_own(pair: tuple[PgStore, PgStore, KeyResult]) -> None:
    ann, _, kr = pair
    with ann.transaction():
        ids = {ann.check_in(kr.id, n).id for n in range(300)}
    assert len(ids) == 300
    assert {c.id for c in ann.checkins(kr.id)} == ids


def test_a_newest_checkin_read_before_follows_anothers_changes(
    pair: tuple[PgStore, PgStore, KeyResult],
) -> None:
    ann, bob, kr = pair
    assert bob.latest_checkin(kr.id) is None  # kept by bob from here on
    first = ann.check_in(kr.id, 10)
    assert bob.wait_for_notice() and bob.refresh()
    assert bob.latest_checkins([kr.id]) == {kr.id: first}
    second = ann.check_in(kr.id, 20)
    assert bob.wait_for_notice() and bob.refresh()
    assert bob.latest_checkin(kr.id) == second
    correct_checkin(ann, second.id, value=25, reason="typo")
    assert bob.wait_for_notice() and bob.refresh()
    assert bob.latest_checkin(kr.id) == ann.find(CheckIn, second.id)
    withdraw_checkin(ann, second.id, reason="not ours")
    assert bob.wait_for_notice() and bob.refresh()
    assert bob.latest_checkin(kr.id) == first


def test_key_results_and_objectives_read_before_follow_anothers_changes(
    pair: tuple[PgStore, PgStore, KeyResult],
) -> None:
    ann, bob, kr = pair
    objective = bob.get(Objective, kr.objective_id)
    assert [k.title for k in bob.key_results(objective.id)] == ["Renewal"]
    assert [o.title for o in bob.objectives(period_id=objective.period_id)] == ["Prove our tea"]
    ann.update(KeyResult, kr.id, title="Renewal 80%")
    ann.add(KeyResult(objective_id=objective.id, title="Referrals", target=5, order=1))
    ann.update(Objective, objective.id, title="Prove our tea works")
    assert bob.wait_for_notice() and bob.refresh()
    assert [k.title for k in bob.key_results(objective.id)] == ["Renewal 80%", "Referrals"]
    assert bob.get(Objective, objective.id).title == "Prove our tea works"
    assert [o.title for o in bob.objectives(unit_id=objective.unit_id)] == ["Prove our tea works"]
