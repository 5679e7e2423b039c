"""The workshop's session logic and its timebox, without a screen."""

from __future__ import annotations

import pathlib
from datetime import date

import pytest

from okr_tui import workshop as ws
from okr_tui.models import Charter, Event, KeyResult, Objective, Unit, Workshop
from okr_tui.store import Store, WorkspaceError
from okr_tui.timebox import parse_minutes

PERIOD = "2026-Q4"


@pytest.fixture
def teebee(store: Store) -> Unit:
    return store.add(Unit(name="TeeBee", kind="company"))


@pytest.fixture
def session(store: Store, teebee: Unit) -> Workshop:
    return ws.start_or_resume(store, teebee.id, PERIOD)


def add_all(store: Store, session: Workshop, *titles: str) -> list[Objective]:
    return [ws.add_candidate(store, session, t) for t in titles]


# -- the session -------------------------------------------------------------------------


def test_start_creates_period_and_resume_finds_the_same_workshop(
    store: Store, teebee: Unit, workspace
) -> None:
    first = ws.start_or_resume(store, teebee.id, PERIOD)
    assert first.step == "mission" and first.facilitator == "ann"
    assert first.participants == ["ann"]
    ws.set_step(store, first.id, "objectives")
    other = Store(workspace, "bob")
    again = ws.start_or_resume(other, teebee.id, PERIOD)
    assert again.id == first.id
    assert again.step == "objectives"
    assert again.participants == ["ann", "bob"]
    assert store.find(type(store.periods()[0]), PERIOD) is not None


def test_start_for_a_missing_unit_is_a_clear_error(store: Store) -> None:
    with pytest.raises(WorkspaceError, match="no unit"):
        ws.start_or_resume(store, "un-none", PERIOD)


def test_next_step_stays_within_the_steps() -> None:
    assert ws.next_step("mission", 1) == "vision"
    assert ws.next_step("mission", -1) == "mission"
    assert ws.next_step("review", 1) == "review"
    assert [s.number for s in ws.STEPS] == [1, 2, 3, 4, 5, 6, 7]


def test_charter_lines_are_saved_one_at_a_time(store: Store, teebee: Unit) -> None:
    ws.set_charter(store, teebee.id, "mission", "Let tea lovers mix tea well.")
    ws.set_charter(store, teebee.id, "vision", "Good tea in most areas.")
    charter = ws.charter_of(store, teebee.id)
    assert charter is not None
    assert (charter.mission, charter.vision, charter.strategy) == (
        "Let tea lovers mix tea well.",
        "Good tea in most areas.",
        "",
    )
    assert len(store.all(Charter)) == 1
    with pytest.raises(WorkspaceError):
        ws.set_charter(store, teebee.id, "slogan", "x")


# -- candidates and voting ---------------------------------------------------------------


def test_capture_votes_and_keep_the_top_parks_the_rest(store: Store, session: Workshop) -> None:
    a, b, c, d = add_all(store, session, "Prove value", "Optimise ordering", "Hire", "Party")
    assert [o.order for o in (a, b, c, d)] == [0, 1, 2, 3]
    for objective, votes in ((a, 5), (b, 4), (c, 1)):
        for _ in range(votes):
            ws.vote(store, objective.id, +1)
    ws.vote(store, d.id, -1)
    assert store.get(Objective, d.id).votes == 0
    kept, parked = ws.keep_top(store, session, 2)
    assert [o.title for o in kept] == ["Prove value", "Optimise ordering"]
    assert {o.title for o in parked} == {"Hire", "Party"}
    assert all(o.status == "parked" for o in parked)
    assert [o.title for o in ws.chosen(store, session)] == ["Prove value", "Optimise ordering"]
    # Parked objectives are out of the period's objectives but kept for the minutes.
    assert len(store.objectives(unit_id=session.unit_id, period_id=PERIOD)) == 2
    ws.toggle_parked(store, c.id)
    assert store.get(Objective, c.id).status == "draft"


def test_suggested_keep_is_three_to_five(store: Store, session: Workshop) -> None:
    objectives = add_all(store, session, *[f"Idea {n}" for n in range(8)])
    assert ws.suggested_keep(store, session) == 3
    for objective in objectives[:7]:
        ws.vote(store, objective.id, 1)
    assert ws.suggested_keep(store, session) == 5


