"""Snapshots of the home screen (100x30 and 80x24) and of the help screen over it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import TODAY, fixed_clock
from test_app_shell import build_workspace

from okr_tui.app import OkrApp
from okr_tui.store import Store


def home_app(tmp_path: Path, user: str = "ann") -> OkrApp:
    path = tmp_path / "teebee.json"
    build_workspace(Store(path, "ann", org="TeeBee Inc", clock=fixed_clock))
    return OkrApp(Store(path, user, clock=fixed_clock), today=TODAY, watch_file=False)


def test_home_at_100x30(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(home_app(tmp_path), terminal_size=(100, 30))


def test_home_at_80x24_with_a_key_result_selected(snap_compare: Any, tmp_path: Path) -> None:
    # Bob's view: Ann's private objective is a count; the detail shows the KR's reading.
    assert snap_compare(home_app(tmp_path, "bob"), terminal_size=(80, 24), press=["enter", "down"])


def test_help_over_home(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(home_app(tmp_path), terminal_size=(100, 30), press=["question_mark"])
