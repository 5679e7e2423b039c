"""Matching CSV rows to the workspace by name, one row at a time, with what a row may change.

Units are matched by name, objectives by unit, period and title, key results
by title under their objective (all ignoring case). What a row says about a
record the workspace holds must agree with it: a cell left empty says
nothing, a cell that differs is a problem unless the import may update (then
it is a change, made through the store's usual rules). Objectives the
importer may not see are never matched, so a row never reaches into them.

The rows of one unit or objective must agree with each other too: the first
row that names it sets what it is, later rows may only fill in what it left empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from okr_tui.batch import IdMaker
from okr_tui.csv_format import format_plain
from okr_tui.csv_read import Row, at_line
from okr_tui.i18n import _
from okr_tui.models import KeyResult, Objective, Period, Record, Unit, period_for
from okr_tui.privacy import can_see

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore

UNIT_COLUMNS = ("unit_kind", "parent_unit")
OBJECTIVE_COLUMNS = {
    "objective_kind": "kind",
    "track": "track",
    "visibility": "visibility",
    "owner": "owner",
}
"""CSV column -> the objective's field."""
KR_COLUMNS = ("indicator", "baseline", "target", "measure", "direction", "due", "weight")
"""CSV columns that are key result fields of the same name."""
FIELDS = {"unit_kind": "kind", "parent_unit": "parent_id", **OBJECTIVE_COLUMNS}
"""CSV column -> the record's field, where they are named differently."""


def key(name: str) -> str:
    return name.casefold()


def flat(text: str) -> str:
    """Text on one line, for messages and the list of what an import created."""
    return " ".join(text.split())


def show(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, float | int):
        return format_plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return repr(value)


@dataclass(slots=True)
class UnitPlan:
    """A unit the file names: the workspace's, or a new one, as its rows describe it."""

    key: str
    first: Row
    existing: Unit | None
    id: str
    lines: dict[str, int] = field(default_factory=dict)
    """CSV column -> the line that said it."""

    @property
    def name(self) -> str:
        return self.existing.name if self.existing else self.first.unit


@dataclass(slots=True)
class ObjectivePlan:
    """An objective the file names, with the key results already seen under it."""

    first: Row
    unit: UnitPlan
    existing: Objective | None
    id: str
    order: int
    next_kr_order: int = 0
    kr_lines: dict[str, int] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    known_krs: dict[str, KeyResult] = field(default_factory=dict)
    """The existing objective's key results by title (casefolded)."""

    @property
    def title(self) -> str:
        return self.existing.title if self.existing else self.first.objective


class Workspace:
    """What the workspace holds, indexed once for matching names (not once per row)."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store
        self.user = store.user
        self.now = store.clock()
        self.units_by_name: dict[str, list[Unit]] = {}
        self.unit_by_id: dict[str, Unit] = {}
        for unit in store.units(include_archived=True):
            self.units_by_name.setdefault(key(unit.name), []).append(unit)
            self.unit_by_id[unit.id] = unit
        self.periods = {p.id for p in store.periods()}
        objectives = store.all(Objective)
        # As store.objectives lists them: dropped and parked ones are not matched.
        self.objectives: dict[tuple[str, str, str], Objective] = {}
        for objective in sorted(objectives, key=lambda o: (o.order, o.title)):
            if objective.status in ("dropped", "parked") or not can_see(objective, self.user):
                continue
            self.objectives.setdefault(
                (objective.unit_id, objective.period_id, key(objective.title)), objective
            )
        self.unit_ids = IdMaker(Unit.PREFIX, self.unit_by_id)
        self.objective_ids = IdMaker(Objective.PREFIX, {o.id for o in objectives})
        self._ids: dict[type[Record], IdMaker] = {}

    def new_id(self, record_type: type[Record]) -> str:
        maker = self._ids.get(record_type)
        if maker is None:
            taken = {r.id for r in self.store.all(record_type)}
            maker = self._ids[record_type] = IdMaker(record_type.PREFIX, taken)
        return maker()

    def next_objective_order(self, unit_id: str, period_id: str) -> int:
        siblings = self.store.objectives(unit_id=unit_id, period_id=period_id, include_dropped=True)
        return max((o.order + 1 for o in siblings), default=0)

    def key_results(self, objective_id: str) -> dict[str, KeyResult]:
        """The objective's key results by title, dropped ones too (the first by order wins)."""
        found: dict[str, KeyResult] = {}
        for kr in self.store.key_results(objective_id, include_dropped=True):
            found.setdefault(key(kr.title), kr)
        return found

    def period(self, label: str) -> Period:
        return self.store.find(Period, label) or period_for(label)

    def reading_time(self, period_id: str) -> datetime:
        """Now, or the last day of a period already over: the value is that period's final one."""
        period = self.store.find(Period, period_id) or period_for(period_id)
        if self.now.date() <= period.end:
            return self.now
        return datetime.combine(period.end, time(12, 0), tzinfo=UTC)