def test_ties_keep_the_teams_order(store: Store, session: Workshop) -> None:
    *_, c = add_all(store, session, "A", "B", "C")
    ws.vote(store, c.id, 1)
    kept, _ = ws.keep_top(store, session, 2)
    assert [o.title for o in kept] == ["C", "A"]


def test_reorder_kind_track_rename_delete(store: Store, session: Workshop) -> None:
    a, b, c = add_all(store, session, "A", "B", "C")
    ws.move(store, session, c.id, -1)
    assert [o.title for o in ws.candidates(store, session)] == ["A", "C", "B"]
    ws.move(store, session, a.id, -1)  # already first: nothing moves
    assert [o.title for o in ws.candidates(store, session)] == ["A", "C", "B"]
    assert ws.toggle_kind(store, a.id).kind == "committed"
    assert ws.toggle_track(store, a.id).track == "team-building"
    assert ws.rename_candidate(store, a.id, "  A   better ").title == "A better"
    store.add(KeyResult(objective_id=b.id, title="kr"))
    ws.delete_candidate(store, b.id)
    assert store.find(Objective, b.id) is None
    assert store.key_results(b.id) == []
    with pytest.raises(WorkspaceError, match="type the objective"):
        ws.add_candidate(store, session, "   ")


def test_parking_lot_ideas(store: Store, session: Workshop) -> None:
    ws.park_idea(store, session.id, "A tea tasting day")
    ws.park_idea(store, session.id, "[bold]literal[/]")
    assert store.get(Workshop, session.id).parking_lot == ["A tea tasting day", "[bold]literal[/]"]
    ws.remove_idea(store, session.id, 0)
    assert store.get(Workshop, session.id).parking_lot == ["[bold]literal[/]"]
    with pytest.raises(WorkspaceError):
        ws.park_idea(store, session.id, "  ")


# -- key results -------------------------------------------------------------------------


def test_kr_form_reads_numbers_as_people_write_them() -> None:
    values, errors = ws.read_key_result(
        {"title": "Renewal rate reaches 70%", "baseline": "40%", "target": "70%"}
    )
    assert errors == {}
    assert values["baseline"] == 40 and values["target"] == 70 and values["measure"] == "%"
    assert values["direction"] == "up" and values["indicator"] == "result"
    values, errors = ws.read_key_result(
        {"title": "Volume", "target": "¥250,000", "due": "2026-12-31"}
    )
    assert values["target"] == 250_000 and values["measure"] == "¥"
    assert values["due"] == date(2026, 12, 31)
    values, _ = ws.read_key_result({"title": "Satisfaction", "baseline": "5/10", "target": "8/10"})
    assert (values["target"], values["measure"]) == (8, "/10")
    values, _ = ws.read_key_result({"title": "Phone support", "baseline": "100%", "target": "50%"})
    assert values["direction"] == "down"


def test_kr_form_unreadable_values_are_named_and_not_saved(store: Store, session: Workshop) -> None:
    (objective,) = add_all(store, session, "Prove value")
    fields = {"title": "", "target": "lots", "due": "next week", "indicator": "vibes"}
    _, errors = ws.read_key_result(fields)
    assert set(errors) == {"title", "target", "due", "indicator"}
    assert "not a number" in errors["target"]
    with pytest.raises(ws.FormError) as caught:
        ws.save_key_result(store, objective.id, fields)
    assert "target" in caught.value.errors
    assert store.key_results(objective.id) == []


def test_save_and_edit_a_key_result(store: Store, session: Workshop) -> None:
    (objective,) = add_all(store, session, "Prove value")
    kr = ws.save_key_result(
        store, objective.id, {"title": "Transactions", "target": "250,000", "measure": "yuan"}
    )
    assert (kr.target, kr.measure, kr.order) == (250_000, "yuan", 0)
    form = ws.kr_form(kr)
    assert form["target"] == "250000"
    form["target"] = "300k"
    changed = ws.save_key_result(store, objective.id, form, kr_id=kr.id)
    assert changed.id == kr.id and changed.target == 300_000
    ws.delete_key_result(store, kr.id)
    assert store.key_results(objective.id) == []


# -- alignment ---------------------------------------------------------------------------


