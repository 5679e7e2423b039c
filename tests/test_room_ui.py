"""The room with three real apps on one workspace: hanna facilitates, jack and mia take part.

Each app has its own store and user, as three people at their own seats would.
They notice each other's writes when the test calls the poll (`sync`), never by
waiting on a timer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.widgets import OptionList, Static

from okr_tui import presence
from okr_tui import workshop as core
from okr_tui.app import OkrApp
from okr_tui.models import Charter, Objective, Unit, Vote, Workshop
from okr_tui.store import Store
from screens.workshop import WorkshopScreen
from tests.conftest import TODAY, fixed_clock, settle

PERIOD = "2026-Q4"
UNIT = "un-teeb"
O1 = "Prove our tea's value to restaurants"
O2 = "Optimise the online order system"
O3 = "Open a tea shop"
O4 = "Win the chefs of the city"


class Clock:
    """The wall clock every screen reads the shared timer with, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class NotedApp(OkrApp):
    """The app, keeping every toast's text for the test to read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.said: list[str] = []

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.said.append(message)
        super().notify(message, *args, **kwargs)


def seed(workspace: Path, step: str = "strategy") -> None:
    """TeeBee with its charter written; hanna started the workshop and is at `step`."""
    store = Store(workspace, "hanna", clock=fixed_clock)
    with store.transaction():
        store.ensure_period(PERIOD)
        store.add(Unit(id=UNIT, name="TeeBee", kind="company"))
        store.add(Charter(unit_id=UNIT, mission="Let tea lovers mix tea well."))
        for login in ("hanna", "jack", "mia"):
            store.ensure_person(login)
    workshop = core.start_or_resume(store, UNIT, PERIOD)
    core.room.move_step(store, workshop.id, step)


def app_for(workspace: Path, user: str, clock: Clock) -> NotedApp:
    return NotedApp(
        Store(workspace, user, clock=fixed_clock),
        today=TODAY,
        watch_file=False,
        start_screen="workshop",
        start_kwargs={"unit_id": UNIT, "period_id": PERIOD, "clock": clock},
    )


Room = list[tuple[NotedApp, Any]]


async def sync(room: Room) -> None:
    """Every app notices the others' writes and who is where, as its poll would.

    Each is called as its own timer would call it: with itself as the active app
    (three apps share this test's context, where `app` means the last one started).
    """
    for _ in range(2):  # the first round writes heartbeats, the second reads them
        for app, _pilot in room:
            with app._context():
                await app.poll_workspace()
                await app.update_presence()
        for app, pilot in room:
            await settle(app, pilot)


def screen_of(app: OkrApp) -> WorkshopScreen:
    for screen in app.screen_stack:
        if isinstance(screen, WorkshopScreen):
            return screen
    raise AssertionError("no workshop screen")


def room_line(app: OkrApp) -> str:
    return str(screen_of(app).query_one("#ws-room", Static).render())


def titles(app: OkrApp) -> list[str]:
    listing = screen_of(app).query_one("#cand-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def steps(room: Room) -> list[str]:
    return [screen_of(app).step_key for app, _ in room]


async def press(room: Room, who: int, *keys: str) -> None:
    app, pilot = room[who]
    await pilot.press(*keys)
    await settle(app, pilot)


async def test_three_people_run_the_teebee_workshop_together(workspace: Path) -> None:
    seed(workspace)
    clock = Clock()
    hanna, jack, mia = (app_for(workspace, u, clock) for u in ("hanna", "jack", "mia"))
    size = (120, 40)
    async with (
        hanna.run_test(size=size) as hp,
        jack.run_test(size=size) as jp,
        mia.run_test(size=size) as mp,
    ):
        room: Room = [(hanna, hp), (jack, jp), (mia, mp)]
        for app, _ in room:
            assert app.heartbeat is not None
            app.heartbeat.start()
        await sync(room)
        H, J, M = 0, 1, 2
        # Jack and mia joined hanna's session at her step.
        assert steps(room) == ["strategy"] * 3
        assert "Session led by hanna · 3 here" in room_line(jack)
        assert "Session led by you · 3 here" in room_line(hanna)
        people = str(screen_of(hanna).query_one("#ws-people", Static).render())
        assert "jack: step 3" in people and "mia: step 3" in people

        # A participant cannot move the session; the facilitator moves everyone, no toasts.
        await press(room, J, "pagedown")
        assert screen_of(jack).step_key == "strategy"
        assert "look back, not ahead" in jack.said[-1]
        told = [len(app.said) for app, _ in room]
        await press(room, H, "pagedown")
        await sync(room)
        assert steps(room) == ["objectives"] * 3
        assert [len(app.said) for app, _ in room] == told
        # Jack looks back, and one key takes him to hanna's step again.
        await press(room, J, "pageup")
        assert screen_of(jack).step_key == "strategy"
        assert "Looking back" in room_line(jack)
        await press(room, J, "f9")
        assert screen_of(jack).step_key == "objectives"

        # Silent writing, with authors: each sees only their own drafts, and everyone's counts.
        await press(room, M, "ctrl+o")
        assert "only they can open a writing round" in mia.said[-1]
        await press(room, H, "ctrl+o", "enter")
        await sync(room)
        await press(room, H, *O1, "enter")
        await press(room, J, *O2, "enter", *O4, "enter")
        await press(room, M, *O3, "enter")
        await sync(room)
        assert len(titles(jack)) == 2 and all("sealed" in t for t in titles(jack))
        assert len(titles(hanna)) == 1 and O1 in titles(hanna)[0]
        assert "hanna 1 · jack 2 · mia 1" in room_line(mia)
        outsider = Store(workspace, "bob")
        assert core.candidates(outsider, outsider.all(Workshop)[0]) == []
        await press(room, M, "ctrl+r")
        assert "only they can reveal" in mia.said[-1]
        told = [len(app.said) for app, _ in room]
        await press(room, H, "ctrl+r")
        await sync(room)
        # The reveal shows on every screen; nobody is told their draft was changed.
        assert [len(app.said) for app, _ in room][1:] == told[1:]
        for app, _ in room:
            shown = titles(app)
            assert len(shown) == 4 and not any("sealed" in t for t in shown)
        assert "by jack" in " ".join(titles(mia))

        # Dot voting, 3 each and at most 2 on one; hidden until hanna closes it.
        await press(room, J, "down", "+")
        assert "Voting is not open yet" in jack.said[-1]
        await press(room, H, "ctrl+g", "enter")
        await sync(room)
        # Candidates in the order written: O1, O2, O4, O3.
        await press(room, J, "home", "+", "+", "+")
        assert "At most 2" in jack.said[-1]
        await press(room, J, "down", "+")
        await sync(room)
        assert "you have 0 of 3 votes left" in room_line(jack)
        await press(room, J, "+")
        assert "used all 3 of your votes" in jack.said[-1]
        await press(room, M, "down", "home", "+", "down", "+", "+")
        await press(room, H, "down", "home", "down", "down", "+")
        await sync(room)
        assert {o.votes for o in Store(workspace, "x").all(Objective)} == {0}
        assert not any(line.lstrip().startswith("2 ") for line in titles(mia))
        await press(room, J, "ctrl+g")
        assert "only they can open or close voting" in jack.said[-1]
        await press(room, H, "ctrl+g")
        await sync(room)
        counted = {o.title: o.votes for o in Store(workspace, "x").all(Objective)}
        assert counted == {O1: 3, O2: 3, O4: 1, O3: 0}
        assert any(t.lstrip().startswith("3 ") for t in titles(jack))

        # Jack makes his two committed; hanna keeps the top one (only she may), and jack
        # hears of it once, not once per objective.
        await press(room, J, "k", "down", "k")
        await press(room, M, "s")
        assert "only they can keep" in mia.said[-1]
        await sync(room)
        told = [len(app.said) for app, _ in room]
        await press(room, H, "s", "ctrl+u", "1", "enter")
        await sync(room)
        (heard,) = jack.said[told[J] :]
        assert "hanna changed 2 objectives you edited at once (workshop: keep the top 1)" in heard

        # The ready check: everyone sees the count, hanna sees who is missing.
        await press(room, J, "f3")
        await sync(room)
        assert "1 of 2 ready" in room_line(mia)
        assert "1 of 2 ready · waiting for mia" in room_line(hanna)
        await press(room, M, "f3")
        await sync(room)
        assert "2 of 2 ready" in room_line(hanna) and "2 of 2 ready" in room_line(jack)
        await press(room, H, "pagedown")
        await sync(room)
        assert steps(room) == ["key_results"] * 3
        assert "0 of 2 ready" in room_line(jack)

    saved = Store(workspace, "x")
    objectives = {o.title: o for o in saved.all(Objective)}
    assert {t: o.author for t, o in objectives.items()} == {
        O1: "hanna",
        O2: "jack",
        O4: "jack",
        O3: "mia",
    }
    assert {t: o.status for t, o in objectives.items()} == {
        O1: "draft",
        O2: "parked",
        O4: "parked",
        O3: "parked",
    }
    assert (objectives[O2].kind, objectives[O4].kind) == ("committed", "committed")
    titled = {o.id: o.title for o in saved.all(Objective)}
    votes = {(v.voter, titled[v.objective_id], v.dots) for v in saved.all(Vote) if v.dots}
    assert votes == {
        ("jack", O1, 2),
        ("jack", O2, 1),
        ("mia", O1, 1),
        ("mia", O2, 2),
        ("hanna", O4, 1),
    }
    events = saved.events()
    reveal = [e for e in events if e.reason == "workshop: reveal"]
    assert len(reveal) == 4 and {e.who for e in reveal} == {"hanna"}
    assert {e.who for e in events if e.table == Vote.TABLE} == {"hanna", "jack", "mia"}
    (workshop,) = saved.all(Workshop)
    assert workshop.facilitator == "hanna" and workshop.participants == ["hanna", "jack", "mia"]
    assert workshop.step == "key_results" and workshop.ready == []


async def test_a_participant_restarted_rejoins_at_the_facilitators_step(workspace: Path) -> None:
    seed(workspace, "key_results")
    app = app_for(workspace, "jack", Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert screen_of(app).step_key == "key_results"
        await pilot.press("pageup", "pageup")
        await settle(app, pilot)
        assert screen_of(app).step_key == "strategy"
    # Meanwhile hanna started the session's timer (30 minutes for key results).
    hanna = Store(workspace, "hanna", clock=fixed_clock)
    (workshop,) = hanna.all(Workshop)
    clock = Clock()
    core.room.toggle_timer(hanna, workshop.id, clock.now)
    clock.now += timedelta(seconds=61)
    # Restarted while looking back: he is back with the session, at the same countdown.
    again = app_for(workspace, "jack", clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        screen = screen_of(again)
        assert screen.step_key == "key_results"
        assert screen.timebox().label() == "28:59"  # type: ignore[union-attr]
    assert Store(workspace, "x").all(Workshop)[0].step == "key_results"


async def test_a_gone_facilitator_is_taken_over_with_a_confirmation(workspace: Path) -> None:
    seed(workspace, "objectives")
    # Hanna's last heartbeat is older than STALE_SECONDS: her session died.
    clock = Clock()
    old = clock.now - timedelta(seconds=presence.STALE_SECONDS + 5)
    presence.beat(workspace, "hanna", now=old)
    app = app_for(workspace, "mia", clock)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.heartbeat is not None
        app.heartbeat.start()
        with app._context():
            await app.update_presence()
        await settle(app, pilot)
        assert "hanna has gone: F4 takes over" in room_line(app)
        await pilot.press("f4")
        await settle(app, pilot)
        assert "Take over the session from hanna?" in str(
            app.screen.query_one(".dialog-title").render()
        )
        await pilot.press("y")
        await settle(app, pilot)
        assert "Session led by you" in room_line(app)
        await pilot.press("pagedown")
        await settle(app, pilot)
    (workshop,) = Store(workspace, "x").all(Workshop)
    assert workshop.facilitator == "mia" and workshop.step == "key_results"
    taken = [
        e
        for e in Store(workspace, "x").events()
        if e.before and e.after and e.before["facilitator"] != e.after["facilitator"]
    ]
    assert [e.who for e in taken] == ["mia"]


async def test_a_present_facilitator_cannot_be_taken_over(workspace: Path) -> None:
    seed(workspace, "objectives")
    presence.beat(workspace, "hanna")
    app = app_for(workspace, "mia", Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        assert "hanna is here and leads" in app.said[-1]
    assert Store(workspace, "x").all(Workshop)[0].facilitator == "hanna"
