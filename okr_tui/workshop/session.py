"""A workshop session: the first team, starting or resuming, the step, timeboxes, who takes part.

Every edit is a store write at once, so a workshop resumes at the same step
with everything there after a quit or a crash.
"""

from __future__ import annotations

import re
from typing import Any

from okr_tui.i18n import _
from okr_tui.models import Objective, Unit, Workshop
from okr_tui.store import WorkspaceError
from okr_tui.workshop.steps import step_of
from okr_tui.workspace import WorkspaceStore

PLACEHOLDER_ORG = "My organisation"
"""The name a workspace gets before anyone names it (see the store)."""


def create_team(store: WorkspaceStore, name: str) -> Unit:
    """The first team of a new workspace; it also names the organisation if nobody has."""
    with store.transaction():
        unit = store.add(Unit(name=" ".join(name.split()), kind="company"))
        if store.meta.org in ("", PLACEHOLDER_ORG):
            store.set_org(unit.name)
        return unit


def find_workshop(store: WorkspaceStore, unit_id: str, period_id: str) -> Workshop | None:
    """The latest workshop of a unit and period (open ones first)."""
    found = [w for w in store.by(Workshop, "unit_id", unit_id) if w.period_id == period_id]
    if not found:
        return None
    return max(found, key=lambda w: (w.status == "open", w.started, w.id))


def start_or_resume(store: WorkspaceStore, unit_id: str, period_id: str) -> Workshop:
    """The unit's workshop for the period, created at step 1 when there is none.

    Whoever opens it joins its participants, so the minutes say who took part;
    whoever creates it facilitates it.
    """
    with store.transaction():
        store.get(Unit, unit_id)
        store.ensure_period(period_id)
        workshop = find_workshop(store, unit_id, period_id)
        if workshop is None:
            people = [store.user] if store.user else []
            return store.add(
                Workshop(
                    unit_id=unit_id,
                    period_id=period_id,
                    facilitator=store.user,
                    participants=people,
                    started=store.clock(),
                )
            )
        changes: dict[str, Any] = {}
        if store.user and store.user not in workshop.participants:
            changes["participants"] = [*workshop.participants, store.user]
        if store.user and not workshop.facilitator:
            # A session nobody leads (one made before the room had roles) is led by its opener.
            changes["facilitator"] = store.user
        if store.user and workshop.facilitator == store.user and workshop.facilitator_left:
            # Back before anyone took over: the session is theirs to lead again.
            changes["facilitator_left"] = False
        if changes:
            workshop = store.update(Workshop, workshop.id, **changes)
        return workshop


def set_step(store: WorkspaceStore, workshop_id: str, step: str) -> Workshop:
    return store.update(Workshop, workshop_id, step=step_of(step).key)


def set_timebox(store: WorkspaceStore, workshop_id: str, step: str, minutes: float) -> Workshop:
    workshop = store.get(Workshop, workshop_id)
    boxes = {**workshop.timebox_minutes, step_of(step).key: float(minutes)}
    return store.update(Workshop, workshop_id, timebox_minutes=boxes)


def timebox_minutes(workshop: Workshop, step: str) -> float:
    return workshop.timebox_minutes.get(step, step_of(step).minutes)


def add_participants(store: WorkspaceStore, workshop_id: str, text: str) -> Workshop:
    """Add people named in `text` (commas or spaces between names)."""
    workshop = store.get(Workshop, workshop_id)
    names = [n.strip() for n in re.split(r"[,;]+", text) if n.strip()]
    if not names:
        raise WorkspaceError(_("type a name, or several separated by commas"))
    merged = list(workshop.participants)
    merged += [n for n in names if n not in merged]
    return store.update(Workshop, workshop_id, participants=merged)


def is_workshop_draft(store: WorkspaceStore, objective: Objective) -> bool:
    """A draft that its unit's open workshop has not committed yet: not an agreed OKR."""
    if objective.status != "draft":
        return False
    workshop = find_workshop(store, objective.unit_id, objective.period_id)
    return workshop is not None and workshop.status == "open"
