"""One period's alignment tree as one viewer may see it, built a level at a time.

The tree runs company -> teams -> people; each unit holds its objectives for a
period, each objective its child objectives of the same unit, and cross-links
show how objectives align across units (a child in another unit, a support
team's `supports`). Private objectives the viewer may not read become one
"N private objectives" leaf: no title, no score, no link, no search hit.
"""

from __future__ import annotations

from collections import defaultdict

from okr_tui.alignment.flags import Flag, objective_flags
from okr_tui.alignment.nodes import Node
from okr_tui.alignment.search import Found, Query, text_matches
from okr_tui.alignment.values import Value, mean_value, objective_value, objective_values
from okr_tui.i18n import N_, _
from okr_tui.models import Objective, Unit
from okr_tui.privacy import can_see, hidden_label
from okr_tui.workspace import WorkspaceStore

LINK_NOTES: dict[str, str] = {
    "supports": N_("supports {unit}"),
    "supported by": N_("supported by {unit}"),
    "aligned from": N_("aligned from {unit}"),
}
"""What a cross-link says before the title it points at; the key is also part of its id."""


def unit_children(
    store: WorkspaceStore, *, include_archived: bool = False
) -> dict[str | None, list[Unit]]:
    """parent_id -> child units, sorted: teams before people, then by name."""
    units = store.units(include_archived=include_archived)
    known = {u.id for u in units}
    children: dict[str | None, list[Unit]] = defaultdict(list)
    for unit in units:
        # A unit whose parent is hidden (archived) or missing is shown at the top.
        parent = unit.parent_id if unit.parent_id in known else None
        children[parent].append(unit)
    order = {"company": 0, "business": 1, "support": 2, "person": 3}
    for kids in children.values():
        kids.sort(key=lambda u: (order[u.kind], u.name.casefold()))
    return children


def _unit_label(store: WorkspaceStore, unit: Unit) -> str:
    if unit.kind == "person" and unit.person_login:
        person = store.person(unit.person_login)
        if person is not None and person.name and person.name != unit.name:
            return f"{unit.name} ({person.login})"
    return unit.name


