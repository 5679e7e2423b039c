"""Quarter-end scoring core: final values, suggestions, notes at their edges, carry forward.

`build_teebee` is the deterministic TeeBee quarter the scoring UI, snapshot and
report tests share (fixed ids, fixed times).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from okr_tui import scoring
from okr_tui.models import (
    CheckIn,
    KeyResult,
    Objective,
    ObjectiveReview,
    Period,
    Person,
    Reflection,
    Score,
    Unit,
)
from okr_tui.rules import Band, format_score
from okr_tui.scoring import NoteLevel, expectation_note
from okr_tui.store import Store, WorkspaceError

Q3 = "2026-Q3"
Q4 = "2026-Q4"


def at(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=UTC)


def _kr(store: Store, kr_id: str, objective_id: str, title: str, **fields: object) -> None:
    store.add(KeyResult(id=kr_id, objective_id=objective_id, title=title, **fields))  # type: ignore[arg-type]


def _checkins(store: Store, kr_id: str, *readings: tuple[datetime, float]) -> None:
    for number, (moment, value) in enumerate(readings):
        store.add(
            CheckIn(
                id=f"ci-{kr_id[3:]}{number}",
                kr_id=kr_id,
                value=value,
                confidence=7,
                author="ann",
                at=moment,
            )
        )


def build_teebee(store: Store) -> None:
    """TeeBee's 2026-Q4 at quarter end, with a scored 2026-Q3 before it."""
    with store.transaction():
        store.add(Person(id="pe-ann", login="ann", name="Hanna"))
        store.add(Person(id="pe-bob", login="bob", name="Jack"))
        store.add(Unit(id="un-teebee", name="TeeBee", kind="company"))
        store.add(
            Unit(
                id="un-ann", name="Hanna", kind="person", parent_id="un-teebee", person_login="ann"
            )
        )
        store.ensure_period(Q3)
        store.ensure_period(Q4)
        store.add(
            Objective(
                id="ob-t1",
                unit_id="un-teebee",
                period_id=Q4,
                title="Prove the value of our high-quality tea to restaurant suppliers",
                description="Restaurants pay for quality when they can taste it.",
                owner="ann",
                kind="aspirational",
                status="committed",
                order=1,
                votes=4,
                supports=["ob-x"],
                weight=2.0,
            )
        )
        _kr(
            store,
            "kr-t11",
            "ob-t1",
            "Customer renewal rate reaches 70%",
            baseline=40,
            target=70,
            measure="%",
            owner="ann",
            order=1,
        )
        _kr(
            store,
            "kr-t12",
            "ob-t1",
            "50% of renewing customers renew by themselves",
            baseline=0,
            target=50,
            measure="%",
            owner="bob",
            order=2,
            indicator="process",
        )
        _kr(
            store,
            "kr-t13",
            "ob-t1",
            "Transactions reach ¥250,000",
            baseline=0,
            target=250000,
            measure="¥",
            owner="ann",
            order=3,
        )
        store.add(
            Objective(
                id="ob-t2",
                unit_id="un-teebee",
                period_id=Q4,
                title="Optimise the supplier online order system",
                owner="bob",
                kind="committed",
                status="committed",
                order=2,
            )
        )
        _kr(
            store,
            "kr-t21",
            "ob-t2",
            "80% of renewals are completed online",
            baseline=20,
            target=80,
            measure="%",
            order=1,
        )
        _kr(
            store,
            "kr-t22",
            "ob-t2",
            "System satisfaction reaches 8 (out of 10)",
            baseline=5,
            target=8,
            measure="/10",
            order=2,
        )
        _kr(
            store,
            "kr-t23",
            "ob-t2",
            "Phone support calls halved",
            baseline=100,
            target=50,
            direction="down",
            measure="calls",
            order=3,
        )
        store.add(
            Objective(
                id="ob-t3",
                unit_id="un-teebee",
                period_id=Q4,
                title="Hire a tea sommelier",
                owner="bob",
                visibility="private",
                status="committed",
                order=3,
            )
        )
        _kr(store, "kr-t31", "ob-t3", "Sommelier signed", milestone=True)
        for objective_id, period, order in (("ob-q3", Q3, 1), ("ob-t4", Q4, 4)):
            store.add(
                Objective(
                    id=objective_id,
                    unit_id="un-teebee",
                    period_id=period,
                    title="Win three new café chains",
                    owner="ann",
                    kind="aspirational",
                    status="committed",
                    order=order,
                )
            )
        _kr(store, "kr-q31", "ob-q3", "Three café chains sign", baseline=0, target=3)
        _kr(store, "kr-t41", "ob-t4", "Three café chains sign", baseline=0, target=3)
        _checkins(store, "kr-q31", (at(9, 20), 3))
        store.add(Score(id="sc-q31", kr_id="kr-q31", suggested=1.0, agreed=1.0, at=at(9, 30)))
        _checkins(
            store, "kr-t11", (at(7, 10), 20), (at(10, 8), 45), (at(10, 29), 55), (at(11, 19), 61)
        )
        _checkins(store, "kr-t12", (at(10, 8), 10), (at(10, 29), 20), (at(11, 19), 30))
        _checkins(store, "kr-t13", (at(10, 8), 80000), (at(10, 29), 150000), (at(11, 19), 200000))
        _checkins(
            store,
            "kr-t21",
            (at(10, 8), 30),
            (at(10, 29), 50),
            (at(11, 19), 65),
            (at(1, 5, 2027), 90),
        )
        _checkins(store, "kr-t22", (at(10, 8), 6), (at(10, 29), 7), (at(11, 19), 8))
        _checkins(store, "kr-t23", (at(10, 8), 90), (at(10, 29), 70), (at(11, 19), 60))
        _checkins(store, "kr-t31", (at(11, 1), 1))
        _checkins(store, "kr-t41", (at(10, 20), 2), (at(11, 12), 3))


