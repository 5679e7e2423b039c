"""The weekly core: ISO weeks, the review's numbers checked by hand, changes and `okr due`."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from okr_tui.cli import Context, main
from okr_tui.cli.weekly import run_due
from okr_tui.models import (
    CheckIn,
    KeyResult,
    Objective,
    Person,
    Task,
    Unit,
    UnplannedWork,
    period_for,
)
from okr_tui.okr_changes import okr_changes
from okr_tui.rules import Health
from okr_tui.store import Store
from okr_tui.weekly import (
    ReviewRow,
    Week,
    WeekError,
    build_review,
    default_unit,
    due,
    my_key_results,
)
from tests.conftest import TODAY

W48 = Week(2026, 48)


class Clock:
    """A clock the fixture moves by hand, so events land on known days."""

    def __init__(self) -> None:
        self.now = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def build_team(path: Path) -> Store:
    """UED support team, 2026-Q4, as the week of Thursday 26 Nov 2026 finds it."""
    clock = Clock()
    store = Store(path, "ann", org="TeeBee", clock=clock)
    with store.transaction():
        store.add(period_for("2026-Q4"))
        store.add(Unit(id="un-ued", name="UED support", kind="support"))
        store.add(Unit(id="un-biz", name="Market team", kind="business"))
        store.add(Person(id="pe-ann", login="ann", name="Ann", unit_ids=["un-ued"]))
        store.add(Person(id="pe-bob", login="bob", name="Bob", unit_ids=["un-ued"]))
        store.add(Person(id="pe-lei", login="lei", name="李雷", unit_ids=["un-ued"]))
        common = {"unit_id": "un-ued", "period_id": "2026-Q4", "status": "committed"}
        store.add(
            Objective(
                id="ob-rep",
                title="Help the XXX market raise its repurchase rate",
                owner="ann",
                kind="committed",
                order=1,
                **common,
            )
        )
        store.add(
            Objective(
                id="ob-eff",
                title="Finish projects faster",
                owner="bob",
                track="team-building",
                order=2,
                **common,
            )
        )
        store.add(
            Objective(
                id="ob-sec",
                title="Bob's secret plan",
                owner="bob",
                visibility="private",
                order=3,
                **common,
            )
        )
        store.add(
            Objective(
                id="ob-mine",
                title="Learn three analysis tools",
                owner="ann",
                visibility="private",
                order=4,
                unit_id="un-ued",
                period_id="2026-Q4",
            )
        )
        krs = [
            KeyResult(
                id="kr-seg",
                objective_id="ob-rep",
                title="Segment users by repurchase dimension",
                target=100,
                measure="%",
                owner="ann",
                order=1,
            ),
            KeyResult(
                id="kr-mod",
                objective_id="ob-rep",
                title="Build high repurchase potential models",
                target=3,
                measure="models",
                owner="bob",
                order=2,
            ),
            KeyResult(
                id="kr-rate",
                objective_id="ob-rep",
                title="复购率 of the XXX market",
                baseline=20,
                target=26,
                measure="%",
                owner="lei",
                order=3,
            ),
            KeyResult(
                id="kr-cyc",
                objective_id="ob-eff",
                title="Cut the average project cycle",
                baseline=30,
                target=21,
                measure="days",
                direction="down",
                owner="bob",
            ),
            KeyResult(
                id="kr-sec",
                objective_id="ob-sec",
                title="Secret number",
                target=10,
                owner="bob",
            ),
            KeyResult(
                id="kr-tools",
                objective_id="ob-mine",
                title="Tools mastered",
                target=3,
                measure="tools",
                owner="ann",
            ),
        ]
        for kr in krs:
            store.add(kr)
        readings = [
            ("ci-01", "kr-seg", 30, 7, "", "ann", at(11, 10)),
            ("ci-02", "kr-seg", 40, 7, "portraits drafted", "ann", at(11, 18)),
            ("ci-03", "kr-seg", 55, 8, "layering done for two industries", "ann", at(11, 24)),
            ("ci-04", "kr-mod", 1, 5, "first model", "bob", at(11, 12)),
            ("ci-05", "kr-rate", 22, 6, "", "lei", at(11, 20)),
            ("ci-06", "kr-rate", 24, 4, "promotion slipped a week", "lei", at(11, 25)),
            ("ci-07", "kr-cyc", 27, 7, "", "bob", at(11, 19)),
            ("ci-08", "kr-cyc", 25, 7, "[bold]not markup[/] | *stars*", "bob", at(11, 26, 9)),
            ("ci-09", "kr-sec", 5, 5, "secret note", "bob", at(11, 24)),
        ]
        for cid, kr_id, value, confidence, note, author, when in readings:
            store.add(
                CheckIn(
                    id=cid,
                    kr_id=kr_id,
                    value=value,
                    confidence=confidence,
                    note=note,
                    author=author,
                    at=when,
                )
            )
        store.add(
            Task(
                id="tk-1", kr_id="kr-seg", title="Draft user portraits", owner="ann", status="done"
            )
        )
        store.add(
            Task(
                id="tk-2",
                kr_id="kr-seg",
                title="Layer users by industry",
                owner="ann",
                status="doing",
                due=date(2026, 12, 4),
            )
        )
        store.add(Task(id="tk-3", kr_id="kr-rate", title="Export high-repurchase cases"))
        store.add(
            UnplannedWork(
                id="uw-1",
                unit_id="un-ued",
                title="Urgent audit support for finance",
                note="two days of the whole team",
                author="bob",
                at=at(11, 24, 15),
            )
        )
        store.add(
            UnplannedWork(
                id="uw-0", unit_id="un-ued", title="Last week's fire", author="bob", at=at(11, 17)
            )
        )
    clock.now = at(11, 24, 16)
    store.update(KeyResult, "kr-rate", target=25, reason="the market shrank after the merger")
    store.update(KeyResult, "kr-sec", target=12, reason="secret reason")
    clock.now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    return store


@pytest.fixture
def team(tmp_path: Path) -> Store:
    return build_team(tmp_path / "team.json")


# -- weeks -----------------------------------------------------------------------
def test_week_of_today_is_w48_monday_to_sunday() -> None:
    week = Week.of(TODAY)
    assert week == W48
    assert (week.label, week.start, week.end) == (
        "2026-W48",
        date(2026, 11, 23),
        date(2026, 11, 29),
    )
    assert week.shift(-1).label == "2026-W47"
    assert Week.of(date(2027, 1, 1)).label == "2026-W53"


@pytest.mark.parametrize("text", ["2026-W48", "2026w48", " 2026-W48 "])
def test_week_parse_accepts_usual_spellings(text: str) -> None:
    assert Week.parse(text) == W48


@pytest.mark.parametrize(("text", "message"), [("48", "like 2026-W48"), ("2025-W53", "no week 53")])
def test_week_parse_refuses_with_a_sentence(text: str, message: str) -> None:
    with pytest.raises(WeekError, match=message):
        Week.parse(text)


# -- the review's numbers, computed by hand ------------------------------------------
def test_review_rows_match_hand_computed_numbers(team: Store) -> None:
    review = build_review(team, "un-ued", W48, TODAY, "ann")
    rows = {r.kr.id: r for r in review.rows}
    # Bob's private objective is hidden from Ann; her own private one is shown to her.
    assert set(rows) == {"kr-seg", "kr-mod", "kr-rate", "kr-cyc", "kr-tools"}
    assert review.hidden == 1

    seg = rows["kr-seg"]
    assert (seg.value, seg.previous, seg.change) == (55, 40, 15)
    assert seg.progress == pytest.approx(0.55)
    assert (seg.confidence, seg.confidence_change) == (8, 1)
    # 57 of 92 days gone: expected 0.62; 0.55 is below 0.9 x 0.62 -> at risk.
    assert seg.health == Health.AT_RISK
    assert seg.checked_in
    assert [t.id for t in seg.tasks_done] == ["tk-1"]
    assert [t.id for t in seg.tasks_open] == ["tk-2"]

    mod = rows["kr-mod"]
    assert (mod.value, mod.previous, mod.change) == (1, 1, 0)
    assert mod.progress == pytest.approx(1 / 3)
    assert mod.health == Health.STALE  # last check-in 12 Nov: 14 days of silence
    assert not mod.checked_in

    rate = rows["kr-rate"]
    assert (rate.value, rate.previous, rate.change) == (24, 22, 2)
    assert rate.progress == pytest.approx((24 - 20) / (25 - 20))  # re-targeted to 25
    assert (rate.confidence, rate.confidence_change) == (4, -2)
    assert rate.health == Health.AT_RISK  # confidence 4

    cyc = rows["kr-cyc"]
    assert (cyc.value, cyc.previous, cyc.change) == (25, 27, -2)
    assert cyc.progress == pytest.approx(5 / 9)  # down from 30 towards 21
    assert cyc.confidence_change == 0

    tools = rows["kr-tools"]
    assert tools.value is None and tools.health == Health.NO_DATA

    assert review.not_checked_in == [("ann", 1), ("bob", 1)]
    assert [u.id for u in review.unplanned] == ["uw-1"]


def test_review_of_last_week_reads_as_of_its_sunday(team: Store) -> None:
    review = build_review(team, "un-ued", W48.shift(-1), TODAY, "ann")
    seg = next(r for r in review.rows if r.kr.id == "kr-seg")
    assert (seg.value, seg.previous, seg.change) == (40, 30, 10)
    assert [u.id for u in review.unplanned] == ["uw-0"]


def test_review_can_leave_out_own_private_objectives(team: Store) -> None:
    review = build_review(team, "un-ued", W48, TODAY, "ann", include_private=False)
    assert "kr-tools" not in {r.kr.id for r in review.rows}
    assert review.hidden == 2


def test_default_unit_is_the_first_with_objectives(team: Store) -> None:
    assert default_unit(team, "2026-Q4") == "un-ued"
    assert default_unit(team, "2026-Q4", preferred="un-biz") == "un-biz"


def test_my_key_results_are_the_users_own(team: Store) -> None:
    assert [kr.id for kr, _ in my_key_results(team, "bob", "2026-Q4")] == [
        "kr-mod",
        "kr-cyc",
        "kr-sec",
    ]
    assert [kr.id for kr, _ in my_key_results(team, "ann", "2026-Q4")] == ["kr-seg", "kr-tools"]


# -- changes -------------------------------------------------------------------------
def test_changes_this_week_carry_who_what_and_why(team: Store) -> None:
    changes = okr_changes(team, "ann", unit_id="un-ued", week=W48)
    assert len(changes) == 1  # Bob's private re-target stays hidden from Ann
    change = changes[0]
    assert change.event.who == "ann"
    assert change.what == "changed key result"
    assert change.details == ["target: 26 → 25"]
    assert change.event.reason == "the market shrank after the merger"
    assert len(okr_changes(team, "bob", unit_id="un-ued", week=W48)) == 2


def test_dropping_is_named_as_such(team: Store) -> None:
    team.update(KeyResult, "kr-mod", status="dropped", reason="no data team this quarter")
    last = okr_changes(team, "ann")[-1]
    assert last.what == "dropped key result"
    assert last.details == ["status: active → dropped"]


# -- okr due --------------------------------------------------------------------------
def test_due_lists_own_krs_without_a_checkin_this_week(team: Store) -> None:
    assert [kr.id for kr, _ in due(team, "bob", TODAY)] == ["kr-mod"]
    assert [kr.id for kr, _ in due(team, "ann", TODAY)] == ["kr-tools"]
    assert due(team, "lei", TODAY) == []
    # Next Monday everything is due again.
    assert len(due(team, "bob", date(2026, 11, 30))) == 3


def test_okr_due_prints_one_line_per_kr_and_exits_0(
    team: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = Context(db=team.path, user="bob", today=TODAY)
    assert run_due(ctx, argparse.Namespace()) == 0
    assert capsys.readouterr().out == "kr-mod\tBuild high repurchase potential models\n"
    assert run_due(Context(db=team.path, user="lei", today=TODAY), argparse.Namespace()) == 0
    assert capsys.readouterr().out == ""


def test_okr_due_through_the_command_line(team: Store, capsys: pytest.CaptureFixture[str]) -> None:
    # The real date is not pinned here: only the shape of the answer is checked.
    assert main(["due", "--db", str(team.path), "--as", "nobody"]) == 0
    assert capsys.readouterr().out == ""


def test_a_past_weeks_progress_is_measured_against_that_weeks_target(team: Store) -> None:
    def rate(week: Week) -> ReviewRow:
        review = build_review(team, "un-ued", week, TODAY, "ann")
        return next(r for r in review.rows if r.kr.id == "kr-rate")

    # The team re-targeted it from 26 to 25 this week: last week reads against 26.
    last_week = rate(W48.shift(-1))
    assert (last_week.kr.target, rate(W48).kr.target) == (26, 25)
    # 22% from a baseline of 20 towards 26 (not 25, which would read 0.4).
    assert last_week.value == 22 and last_week.progress == pytest.approx(2 / 6)
    team.update(KeyResult, "kr-rate", target=50, reason="a bigger market")
    again = rate(W48.shift(-1))
    assert (again.kr.target, again.progress) == (26, last_week.progress)
    assert rate(W48).kr.target == 50


def test_the_drafts_of_an_open_workshop_are_not_in_the_review(team: Store) -> None:
    from okr_tui.workshop import add_candidate, start_or_resume

    workshop = start_or_resume(team, "un-ued", "2026-Q4")
    draft = add_candidate(team, workshop, "Win back the cafés we lost")
    team.add(KeyResult(objective_id=draft.id, title="Three cafés back", target=3, owner="bob"))
    review = build_review(team, "un-ued", W48, TODAY, "ann")
    assert draft.id not in {o.id for o in review.objectives}
    assert all(r.objective.id != draft.id for r in review.rows)
    assert {"ob-rep", "ob-eff"} <= {o.id for o in review.objectives}  # committed ones stay
