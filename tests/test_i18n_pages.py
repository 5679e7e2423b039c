"""The alignment tree, unit and person pages, changes, a key result's history and the units
screen in Chinese: words, flags, links, changes and moments; English reads as before."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Input, Label, Static

from okr_tui import i18n
from okr_tui.alignment import Alignment, Value
from okr_tui.alignment.flags import FlagKind, flag_word
from okr_tui.app import OkrApp
from okr_tui.corrections import correct_checkin
from okr_tui.models import KeyResult, Objective
from okr_tui.okr_changes import moment, okr_changes
from okr_tui.store import Store
from screens.alignment import HEAD_CELLS, value_text
from tests.conftest import TODAY, fixed_clock, settle
from tests.test_alignment_core import build_org

AT = datetime(2026, 11, 25, 14, 5, tzinfo=UTC)


@pytest.fixture
def org(store: Store) -> Store:
    build_org(store)
    return store


def zh_app(path: Path, user: str, screen: str, **kwargs: Any) -> OkrApp:
    i18n.start_language("zh", {})
    store = Store(path, user, clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen=screen, start_kwargs=kwargs)


def shown(app: OkrApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


def headers(table: DataTable[Any]) -> list[str]:
    return [str(column.label) for column in table.columns.values()]


# -- the words, without a screen ---------------------------------------------------------------


def test_a_change_says_what_it_did_in_chinese_and_as_before_in_english(org: Store) -> None:
    org.update(KeyResult, "kr-sa1a", target=50.0, direction="down", reason="bigger market")
    org.update(Objective, "ob-sa2", status="dropped", reason="no budget")
    changes = okr_changes(org, "ann")
    retarget, dropped = changes[-2], changes[-1]
    assert retarget.what == "changed key result"
    assert retarget.details == ["target: 40 → 50", "direction: up → down"]
    assert dropped.what == "dropped objective"
    i18n.set_language("zh")
    assert retarget.what == "修改了关键结果"
    assert retarget.details == ["目标值：40 → 50", "方向：向上 → 向下"]
    assert dropped.what == "放弃了目标"
    assert dropped.details == ["状态：已承诺 → 已放弃"]


def test_moments_read_as_chinese_writes_them_and_as_before_in_english() -> None:
    styles = ("long", "table", "weekday", "day")
    english = [moment(AT, s) for s in styles]  # type: ignore[arg-type]
    assert english == [
        "25 Nov 2026 14:05",
        "25 Nov 26 14:05",
        "Wed 25 Nov 2026 14:05",
        "25 Nov 2026",
    ]
    i18n.set_language("zh")
    chinese = [moment(AT, s) for s in styles]  # type: ignore[arg-type]
    assert chinese == [
        "2026年11月25日 14:05",
        "2026/11/25 14:05",
        "2026/11/25 周三 14:05",
        "2026年11月25日",
    ]
    # In a table the Chinese moment is no wider than the English one.
    assert cell_len(chinese[2]) <= cell_len(english[2])


def test_alignment_flags_and_links_read_in_chinese(org: Store) -> None:
    i18n.set_language("zh")
    nodes = {n.id: n for root in Alignment(org, "2026-Q4", "carl").full() for n in root.walk()}
    orphan = nodes["ob-sa2"].flags[0]
    assert flag_word(orphan.kind) == "无上级"
    assert orphan.message == "没有上级目标，而 TeeBee 本周期有目标"
    skip = nodes["ob-an1"].flags[0]
    assert (flag_word(skip.kind), skip.message) == ("越级", "它的上级目标在 TeeBee，而不在 Sales")
    notes = {n.link_note for n in nodes.values() if n.kind == "link"}
    assert {"由 Sales 承接", "受 UED 支持", "支持 Sales"} <= notes
    i18n.set_language("en")
    assert flag_word(FlagKind.SUPPORTS_NOTHING) == "supports nothing"


def test_a_score_keeps_the_width_of_the_value_column_in_chinese() -> None:
    i18n.set_language("zh")
    text = value_text(Value(0.7, "score"))
    assert "评分" in text.plain and text.cell_len == HEAD_CELLS


# -- the screens -------------------------------------------------------------------------------


async def test_the_alignment_tree_speaks_chinese(org: Store) -> None:
    app = zh_app(org.path, "carl", "alignment")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await settle(app, pilot)
        status = str(app.screen.query_one("#align-status", Static).render())
        assert "5 个对齐提醒" in status and "enter：打开 · 空格：折叠" in status
        assert app.screen.query_one(Input).placeholder == "/ 搜索标题和单元，或 @负责人"
        await pilot.press("slash", *"second", "enter")
        await settle(app, pilot)
        detail = str(app.screen.query_one("#align-detail", Static).render())
        assert "⚑ 无上级：没有上级目标" in detail and "enter：打开页面" in detail


async def test_a_person_page_speaks_chinese(org: Store) -> None:
    app = zh_app(org.path, "carl", "unit", login="ann")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = shown(app)
        assert "@ann  个人" in text and "隶属 TeeBee › Sales" in text
        assert "属于 Sales" in text and "⚑ 越级" in text
        assert "0.4 评分  1 个目标 +1 个私密" in text and "至今" in text and "◂ 当前" in text
        # The labels take the same nine cells in either language.
        assert "使命     Help" in text
        titles = [app.screen.query_one(f"#page-{n}").border_title for n in ("charter", "record")]
        assert titles == ["章程", "记录"]


async def test_the_changes_screen_speaks_chinese(org: Store) -> None:
    org.update(KeyResult, "kr-sa1a", target=50.0, reason="bigger market")
    app = zh_app(org.path, "ann", "changes")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert headers(table) == ["时间", "人员", "操作", "对象", "原因", "变化"]
        assert [str(c) for c in table.get_row_at(0)[:3]] == [
            "2026/11/26 10:00",
            "ann",
            "修改了关键结果",
        ]
        text = shown(app)
        assert (
            "目标和关键结果的变更" in text
            and "全部单元 · " in text
            and "条变更，最新的在前" in text
        )
        assert "ann，2026年11月26日 10:00" in text and "原因：bigger market" in text


async def test_a_key_results_history_speaks_chinese(org: Store) -> None:
    org.update(KeyResult, "kr-sa1a", target=50.0, reason="bigger market")
    correct_checkin(org, "ci-sa1a", value=22.0, reason="typed 20 for 22")
    app = zh_app(org.path, "ann", "history", kr_id="kr-sa1a")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert headers(table) == ["时间", "人员", "数值", "变化", "信心", "备注"]
        assert str(table.get_row_at(0)[0]) == "2026/11/20 周五 09:00"
        fix = [str(cell) for cell in table.get_row_at(1)]
        assert fix == [
            " ↳ 2026/11/26 周四 10:00",
            "ann",
            "原为 20",
            "",
            "原为 6/10",
            "已更正：typed 20 for 22",
        ]
        text = shown(app)
        assert "0 → 50（向上） · 进度 44%" in text
        assert "2026年11月26日 ann 修改了关键结果：目标值：40 → 50 — 原因：bigger market" in text


async def test_the_units_screen_and_its_forms_speak_chinese(org: Store) -> None:
    app = zh_app(org.path, "ann", "units")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert headers(table) == ["单元", "类型", "ID", "状态"]
        states = {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        assert states == {"有效", "已归档"}
        await pilot.press("a")
        await settle(app, pilot)
        words = [str(label.render()) for label in app.screen.query(Label)]
        assert words[:4] == ["添加单元", "名称", "类型", "上级"]
