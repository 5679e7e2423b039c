"""The messages of okr-tui's own errors in Chinese (units, weeks, corrections, the charter,
the parking lot, a damaged file, a control character), records named as people say them,
the workshop minutes in Chinese, and the changes heading's singular."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from okr_tui import i18n
from okr_tui import workshop as ws
from okr_tui.app import OkrApp
from okr_tui.app_language import LANGUAGE_NAMES as APP_NAMES
from okr_tui.cli import lang
from okr_tui.corrections import checkin_to_fix
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.storage import UnreadableFile, parse_bytes
from okr_tui.store import Store, WorkspaceError
from okr_tui.units import add_unit
from okr_tui.weekly import Week, WeekError
from screens.changes import ChangesScreen
from tests.conftest import TODAY, fixed_clock

PERIOD = "2026-Q4"


@pytest.fixture
def company(tmp_path: Path) -> tuple[Store, Unit]:
    store = Store(tmp_path / "w.json", "ann", clock=fixed_clock)
    return store, store.add(Unit(name="TeeBee", kind="company"))


def test_a_missing_record_is_named_as_people_say_it(company: tuple[Store, Unit]) -> None:
    store, _unit = company
    with pytest.raises(WorkspaceError, match=r"^no key result with id 'kr-none'$"):
        store.get(KeyResult, "kr-none")
    i18n.set_language("zh")
    with pytest.raises(WorkspaceError, match=r"^没有 id 为 'kr-none' 的关键结果$"):
        store.get(KeyResult, "kr-none")


def test_the_core_errors_are_said_in_chinese(company: tuple[Store, Unit]) -> None:
    store, unit = company
    i18n.set_language("zh")
    with pytest.raises(WeekError, match="周的写法如 2026-W48"):
        Week.parse("next week")
    with pytest.raises(WeekError, match="2026 年没有第 54 周"):
        Week.parse("2026-W54")
    with pytest.raises(WorkspaceError, match="单元需要一个名称"):
        add_unit(store, "  ", "business", unit.id)
    with pytest.raises(WorkspaceError, match="公司位于最顶层"):
        add_unit(store, "Another", "company", unit.id)
    with pytest.raises(WorkspaceError, match="没有签到或关键结果 'kr-none'"):
        checkin_to_fix(store, "kr-none")
    with pytest.raises(WorkspaceError, match="使命最多 2,000 个字符，现在是 2,001 个"):
        ws.set_charter(store, unit.id, "mission", "x" * 2001)
    session = ws.start_or_resume(store, unit.id, PERIOD)
    with pytest.raises(WorkspaceError, match="搁置区里没有这条想法"):
        ws.remove_idea(store, session.id, 3)


def test_a_control_character_is_refused_in_chinese_and_in_the_same_english(
    company: tuple[Store, Unit],
) -> None:
    store, unit = company
    spoiled = Objective(unit_id=unit.id, period_id=PERIOD, title="Grow\x1b[2J")
    with pytest.raises(WorkspaceError) as english:
        store.add(spoiled)
    assert str(english.value) == (
        "the title of the objective holds a control character (ESC, U+001B): "
        "type it without and save again"
    )
    i18n.set_language("zh")
    with pytest.raises(WorkspaceError) as chinese:
        store.add(spoiled)
    assert str(chinese.value) == "目标的字段“title”含有控制字符（ESC, U+001B）：请去掉后重新保存"


def test_a_file_that_is_no_workspace_is_named_in_chinese() -> None:
    i18n.set_language("zh")
    with pytest.raises(UnreadableFile, match="文件是空的"):
        parse_bytes(b"  ")
    with pytest.raises(UnreadableFile, match="不是 okr-tui 工作区"):
        parse_bytes(b"[1, 2]")


def test_the_workshop_minutes_are_written_in_chinese_and_keep_what_was_typed(
    company: tuple[Store, Unit],
) -> None:
    store, unit = company
    session = ws.start_or_resume(store, unit.id, PERIOD)
    ws.set_charter(store, unit.id, "mission", "Make tea simple")
    objective = ws.add_candidate(store, session, "Prove value")
    store.add(KeyResult(objective_id=objective.id, title="Ten shops", target=10))
    ws.park_idea(store, session.id, "A loyalty card")
    i18n.set_language("zh")
    text = ws.minutes_markdown(store, store.get(type(session), session.id))
    assert text.startswith(f"# OKR 研讨会：TeeBee，{PERIOD}\n")
    for heading in ("## 章程", "## 目标与关键结果", "## 投票", "## 搁置区", "## 参与者"):
        assert f"\n{heading}\n" in text
    assert "- **使命：** Make tea simple" in text
    assert "- **愿景：** （未填写）" in text
    assert "### O1. Prove value" in text and "1. Ten shops：0 → 10" in text
    assert "- A loyalty card" in text and "（保留）" in text
    for english in ("Charter", "Votes", "Parking lot", "Who took part", "Held", "votes"):
        assert english not in text


def test_the_language_names_have_one_home() -> None:
    assert APP_NAMES is i18n.LANGUAGE_NAMES
    assert set(i18n.LANGUAGE_NAMES) == set(i18n.LANGUAGES)
    assert not hasattr(lang, "NAMES")


async def test_the_changes_heading_says_one_change_in_the_singular(
    company: tuple[Store, Unit],
) -> None:
    store, unit = company
    store.add(Objective(unit_id=unit.id, period_id=PERIOD, title="Grow"))
    path = store.path
    store.close()
    app = OkrApp(Store(path, "ann", clock=fixed_clock), today=TODAY, watch_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_open("changes", unit_id=unit.id)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ChangesScreen)
        heading = str(app.screen.query_one("#changes-heading", Static).render())
        assert "TeeBee · 1 change, newest first" in heading


class NotedApp(OkrApp):
    """The app, keeping the titles of its toasts."""

    titles: list[str]

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.titles.append(str(kwargs.get("title", "")))
        super().notify(message, *args, **kwargs)


async def test_the_weekly_reports_save_is_named_in_chinese(tmp_path: Path) -> None:
    from tests.test_weekly_core import build_team

    path = build_team(tmp_path / "team.json").path
    i18n.start_language("zh", {})
    app = NotedApp(Store(path, "ann", clock=fixed_clock), today=TODAY, watch_file=False)
    app.titles = []
    app.export_directory = tmp_path / "downloads"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_open("report", unit_id="un-ued")
        await pilot.pause()
        await pilot.press("s")
        # The file is written in a thread: wait for the toast that says it is done.
        for _attempt in range(400):
            if app.titles:
                break
            await pilot.pause(0.025)
    assert app.titles == ["周报"]


def test_what_others_changed_is_told_in_chinese() -> None:
    from datetime import UTC, date, datetime

    from okr_tui.conflicts import Change, batch_notes, describe

    at = datetime(2026, 11, 25, 10, 2, tzinfo=UTC)
    target = Change("bob", at, "key_results", "kr-1", "target", 70, 80, "clearer")
    removed = Change("bob", at, "key_results", "kr-1", "", None, None)
    batch = [
        Change("jack", at, "objectives", f"ob-{n}", "status", "draft", "parked", "top 3")
        for n in (1, 2)
    ]
    i18n.set_language("zh")
    today = date(2026, 11, 25)
    said = describe(target, tz=UTC, today=today)
    assert said == "bob 于 10:02 把目标值从 70 改为 80（理由：clearer）"
    assert describe(removed, tz=UTC, today=today) == "bob 于 10:02 删除了这个关键结果"
    assert batch_notes(batch, tz=UTC, today=today) == [
        "jack 于 10:02 一次改了你编辑过的 2 个目标（top 3）"
    ]


def test_a_period_label_and_who_else_is_here_in_chinese() -> None:
    from okr_tui.models import period_for
    from okr_tui.periods import describe as described
    from okr_tui.periods import read_label
    from okr_tui.presence import describe

    class Here:
        def __init__(self, display: str) -> None:
            self.display = display

    i18n.set_language("zh")
    with pytest.raises(ValueError, match="周期是季度"):
        read_label("soon")
    assert described(period_for("2027-Q1")) == "2027-Q1（2027年1月1日 – 3月31日）"
    people: Any = [Here(name) for name in ("bob", "carl", "dee", "eve", "fay")]
    assert describe(people) == "也在这里：bob，carl，dee 等另外 2 人"
