"""A facilitator who leaves cleanly gives up the lead at once; one whose session died is waited for.

Several real apps on one workspace, as in test_room_ui.py. A session that was
killed leaves its heartbeat file behind and nothing else: the test writes that
file and moves the screens' clock rather than waiting 30 seconds.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from okr_tui import presence
from okr_tui import workshop as core
from okr_tui.models import Workshop
from okr_tui.store import Store
from screens.workshop import WorkshopScreen
from tests.conftest import fixed_clock, settle
from tests.test_room_ui import (
    PERIOD,
    UNIT,
    Clock,
    Room,
    app_for,
    press,
    room_line,
    screen_of,
    seed,
    sync,
)


def stored(workspace: Path) -> Workshop:
    (workshop,) = Store(workspace, "x").all(Workshop)
    return workshop


def test_stepping_away_frees_the_lead_and_coming_back_takes_it_again(workspace: Path) -> None:
    seed(workspace, "objectives")
    hanna = Store(workspace, "hanna", clock=fixed_clock)
    workshop = stored(workspace)
    jack = Store(workspace, "jack", clock=fixed_clock)
    # Only the facilitator's leaving is news.
    assert core.room.step_away(jack, workshop.id) is None
    left = core.room.step_away(hanna, workshop.id)
    assert left is not None and left.facilitator_left and left.facilitator == "hanna"
    # Her heartbeat is still fresh (she is on home), yet jack may lead at once.
    present = [presence.Presence("hanna", 1, "host", fixed_clock())]
    assert core.room.takeover_problem(left, "jack", present) == ""
    assert "hanna left the session" in core.room.refusal(left, "jack", "step")
    assert core.room.room_line(left, 2, "jack") == "Nobody leads · 2 here"
    # Back before anyone took over: she leads again.
    back = core.start_or_resume(hanna, UNIT, PERIOD)
    assert back.facilitator == "hanna" and not back.facilitator_left
    assert "hanna is here and leads" in core.room.takeover_problem(back, "jack", present)


async def test_a_facilitator_who_quits_is_taken_over_at_once(workspace: Path) -> None:
    seed(workspace, "objectives")
    clock = Clock()
    hanna, jack, mia = (app_for(workspace, u, clock) for u in ("hanna", "jack", "mia"))
    size = (80, 24)
    async with jack.run_test(size=size) as jp, mia.run_test(size=size) as mp:
        async with hanna.run_test(size=size) as hp:
            room: Room = [(hanna, hp), (jack, jp), (mia, mp)]
            for app, _ in room:
                assert app.heartbeat is not None
                app.heartbeat.start()
            await sync(room)
            assert "Session led by hanna · 3 here" in room_line(jack)
            await hp.press("ctrl+q")
            await settle(hanna, hp)
        assert stored(workspace).facilitator_left
        room = [(jack, jp), (mia, mp)]
        await sync(room)
        # Hanna's heartbeat went with her app; the line says she left, not that she is gone.
        assert "hanna left · F4 to lead" in room_line(jack)
        assert "hanna left · F4 to lead" in room_line(mia)
        assert "ready" not in room_line(jack)  # nobody to be ready for
        await press(room, 0, "pagedown")
        assert "take the lead first" in jack.said[-1]
        # No confirmation and no 30 seconds: F4 and jack leads.
        await press(room, 0, "f4")
        assert "You lead the session now." in jack.said
        await sync(room)
        assert "Session led by you" in room_line(jack)
        assert "Session led by jack · 2 here" in room_line(mia)
        assert "left" not in room_line(mia)
        await press(room, 0, "pagedown")
        await sync(room)
        assert screen_of(mia).step_key == "key_results"
        workshop = stored(workspace)
        assert workshop.facilitator == "jack" and not workshop.facilitator_left
    # Jack quit too, as the test ended: the session says so for whoever comes next.
    assert stored(workspace).facilitator_left


async def test_leaving_the_workshop_screen_gives_up_the_lead_too(workspace: Path) -> None:
    seed(workspace, "objectives")
    hanna = app_for(workspace, "hanna", Clock())
    async with hanna.run_test(size=(80, 24)) as pilot:
        await settle(hanna, pilot)
        await pilot.press("escape")
        await settle(hanna, pilot)
        assert not any(isinstance(s, WorkshopScreen) for s in hanna.screen_stack)
        assert stored(workspace).facilitator_left
        assert stored(workspace).facilitator == "hanna"


async def test_a_facilitator_whose_session_died_is_still_waited_for(workspace: Path) -> None:
    seed(workspace, "objectives")
    clock = Clock()
    clock.now = datetime.now(UTC)
    # Hanna's app was killed: its last heartbeat stays, and the session says nothing more.
    presence.beat(workspace, "hanna", now=clock.now)
    jack = app_for(workspace, "jack", clock)
    async with jack.run_test(size=(80, 24)) as pilot:
        await settle(jack, pilot)
        clock.now += timedelta(seconds=presence.STALE_SECONDS - 1)
        await pilot.press("f4")
        await settle(jack, pilot)
        assert "hanna is here and leads" in jack.said[-1]
        assert "left" not in room_line(jack)
        clock.now += timedelta(seconds=2)
        await pilot.press("f4")
        await settle(jack, pilot)
        assert "Take over the session from hanna?" in str(
            jack.screen.query_one(".dialog-title").render()
        )
        await pilot.press("y")
        await settle(jack, pilot)
        assert "Session led by you" in room_line(jack)
    assert stored(workspace).facilitator == "jack"
