"""The guided workshop's logic: steps, candidates, votes, key results, undo, commit, minutes.

Plain functions of the store, tested without a screen. Every edit is a store
write at once (objectives stay drafts until commit), so a workshop resumes at
the same step with everything there after a quit or a crash. Undo restores
the `before` of the last edit's Events; a batch (keep the top N, commit, a
reorder) shares one reason and one time, and is undone as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from okr_tui import file_modes
from okr_tui.markdown import md_inline
from okr_tui.models import (
    Charter,
    Event,
    KeyResult,
    Objective,
    Record,
    Unit,
    Workshop,
    WorkshopStep,
    record_types,
)
from okr_tui.numbers import NumberError, format_number, read_number
from okr_tui.privacy import can_see, hidden_label, split_visible
from okr_tui.storage import atomic_write_bytes
from okr_tui.store import Store, WorkspaceError
from okr_tui.words import objective_tags


@dataclass(frozen=True)
class Step:
    """One step of the workshop: what to ask the room, and one good and one weak example."""

    key: WorkshopStep
    number: int
    title: str
    prompt: str
    good: str
    weak: str
    minutes: float


STEPS: tuple[Step, ...] = (
    Step(
        "mission",
        1,
        "Mission",
        "Why does the team exist? One sentence everyone can remember.",
        "Let tea lovers mix tea well.",
        "Be the best tea company and maximise revenue.",
        10,
    ),
    Step(
        "vision",
        2,
        "Vision",
        "What does the world look like when the mission works?",
        "Good tea can be enjoyed in high-end restaurants or cafes in most areas.",
        "Grow fast.",
        10,
    ),
    Step(
        "strategy",
        3,
        "Strategy",
        "How will you get there? The choice you make, and what you will not do.",
        "Sell high-quality bulk tea to high-end restaurants or coffee shops.",
        "Do whatever any customer asks for.",
        10,
    ),
    Step(
        "objectives",
        4,
        "Objectives",
        "Capture every candidate objective (qualitative, inspiring), then vote: keep 3-5.",
        "Prove the value of our high-quality tea to restaurant suppliers.",
        "Make gmail a success.",
        25,
    ),
    Step(
        "key_results",
        5,
        "Key results",
        "For each objective, 2-5 key results with a number or a date: baseline, target, due.",
        "The renewal rate of customers reaches 70%.",
        "Improve the ordering system.",
        30,
    ),
    Step(
        "alignment",
        6,
        "Alignment and owners",
        "Link each objective to the one above it (or top-level); "
        "a support team names the business objectives it serves; give each an owner.",
        "UED: a repurchase potential model, supporting 'Raise the repurchase rate'.",
        "Improve design quality (serving no one's objective).",
        15,
    ),
    Step(
        "review",
        7,
        "Review and commit",
        "Read the whole set aloud. Coach hints are advice, not blockers. "
        "Commit when the room agrees.",
        "Committed objectives are expected at 1.0; aspirational ones land at 0.6-0.7.",
        "Ten objectives with eight key results each.",
        10,
    ),
)
STEP_KEYS: tuple[WorkshopStep, ...] = tuple(s.key for s in STEPS)
CHARTER_STEPS: tuple[WorkshopStep, ...] = ("mission", "vision", "strategy")
CANDIDATE_STATUSES = ("draft", "parked", "committed")
UNDO_PREFIX = "undo "
SUGGESTED_KEEP = (3, 5)


PLACEHOLDER_ORG = "My organisation"
"""The name a workspace gets before anyone names it (see Store)."""


def create_team(store: Store, name: str) -> Unit:
    """The first team of a new workspace; it also names the organisation if nobody has."""
    with store.transaction():
        unit = store.add(Unit(name=" ".join(name.split()), kind="company"))
        if store.meta.org in ("", PLACEHOLDER_ORG):
            store.set_org(unit.name)
        return unit


def step_of(key: str) -> Step:
    for step in STEPS:
        if step.key == key:
            return step
    raise WorkspaceError(f"no workshop step called {key!r}")


def next_step(key: str, delta: int) -> WorkshopStep:
    """The step `delta` places away, staying within the first and the last."""
    index = STEP_KEYS.index(step_of(key).key) + delta
    return STEP_KEYS[max(0, min(len(STEP_KEYS) - 1, index))]


# -- the session ---------------------------------------------------------------


def find_workshop(store: Store, unit_id: str, period_id: str) -> Workshop | None:
    """The latest workshop of a unit and period (open ones first)."""
    found = [w for w in store.by(Workshop, "unit_id", unit_id) if w.period_id == period_id]
    if not found:
        return None
    return max(found, key=lambda w: (w.status == "open", w.started, w.id))


def start_or_resume(store: Store, unit_id: str, period_id: str) -> Workshop:
    """The unit's workshop for the period, created at step 1 when there is none.

    Whoever opens it joins its participants, so the minutes say who took part.
    """
    with store.transaction():
        store.get(Unit, unit_id)
        store.ensure_period(period_id)
        workshop = find_workshop(store, unit_id, period_id)
        if workshop is None:
            people = [store.user] if store.user else []
            return store.add(
                Workshop(
                    unit_id=unit_id,
                    period_id=period_id,
                    facilitator=store.user,
                    participants=people,
                    started=store.clock(),
                )
            )
        if store.user and store.user not in workshop.participants:
            workshop = store.update(
                Workshop, workshop.id, participants=[*workshop.participants, store.user]
            )
        return workshop


def set_step(store: Store, workshop_id: str, step: str) -> Workshop:
    return store.update(Workshop, workshop_id, step=step_of(step).key)


def set_timebox(store: Store, workshop_id: str, step: str, minutes: float) -> Workshop:
    workshop = store.get(Workshop, workshop_id)
    boxes = {**workshop.timebox_minutes, step_of(step).key: float(minutes)}
    return store.update(Workshop, workshop_id, timebox_minutes=boxes)


def timebox_minutes(workshop: Workshop, step: str) -> float:
    return workshop.timebox_minutes.get(step, step_of(step).minutes)


def add_participants(store: Store, workshop_id: str, text: str) -> Workshop:
    """Add people named in `text` (commas or spaces between names)."""
    workshop = store.get(Workshop, workshop_id)
    names = [n.strip() for n in re.split(r"[,;]+", text) if n.strip()]
    if not names:
        raise WorkspaceError("type a name, or several separated by commas")
    merged = list(workshop.participants)
    merged += [n for n in names if n not in merged]
    return store.update(Workshop, workshop_id, participants=merged)


# -- steps 1-3: the charter ------------------------------------------------------


def charter_of(store: Store, unit_id: str) -> Charter | None:
    found = store.by(Charter, "unit_id", unit_id)
    return found[0] if found else None


def set_charter(store: Store, unit_id: str, field: str, text: str) -> Charter:
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


# -- step 4: candidates, votes, the parking lot -------------------------------------


def candidates(store: Store, workshop: Workshop, *, viewer: str | None = None) -> list[Objective]:
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


def chosen(store: Store, workshop: Workshop, *, viewer: str | None = None) -> list[Objective]:
    """The objectives the team keeps: drafts and committed ones."""
    return [o for o in candidates(store, workshop, viewer=viewer) if o.status != "parked"]


def hidden_count(store: Store, workshop: Workshop, *, viewer: str | None = None) -> int:
    objectives = [
        o
        for o in store.objectives(unit_id=workshop.unit_id, period_id=workshop.period_id)
        if o.status in CANDIDATE_STATUSES
    ]
    return split_visible(objectives, store.user if viewer is None else viewer)[1]


def _clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise WorkspaceError("type the objective first")
    if len(cleaned) > 300:
        raise WorkspaceError(f"a title is at most 300 characters, not {len(cleaned)}")
    return cleaned


def add_candidate(store: Store, workshop: Workshop, title: str) -> Objective:
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
            )
        )


def rename_candidate(store: Store, objective_id: str, title: str) -> Objective:
    objective = store.get(Objective, objective_id)
    return store.update(
        Objective, objective_id, title=_clean_title(title), reason=_committed_reason(objective)
    )


def delete_candidate(store: Store, objective_id: str) -> None:
    """Remove a draft and its key results (one undoable batch)."""
    with store.transaction():
        objective = store.get(Objective, objective_id)
        if objective.status == "committed":
            raise WorkspaceError("a committed objective is dropped, not deleted")
        for kr in store.key_results(objective_id, include_dropped=True):
            store.remove(KeyResult, kr.id, reason="workshop: delete candidate")
        store.remove(Objective, objective_id, reason="workshop: delete candidate")


def vote(store: Store, objective_id: str, delta: int) -> Objective:
    """Dot voting: give (or take back) votes; never below zero."""
    with store.transaction():
        objective = store.get(Objective, objective_id)
        votes = max(0, objective.votes + delta)
        if objective.status == "committed":
            return objective
        return store.update(Objective, objective_id, votes=votes)


def toggle_kind(store: Store, objective_id: str) -> Objective:
    objective = store.get(Objective, objective_id)
    kind = "aspirational" if objective.kind == "committed" else "committed"
    return store.update(Objective, objective_id, kind=kind, reason=_committed_reason(objective))


def toggle_track(store: Store, objective_id: str) -> Objective:
    objective = store.get(Objective, objective_id)
    track = "team-building" if objective.track == "business" else "business"
    return store.update(Objective, objective_id, track=track, reason=_committed_reason(objective))


def _committed_reason(objective: Objective) -> str:
    return "changed in the workshop" if objective.status == "committed" else ""


def move(store: Store, workshop: Workshop, objective_id: str, delta: int) -> list[Objective]:
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
                    reason=_committed_reason(item) or "workshop: reorder",
                )
        return candidates(store, workshop)


def suggested_keep(store: Store, workshop: Workshop) -> int:
    """How many to keep by default: those with votes, within the 3-5 the craft suggests."""
    open_ = [o for o in candidates(store, workshop) if o.status != "committed"]
    voted = sum(1 for o in open_ if o.votes > 0)
    low, high = SUGGESTED_KEEP
    return max(1, min(len(open_), max(low, min(high, voted))))


def keep_top(
    store: Store, workshop: Workshop, keep: int
) -> tuple[list[Objective], list[Objective]]:
    """The `keep` candidates with most votes stay drafts; the rest go to the parking lot.

    Ties keep the order the team gave them. Committed objectives are left alone.
    """
    if keep < 1:
        raise WorkspaceError("keep at least one objective")
    with store.transaction():
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


def toggle_parked(store: Store, objective_id: str) -> Objective:
    """Park a draft, or bring a parked one back as a draft."""
    objective = store.get(Objective, objective_id)
    if objective.status == "committed":
        raise WorkspaceError("a committed objective is dropped, not parked")
    status = "draft" if objective.status == "parked" else "parked"
    return store.update(Objective, objective_id, status=status)


def park_idea(store: Store, workshop_id: str, text: str) -> Workshop:
    """An idea for later, captured from any step into the workshop's parking lot."""
    idea = " ".join(text.split())
    if not idea:
        raise WorkspaceError("type the idea first")
    if len(idea) > 300:
        raise WorkspaceError(f"an idea is at most 300 characters, not {len(idea)}")
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        return store.update(Workshop, workshop_id, parking_lot=[*workshop.parking_lot, idea])


