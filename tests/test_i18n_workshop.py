"""The workshop in Chinese: the room line, who is where, step words, votes and charter hints."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from conftest import TODAY, fixed_clock, settle

from okr_tui import i18n
from okr_tui import workshop as core
from okr_tui.app import OkrApp
from okr_tui.models import Unit, Workshop
from okr_tui.presence import Place, Presence, where
from okr_tui.store import Store
from okr_tui.workshop import room
from okr_tui.workshop.steps import charter_title, shown, step_of
from okr_tui.workshop.tips import charter_tips, word_count

AT = datetime(2026, 12, 1, tzinfo=UTC)


def session(**fields: object) -> Workshop:
    return Workshop(unit_id="un-1", period_id="2026-Q4", facilitator="hanna", **fields)


def test_the_room_line_reads_in_chinese_and_stays_english_otherwise() -> None:
    assert room.room_line(session(), 3, "jack") == "Session led by hanna · 3 here"
    i18n.set_language("zh")
    assert room.room_line(session(), 3, "jack") == "由 hanna 主持 · 3 人在场"
    assert room.room_line(session(), 1, "hanna") == "由你主持 · 1 人在场"


def test_who_is_where_words_the_step_and_what_they_do_in_chinese() -> None:
    jack = Presence("jack", 1, "box", AT, "杰克", Place("workshop", "ws-1", 4, "writing"))
    mia = Presence("mia", 2, "box", AT, "米娅", Place(screen="review"))
    assert where(jack) == "杰克: step 4 · writing"
    i18n.set_language("zh")
    assert where(jack) == "杰克: 第 4 步 · 正在书写"
    assert where(mia) == "米娅: 复盘"


def test_steps_show_their_prompt_and_examples_in_chinese() -> None:
    i18n.set_language("zh")
    mission = shown(step_of("mission"))
    assert (mission.title, mission.good) == ("使命", "让茶友好好调茶。")
    assert charter_title("vision", solo=True) == "你的愿景"
    # The key stays English: it is what the workshop stores.
    assert mission.key == "mission"


def test_a_refused_vote_and_a_refused_step_say_why_in_chinese() -> None:
    i18n.set_language("zh")
    assert (
        room.refusal(session(), "jack", "timer") == "hanna 主持这次会议：只有主持人才能操作计时器。"
    )
    assert "第 4 步（目标）" in room.view_problem(session(step="objectives"), "jack", "review")


def test_a_chinese_strategy_is_counted_in_characters_not_spaces() -> None:
    strategy = "向高端餐厅和咖啡店销售高品质的散装茶。"
    assert word_count(strategy) >= 4
    assert charter_tips("strategy", strategy) == []
    # A strategy of two characters is still too short to name a choice.
    assert charter_tips("strategy", "卖茶") != []
    assert word_count("Sell tea to cafes") == 4


async def test_deleting_a_key_result_in_chinese_asks_and_deletes(workspace: Path) -> None:
    from screens.workshop.dialogs import Confirm

    i18n.start_language("zh", {})
    store = Store(workspace, "ann", clock=fixed_clock)
    unit = store.add(Unit(id="un-teeb", name="茶蜂", kind="company"))
    workshop = core.set_step(
        store, core.start_or_resume(store, unit.id, "2026-Q4").id, "key_results"
    )
    objective = core.add_candidate(store, workshop, "证明我们的茶")
    core.save_key_result(store, objective.id, {"title": "续约率达到 70%", "target": "70%"})
    app = OkrApp(store, today=TODAY, watch_file=False, start_screen="workshop")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "d")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert app.screen.question == "删除这个关键结果？"
        await pilot.press("y")
        await settle(app, pilot)
    assert store.key_results(objective.id) == []


def test_coach_hints_read_in_chinese() -> None:
    from okr_tui import coach
    from okr_tui.models import KeyResult, Objective

    unit = Unit(id="un-teeb", name="茶蜂 TeeBee", kind="company")
    kept = [Objective(unit_id=unit.id, period_id="2026-Q4", title=t) for t in ("甲", "乙")]
    english = coach.unit_period_hints(kept, unit)[0].message
    assert english == "茶蜂 TeeBee has 2 objectives for 2026-Q4: 3 to 5 usually cover what matters."
    i18n.set_language("zh")
    [hint] = coach.unit_period_hints(kept, unit)
    assert hint.message == "茶蜂 TeeBee 在 2026-Q4 有 2 个目标：通常 3 到 5 个才能覆盖重点。"
    kr = KeyResult(objective_id="ob-1", title="改进订货系统", target=None)
    messages = [h.message for h in coach.key_result_hints(kr)]
    assert any(m.startswith("没有数字也没有日期") for m in messages)
