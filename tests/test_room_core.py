"""The room's rules without a screen: who leads, the shared timer, ready, writing, voting, undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from okr_tui import workshop as ws
from okr_tui.models import Objective, Unit, Vote, Workshop
from okr_tui.presence import Place, Presence
from okr_tui.privacy import can_see
from okr_tui.store import Store, WorkspaceError
from okr_tui.timebox import SharedTimer
from okr_tui.workshop import room, rounds
from tests.conftest import fixed_clock

PERIOD = "2026-Q4"
T0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture
def hanna(workspace: Path) -> Store:
    return Store(workspace, "hanna", clock=fixed_clock)


@pytest.fixture
def session(hanna: Store) -> Workshop:
    unit = hanna.add(Unit(id="un-teeb", name="TeeBee", kind="company"))
    return ws.start_or_resume(hanna, unit.id, PERIOD)


def person(workspace: Path, login: str, session: Workshop) -> Store:
    store = Store(workspace, login, clock=fixed_clock)
    ws.start_or_resume(store, session.unit_id, session.period_id)
    return store


def here(login: str, workshop_id: str = "", *, step: int = 0) -> Presence:
    return Presence(login, 1, "host", T0, place=Place("workshop", workshop_id, step))


# -- who leads ------------------------------------------------------------------------------


def test_whoever_starts_leads_and_others_join(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    jack = person(workspace, "jack", session)
    joined = jack.get(Workshop, session.id)
    assert joined.facilitator == "hanna"
    assert joined.participants == ["hanna", "jack"]
    assert room.room_line(joined, 3, "jack") == "Session led by hanna · 3 here"
    assert room.room_line(joined, 3, "hanna") == "Session led by you · 3 here"


def test_only_the_facilitator_moves_steps_and_runs_the_room(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    jack = person(workspace, "jack", session)
    assert room.refusal(session, "jack", "step") == (
        "hanna leads this session: only they can move the session to another step."
    )
    with pytest.raises(WorkspaceError, match="only they can move"):
        room.move_step(jack, session.id, "vision")
    with pytest.raises(WorkspaceError, match="only they can run the timer"):
        room.toggle_timer(jack, session.id, T0)
    with pytest.raises(WorkspaceError, match="only they can open or close voting"):
        rounds.open_voting(jack, session.id, 3, 2)
    with pytest.raises(WorkspaceError, match="only they can keep"):
        ws.keep_top(jack, session, 1)
    with pytest.raises(WorkspaceError, match="only they can commit"):
        ws.commit(jack, session)
    assert room.move_step(hanna, session.id, "vision").step == "vision"


def test_participants_look_back_never_ahead(session: Workshop) -> None:
    at_four = session.model_copy(update={"step": "objectives"})
    assert room.view_problem(at_four, "jack", "mission") == ""
    assert room.view_problem(at_four, "jack", "objectives") == ""
    assert "look back, not ahead" in room.view_problem(at_four, "jack", "key_results")
    assert room.view_problem(at_four, "hanna", "review") == ""


def test_handing_over_and_taking_over_a_gone_facilitator(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    jack = person(workspace, "jack", session)
    mia = person(workspace, "mia", session)
    with pytest.raises(WorkspaceError, match="only they can hand"):
        room.hand_over(jack, session.id, "jack")
    assert room.hand_over(hanna, session.id, "jack").facilitator == "jack"
    mia.refresh()
    # Jack is here: mia cannot take over.
    present = [here("jack", session.id)]
    with pytest.raises(WorkspaceError, match="jack is here and leads"):
        room.take_over(mia, session.id, present)
    # Jack's heartbeat is gone: she can.
    assert room.take_over(mia, session.id, []).facilitator == "mia"


# -- the shared timer -------------------------------------------------------------------------


def test_the_timer_is_stored_as_start_and_length_and_reads_the_same_anywhere(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    room.set_minutes(hanna, session.id, T0, 2)
    room.toggle_timer(hanna, session.id, T0)
    # Another person, or the same one after a restart, reads it from the file.
    jack = person(workspace, "jack", session)
    timer = room.timer_of(jack.get(Workshop, session.id))
    assert timer.at(T0 + timedelta(seconds=61)).label() == "00:59"
    paused = room.toggle_timer(hanna, session.id, T0 + timedelta(seconds=61))
    assert room.timer_of(paused).at(T0 + timedelta(hours=1)).label() == "00:59"
    assert room.timer_of(paused).at(T0).state() == "paused"


def test_setting_minutes_while_it_runs_counts_from_now() -> None:
    running = SharedTimer.fresh(10).start(T0)
    later = T0 + timedelta(minutes=10, seconds=5)
    assert running.at(later).label() == "-00:05"
    reset = running.set_minutes(later, 10)
    assert reset.at(later).label() == "10:00" and reset.running
    assert reset.at(later + timedelta(seconds=1)).label() == "09:59"


def test_a_step_change_keeps_a_running_timer_and_resets_a_stopped_one(
    hanna: Store, session: Workshop
) -> None:
    room.toggle_timer(hanna, session.id, T0)
    moved = room.move_step(hanna, session.id, "vision")
    assert room.timer_of(moved).at(T0 + timedelta(minutes=1)).label() == "09:00"
    room.toggle_timer(hanna, session.id, T0 + timedelta(minutes=1))
    moved = room.move_step(hanna, session.id, "objectives")
    assert room.timer_of(moved).at(T0).label() == "25:00"


# -- ready ------------------------------------------------------------------------------------


def test_ready_check_counts_names_the_missing_and_resets_on_a_step(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    jack = person(workspace, "jack", session)
    mia = person(workspace, "mia", session)
    workshop = room.toggle_ready(jack, session.id)
    everyone = ["hanna", "jack", "mia"]
    # The facilitator is the one who waits: she is not counted.
    assert room.ready_line(workshop, everyone, "jack") == "1 of 2 ready"
    assert room.ready_line(workshop, everyone, "hanna") == "1 of 2 ready · waiting for mia"
    workshop = room.toggle_ready(mia, session.id)
    assert room.ready_line(workshop, everyone, "hanna") == "2 of 2 ready"
    workshop = room.toggle_ready(mia, session.id)
    assert room.ready_line(workshop, everyone, "mia") == "1 of 2 ready"
    assert room.ready_line(workshop, ["hanna"], "hanna") == ""
    hanna.refresh()
    assert room.move_step(hanna, session.id, "vision").ready == []


# -- silent writing ---------------------------------------------------------------------------


def test_sealed_drafts_are_their_authors_until_the_reveal(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    room.move_step(hanna, session.id, "objectives")
    rounds.open_writing(hanna, session.id, anonymous=False)
    jack = person(workspace, "jack", session)
    mia = person(workspace, "mia", session)
    workshop = jack.get(Workshop, session.id)
    secret = rounds.write_candidate(jack, workshop, "Win the chefs")
    rounds.write_candidate(jack, workshop, "Open a shop")
    rounds.write_candidate(mia, workshop, "Tasting days")
    assert secret.sealed and secret.visibility == "private"
    assert can_see(secret, "jack") and not can_see(secret, "mia") and not can_see(secret, "")
    # Even the facilitator sees counts, not titles.
    hanna.refresh()
    assert ws.candidates(hanna, workshop) == []
    assert rounds.counts_line(rounds.writing_counts(hanna, workshop)) == "jack 2 · mia 1"
    with pytest.raises(WorkspaceError, match="reveal the drafts first"):
        ws.keep_top(hanna, workshop, 1)
    assert rounds.reveal(hanna, session.id) == 3
    mia.refresh()
    shown = {o.title: o for o in ws.candidates(mia, workshop)}
    assert set(shown) == {"Win the chefs", "Open a shop", "Tasting days"}
    assert shown["Win the chefs"].author == "jack" and shown["Win the chefs"].owner == ""
    assert not can_see(secret.model_copy(update={"owner": "mia"}), "mia")
    assert all(o.visibility == "public" and not o.sealed for o in shown.values())


def test_an_anonymous_round_reveals_without_authors(hanna: Store, session: Workshop) -> None:
    rounds.open_writing(hanna, session.id, anonymous=True)
    rounds.write_candidate(hanna, hanna.get(Workshop, session.id), "Win the chefs")
    rounds.reveal(hanna, session.id)
    (revealed,) = ws.candidates(hanna, session)
    assert revealed.author == "" and not revealed.sealed


# -- voting -----------------------------------------------------------------------------------


def test_dot_voting_with_a_budget_hidden_until_closed(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    a, b, c = (ws.add_candidate(hanna, session, t) for t in "ABC")
    jack = person(workspace, "jack", session)
    with pytest.raises(WorkspaceError, match="Voting is not open yet"):
        rounds.cast(jack, session.id, a.id, 1)
    rounds.open_voting(hanna, session.id, 3, 2)
    jack.refresh()
    assert rounds.cast(jack, session.id, a.id, 1) == 2
    assert rounds.cast(jack, session.id, a.id, 1) == 1
    with pytest.raises(WorkspaceError, match="At most 2 of your votes"):
        rounds.cast(jack, session.id, a.id, 1)
    assert rounds.cast(jack, session.id, b.id, 1) == 0
    with pytest.raises(WorkspaceError, match="used all 3 of your votes"):
        rounds.cast(jack, session.id, c.id, 1)
    assert rounds.cast(jack, session.id, b.id, -1) == 1
    rounds.cast(hanna, session.id, b.id, 1)
    # Until voting closes, the candidates show no counts.
    jack.refresh()
    assert {o.votes for o in ws.candidates(jack, session)} == {0}
    rounds.close_voting(hanna, session.id)
    votes = {o.title: o.votes for o in ws.candidates(hanna, session)}
    assert votes == {"A": 2, "B": 1, "C": 0}
    who = {(v.voter, v.objective_id, v.dots) for v in hanna.all(Vote) if v.dots}
    assert who == {("jack", a.id, 2), ("hanna", b.id, 1)}
    assert rounds.parse_budget("5 3") == (5, 3) and rounds.parse_budget("3") == (3, 2)
    with pytest.raises(ValueError, match="most on one"):
        rounds.parse_budget("2 4")


# -- editing together -------------------------------------------------------------------------


def test_undo_never_overwrites_a_later_change_by_someone_else(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    objective = ws.add_candidate(hanna, session, "Win the chefs")
    ws.rename_candidate(hanna, objective.id, "Win the best chefs")
    jack = person(workspace, "jack", session)
    ws.rename_candidate(jack, objective.id, "Win every chef")
    hanna.refresh()
    with pytest.raises(WorkspaceError, match=r"jack changed the objective .* since"):
        ws.undo_last(hanna, hanna.get(Workshop, session.id))
    assert hanna.get(Objective, objective.id).title == "Win every chef"


def test_undo_is_not_blocked_by_the_room_moving_on(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    ws.park_idea(hanna, session.id, "Later")
    room.move_step(hanna, session.id, "vision")
    jack = person(workspace, "jack", session)
    room.toggle_ready(jack, session.id)
    hanna.refresh()
    assert "parking lot" in ws.undo_last(hanna, hanna.get(Workshop, session.id))
    assert hanna.get(Workshop, session.id).step == "vision"


# -- presence and notes -----------------------------------------------------------------------


def test_presence_says_where_each_person_is(workspace: Path) -> None:
    from okr_tui import presence

    presence.beat(workspace, "jack", place=Place("workshop", "ws-1", 4, "writing"))
    presence.beat(workspace, "mia", place=Place("review"))
    jack, mia = presence.everyone(workspace)
    assert presence.where(jack) == "jack: step 4 · writing"
    assert presence.where(mia) == "mia: review"
    assert (
        room.editing(
            [here("jack", "ws-1")], Workshop(unit_id="u", period_id="p", id="ws-1"), "mission"
        )
        == ""
    )


def test_a_batch_by_someone_else_is_one_note(
    workspace: Path, hanna: Store, session: Workshop
) -> None:
    from okr_tui.conflicts import ConflictWatch

    jack = person(workspace, "jack", session)
    watch = ConflictWatch("jack")
    drafts = [rounds.write_candidate(jack, jack.get(Workshop, session.id), t) for t in "ABCD"]
    for draft in drafts:
        watch.remember(draft)
    hanna.refresh()
    ws.keep_top(hanna, hanna.get(Workshop, session.id), 1)
    jack.refresh()
    assert watch.check(jack) == [
        "hanna changed 3 objectives you edited at once (workshop: keep the top 1) at "
        + fixed_clock().astimezone().strftime("%H:%M")
    ]