@pytest.fixture
def teebee(store: Store) -> Store:
    build_teebee(store)
    return store


def by_id(unit: scoring.UnitScoring) -> dict[str, scoring.ObjectiveScoring]:
    return {o.objective.id: o for o in unit.objectives}


# -- numbers -------------------------------------------------------------------


def test_final_value_is_the_latest_checkin_inside_the_period(teebee: Store) -> None:
    period = teebee.get(Period, Q4)
    # kr-t21 has a reading in January 2027: after the quarter, so not its final value.
    assert scoring.final_value(teebee, teebee.get(KeyResult, "kr-t21"), period) == 65
    # kr-t11 has a reading in July: before the quarter, so not in its trend.
    line = scoring.kr_line(teebee, teebee.get(KeyResult, "kr-t11"), period)
    assert line.trend == (45, 55, 61)
    assert line.final == 61


def test_suggested_scores_and_objective_score(teebee: Store) -> None:
    unit = scoring.unit_scoring(teebee, "un-teebee", Q4, "ann")
    found = by_id(unit)
    t1 = {line.kr.id: line.suggested for line in found["ob-t1"].lines}
    assert t1 == {"kr-t11": 0.7, "kr-t12": 0.6, "kr-t13": 0.8}
    assert found["ob-t1"].score == pytest.approx(0.7)
    t2 = {line.kr.id: line.suggested for line in found["ob-t2"].lines}
    # 0.75 rounds half up; a "down" KR from 100 to 60 against a target of 50 is 0.8.
    assert t2 == {"kr-t21": 0.8, "kr-t22": 1.0, "kr-t23": 0.8}
    assert found["ob-t2"].band is Band.GREEN
    assert found["ob-t2"].agreed_count == 0


def test_a_kr_with_no_reading_suggests_zero(store: Store) -> None:
    build_teebee(store)
    store.add(KeyResult(id="kr-t14", objective_id="ob-t1", title="New KR", target=10, order=4))
    unit = scoring.unit_scoring(store, "un-teebee", Q4, "ann")
    line = by_id(unit)["ob-t1"].lines[-1]
    assert (line.final, line.suggested, line.progress) == (None, 0.0, None)


