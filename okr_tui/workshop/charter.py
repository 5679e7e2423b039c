"""Steps 1-3: the unit's charter (mission, vision and strategy), one line each."""

from __future__ import annotations

from okr_tui.models import Charter
from okr_tui.store import WorkspaceError
from okr_tui.workshop.steps import CHARTER_STEPS
from okr_tui.workspace import WorkspaceStore


def charter_of(store: WorkspaceStore, unit_id: str) -> Charter | None:
    found = store.by(Charter, "unit_id", unit_id)
    return found[0] if found else None


def set_charter(store: WorkspaceStore, unit_id: str, field: str, text: str) -> Charter:
    """Save one line of the unit's charter (mission, vision or strategy)."""
    if field not in CHARTER_STEPS:
        raise WorkspaceError(f"a charter has a mission, a vision and a strategy, not {field!r}")
    if len(text) > 2000:
        raise WorkspaceError(f"the {field} is at most 2,000 characters, not {len(text):,}")
    with store.transaction():
        charter = charter_of(store, unit_id)
        if charter is None:
            return store.add(Charter(unit_id=unit_id, **{field: text}))
        return store.update(Charter, charter.id, **{field: text})