def test_parent_support_and_owner(store: Store, teebee: Unit) -> None:
    sales = store.add(Unit(name="Sales", kind="business", parent_id=teebee.id))
    ued = store.add(Unit(name="UED", kind="support", parent_id=teebee.id))
    top = store.add(Objective(unit_id=teebee.id, period_id=PERIOD, title="Prove value"))
    repurchase = store.add(Objective(unit_id=sales.id, period_id=PERIOD, title="Repurchase"))
    session = ws.start_or_resume(store, ued.id, PERIOD)
    (mine,) = add_all(store, session, "Repurchase model")
    assert [o.title for o in ws.parent_options(store, session)] == ["Prove value"]
    assert {o.title for o in ws.support_options(store, session)} == {"Prove value", "Repurchase"}
    ws.set_parent(store, mine.id, top.id)
    ws.toggle_support(store, mine.id, repurchase.id)
    ws.set_owner(store, mine.id, "jack")
    saved = store.get(Objective, mine.id)
    assert (saved.parent_id, saved.supports, saved.owner) == (top.id, [repurchase.id], "jack")
    assert store.person("jack") is not None
    ws.toggle_support(store, mine.id, repurchase.id)
    ws.set_parent(store, mine.id, None)
    saved = store.get(Objective, mine.id)
    assert (saved.parent_id, saved.supports) == (None, [])
    with pytest.raises(WorkspaceError, match="one login"):
        ws.set_owner(store, mine.id, "jack smith")


# -- undo --------------------------------------------------------------------------------


def test_undo_walks_back_one_edit_at_a_time(store: Store, session: Workshop) -> None:
    ws.set_charter(store, session.unit_id, "mission", "Let tea lovers mix tea well.")
    (objective,) = add_all(store, session, "Prove value")
    ws.vote(store, objective.id, 1)
    ws.set_step(store, session.id, "objectives")  # navigation is not an edit
    assert "changing objective" in ws.undo_last(store, session)
    assert store.get(Objective, objective.id).votes == 0
    assert store.get(Workshop, session.id).step == "objectives"
    assert "adding objective" in ws.undo_last(store, session)
    assert store.find(Objective, objective.id) is None
    ws.undo_last(store, session)
    charter = ws.charter_of(store, session.unit_id)
    assert charter is None
    with pytest.raises(WorkspaceError, match="nothing to undo"):
        ws.undo_last(store, session)


def test_undo_restores_a_deleted_candidate_with_its_key_results(
    store: Store, session: Workshop
) -> None:
    (objective,) = add_all(store, session, "Prove value")
    kr = ws.save_key_result(store, objective.id, {"title": "Renewal", "target": "70%"})
    ws.delete_candidate(store, objective.id)
    ws.undo_last(store, session)
    assert store.get(Objective, objective.id).title == "Prove value"
    assert store.get(KeyResult, kr.id).target == 70


def test_undo_a_batch_and_leave_others_edits_alone(
    store: Store, session: Workshop, workspace
) -> None:
    *_, c = add_all(store, session, "A", "B", "C")
    ws.vote(store, c.id, 2)
    ws.keep_top(store, session, 1)
    bob = Store(workspace, "bob")
    ws.park_idea(bob, session.id, "Bob's idea")
    store.refresh()
    ws.undo_last(store, session)
    assert {o.status for o in ws.candidates(store, session)} == {"draft"}
    assert store.get(Workshop, session.id).parking_lot == ["Bob's idea"]


def test_undo_of_a_parking_lot_idea(store: Store, session: Workshop) -> None:
    ws.park_idea(store, session.id, "Later")
    assert "parking lot" in ws.undo_last(store, session)
    assert store.get(Workshop, session.id).parking_lot == []


# -- commit and minutes ------------------------------------------------------------------