def test_agreed_score_wins_and_is_one_record_per_kr(teebee: Store) -> None:
    scoring.set_score(teebee, "kr-t11", agreed=0.5, comment="renewals slowed in November")
    scoring.set_score(teebee, "kr-t11", agreed=0.6)
    scoring.set_score(teebee, "kr-t11", comment="  slowed, then picked up  ")
    records = teebee.by(Score, "kr_id", "kr-t11")
    assert len(records) == 1
    assert (records[0].agreed, records[0].suggested) == (0.6, 0.7)
    assert records[0].comment == "slowed, then picked up"
    assert records[0].scored_by == "ann"
    line = by_id(scoring.unit_scoring(teebee, "un-teebee", Q4, "ann"))["ob-t1"].lines[0]
    assert (line.agreed, line.score) == (0.6, 0.6)


@pytest.mark.parametrize("bad", [1.1, -0.1, 0.35])
def test_a_score_off_the_scale_is_refused_and_nothing_saved(teebee: Store, bad: float) -> None:
    with pytest.raises(WorkspaceError, match=r"steps of 0\.1"):
        scoring.set_score(teebee, "kr-t11", agreed=bad)
    assert teebee.by(Score, "kr_id", "kr-t11") == []


def test_format_score() -> None:
    # One way to show a score, to a tenth, as agreed: a mean of 0.75 reads 0.8.
    assert [format_score(v) for v in (0.7, 0.75, 1, 0.0, None)] == [
        "0.7",
        "0.8",
        "1.0",
        "0.0",
        "–",
    ]


def test_distribution_counts_and_average() -> None:
    scores = [0.7, 0.8666, 1.0, 0.3, 0.65]
    counts = scoring.distribution(scores)
    # In between counts on the tenth it is shown as: 0.8666 on 0.9, 0.65 on 0.7.
    assert counts[0.7] == 2 and counts[0.9] == 1 and counts[0.6] == 0
    assert counts[1.0] == 1 and counts[0.3] == 1 and counts[0.8] == 0
    assert sum(counts.values()) == 5 and len(counts) == 11
    # The band is that of the score shown: 0.65 reads 0.7, green.
    assert scoring.band_counts(scores) == {Band.RED: 1, Band.YELLOW: 0, Band.GREEN: 4}
    assert scoring.average(scores) == pytest.approx(3.5166 / 5)
    assert scoring.average([]) is None


# -- expectations at their edges -------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "score", "previous", "level"),
    [
        ("committed", 0.9, None, NoteLevel.ASK),
        ("committed", 0.99, 1.0, NoteLevel.ASK),
        ("committed", 1.0, None, None),
        ("committed", 1.0, 1.0, None),
        ("aspirational", 0.9, None, None),
        ("aspirational", 0.9, 1.0, None),
        ("aspirational", 1.0, None, NoteLevel.KIND),
        ("aspirational", 1.0, 0.9, NoteLevel.KIND),
        ("aspirational", 1.0, 1.0, NoteLevel.FIRM),
        ("aspirational", None, 1.0, None),
    ],
)
def test_expectation_notes(
    kind: str, score: float | None, previous: float | None, level: NoteLevel | None
) -> None:
    note = expectation_note(kind, score, previous)
    assert (note.level if note else None) == level
    if note is not None:
        assert note.text


def test_notes_from_the_workspace(teebee: Store) -> None:
    found = by_id(scoring.unit_scoring(teebee, "un-teebee", Q4, "ann"))
    assert found["ob-t2"].note is not None and found["ob-t2"].note.level is NoteLevel.ASK
    # Same title at 1.0 in 2026-Q3: firmer.
    assert found["ob-t4"].previous_score == 1.0
    assert found["ob-t4"].note is not None and found["ob-t4"].note.level is NoteLevel.FIRM
    # The team agrees 0.9 on the committed one: the note stays; at 1.0 it goes.
    for kr_id in ("kr-t21", "kr-t22", "kr-t23"):
        scoring.set_score(teebee, kr_id, agreed=1.0)
    found = by_id(scoring.unit_scoring(teebee, "un-teebee", Q4, "ann"))
    assert found["ob-t2"].note is None


