"""The guided workshop's logic: steps, candidates, votes, key results, undo, commit, minutes.

Plain functions of the store, tested without a screen. Every edit is a store
write at once (objectives stay drafts until commit), so a workshop resumes at
the same step with everything there after a quit or a crash. This package's
face offers every name of its modules, one job each: the steps, the session,
the charter, candidates and votes, key result drafts, alignment and owners,
undo, commit and minutes, coach tips and each step's progress.
"""

from __future__ import annotations

from okr_tui.workshop.alignment import (
    parent_options,
    set_owner,
    set_parent,
    support_options,
    toggle_support,
)
from okr_tui.workshop.candidates import (
    CANDIDATE_STATUSES,
    SUGGESTED_KEEP,
    add_candidate,
    candidates,
    chosen,
    delete_candidate,
    hidden_count,
    keep_top,
    move,
    park_idea,
    remove_idea,
    rename_candidate,
    suggested_keep,
    toggle_kind,
    toggle_parked,
    toggle_track,
    vote,
)
from okr_tui.workshop.charter import charter_of, clash, set_charter
from okr_tui.workshop.key_results import (
    KR_FIELDS,
    MILESTONE_TARGETS,
    TARGET_NEEDED,
    FormError,
    delete_key_result,
    kr_form,
    read_key_result,
    save_key_result,
)
from okr_tui.workshop.minutes import commit, kr_line, minutes_markdown, minutes_path
from okr_tui.workshop.progress import step_done
from okr_tui.workshop.session import (
    PLACEHOLDER_ORG,
    add_participants,
    create_team,
    find_workshop,
    set_step,
    set_timebox,
    start_or_resume,
    timebox_minutes,
)
from okr_tui.workshop.steps import CHARTER_STEPS, STEP_KEYS, STEPS, Step, next_step, step_of
from okr_tui.workshop.tips import (
    Severity,
    Tip,
    charter_tips,
    kr_tips,
    objective_tips,
    review_tips,
    text_tips,
)
from okr_tui.workshop.undo import UNDO_PREFIX, OnlyStepFields, describe, undo_last, undoable

__all__ = [
    "CANDIDATE_STATUSES",
    "CHARTER_STEPS",
    "KR_FIELDS",
    "MILESTONE_TARGETS",
    "PLACEHOLDER_ORG",
    "STEPS",
    "STEP_KEYS",
    "SUGGESTED_KEEP",
    "TARGET_NEEDED",
    "UNDO_PREFIX",
    "FormError",
    "OnlyStepFields",
    "Severity",
    "Step",
    "Tip",
    "add_candidate",
    "add_participants",
    "candidates",
    "charter_of",
    "charter_tips",
    "chosen",
    "clash",
    "commit",
    "create_team",
    "delete_candidate",
    "delete_key_result",
    "describe",
    "find_workshop",
    "hidden_count",
    "keep_top",
    "kr_form",
    "kr_line",
    "kr_tips",
    "minutes_markdown",
    "minutes_path",
    "move",
    "next_step",
    "objective_tips",
    "parent_options",
    "park_idea",
    "read_key_result",
    "remove_idea",
    "rename_candidate",
    "review_tips",
    "save_key_result",
    "set_charter",
    "set_owner",
    "set_parent",
    "set_step",
    "set_timebox",
    "start_or_resume",
    "step_done",
    "step_of",
    "suggested_keep",
    "support_options",
    "text_tips",
    "timebox_minutes",
    "toggle_kind",
    "toggle_parked",
    "toggle_support",
    "toggle_track",
    "undo_last",
    "undoable",
    "vote",
]
