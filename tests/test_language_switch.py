"""The palette's language switch: the running app speaks the other language, and keeps it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, fixed_clock, settle
from textual.widgets import Static, TextArea

from okr_tui import i18n, samples
from okr_tui.app import OkrApp
from okr_tui.models import Person
from okr_tui.store import Store
from screens.checkin import CheckInScreen
from tests.test_checkin_ui import SIZE, make_app, team_path  # noqa: F401
from tests.test_scoring_core import Q4
from widgets.footer import QuietFooter


@pytest.fixture
def teebee(tmp_path: Path) -> Path:
    return samples.build("teebee", tmp_path / "teebee.json", TODAY)


def app_for(path: Path, start_screen: str = "home") -> OkrApp:
    store = Store(path, "ann", clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen=start_screen)


def words(app: OkrApp) -> str:
    """The words the screen shows: its texts, border titles and footer keys."""
    screen = app.screen
    parts = [str(s.render()) for s in screen.query(Static) if s.display and s.parent.display]
    parts += [str(node.border_title) for node in screen.query("*") if node.border_title]
    parts += [key[2] for key in screen.query_one(QuietFooter).shown_keys()]
    return "\n".join(parts)


def screenshot(app: OkrApp) -> str:
    """The whole screen as drawn, without the toasts (the switch says what it did)."""
    app.clear_notifications()
    return app.export_screenshot()


async def switch(pilot: Any) -> None:
    await pilot.press("ctrl+p")
    await pilot.press(*"Language")
    await settle(pilot.app, pilot)
    await pilot.press("enter")
    await settle(pilot.app, pilot)


async def test_the_switch_speaks_chinese_on_home_and_back_in_english_as_before(
    teebee: Path,
) -> None:
    app = app_for(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        english, drawn = words(app), screenshot(app)
        assert "Check-in" in english
        await switch(pilot)
        assert i18n.current_language() == "zh"
        chinese = words(app)
        assert "签到" in chinese and "单元" in chinese
        assert "Check-in" not in chinese
        await switch(pilot)
        assert i18n.current_language() == "en"
        assert words(app) == english
        await settle(app, pilot)
        assert screenshot(app) == drawn


async def test_the_choice_is_kept_on_the_person_for_the_next_start(teebee: Path) -> None:
    app = app_for(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await switch(pilot)
    store = Store(teebee, "ann", clock=fixed_clock)
    person = store.person("ann")
    assert isinstance(person, Person) and person.lang == "zh"


async def test_the_open_screen_is_opened_again_in_the_new_language(teebee: Path) -> None:
    app = app_for(teebee, "review")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await switch(pilot)
        assert getattr(app.screen, "screen_name", "") == "review"
        assert [getattr(s, "screen_name", "") for s in app.screen_stack[1:]] == ["home", "review"]
        assert "签到" in words(app) or "复盘" in words(app)


async def test_typed_text_in_a_check_in_is_kept_and_the_switch_refused(
    team_path: Path,  # noqa: F811
) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        await pilot.press(*"70%")
        await switch(pilot)
        assert i18n.current_language() == "en"
        assert app.screen is screen and next(iter(screen.drafts().values())).value == "70%"
        assert any("not saved" in n.message for n in app._notifications)


async def test_an_open_dialog_refuses_the_switch(teebee: Path) -> None:
    app = app_for(teebee, "scoring")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        dialog = app.screen
        assert dialog.is_modal
        await switch(pilot)
        assert i18n.current_language() == "en" and app.screen is dialog


async def test_a_run_chosen_by_okr_lang_says_the_saved_choice_waits(teebee: Path) -> None:
    i18n.start_language(None, {"OKR_LANG": "en"})
    app = app_for(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await switch(pilot)
        assert i18n.current_language() == "zh"
        assert any("OKR_LANG" in n.message for n in app._notifications)


async def test_the_reflection_typed_on_the_summary_is_saved_before_the_switch(
    tmp_path: Path,
) -> None:
    from okr_tui import scoring
    from tests.test_snapshots_scoring import teebee_app

    app = teebee_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        app.screen.query_one("#reflect-went_well", TextArea).focus()
        await pilot.press(*"Tastings")
        await switch(pilot)
        assert i18n.current_language() == "zh"
        found = scoring.reflection_record(app.store, "un-teebee", Q4)
        assert found is not None and found.went_well == "Tastings"
        assert app.screen.query_one("#reflect-went_well", TextArea).text == "Tastings"


async def test_the_apps_own_toasts_speak_chinese(teebee: Path) -> None:
    i18n.start_language("zh", {})
    app = app_for(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        first = app.store.periods()[0].id
        app.period_id = first
        await pilot.press("[")
        await settle(app, pilot)
        assert any(n.message == "这个工作区里没有更早的周期。" for n in app._notifications)


@pytest.mark.parametrize(("lang", "prompt"), [("zh", "搜索命令…"), ("en", "Search for commands…")])
async def test_the_palettes_search_prompt_is_in_the_language_spoken(
    teebee: Path, lang: str, prompt: str
) -> None:
    from textual.command import CommandInput

    i18n.start_language(lang, {})
    app = app_for(teebee)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert app.screen.query_one(CommandInput).placeholder == prompt


async def test_a_charter_line_being_typed_is_saved_before_the_switch(tmp_path: Path) -> None:
    from okr_tui.models import Charter
    from tests.test_workshop_ui import make_app as workshop_app
    from tests.test_workshop_ui import screen_of

    store = Store(tmp_path / "ws.json", "hanna", clock=fixed_clock)
    app = workshop_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"TeeBee", "enter")
        await settle(app, pilot)
        assert screen_of(app).step_key == "mission"
        await pilot.press(*"Let tea lovers mix tea")
        # At once, before the pause after typing that saves a line on its own.
        await app.action_switch_language()
        await settle(app, pilot)
        assert i18n.current_language() == "zh"
        (charter,) = app.store.all(Charter)
        assert charter.mission == "Let tea lovers mix tea"
