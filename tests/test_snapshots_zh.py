"""Snapshots in Chinese at 80x24: home and the weekly review of TeeBee told in Chinese.

Double-width characters must not break the layout: tables, gauges and footers fit,
and nothing is cut in the middle of a character.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, fixed_clock, settle

from okr_tui import samples
from okr_tui.app import OkrApp
from okr_tui.store import Store


@pytest.fixture
def teebee_zh(tmp_path: Path) -> Path:
    return samples.build("teebee-zh", tmp_path / "teebee-zh.json", TODAY)


def zh_app(path: Path, start_screen: str = "home") -> OkrApp:
    # hanna's person record says zh: the app speaks Chinese with no flag or locale.
    store = Store(path, "hanna", clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen=start_screen)


def test_home_in_chinese_at_80x24(snap_compare: Any, teebee_zh: Path) -> None:
    assert snap_compare(zh_app(teebee_zh), terminal_size=(80, 24), press=["enter", "down"])


def test_review_in_chinese_at_80x24(snap_compare: Any, teebee_zh: Path) -> None:
    assert snap_compare(zh_app(teebee_zh, "review"), terminal_size=(80, 24))


async def _to_step_4(pilot: Any) -> None:
    await pilot.press("pagedown", "pagedown", "pagedown")
    await settle(pilot.app, pilot)


def test_workshop_step_4_in_chinese_at_80x24(snap_compare: Any, teebee_zh: Path) -> None:
    # The sidebar, the room line, the prompt with its examples and the candidates with their
    # tags all fit in 80 columns of double-width characters.
    assert snap_compare(
        zh_app(teebee_zh, "workshop"), terminal_size=(80, 24), run_before=_to_step_4
    )


async def _to_scoring(pilot: Any) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("enter", "s")
    await settle(pilot.app, pilot)


async def _to_summary(pilot: Any) -> None:
    await _to_scoring(pilot)
    await pilot.press("7", "s", "k")
    await settle(pilot.app, pilot)


def test_scoring_in_chinese_at_80x24(snap_compare: Any, teebee_zh: Path) -> None:
    # Column headings, the focus note and the trend fit beside titles of double-width characters.
    assert snap_compare(zh_app(teebee_zh), terminal_size=(80, 24), run_before=_to_scoring)


def test_quarter_summary_in_chinese_at_80x24(snap_compare: Any, teebee_zh: Path) -> None:
    # The decision column reads as the decision for next period, not "next objective".
    assert snap_compare(zh_app(teebee_zh), terminal_size=(80, 24), run_before=_to_summary)
