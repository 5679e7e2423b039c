"""A unit's or a person's record over time: how their objectives did, period after period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from okr_tui.alignment.values import Value, mean_value, objective_value
from okr_tui.models import Objective, Unit
from okr_tui.privacy import can_see
from okr_tui.workspace import WorkspaceStore


@dataclass(frozen=True)
class PeriodRecord:
    """How a unit (or person) did in one period."""

    period_id: str
    value: Value
    objectives: int
    hidden: int


def person_units(store: WorkspaceStore, login: str) -> list[Unit]:
    return [u for u in store.units(include_archived=True) if u.person_login == login]


def person_objectives(
    store: WorkspaceStore, login: str, *, period_id: str | None = None
) -> list[Objective]:
    """A person's own OKRs: those of their person unit, and those they own in any unit."""
    mine = {u.id for u in person_units(store, login)}
    found = [
        o
        for o in store.objectives(period_id=period_id)
        if o.unit_id in mine or (login and o.owner == login)
    ]
    return found


def record_of(
    store: WorkspaceStore, objectives: Iterable[Objective], viewer: str
) -> list[PeriodRecord]:
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


def unit_record(store: WorkspaceStore, unit_id: str, viewer: str) -> list[PeriodRecord]:
    return record_of(store, store.objectives(unit_id=unit_id), viewer)


def person_record(store: WorkspaceStore, login: str, viewer: str) -> list[PeriodRecord]:
    return record_of(store, person_objectives(store, login), viewer)