class Alignment:
    """One period's alignment tree as one viewer may see it, made a level at a time.

    The lookups (child units, visible objectives, their children and links) are
    built once from the store's records; nodes, with their numbers and flags, are
    made only when asked for, so opening a large organisation costs what is on
    screen, not what is in the file. Numbers are cached per objective.
    """

    def __init__(
        self, store: WorkspaceStore, period_id: str, viewer: str, *, include_archived: bool = False
    ) -> None:
        self.store = store
        self.period_id = period_id
        self.viewer = viewer
        self.unit_kids = unit_children(store, include_archived=include_archived)
        self.units: dict[str, Unit] = {}
        self.unit_parent: dict[str, str | None] = {}
        for parent_id, kids in self.unit_kids.items():
            for unit in kids:
                self.units[unit.id] = unit
                self.unit_parent[unit.id] = parent_id
        self.own: dict[str, list[Objective]] = defaultdict(list)
        self.visible: dict[str, Objective] = {}
        for objective in store.objectives(period_id=period_id):
            self.own[objective.unit_id].append(objective)
            if can_see(objective, viewer):
                self.visible[objective.id] = objective
        self.kids_of: dict[str, list[Objective]] = defaultdict(list)
        self.supported_by: dict[str, list[Objective]] = defaultdict(list)
        for objective in self.visible.values():
            if objective.parent_id in self.visible:
                self.kids_of[objective.parent_id].append(objective)
            for target in objective.supports:
                if target in self.visible:
                    self.supported_by[target].append(objective)
        self._every_unit = {u.id: u for u in store.units(include_archived=True)}
        self._values: dict[str, Value] = {}
        self._flags: dict[str, list[Flag]] = {}
        self._flag_count: int | None = None
        self._labels: dict[str, str] = {}

    # -- numbers and flags ---------------------------------------------------------
    def value(self, objective: Objective) -> Value:
        found = self._values.get(objective.id)
        if found is None:
            found = self._values[objective.id] = objective_value(self.store, objective)
        return found

    def unit_value(self, unit_id: str) -> Value:
        shown = self.shown(unit_id)
        unread = [o for o in shown if o.id not in self._values]
        if unread:
            self._values.update(objective_values(self.store, unread))
        return mean_value((o, self.value(o)) for o in shown)

    def flags(self, objective: Objective) -> list[Flag]:
        found = self._flags.get(objective.id)
        if found is None:
            found = self._flags[objective.id] = objective_flags(
                self.store, objective, self._has_objectives, self._unit_of
            )
        return found

    def _has_objectives(self, unit_id: str) -> bool:
        return bool(self.own.get(unit_id))

    def _unit_of(self, unit_id: str | None) -> Unit | None:
        return self._every_unit.get(unit_id or "")

    def flag_count(self) -> int:
        """Flags on every objective the tree can show (folded ones too)."""
        if self._flag_count is None:
            self._flag_count = sum(
                len(self.flags(o)) for o in self.visible.values() if o.unit_id in self.units
            )
        return self._flag_count

    # -- structure -----------------------------------------------------------------
    def shown(self, unit_id: str) -> list[Objective]:
        return [o for o in self.own.get(unit_id, ()) if o.id in self.visible]

    def _top_objectives(self, unit_id: str) -> list[Objective]:
        """A unit's visible objectives that do not nest under another of the same unit."""
        out = []
        for objective in self.shown(unit_id):
            parent = self.visible.get(objective.parent_id or "")
            if parent is None or parent.unit_id != unit_id:
                out.append(objective)
        return out

    def unit_label(self, unit: Unit) -> str:
        found = self._labels.get(unit.id)
        if found is None:
            found = self._labels[unit.id] = _unit_label(self.store, unit)
        return found

    def unit_name(self, unit_id: str) -> str:
        unit = self.units.get(unit_id) or self.store.find(Unit, unit_id)
        return unit.name if unit is not None else unit_id

    @property
    def empty(self) -> bool:
        return not self.units

    # -- nodes ---------------------------------------------------------------------
    def roots(self) -> list[Node]:
        return [self.unit_node(unit) for unit in self.unit_kids.get(None, [])]

    def unit_node(self, unit: Unit) -> Node:
        own = self.own.get(unit.id, ())
        return Node(
            kind="unit",
            id=unit.id,
            label=self.unit_label(unit),
            unit=unit,
            hidden=sum(1 for o in own if o.id not in self.visible),
            expandable=bool(own) or bool(self.unit_kids.get(unit.id)),
        )

    def objective_node(self, objective: Objective) -> Node:
        return Node(
            kind="objective",
            id=objective.id,
            label=objective.title,
            owner=objective.owner,
            objective=objective,
            flags=self.flags(objective),
            expandable=(
                any(t in self.visible for t in objective.supports)
                or bool(self.supported_by.get(objective.id))
                or bool(self.kids_of.get(objective.id))
            ),
        )

    def link(self, objective: Objective, note: str) -> Node:
        return Node(
            kind="link",
            id=f"{note}:{objective.id}",
            label=objective.title,
            owner=objective.owner,
            objective=objective,
            target_id=objective.id,
            link_note=_(LINK_NOTES[note]).format(unit=self.unit_name(objective.unit_id)),
        )

    def children(self, node: Node, found: Found | None = None) -> list[Node]:
        """The nodes one level below `node`; only the way to the hits when `found` prunes it."""
        if found is not None and found.prunes(node):
            return [c for c in self._children(node, structural=True) if found.shows(c)]
        return self._children(node)

    def _children(self, node: Node, *, structural: bool = False) -> list[Node]:
        out: list[Node] = []
        if node.kind == "unit" and node.unit is not None:
            out += [self.objective_node(o) for o in self._top_objectives(node.id)]
            if node.hidden and not structural:
                out.append(
                    Node(kind="hidden", id=f"hidden:{node.id}", label=hidden_label(node.hidden))
                )
            out += [self.unit_node(u) for u in self.unit_kids.get(node.id, [])]
        elif node.kind == "objective" and node.objective is not None:
            objective = node.objective
            if not structural:
                out += [
                    self.link(self.visible[t], "supports")
                    for t in objective.supports
                    if t in self.visible
                ]
                out += [self.link(h, "supported by") for h in self.supported_by.get(node.id, [])]
            for child in self.kids_of.get(node.id, []):
                if child.unit_id == objective.unit_id:
                    out.append(self.objective_node(child))
                elif not structural:
                    out.append(self.link(child, "aligned from"))
        return out

    def node_value(self, node: Node) -> Value:
        if node.kind == "unit":
            return self.unit_value(node.id)
        if node.objective is not None:
            return self.value(node.objective)
        return Value(None)

    def full(self) -> list[Node]:
        """Every node with its number, children filled in: for reports and tests."""

        def fill(node: Node, above: frozenset[str]) -> Node:
            node.value = self.node_value(node)
            if node.id not in above:
                node.children = [fill(c, above | {node.id}) for c in self._children(node)]
            return node

        return [fill(root, frozenset()) for root in self.roots()]

    def path_to(self, node_id: str) -> list[str]:
        """Ids from a root down to a unit or objective (inclusive), or [] when not in the tree."""
        path: list[str] = []
        unit_id: str | None = node_id
        objective = self.visible.get(node_id)
        while objective is not None:
            if objective.id in path:
                return []  # a loop of parents: none of it is reachable
            path.append(objective.id)
            unit_id = objective.unit_id
            parent = self.visible.get(objective.parent_id or "")
            objective = parent if parent is not None and parent.unit_id == unit_id else None
        while unit_id is not None:
            if unit_id not in self.units or unit_id in path:
                return []
            path.append(unit_id)
            unit_id = self.unit_parent[unit_id]
        return path[::-1]

    # -- search --------------------------------------------------------------------
    def find(self, text: str, names: dict[str, str] | None = None) -> Found:
        """The hits of a search, and the units and objectives on the way to them.

        Hidden objectives are never looked at, so their titles never match.
        """
        query = Query.parse(text)
        if query.empty:
            return Found()
        names = names or {}
        matches: dict[str, None] = {}  # in tree order
        keep: set[str] = set()

        def objective_hit(objective: Objective, above: frozenset[str]) -> bool:
            if text_matches("objective", objective.title, objective.owner, query, names):
                matches[objective.id] = None
                return True
            hit = False
            for child in self.kids_of.get(objective.id, []):
                if child.unit_id == objective.unit_id and child.id not in above:
                    hit = objective_hit(child, above | {objective.id}) or hit
            if hit:
                keep.add(objective.id)
            return hit

        def unit_hit(unit: Unit) -> bool:
            if text_matches("unit", self.unit_label(unit), "", query, names):
                matches[unit.id] = None
                return True
            hit = False
            for objective in self._top_objectives(unit.id):
                hit = objective_hit(objective, frozenset()) or hit
            for child in self.unit_kids.get(unit.id, []):
                hit = unit_hit(child) or hit
            if hit:
                keep.add(unit.id)
            return hit

        for root in self.unit_kids.get(None, []):
            unit_hit(root)
        first = next(iter(matches), "")
        return Found(len(matches), frozenset(matches), frozenset(keep), first)


def build_tree(
    store: WorkspaceStore,
    period_id: str,
    viewer: str,
    *,
    include_archived: bool = False,
) -> list[Node]:
    """The whole alignment tree for a period, as the viewer may see it."""
    return Alignment(store, period_id, viewer, include_archived=include_archived).full()
