"""Snapshots of the alignment tree and a person page (fixed date, clock and ids)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from okr_tui.app import OkrApp
from okr_tui.store import Store
from tests.conftest import TODAY, fixed_clock
from tests.test_alignment_core import build_org


def org_app(tmp_path: Path, user: str, screen: str, **kwargs: Any) -> OkrApp:
    path = tmp_path / "workspace.json"
    build_org(Store(path, "ann", org="TeeBee", clock=fixed_clock))
    store = Store(path, user, clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen=screen, start_kwargs=kwargs)


def test_alignment_tree_expanded(snap_compare: Any, tmp_path: Path) -> None:
    app = org_app(tmp_path, "carl", "alignment")
    assert snap_compare(app, terminal_size=(100, 30), press=["e"])


def test_alignment_tree_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    app = org_app(tmp_path, "carl", "alignment")
    assert snap_compare(app, terminal_size=(80, 24))


def test_person_page_seen_by_someone_else(snap_compare: Any, tmp_path: Path) -> None:
    app = org_app(tmp_path, "carl", "unit", login="ann")
    assert snap_compare(app, terminal_size=(100, 30))


def test_person_page_seen_by_its_owner(snap_compare: Any, tmp_path: Path) -> None:
    app = org_app(tmp_path, "ann", "unit", login="ann")
    assert snap_compare(app, terminal_size=(80, 24))
