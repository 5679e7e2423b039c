"""Whether a workshop step has what it asks for, for the progress marks beside the steps."""

from __future__ import annotations

from okr_tui.models import Workshop
from okr_tui.workshop.candidates import candidates, chosen
from okr_tui.workshop.charter import charter_of
from okr_tui.workshop.steps import CHARTER_STEPS
from okr_tui.workspace import WorkspaceStore


def step_done(store: WorkspaceStore, workshop: Workshop, key: str) -> bool:
    """Whether a step has what it asks for, for the progress marks in the sidebar."""
    if key in CHARTER_STEPS:
        charter = charter_of(store, workshop.unit_id)
        return bool(charter is not None and getattr(charter, key))
    # A draft still sealed in a writing round is nobody's progress yet.
    kept = [o for o in chosen(store, workshop) if not o.sealed]
    if key == "objectives":
        every = candidates(store, workshop)
        return bool(kept) and any(o.status == "parked" or o.votes for o in every)
    if key == "key_results":
        return bool(kept) and all(store.key_results(o.id) for o in kept)
    if key == "alignment":
        return bool(kept) and all(o.owner for o in kept)
    return workshop.status == "committed"