def remove_idea(store: Store, workshop_id: str, index: int) -> Workshop:
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        if not 0 <= index < len(workshop.parking_lot):
            raise WorkspaceError("no such idea in the parking lot")
        ideas = [i for n, i in enumerate(workshop.parking_lot) if n != index]
        return store.update(Workshop, workshop_id, parking_lot=ideas)


# -- step 5: key results ---------------------------------------------------------------

KR_FIELDS = ("title", "baseline", "target", "measure", "direction", "due", "indicator")
MILESTONE_TARGETS = ("done", "milestone")
"""What the target field takes for a milestone: a key result that is done (1) or not (0)."""
TARGET_NEEDED = "a key result needs a target, like 70% or 250,000 (or 'done' for a milestone)"


def read_key_result(
    fields: dict[str, str], *, require_target: bool = True
) -> tuple[dict[str, Any], dict[str, str]]:
    """Read a KR form as typed: (values to save, field -> message for what cannot be read).

    Numbers are read as people write them ("70%", "250,000", "¥250,000", "8/10");
    the measure comes from them when the measure field is empty. A target is
    required unless `require_target` is false (the coach's live hints read a
    half-filled form); 'done' as the target makes a milestone, done or not.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    title = " ".join(fields.get("title", "").split())
    if not title:
        errors["title"] = "say what will be true, like 'The renewal rate reaches 70%'"
    elif len(title) > 300:
        errors["title"] = f"at most 300 characters, not {len(title)}"
    values["title"] = title
    milestone = fields.get("target", "").strip().casefold() in MILESTONE_TARGETS
    values["milestone"] = milestone
    measures: list[str] = []
    for name in ("baseline", "target"):
        text = fields.get(name, "").strip()
        if milestone:
            values[name] = 1.0 if name == "target" else 0.0
            if name == "baseline" and text not in ("", "0"):
                errors[name] = "a milestone starts at not done: leave the baseline empty"
            continue
        if not text:
            values[name] = 0.0 if name == "baseline" else None
            if name == "target" and require_target:
                errors[name] = TARGET_NEEDED
            continue
        try:
            number = read_number(text)
        except NumberError as exc:
            errors[name] = str(exc)
            continue
        values[name] = number.value
        if number.measure:
            measures.append(number.measure)
    measure = " ".join(fields.get("measure", "").split()) or (measures[-1] if measures else "")
    if len(measure) > 40:
        errors["measure"] = f"at most 40 characters, not {len(measure)}"
    values["measure"] = measure
    direction = fields.get("direction", "").strip().lower()
    if direction in ("", "auto"):
        target, baseline = values.get("target"), values.get("baseline")
        direction = (
            "down" if target is not None and baseline is not None and target < baseline else "up"
        )
    if direction not in ("up", "down"):
        errors["direction"] = "up (more is better) or down (less is better)"
    elif milestone and direction == "down":
        errors["direction"] = "a milestone goes up, from not done to done"
    values["direction"] = direction
    due_text = fields.get("due", "").strip()
    values["due"] = None
    if due_text:
        try:
            values["due"] = date.fromisoformat(due_text)
        except ValueError:
            errors["due"] = f"{due_text!r} is not a date; type it like 2026-12-31"
    indicator = fields.get("indicator", "").strip().lower() or "result"
    if indicator not in ("result", "process"):
        errors["indicator"] = "result (the outcome) or process (an activity that leads to it)"
    values["indicator"] = indicator
    return values, errors


def kr_form(kr: KeyResult) -> dict[str, str]:
    """A KR as the form shows it, ready to be read back by `read_key_result`."""
    measure = kr.measure
    if kr.milestone:
        baseline, target = "", MILESTONE_TARGETS[0]
    else:
        baseline = format_number(kr.baseline).replace(",", "")
        target = "" if kr.target is None else format_number(kr.target).replace(",", "")
    return {
        "title": kr.title,
        "baseline": baseline,
        "target": target,
        "measure": measure,
        "direction": kr.direction,
        "due": kr.due.isoformat() if kr.due else "",
        "indicator": kr.indicator,
    }


class FormError(WorkspaceError):
    """Some fields of a form cannot be read; `errors` says which and why."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        first = next(iter(errors.items()))
        super().__init__(f"{first[0]}: {first[1]}")


