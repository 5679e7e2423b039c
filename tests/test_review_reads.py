"""Building a unit's view data reads the store a fixed number of times, not per key result.

Against a database server every store call is a round trip; these tests count
the calls for a unit of 2 key results and one of 20 and expect the same count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sized
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from okr_tui.alignment.values import objective_value
from okr_tui.home_view import unit_okrs
from okr_tui.models import KeyResult, Objective, Task, Unit
from okr_tui.store import Store
from okr_tui.weekly import Week, build_review
from tests.conftest import TODAY, fixed_clock

W48 = Week(2026, 48)


class Counting:
    """Stands in for a store and counts every method called on it, by name."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._store, name)
        if not callable(found):
            return found

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return found(*args, **kwargs)

        return counted


def unit_of(tmp_path: Path, krs: int) -> Store:
    """One unit with two objectives sharing `krs` key results, each with check-ins and a task."""
    store = Store(tmp_path / f"w{krs}.json", "ann", org="Test org", clock=fixed_clock)
    with store.transaction():
        unit = store.add(Unit(id="un-tea", name="Tea", kind="business"))
        period = store.ensure_period("2026-Q4")
        objectives = [
            store.add(Objective(unit_id=unit.id, period_id=period.id, title=f"Goal {n}"))
            for n in range(2)
        ]
        for n in range(krs):
            kr = store.add(
                KeyResult(objective_id=objectives[n % 2].id, title=f"KR {n}", target=10, order=n)
            )
            store.check_in(kr.id, 2, confidence=5, at=datetime(2026, 11, 18, 9, tzinfo=UTC))
            store.check_in(kr.id, 4, confidence=6, at=datetime(2026, 11, 25, 9, tzinfo=UTC))
            store.add(Task(kr_id=kr.id, title=f"Task {n}"))
    return store


def calls(tmp_path: Path, krs: int, build: Callable[[Store], Sized]) -> Counter[str]:
    """The store calls `build` makes on a unit of `krs` key results (it shows all of them)."""
    counting = Counting(unit_of(tmp_path, krs))
    built = build(cast(Store, counting))
    assert len(built) == krs
    return counting.calls


def test_the_review_reads_the_store_a_fixed_number_of_times(tmp_path: Path) -> None:
    def review(store: Store) -> Sized:
        return build_review(store, "un-tea", W48, TODAY, "ann").rows

    small, large = calls(tmp_path, 2, review), calls(tmp_path, 20, review)
    assert small == large
    assert sum(small.values()) <= 10


def test_home_reads_the_store_a_fixed_number_of_times(tmp_path: Path) -> None:
    def home(store: Store) -> Sized:
        return [
            kr for row in unit_okrs(store, "un-tea", "2026-Q4", "ann", TODAY).rows for kr in row.krs
        ]

    small, large = calls(tmp_path, 2, home), calls(tmp_path, 20, home)
    assert small == large
    assert sum(small.values()) <= 6


def test_an_objectives_value_reads_the_store_a_fixed_number_of_times(tmp_path: Path) -> None:
    def value(store: Store) -> Sized:
        objectives = store.objectives(unit_id="un-tea")
        assert all(objective_value(store, o).value == pytest.approx(0.4) for o in objectives)
        return [kr for o in objectives for kr in store.key_results(o.id)]

    small, large = calls(tmp_path, 2, value), calls(tmp_path, 20, value)
    assert small == large


def test_a_units_number_in_the_alignment_reads_the_store_a_fixed_number_of_times(
    tmp_path: Path,
) -> None:
    from okr_tui.alignment.tree import Alignment

    def unit_value_calls(objectives: int) -> Counter[str]:
        store = Store(tmp_path / f"a{objectives}.json", "ann", org="Test org", clock=fixed_clock)
        with store.transaction():
            unit = store.add(Unit(id="un-tea", name="Tea", kind="business"))
            period = store.ensure_period("2026-Q4")
            for n in range(objectives):
                objective = store.add(
                    Objective(unit_id=unit.id, period_id=period.id, title=f"Goal {n}")
                )
                kr = store.add(KeyResult(objective_id=objective.id, title=f"KR {n}", target=10))
                store.check_in(kr.id, 4, at=datetime(2026, 11, 25, 9, tzinfo=UTC))
        counting = Counting(store)
        model = Alignment(cast(Store, counting), "2026-Q4", "ann")
        counting.calls.clear()
        assert model.unit_value("un-tea").value == pytest.approx(0.4)
        return counting.calls

    small, large = unit_value_calls(2), unit_value_calls(20)
    assert small == large
    assert sum(small.values()) <= 4


def test_okr_due_reads_the_store_a_fixed_number_of_times(tmp_path: Path) -> None:
    from okr_tui.weekly import due

    def owed(store: Store) -> Sized:
        with store.transaction():
            for kr in store.all(KeyResult):
                store.update(KeyResult, kr.id, owner="ann", reason="ann takes it")
        cast(Counting, store).calls.clear()  # count what `due` asks, not the set-up
        # A week with no check-in yet: every one of them is owed.
        return due(store, "ann", date(2026, 12, 2))

    small, large = calls(tmp_path, 2, owed), calls(tmp_path, 20, owed)
    assert small == large
