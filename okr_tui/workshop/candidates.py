"""Step 4: candidate objectives, dot votes, keeping the top few and the parking lot.

Objectives stay drafts until the workshop commits them.
"""

from __future__ import annotations

from typing import Any

from okr_tui.i18n import _
from okr_tui.models import KeyResult, Objective, Workshop
from okr_tui.privacy import can_see, split_visible
from okr_tui.store import WorkspaceError
from okr_tui.workshop.room import require_lead
from okr_tui.workspace import WorkspaceStore

CANDIDATE_STATUSES = ("draft", "parked", "committed")


SUGGESTED_KEEP = (3, 5)


def candidates(
    store: WorkspaceStore, workshop: Workshop, *, viewer: str | None = None
) -> list[Objective]:
    """The unit's objectives for the period that the workshop handles, in their order.

    Drafts and committed ones first, then the parked ones; private objectives of
    others (than `viewer`, by default the store's user) are left out (see `hidden_count`).
    """
    viewer = store.user if viewer is None else viewer
    found = [
        o
        for o in store.objectives(
            unit_id=workshop.unit_id, period_id=workshop.period_id, include_dropped=True
        )
        if o.status in CANDIDATE_STATUSES and can_see(o, viewer)
    ]
    return sorted(found, key=lambda o: (o.status == "parked", o.order, o.title))


def chosen(
    store: WorkspaceStore, workshop: Workshop, *, viewer: str | None = None
) -> list[Objective]:
    """The objectives the team keeps: drafts and committed ones."""
    return [o for o in candidates(store, workshop, viewer=viewer) if o.status != "parked"]


def hidden_count(store: WorkspaceStore, workshop: Workshop, *, viewer: str | None = None) -> int:
    objectives = [
        o
        for o in store.objectives(unit_id=workshop.unit_id, period_id=workshop.period_id)
        if o.status in CANDIDATE_STATUSES
    ]
    return split_visible(objectives, store.user if viewer is None else viewer)[1]


def _clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise WorkspaceError(_("type the objective first"))
    if len(cleaned) > 300:
        raise WorkspaceError(
            _("a title is at most 300 characters, not {count}").format(count=len(cleaned))
        )
    return cleaned


def add_candidate(
    store: WorkspaceStore, workshop: Workshop, title: str, **fields: Any
) -> Objective:
    """A new draft at the end of the list; `fields` say who wrote it and whether it is sealed."""
    cleaned = _clean_title(title)
    with store.transaction():
        taken = [
            o.order
            for o in store.objectives(
                unit_id=workshop.unit_id, period_id=workshop.period_id, include_dropped=True
            )
        ]
        return store.add(
            Objective(
                unit_id=workshop.unit_id,
                period_id=workshop.period_id,
                title=cleaned,
                status="draft",
                order=max(taken, default=-1) + 1,
                **fields,
            )
        )


def rename_candidate(store: WorkspaceStore, objective_id: str, title: str) -> Objective:
    objective = store.get(Objective, objective_id)
    return store.update(
        Objective, objective_id, title=_clean_title(title), reason=committed_reason(objective)
    )


def delete_candidate(store: WorkspaceStore, objective_id: str) -> None:
    """Remove a draft and its key results (one undoable batch)."""
    with store.transaction():
        objective = store.get(Objective, objective_id)
        if objective.status == "committed":
            raise WorkspaceError(_("a committed objective is dropped, not deleted"))
        for kr in store.key_results(objective_id, include_dropped=True):
            store.remove(KeyResult, kr.id, reason="workshop: delete candidate")
        store.remove(Objective, objective_id, reason="workshop: delete candidate")


def vote(store: WorkspaceStore, objective_id: str, delta: int) -> Objective:
    """Dot voting: give (or take back) votes; never below zero."""
    with store.transaction():
        objective = store.get(Objective, objective_id)
        votes = max(0, objective.votes + delta)
        if objective.status == "committed":
            return objective
        return store.update(Objective, objective_id, votes=votes)


def toggle_kind(store: WorkspaceStore, objective_id: str) -> Objective:
    objective = store.get(Objective, objective_id)
    kind = "aspirational" if objective.kind == "committed" else "committed"
    return store.update(Objective, objective_id, kind=kind, reason=committed_reason(objective))


