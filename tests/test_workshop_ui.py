"""The workshop screen, driven by keyboard through the real app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from okr_tui import workshop as core
from okr_tui.app import OkrApp
from okr_tui.models import Charter, KeyResult, Objective, Unit, Workshop
from okr_tui.store import Store
from screens.workshop import WorkshopScreen
from tests.conftest import TODAY, fixed_clock

PERIOD = "2026-Q4"
MISSION = "Let tea lovers mix tea well."
VISION = "Good tea can be enjoyed in high-end restaurants or cafes in most areas."
STRATEGY = "Sell high-quality bulk tea to high-end restaurants or coffee shops."
O1 = "Prove our tea's value to restaurants"
O2 = "Optimise the online order system"
O3 = "Open a tea shop"


class FakeClock:
    """The wall clock the shared timer is read with, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def typed(text: str) -> list[str]:
    return list(text)


def make_app(store: Store, **kwargs: object) -> OkrApp:
    return OkrApp(
        store, today=TODAY, watch_file=False, start_screen="workshop", start_kwargs=kwargs
    )


def screen_of(app: OkrApp) -> WorkshopScreen:
    for screen in app.screen_stack:
        if isinstance(screen, WorkshopScreen):
            return screen
    raise AssertionError("no workshop screen")


async def test_the_whole_teebee_workshop_by_keyboard(workspace: Path) -> None:
    store = Store(workspace, "hanna", clock=fixed_clock)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # An empty workspace: the app asks for the team's name, then step 1.
        await pilot.press(*typed("TeeBee"), "enter")
        await pilot.pause()
        screen = screen_of(app)
        assert screen.step_key == "mission"
        await pilot.press(*typed(MISSION), "enter")
        await pilot.press(*typed(VISION), "enter")
        await pilot.press(*typed(STRATEGY), "enter")
        await pilot.pause()
        assert screen.step_key == "objectives"
        # Fast capture: type, enter, next.
        await pilot.press(*typed(O1), "enter", *typed(O2), "enter", *typed(O3), "enter")
        # A parking-lot idea from anywhere.
        await pilot.press("ctrl+l", *typed("A tea tasting day"), "enter")
        # Dot voting on the list, 5 dots each and at most 3 on one: 3 for O1, 2 for O2
        # (committed), none for O3; ^g opens voting and closes it.
        await pilot.press("down", "home", "ctrl+g", "ctrl+u", *typed("5 3"), "enter")
        await pilot.pause()
        await pilot.press("+", "+", "+", "down", "+", "plus", "k")
        await pilot.press("down", "-", "ctrl+g")
        await pilot.pause()
        # Keep the top 2: the rest goes to the parking lot.
        await pilot.press("s", "backspace", "2", "enter")
        await pilot.pause()
        listing = screen.query_one("#cand-list", OptionList)
        assert listing.option_count == 3
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.step_key == "key_results"
        # O1: two KRs, one with an unreadable number first.
        await pilot.press("a", *typed("Renewal rate reaches 70%"))
        await pilot.press("tab", *typed("40%"), "tab", *typed("70%"), "enter")
        await pilot.pause()
        await pilot.press("a", *typed("Transaction amount"), "tab", "tab", *typed("lots"), "enter")
        await pilot.pause()
        form = app.screen
        error = form.query_one("#kr-target-error", Static)
        assert "not a number" in str(error.render())
        assert len(store.all(KeyResult)) == 1
        await pilot.press("ctrl+u", *typed("250,000 yuan"), "enter")
        await pilot.pause()
        # O2: one KR with a score out of ten.
        await pilot.press("down", "a", *typed("System satisfaction"), "tab", "tab")
        await pilot.press(*typed("8/10"), "tab", "tab", "tab", *typed("2026-12-31"), "enter")
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.step_key == "alignment"
        await pilot.press("o", *typed("hanna"), "enter", "down", "o", *typed("jack"), "enter")
        await pilot.press("p", "enter")
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.step_key == "review"
        await pilot.press("c", "y")
        await pilot.pause()
        await pilot.pause()

    saved = Store(workspace, "someone")
    (unit,) = saved.units()
    assert (unit.name, unit.kind) == ("TeeBee", "company")
    (charter,) = saved.all(Charter)
    assert (charter.mission, charter.vision, charter.strategy) == (MISSION, VISION, STRATEGY)
    objectives = {o.title: o for o in saved.all(Objective)}
    assert set(objectives) == {O1, O2, O3}
    assert [objectives[t].votes for t in (O1, O2, O3)] == [3, 2, 0]
    assert [objectives[t].status for t in (O1, O2, O3)] == ["committed", "committed", "parked"]
    assert objectives[O2].kind == "committed" and objectives[O1].kind == "aspirational"
    assert (objectives[O1].owner, objectives[O2].owner) == ("hanna", "jack")
    assert objectives[O1].parent_id is None and objectives[O1].unit_id == unit.id
    krs = {k.title: k for k in saved.all(KeyResult)}
    assert set(krs) == {
        "Renewal rate reaches 70%",
        "Transaction amount",
        "System satisfaction",
    }
    renewal = krs["Renewal rate reaches 70%"]
    assert (renewal.baseline, renewal.target, renewal.measure) == (40, 70, "%")
    assert renewal.objective_id == objectives[O1].id
    amount = krs["Transaction amount"]
    assert (amount.target, amount.measure) == (250_000, "yuan")
    satisfaction = krs["System satisfaction"]
    assert (satisfaction.target, satisfaction.measure) == (8, "/10")
    assert satisfaction.due is not None and satisfaction.due.isoformat() == "2026-12-31"
    assert satisfaction.objective_id == objectives[O2].id
    (workshop,) = saved.all(Workshop)
    assert workshop.status == "committed" and workshop.step == "review"
    assert workshop.parking_lot == ["A tea tasting day"]
    assert workshop.participants == ["hanna"]
    commits = [
        e
        for e in saved.events()
        if e.table == "objectives" and e.after and e.after.get("status") == "committed"
    ]
    assert {e.record_id for e in commits} == {objectives[O1].id, objectives[O2].id}
    assert all(e.who == "hanna" and e.reason == "workshop: commit" for e in commits)
    minutes = core.minutes_path(saved, workshop)
    assert minutes.read_text(encoding="utf-8") == workshop.minutes_markdown
    assert "A tea tasting day" in workshop.minutes_markdown


