"""Conflict notes: two people save the same field; the later wins, the earlier is told."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from okr_tui.conflicts import (
    ConflictWatch,
    changes_since,
    describe,
    notes,
    notes_for_save,
    show_value,
)
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store


def clock_at(hour: int, minute: int):  # type: ignore[no-untyped-def]
    return lambda: datetime(2026, 11, 26, hour, minute, tzinfo=UTC)


@pytest.fixture
def two(workspace: Path) -> tuple[Store, Store, KeyResult]:
    ann = Store(workspace, "ann", clock=clock_at(10, 0))
    unit = ann.add(Unit(name="TeeBee", kind="company"))
    period = ann.ensure_period("2026-Q4").id
    objective = ann.add(Objective(unit_id=unit.id, period_id=period, title="Prove our tea"))
    kr = ann.add(KeyResult(objective_id=objective.id, title="Renewal rate", target=60))
    bob = Store(workspace, "bob", clock=clock_at(10, 2))
    return ann, bob, kr


def test_the_earlier_saver_is_told_who_changed_what(two: tuple[Store, Store, KeyResult]) -> None:
    ann, bob, kr = two
    watch = ConflictWatch("ann")
    ann.clock = clock_at(10, 1)
    mine = ann.update(KeyResult, kr.id, target=70)
    watch.remember(mine)
    # Bob opened the KR before ann saved; his save comes later and wins.
    bobs_base = bob.get(KeyResult, kr.id)
    assert bobs_base.target == 60
    bob.update(KeyResult, kr.id, target=80)
    assert Store(ann.path, "carl").get(KeyResult, kr.id).target == 80
    assert ann.refresh() is True
    assert watch.check(ann, tz=UTC) == ["bob changed target from 70 to 80 at 10:02"]
    # Told once: nothing new on the next refresh.
    assert watch.check(ann, tz=UTC) == []


def test_the_later_saver_learns_whose_value_they_replaced(
    two: tuple[Store, Store, KeyResult],
) -> None:
    ann, bob, kr = two
    bobs_base = bob.get(KeyResult, kr.id)
    ann.clock = clock_at(10, 1)
    ann.update(KeyResult, kr.id, target=70, measure="%")
    bob.refresh()
    said = notes_for_save(bobs_base, {"target": 80}, bob.events(kr.id), "bob", tz=UTC)
    assert said == ["ann changed target from 60 to 70 at 10:01; your 80 replaced it"]
    bob.update(KeyResult, kr.id, target=80)
    # Fields bob did not touch keep ann's change: the merge is per field.
    assert bob.get(KeyResult, kr.id).measure == "%"


def test_different_fields_do_not_clash(two: tuple[Store, Store, KeyResult]) -> None:
    ann, bob, kr = two
    bobs_base = bob.get(KeyResult, kr.id)
    ann.update(KeyResult, kr.id, measure="%")
    bob.refresh()
    assert notes_for_save(bobs_base, {"target": 80}, bob.events(kr.id), "bob") == []


def test_my_own_changes_are_not_reported(two: tuple[Store, Store, KeyResult]) -> None:
    ann, _bob, kr = two
    base = ann.get(KeyResult, kr.id)
    ann.update(KeyResult, kr.id, target=75)
    assert changes_since(base, ann.events(kr.id), "ann") == []


def test_removal_and_reasons_are_described(two: tuple[Store, Store, KeyResult]) -> None:
    ann, bob, kr = two
    watch = ConflictWatch("ann")
    watch.remember(ann.get(KeyResult, kr.id))
    objective = bob.get(Objective, kr.objective_id)
    watch.remember(ann.get(Objective, objective.id))
    bob.update(Objective, objective.id, status="committed")
    bob.update(Objective, objective.id, title="Prove our tea's value", reason="clearer")
    bob.remove(KeyResult, kr.id, reason="merged into another")
    ann.refresh()
    assert watch.check(ann, tz=UTC) == [
        "bob removed this key result at 10:02",
        "bob changed status from “draft” to “committed” at 10:02",
        "bob changed title from “Prove our tea” to “Prove our tea's value” at 10:02 "
        "(reason: clearer)",
    ]
    assert len(watch) == 1  # the removed KR is no longer watched


def test_values_and_times_read_well() -> None:
    assert show_value(70.0) == "70" and show_value(0.5) == "0.5"
    assert show_value(None) == "nothing" and show_value("") == "nothing"
    assert show_value("x" * 60).endswith("…”") and len(show_value("x" * 60)) == 42
    assert show_value(["ob-1", "ob-2"]) == "“ob-1”, “ob-2”"
    changes = changes_since(
        KeyResult(id="kr-1", objective_id="ob-1", title="T", target=1),
        [],
        "ann",
    )
    assert changes == []
    from okr_tui.conflicts import Change

    change = Change(
        "bob", datetime(2026, 11, 25, 9, 5, tzinfo=UTC), "key_results", "kr-1", "due", None, "x"
    )
    assert describe(change, tz=UTC, today=date(2026, 11, 26)) == (
        "bob changed due from nothing to “x” at 2026-11-25 09:05"
    )
    assert notes([change], tz=UTC) == ["bob changed due from nothing to “x” at 09:05"]
