"""Coach tips as the workshop shows them: live hints on titles, charter lines, KRs and the set."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from okr_tui.i18n import N_, _
from okr_tui.models import KeyResult, Objective, Unit, Workshop
from okr_tui.workshop.candidates import chosen
from okr_tui.workshop.key_results import read_key_result
from okr_tui.workspace import WorkspaceStore

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


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words in a line; Chinese is written without spaces, so two characters count as a word."""
    wide = len(CJK.findall(text))
    return len(CJK.sub(" ", text).split()) + (wide + 1) // 2


CHARTER_EMPTY: dict[str, str] = {
    "mission": N_("Write the mission in your own words; one sentence is enough."),
    "vision": N_("Write the vision in your own words; one sentence is enough."),
    "strategy": N_("Write the strategy in your own words; one sentence is enough."),
}


def charter_tips(field: str, text: str) -> list[Tip]:
    """Gentle hints on a charter line (the coach judges objectives and KRs, not charters)."""
    words = word_count(text)
    if not words:
        return [Tip("", _(CHARTER_EMPTY[field]))]
    if field == "mission" and words > 25:
        return [Tip("", _("A mission people remember fits in one short sentence."))]
    if field == "strategy" and words < 4:
        return [Tip("", _("Name the choice: who you serve, with what, and what you leave out."))]
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


def objective_tips(store: WorkspaceStore, objective: Objective) -> list[Tip]:
    coach = _coach()
    if coach is None:
        return []
    unit = store.find(Unit, objective.unit_id)
    return _tips(coach.objective_hints(objective, store.key_results(objective.id), unit))


def review_tips(store: WorkspaceStore, workshop: Workshop) -> list[Tip]:
    """Every coach hint on the set: the unit's, each objective's and each KR's."""
    coach = _coach()
    if coach is None:
        return []
    unit = store.find(Unit, workshop.unit_id)
    kept = chosen(store, workshop)
    tips = _tips(coach.unit_period_hints(kept, unit), _("the set"))
    for number, objective in enumerate(kept, 1):
        krs = store.key_results(objective.id)
        tips += _tips(coach.objective_hints(objective, krs, unit), f"O{number}")
        for kr_number, kr in enumerate(krs, 1):
            tips += _tips(coach.key_result_hints(kr), f"O{number} KR{kr_number}")
    return tips
