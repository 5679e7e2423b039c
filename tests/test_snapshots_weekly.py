"""Snapshots of the check-in and review screens: fixed date, fixed clock, fixed ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from okr_tui.app import OkrApp
from okr_tui.store import Store
from tests.conftest import TODAY, fixed_clock
from tests.test_weekly_core import build_team


def team_app(tmp_path: Path, screen: str, **kwargs: Any) -> OkrApp:
    path = tmp_path / "team.json"
    build_team(path).close()
    store = Store(path, "ann", clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen=screen, start_kwargs=kwargs)


async def settle(pilot: Any) -> None:
    """Let focus, scrolling and the sparklines' colours settle before the picture is taken."""
    # A blinking cursor would make the picture depend on the moment it is taken.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_checkin_screen(snap_compare: Any, tmp_path: Path) -> None:
    app = team_app(tmp_path, "checkin", unit_id="un-ued")
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle)


def test_checkin_screen_refusing_a_value(snap_compare: Any, tmp_path: Path) -> None:
    app = team_app(tmp_path, "checkin")
    assert snap_compare(app, press=[*"lots", "enter"], terminal_size=(80, 24), run_before=settle)


def test_review_screen(snap_compare: Any, tmp_path: Path) -> None:
    app = team_app(tmp_path, "review")
    assert snap_compare(app, press=["down"], terminal_size=(100, 30))


def test_review_screen_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    app = team_app(tmp_path, "review")
    assert snap_compare(app, press=["down", "down"], terminal_size=(80, 24))
