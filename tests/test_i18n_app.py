"""The app speaks the person's saved language, unless --lang or OKR_LANG said otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, fixed_clock, settle
from textual.widgets import Static

from okr_tui import i18n, samples
from okr_tui.app import OkrApp
from okr_tui.store import Store
from widgets.footer import QuietFooter


@pytest.fixture
def teebee_zh(tmp_path: Path) -> Path:
    return samples.build("teebee-zh", tmp_path / "teebee-zh.json", TODAY)


def opening_app(path: Path) -> OkrApp:
    """As `okr` opens it: home draws first, the workspace (and its person) comes after."""
    return OkrApp(
        open_store=lambda: Store(path, "hanna", clock=fixed_clock),
        workspace_path=path,
        today=TODAY,
        watch_file=False,
    )


def footer_words(app: OkrApp) -> list[str]:
    return [key[2] for key in app.screen.query_one(QuietFooter).shown_keys()]


async def test_the_app_switches_to_the_persons_language_once_the_workspace_opens(
    teebee_zh: Path,
) -> None:
    app = opening_app(teebee_zh)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.ready
        assert "签到" in footer_words(app)
        assert "总体" in str(app.screen.query_one("#unit-title", Static).render())
        assert app.screen.query_one("#units").border_title == "单元"


async def test_lang_en_beats_the_persons_saved_chinese(teebee_zh: Path) -> None:
    i18n.start_language("en", {"LANG": "zh_CN.UTF-8"})
    app = opening_app(teebee_zh)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "Check-in" in footer_words(app)
        assert "overall" in str(app.screen.query_one("#unit-title", Static).render())


async def test_english_people_in_a_chinese_locale_read_chinese(tmp_path: Path) -> None:
    path = samples.build("teebee", tmp_path / "teebee.json", TODAY)
    i18n.start_language(None, {"LANG": "zh_CN.UTF-8"})
    app = opening_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "签到" in footer_words(app)


async def test_textuals_own_palette_commands_speak_the_persons_language(teebee_zh: Path) -> None:
    app = opening_app(teebee_zh)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "主题" in titles and "退出" in titles
