"""Quarter-end scoring: final values, suggested and agreed scores, notes, summary, carry forward.

Plain functions of the store's records, tested without a screen.

- The final value of a KR is its latest check-in inside the period.
- A KR's score is the agreed one when the team set it, else the suggestion.
- An objective's score is the weighted mean of its KRs' scores.
- A committed objective below 1.0 asks for the reason of the miss; an
  aspirational one at 1.0 gets a kind note that it may not have been
  ambitious, and a firmer one when it was also at 1.0 in the previous period.
- Scores grade key results, never people: nothing here ranks anyone.
- Carry forward copies kept and modified objectives, with their key results,
  into the next period as drafts, in one transaction; check-ins stay behind.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

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
from okr_tui.rules import (
    EPSILON,
    Band,
    objective_score,
    raw_progress,
    round_score,
    score_band,
    suggested_score,
)
from okr_tui.store import Store, WorkspaceError

FOCUS_NOTE = "OKRs are for focus, not appraisal: scores grade key results, never people."
FOCUS_NOTE_LONG = (
    FOCUS_NOTE + " A score is a starting point for a conversation: 1.0 and 0.7 are not much "
    "different, and 0.6-0.7 is the sweet spot for an aspirational objective."
)
"""Said once on the scoring screen and in the report."""

DECISIONS: tuple[Decision, ...] = ("keep", "modify", "abandon")

TEAM_PROMPTS = ("What went well", "What did not go well", "What we learned")
SOLO_PROMPTS = ("What went well for me", "What did not go well for me", "What I learned")


class NoteLevel(StrEnum):
    ASK = "ask"
    KIND = "kind"
    FIRM = "firm"


@dataclass(frozen=True)
class ExpectationNote:
    """What the screen says about an objective's score given its kind."""

    level: NoteLevel
    text: str


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
    def scores(self) -> list[float]:
        return [o.score for o in self.objectives if o.score is not None]

    @property
    def average(self) -> float | None:
        return average(self.scores)


# -- numbers -------------------------------------------------------------------


def in_period(checkin: CheckIn, period: Period) -> bool:
    return period.start <= checkin.at.date() <= period.end


def period_checkins(store: Store, kr_id: str, period: Period) -> list[CheckIn]:
    return [c for c in store.checkins(kr_id) if in_period(c, period)]


def final_value(store: Store, kr: KeyResult, period: Period) -> float | None:
    """The KR's latest check-in inside the period, or None when it has none."""
    found = period_checkins(store, kr.id, period)
    return found[-1].value if found else None


def score_record(store: Store, kr_id: str) -> Score | None:
    """The KR's score record (there is one per KR; the latest wins if a merge left two)."""
    found = store.by(Score, "kr_id", kr_id)
    return max(found, key=lambda s: s.at) if found else None


def review_record(store: Store, objective_id: str) -> ObjectiveReview | None:
    found = store.by(ObjectiveReview, "objective_id", objective_id)
    return found[-1] if found else None


def reflection_record(store: Store, unit_id: str, period_id: str) -> Reflection | None:
    found = [r for r in store.by(Reflection, "unit_id", unit_id) if r.period_id == period_id]
    return found[-1] if found else None


def kr_line(store: Store, kr: KeyResult, period: Period) -> KrLine:
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


