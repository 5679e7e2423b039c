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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

from okr_tui.models import KeyResult, Objective, Score, Unit
from okr_tui.privacy import can_see, hidden_label
from okr_tui.rules import objective_score, progress, weighted_mean
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
    """

    kind: NodeKind
    id: str
    label: str
    value: Value = field(default_factory=lambda: Value(None))
    owner: str = ""
    unit: Unit | None = None
    objective: Objective | None = None
    target_id: str = ""
    link_note: str = ""
    flags: list[Flag] = field(default_factory=list)
    hidden: int = 0
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
    pairs = []
    for kr in krs:
        last = store.latest_checkin(kr.id)
        reading = progress(kr, last.value if last is not None else None)
        pairs.append((reading or 0.0, kr.weight))
    return Value(weighted_mean(pairs), "progress")


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
    flags: list[Flag] = []
    unit = store.find(Unit, objective.unit_id)
    if unit is None:
        return flags
    parent_unit = store.find(Unit, unit.parent_id)
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
        and store.objectives(period_id=objective.period_id, unit_id=parent_unit.id)
    ):
        flags.append(
            Flag(
                FlagKind.ORPHAN,
                f"no parent objective, while {parent_unit.name} has objectives this period",
            )
        )
    if parent is not None and parent.unit_id not in (unit.id, unit.parent_id):
        above = store.find(Unit, parent.unit_id)
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


def build_tree(
    store: Store,
    period_id: str,
    viewer: str,
    *,
    include_archived: bool = False,
) -> list[Node]:
    """The alignment tree for a period, as the viewer may see it."""
    children = unit_children(store, include_archived=include_archived)
    values: dict[str, Value] = {}
    visible: dict[str, Objective] = {}
    for objective in store.objectives(period_id=period_id):
        if can_see(objective, viewer):
            visible[objective.id] = objective
            values[objective.id] = objective_value(store, objective)
    kids_of: dict[str, list[Objective]] = defaultdict(list)
    supported_by: dict[str, list[Objective]] = defaultdict(list)
    for objective in visible.values():
        if objective.parent_id in visible:
            kids_of[objective.parent_id].append(objective)
        for target in objective.supports:
            if target in visible:
                supported_by[target].append(objective)

    def unit_name(unit_id: str) -> str:
        unit = store.find(Unit, unit_id)
        return unit.name if unit is not None else unit_id

    def link(objective: Objective, note: str) -> Node:
        return Node(
            kind="link",
            id=f"{note}:{objective.id}",
            label=objective.title,
            value=values[objective.id],
            owner=objective.owner,
            objective=objective,
            target_id=objective.id,
            link_note=f"{note} {unit_name(objective.unit_id)}",
        )

    def objective_node(objective: Objective) -> Node:
        node = Node(
            kind="objective",
            id=objective.id,
            label=objective.title,
            value=values[objective.id],
            owner=objective.owner,
            objective=objective,
            flags=alignment_flags(store, objective),
        )
        for target_id in objective.supports:
            if target_id in visible:
                node.children.append(link(visible[target_id], "supports"))
        for helper in supported_by.get(objective.id, []):
            node.children.append(link(helper, "supported by"))
        for child in kids_of.get(objective.id, []):
            if child.unit_id == objective.unit_id:
                node.children.append(objective_node(child))
            else:
                node.children.append(link(child, "aligned from"))
        return node

    def unit_node(unit: Unit) -> Node:
        node = Node(kind="unit", id=unit.id, label=_unit_label(store, unit), unit=unit)
        own = store.objectives(period_id=period_id, unit_id=unit.id)
        shown = [o for o in own if o.id in visible]
        node.hidden = len(own) - len(shown)
        for objective in shown:
            parent = visible.get(objective.parent_id or "")
            if parent is None or parent.unit_id != unit.id:
                node.children.append(objective_node(objective))
        if node.hidden:
            node.children.append(
                Node(kind="hidden", id=f"hidden:{unit.id}", label=hidden_label(node.hidden))
            )
        node.value = mean_value((o, values[o.id]) for o in shown)
        for child in children.get(unit.id, []):
            node.children.append(unit_node(child))
        return node

    return [unit_node(unit) for unit in children.get(None, [])]


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


def node_matches(node: Node, query: Query, names: dict[str, str] | None = None) -> bool:
    """True when a unit or objective node matches; hidden nodes never match.

    Words match an objective's title or owner, or a unit's name. `@x` matches
    owners whose login or name contains x.
    """
    if query.empty or node.kind in ("hidden", "link"):
        return False
    names = names or {}
    owner_text = f"{node.owner} {names.get(node.owner, '')}".casefold()
    if query.owner and (node.kind != "objective" or query.owner not in owner_text):
        return False
    haystack = node.label.casefold()
    if node.kind == "objective":
        haystack += " " + owner_text
    return all(word in haystack for word in query.words)


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
            if node.kind == "objective" or not query.owner:
                return node
        kept = [p for p in (prune(c) for c in node.children) if p is not None]
        if kept or node_matches(node, query, names):
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