def toggle_track(store: WorkspaceStore, objective_id: str) -> Objective:
    objective = store.get(Objective, objective_id)
    track = "team-building" if objective.track == "business" else "business"
    return store.update(Objective, objective_id, track=track, reason=committed_reason(objective))


def committed_reason(objective: Objective) -> str:
    return "changed in the workshop" if objective.status == "committed" else ""


def move(
    store: WorkspaceStore, workshop: Workshop, objective_id: str, delta: int
) -> list[Objective]:
    """Move a candidate up (-1) or down (+1) among those of its own status."""
    with store.transaction():
        listed = candidates(store, workshop)
        objective = store.get(Objective, objective_id)
        group = [o for o in listed if (o.status == "parked") == (objective.status == "parked")]
        index = next(i for i, o in enumerate(group) if o.id == objective_id)
        target = max(0, min(len(group) - 1, index + delta))
        if target == index:
            return listed
        group.insert(target, group.pop(index))
        others = [o for o in listed if o not in group]
        ordered = group + others if objective.status != "parked" else others + group
        for number, item in enumerate(ordered):
            if item.order != number:
                store.update(
                    Objective,
                    item.id,
                    order=number,
                    reason=committed_reason(item) or "workshop: reorder",
                )
        return candidates(store, workshop)


def suggested_keep(store: WorkspaceStore, workshop: Workshop) -> int:
    """How many to keep by default: those with votes, within the 3-5 the craft suggests."""
    open_ = [o for o in candidates(store, workshop) if o.status != "committed"]
    voted = sum(1 for o in open_ if o.votes > 0)
    low, high = SUGGESTED_KEEP
    return max(1, min(len(open_), max(low, min(high, voted))))


def keep_top(
    store: WorkspaceStore, workshop: Workshop, keep: int
) -> tuple[list[Objective], list[Objective]]:
    """The `keep` candidates with most votes stay drafts; the rest go to the parking lot.

    Ties keep the order the team gave them. Committed objectives are left alone.
    """
    if keep < 1:
        raise WorkspaceError(_("keep at least one objective"))
    with store.transaction():
        fresh = store.get(Workshop, workshop.id)
        require_lead(fresh, store.user, "keep")
        refuse_while_sealed(fresh)
        open_ = [o for o in candidates(store, workshop) if o.status != "committed"]
        ranked = sorted(open_, key=lambda o: (-o.votes, o.status == "parked", o.order))
        kept, parked = ranked[:keep], ranked[keep:]
        reason = f"workshop: keep the top {keep}"
        for number, objective in enumerate(kept):
            if objective.status != "draft" or objective.order != number:
                store.update(Objective, objective.id, status="draft", order=number, reason=reason)
        for objective in parked:
            if objective.status != "parked":
                store.update(Objective, objective.id, status="parked", reason=reason)
        return [store.get(Objective, o.id) for o in kept], [
            store.get(Objective, o.id) for o in parked
        ]


def refuse_while_sealed(workshop: Workshop) -> None:
    """Nothing is kept or committed while drafts are still their authors' alone."""
    if workshop.writing == "open":
        raise WorkspaceError(_("the writing round is still open: reveal the drafts first"))


def toggle_parked(store: WorkspaceStore, objective_id: str) -> Objective:
    """Park a draft, or bring a parked one back as a draft."""
    objective = store.get(Objective, objective_id)
    if objective.status == "committed":
        raise WorkspaceError(_("a committed objective is dropped, not parked"))
    status = "draft" if objective.status == "parked" else "parked"
    return store.update(Objective, objective_id, status=status)


def park_idea(store: WorkspaceStore, workshop_id: str, text: str) -> Workshop:
    """An idea for later, captured from any step into the workshop's parking lot."""
    idea = " ".join(text.split())
    if not idea:
        raise WorkspaceError(_("type the idea first"))
    if len(idea) > 300:
        raise WorkspaceError(
            _("an idea is at most 300 characters, not {count}").format(count=len(idea))
        )
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        return store.update(Workshop, workshop_id, parking_lot=[*workshop.parking_lot, idea])


def remove_idea(store: WorkspaceStore, workshop_id: str, index: int) -> Workshop:
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        if not 0 <= index < len(workshop.parking_lot):
            raise WorkspaceError(_("no such idea in the parking lot"))
        ideas = [i for n, i in enumerate(workshop.parking_lot) if n != index]
        return store.update(Workshop, workshop_id, parking_lot=ideas)
