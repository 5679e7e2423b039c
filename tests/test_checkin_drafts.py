"""What is typed on the check-in screen and not saved yet is never lost without asking."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from okr_tui.models import KeyResult
from okr_tui.store import Store
from screens.checkin import CheckInScreen, KrCard
from screens.leave_dialog import LeaveUnsaved
from tests.conftest import settle
from tests.test_checkin_ui import SIZE, cards, focused_card, make_app, team_path  # noqa: F401


def field(app: object, kr_id: str, name: str) -> Input:
    screen = app.screen  # type: ignore[attr-defined]
    return screen.query_one(f"#card-{kr_id}", KrCard).query_one(f".{name}", Input)


async def test_a_colleagues_change_to_the_list_keeps_what_is_typed(
    team_path: Path,  # noqa: F811
) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", *"2 tools", "enter", "6", "enter", *"almost")
        assert focused_card(app) == "kr-tools"
        colleague = Store(team_path, "bob")
        colleague.add(
            KeyResult(objective_id="ob-rep", title="Interview 5 users", target=5, owner="ann")
        )
        colleague.close()
        await app.poll_workspace()
        await settle(app, pilot)
        assert len(cards(app)) == 3  # the new key result is there
        assert field(app, "kr-tools", "value").value == "2 tools"
        assert field(app, "kr-tools", "confidence").value == "6"
        assert field(app, "kr-tools", "note").value == "almost"
        assert focused_card(app) == "kr-tools"
        assert field(app, "kr-tools", "note").has_focus


async def test_escape_asks_before_dropping_a_typed_check_in(team_path: Path) -> None:  # noqa: F811
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screens = len(app.screen_stack)
        await pilot.press(*"70%")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveUnsaved)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert field(app, "kr-seg", "value").value == "70%"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert len(app.screen_stack) == screens - 1
        assert not isinstance(app.screen, CheckInScreen | LeaveUnsaved)


async def test_escape_leaves_at_once_when_nothing_is_typed(team_path: Path) -> None:  # noqa: F811
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screens = len(app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == screens - 1


async def test_after_a_save_escape_does_not_ask(team_path: Path) -> None:  # noqa: F811
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screens = len(app.screen_stack)
        await pilot.press(*"60%", "enter", "6", "enter", *"done", "enter")
        await settle(app, pilot)
        assert Store(team_path, "x").latest_checkin("kr-seg").confidence == 6  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == screens - 1


async def test_keys_in_a_burst_land_in_the_fields_they_were_typed_for(
    team_path: Path,  # noqa: F811
) -> None:
    """A paste or a slow link delivers "60%⏎7⏎fast⏎" at once: each part must reach its field."""
    from textual import events

    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst = [
            ("6", "6"),
            ("0", "0"),
            ("percent_sign", "%"),
            ("enter", "\r"),
            ("7", "7"),
            ("enter", "\r"),
            ("f", "f"),
            ("a", "a"),
            ("s", "s"),
            ("t", "t"),
            ("enter", "\r"),
        ]
        for key, character in burst:  # queued together, before any is handled
            app.post_message(events.Key(key, character))
        await settle(app, pilot)
    saved = Store(team_path, "x").latest_checkin("kr-seg")
    assert saved is not None
    assert (saved.value, saved.confidence, saved.note) == (60, 7, "fast")