def seeded(store: Store, step: str = "objectives") -> Workshop:
    unit = store.add(Unit(id="un-teeb", name="TeeBee", kind="company"))
    workshop = core.start_or_resume(store, unit.id, PERIOD)
    return core.set_step(store, workshop.id, step)


async def test_resume_after_a_restart_at_the_same_step(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store, "mission")
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*typed(MISSION), "enter")
        await pilot.press(*typed("Half a vision"))
        # Typing stops: the draft is saved without leaving the step (after SAVE_AFTER; a
        # busy machine may take longer, so wait for it rather than for a fixed time).
        for _ in range(100):
            await pilot.pause(0.1)
            charter = core.charter_of(Store(workspace, "x"), "un-teeb")
            if charter is not None and charter.vision == "Half a vision":
                break
    again = Store(workspace, "ann", clock=fixed_clock)
    app = make_app(again)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert screen.step_key == "vision"
        area = screen.query_one("#charter-vision")
        assert area.text == "Half a vision"  # type: ignore[attr-defined]
        charter = core.charter_of(again, "un-teeb")
        assert charter is not None and charter.mission == MISSION


async def test_dot_voting_and_parking_a_candidate(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    workshop = seeded(store)
    for title in ("A", "B", "C"):
        core.add_candidate(store, workshop, title)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "home", "ctrl+g", "enter")
        await pilot.pause()
        await pilot.press("+", "+", "down", "+", "-", "-", "down", "p", "ctrl+g")
        await pilot.pause()
    votes = {o.title: (o.votes, o.status) for o in Store(workspace).all(Objective)}
    assert votes == {"A": (2, "draft"), "B": (0, "draft"), "C": (0, "parked")}


async def test_parking_lot_from_any_step_shows_in_the_side_panel(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store, "vision")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l", *typed("[bold]Tea[/] 茶会"), "enter")
        await pilot.pause()
        panel = screen_of(app).query_one("#ws-parking", Static)
        assert "[bold]Tea[/] 茶会" in str(panel.render())
        await pilot.press("ctrl+l", "enter")  # empty: a message, the dialog stays
        await pilot.pause()
        assert "type the idea first" in str(app.screen.query_one(".dialog-error").render())
        await pilot.press("escape")
    (workshop,) = Store(workspace).all(Workshop)
    assert workshop.parking_lot == ["[bold]Tea[/] 茶会"]


async def test_undo_the_last_edit(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*typed("Keep me"), "enter", *typed("Oops"), "enter")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        listing = screen_of(app).query_one("#cand-list", OptionList)
        assert listing.option_count == 1
    assert [o.title for o in Store(workspace).all(Objective)] == ["Keep me"]


async def test_timer_counts_down_with_a_fake_clock_and_alerts_at_zero(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store, "mission")
    clock = FakeClock()
    app = make_app(store, clock=clock)
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    told: list[str] = []
    notify = app.notify

    def spy(message: str, **kwargs: object) -> None:
        told.append(message)
        notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = spy  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        await pilot.press("f8", "ctrl+u", "2", "enter", "f6")
        await pilot.pause()
        clock.advance(61)
        screen.tick()
        assert screen.timebox().label() == "00:59"  # type: ignore[union-attr]
        await pilot.press("f6")  # pause
        await pilot.pause()
        clock.advance(500)
        screen.tick()
        assert screen.timebox().label() == "00:59"  # type: ignore[union-attr]
        await pilot.press("f6")
        await pilot.pause()
        clock.advance(59)
        screen.tick()
        assert bells == [1]
        assert any("Time is up for Mission" in message for message in told)
        await pilot.press("f7")
        await pilot.pause()
        assert screen.timebox().label() == "01:00"  # type: ignore[union-attr]
    (workshop,) = Store(workspace).all(Workshop)
    assert workshop.timebox_minutes == {"mission": 2.0}


