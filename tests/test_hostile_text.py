"""User text is data: never markup in a toast, never a command to a terminal.

Names with Rich markup go through every toast that names a unit, an objective
or a key result; control characters are refused at every way in and shown
harmlessly wherever text already stored comes out (the app and every CLI
output).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable
from textual.widgets._toast import Toast

from okr_tui.app import OkrApp
from okr_tui.models import KeyResult, Unit
from okr_tui.store import Store
from screens.change_dialog import ChangeDialog
from tests.conftest import TODAY, fixed_clock, settle
from tests.test_weekly_core import build_team
from tests.test_workshop_ui import seeded, typed

MARKUP = "[/]Market [EMEA] [@click=app.quit]x[/]"
"""A name that crashes a toast that parses markup, loses [EMEA], and quits when clicked."""

ESCAPES = "\x1b]0;pwned\x07\x1b[2J"
"""Retitles the terminal, then clears it."""

SIZE = (100, 30)


class ToastApp(OkrApp):
    """The real app; every toast's plain text is kept for the test to read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.toasts: list[str] = []

    def notify(self, message: str, **kwargs: Any) -> None:
        super().notify(message, **kwargs)
        self.toasts.append(str(message))


def make_app(path: Path, user: str, screen: str, **kwargs: Any) -> ToastApp:
    store = Store(path, user, clock=fixed_clock)
    return ToastApp(store, today=TODAY, watch_file=False, start_screen=screen, start_kwargs=kwargs)


async def shown_toasts(app: OkrApp, pilot: Any) -> list[str]:
    """What the toasts on screen say, as the terminal shows it."""
    await settle(app, pilot)
    return [str(toast.render()) for toast in app.screen.query(Toast)]


@pytest.fixture
def team_path(tmp_path: Path) -> Path:
    store = build_team(tmp_path / "team.json")
    store.update(Unit, "un-biz", name=MARKUP)
    store.close()
    return store.path


# -- toasts ---------------------------------------------------------------------------------


async def test_the_review_names_the_next_unit_as_typed(team_path: Path) -> None:
    Store(team_path, "ann").update(Unit, "un-ued", name=MARKUP)
    app = make_app(team_path, "ann", "review", unit_id="un-biz")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("u")
        toasts = await shown_toasts(app, pilot)
        assert app.is_running
    assert any(MARKUP in toast for toast in toasts), toasts


async def test_archiving_a_unit_named_with_markup(team_path: Path) -> None:
    app = make_app(team_path, "ann", "units")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        keys = [str(key.value) for key in table.rows]
        table.move_cursor(row=keys.index("un-biz"))
        await pilot.press("x")
        toasts = await shown_toasts(app, pilot)
        assert app.is_running
    assert any(f"Archived {MARKUP}" in toast for toast in toasts)
    assert Store(team_path).get(Unit, "un-biz").archived


async def test_workshop_undo_names_the_candidate_as_typed(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    seeded(store)
    app = ToastApp(store, today=TODAY, watch_file=False, start_screen="workshop")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press(*typed(MARKUP), "enter")
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        toasts = await shown_toasts(app, pilot)
        assert app.is_running
    assert any(MARKUP in toast for toast in toasts), toasts


async def test_saving_over_a_colleagues_change_names_it_as_typed(team_path: Path) -> None:
    app = make_app(team_path, "ann", "review", unit_id="un-ued")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("kr:kr-rate"))
        await pilot.press("e")
        assert isinstance(app.screen, ChangeDialog)
        # While ann's dialog is open, bob renames the key result to markup.
        Store(team_path, "bob", clock=fixed_clock).update(
            KeyResult, "kr-rate", title=MARKUP, reason="renamed"
        )
        await pilot.press("ctrl+u", *"Repurchase rate", "enter", "enter", "enter")
        await pilot.press(*"clearer name", "enter")
        toasts = await shown_toasts(app, pilot)
        assert app.is_running
    assert any(f"to “{MARKUP}”" in toast for toast in toasts), toasts
    assert Store(team_path).get(KeyResult, "kr-rate").title == "Repurchase rate"


async def test_a_clicked_toast_with_an_action_in_its_name_runs_nothing(team_path: Path) -> None:
    app = make_app(team_path, "ann", "home")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.notify(MARKUP, title=MARKUP)
        await settle(app, pilot)
        (toast,) = app.screen.query(Toast)
        assert MARKUP in str(toast.render())
        await pilot.click(Toast)
        await settle(app, pilot)
        assert app.is_running and app.return_code is None


async def test_control_characters_in_a_toast_are_shown_as_pictures(team_path: Path) -> None:
    app = make_app(team_path, "ann", "home")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.notify(f"Saved {ESCAPES}", title=f"t{ESCAPES}")
        (toast,) = await shown_toasts(app, pilot)
    assert "\x1b" not in toast and "\x07" not in toast
    assert "␛]0;pwned␇␛[2J" in toast