def test_previous_objective_follows_carry_forward_links(teebee: Store) -> None:
    teebee.add(Objective(id="ob-q3b", unit_id="un-teebee", period_id=Q3, title="Old name"))
    teebee.add(ObjectiveReview(objective_id="ob-q3b", decision="modify", carried_to="ob-t1"))
    found = scoring.previous_objective(teebee, teebee.get(Objective, "ob-t1"))
    assert found is not None and found.id == "ob-q3b"


# -- privacy and solo ----------------------------------------------------------------


def test_private_objective_is_seen_only_by_its_owner(teebee: Store) -> None:
    for_ann = scoring.unit_scoring(teebee, "un-teebee", Q4, "ann")
    assert "ob-t3" not in by_id(for_ann) and for_ann.hidden == 1
    for_bob = scoring.unit_scoring(teebee, "un-teebee", Q4, "bob")
    assert "ob-t3" in by_id(for_bob) and for_bob.hidden == 0


def test_solo_mode_in_a_yearly_period(store: Store) -> None:
    store.add(Unit(id="un-wu", name="Wu Jun", kind="person", person_login="wu"))
    store.ensure_period("2017")
    store.add(Objective(id="ob-w8", unit_id="un-wu", period_id="2017", title="Run 1000 km"))
    store.add(KeyResult(id="kr-w81", objective_id="ob-w8", title="km run", target=1000))
    store.check_in("kr-w81", 640, at=at(12, 20, 2017))
    unit = scoring.unit_scoring(store, "un-wu", "2017", "wu")
    assert unit.solo and unit.prompts == scoring.SOLO_PROMPTS
    assert unit.objectives[0].lines[0].suggested == 0.6
    assert scoring.next_label("2017") == "2018"
    plan = scoring.plan_carry_forward(store, "un-wu", "2017", "wu")
    assert plan.to_period == "2018"


def test_period_labels() -> None:
    assert scoring.next_label("2026-Q4") == "2027-Q1"
    assert scoring.next_label("2026-Q2") == "2026-Q3"
    assert scoring.previous_label("2026-Q1") == "2025-Q4"
    assert scoring.previous_label("2017") == "2016"


def test_reflection_is_one_per_unit_and_period(teebee: Store) -> None:
    scoring.save_reflection(teebee, "un-teebee", Q4, went_well="a", went_badly="b", learned="c")
    scoring.save_reflection(teebee, "un-teebee", Q4, went_well="A", went_badly="", learned="C")
    found = teebee.all(Reflection)
    assert len(found) == 1
    assert (found[0].went_well, found[0].went_badly, found[0].learned) == ("A", "", "C")


# -- carry forward ------------------------------------------------------------------


def _decide(store: Store) -> None:
    scoring.set_review(store, "ob-t1", decision="keep")
    scoring.set_review(store, "ob-t2", decision="modify", miss_reason="vendor was late")
    scoring.set_review(store, "ob-t4", decision="abandon")


def test_carry_forward_plan_writes_nothing(teebee: Store) -> None:
    _decide(teebee)
    before = teebee.export_data()
    plan = scoring.plan_carry_forward(teebee, "un-teebee", Q4, "ann")
    assert [item.source.id for item in plan.items] == ["ob-t1", "ob-t2"]
    assert plan.to_period == "2027-Q1"
    assert {o.id: why for o, why in plan.skipped} == {"ob-t4": "abandoned"}
    assert teebee.export_data() == before


