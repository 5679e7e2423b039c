"""Home's tree of units: each unit with its count of objectives this period.

A small organisation's tree opens every unit. A large one opens at its top
level and on the way to the current unit, and a folded unit's lines are made
when it is opened: thousands of lines cost home most of its start, and nobody
reads them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

if TYPE_CHECKING:
    from okr_tui.models import Unit

OPEN_TREE_UNITS = 300
"""Up to this many units every unit starts open; above, only the top level."""

Shape = tuple[tuple[str, str, str | None], ...]


def unit_label(unit: Unit, count: int) -> Text:
    label = Text(unit.name)
    if count:
        # How many objectives the unit has this period, so empty units stand out.
        label.append(f" ({count})", style="dim")
    return label


def move_to(tree: Tree[str], node: TreeNode[str]) -> None:
    """Put the cursor on `node`, opening the units above it first when they are folded."""
    opened = False
    above = node.parent
    while above is not None:
        if not above.is_expanded:
            above.expand()
            opened = True
        above = above.parent
    if opened:
        # The lines it is on are made when the tree is next drawn.
        tree.call_after_refresh(tree.move_cursor, node)
    else:
        tree.move_cursor(node)


class UnitLines:
    """The tree's lines by unit id, made as the units above them open."""

    def __init__(self) -> None:
        self._nodes: dict[str, TreeNode[str]] = {}
        self._children: dict[str | None, list[Unit]] = {}
        self._parent_of: dict[str, str | None] = {}
        self._counts: dict[str, int] = {}
        self._all_open = True
        self._shape: Shape = ()

    def show(
        self, tree: Tree[str], children: dict[str | None, list[Unit]], counts: dict[str, int]
    ) -> list[Unit]:
        """Lay the tree out again only when the units changed (the cursor stays put), else
        give its lines their new counts; the units, in tree order."""
        self._counts = counts
        units = [u for kids in children.values() for u in kids]
        shape = tuple(sorted((u.id, u.name, u.parent_id) for u in units))
        if shape != self._shape:
            self._shape = shape
            tree.clear()
            self._nodes = {}
            self._children = children
            self._parent_of = {u.id: parent for parent, kids in children.items() for u in kids}
            self._all_open = len(units) <= OPEN_TREE_UNITS
            self._add(tree.root, None)
        else:
            for unit in units:
                node = self._nodes.get(unit.id)
                if node is not None:
                    node.set_label(unit_label(unit, counts.get(unit.id, 0)))
        return units

    def knows(self, unit_id: str) -> bool:
        return unit_id in self._parent_of

    def node(self, unit_id: str) -> TreeNode[str] | None:
        """The unit's line, made with those above it when they were folded until now."""
        path: list[str] = []
        above: str | None = unit_id
        while above is not None and above not in self._nodes:
            path.append(above)
            above = self._parent_of.get(above)
        for unit in reversed(path):
            parent_id = self._parent_of.get(unit)
            parent = self._nodes.get(parent_id) if parent_id is not None else None
            if parent is None or parent.children:
                break
            self._add(parent, parent_id)
        return self._nodes.get(unit_id)

    def opened(self, node: TreeNode[str]) -> None:
        """A folded unit was opened: make its lines, if not made yet."""
        if node.data and not node.children:
            self._add(node, node.data)

    def _add(self, parent: TreeNode[str], parent_id: str | None) -> None:
        for unit in self._children.get(parent_id, []):
            kids = self._children.get(unit.id, [])
            opens = self._all_open or parent_id is None
            node = parent.add(
                unit_label(unit, self._counts.get(unit.id, 0)),
                data=unit.id,
                expand=opens,
                allow_expand=bool(kids),
            )
            self._nodes[unit.id] = node
            if opens:
                self._add(node, unit.id)