class Matcher:
    """The units and objectives of the rows read so far, and the problems found."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.problems: list[str] = []
        self.units: dict[str, UnitPlan] = {}
        self.objectives: dict[tuple[str, str, str], ObjectivePlan] = {}
        self.orders: dict[tuple[str, str], int] = {}
        self.new_periods: list[str] = []
        self._by_id: dict[str, UnitPlan] = {}

    def problem(self, row: Row, text: str) -> None:
        self.problems.append(at_line(row.line, text))

    def unit(self, row: Row) -> UnitPlan | None:
        """The row's unit, or None (with a problem) when the row cannot be placed."""
        unit_key = key(row.unit)
        plan = self.units.get(unit_key)
        if plan is None:
            existing = self.ws.units_by_name.get(unit_key, [])
            if len(existing) > 1:
                self.problem(
                    row,
                    _("{count} units are named {unit!r}; rename one first").format(
                        count=len(existing), unit=row.unit
                    ),
                )
                return None
            if not existing and not row.unit_kind:
                self.problem(
                    row,
                    _(
                        "unit {unit!r} is new: say its unit_kind "
                        "(company, business, support or person)"
                    ).format(unit=row.unit),
                )
                return None
            found = existing[0] if existing else None
            plan = UnitPlan(unit_key, row, found, found.id if found else self.ws.unit_ids())
            plan.lines = {c: row.line for c in UNIT_COLUMNS if getattr(row, c)}
            self.units[unit_key] = plan
            return plan
        what = _("unit {unit!r}").format(unit=row.unit)
        if not self._agrees(row, plan.first, plan.lines, UNIT_COLUMNS, what):
            return None
        return plan

    def _agrees(self, row: Row, first: Row, lines: dict[str, int], columns: Any, what: str) -> bool:
        """Whether the row says what the first row of its record said; fills in gaps."""
        for column in columns:
            mine, theirs = getattr(row, column), getattr(first, column)
            if mine and theirs and key(mine) != key(theirs):
                self.problem(
                    row,
                    _("{column} of {what} is {theirs!r} on line {line}, not {mine!r}").format(
                        column=column, what=what, theirs=theirs, line=lines[column], mine=mine
                    ),
                )
                return False
        for column in columns:
            if getattr(row, column) and not getattr(first, column):
                setattr(first, column, getattr(row, column))
                lines[column] = row.line
        return True

    def objective(self, row: Row, unit: UnitPlan) -> tuple[ObjectivePlan, bool] | None:
        """The row's objective and whether this row is its first; None on a problem."""
        objective_key = (unit.key, row.period, key(row.objective))
        plan = self.objectives.get(objective_key)
        if plan is not None:
            what = _("objective {objective!r}").format(objective=row.objective)
            if not self._agrees(row, plan.first, plan.lines, OBJECTIVE_COLUMNS, what):
                return None
            return plan, False
        existing = None
        if unit.existing is not None:
            existing = self.ws.objectives.get((unit.existing.id, row.period, key(row.objective)))
        if existing is not None:
            plan = ObjectivePlan(row, unit, existing, existing.id, existing.order)
            plan.known_krs = self.ws.key_results(existing.id)
            orders = (
                k.order + 1 for k in self.ws.store.key_results(existing.id, include_dropped=True)
            )
            plan.next_kr_order = max(orders, default=0)
        else:
            order_key = (unit.key, row.period)
            if order_key not in self.orders:
                self.orders[order_key] = (
                    self.ws.next_objective_order(unit.existing.id, row.period)
                    if unit.existing is not None
                    else 0
                )
            order = self.orders[order_key]
            self.orders[order_key] = order + 1
            plan = ObjectivePlan(row, unit, None, self.ws.objective_ids(), order)
        plan.lines = {c: row.line for c in OBJECTIVE_COLUMNS if getattr(row, c)}
        self.objectives[objective_key] = plan
        return plan, True

    def new_period(self, period_id: str) -> bool:
        """True the first time a period the workspace lacks is needed."""
        if period_id in self.ws.periods or period_id in self.new_periods:
            return False
        self.new_periods.append(period_id)
        return True

    def key_result(self, row: Row, objective: ObjectivePlan) -> tuple[KeyResult | None, bool]:
        """(the workspace's key result or None, whether the row may go on)."""
        kr_key = key(row.key_result)
        if kr_key in objective.kr_lines:
            self.problem(
                row,
                _("key result {key_result!r} is already on line {line}").format(
                    key_result=row.key_result, line=objective.kr_lines[kr_key]
                ),
            )
            return None, False
        objective.kr_lines[kr_key] = row.line
        return objective.known_krs.get(kr_key), True

    def kr_differences(self, row: Row, kr: KeyResult) -> dict[str, tuple[Any, Any]]:
        """CSV column (and field) -> (the file's value, the workspace's) where a cell disagrees."""
        out: dict[str, tuple[Any, Any]] = {}
        for column in KR_COLUMNS:
            wanted = getattr(row, column)
            if wanted in ("", None):
                continue
            if wanted != getattr(kr, column):
                out[column] = (wanted, getattr(kr, column))
        return out

    def objective_differences(self, plan: ObjectivePlan) -> dict[str, tuple[Any, Any]]:
        """CSV column -> (the file's value, the workspace's) for an existing objective."""
        assert plan.existing is not None
        out: dict[str, tuple[Any, Any]] = {}
        for column, name in OBJECTIVE_COLUMNS.items():
            wanted = getattr(plan.first, column)
            if wanted and wanted != getattr(plan.existing, name):
                out[column] = (wanted, getattr(plan.existing, name))
        return out

    def unit_differences(self, plan: UnitPlan) -> dict[str, tuple[Any, Any]]:
        """CSV column -> (the file's value, the workspace's) for an existing unit."""
        unit = plan.existing
        assert unit is not None
        out: dict[str, tuple[Any, Any]] = {}
        if plan.first.unit_kind and plan.first.unit_kind != unit.kind:
            out["unit_kind"] = (plan.first.unit_kind, unit.kind)
        wanted = plan.first.parent_unit
        parent = self.ws.unit_by_id.get(unit.parent_id or "")
        if wanted and (parent is None or key(parent.name) != key(wanted)):
            out["parent_unit"] = (wanted, parent.name if parent else "")
        return out

    def parent_id(self, name: str) -> str | None:
        """The id of the unit named `name`, in the file or the workspace."""
        plan = self.units.get(key(name))
        if plan is not None:
            return plan.id
        found = self.ws.units_by_name.get(key(name))
        return found[0].id if found else None

    def check_parents(self) -> None:
        """Every unit's parent is known, and no unit ends up in a loop of parents."""
        self._by_id = {plan.id: plan for plan in self.units.values()}
        for plan in self.units.values():
            parent = plan.first.parent_unit
            if not parent:
                continue
            if plan.existing is not None and "parent_unit" not in self.unit_differences(plan):
                continue  # as it is: nothing to check
            row = plan.first
            if key(parent) == plan.key:
                self.problem(
                    row, _("unit {unit!r} cannot be its own parent_unit").format(unit=row.unit)
                )
            elif self.parent_id(parent) is None:
                self.problem(
                    row,
                    _(
                        "parent_unit {parent!r} is not a unit in the workspace or in this file"
                    ).format(parent=parent),
                )
            elif self._in_loop(plan):
                self.problem(
                    row, _("unit {unit!r} is in a loop of parent units").format(unit=row.unit)
                )

    def _in_loop(self, start: UnitPlan) -> bool:
        seen = {start.id}
        current = self.parent_id(start.first.parent_unit)
        while current is not None:
            if current in seen:
                return True
            seen.add(current)
            current = self._parent_of(current)
        return False

    def _parent_of(self, unit_id: str) -> str | None:
        plan = self._by_id.get(unit_id)
        if plan is not None and (plan.existing is None or plan.first.parent_unit):
            return self.parent_id(plan.first.parent_unit) if plan.first.parent_unit else None
        unit = self.ws.unit_by_id.get(unit_id)
        return unit.parent_id if unit is not None else None
