"""Putting a wrong check-in right in the app: a far-out value asks first, and the history
screen corrects and withdraws one's own check-ins, showing the original beside the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from okr_tui.app import OkrApp
from okr_tui.corrections import fixes
from okr_tui.models import CheckIn
from okr_tui.store import Store
from screens.checkin import CheckInScreen
from screens.checkin_dialogs import FarValueConfirm, FixCheckInDialog
from screens.kr_history import KrHistoryScreen
from tests.conftest import TODAY, fixed_clock, settle
from tests.test_checkin_ui import message
from tests.test_weekly_core import build_team

SIZE = (110, 32)


@pytest.fixture
def team_path(tmp_path: Path) -> Path:
    store = build_team(tmp_path / "team.json")
    store.close()
    return store.path


def make_app(path: Path, user: str = "ann") -> OkrApp:
    store = Store(path, user, clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen="checkin")


def history_rows(app: OkrApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def heading(app: OkrApp) -> str:
    return str(app.screen.query_one("#history-heading", Static).render())


def dialog_error(app: OkrApp) -> str:
    return str(app.screen.query_one("#dialog-error", Static).render())


async def test_a_value_far_outside_the_range_asks_before_it_is_saved(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"99999%", "enter", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FarValueConfirm)
        question = str(app.screen.query_one("#far-question", Static).render())
        assert question == "That is 1,000x the target (0% → 100%): save 99,999% anyway?"
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, CheckInScreen)
        assert "Not saved" in message(app, "kr-seg")
        assert isinstance(app.focused, Input) and app.focused.has_class("value")
        assert app.focused.value == "99999%"  # kept, to fix
        assert Store(team_path, "x").latest_checkin("kr-seg").value == 55  # type: ignore[union-attr]
        # Saying yes saves it as typed.
        await pilot.press("tab", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FarValueConfirm)
        await pilot.press("y")
        await settle(app, pilot)
        assert "saved 99,999%" in message(app, "kr-seg")
    assert Store(team_path, "x").latest_checkin("kr-seg").value == 99999  # type: ignore[union-attr]


async def test_the_history_screen_corrects_then_withdraws_a_check_in(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, KrHistoryScreen)
        assert "progress 55%" in heading(app)
        # The newest check-in is under the cursor: correct it.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FixCheckInDialog)
        assert isinstance(app.focused, Input) and app.focused.value == "55%"
        await pilot.press(*"65%", "enter", "enter", "enter", "enter")
        assert "a reason is required" in dialog_error(app)
        await pilot.press(*"typed 55 for 65", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, KrHistoryScreen)
        rows = history_rows(app)
        assert [r[1:5] for r in rows[:2]] == [
            ["ann", "65%", "+25%", "8/10"],
            ["ann", "was 55%", "", "was 8/10"],
        ]
        assert rows[1][0].startswith(" ↳ Thu 26 Nov 2026")
        assert rows[1][5] == "corrected: typed 55 for 65"
        assert rows[0][5] == "layering done for two industries"
        assert "progress 65%" in heading(app)
        # Withdraw it: the cursor is still on it.
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, FixCheckInDialog)
        await pilot.press("enter")
        assert "a reason is required" in dialog_error(app)
        await pilot.press(*"meant for another KR", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, KrHistoryScreen)
        rows = history_rows(app)
        assert [r[1:4] for r in rows] == [
            ["ann", "65%", ""],  # struck through: it no longer counts
            ["ann", "was 55%", ""],
            ["ann", "was 65%", ""],
            ["ann", "40%", "+10%"],
            ["ann", "30%", "–"],
        ]
        assert rows[2][5] == "withdrawn: meant for another KR"
        assert "progress 40%" in heading(app)
        # A withdrawn check-in stays withdrawn.
        await pilot.press("home", "w")
        await pilot.pause()
        assert isinstance(app.screen, KrHistoryScreen)
    store = Store(team_path, "x")
    assert store.find(CheckIn, "ci-03") is None
    assert store.latest_checkin("kr-seg").value == 40  # type: ignore[union-attr]
    assert [(f.kind, f.event.reason) for f in fixes(store, "kr-seg")] == [
        ("corrected", "typed 55 for 65"),
        ("withdrawn", "meant for another KR"),
    ]


async def test_a_corrected_value_far_outside_the_range_asks_too(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"5000%", "enter", "enter", "enter", *"typo", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FarValueConfirm)
        await pilot.press("enter")  # Enter says no
        await settle(app, pilot)
        assert isinstance(app.screen, FixCheckInDialog)
        assert "Not saved" in dialog_error(app)
        await pilot.press("ctrl+u", *"65%", "tab", "tab", "tab", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, KrHistoryScreen)
    assert Store(team_path, "x").get(CheckIn, "ci-03").value == 65


async def test_only_the_author_may_fix_a_check_in(team_path: Path) -> None:
    app = make_app(team_path, "bob")
    told: list[str] = []
    notify = app.notify

    def spy(message: str, **kwargs: Any) -> None:
        told.append(message)
        notify(message, **kwargs)

    app.notify = spy  # type: ignore[method-assign,assignment]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(KrHistoryScreen(kr_id="kr-seg"))
        await pilot.pause()
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, KrHistoryScreen)
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, KrHistoryScreen)
    assert told == ["Only ann, who checked it in, can correct or withdraw it."] * 2
    assert Store(team_path, "x").get(CheckIn, "ci-03").value == 55