def test_commit_records_events_and_writes_the_minutes(store: Store, session: Workshop) -> None:
    ws.set_charter(store, session.unit_id, "mission", "Let tea lovers mix tea well.")
    a, b, c = add_all(store, session, "Prove value", "Optimise ordering", "Hire *fast*")
    ws.vote(store, a.id, 3)
    ws.vote(store, b.id, 2)
    ws.keep_top(store, session, 2)
    ws.save_key_result(store, a.id, {"title": "Renewal", "baseline": "40%", "target": "70%"})
    ws.park_idea(store, session.id, "Tea tasting day")
    done, path = ws.commit(store, store.get(Workshop, session.id))
    assert done.status == "committed"
    assert store.get(Objective, a.id).status == "committed"
    assert store.get(Objective, c.id).status == "parked"
    commits = [e for e in store.events(a.id) if e.after and e.after.get("status") == "committed"]
    assert len(commits) == 1 and commits[0].reason == "workshop: commit"
    text = path.read_text(encoding="utf-8")
    assert text == done.minutes_markdown
    assert path.parent == store.path.parent and path.name.endswith("-teebee-2026-Q4.md")
    assert "Let tea lovers mix tea well." in text
    assert "### O1. Prove value" in text
    assert "1. Renewal: 40% → 70%" in text
    assert "- 3 · Prove value (kept)" in text
    assert "Hire \\*fast\\* (objective, parked)" in text
    assert "- Tea tasting day" in text
    assert "## Who took part\n\nann" in text


def test_commit_with_nothing_is_refused(store: Store, session: Workshop) -> None:
    with pytest.raises(WorkspaceError, match="nothing to commit"):
        ws.commit(store, session)


def test_minutes_hide_others_private_objectives(store: Store, session: Workshop, workspace) -> None:
    store.add(
        Objective(
            unit_id=session.unit_id,
            period_id=PERIOD,
            title="Secret plan",
            owner="bob",
            visibility="private",
        )
    )
    add_all(store, session, "Open plan")
    text = ws.minutes_markdown(store, session)
    assert "Secret plan" not in text and "1 private objective" in text
    assert [o.title for o in ws.candidates(store, session)] == ["Open plan"]


def test_every_write_is_an_event(store: Store, session: Workshop) -> None:
    before = len(store.all(Event))
    (objective,) = add_all(store, session, "Prove value")
    ws.vote(store, objective.id, 1)
    assert len(store.all(Event)) == before + 2


# -- the timebox -------------------------------------------------------------------------


def test_parse_minutes() -> None:
    assert parse_minutes("10") == 10
    assert parse_minutes("7.5 min") == 7.5
    assert parse_minutes("90s") == 1.5
    assert parse_minutes("1:30") == 1.5
    with pytest.raises(ValueError, match="not a number of minutes"):
        parse_minutes("soon")
    with pytest.raises(ValueError):
        parse_minutes("0")


# -- coach hints, never blockers -----------------------------------------------------------


def test_live_hints_while_typing_a_title() -> None:
    (tip,) = ws.text_tips("Reach 250,000 yuan in sales")
    assert "250,000" in tip.message and tip.severity == "warning"
    assert ws.text_tips("Prove the value of our tea to restaurants") == []
    assert ws.text_tips("   ") == []


def test_kr_form_hints_come_from_the_kr_it_would_make(store: Store, session: Workshop) -> None:
    (objective,) = add_all(store, session, "Prove value")
    unmeasurable = ws.kr_tips(objective, {"title": "Make the system a success"})
    assert any(t.severity == "error" for t in unmeasurable)
    assert not any(
        t.severity == "error"
        for t in ws.kr_tips(objective, {"title": "Renewal reaches 70%", "target": "70%"})
    )
    # An unreadable form gives title hints only, and never raises.
    ws.kr_tips(objective, {"title": "x", "target": "lots"})


def test_review_lists_every_hint_and_commit_is_not_blocked(store: Store, session: Workshop) -> None:
    (objective,) = add_all(store, session, "Prove value")
    # The form no longer saves a KR without a target; a workspace may still hold one.
    store.add(KeyResult(objective_id=objective.id, title="Make it a success"))
    tips = ws.review_tips(store, session)
    wheres = {t.where for t in tips}
    assert {"the set", "O1", "O1 KR1"} <= wheres
    done, _ = ws.commit(store, session)
    assert done.status == "committed"


def test_the_first_team_names_an_unnamed_organisation(tmp_path: pathlib.Path) -> None:
    store = Store(tmp_path / "new.json", "ann")
    assert store.meta.org == ws.PLACEHOLDER_ORG
    team = ws.create_team(store, "  Tee   Bee ")
    assert team.name == "Tee Bee" and team.kind == "company"
    assert Store(tmp_path / "new.json", "bob").meta.org == "Tee Bee"
    ws.create_team(store, "Second")
    assert store.meta.org == "Tee Bee"