def save_key_result(
    store: Store, objective_id: str, fields: dict[str, str], kr_id: str | None = None
) -> KeyResult:
    """Add a KR to an objective (or change `kr_id`); FormError and nothing saved when unreadable."""
    values, errors = read_key_result(fields)
    if errors:
        raise FormError(errors)
    with store.transaction():
        objective = store.get(Objective, objective_id)
        reason = _committed_reason(objective)
        if kr_id is not None:
            return store.update(KeyResult, kr_id, reason=reason, **values)
        order = max((k.order for k in store.key_results(objective_id)), default=-1) + 1
        return store.add(
            KeyResult(objective_id=objective_id, order=order, owner=objective.owner, **values),
            reason=reason,
        )


def delete_key_result(store: Store, kr_id: str) -> None:
    kr = store.get(KeyResult, kr_id)
    objective = store.find(Objective, kr.objective_id)
    if objective is not None and objective.status == "committed":
        raise WorkspaceError("this key result is committed: drop it from the objective instead")
    store.remove(KeyResult, kr_id)


# -- step 6: alignment and owners ----------------------------------------------------------


def parent_options(store: Store, workshop: Workshop) -> list[Objective]:
    """Objectives of the parent unit this period that an objective can align to."""
    unit = store.get(Unit, workshop.unit_id)
    if unit.parent_id is None:
        return []
    found = store.objectives(unit_id=unit.parent_id, period_id=workshop.period_id)
    return [o for o in found if can_see(o, store.user)]


