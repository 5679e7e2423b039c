"""Home's unit tree for a large organisation opens at its top level and the way to one's unit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from okr_tui.app import OkrApp
from okr_tui.models import Unit
from okr_tui.store import Store
from screens import home_tree
from tests.conftest import TODAY, fixed_clock, settle


def organisation(path: Path) -> Store:
    """A company, three divisions, two teams each (ten units)."""
    store = Store(path, "ann", org="Big Tea", clock=fixed_clock)
    with store.transaction():
        company = store.add(Unit(id="un-co", name="Big Tea", kind="company"))
        for d in range(3):
            division = store.add(
                Unit(id=f"un-d{d}", name=f"Division {d}", kind="business", parent_id=company.id)
            )
            for t in range(2):
                store.add(
                    Unit(id=f"un-d{d}t{t}", name=f"Team {d}.{t}", kind="business",
                         parent_id=division.id)
                )  # fmt: skip
    return store


def open_units(app: OkrApp) -> list[str]:
    tree: Tree[str] = app.screen.query_one("#units", Tree)
    found: list[str] = []

    def walk(node: TreeNode[str]) -> None:
        for child in node.children:
            if child.is_expanded and child.children and child.data:
                found.append(child.data)
            walk(child)

    walk(tree.root)
    return found


@pytest.mark.parametrize(
    ("limit", "opened"),
    [(100, ["un-co", "un-d0", "un-d1", "un-d2"]), (5, ["un-co", "un-d1"])],
    ids=["small", "large"],
)
async def test_a_large_tree_opens_its_top_level_and_the_way_to_the_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, opened: list[str]
) -> None:
    monkeypatch.setattr(home_tree, "OPEN_TREE_UNITS", limit)
    store = organisation(tmp_path / "big.json")
    app = OkrApp(store, today=TODAY, watch_file=False)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        app.unit_id = "un-d1t0"
        await settle(app, pilot)
        tree: Tree[str] = app.screen.query_one("#units", Tree)
        assert tree.cursor_node is not None and tree.cursor_node.data == "un-d1t0"
        assert sorted(open_units(app)) == opened
        folded = [n for n in tree.root.children[0].children if not n.is_expanded]
        # A folded unit's lines are made when it opens.
        assert all(not n.children for n in folded)
        for node in folded:
            node.expand()
        await settle(app, pilot)
        assert {n.data for n in folded} | set(opened) == set(open_units(app))
        assert [len(n.children) for n in tree.root.children[0].children] == [2, 2, 2]
