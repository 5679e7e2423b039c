"""The rounds dialog, the open round's line and a facilitator who left, in Chinese.

English stays as it was: the other tests of these screens read it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Static

from okr_tui import estimate_rounds as rounds
from okr_tui import i18n
from okr_tui.models import Workshop
from okr_tui.store import WorkspaceError
from okr_tui.workshop import room
from tests.test_estimate_rounds import KR, seed_team
from tests.test_estimate_rounds_ui import SIZE, Room, app_for, dialog, press, shown, sync
from tests.test_rounds_notice import heading


def left_session() -> Workshop:
    return Workshop(unit_id="un-1", period_id="2026-Q4", facilitator="hanna", facilitator_left=True)


def test_a_facilitator_who_left_reads_in_chinese_and_in_english() -> None:
    assert room.room_line(left_session(), 2, "jack") == "Nobody leads · 2 here"
    english = room.refusal(left_session(), "jack", "timer")
    assert english == "hanna left the session: take the lead first to run the timer."
    i18n.set_language("zh")
    assert room.room_line(left_session(), 2, "jack") == "无人主持 · 2 人在场"
    assert room.refusal(left_session(), "jack", "timer") == (
        "hanna 已退出会议：请先接管主持，才能操作计时器。"
    )


def test_round_words_read_in_chinese() -> None:
    assert rounds.answered_line(1, 1) == "1 of 1 has answered"
    found = rounds.spread([6.0, 9.0])
    assert found is not None
    assert rounds.spread_line(found, "confidence") == "from 6/10 to 9/10 · median 7.5"
    i18n.set_language("zh")
    assert rounds.answered_line(2, 3) == "3 人中 2 人已回答"
    assert rounds.spread_line(found, "confidence") == "从 6/10 到 9/10 · 中位数 7.5"
    # The note stored with the agreed check-in is everyone's: it stays English.
    assert rounds.spread_line(found, "confidence", shown=False).startswith("from 6/10")
    with pytest.raises(WorkspaceError) as problem:
        rounds.read_value("seven", "confidence")
    assert str(problem.value) == "请输入一个数字，例如 7（0 到 10）"


async def test_the_rounds_dialog_and_the_open_round_line_in_chinese(workspace: Path) -> None:
    seed_team(workspace)
    i18n.start_language("zh", {})
    hanna, jack = (app_for(workspace, user, "review") for user in ("hanna", "jack"))
    async with hanna.run_test(size=SIZE) as hp, jack.run_test(size=SIZE) as jp:
        room_: Room = [(hanna, hp), (jack, jp)]
        await sync(room_)
        table = hanna.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(f"kr:{KR}"))
        await press(room_, 0, "v")
        title = dialog(hanna).query_one(".dialog-title", Static).render()
        assert str(title) == "信心轮次"
        assert "由 hanna 主持 · 3 人中 0 人已回答" in shown(hanna)
        assert "enter 保存你的回答：揭晓前只有你能看到 · ctrl+r 揭晓 · esc 关闭" in shown(hanna)
        button = dialog(hanna).query_one("#round-cancel", Button)
        assert str(button.label) == "不商定就结束"
        await sync(room_)
        assert "hanna 在「Restaurants」上发起了信心轮次 · 3 人中 0 人已回答 · 按 v 回答" in heading(
            jack, "review"
        )
        assert "你在「Restaurants」上发起的信心轮次正在进行" in heading(hanna, "review")
