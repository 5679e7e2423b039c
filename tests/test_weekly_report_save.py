"""The weekly report saves from the app: `s` on the report, and the palette finds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Markdown

from okr_tui.app import OkrApp
from okr_tui.store import Store
from screens.weekly_report import WeeklyReportScreen
from tests.conftest import TODAY, fixed_clock
from tests.test_review_ui import team_path  # noqa: F401


class NotedApp(OkrApp):
    """The app, keeping what its toasts said."""

    said: list[str]

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.said.append(message)
        super().notify(message, *args, **kwargs)


async def saved_report(path: Path, folder: Path, keys: list[str]) -> tuple[Path, str, str]:
    app = NotedApp(Store(path, "ann", clock=fixed_clock), today=TODAY, watch_file=False)
    app.said = []
    app.export_directory = folder
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_open("report", unit_id="un-ued")
        await pilot.pause()
        assert isinstance(app.screen, WeeklyReportScreen)
        shown = app.screen.query_one(Markdown).source
        await pilot.press(*keys)
        # The file is written in a thread: wait for the toast that says it is done.
        for _ in range(400):
            if any("Saved to" in message for message in app.said):
                break
            await pilot.pause(0.025)
        said = " ".join(app.said)
    (saved,) = folder.iterdir()
    return saved, said, shown


async def test_s_saves_the_report_on_screen(team_path: Path, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "downloads"
    saved, said, shown = await saved_report(team_path, folder, ["s"])
    assert saved.name == "weekly-report-UED-support-2026-W48.md"
    assert f"Saved to {saved}" in said
    assert saved.read_text(encoding="utf-8") == shown


async def test_the_palette_saves_the_report(team_path: Path, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "downloads"
    saved, _, shown = await saved_report(team_path, folder, ["ctrl+p", *"save", "enter"])
    assert saved.read_text(encoding="utf-8") == shown
