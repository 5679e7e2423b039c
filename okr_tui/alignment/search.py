"""Searching the alignment tree: what the user typed, which lines match, and where the hits are."""

from __future__ import annotations

from dataclasses import dataclass, replace

from okr_tui.alignment.nodes import Node, NodeKind
from okr_tui.workspace import WorkspaceStore


@dataclass(frozen=True)
class Query:
    """What the user typed: words to find in titles, and an optional owner (`@login`)."""

    words: tuple[str, ...] = ()
    owner: str = ""

    @classmethod
    def parse(cls, text: str) -> Query:
        words: list[str] = []
        owner = ""
        for token in text.split():
            lowered = token.casefold()
            if lowered.startswith("@") and len(lowered) > 1:
                owner = lowered[1:]
            elif lowered.startswith("owner:") and len(lowered) > 6:
                owner = lowered[6:]
            else:
                words.append(lowered)
        return cls(tuple(words), owner)

    @property
    def empty(self) -> bool:
        return not self.words and not self.owner


@dataclass(frozen=True)
class Found:
    """Where a search's hits are: `matches`, and `keep`, the units and objectives above them.

    A hit stops the search below it (its whole subtree is shown), so `count`
    counts the hits a user sees, not every line that would match.
    """

    count: int = 0
    matches: frozenset[str] = frozenset()
    keep: frozenset[str] = frozenset()
    first: str = ""
    """The hit that comes first in the tree, from the top."""

    def prunes(self, node: Node) -> bool:
        """True when `node` shows only the children that lead to a hit."""
        return node.id in self.keep and node.id not in self.matches

    def shows(self, node: Node) -> bool:
        return node.id in self.keep or node.id in self.matches


def text_matches(
    kind: NodeKind, label: str, owner: str, query: Query, names: dict[str, str]
) -> bool:
    """True when a line of this kind, label and owner matches; see `node_matches`."""
    if query.empty or kind in ("hidden", "link"):
        return False
    owner_text = f"{owner} {names.get(owner, '')}".casefold()
    if query.owner and (kind != "objective" or query.owner not in owner_text):
        return False
    haystack = label.casefold()
    if kind == "objective":
        haystack += " " + owner_text
    return all(word in haystack for word in query.words)


def node_matches(node: Node, query: Query, names: dict[str, str] | None = None) -> bool:
    """True when a unit or objective node matches; hidden nodes never match.

    Words match an objective's title or owner, or a unit's name. `@x` matches
    owners whose login or name contains x.
    """
    return text_matches(node.kind, node.label, node.owner, query, names or {})


def filter_tree(
    roots: list[Node], text: str, names: dict[str, str] | None = None
) -> tuple[list[Node], int]:
    """The tree pruned to matching nodes and their ancestors, and the number of matches.

    A matching node keeps its whole subtree, so a found team shows its objectives.
    """
    query = Query.parse(text)
    if query.empty:
        return roots, 0
    count = 0

    def prune(node: Node) -> Node | None:
        nonlocal count
        if node_matches(node, query, names):
            count += 1
            return node
        kept = [p for p in (prune(c) for c in node.children) if p is not None]
        if kept:
            return replace(node, children=kept)
        return None

    pruned = [p for p in (prune(r) for r in roots) if p is not None]
    return pruned, count


def people_names(store: WorkspaceStore) -> dict[str, str]:
    """login -> display name, for owner search."""
    return {p.login: p.name for p in store.people()}
