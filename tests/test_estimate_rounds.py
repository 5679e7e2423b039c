"""Estimate rounds without a screen: who starts, answers, reveals, agrees; spread; outliers."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_tui import estimate_rounds as rounds
from okr_tui.json_export import visible_export
from okr_tui.models import CheckIn, Estimate, EstimateRound, KeyResult, Objective, Score, Unit
from okr_tui.store import Store, WorkspaceError
from tests.conftest import fixed_clock

UNIT = "un-teeb"
KR = "kr-rest"
PERIOD = "2026-Q4"


def seed_team(workspace: Path, *, checked_in: bool = True) -> None:
    """TeeBee with one key result; jack checked in 12 at confidence 5."""
    store = Store(workspace, "hanna", clock=fixed_clock)
    with store.transaction():
        store.ensure_period(PERIOD)
        store.add(Unit(id=UNIT, name="TeeBee", kind="company"))
        for login in ("hanna", "jack", "mia"):
            store.ensure_person(login)
        store.add(
            Objective(id="ob-tea", unit_id=UNIT, period_id=PERIOD, title="Prove our tea's value")
        )
        store.add(KeyResult(id=KR, objective_id="ob-tea", title="Restaurants", target=20))
    if checked_in:
        Store(workspace, "jack", clock=fixed_clock).check_in(KR, 12, confidence=5, note="ok")


def seat(workspace: Path, user: str) -> Store:
    return Store(workspace, user, clock=fixed_clock)


def test_answers_stay_their_authors_until_the_reveal(workspace: Path) -> None:
    seed_team(workspace)
    hanna, jack, mia = (seat(workspace, u) for u in ("hanna", "jack", "mia"))
    started = rounds.start_round(hanna, KR, "confidence")
    assert started.expected == ["hanna", "jack", "mia"]
    jack.refresh()
    rounds.answer(jack, started.id, 6)
    mia.refresh()
    rounds.answer(mia, started.id, 9)
    for store in (hanna, jack, mia):
        store.refresh()
    assert [e.author for e in rounds.visible_estimates(jack, started.id, "jack")] == ["jack"]
    assert [e.author for e in rounds.visible_estimates(hanna, started.id, "hanna")] == []
    assert all(e.sealed for e in hanna.all(Estimate))
    assert rounds.answered(hanna, started) == (2, 3)
    assert rounds.answered_line(2, 3) == "2 of 3 have answered"

    with pytest.raises(WorkspaceError, match="only hanna"):
        rounds.reveal(jack, started.id)
    rounds.reveal(hanna, started.id)
    jack.refresh()
    shown = rounds.visible_estimates(jack, started.id, "jack")
    assert [(e.author, e.value) for e in shown] == [("jack", 6.0), ("mia", 9.0)]
    with pytest.raises(WorkspaceError, match="revealed already"):
        rounds.answer(jack, started.id, 7)


def test_the_agreed_confidence_comes_with_a_new_checkin_of_the_latest_value(
    workspace: Path,
) -> None:
    seed_team(workspace)
    hanna, jack = seat(workspace, "hanna"), seat(workspace, "jack")
    started = rounds.start_round(hanna, KR, "confidence")
    jack.refresh()
    rounds.answer(jack, started.id, 4)
    rounds.answer(jack, started.id, 6)  # a change of mind replaces the answer
    hanna.refresh()
    with pytest.raises(WorkspaceError, match="reveal the answers first"):
        rounds.agree(hanna, started.id, 6)
    rounds.reveal(hanna, started.id)
    rounds.agree(hanna, started.id, 6)
    checkins = hanna.checkins(KR)
    assert [(c.author, c.value, c.confidence) for c in checkins] == [
        ("jack", 12.0, 5),
        ("hanna", 12.0, 6),
    ]
    assert "Confidence agreed in a round: 6/10" in checkins[-1].note
    assert hanna.get(EstimateRound, started.id).state == "agreed"
    assert rounds.open_round(hanna, KR, "confidence") is None


def test_one_round_per_key_result_and_a_confidence_needs_a_reading(workspace: Path) -> None:
    seed_team(workspace, checked_in=False)
    hanna, jack = seat(workspace, "hanna"), seat(workspace, "jack")
    with pytest.raises(WorkspaceError, match="check in a value first"):
        rounds.start_round(hanna, KR, "confidence")
    started = rounds.start_round(hanna, KR, "score")
    jack.refresh()
    with pytest.raises(WorkspaceError, match="hanna has a score round open"):
        rounds.start_round(jack, KR, "score")
    with pytest.raises(WorkspaceError, match="nobody has answered yet"):
        rounds.reveal(hanna, started.id)
    with pytest.raises(WorkspaceError, match="only hanna"):
        rounds.cancel(jack, started.id)
    rounds.cancel(hanna, started.id)
    jack.refresh()
    assert rounds.start_round(jack, KR, "score").facilitator == "jack"
    assert not hanna.all(CheckIn)


def test_the_agreed_score_is_the_key_results_score(workspace: Path) -> None:
    seed_team(workspace)
    hanna, mia = seat(workspace, "hanna"), seat(workspace, "mia")
    started = rounds.start_round(hanna, KR, "score")
    mia.refresh()
    with pytest.raises(WorkspaceError, match=r"steps of 0\.1"):
        rounds.answer(mia, started.id, 0.75)
    rounds.answer(mia, started.id, 0.7)
    hanna.refresh()
    rounds.reveal(hanna, started.id)
    rounds.agree(hanna, started.id, 0.6)
    [score] = hanna.all(Score)
    assert (score.kr_id, score.agreed, score.scored_by) == (KR, 0.6, "hanna")


def test_spread_median_and_outliers() -> None:
    found = rounds.spread([0.2, 0.7, 0.6, 0.6])
    assert found is not None
    assert (found.low, found.high, found.median) == (0.2, 0.7, 0.6)
    assert rounds.spread_line(found, "score") == "from 0.2 to 0.7 · median 0.6"
    assert rounds.spread([]) is None
    answers = [
        Estimate(round_id="er-1", author=who, value=value)
        for who, value in (("hanna", 0.6), ("jack", 0.2), ("mia", 0.9), ("ola", 0.7))
    ]
    # The median is 0.65: jack is 0.45 away; mia 0.25 is not.
    assert rounds.outliers(answers, "score") == {"jack"}
    assert not rounds.is_outlier(0.9, 0.6, "score")  # exactly 0.3 away is not more than 0.3
    assert rounds.is_outlier(1.0, 0.6, "score")
    assert rounds.is_outlier(9, 5, "confidence") and not rounds.is_outlier(8, 5, "confidence")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [("7", "confidence", 7.0), ("7/10", "confidence", 7.0), ("0,7", "score", 0.7)],
)
def test_reading_what_people_type(text: str, kind: rounds.RoundKind, value: float) -> None:
    assert rounds.read_value(text, kind) == value


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("11", "confidence", "whole number from 0 to 10"),
        ("6.5", "confidence", "whole number"),
        ("1.2", "score", r"0\.0 to 1\.0"),
        ("lots", "score", "type a number like 0.7"),
    ],
)
def test_what_people_type_wrong_is_told_in_a_line(
    text: str, kind: rounds.RoundKind, message: str
) -> None:
    with pytest.raises(WorkspaceError, match=message):
        rounds.read_value(text, kind)


def test_an_export_leaves_out_others_sealed_answers_and_their_history(workspace: Path) -> None:
    seed_team(workspace)
    hanna, jack, mia = (seat(workspace, u) for u in ("hanna", "jack", "mia"))
    started = rounds.start_round(hanna, KR, "confidence")
    for store, value in ((jack, 6), (mia, 9)):
        store.refresh()
        rounds.answer(store, started.id, value)
    jack.refresh()
    mias = next(e.id for e in jack.all(Estimate) if e.author == "mia")

    def exported(viewer: str) -> tuple[set[str], set[str]]:
        data, _left_out = visible_export(jack, viewer, include_private=False)
        answers = {e["author"] for e in data.get(Estimate.TABLE, [])}
        about = {e["record_id"] for e in data["events"] if e["table"] == Estimate.TABLE}
        return answers, about

    answers, about = exported("jack")
    assert answers == {"jack"} and mias not in about
    assert exported("")[0] == set()
    hanna.refresh()
    rounds.reveal(hanna, started.id)
    jack.refresh()
    answers, about = exported("jack")
    assert answers == {"jack", "mia"} and mias in about


def test_a_confidence_round_left_open_does_not_hold_up_scoring(workspace: Path) -> None:
    seed_team(workspace)
    hanna = seat(workspace, "hanna")
    weekly = rounds.start_round(hanna, KR, "confidence")
    rounds.answer(hanna, weekly.id, 6)
    rounds.reveal(hanna, weekly.id)  # revealed, never agreed: still open
    scoring = rounds.start_round(hanna, KR, "score")
    assert rounds.open_round(hanna, KR, "score") == scoring
    assert rounds.open_round(hanna, KR, "confidence") == hanna.get(EstimateRound, weekly.id)
    assert rounds.answering_rounds(hanna, [KR], "score") == [scoring]
