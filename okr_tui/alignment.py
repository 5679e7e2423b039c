"""The alignment tree, its flags, search, and a unit's or person's record over time.

Plain functions of the store's records, tested without a screen. The tree runs
company -> teams -> people; each unit holds its objectives for a period, each
objective its child objectives of the same unit, and cross-links show how
objectives align across units (a child in another unit, a support team's
`supports`). Private objectives the viewer may not read become one
"N private objectives" leaf: no title, no score, no link, no search hit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

from okr_tui.models import KeyResult, Objective, Score, Unit
from okr_tui.privacy import can_see, hidden_label
from okr_tui.rules import objective_progress, objective_score, progress, weighted_mean
from okr_tui.store import Store

NodeKind = Literal["unit", "objective", "link", "hidden"]
ValueKind = Literal["progress", "score"]

TEAM_KINDS = ("business", "support")


class FlagKind(StrEnum):
    ORPHAN = "orphan"
    SKIP_LEVEL = "skip-level"
    SUPPORTS_NOTHING = "supports nothing"
    BROKEN_LINK = "broken link"


@dataclass(frozen=True)
class Flag:
    """A coach hint about how an objective is aligned; never a blocker."""

    kind: FlagKind
    message: str


@dataclass(frozen=True)
class Value:
    """An objective's or unit's number: progress while the period runs, score once scored."""

    value: float | None
    kind: ValueKind = "progress"


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


# -- numbers -------------------------------------------------------------------


def latest_score(store: Store, kr_id: str) -> float | None:
    """The agreed score of a KR, else the suggested one, from its latest Score record."""
    found = store.by(Score, "kr_id", kr_id)
    if not found:
        return None
    last = max(found, key=lambda s: s.at)
    return last.agreed if last.agreed is not None else last.suggested


def kr_value(store: Store, kr: KeyResult) -> Value:
    """A KR's score once scored, else its progress from the latest check-in."""
    score = latest_score(store, kr.id)
    if score is not None:
        return Value(score, "score")
    last = store.latest_checkin(kr.id)
    return Value(progress(kr, last.value if last is not None else None))


def objective_value(store: Store, objective: Objective) -> Value:
    """The score when any KR is scored, else progress from the latest check-ins.

    A KR with no reading counts as 0: silence is not progress.
    """
    krs: list[KeyResult] = store.key_results(objective.id)
    if not krs:
        return Value(None)
    scores = {kr.id: latest_score(store, kr.id) for kr in krs}
    if any(score is not None for score in scores.values()):
        return Value(objective_score(krs, scores), "score")
    readings = []
    for kr in krs:
        last = store.latest_checkin(kr.id)
        readings.append((progress(kr, last.value if last is not None else None), kr.weight))
    return Value(objective_progress(readings), "progress")


def mean_value(pairs: Iterable[tuple[Objective, Value]]) -> Value:
    """Weighted mean over objectives that have a number; "score" only when all are scored."""
    known = [(o, v) for o, v in pairs if v.value is not None]
    if not known:
        return Value(None)
    mean = weighted_mean((v.value or 0.0, o.weight) for o, v in known)
    kind: ValueKind = "score" if all(v.kind == "score" for _, v in known) else "progress"
    return Value(mean, kind)


# -- flags ---------------------------------------------------------------------


def alignment_flags(store: Store, objective: Objective) -> list[Flag]:
    """Orphan, skip-level, supports-nothing and broken-link hints for one objective."""

    def has_objectives(unit_id: str) -> bool:
        return bool(store.objectives(period_id=objective.period_id, unit_id=unit_id))

    def unit_of(unit_id: str | None) -> Unit | None:
        return store.find(Unit, unit_id)

    return _flags(store, objective, has_objectives, unit_of)


def _flags(
    store: Store,
    objective: Objective,
    has_objectives: Callable[[str], bool],
    unit_of: Callable[[str | None], Unit | None],
) -> list[Flag]:
    """The flags of one objective; `has_objectives(unit_id)` answers for its period."""
    flags: list[Flag] = []
    unit = unit_of(objective.unit_id)
    if unit is None:
        return flags
    parent_unit = unit_of(unit.parent_id)
    parent = store.find(Objective, objective.parent_id)
    if objective.parent_id and parent is None:
        flags.append(Flag(FlagKind.BROKEN_LINK, f"its parent {objective.parent_id} is gone"))
    missing = [s for s in objective.supports if store.find(Objective, s) is None]
    if missing:
        flags.append(Flag(FlagKind.BROKEN_LINK, f"supports {', '.join(missing)}, which is gone"))
    serves = unit.kind == "support" and len(missing) < len(objective.supports)
    if (
        unit.kind in TEAM_KINDS
        and not objective.parent_id
        and not serves
        and parent_unit is not None
        and has_objectives(parent_unit.id)
    ):
        flags.append(
            Flag(
                FlagKind.ORPHAN,
                f"no parent objective, while {parent_unit.name} has objectives this period",
            )
        )
    if parent is not None and parent.unit_id not in (unit.id, unit.parent_id):
        above = unit_of(parent.unit_id)
        where = above.name if above is not None else parent.unit_id
        flags.append(
            Flag(
                FlagKind.SKIP_LEVEL,
                f"its parent is in {where}, not in "
                f"{parent_unit.name if parent_unit else 'the unit above'}",
            )
        )
    # Team-building objectives (learning, efficiency) serve the team itself, as the
    # field report's UED team splits its OKRs; only business ones should serve someone.
    if unit.kind == "support" and objective.track == "business" and not objective.supports:
        flags.append(
            Flag(FlagKind.SUPPORTS_NOTHING, "a support team's objective that supports nothing")
        )
    return flags


