"""Dialogs over a screen: the screen stays in sight behind them, and long lines wrap."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from screens.task_dialog import UnplannedDialog
from tests.test_review_ui import make_app, team_path  # noqa: F401


async def test_a_dialog_lets_the_screen_behind_show_and_wraps_its_subtitle(
    team_path: Path,  # noqa: F811
) -> None:
    app = make_app(team_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, UnplannedDialog)
        assert app.screen.styles.background.a < 1  # see-through: the review stays in sight
        subtitle = app.screen.query_one(".dialog-subtitle", Label)
        assert subtitle.size.height == 2  # wrapped at 80 columns, not cut
        assert str(subtitle.render()).endswith("whether to revise.")
