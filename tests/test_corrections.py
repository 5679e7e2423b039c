"""Correcting and withdrawing a check-in: only its author, always with a reason, always recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_tui.corrections import (
    CORRECT,
    WITHDRAW,
    checkin_to_fix,
    correct_checkin,
    fixes,
    withdraw_checkin,
)
from okr_tui.models import CheckIn, KeyResult
from okr_tui.rules import progress
from okr_tui.store import Store, WorkspaceError
from tests.test_weekly_core import build_team


@pytest.fixture
def team(tmp_path: Path) -> Store:
    return build_team(tmp_path / "team.json")


def seg_progress(store: Store) -> float | None:
    last = store.latest_checkin("kr-seg")
    return progress(store.get(KeyResult, "kr-seg"), last.value if last else None)


def test_a_correction_changes_the_reading_and_keeps_the_original_in_its_event(
    team: Store,
) -> None:
    assert seg_progress(team) == pytest.approx(0.55)
    original = team.get(CheckIn, "ci-03")
    fixed = correct_checkin(team, "ci-03", value=65, confidence=6, reason="typed 55 for 65")
    assert (fixed.value, fixed.confidence, fixed.note) == (65, 6, original.note)
    assert fixed.at == original.at and fixed.author == "ann"
    assert team.latest_checkin("kr-seg") == fixed
    assert seg_progress(team) == pytest.approx(0.65)
    (fix,) = fixes(team, "kr-seg")
    assert fix.kind == "corrected" and fix.before == original and fix.after == fixed
    assert (fix.event.action, fix.event.who, fix.event.reason) == (
        CORRECT,
        "ann",
        "typed 55 for 65",
    )
    # Seen the same way from a fresh session.
    fresh = Store(team.path, "bob")
    assert fresh.get(CheckIn, "ci-03").value == 65
    assert [f.before.value for f in fixes(fresh, "kr-seg")] == [55]


def test_a_withdrawal_stops_the_reading_counting_anywhere(team: Store) -> None:
    original = team.get(CheckIn, "ci-03")
    withdrawn = withdraw_checkin(team, "ci-03", reason="meant for another key result")
    assert withdrawn == original
    assert team.find(CheckIn, "ci-03") is None
    assert [c.id for c in team.checkins("kr-seg")] == ["ci-01", "ci-02"]
    assert seg_progress(team) == pytest.approx(0.40)
    (fix,) = fixes(team, "kr-seg")
    assert fix.kind == "withdrawn" and fix.before == original and fix.after is None
    assert (fix.event.action, fix.event.reason) == (WITHDRAW, "meant for another key result")
    with pytest.raises(WorkspaceError, match="may have been withdrawn"):
        withdraw_checkin(team, "ci-03", reason="again")


def test_only_the_author_may_fix_a_check_in(team: Store) -> None:
    bob = Store(team.path, "bob")
    with pytest.raises(WorkspaceError, match=r"only the check-in's author \(ann\)"):
        correct_checkin(bob, "ci-03", value=1, reason="looks wrong")
    with pytest.raises(WorkspaceError, match=r"only the check-in's author \(ann\)"):
        withdraw_checkin(bob, "ci-03", reason="looks wrong")
    nobody = Store(team.path, "")
    with pytest.raises(WorkspaceError, match="only the check-in's author"):
        withdraw_checkin(nobody, "ci-03", reason="x")
    assert Store(team.path, "x").get(CheckIn, "ci-03").value == 55
    assert fixes(team, "kr-seg") == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(team: Store, reason: str) -> None:
    with pytest.raises(WorkspaceError, match="needs a reason"):
        correct_checkin(team, "ci-03", value=60, reason=reason)
    with pytest.raises(WorkspaceError, match="needs a reason"):
        withdraw_checkin(team, "ci-03", reason=reason)
    assert team.get(CheckIn, "ci-03").value == 55


def test_nothing_to_correct_is_said(team: Store) -> None:
    with pytest.raises(WorkspaceError, match="nothing to correct"):
        correct_checkin(
            team, "ci-03", value=55, note="layering done for two industries", reason="x"
        )
    # Clearing the confidence is a correction (None is a value, not "unchanged").
    assert (
        correct_checkin(team, "ci-03", confidence=None, reason="no idea really").confidence is None
    )


def test_a_key_result_id_names_ones_own_latest_check_in(team: Store) -> None:
    assert checkin_to_fix(team, "kr-seg").id == "ci-03"
    assert checkin_to_fix(team, " ci-02 ").id == "ci-02"
    with pytest.raises(
        WorkspaceError, match="you have no check-in on “Build high repurchase potential models”"
    ):
        checkin_to_fix(team, "kr-mod")  # only Bob's
    with pytest.raises(WorkspaceError, match="no check-in or key result 'ci-nope'"):
        checkin_to_fix(team, "ci-nope")
    # A private key result of someone else's is no key result at all.
    with pytest.raises(WorkspaceError, match="no check-in or key result 'kr-sec'"):
        checkin_to_fix(team, "kr-sec")
    with pytest.raises(WorkspaceError, match="no check-in or key result 'ci-09'"):
        checkin_to_fix(team, "ci-09")