# -- the tree --------------------------------------------------------------------


def unit_children(store: Store, *, include_archived: bool = False) -> dict[str | None, list[Unit]]:
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


def _unit_label(store: Store, unit: Unit) -> str:
    if unit.kind == "person" and unit.person_login:
        person = store.person(unit.person_login)
        if person is not None and person.name and person.name != unit.name:
            return f"{unit.name} ({person.login})"
    return unit.name


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


class Alignment:
    """One period's alignment tree as one viewer may see it, made a level at a time.

    The lookups (child units, visible objectives, their children and links) are
    built once from the store's records; nodes, with their numbers and flags, are
    made only when asked for, so opening a large organisation costs what is on
    screen, not what is in the file. Numbers are cached per objective.
    """

    def __init__(
        self, store: Store, period_id: str, viewer: str, *, include_archived: bool = False
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
        return mean_value((o, self.value(o)) for o in self.shown(unit_id))

    def flags(self, objective: Objective) -> list[Flag]:
        found = self._flags.get(objective.id)
        if found is None:
            found = self._flags[objective.id] = _flags(
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
            link_note=f"{note} {self.unit_name(objective.unit_id)}",
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
            if _matches("objective", objective.title, objective.owner, query, names):
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
            if _matches("unit", self.unit_label(unit), "", query, names):
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
    store: Store,
    period_id: str,
    viewer: str,
    *,
    include_archived: bool = False,
) -> list[Node]:
    """The whole alignment tree for a period, as the viewer may see it."""
    return Alignment(store, period_id, viewer, include_archived=include_archived).full()


# -- search ----------------------------------------------------------------------


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


def _matches(kind: NodeKind, label: str, owner: str, query: Query, names: dict[str, str]) -> bool:
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
    return _matches(node.kind, node.label, node.owner, query, names or {})


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


def people_names(store: Store) -> dict[str, str]:
    """login -> display name, for owner search."""
    return {p.login: p.name for p in store.people()}


# -- a unit's and a person's record --------------------------------------------------


@dataclass(frozen=True)
class PeriodRecord:
    """How a unit (or person) did in one period."""

    period_id: str
    value: Value
    objectives: int
    hidden: int


def person_units(store: Store, login: str) -> list[Unit]:
    return [u for u in store.units(include_archived=True) if u.person_login == login]


def person_objectives(store: Store, login: str, *, period_id: str | None = None) -> list[Objective]:
    """A person's own OKRs: those of their person unit, and those they own in any unit."""
    mine = {u.id for u in person_units(store, login)}
    found = [
        o
        for o in store.objectives(period_id=period_id)
        if o.unit_id in mine or (login and o.owner == login)
    ]
    return found


def record_of(store: Store, objectives: Iterable[Objective], viewer: str) -> list[PeriodRecord]:
    """Per period, oldest first: the mean value of the visible objectives and counts."""
    by_period: dict[str, list[Objective]] = defaultdict(list)
    for objective in objectives:
        by_period[objective.period_id].append(objective)
    starts = {p.id: p.start for p in store.periods()}
    out: list[PeriodRecord] = []
    for period_id in sorted(by_period, key=lambda pid: (str(starts.get(pid, "")), pid)):
        group = by_period[period_id]
        shown = [o for o in group if can_see(o, viewer)]
        value = mean_value((o, objective_value(store, o)) for o in shown)
        out.append(PeriodRecord(period_id, value, len(shown), len(group) - len(shown)))
    return out


def unit_record(store: Store, unit_id: str, viewer: str) -> list[PeriodRecord]:
    return record_of(store, store.objectives(unit_id=unit_id), viewer)


def person_record(store: Store, login: str, viewer: str) -> list[PeriodRecord]:
    return record_of(store, person_objectives(store, login), viewer)
