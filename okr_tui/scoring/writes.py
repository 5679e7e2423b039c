"""Saving what the team agrees at quarter end: scores, objective reviews and the reflection.

Each is one record, kept up to date: a KR has one Score, an objective one
review, a unit one reflection per period.
"""

from __future__ import annotations

from typing import Any

from okr_tui.i18n import _
from okr_tui.models import (
    KeyResult,
    Objective,
    ObjectiveReview,
    Period,
    Reflection,
    Score,
    Unit,
    period_for,
)
from okr_tui.rules import suggested_score
from okr_tui.scoring.reading import final_value, reflection_record, review_record, score_record
from okr_tui.store import WorkspaceError
from okr_tui.workspace import WorkspaceStore


def check_score(value: float) -> float:
    rounded = round(value, 1)
    if not 0.0 <= value <= 1.0 or abs(rounded - value) > 1e-9:
        raise WorkspaceError(
            _("a score goes from 0.0 to 1.0 in steps of 0.1, not {value}").format(value=value)
        )
    return rounded


def set_score(
    store: WorkspaceStore,
    kr_id: str,
    *,
    agreed: float | None = None,
    comment: str | None = None,
    period_id: str | None = None,
) -> Score:
    """Set a KR's agreed score and/or comment, keeping one Score record per KR."""
    with store.transaction():
        kr = store.get(KeyResult, kr_id)
        objective = store.get(Objective, kr.objective_id)
        period = store.find(Period, period_id or objective.period_id) or period_for(
            objective.period_id
        )
        suggested = suggested_score(kr, final_value(store, kr, period))
        existing = score_record(store, kr_id)
        changes: dict[str, Any] = {"suggested": suggested, "scored_by": store.user}
        if agreed is not None:
            changes["agreed"] = check_score(agreed)
        if comment is not None:
            changes["comment"] = comment.strip()
        if existing is None:
            return store.add(Score(kr_id=kr_id, at=store.clock(), **changes))
        return store.update(Score, existing.id, at=store.clock(), **changes)


def set_review(store: WorkspaceStore, objective_id: str, **changes: object) -> ObjectiveReview:
    """Set miss_reason, comment, decision or carried_to of an objective's review."""
    with store.transaction():
        store.get(Objective, objective_id)
        existing = review_record(store, objective_id)
        cleaned: dict[str, Any] = {
            k: v.strip() if isinstance(v, str) and k != "decision" else v
            for k, v in changes.items()
        }
        if existing is None:
            return store.add(ObjectiveReview(objective_id=objective_id, **cleaned))
        return store.update(ObjectiveReview, existing.id, **cleaned)


def save_reflection(
    store: WorkspaceStore,
    unit_id: str,
    period_id: str,
    *,
    went_well: str,
    went_badly: str,
    learned: str,
) -> Reflection:
    """Store the unit's reflection for the period (one per unit and period)."""
    with store.transaction():
        store.get(Unit, unit_id)
        existing = reflection_record(store, unit_id, period_id)
        fields = {
            "went_well": went_well.strip(),
            "went_badly": went_badly.strip(),
            "learned": learned.strip(),
            "author": store.user,
        }
        if existing is None:
            return store.add(Reflection(unit_id=unit_id, period_id=period_id, **fields))
        return store.update(Reflection, existing.id, **fields)
