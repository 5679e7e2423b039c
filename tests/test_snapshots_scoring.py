"""Snapshots of the scoring screen and the quarter summary (fixed date, ids and clock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from okr_tui.app import OkrApp
from okr_tui.store import Store
from tests.conftest import TODAY, fixed_clock
from tests.test_scoring_core import Q4, build_teebee


def teebee_app(tmp_path: Path) -> OkrApp:
    store = Store(tmp_path / "workspace.json", "ann", org="TeeBee", clock=fixed_clock)
    build_teebee(store)
    return OkrApp(
        store,
        today=TODAY,
        watch_file=False,
        start_screen="scoring",
        start_kwargs={"unit_id": "un-teebee", "period_id": Q4},
    )


def test_scoring_committed_objective_below_one(snap_compare: Any, tmp_path: Path) -> None:
    # The committed objective, scored 0.8 / 1.0 / 0.7: the note asks for the reason.
    assert snap_compare(teebee_app(tmp_path), terminal_size=(100, 30), press=["n", "8", "t", "7"])


def test_scoring_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(teebee_app(tmp_path), terminal_size=(80, 24), press=["enter"])


def test_summary_with_decisions(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(
        teebee_app(tmp_path), terminal_size=(100, 30), press=["enter", "s", "k", "m", "a"]
    )
