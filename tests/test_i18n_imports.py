"""Imports speak the language of whoever runs them: what a CSV or JSON import created, and the
problems it found, read in Chinese; in English as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_tui import csv_import, i18n
from okr_tui.csv_exchange import COLUMNS, CsvImportError, export_csv, import_csv
from okr_tui.json_import import import_json
from okr_tui.models import Objective, Unit
from okr_tui.store import Store, WorkspaceError
from tests.conftest import fixed_clock
from tests.test_csv_exchange import build_teebee


@pytest.fixture
def teebee_csv(store: Store) -> str:
    build_teebee(store)
    return export_csv(store, "ann")


def test_what_a_csv_import_created_reads_in_chinese(teebee_csv: str, tmp_path: Path) -> None:
    i18n.set_language("zh")
    report = import_csv(Store(tmp_path / "zh.json", "bob", clock=fixed_clock), teebee_csv)
    assert "单元 TeeBee（company）" in report.created
    assert "单元 UED（support，上级：TeeBee）" in report.created
    assert "周期 2026-Q3" in report.created
    assert "签到 45：The renewal rate of customers reaches 70%（bob）" in report.created
    assert report.summary().startswith(f"已读取 {report.rows} 行；新建：\n  单元 TeeBee")
    i18n.set_language("en")
    report = import_csv(Store(tmp_path / "en.json", "bob", clock=fixed_clock), teebee_csv)
    assert "unit UED (support, under TeeBee)" in report.created
    assert "check-in 45 on The renewal rate of customers reaches 70% (by bob)" in report.created
    assert report.summary().startswith(f"{report.rows} rows read; created:\n  unit TeeBee")


def test_past_the_listed_lines_a_report_counts_each_kind_in_the_language_spoken(
    teebee_csv: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_import, "LINES_KEPT", 3)
    i18n.set_language("zh")
    report = import_csv(Store(tmp_path / "zh.json", "bob", clock=fixed_clock), teebee_csv)
    # The units come first, though known last; what no longer fits is counted by its kind.
    assert report.created == ["单元 TeeBee（company）", *report.created[1:]]
    assert all(line.startswith("单元") for line in report.created)
    more = report.summary().splitlines()[-1]
    assert more.startswith("  另有 ") and "个关键结果" in more and "个目标" in more
    assert more.count("，") == len(report.more) - 1
    assert sum(report.more.values()) == int(more.split()[1])
    i18n.set_language("en")
    report = import_csv(Store(tmp_path / "en.json", "bob", clock=fixed_clock), teebee_csv)
    more = report.summary().splitlines()[-1]
    assert more.startswith("  and ") and " key results" in more and " objectives" in more


def test_csv_problems_are_in_line_order_in_any_language(store: Store) -> None:
    header = ",".join(COLUMNS)
    rows = [
        "2026-Q3,Ops,,,O,,,,,,,,,,,,,,",  # line 2: a new unit without its kind (found last)
        "2026-Q3,,company,,O,,,,,,,,,,,,,,",  # line 3: no unit (found while reading)
    ]
    i18n.set_language("zh")
    with pytest.raises(CsvImportError) as caught:
        import_csv(store, "\n".join([header, *rows]) + "\n")
    problems = caught.value.problems
    assert [p.split("：")[0] for p in problems] == ["第 2 行", "第 3 行"]
    assert problems[1] == "第 3 行：unit 为空（每一行都要写明所属单元）"
    assert str(caught.value).startswith("2 个问题，未导入任何内容：第 2 行：单元 'Ops' 是新的")


def test_a_json_import_refuses_in_the_language_spoken(store: Store) -> None:
    team = store.add(Unit(name="Team", kind="business"))
    store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=team.id, period_id="2026-Q4", title="Grow"))
    data = store.export_data()
    data["objectives"][0]["title"] = "Grow more"
    i18n.set_language("zh")
    with pytest.raises(WorkspaceError) as caught:
        import_json(store, data)
    assert str(caught.value) == (
        f'目标 {objective.id} "Grow" 的 title 与工作区不同（--update 会修改它）'
    )
    i18n.set_language("en")
    with pytest.raises(WorkspaceError) as caught:
        import_json(store, data)
    assert str(caught.value) == (
        f'objective {objective.id} "Grow" differs from the workspace in title (--update changes it)'
    )
    del data["objectives"]
    done = import_json(store, data)
    i18n.set_language("zh")
    assert done.summary("w.json").startswith("已导入 0 条记录到 w.json；")
