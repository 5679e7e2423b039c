"""Snapshots in Chinese at 80x24: home and the weekly review of TeeBee told in Chinese, and the
alignment tree with its flags, cross-links and private leaves.

Double-width characters must not break the layout: tables, gauges and footers fit,
and nothing is cut in the middle of a character.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, fixed_clock, settle

from okr_tui import i18n, samples
from okr_tui.app import OkrApp
from okr_tui.store import Store
from tests.test_alignment_core import build_org


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


def test_alignment_in_chinese_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    # Every kind of line: units with their kind, objectives with owners and flags, cross-links
    # ("由 Sales 承接：..."), private leaves; names and titles with double-width characters.
    path = tmp_path / "workspace.json"
    build_org(Store(path, "ann", org="TeeBee", clock=fixed_clock))
    i18n.start_language("zh", {})
    app = OkrApp(
        Store(path, "carl", clock=fixed_clock),
        today=TODAY,
        watch_file=False,
        start_screen="alignment",
    )
    assert snap_compare(app, terminal_size=(80, 24), press=["e", "down", "down", "down"])


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
