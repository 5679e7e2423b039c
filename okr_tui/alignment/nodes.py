"""One line of the alignment tree: a unit, an objective, a cross-link or a private leaf."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from okr_tui.alignment.flags import Flag
from okr_tui.alignment.values import Value
from okr_tui.models import Objective, Unit

NodeKind = Literal["unit", "objective", "link", "hidden"]


@dataclass
class Node:
    """One line of the alignment tree.

    `label` is plain user text: screens must show it literally, never as markup.
    A link node points at `target_id` (an objective shown in full elsewhere).
    `expandable` says whether it has children, made or not: `Alignment` makes a
    node's `children` only when asked, and leaves `value` None (its
    `node_value` gives it when needed); `build_tree` fills both in.
    """

    kind: NodeKind
    id: str
    label: str
    value: Value | None = None
    owner: str = ""
    unit: Unit | None = None
    objective: Objective | None = None
    target_id: str = ""
    link_note: str = ""
    flags: list[Flag] = field(default_factory=list)
    hidden: int = 0
    expandable: bool = False
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()