def test_carry_forward_keeps_every_field_and_copies_no_checkins(
    teebee: Store, workspace: Path
) -> None:
    _decide(teebee)
    plan = scoring.plan_carry_forward(teebee, "un-teebee", Q4, "ann", baseline_from_final=True)
    revision = teebee.revision
    created = scoring.apply_carry_forward(teebee, plan)
    assert teebee.revision == revision + 1, "one transaction, one write"
    reopened = Store(workspace, "ann")
    assert reopened.find(Period, "2027-Q1") is not None
    assert len(created) == 2
    for new, source_id in zip(created, ["ob-t1", "ob-t2"], strict=True):
        source = reopened.get(Objective, source_id)
        copy = reopened.get(Objective, new.id)
        for name in Objective.model_fields:
            if name in ("id", "period_id", "status"):
                continue
            assert getattr(copy, name) == getattr(source, name), name
        assert (copy.period_id, copy.status) == ("2027-Q1", "draft")
        assert copy.id != source.id
        old_krs = reopened.key_results(source_id)
        new_krs = reopened.key_results(copy.id)
        assert len(new_krs) == len(old_krs) == 3
        for old, kr in zip(old_krs, new_krs, strict=True):
            for name in KeyResult.model_fields:
                if name in ("id", "objective_id", "baseline"):
                    continue
                assert getattr(kr, name) == getattr(old, name), name
            assert kr.baseline == reopened.checkins(old.id)[-1].value or old.id == "kr-t21"
            assert reopened.checkins(kr.id) == []
            assert reopened.by(Score, "kr_id", kr.id) == []
        review = scoring.review_record(reopened, source_id)
        assert review is not None and review.carried_to == copy.id
    # kr-t21's final value in the quarter is 65 (the January reading is after it).
    t2_copy = reopened.key_results(created[1].id)
    assert t2_copy[0].baseline == 65
    # The source objectives are untouched.
    assert reopened.get(Objective, "ob-t1").period_id == Q4


def test_carry_forward_without_new_baselines_and_twice(teebee: Store) -> None:
    _decide(teebee)
    plan = scoring.plan_carry_forward(teebee, "un-teebee", Q4, "ann")
    created = scoring.apply_carry_forward(teebee, plan)
    assert [kr.baseline for kr in teebee.key_results(created[0].id)] == [40, 0, 0]
    # Applying a stale plan again makes no second copy.
    assert scoring.apply_carry_forward(teebee, plan) == []
    assert len(teebee.objectives(period_id="2027-Q1")) == 2
    again = scoring.plan_carry_forward(teebee, "un-teebee", Q4, "ann")
    assert again.empty
    reasons = {o.id: why for o, why in again.skipped}
    assert reasons["ob-t4"] == "abandoned"
    assert reasons["ob-t1"] == f"already carried forward ({created[0].id})"


def test_carry_forward_leaves_other_peoples_private_objectives(teebee: Store) -> None:
    scoring.set_review(teebee, "ob-t3", decision="keep")
    plan = scoring.plan_carry_forward(teebee, "un-teebee", Q4, "ann")
    assert all(item.source.id != "ob-t3" for item in plan.items)
    bob_plan = scoring.plan_carry_forward(teebee, "un-teebee", Q4, "bob")
    assert [item.source.id for item in bob_plan.items] == ["ob-t3"]
    # The sommelier was signed (a one-off, done): it stays behind, nothing left to do.
    bob_plan = scoring.plan_carry_forward(teebee, "un-teebee", Q4, "bob", baseline_from_final=True)
    assert bob_plan.items[0].draft_krs == ()
    # Not done after all (a later check-in says so): it goes on, and keeps its 0..1
    # numbers even with new baselines.
    teebee.check_in("kr-t31", 0, at=at(12, 20))
    bob_plan = scoring.plan_carry_forward(teebee, "un-teebee", Q4, "bob", baseline_from_final=True)
    assert bob_plan.items[0].draft_krs[0].baseline == 0.0


def test_a_persons_next_baselines_stay_theirs_by_default_a_teams_start_from_the_final() -> None:
    assert scoring.baseline_from_final_by_default(solo=False)
    assert not scoring.baseline_from_final_by_default(solo=True)
    done = KeyResult(objective_id="ob-1", title="Sign a sommelier", milestone=True)
    assert scoring.finished_milestone(done, 1.0)
    assert not scoring.finished_milestone(done, 0.0)
    assert not scoring.finished_milestone(done, None)
    counted = KeyResult(objective_id="ob-1", title="Sign 3 cafés", target=3)
    assert not scoring.finished_milestone(counted, 3.0)  # a number carries on as it is