def support_options(store: Store, workshop: Workshop) -> list[Objective]:
    """Business teams' (and the company's) objectives this period a support team can serve."""
    units = {u.id: u for u in store.units()}
    found = store.objectives(period_id=workshop.period_id)
    return [
        o
        for o in found
        if o.unit_id != workshop.unit_id
        and units.get(o.unit_id) is not None
        and units[o.unit_id].kind in ("business", "company")
        and can_see(o, store.user)
    ]


def set_parent(store: Store, objective_id: str, parent_id: str | None) -> Objective:
    objective = store.get(Objective, objective_id)
    if parent_id == objective_id:
        raise WorkspaceError("an objective cannot be its own parent")
    if parent_id is not None:
        store.get(Objective, parent_id)
    return store.update(
        Objective, objective_id, parent_id=parent_id, reason=_committed_reason(objective)
    )


def toggle_support(store: Store, objective_id: str, target_id: str) -> Objective:
    objective = store.get(Objective, objective_id)
    store.get(Objective, target_id)
    if target_id in objective.supports:
        supports = [s for s in objective.supports if s != target_id]
    else:
        supports = [*objective.supports, target_id]
    return store.update(
        Objective, objective_id, supports=supports, reason=_committed_reason(objective)
    )


def set_owner(store: Store, objective_id: str, owner: str) -> Objective:
    login = owner.strip()
    if any(ch.isspace() for ch in login):
        raise WorkspaceError("an owner is one login, like ann or wu.jun")
    objective = store.get(Objective, objective_id)
    with store.transaction():
        if login:
            store.ensure_person(login)
        return store.update(
            Objective, objective_id, owner=login, reason=_committed_reason(objective)
        )