async def test_unreadable_minutes_keep_the_dialog_open(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store, "mission")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f8", "ctrl+u", *typed("soon"), "enter")
        await pilot.pause()
        assert "not a number of minutes" in str(app.screen.query_one(".dialog-error").render())


async def test_presenter_mode_hides_the_chrome(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    workshop = seeded(store)
    core.add_candidate(store, workshop, "[red]Literal[/red] 好茶")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        await pilot.press("f5")
        await pilot.pause()
        assert not screen.query_one("#ws-body").display
        assert screen.query_one("#ws-presenter").display
        body = str(screen.query_one("#pr-body", Static).render())
        assert "[red]Literal[/red] 好茶" in body
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#ws-body").display


async def test_a_step_can_be_revisited_from_the_sidebar(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store, "review")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        screen.query_one("#ws-steps", OptionList).focus()
        await pilot.press("home", "down", "enter")
        await pilot.pause()
        assert screen.step_key == "vision"
        assert isinstance(app.focused, type(screen.query_one("#charter-vision")))
        await pilot.press("pageup", "pageup")
        assert screen.step_key == "mission"
    assert Store(workspace).all(Workshop)[0].step == "mission"


async def test_capture_ignores_an_empty_line(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space", "enter")
        await pilot.pause()
        assert screen_of(app).query_one("#cand-input", Input).value == " "
    assert Store(workspace).all(Objective) == []


async def test_a_save_between_two_words_keeps_the_space_typed(workspace: Path) -> None:
    """The pause after "mix " saves the mission; the space must survive the redraw it brings."""
    from screens.workshop.charter import CharterStep

    store = Store(workspace, "hanna", clock=fixed_clock)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*typed("TeeBee"), "enter")
        await pilot.pause()
        step = screen_of(app).query_one("#step-mission", CharterStep)
        await pilot.press(*typed("Let tea lovers mix "))
        await step.save()  # what the pause in typing does
        step.refresh_data()  # what the change notice of that save does
        await pilot.press(*typed("tea well."))
        assert step.area.text == "Let tea lovers mix tea well."


async def test_step_4_down_starts_at_the_top_and_esc_leaves(workspace: Path) -> None:
    from screens.workshop.objectives import CandidateList

    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*typed("First idea"), "enter", *typed("Second idea"), "enter")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        listing = screen_of(app).query_one(CandidateList)
        assert app.focused is listing and listing.highlighted == 0
        screens = len(app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == screens - 1  # left the workshop, focus did not just move


def test_a_vote_on_a_committed_candidate_says_why_not(workspace: Path) -> None:
    from okr_tui.models import Objective
    from okr_tui.workshop import rounds

    store = Store(workspace, "ann", clock=fixed_clock)
    workshop = seeded(store)
    objective = core.add_candidate(store, workshop, "Already agreed")
    store.update(Objective, objective.id, status="committed", reason="agreed")
    workshop = store.get(Workshop, workshop.id).model_copy(update={"voting": "open"})
    assert "committed already" in rounds.vote_problem(store, workshop, "ann", objective.id, 1)


async def test_esc_on_a_filled_in_key_result_form_asks_first(workspace: Path) -> None:
    from screens.leave_dialog import LeaveUnsaved
    from screens.workshop.key_results import KeyResultForm

    store = Store(workspace, "ann", clock=fixed_clock)
    workshop = seeded(store, "key_results")
    objective = core.add_candidate(store, workshop, "Prove our tea")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, KeyResultForm)
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, KeyResultForm | LeaveUnsaved)
        await pilot.press("a", *typed("Renewal rate reaches 70%"), "escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveUnsaved)
        await pilot.press("n")  # stay: the typing is still there
        await pilot.pause()
        assert isinstance(app.screen, KeyResultForm)
        assert app.screen.fields()["title"] == "Renewal rate reaches 70%"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(app.screen, KeyResultForm | LeaveUnsaved)
    assert store.key_results(objective.id) == []


async def test_a_candidate_pasted_past_the_title_limit_is_cut_with_a_word(workspace: Path) -> None:
    from textual import events
    from textual.widgets import Input

    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store)
    said: list[str] = []
    app = make_app(store)
    app.notify = lambda message, *a, **k: said.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field = screen_of(app).query_one("#cand-input", Input)
        field.post_message(events.Paste("Win\nthe cafés " + "x" * 400))
        await pilot.pause()
        assert field.value.startswith("Win the cafés ") and len(field.value) == 300
        assert any("at most 300 characters" in message for message in said)
