"""A key result added mid-quarter: judged on the pace of the weeks it has, owed no earlier week."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from okr_tui.home_view import unit_okrs
from okr_tui.models import CheckIn, KeyResult, Objective, Period, Unit, period_for
from okr_tui.rules import Health, existed_by, health, period_elapsed, start_for_new_kr
from okr_tui.store import Store
from okr_tui.weekly import Week, build_review
from okr_tui.weekly_report import weekly_report
from okr_tui.workshop.key_results import save_key_result
from tests.conftest import TODAY, fixed_clock

Q4 = period_for("2026-Q4")
ADDED = date(2026, 11, 16)
"""Monday of week 47, seven weeks into the quarter."""


def reading(kr: KeyResult, value: float, day: date) -> CheckIn:
    return CheckIn(kr_id=kr.id, value=value, at=datetime(day.year, day.month, day.day, tzinfo=UTC))


def test_pace_counts_from_the_key_results_own_start() -> None:
    late = KeyResult(id="kr-late", objective_id="ob", title="Late", target=100, start=ADDED)
    early = late.model_copy(update={"start": None})
    last = reading(late, 25, TODAY)
    # 11 of its 46 days gone: a quarter of the way is on track; from 1 October it is not.
    assert period_elapsed(Q4, TODAY, since=ADDED) == 11 / 46
    assert health(late, last, Q4, TODAY) is Health.ON_TRACK
    assert health(early, last, Q4, TODAY) is Health.OFF_TRACK


def test_a_new_key_result_starts_today_once_its_period_has_begun() -> None:
    assert start_for_new_kr(Q4, date(2026, 9, 20)) is None  # planned ahead
    assert start_for_new_kr(Q4, Q4.start) is None
    assert start_for_new_kr(Q4, ADDED) == ADDED
    assert start_for_new_kr(None, ADDED) is None
    kr = KeyResult(objective_id="ob", title="x", start=ADDED)
    assert not existed_by(kr, date(2026, 11, 8)) and existed_by(kr, ADDED)


def team(store: Store) -> Store:
    store.ensure_period("2026-Q4")
    store.ensure_period("2027-Q1")
    store.add(Unit(id="un-tea", name="Tea", kind="company"))
    store.add(Objective(id="ob-tea", unit_id="un-tea", period_id="2026-Q4", title="Sell tea"))
    store.add(Objective(id="ob-next", unit_id="un-tea", period_id="2027-Q1", title="More tea"))
    store.add(KeyResult(id="kr-old", objective_id="ob-tea", title="Cafes", target=20, owner="ann"))
    store.add(
        KeyResult(
            id="kr-new", objective_id="ob-tea", title="Shops", target=100, owner="bob", start=ADDED
        )
    )
    return store


def test_the_workshop_stamps_a_key_result_added_mid_quarter(store: Store) -> None:
    team(store)  # the store's clock says 26 November 2026
    added = save_key_result(store, "ob-tea", {"title": "Repeat orders", "target": "30"})
    ahead = save_key_result(store, "ob-next", {"title": "New cafes", "target": "10"})
    assert added.start == TODAY
    assert ahead.start is None


def test_home_judges_it_from_its_start(store: Store) -> None:
    team(store)
    store.check_in("kr-new", 25)
    (row,) = unit_okrs(store, "un-tea", "2026-Q4", "ann", TODAY).rows
    healths = {kr_row.kr.id: kr_row.health for kr_row in row.krs}
    assert healths["kr-new"] is Health.ON_TRACK


def test_earlier_weeks_do_not_miss_a_key_result_that_did_not_exist(workspace: Path) -> None:
    store = team(Store(workspace, "ann", clock=fixed_clock))
    week45 = Week.parse("2026-W45")
    review = build_review(store, "un-tea", week45, TODAY, "ann")
    assert review.not_checked_in == [("ann", 1)]
    report = weekly_report(store, "un-tea", week45, TODAY, "ann")
    assert "- Checked in this week: 0 of 1\n" in report
    assert "- Not checked in yet: ann (1)\n" in report
    # From its first week on it is owed a check-in like any other.
    review = build_review(store, "un-tea", Week.parse("2026-W47"), TODAY, "ann")
    assert review.not_checked_in == [("ann", 1), ("bob", 1)]


def test_its_start_survives_the_file(store: Store) -> None:
    team(store)
    reopened = Store(store.path, "ann", create=False)
    assert reopened.get(KeyResult, "kr-new").start == ADDED
    # One that began with its period is stored as before key results had a start.
    assert "start" not in reopened.get(KeyResult, "kr-old").to_doc()
    assert reopened.get(Period, "2026-Q4").start == Q4.start