# -- undo ------------------------------------------------------------------------------------

OnlyStepFields = frozenset({"step", "timebox_minutes", "participants"})


def _doc(event: Event) -> dict[str, Any]:
    return event.after or event.before or {}


def _in_scope(store: Store, workshop: Workshop, events: list[Event]) -> list[Event]:
    """The user's own edits to this workshop's records, oldest first."""
    charter = charter_of(store, workshop.unit_id)
    objective_ids: set[str] = set()
    for event in events:
        doc = _doc(event)
        if (
            event.table == Objective.TABLE
            and doc.get("unit_id") == workshop.unit_id
            and doc.get("period_id") == workshop.period_id
        ):
            objective_ids.add(event.record_id)
    scoped: list[Event] = []
    for event in events:
        if event.who != store.user:
            continue
        doc = _doc(event)
        if event.table == Workshop.TABLE:
            if event.record_id != workshop.id or event.before is None or event.after is None:
                continue
            changed = {k for k in event.after if event.after.get(k) != event.before.get(k)}
            if changed <= OnlyStepFields:
                continue
        elif event.table == Charter.TABLE:
            if doc.get("unit_id") != workshop.unit_id and (
                charter is None or event.record_id != charter.id
            ):
                continue
        elif event.table == Objective.TABLE:
            if event.record_id not in objective_ids:
                continue
        elif event.table == KeyResult.TABLE:
            if doc.get("objective_id") not in objective_ids:
                continue
        else:
            continue
        scoped.append(event)
    return scoped


