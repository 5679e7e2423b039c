"""Editing together loses nothing: who is editing a charter line, and no silent overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from okr_tui import workshop as core
from okr_tui.models import Charter
from okr_tui.store import Store, WorkspaceError
from screens.workshop import charter as charter_screen
from tests.conftest import fixed_clock, settle
from tests.test_room_ui import UNIT, Clock, Room, app_for, screen_of, seed, sync

MISSION = "Let tea lovers mix tea well."


def test_a_charter_save_started_from_old_text_is_refused(workspace: Path) -> None:
    seed(workspace)
    hanna = Store(workspace, "hanna", clock=fixed_clock)
    jack = Store(workspace, "jack", clock=fixed_clock)
    core.set_charter(jack, UNIT, "mission", "Tea for all.", started_from=MISSION)
    with pytest.raises(WorkspaceError, match="jack changed the mission while you were typing"):
        core.set_charter(hanna, UNIT, "mission", "Mine.", started_from=MISSION)
    assert core.charter_of(Store(workspace, "x"), UNIT).mission == "Tea for all."  # type: ignore[union-attr]
    # Saving over it on purpose is allowed.
    assert core.set_charter(hanna, UNIT, "mission", "Mine.").mission == "Mine."


async def test_the_later_typist_is_told_beside_the_field_and_may_save_over_it(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only Enter saves here: a save after a pause in typing would race the keys on a busy machine.
    monkeypatch.setattr(charter_screen, "SAVE_AFTER", 3600.0)
    seed(workspace, "mission")
    app = app_for(workspace, "hanna", Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # While hanna's screen shows the mission, jack saves a new one.
        jack = Store(workspace, "jack", clock=fixed_clock)
        core.set_charter(jack, UNIT, "mission", "Tea for all.")
        await pilot.press("end", *" And chai.", "enter")
        await settle(app, pilot)
        screen = screen_of(app)
        note = str(screen.query_one("#step-mission .charter-note", Static).render())
        assert "jack changed the mission while you were typing" in note
        assert "Enter saves yours over theirs" in note
        assert screen.step_key == "mission"
        assert Store(workspace, "x").all(Charter)[0].mission == "Tea for all."
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.step_key == "vision"
    assert Store(workspace, "x").all(Charter)[0].mission == f"{MISSION} And chai."


async def test_others_see_who_is_editing_a_line(workspace: Path) -> None:
    seed(workspace, "mission")
    clock = Clock()
    hanna, jack = app_for(workspace, "hanna", clock), app_for(workspace, "jack", clock)
    async with hanna.run_test(size=(120, 40)) as hp, jack.run_test(size=(120, 40)) as jp:
        room: Room = [(hanna, hp), (jack, jp)]
        for app, _ in room:
            assert app.heartbeat is not None
            app.heartbeat.start()
        await jp.press("end", *" More")
        await sync(room)
        area = screen_of(hanna).query_one("#charter-mission", TextArea)
        assert area.border_subtitle == "jack is editing the mission"
