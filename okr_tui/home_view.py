"""What home shows for one unit and period: its objectives and key results with
progress and health, as one viewer may see them (view data, computed once).

Imported by the home screen before the workspace is open, so the models, rules
and privacy are imported inside the functions that need them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okr_tui.models import CheckIn, KeyResult, Objective
    from okr_tui.rules import Health
    from okr_tui.workspace import WorkspaceStore


@dataclass
class KrRow:
    kr: KeyResult
    last: CheckIn | None
    progress: float | None
    health: Health


@dataclass
class ObjectiveRow:
    objective: Objective
    progress: float | None
    krs: list[KrRow] = field(default_factory=list)


@dataclass
class UnitOkrs:
    """What home shows for one unit and period, as this viewer may see it."""

    rows: list[ObjectiveRow]
    hidden: int

    @property
    def progress(self) -> float | None:
        from okr_tui.rules import weighted_mean

        return weighted_mean(
            (row.progress, row.objective.weight) for row in self.rows if row.progress is not None
        )


def objective_progress(krs: list[KrRow]) -> float | None:
    """The objective's progress from its KR rows (the rule is rules.objective_progress)."""
    from okr_tui import rules

    return rules.objective_progress((row.progress, row.kr.weight) for row in krs)


def unit_okrs(
    store: WorkspaceStore, unit_id: str, period_id: str, viewer: str, today: date
) -> UnitOkrs:
    """The unit's objectives for the period with progress and health, privacy applied."""
    from okr_tui.models import Period
    from okr_tui.privacy import split_visible
    from okr_tui.rules import health, progress

    period: Period | None = store.find(Period, period_id)
    # A finished period is judged as it stood on its last day, not as "stale" today.
    as_of = min(today, period.end) if period is not None else today
    objectives = store.objectives(period_id=period_id, unit_id=unit_id)
    visible, hidden = split_visible(objectives, viewer)
    # Two set reads for the whole unit, not two reads per key result.
    krs_of = store.key_results_of(o.id for o in visible)
    latest = store.latest_checkins(kr.id for krs in krs_of.values() for kr in krs)
    rows: list[ObjectiveRow] = []
    for objective in visible:
        krs: list[KrRow] = []
        for kr in krs_of[objective.id]:
            last = latest[kr.id]
            krs.append(
                KrRow(
                    kr=kr,
                    last=last,
                    progress=progress(kr, last.value if last is not None else None),
                    health=health(kr, last, period, as_of),
                )
            )
        rows.append(ObjectiveRow(objective, objective_progress(krs), krs))
    return UnitOkrs(rows, hidden)