def undoable(store: Store, workshop: Workshop) -> list[Event]:
    """The events the next undo restores (one edit, or one batch), newest first."""
    # This workshop's edits come after it started: older events need not be read.
    events = store.events(since=workshop.started - timedelta(days=1))
    undone = {e.reason[len(UNDO_PREFIX) :] for e in events if e.reason.startswith(UNDO_PREFIX)}
    candidates_ = [
        e
        for e in _in_scope(store, workshop, events)
        if not e.reason.startswith(UNDO_PREFIX) and e.id not in undone
    ]
    if not candidates_:
        return []
    last = candidates_[-1]
    if not last.reason.startswith("workshop: "):
        return [last]
    group = [e for e in candidates_ if e.reason == last.reason and e.at == last.at]
    return list(reversed(group))


def describe(event: Event) -> str:
    doc = _doc(event)
    noun = {
        Objective.TABLE: "objective",
        KeyResult.TABLE: "key result",
        Charter.TABLE: "charter",
        Workshop.TABLE: "parking lot",
    }.get(event.table, event.table)
    title = doc.get("title")
    verb = {"create": "adding", "delete": "deleting", "undo": "restoring"}.get(
        event.action, "changing"
    )
    return f"{verb} {noun}" + (f" “{title}”" if title else "")


def undo_last(store: Store, workshop: Workshop) -> str:
    """Restore what the last edit (or batch) changed; returns what was undone, for a message."""
    with store.transaction():
        group = undoable(store, workshop)
        if not group:
            raise WorkspaceError("nothing to undo")
        types = record_types()
        for event in group:
            record_type = types[event.table]
            reason = f"{UNDO_PREFIX}{event.id}"
            current = store.find(record_type, event.record_id)
            if event.before is None:
                if current is not None:
                    store.remove(record_type, event.record_id, reason=reason)
            elif current is None:
                record: Record = record_type.model_validate(event.before)
                store.add(record, reason=reason, action="undo")
            else:
                restore = {k: v for k, v in event.before.items() if k != "id"}
                store.update(record_type, event.record_id, reason=reason, action="undo", **restore)
        return (
            describe(group[-1])
            if len(group) == 1
            else f"{describe(group[0])} and {len(group) - 1} more"
        )


# -- step 7: commit and minutes -----------------------------------------------------------------


def minutes_path(store: Store, workshop: Workshop) -> Path:
    """Where the minutes go: a Markdown file beside the workspace."""
    unit = store.find(Unit, workshop.unit_id)
    name = unit.name if unit is not None else workshop.unit_id
    slug = re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or workshop.unit_id
    return store.path.with_name(f"{store.path.stem}-workshop-{slug}-{workshop.period_id}.md")


_md = md_inline


