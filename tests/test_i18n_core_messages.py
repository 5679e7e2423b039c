"""Core messages in Chinese, and numbers, confidence and minutes typed the Chinese way."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from okr_tui import i18n
from okr_tui import workshop as ws
from okr_tui.checkin_input import read_confidence, read_value
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.numbers import NumberError, read_number
from okr_tui.scoring import check_score
from okr_tui.store import Store, WorkspaceError
from okr_tui.timebox import SharedTimer, parse_minutes
from tests.conftest import settle
from tests.test_checkin_ui import SIZE, make_app, message, team_path  # noqa: F401

PERIOD = "2026-Q4"


@pytest.mark.parametrize(
    ("typed", "value", "measure"),
    [
        ("３。５", 3.5, ""),
        ("７０。５％", 70.5, "%"),
        ("１２。５万", 125_000.0, ""),
        ("¥２５０，０００", 250_000.0, "¥"),
    ],
)
def test_numbers_typed_with_a_chinese_keyboard_are_read(
    typed: str, value: float, measure: str
) -> None:
    reading = read_number(typed)
    assert (reading.value, reading.measure) == (value, measure)


def test_confidence_typed_in_full_width_is_read() -> None:
    assert read_confidence("８") == 8
    assert read_confidence("８／１０") == 8
    assert read_confidence("１０") == 10


def test_confidence_in_another_scripts_digits_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        read_confidence("٨")  # Arabic-Indic eight


def test_a_milestone_reads_chinese_words() -> None:
    kr = KeyResult(objective_id="ob-1", title="Open the shop", target=1, milestone=True)
    assert read_value("完成", kr) == 1.0
    assert read_value("未完成", kr) == 0.0


@pytest.mark.parametrize(
    ("typed", "minutes"), [("１０分钟", 10.0), ("90秒", 1.5), ("7.5分", 7.5), ("１：３０", 1.5)]
)
def test_minutes_typed_in_chinese_are_read(typed: str, minutes: float) -> None:
    assert parse_minutes(typed) == minutes


def test_what_numbers_cannot_read_is_said_in_chinese() -> None:
    i18n.set_language("zh")
    with pytest.raises(NumberError, match="不是数字"):
        read_number("abc")
    with pytest.raises(NumberError, match="不是一个数字"):
        read_number("1.5.5")
    with pytest.raises(ValueError, match="信心是 0 到 10 的整数"):
        read_confidence("11")
    with pytest.raises(ValueError, match="不是分钟数"):
        parse_minutes("soon")
    with pytest.raises(ValueError, match="时间盒"):
        SharedTimer.fresh(0)
    with pytest.raises(WorkspaceError, match=r"分数从 0\.0 到 1\.0"):
        check_score(1.5)


def test_a_key_result_counted_otherwise_is_named_in_chinese() -> None:
    i18n.set_language("zh")
    kr = KeyResult(objective_id="ob-1", title="Calls", target=10, measure="/10")
    with pytest.raises(NumberError, match="这个关键结果以/10计"):
        read_value("65%", kr)


def test_the_stores_messages_are_said_in_chinese(tmp_path: Path) -> None:
    i18n.set_language("zh")
    with pytest.raises(WorkspaceError, match="这里没有工作区"):
        Store(tmp_path / "missing.json", "ann", create=False)
    store = Store(tmp_path / "w.json", "ann")
    with pytest.raises(WorkspaceError, match="没有 id 为 'un-none' 的"):
        store.get(Unit, "un-none")
    unit = store.add(Unit(name="TeeBee", kind="company"))
    objective = store.add(
        Objective(unit_id=unit.id, period_id=PERIOD, title="Grow", status="committed")
    )
    with pytest.raises(WorkspaceError, match="“Grow” 已承诺：请说明修改原因"):
        store.update(Objective, objective.id, title="Grow more")


def test_a_damaged_file_is_named_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"objective": {}}', encoding="utf-8")
    i18n.set_language("zh")
    with pytest.raises(WorkspaceError) as raised:
        Store(path, "ann", create=False)
    assert "不是 okr-tui 工作区" in str(raised.value) and "文件没有改动" in str(raised.value)


def test_undo_says_what_it_undid_in_chinese(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.json", "ann")
    unit = store.add(Unit(name="TeeBee", kind="company"))
    session = ws.start_or_resume(store, unit.id, PERIOD)
    ws.add_candidate(store, session, "Prove value")
    i18n.set_language("zh")
    assert ws.undo_last(store, session) == "添加目标“Prove value”"
    while True:
        try:
            ws.undo_last(store, session)
        except WorkspaceError as exc:
            assert str(exc) == "没有可撤销的操作"
            break


async def test_an_unreadable_confidence_in_chinese_puts_the_cursor_on_it(
    team_path: Path,  # noqa: F811
) -> None:
    i18n.start_language("zh", {})
    app = make_app(team_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*"７０％", "tab", "ctrl+u", *"11", "tab", *"note", "enter")
        await settle(app, pilot)
        assert "信心是 0 到 10 的整数" in message(app, "kr-seg")
        assert isinstance(app.focused, Input) and app.focused.has_class("confidence")


def test_a_database_that_is_not_there_is_named_in_chinese(tmp_path: Path) -> None:
    from okr_tui.location import PgUrl
    from okr_tui.pg.connect import DatabaseUnreachable, connect

    i18n.set_language("zh")
    # A socket folder with no server in it: refused at once, nothing to wait for.
    nowhere = PgUrl(f"postgresql://ann:s3cret@/okr?host={tmp_path}&connect_timeout=2")
    with pytest.raises(DatabaseUnreachable, match="无法连接") as raised:
        connect(nowhere)
    assert "s3cret" not in str(raised.value)
