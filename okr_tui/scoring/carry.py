"""Carry forward: kept and modified objectives, with their key results, become next period's drafts.

The plan is made first and shown; applying it writes every draft in one
transaction. Check-ins stay behind.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from okr_tui.i18n import N_, _
from okr_tui.models import Decision, KeyResult, Objective, Period, period_for
from okr_tui.privacy import split_visible
from okr_tui.scoring.periods import next_label
from okr_tui.scoring.reading import final_value, review_record
from okr_tui.scoring.writes import set_review
from okr_tui.workspace import WorkspaceStore

DECISIONS: tuple[Decision, ...] = ("keep", "modify", "abandon")
DECISION_WORDS: dict[str, str] = {
    "keep": N_("keep"),
    "modify": N_("modify"),
    "abandon": N_("abandon"),
}
"""A decision as people read it (the stored value stays English)."""


def decision_words(decision: str | None) -> str:
    """The decision for next period in the language spoken; "–" when there is none yet."""
    return _(DECISION_WORDS.get(decision, decision)) if decision else "–"


OBJECTIVE_RESET = {"id", "period_id", "status"}
KR_RESET = {"id", "objective_id"}


@dataclass(frozen=True)
class CarryItem:
    """One objective to copy: as it is now, and the draft it becomes in the next period."""

    source: Objective
    decision: Decision
    draft: Objective
    source_krs: tuple[KeyResult, ...]
    draft_krs: tuple[KeyResult, ...]
    finals: tuple[float | None, ...]


@dataclass(frozen=True)
class CarryPlan:
    """What carry forward would write; nothing is written until `apply_carry_forward`."""

    unit_id: str
    from_period: str
    to_period: str
    items: tuple[CarryItem, ...]
    skipped: tuple[tuple[Objective, str], ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not self.items


def shift_due(due: date, source: Period, target: Period) -> date:
    """A due date moved as far as the next period is from the source (whole months).

    A KR due on the last day of a month stays due on the last day of its new month, and
    the date never lands outside the target period.
    """
    months = (target.start.year - source.start.year) * 12 + target.start.month - source.start.month
    index = due.year * 12 + due.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    at_month_end = due.day == calendar.monthrange(due.year, due.month)[1]
    moved = date(year, month + 1, last if at_month_end else min(due.day, last))
    return min(max(moved, target.start), target.end)


def finished_milestone(kr: KeyResult, final: float | None) -> bool:
    """A done-or-not key result that was done by the end of the period."""
    return kr.milestone and final is not None and final >= (kr.target or 1)


def baseline_from_final_by_default(solo: bool) -> bool:
    """A team's next baselines start where it ended; a person's own stay as they set them.

    A team measures the same numbers quarter after quarter, so this quarter's final
    is next quarter's start. A person's key results are more often new habits and
    one-offs whose start they choose again.
    """
    return not solo


def plan_carry_forward(
    store: WorkspaceStore,
    unit_id: str,
    period_id: str,
    viewer: str,
    *,
    baseline_from_final: bool = False,
    to_period: str | None = None,
) -> CarryPlan:
    """The drafts that kept and modified objectives become in the next period."""
    target = to_period or next_label(period_id)
    period = store.find(Period, period_id) or period_for(period_id)
    next_period = store.find(Period, target) or period_for(target)
    shown, _hidden = split_visible(store.objectives(period_id=period_id, unit_id=unit_id), viewer)
    items: list[CarryItem] = []
    skipped: list[tuple[Objective, str]] = []
    for objective in shown:
        review = review_record(store, objective.id)
        decision = None if review is None else review.decision
        if decision is None:
            skipped.append((objective, _("no decision yet")))
            continue
        if decision == "abandon":
            skipped.append((objective, _("abandoned")))
            continue
        if review is not None and review.carried_to and store.find(Objective, review.carried_to):
            skipped.append(
                (objective, _("already carried forward ({id})").format(id=review.carried_to))
            )
            continue
        draft = objective.model_copy(update={"id": "", "period_id": target, "status": "draft"})
        # A one-off key result that is done stays behind: there is nothing left to do.
        pairs = [(kr, final_value(store, kr, period)) for kr in store.key_results(objective.id)]
        pairs = [(kr, final) for kr, final in pairs if not finished_milestone(kr, final)]
        source_krs = tuple(kr for kr, _final in pairs)
        finals = tuple(final for _kr, final in pairs)
        drafts: list[KeyResult] = []
        for kr, final in zip(source_krs, finals, strict=True):
            update: dict[str, object] = {"id": "", "objective_id": ""}
            if kr.due is not None:
                update["due"] = shift_due(kr.due, period, next_period)
            if baseline_from_final and final is not None and not kr.milestone:
                update["baseline"] = final
            drafts.append(kr.model_copy(update=update))
        items.append(CarryItem(objective, decision, draft, source_krs, tuple(drafts), finals))
    return CarryPlan(unit_id, period_id, target, tuple(items), tuple(skipped))


def apply_carry_forward(store: WorkspaceStore, plan: CarryPlan) -> list[Objective]:
    """Write the plan's drafts and link each source's review to its copy, all in one write."""
    created: list[Objective] = []
    with store.transaction():
        store.ensure_period(plan.to_period)
        for item in plan.items:
            review = review_record(store, item.source.id)
            if (
                review is not None
                and review.carried_to
                and store.find(Objective, review.carried_to)
            ):
                # Someone else carried it meanwhile: do not make a second copy.
                continue
            new = store.add(item.draft, reason=f"carried forward from {item.source.id}")
            for draft_kr in item.draft_krs:
                store.add(draft_kr.model_copy(update={"objective_id": new.id}))
            set_review(store, item.source.id, carried_to=new.id)
            created.append(new)
    return created