def kr_line(kr: KeyResult) -> str:
    """A KR's numbers in a few words: 0 → 70% by 2026-12-31 (result)."""
    target = format_number(kr.target, kr.measure)
    parts = [f"{format_number(kr.baseline, kr.measure)} → {target}"]
    if kr.direction == "down":
        parts.append("(lower is better)")
    if kr.due:
        parts.append(f"by {kr.due.isoformat()}")
    if kr.indicator == "process":
        parts.append("· process indicator")
    return " ".join(parts)


def minutes_markdown(store: Store, workshop: Workshop, *, viewer: str | None = None) -> str:
    """The minutes: charter, the objectives and KRs, votes, the parking lot, who took part.

    Written as `viewer` (by default the store's user) may read them; the committed
    minutes are written for everyone (viewer ""), so private objectives are only counted.
    """
    viewer = store.user if viewer is None else viewer
    unit = store.find(Unit, workshop.unit_id)
    name = unit.name if unit is not None else workshop.unit_id
    charter = charter_of(store, workshop.unit_id)
    lines = [f"# OKR workshop: {_md(name)}, {workshop.period_id}", ""]
    lines.append(
        f"Held {workshop.started.date().isoformat()}, "
        f"facilitated by {_md(workshop.facilitator or 'someone')}."
    )
    lines += ["", "## Charter", ""]
    for field in CHARTER_STEPS:
        text = getattr(charter, field) if charter is not None else ""
        lines.append(f"- **{field.capitalize()}:** {_md(text) or '(not written)'}")
    kept = chosen(store, workshop, viewer=viewer)
    lines += ["", "## Objectives and key results", ""]
    if not kept:
        lines.append("No objectives yet.")
    for number, objective in enumerate(kept, 1):
        details = objective_tags(objective)
        if objective.owner:
            details.append(f"owner {objective.owner}")
        lines.append(f"### O{number}. {_md(objective.title)}")
        lines.append("")
        lines.append(f"*{', '.join(details)} · {objective.votes} votes*")
        parent = store.find(Objective, objective.parent_id)
        if parent is not None:
            shown = parent.title if can_see(parent, viewer) else hidden_label(1)
            lines.append(f"Aligned to: {_md(shown)}")
        for target_id in objective.supports:
            target = store.find(Objective, target_id)
            if target is not None:
                shown = target.title if can_see(target, viewer) else hidden_label(1)
                lines.append(f"Supports: {_md(shown)}")
        lines.append("")
        krs = store.key_results(objective.id)
        for kr_number, kr in enumerate(krs, 1):
            lines.append(f"{kr_number}. {_md(kr.title)}: {kr_line(kr)}")
        if not krs:
            lines.append("No key results yet.")
        lines.append("")
    hidden = hidden_count(store, workshop, viewer=viewer)
    if hidden:
        lines += [hidden_label(hidden).capitalize() + ".", ""]
    lines += ["## Votes", ""]
    every = candidates(store, workshop, viewer=viewer)
    for objective in sorted(every, key=lambda o: (-o.votes, o.order)):
        state = "parked" if objective.status == "parked" else "kept"
        lines.append(f"- {objective.votes} · {_md(objective.title)} ({state})")
    if not every:
        lines.append("No candidates.")
    lines += ["", "## Parking lot", ""]
    parked = [o for o in every if o.status == "parked"]
    for objective in parked:
        lines.append(f"- {_md(objective.title)} (objective, parked)")
    for idea in workshop.parking_lot:
        lines.append(f"- {_md(idea)}")
    if not parked and not workshop.parking_lot:
        lines.append("Empty.")
    lines += ["", "## Who took part", ""]
    lines.append(", ".join(_md(p) for p in workshop.participants) or "Not recorded.")
    return "\n".join(lines) + "\n"


