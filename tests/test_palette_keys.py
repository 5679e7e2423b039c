"""Every key of a screen is a palette command too, read from the same binding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandPalette
from textual.widgets import OptionList

from screens.changes import ChangesScreen
from screens.review import ReviewScreen
from tests.conftest import settle
from tests.test_review_ui import SIZE, make_app, team_path  # noqa: F401  (a fixture)


def prompts(app: Any) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one(OptionList).options]


async def test_a_screens_key_is_found_and_run_from_the_palette(team_path: Path) -> None:  # noqa: F811
    app = make_app(team_path, unit_id="un-ued")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+p", *"changes")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        assert any("Changes" in p and "key h on this screen" in p for p in prompts(app))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ChangesScreen)


async def test_keys_of_another_screen_are_not_offered(team_path: Path) -> None:  # noqa: F811
    app = make_app(team_path, unit_id="un-ued")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"withdraw")  # the history screen's key, not the review's
        await settle(app, pilot)
        assert not any("on this screen" in p for p in prompts(app))
