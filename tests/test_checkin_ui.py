"""The check-in screen driven like a team member on Friday: a full round, refusals, tasks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from okr_tui.app import OkrApp
from okr_tui.models import CheckIn, Task
from okr_tui.store import Store
from screens.checkin import CheckInScreen, KrCard, read_confidence
from screens.task_dialog import TaskDialog, TaskListDialog
from tests.conftest import TODAY, fixed_clock
from tests.test_weekly_core import build_team

SIZE = (100, 30)


@pytest.fixture
def team_path(tmp_path: Path) -> Path:
    store = build_team(tmp_path / "team.json")
    store.close()
    return store.path


def make_app(path: Path, user: str = "ann", **kwargs: Any) -> OkrApp:
    store = Store(path, user, clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen="checkin", start_kwargs=kwargs)


def cards(app: OkrApp) -> list[str]:
    return [card.kr.id for card in app.screen.query(KrCard)]


def message(app: OkrApp, kr_id: str) -> str:
    card = app.screen.query_one(f"#card-{kr_id}", KrCard)
    return str(card.query_one(".card-message", Static).render())


def focused_card(app: OkrApp) -> str | None:
    assert isinstance(app.screen, CheckInScreen)
    card = app.screen.current_card()
    return card.kr.id if card else None


async def test_a_full_check_in_round_saves_each_kr_and_moves_on(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert cards(app) == ["kr-seg", "kr-tools"]  # Ann's own, her private one included
        assert focused_card(app) == "kr-seg"
        # Confidence starts at the last one (8) and is selected: typing replaces it.
        await pilot.press(*"60%", "enter", "7", "enter", *"half done", "enter")
        await pilot.pause()
        assert focused_card(app) == "kr-tools"
        assert "saved 60%" in message(app, "kr-seg")
        await pilot.press(*"1 tool", "enter", "5", "enter", "enter")
        await pilot.pause()
        heading = str(app.screen.query_one("#checkin-heading", Static).render())
        assert "2 of 2 checked in this week" in heading

    fresh = Store(team_path, "someone")
    seg = fresh.latest_checkin("kr-seg")
    assert seg is not None
    assert (seg.value, seg.confidence, seg.note, seg.author) == (60, 7, "half done", "ann")
    tools = fresh.latest_checkin("kr-tools")
    assert tools is not None
    assert (tools.value, tools.confidence, tools.note, tools.author) == (1, 5, "", "ann")


async def test_an_unreadable_value_is_refused_and_nothing_is_saved(team_path: Path) -> None:
    before = len(Store(team_path, "x").all(CheckIn))
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"lots", "enter")
        assert "is not a number" in message(app, "kr-seg")
        assert focused_card(app) == "kr-seg"
        assert isinstance(app.focused, Input) and app.focused.has_class("value")
        # Skipping ahead with tab and saving from the note is refused the same way.
        await pilot.press("tab", "tab", *"note", "enter")
        assert "Value:" in message(app, "kr-seg")
        # A confidence of 11 is refused too.
        await pilot.press("ctrl+u", *"70", "enter", *"11", "enter")
        assert "0 to 10" in message(app, "kr-seg")
    assert len(Store(team_path, "x").all(CheckIn)) == before


async def test_user_text_and_wide_titles_show_literally(team_path: Path) -> None:
    app = make_app(team_path, "lei")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert cards(app) == ["kr-rate"]
        title = str(app.screen.query_one("#card-kr-rate .card-title", Static).render())
        assert title.startswith("复购率 of the XXX market")


async def test_switching_to_a_unit_shows_its_visible_krs(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        # UED support is the only unit with objectives; Bob's private KR stays hidden.
        assert cards(app) == ["kr-seg", "kr-mod", "kr-rate", "kr-cyc", "kr-tools"]
        heading = str(app.screen.query_one("#checkin-heading", Static).render())
        assert heading.startswith("UED support")
        await pilot.press("down", "down")
        assert focused_card(app) == "kr-rate"


async def test_tasks_are_added_and_ticked_off_from_check_in(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "ctrl+t")
        assert isinstance(app.screen, TaskListDialog)
        assert app.screen.kr_id == "kr-tools"
        await pilot.press("a")
        assert isinstance(app.screen, TaskDialog)
        # Enter walks title -> owner -> due; an unreadable date is refused in place.
        await pilot.press(*"Try pandas", "enter", "enter", *"friday", "enter")
        assert isinstance(app.screen, TaskDialog)
        assert "2026-12-04" in str(app.screen.query_one("#dialog-error", Static).render())
        await pilot.press("ctrl+u", *"2026-12-04", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskListDialog)
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]) == "Try pandas"
        await pilot.press("x")
        await pilot.pause()
        assert str(table.get_row_at(0)[0]) == "[x]"
        await pilot.press("escape")
        assert isinstance(app.screen, CheckInScreen)
        assert "0 open, 1 done" in message(app, "kr-tools")
    tasks = Store(team_path, "x").by(Task, "kr_id", "kr-tools")
    assert [(t.title, t.status, str(t.due), t.owner) for t in tasks] == [
        ("Try pandas", "done", "2026-12-04", "ann")
    ]


@pytest.mark.parametrize(
    ("text", "expected"), [("8", 8), (" 10 ", 10), ("0", 0), ("7/10", 7), ("", None)]
)
def test_confidence_reads_whole_numbers_0_to_10(text: str, expected: int | None) -> None:
    assert read_confidence(text) == expected


@pytest.mark.parametrize("text", ["11", "-1", "7.5", "high"])
def test_confidence_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        read_confidence(text)


async def test_f1_opens_help_while_a_value_is_being_typed(team_path: Path) -> None:
    from screens.help import HelpScreen

    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("?")
        assert isinstance(app.focused, Input) and "?" in app.focused.value  # typed, not help
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
