"""The weekly review driven with Pilot: its numbers, history, mid-quarter changes, tasks, report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Markdown, Static

from okr_tui.app import OkrApp
from okr_tui.models import Event, KeyResult, Objective, UnplannedWork
from okr_tui.okr_changes import okr_changes
from okr_tui.store import Store
from screens.change_dialog import ChangeDialog
from screens.changes import ChangesScreen
from screens.kr_history import KrHistoryScreen
from screens.review import ReviewScreen
from screens.task_dialog import TaskListDialog, UnplannedDialog
from screens.weekly_report import WeeklyReportScreen
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
    return OkrApp(store, today=TODAY, watch_file=False, start_screen="review", start_kwargs=kwargs)


def table(app: OkrApp) -> DataTable[Any]:
    return app.screen.query_one(DataTable)


def row_keys(app: OkrApp) -> list[str]:
    return [str(key.value) for key in table(app).rows]


def cells(app: OkrApp, key: str) -> list[str]:
    return [str(cell) for cell in table(app).get_row(key)]


async def go_to(app: OkrApp, pilot: Any, key: str) -> None:
    table(app).move_cursor(row=table(app).get_row_index(key))
    await pilot.pause()


async def test_review_numbers_match_hand_computed_ones(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert row_keys(app) == [
            "ob:ob-rep",
            "kr:kr-seg",
            "kr:kr-mod",
            "kr:kr-rate",
            "ob:ob-eff",
            "kr:kr-cyc",
            "ob:ob-mine",
            "kr:kr-tools",
        ]
        # Columns: title, this week, change, progress, confidence (its change), health, owner,
        # open/done tasks.
        seg = cells(app, "kr:kr-seg")
        assert seg[1:3] == ["55%", "+15%"]
        assert seg[3].endswith(" 55%")
        assert seg[4:] == ["8/10 +1", "▲ at risk", "ann", "1/1"]
        assert cells(app, "kr:kr-mod")[1:3] == ["1 models", "±0"]
        assert cells(app, "kr:kr-mod")[3].endswith(" 33%")
        assert cells(app, "kr:kr-mod")[4:6] == ["5/10 ±0", "◌ stale"]
        assert cells(app, "kr:kr-rate")[1:3] == ["24%", "+2%"]
        assert cells(app, "kr:kr-rate")[3].endswith(" 80%")  # (24-20)/(25-20)
        assert cells(app, "kr:kr-rate")[4:] == ["4/10 −2", "▲ at risk", "lei", "1/0"]
        assert cells(app, "kr:kr-cyc")[1:3] == ["25 days", "−2"]
        assert cells(app, "kr:kr-cyc")[3].endswith(" 56%")  # 5/9 of the way down
        tools = cells(app, "kr:kr-tools")
        assert [tools[1], tools[2], tools[4], tools[5]] == ["–", "–", "–", "○ no check-in"]
        heading = str(app.screen.query_one("#review-heading", Static).render())
        assert "3 of 5 key results checked in this week" in heading
        assert "not yet: ann (1), bob (1)" in heading
        assert "1 private objective" in heading
        assert "secret" not in heading.lower()
        unplanned = str(app.screen.query_one("#review-unplanned", Static).render())
        assert "Urgent audit support for finance" in unplanned
        assert "Last week's fire" not in unplanned


async def test_sort_and_filter(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f", "f")  # not checked in this week
        assert row_keys(app) == ["ob:ob-rep", "kr:kr-mod", "ob:ob-mine", "kr:kr-tools"]
        await pilot.press("f", "s")  # all, sorted by health: worst first
        assert row_keys(app) == [
            "kr:kr-mod",  # stale
            "kr:kr-tools",  # no check-in
            "kr:kr-seg",  # at risk, 55%
            "kr:kr-cyc",  # at risk, 56%
            "kr:kr-rate",  # at risk, 80%
        ]
        await pilot.press("s")  # by progress, lowest first, no reading first of all
        assert row_keys(app)[:2] == ["kr:kr-tools", "kr:kr-mod"]


async def test_enter_opens_the_kr_history_with_every_checkin(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, KrHistoryScreen)
        history = table(app)
        rows = [[str(c) for c in history.get_row_at(i)] for i in range(history.row_count)]
        assert [r[1:5] for r in rows] == [
            ["ann", "55%", "+15%", "8/10"],
            ["ann", "40%", "+10%", "7/10"],
            ["ann", "30%", "–", "7/10"],
        ]
        assert rows[0][5] == "layering done for two industries"
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_retarget_a_committed_kr_needs_a_reason_that_is_saved(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(app, pilot, "kr:kr-rate")
        await pilot.press("g")
        assert isinstance(app.screen, ChangeDialog)
        # The target field is focused with its text selected: typing replaces it.
        await pilot.press(*"24%", "enter", "enter", "enter")
        assert isinstance(app.screen, ChangeDialog)
        error = str(app.screen.query_one("#dialog-error", Static).render())
        assert error == "This key result is committed: say why it changes."
        assert app.screen.focused is app.screen.query_one("#change-reason", Input)
        await pilot.press(*"more important work came in", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert cells(app, "kr:kr-rate")[3].endswith("100%")  # 24 of a target of 24
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, ChangesScreen)
        await app.workers.wait_for_complete()  # the history is read in the background
        await pilot.pause()
        newest = [str(c) for c in table(app).get_row_at(0)]
        assert newest[1:] == [
            "ann",
            "changed key result",
            "复购率 of the XXX market",
            "more important work came in",
            "target: 25 → 24",
        ]
    fresh = Store(team_path, "x")
    assert fresh.get(KeyResult, "kr-rate").target == 24
    event = fresh.events("kr-rate")[-1]
    assert isinstance(event, Event)
    assert (event.who, event.reason) == ("ann", "more important work came in")
    assert (event.before or {})["target"] == 25 and (event.after or {})["target"] == 24


async def test_drop_a_kr_and_edit_an_objective_from_the_review(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(app, pilot, "kr:kr-mod")
        await pilot.press("d", *"no data team this quarter", "enter")
        await pilot.pause()
        assert "kr:kr-mod" not in row_keys(app)
        await go_to(app, pilot, "ob:ob-eff")
        await pilot.press("e", "ctrl+u", *"Ship projects [faster]", "enter", *"naming", "enter")
        await pilot.pause()
        assert str(table(app).get_row("ob:ob-eff")[0]).startswith("Ship projects [faster")
    fresh = Store(team_path, "x")
    assert fresh.get(KeyResult, "kr-mod").status == "dropped"
    assert fresh.events("kr-mod")[-1].reason == "no data team this quarter"
    assert fresh.get(Objective, "ob-eff").title == "Ship projects [faster]"


async def test_tasks_and_unplanned_work_from_the_review(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(app, pilot, "kr:kr-seg")
        tasks = str(app.screen.query_one("#review-tasks", Static).render())
        assert "[~] Layer users by industry" in tasks and "[x] Draft user portraits" in tasks
        await pilot.press("t")
        assert isinstance(app.screen, TaskListDialog)
        await pilot.press("x", "escape")  # tick off the open task (done ones sort last)
        await pilot.pause()
        assert cells(app, "kr:kr-seg")[7] == "0/2"
        await pilot.press("l")
        assert isinstance(app.screen, UnplannedDialog)
        await pilot.press(*"Help [sales] with a demo", "enter", *"half a day", "enter")
        await pilot.pause()
        unplanned = str(app.screen.query_one("#review-unplanned", Static).render())
        assert "Help [sales] with a demo (ann)" in unplanned
    logged = [u for u in Store(team_path, "x").all(UnplannedWork) if "demo" in u.title]
    assert [(u.note, u.author, u.unit_id) for u in logged] == [("half a day", "ann", "un-ued")]


async def test_report_key_shows_the_weekly_report(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, WeeklyReportScreen)
        source = app.screen.query_one(Markdown).source
        assert source.startswith("# Weekly report: UED support, 2026-W48")
        assert "Learn three analysis tools" not in source  # her private one: only if asked
        await pilot.press("p", "left_square_bracket")
        await pilot.pause()
        source = app.screen.query_one(Markdown).source
        assert source.startswith("# Weekly report: UED support, 2026-W47")
        assert "Learn three analysis tools" in source


async def test_last_week_and_another_unit(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("left_square_bracket")
        assert cells(app, "kr:kr-seg")[1:3] == ["40%", "+10%"]
        await pilot.press("right_square_bracket", "right_square_bracket")  # no future weeks
        assert cells(app, "kr:kr-seg")[1:3] == ["55%", "+15%"]
    app = make_app(team_path, unit_id="un-biz")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No objectives for this unit" in str(table(app).get_row_at(0)[0])


async def open_dialog_then_bob_retargets(app: OkrApp, pilot: Any, key: str) -> None:
    """Ann opens a change dialog on kr-rate; while it is open, bob re-targets it 25 -> 30."""
    await pilot.pause()
    await go_to(app, pilot, "kr:kr-rate")
    await pilot.press(key)
    assert isinstance(app.screen, ChangeDialog)
    Store(app.store.path, "bob", clock=fixed_clock).update(
        KeyResult, "kr-rate", target=30, reason="bigger market"
    )


async def test_an_edit_keeps_what_a_colleague_changed_meanwhile(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog_then_bob_retargets(app, pilot, "e")
        assert app.store.refresh()  # as the app's polling would, while ann types
        await pilot.press("ctrl+u", *"Repurchase rate", "enter", "enter", "enter")
        await pilot.press(*"clearer name", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        # Ann changed only the title: bob's target stands, and there is nothing to warn of.
        assert not any("colleague" in (n.title or "") for n in app._notifications)
    fresh = Store(team_path, "x")
    kr = fresh.get(KeyResult, "kr-rate")
    assert (kr.title, kr.target) == ("Repurchase rate", 30)


async def test_saving_over_a_colleagues_change_says_whose_value_it_replaced(
    team_path: Path,
) -> None:
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog_then_bob_retargets(app, pilot, "g")
        await pilot.press(*"24%", "enter", "enter", *"smaller market", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        notes = [n for n in app._notifications if n.title == "Saved over a colleague's change"]
        assert len(notes) == 1
        assert "bob changed target from 25 to 30" in notes[0].message
        assert notes[0].message.endswith("your 24 replaced it")
    assert Store(team_path, "x").get(KeyResult, "kr-rate").target == 24


async def test_at_80_columns_owner_and_tasks_move_under_the_table(team_path: Path) -> None:
    app = make_app(team_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        labels = [str(c.label) for c in table(app).columns.values()]
        assert labels == ["Key result", "This week", "Change", "Progress", "Conf.", "Health"]
        # Every column fits: nothing to scroll sideways to.
        assert table(app).virtual_size.width <= table(app).size.width
        await go_to(app, pilot, "kr:kr-rate")
        detail = str(app.screen.query_one("#review-tasks", Static).render())
        assert "owner lei" in detail and "Export high-repurchase cases" in detail
    wide = make_app(team_path)
    async with wide.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [str(c.label) for c in table(wide).columns.values()][-2:] == ["Owner", "Open/done"]


async def test_changes_of_all_units_are_read_in_the_background_and_capped(
    team_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import screens.changes

    monkeypatch.setattr(screens.changes, "MAX_ROWS", 2)
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h", "u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        heading = str(app.screen.query_one("#changes-heading", Static).render())
        every = okr_changes(Store(team_path, "ann"), "ann")
        assert f"all units · {len(every)} changes, newest first (the latest 2 shown)" in heading
        newest = [str(key.value) for key in table(app).rows]
        assert newest == [c.event.id for c in reversed(every[-2:])]
