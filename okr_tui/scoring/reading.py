"""A unit's period at quarter end, as the scoring screens and the report read it.

- The final value of a KR is its latest check-in inside the period.
- A KR's score is the agreed one when the team set it, else the suggestion.
- An objective's score is the weighted mean of its KRs' scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from okr_tui.i18n import N_
from okr_tui.models import (
    CheckIn,
    Decision,
    KeyResult,
    Objective,
    ObjectiveReview,
    Period,
    Reflection,
    Score,
    Unit,
    period_for,
)
from okr_tui.privacy import split_visible
from okr_tui.rules import Band, objective_score, raw_progress, score_band, suggested_score
from okr_tui.scoring.distribution import average
from okr_tui.scoring.notes import ExpectationNote, expectation_note
from okr_tui.scoring.periods import previous_label
from okr_tui.workspace import WorkspaceStore

TEAM_PROMPTS = (N_("What went well"), N_("What did not go well"), N_("What we learned"))
SOLO_PROMPTS = (
    N_("What went well for me"),
    N_("What did not go well for me"),
    N_("What I learned"),
)
TEAM_COMMENT = N_("What the team wants to remember about this key result.")
SOLO_COMMENT = N_("What you want to remember about this key result.")
"""In English, as stored in code; translated where shown (`_(prompt)`)."""


@dataclass(frozen=True)
class KrLine:
    """One key result at quarter end."""

    kr: KeyResult
    final: float | None
    progress: float | None
    suggested: float
    agreed: float | None
    comment: str
    trend: tuple[float, ...]

    @property
    def score(self) -> float:
        return self.agreed if self.agreed is not None else self.suggested


@dataclass(frozen=True)
class ObjectiveScoring:
    """One objective with its key results, score, review and note."""

    objective: Objective
    lines: tuple[KrLine, ...]
    review: ObjectiveReview | None
    previous_score: float | None = None

    @property
    def score(self) -> float | None:
        if not self.lines:
            return None
        krs = [line.kr for line in self.lines]
        return objective_score(krs, {line.kr.id: line.score for line in self.lines})

    @property
    def band(self) -> Band | None:
        score = self.score
        return None if score is None else score_band(score)

    @property
    def agreed_count(self) -> int:
        return sum(1 for line in self.lines if line.agreed is not None)

    @property
    def fully_agreed(self) -> bool:
        return bool(self.lines) and self.agreed_count == len(self.lines)

    @property
    def note(self) -> ExpectationNote | None:
        return expectation_note(self.objective.kind, self.score, self.previous_score)

    @property
    def decision(self) -> Decision | None:
        return None if self.review is None else self.review.decision

    @property
    def miss_reason(self) -> str:
        return "" if self.review is None else self.review.miss_reason


@dataclass(frozen=True)
class UnitScoring:
    """What a viewer may see of one unit's period at quarter end."""

    unit: Unit
    period: Period
    objectives: tuple[ObjectiveScoring, ...]
    hidden: int
    reflection: Reflection | None

    @property
    def solo(self) -> bool:
        return self.unit.kind == "person"

    @property
    def prompts(self) -> tuple[str, str, str]:
        return SOLO_PROMPTS if self.solo else TEAM_PROMPTS

    @property
    def comment_prompt(self) -> str:
        return SOLO_COMMENT if self.solo else TEAM_COMMENT

    @property
    def scores(self) -> list[float]:
        return [o.score for o in self.objectives if o.score is not None]

    @property
    def average(self) -> float | None:
        return average(self.scores)


def in_period(checkin: CheckIn, period: Period) -> bool:
    return period.start <= checkin.at.date() <= period.end


def period_checkins(store: WorkspaceStore, kr_id: str, period: Period) -> list[CheckIn]:
    return [c for c in store.checkins(kr_id) if in_period(c, period)]


def final_value(store: WorkspaceStore, kr: KeyResult, period: Period) -> float | None:
    """The KR's latest check-in inside the period, or None when it has none."""
    found = period_checkins(store, kr.id, period)
    return found[-1].value if found else None


def score_record(store: WorkspaceStore, kr_id: str) -> Score | None:
    """The KR's score record (there is one per KR; the latest wins if a merge left two)."""
    found = store.by(Score, "kr_id", kr_id)
    return max(found, key=lambda s: s.at) if found else None


def review_record(store: WorkspaceStore, objective_id: str) -> ObjectiveReview | None:
    found = store.by(ObjectiveReview, "objective_id", objective_id)
    return found[-1] if found else None


def reflection_record(store: WorkspaceStore, unit_id: str, period_id: str) -> Reflection | None:
    found = [r for r in store.by(Reflection, "unit_id", unit_id) if r.period_id == period_id]
    return found[-1] if found else None


def kr_line(store: WorkspaceStore, kr: KeyResult, period: Period) -> KrLine:
    readings = period_checkins(store, kr.id, period)
    final = readings[-1].value if readings else None
    record = score_record(store, kr.id)
    return KrLine(
        kr=kr,
        final=final,
        progress=raw_progress(kr, final),
        suggested=suggested_score(kr, final),
        agreed=None if record is None else record.agreed,
        comment="" if record is None else record.comment,
        trend=tuple(c.value for c in readings),
    )


def previous_objective(store: WorkspaceStore, objective: Objective) -> Objective | None:
    """The objective this one continues: the one carried into it, else the same title before."""
    for review in store.all(ObjectiveReview):
        if review.carried_to == objective.id:
            found = store.find(Objective, review.objective_id)
            if found is not None:
                return found
    try:
        before = previous_label(objective.period_id)
    except ValueError:
        return None
    title = objective.title.casefold()
    for other in store.objectives(period_id=before, unit_id=objective.unit_id):
        if other.title.casefold() == title:
            return other
    return None


def objective_scoring(
    store: WorkspaceStore, objective: Objective, period: Period, *, look_back: bool = True
) -> ObjectiveScoring:
    """One objective at quarter end; `look_back` also scores the objective it continues."""
    lines = tuple(kr_line(store, kr, period) for kr in store.key_results(objective.id))
    previous_score: float | None = None
    previous = previous_objective(store, objective) if look_back else None
    if previous is not None:
        prev_period = store.find(Period, previous.period_id) or period_for(previous.period_id)
        # One period back is enough for the notes, so the look-back stops there.
        previous_score = objective_scoring(store, previous, prev_period, look_back=False).score
    return ObjectiveScoring(objective, lines, review_record(store, objective.id), previous_score)


def unit_scoring(store: WorkspaceStore, unit_id: str, period_id: str, viewer: str) -> UnitScoring:
    """Everything the scoring screens and the report show, filtered by privacy."""
    unit = store.get(Unit, unit_id)
    period = store.find(Period, period_id) or period_for(period_id)
    shown, hidden = split_visible(store.objectives(period_id=period_id, unit_id=unit_id), viewer)
    return UnitScoring(
        unit=unit,
        period=period,
        objectives=tuple(objective_scoring(store, o, period) for o in shown),
        hidden=hidden,
        reflection=reflection_record(store, unit_id, period_id),
    )
