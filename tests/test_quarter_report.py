"""The quarter report in Markdown, against golden files, and `okr report quarter`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from okr_tui import scoring
from okr_tui.cli import main
from okr_tui.models import Objective
from okr_tui.quarter_report import md, quarter_report
from okr_tui.store import Store
from tests.test_scoring_core import Q4, build_teebee

GOLDEN = Path(__file__).parent / "golden"


def scored_quarter(store: Store) -> Store:
    build_teebee(store)
    for kr_id, value in (("kr-t11", 0.7), ("kr-t12", 0.5), ("kr-t13", 0.8)):
        scoring.set_score(store, kr_id, agreed=value)
    scoring.set_score(store, "kr-t12", comment="renewals [bold]by phone[/] | still")
    for kr_id, value in (("kr-t21", 0.8), ("kr-t22", 1.0), ("kr-t23", 0.7)):
        scoring.set_score(store, kr_id, agreed=value)
    scoring.set_score(store, "kr-t41", agreed=1.0)
    scoring.set_review(store, "ob-t1", decision="keep")
    scoring.set_review(store, "ob-t2", decision="modify", miss_reason="the vendor was late")
    scoring.set_review(store, "ob-t4", decision="abandon")
    scoring.save_reflection(
        store,
        "un-teebee",
        Q4,
        went_well="Tea tastings won restaurants over.",
        went_badly="Orders still come by phone.",
        learned="Ask suppliers early.\nMeasure renewals weekly.",
    )
    return store


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_report_matches_golden(store: Store) -> None:
    scored_quarter(store)
    check_golden("quarter_teebee.md", quarter_report(store, "un-teebee", Q4, "ann"))


def test_owner_sees_own_private_objective_only_on_request(store: Store) -> None:
    scored_quarter(store)
    scoring.set_score(store, "kr-t31", agreed=1.0)
    plain = quarter_report(store, "un-teebee", Q4, "bob")
    assert "Hire a tea sommelier" not in plain and "1 private objective not shown" in plain
    asked = quarter_report(store, "un-teebee", Q4, "bob", include_private=True)
    assert "Hire a tea sommelier" in asked and "private objective" not in asked.split("##")[0]
    # Someone else asking gets nothing of it.
    other = quarter_report(store, "un-teebee", Q4, "ann", include_private=True)
    assert "sommelier" not in other and "1 private objective not shown" in other


def test_solo_year_report(store: Store) -> None:
    from okr_tui.models import KeyResult, Unit

    store.add(Unit(id="un-wu", name="Wu Jun", kind="person", person_login="wu"))
    store.ensure_period("2017")
    store.add(Objective(id="ob-w8", unit_id="un-wu", period_id="2017", title="Run 1000 km"))
    store.add(KeyResult(id="kr-w81", objective_id="ob-w8", title="km run", target=1000))
    text = quarter_report(store, "un-wu", "2017", "wu")
    check_golden("quarter_solo_year.md", text)


def test_markdown_escaping() -> None:
    assert md("a | b [x](y) *z*\n next") == "a \\| b \\[x\\](y) \\*z\\* next"


def run_cli(workspace: Path, *args: str) -> int:
    return main(["--db", str(workspace), "--as", "ann", "report", "quarter", *args])


def test_cli_writes_the_report(
    store: Store, workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scored_quarter(store)
    out = tmp_path / "q4.md"
    assert run_cli(workspace, "--unit", "TeeBee", "--period", Q4, "-o", str(out)) == 0
    assert out.read_text(encoding="utf-8") == (GOLDEN / "quarter_teebee.md").read_text("utf-8")
    assert run_cli(workspace, "--unit", "un-teebee", "--period", Q4) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


def test_cli_defaults_to_your_own_unit(
    store: Store, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_teebee(store)
    assert run_cli(workspace, "--period", Q4) == 0
    assert capsys.readouterr().out.startswith("# Personal quarter report: Hanna · 2026-Q4")
    # Someone with no unit of their own gets the company's report.
    code = main(["--db", str(workspace), "--as", "zoe", "report", "quarter", "--period", Q4])
    assert code == 0
    assert capsys.readouterr().out.startswith("# Quarter report: TeeBee · 2026-Q4")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "Nobody", "--period", Q4], "no unit 'Nobody'"),
        (["--unit", "TeeBee", "--period", "Q5"], "a period is a quarter"),
        (["--unit", "TeeBee", "--period", Q4, "-o", "/nonexistent-dir/x.md"], "cannot write"),
    ],
)
def test_cli_user_errors_are_one_line(
    store: Store,
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    build_teebee(store)
    assert run_cli(workspace, *args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