def commit(store: Store, workshop: Workshop) -> tuple[Workshop, Path]:
    """Drafts become committed objectives (each an Event); the minutes are written and kept."""
    reason = "workshop: commit"
    with store.transaction():
        drafts = [o for o in chosen(store, workshop) if o.status == "draft"]
        if not drafts and not any(o.status == "committed" for o in chosen(store, workshop)):
            raise WorkspaceError("nothing to commit yet: capture objectives in step 4")
        for objective in drafts:
            store.update(Objective, objective.id, status="committed", reason=reason)
        fresh = store.get(Workshop, workshop.id)
        # The minutes file is shared beside the workspace: whoever commits, a private
        # objective appears in it only as a count.
        text = minutes_markdown(store, fresh, viewer="")
        workshop = store.update(
            Workshop, workshop.id, status="committed", minutes_markdown=text, reason=reason
        )
    path = minutes_path(store, workshop)
    try:
        # Beside the workspace and shared as it is: a colleague may commit the next workshop.
        payload = workshop.minutes_markdown.encode("utf-8")
        atomic_write_bytes(path, payload, file_modes.like(store.path))
    except OSError as exc:
        raise WorkspaceError(
            f"committed, but the minutes could not be written to {path}: {exc.strerror}"
        ) from None
    return workshop, path


# -- coach hints ----------------------------------------------------------------------------------

Severity = Literal["info", "warning"]


@dataclass(frozen=True)
class Tip:
    """A coach hint as the workshop shows it: where it applies and what it says."""

    where: str
    message: str
    severity: str = "info"


def _coach() -> Any:
    try:
        from okr_tui import coach
    except ImportError:
        return None
    return coach


def _tips(hints: Iterable[Any], where: str = "") -> list[Tip]:
    return [Tip(where, str(h.message), str(getattr(h, "severity", "info"))) for h in hints]


def text_tips(text: str, kind: Literal["objective", "key_result"] = "objective") -> list[Tip]:
    """Live hints while someone types a title."""
    coach = _coach()
    if coach is None or not text.strip():
        return []
    return _tips(coach.title_hints(text, kind=kind))


def charter_tips(field: str, text: str) -> list[Tip]:
    """Gentle hints on a charter line (the coach judges objectives and KRs, not charters)."""
    words = len(text.split())
    if not words:
        return [Tip("", f"Write the {field} in the team's own words; one sentence is enough.")]
    if field == "mission" and words > 25:
        return [Tip("", "A mission people remember fits in one short sentence.")]
    if field == "strategy" and words < 4:
        return [Tip("", "Name the choice: who you serve, with what, and what you leave out.")]
    return []


def kr_tips(objective: Objective, fields: dict[str, str]) -> list[Tip]:
    """Live hints for a KR form: its title, and the KR it would make."""
    tips = text_tips(fields.get("title", ""), "key_result")
    coach = _coach()
    # A form without a target yet still gets the coach's word on it (not measurable).
    values, errors = read_key_result(fields, require_target=False)
    if coach is None or errors:
        return tips
    kr = KeyResult(objective_id=objective.id, **values)
    seen = {t.message for t in tips}
    return tips + [t for t in _tips(coach.key_result_hints(kr)) if t.message not in seen]


def objective_tips(store: Store, objective: Objective) -> list[Tip]:
    coach = _coach()
    if coach is None:
        return []
    unit = store.find(Unit, objective.unit_id)
    return _tips(coach.objective_hints(objective, store.key_results(objective.id), unit))


def review_tips(store: Store, workshop: Workshop) -> list[Tip]:
    """Every coach hint on the set: the unit's, each objective's and each KR's."""
    coach = _coach()
    if coach is None:
        return []
    unit = store.find(Unit, workshop.unit_id)
    kept = chosen(store, workshop)
    tips = _tips(coach.unit_period_hints(kept, unit), "the set")
    for number, objective in enumerate(kept, 1):
        krs = store.key_results(objective.id)
        tips += _tips(coach.objective_hints(objective, krs, unit), f"O{number}")
        for kr_number, kr in enumerate(krs, 1):
            tips += _tips(coach.key_result_hints(kr), f"O{number} KR{kr_number}")
    return tips
