"""Step 6: aligning objectives to the unit above, the objectives a support team serves, owners."""

from __future__ import annotations

from okr_tui.i18n import _
from okr_tui.models import Objective, Unit, Workshop
from okr_tui.privacy import can_see
from okr_tui.store import WorkspaceError
from okr_tui.workshop.candidates import committed_reason
from okr_tui.workspace import WorkspaceStore


def parent_options(store: WorkspaceStore, workshop: Workshop) -> list[Objective]:
    """Objectives of the parent unit this period that an objective can align to."""
    unit = store.get(Unit, workshop.unit_id)
    if unit.parent_id is None:
        return []
    found = store.objectives(unit_id=unit.parent_id, period_id=workshop.period_id)
    return [o for o in found if can_see(o, store.user)]


def support_options(store: WorkspaceStore, workshop: Workshop) -> list[Objective]:
    """Business teams' (and the company's) objectives this period a support team can serve."""
    units = {u.id: u for u in store.units()}
    found = store.objectives(period_id=workshop.period_id)
    return [
        o
        for o in found
        if o.unit_id != workshop.unit_id
        and units.get(o.unit_id) is not None
        and units[o.unit_id].kind in ("business", "company")
        and can_see(o, store.user)
    ]


def set_parent(store: WorkspaceStore, objective_id: str, parent_id: str | None) -> Objective:
    objective = store.get(Objective, objective_id)
    if parent_id == objective_id:
        raise WorkspaceError(_("an objective cannot be its own parent"))
    if parent_id is not None:
        store.get(Objective, parent_id)
    return store.update(
        Objective, objective_id, parent_id=parent_id, reason=committed_reason(objective)
    )


def toggle_support(store: WorkspaceStore, objective_id: str, target_id: str) -> Objective:
    objective = store.get(Objective, objective_id)
    store.get(Objective, target_id)
    if target_id in objective.supports:
        supports = [s for s in objective.supports if s != target_id]
    else:
        supports = [*objective.supports, target_id]
    return store.update(
        Objective, objective_id, supports=supports, reason=committed_reason(objective)
    )


def set_owner(store: WorkspaceStore, objective_id: str, owner: str) -> Objective:
    login = owner.strip()
    if any(ch.isspace() for ch in login):
        raise WorkspaceError(_("an owner is one login, like ann or wu.jun"))
    objective = store.get(Objective, objective_id)
    with store.transaction():
        if login:
            store.ensure_person(login)
        return store.update(
            Objective, objective_id, owner=login, reason=committed_reason(objective)
        )