def average(values: Iterable[float]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None


def previous_label(period_id: str) -> str:
    """The period before: 2026-Q1 -> 2025-Q4, 2017 -> 2016."""
    period = period_for(period_id)
    if period.is_year:
        return str(period.start.year - 1)
    year, quarter = period.start.year, (period.start.month - 1) // 3 + 1
    return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"


def next_label(period_id: str) -> str:
    """The period after: 2026-Q4 -> 2027-Q1, 2017 -> 2018."""
    period = period_for(period_id)
    if period.is_year:
        return str(period.start.year + 1)
    year, quarter = period.start.year, (period.start.month - 1) // 3 + 1
    return f"{year + 1}-Q1" if quarter == 4 else f"{year}-Q{quarter + 1}"


def previous_objective(store: Store, objective: Objective) -> Objective | None:
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
    store: Store, objective: Objective, period: Period, *, look_back: bool = True
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


def unit_scoring(store: Store, unit_id: str, period_id: str, viewer: str) -> UnitScoring:
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


# -- expectations --------------------------------------------------------------


def expectation_note(
    kind: str, score: float | None, previous_score: float | None = None
) -> ExpectationNote | None:
    """What to say about a score given the objective's kind (None: nothing to say)."""
    if score is None:
        return None
    at_full = score >= 1.0 - EPSILON
    if kind == "committed" and not at_full:
        return ExpectationNote(
            NoteLevel.ASK,
            "Committed objectives are expected at 1.0. What got in the way? "
            "Note the reason of the miss so the next plan can allow for it.",
        )
    if kind == "aspirational" and at_full:
        if previous_score is not None and previous_score >= 1.0 - EPSILON:
            return ExpectationNote(
                NoteLevel.FIRM,
                "1.0 again, as in the previous period: this objective is not stretching "
                "the team. Aim higher next time; 0.6-0.7 is the sweet spot.",
            )
        return ExpectationNote(
            NoteLevel.KIND,
            "Well done! A full 1.0 on an aspirational objective may mean it was not "
            "ambitious enough; 0.6-0.7 is the sweet spot.",
        )
    return None


# -- distribution ----------------------------------------------------------------


def distribution(scores: Iterable[float]) -> dict[float, int]:
    """How many scores fall on each tenth, 0.0 to 1.0.

    A mean in between counts on the tenth it is shown as (0.67 on 0.7), so a
    bar's objectives read the score the report prints beside them.
    """
    counts = {tenth / 10: 0 for tenth in range(11)}
    for score in scores:
        counts[round_score(score)] += 1
    return counts


def band_counts(scores: Iterable[float]) -> dict[Band, int]:
    counts = {Band.RED: 0, Band.YELLOW: 0, Band.GREEN: 0}
    for score in scores:
        counts[score_band(score)] += 1
    return counts


# -- writing -------------------------------------------------------------------


def check_score(value: float) -> float:
    rounded = round(value, 1)
    if not 0.0 <= value <= 1.0 or abs(rounded - value) > 1e-9:
        raise WorkspaceError(f"a score goes from 0.0 to 1.0 in steps of 0.1, not {value}")
    return rounded


def set_score(
    store: Store,
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
        changes: dict[str, object] = {"suggested": suggested, "scored_by": store.user}
        if agreed is not None:
            changes["agreed"] = check_score(agreed)
        if comment is not None:
            changes["comment"] = comment.strip()
        if existing is None:
            return store.add(Score(kr_id=kr_id, at=store.clock(), **changes))  # type: ignore[arg-type]
        return store.update(Score, existing.id, at=store.clock(), **changes)


def set_review(store: Store, objective_id: str, **changes: object) -> ObjectiveReview:
    """Set miss_reason, comment, decision or carried_to of an objective's review."""
    with store.transaction():
        store.get(Objective, objective_id)
        existing = review_record(store, objective_id)
        cleaned = {
            k: v.strip() if isinstance(v, str) and k != "decision" else v
            for k, v in changes.items()
        }
        if existing is None:
            return store.add(ObjectiveReview(objective_id=objective_id, **cleaned))  # type: ignore[arg-type]
        return store.update(ObjectiveReview, existing.id, **cleaned)


def save_reflection(
    store: Store,
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


# -- carry forward ---------------------------------------------------------------

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


def plan_carry_forward(
    store: Store,
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
            skipped.append((objective, "no decision yet"))
            continue
        if decision == "abandon":
            skipped.append((objective, "abandoned"))
            continue
        if review is not None and review.carried_to and store.find(Objective, review.carried_to):
            skipped.append((objective, f"already carried forward ({review.carried_to})"))
            continue
        draft = objective.model_copy(update={"id": "", "period_id": target, "status": "draft"})
        source_krs = tuple(store.key_results(objective.id))
        finals = tuple(final_value(store, kr, period) for kr in source_krs)
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


def apply_carry_forward(store: Store, plan: CarryPlan) -> list[Objective]:
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


CURRENCY_SIGNS = "¥$€£₹₩"


def format_value(value: float | None, measure: str = "") -> str:
    """A reading as people write it: 61%, ¥250,000, 8/10, 60 calls; "–" when there is none."""
    if value is None:
        return "–"
    number = f"{value:,.0f}" if abs(value - round(value)) < EPSILON else f"{value:,.2f}".rstrip("0")
    if not measure:
        return number
    if measure in CURRENCY_SIGNS:
        return f"{measure}{number}"
    if measure == "%" or measure.startswith("/"):
        return f"{number}{measure}"
    return f"{number} {measure}"


def format_progress(value: float | None) -> str:
    """Raw progress as a percentage; over-achievement shows above 100%."""
    return "–" if value is None else f"{value * 100:.0f}%"
