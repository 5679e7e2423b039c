"""Step 5: key result drafts: reading a KR form as typed, saving and deleting key results."""

from __future__ import annotations

from datetime import date
from typing import Any

from okr_tui.i18n import N_, _
from okr_tui.models import KeyResult, Objective, Period
from okr_tui.numbers import NumberError, format_number, read_number
from okr_tui.rules import start_for_new_kr
from okr_tui.store import WorkspaceError
from okr_tui.workshop.candidates import committed_reason
from okr_tui.workspace import WorkspaceStore

KR_FIELDS = ("title", "baseline", "target", "measure", "direction", "due", "indicator")


MILESTONE_TARGETS = ("done", "milestone")
"""What the target field takes for a milestone: a key result that is done (1) or not (0)."""


# The percentage is a placeholder: "70% or" would read to gettext as a "% o" conversion.
TARGET_WORDS = N_(
    "a key result needs a target, like {percent} or 250,000 (or 'done' for a milestone)"
)
TARGET_NEEDED = TARGET_WORDS.format(percent="70%")


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
        errors["title"] = _("say what will be true, like 'The renewal rate reaches 70%'")
    elif len(title) > 300:
        errors["title"] = _("at most 300 characters, not {count}").format(count=len(title))
    values["title"] = title
    milestone = fields.get("target", "").strip().casefold() in MILESTONE_TARGETS
    values["milestone"] = milestone
    measures: list[str] = []
    for name in ("baseline", "target"):
        text = fields.get(name, "").strip()
        if milestone:
            values[name] = 1.0 if name == "target" else 0.0
            if name == "baseline" and text not in ("", "0"):
                errors[name] = _("a milestone starts at not done: leave the baseline empty")
            continue
        if not text:
            values[name] = 0.0 if name == "baseline" else None
            if name == "target" and require_target:
                errors[name] = _(TARGET_WORDS).format(percent="70%")
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
        errors["measure"] = _("at most 40 characters, not {count}").format(count=len(measure))
    values["measure"] = measure
    direction = fields.get("direction", "").strip().lower()
    if direction in ("", "auto"):
        target, baseline = values.get("target"), values.get("baseline")
        direction = (
            "down" if target is not None and baseline is not None and target < baseline else "up"
        )
    if direction not in ("up", "down"):
        errors["direction"] = _("up (more is better) or down (less is better)")
    elif milestone and direction == "down":
        errors["direction"] = _("a milestone goes up, from not done to done")
    values["direction"] = direction
    due_text = fields.get("due", "").strip()
    values["due"] = None
    if due_text:
        try:
            values["due"] = date.fromisoformat(due_text)
        except ValueError:
            errors["due"] = _("{text!r} is not a date; type it like 2026-12-31").format(
                text=due_text
            )
    indicator = fields.get("indicator", "").strip().lower() or "result"
    if indicator not in ("result", "process"):
        errors["indicator"] = _("result (the outcome) or process (an activity that leads to it)")
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
    store: WorkspaceStore, objective_id: str, fields: dict[str, str], kr_id: str | None = None
) -> KeyResult:
    """Add a KR to an objective (or change `kr_id`); FormError and nothing saved when unreadable."""
    values, errors = read_key_result(fields)
    if errors:
        raise FormError(errors)
    with store.transaction():
        objective = store.get(Objective, objective_id)
        reason = committed_reason(objective)
        if kr_id is not None:
            return store.update(KeyResult, kr_id, reason=reason, **values)
        order = max((k.order for k in store.key_results(objective_id)), default=-1) + 1
        start = start_for_new_kr(store.find(Period, objective.period_id), store.clock().date())
        return store.add(
            KeyResult(
                objective_id=objective_id, order=order, owner=objective.owner, start=start, **values
            ),
            reason=reason,
        )


def delete_key_result(store: WorkspaceStore, kr_id: str) -> None:
    kr = store.get(KeyResult, kr_id)
    objective = store.find(Objective, kr.objective_id)
    if objective is not None and objective.status == "committed":
        raise WorkspaceError(_("this key result is committed: drop it from the objective instead"))
    store.remove(KeyResult, kr_id)
