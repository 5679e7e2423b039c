"""The quarter report, the Markdown export and scoring's words in Chinese; English as before."""

from __future__ import annotations

from okr_tui import i18n, scoring
from okr_tui.markdown_export import export_markdown
from okr_tui.models import Objective
from okr_tui.quarter_report import quarter_report
from okr_tui.rules import score_band
from okr_tui.store import Store
from tests.conftest import TODAY
from tests.test_csv_exchange import build_teebee as build_teebee_export
from tests.test_quarter_report import check_golden, scored_quarter
from tests.test_scoring_core import Q4


def test_the_quarter_report_in_chinese_matches_golden(store: Store) -> None:
    scored_quarter(store)
    i18n.set_language("zh")
    text = quarter_report(store, "un-teebee", Q4, "ann")
    check_golden("quarter_teebee_zh.md", text)
    assert "# 季度报告：" in text and "## 分布" in text and "## 反思" in text
    assert "| 目标 | 类型 | 分数 | 等级 | 下一步 |" in text
    assert "Quarter report" not in text and "Reflection" not in text


def test_a_decision_reads_in_the_language_but_is_stored_in_english(store: Store) -> None:
    scored_quarter(store)
    i18n.set_language("zh")
    text = quarter_report(store, "un-teebee", Q4, "ann")
    assert "下个周期：保留" in text and "下个周期：放弃" in text
    assert scoring.review_record(store, "ob-t1").decision == "keep"  # type: ignore[union-attr]


def test_the_markdown_export_marks_workshop_drafts_in_chinese(store: Store) -> None:
    from okr_tui.workshop import add_candidate, start_or_resume

    build_teebee_export(store)
    prove = next(o for o in store.all(Objective) if o.title.startswith("Prove"))
    store.update(Objective, prove.id, status="committed", reason="agreed last week")
    workshop = start_or_resume(store, prove.unit_id, prove.period_id)
    add_candidate(store, workshop, "Win back the cafés we lost")
    i18n.set_language("zh")
    text = export_markdown(store, "ann", today=TODAY)
    block = text.split("Win back the cafés we lost", 1)[1].split("\n\n", 2)[1]
    assert "进行中研讨会的草稿，尚未商定" in block
    assert "导出于 2026年11月26日" in text
    assert "| 关键结果 | 进度 | 最新 | 目标值 | 截止 | 分数 |" in text
    assert "Key result" not in text and "not agreed" not in text


def test_notes_and_prompts_of_scoring_read_in_chinese() -> None:
    i18n.set_language("zh")
    note = scoring.expectation_note("committed", 0.8)
    assert note is not None and "承诺型目标应达到1.0" in note.text
    assert scoring.focus_note().startswith("OKR 用于聚焦")
    assert scoring.band_words(score_band(0.5)) == "黄"
    assert scoring.decision_words("abandon") == "放弃" and scoring.decision_words(None) == "–"
    i18n.set_language("en")
    assert scoring.focus_note(long=True) == scoring.FOCUS_NOTE_LONG
