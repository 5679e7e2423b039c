"""Quarter-end scoring: final values, suggested and agreed scores, notes, summary, carry forward.

Plain functions of the store's records, tested without a screen. Each module
has one job: `reading` (a unit's period at its end), `notes` (what is said
about a score), `distribution` (how scores spread), `periods` (the period
before and after), `writes` (saving scores, reviews and the reflection),
`carry` (carry forward) and `figures` (numbers as people write them). This face
hands on their public names, for callers that import them from the package.
"""

from okr_tui.scoring.carry import (
    DECISION_WORDS,
    DECISIONS,
    KR_RESET,
    OBJECTIVE_RESET,
    CarryItem,
    CarryPlan,
    apply_carry_forward,
    baseline_from_final_by_default,
    decision_words,
    finished_milestone,
    plan_carry_forward,
    shift_due,
)
from okr_tui.scoring.distribution import (
    BAND_WORDS,
    average,
    band_counts,
    band_words,
    distribution,
)
from okr_tui.scoring.figures import CURRENCY_SIGNS, format_progress, format_value
from okr_tui.scoring.notes import (
    FOCUS_NOTE,
    FOCUS_NOTE_LONG,
    FOCUS_NOTE_MORE,
    ExpectationNote,
    NoteLevel,
    expectation_note,
    focus_note,
)
from okr_tui.scoring.periods import next_label, previous_label
from okr_tui.scoring.reading import (
    SOLO_PROMPTS,
    TEAM_COMMENT,
    TEAM_PROMPTS,
    KrLine,
    ObjectiveScoring,
    UnitScoring,
    final_value,
    in_period,
    kr_line,
    objective_scoring,
    period_checkins,
    previous_objective,
    reflection_record,
    review_record,
    score_record,
    unit_scoring,
)
from okr_tui.scoring.writes import check_score, save_reflection, set_review, set_score

__all__ = [
    "BAND_WORDS",
    "CURRENCY_SIGNS",
    "DECISIONS",
    "DECISION_WORDS",
    "FOCUS_NOTE",
    "FOCUS_NOTE_LONG",
    "FOCUS_NOTE_MORE",
    "KR_RESET",
    "OBJECTIVE_RESET",
    "SOLO_PROMPTS",
    "TEAM_COMMENT",
    "TEAM_PROMPTS",
    "CarryItem",
    "CarryPlan",
    "ExpectationNote",
    "KrLine",
    "NoteLevel",
    "ObjectiveScoring",
    "UnitScoring",
    "apply_carry_forward",
    "average",
    "band_counts",
    "band_words",
    "baseline_from_final_by_default",
    "check_score",
    "decision_words",
    "distribution",
    "expectation_note",
    "final_value",
    "finished_milestone",
    "focus_note",
    "format_progress",
    "format_value",
    "in_period",
    "kr_line",
    "next_label",
    "objective_scoring",
    "period_checkins",
    "plan_carry_forward",
    "previous_label",
    "previous_objective",
    "reflection_record",
    "review_record",
    "save_reflection",
    "score_record",
    "set_review",
    "set_score",
    "shift_due",
    "unit_scoring",
]
