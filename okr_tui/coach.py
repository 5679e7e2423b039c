"""Coach hints: kind advice on how OKRs are written, never a blocker.

Plain functions of plain models. Each hint names a stable rule id, a severity
and one sentence for the user. Severities are chosen so that `okr check`
fails (exit 1) only for real problems:

- error: a key result that cannot be measured (no number, no target, no date).
- warning: worth fixing before committing (too many objectives, a number in an
  objective, a support team's objective that supports nothing, ...).
- info: something to think about (few objectives, a process indicator the
  team already marked as such, a "maintain" key result).

Word lists live in okr_tui.coach_words so other languages can be added.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from okr_tui.coach_words import WORDS
from okr_tui.i18n import _, ngettext
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.numbers import format_number
from okr_tui.privacy import can_see

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")

MIN_OBJECTIVES = 3
MAX_OBJECTIVES = 5
MIN_KRS = 2
MAX_KRS = 5

RULES: dict[str, Severity] = {
    "unit-too-many-objectives": "warning",
    "unit-too-few-objectives": "info",
    "objective-too-few-krs": "warning",
    "objective-too-many-krs": "warning",
    "objective-has-number": "warning",
    "objective-business-as-usual": "warning",
    "support-supports-nothing": "warning",
    "kr-not-measurable": "error",
    "kr-milestone-without-date": "warning",
    "kr-activity": "warning",
    "kr-process-indicator": "info",
    "kr-business-as-usual": "info",
    "kr-target-wrong-way": "warning",
    "kr-title-old-target": "warning",
}
"""Every rule the coach knows, with its severity."""


@dataclass(frozen=True)
class Hint:
    """One piece of advice about one record."""

    rule: str
    severity: Severity
    message: str
    record_id: str = ""


def _hint(rule: str, message: str, record_id: str = "") -> Hint:
    return Hint(rule=rule, severity=RULES[rule], message=message, record_id=record_id)


def has_errors(hints: Iterable[Hint]) -> bool:
    return any(h.severity == "error" for h in hints)


def by_severity(hints: Iterable[Hint]) -> list[Hint]:
    """Errors first, then warnings, then infos; otherwise in the order given."""
    return sorted(hints, key=lambda h: -SEVERITIES.index(h.severity))


# -- reading words -------------------------------------------------------------


def _spaced(word: str) -> bool:
    """True for words of scripts that put spaces between words (they need \\b)."""
    return bool(re.search(r"[A-Za-z]", word))


def _word_pattern(word: str, *, endings: bool) -> str:
    body = r"\s+".join(re.escape(part) for part in word.split())
    if not _spaced(word):
        return body
    suffix = r"(?:s|es|ed|d|ing)?" if endings else ""
    return rf"\b{body}{suffix}\b"


def _category(name: str) -> list[str]:
    return [w for language in WORDS.values() for w in language[name]]  # type: ignore[literal-required]


@cache
def _anywhere(name: str) -> re.Pattern[str]:
    words = sorted(_category(name), key=len, reverse=True)
    return re.compile("|".join(_word_pattern(w, endings=False) for w in words), re.IGNORECASE)


@cache
def _at_clause_start(name: str) -> re.Pattern[str]:
    """Words of a category where a clause starts: at the start, after punctuation or an opener."""
    openers = sorted(_category("clause_openers"), key=len, reverse=True)
    opener = "|".join(_word_pattern(w, endings=False) for w in openers)
    words = sorted(_category(name), key=len, reverse=True)
    alternatives = "|".join(_word_pattern(w, endings=True) for w in words)
    return re.compile(
        rf"(?:^|[,;:.!?()，；：、。！？（）]|(?:{opener}))\s*(?P<word>{alternatives})",
        re.IGNORECASE,
    )


def _found(name: str, text: str) -> str | None:
    match = _at_clause_start(name).search(text)
    return match["word"].lower() if match else None


def activity_word(text: str) -> str | None:
    """The activity word a title starts a clause with ("help", "analyse"...), if any."""
    return _found("activity", text)


def business_as_usual_word(text: str) -> str | None:
    """The business-as-usual word ("keep", "maintain", "continue"...), if any."""
    return _found("business_as_usual", text)


def has_number(text: str) -> bool:
    """Digits or a number word ("ten", "half", "三")."""
    return bool(re.search(r"\d", text) or _anywhere("numbers").search(text))


def has_date(text: str) -> bool:
    """A month, a quarter, a weekday or another word that says when."""
    return bool(_anywhere("dates").search(text))


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ORDINAL = re.compile(r"(?<!\d)\d+(?:st|nd|rd|th)\b", re.IGNORECASE)


def objective_number(text: str) -> str | None:
    """A number in an objective's title, leaving out years (2027) and ordinals (2nd)."""
    cleaned = _ORDINAL.sub(" ", _YEAR.sub(" ", text))
    match = re.search(r"[-+]?\d[\d,.]*\s*%?", cleaned)
    return match.group().strip() if match else None


def text_is_measurable(text: str) -> bool:
    return has_number(text) or has_date(text)


# -- the rules -----------------------------------------------------------------


def title_hints(text: str, *, kind: Literal["objective", "key_result"]) -> list[Hint]:
    """Hints on a title as it is typed.

    Whether a key result can be measured depends on its target and due date
    too, so that rule lives in key_result_hints, not here.
    """
    text = " ".join(text.split())
    if not text:
        return []
    hints: list[Hint] = []
    if kind == "objective":
        number = objective_number(text)
        if number:
            hints.append(
                _hint(
                    "objective-has-number",
                    _(
                        '"{number}" is a number: an objective says what you want, '
                        "so this is probably a key result under it."
                    ).format(number=number),
                )
            )
        word = business_as_usual_word(text)
        if word:
            hints.append(
                _hint(
                    "objective-business-as-usual",
                    _(
                        '"{word}" sounds like business as usual: an objective should '
                        "change something, not keep it as it is."
                    ).format(word=word),
                )
            )
        return hints
    word = activity_word(text)
    if word:
        hints.append(
            _hint(
                "kr-activity",
                _(
                    '"{word}" is an activity, so this is a process indicator: '
                    "look for the result it serves and measure that."
                ).format(word=word),
            )
        )
    word = business_as_usual_word(text)
    if word:
        hints.append(
            _hint(
                "kr-business-as-usual",
                _(
                    '"{word}" keeps things as they are: fine for a health metric, '
                    "but ask what should get better."
                ).format(word=word),
            )
        )
    return hints


def key_result_hints(kr: KeyResult) -> list[Hint]:
    """Hints on one key result: measurable, a date for milestones, activity words."""
    hints: list[Hint] = []
    numeric = kr.target is not None and not kr.milestone
    if not (numeric or kr.milestone or kr.due or text_is_measurable(kr.title)):
        hints.append(
            _hint(
                "kr-not-measurable",
                _(
                    "No number and no date, so nobody can tell when this is done: say how much "
                    'or by when ("launch in September, have 10,000 users in October").'
                ),
                kr.id,
            )
        )
    elif kr.milestone and kr.due is None and not has_date(kr.title):
        hints.append(
            _hint(
                "kr-milestone-without-date",
                _("A done-or-not key result needs a date: give it a due date or say by when."),
                kr.id,
            )
        )
    if numeric and kr.target is not None and kr.target != kr.baseline:
        wrong = kr.target < kr.baseline if kr.direction == "up" else kr.target > kr.baseline
        if wrong:
            message = (
                _(
                    "The target is on the wrong side of the baseline for a KR that should "
                    "go up: check the direction or the numbers."
                )
                if kr.direction == "up"
                else _(
                    "The target is on the wrong side of the baseline for a KR that should "
                    "go down: check the direction or the numbers."
                )
            )
            hints.append(
                _hint(
                    "kr-target-wrong-way",
                    message,
                    kr.id,
                )
            )
    for hint in title_hints(kr.title, kind="key_result"):
        if hint.rule == "kr-activity" and kr.indicator == "process":
            word = activity_word(kr.title)
            hint = _hint(
                "kr-process-indicator",
                _(
                    'A process indicator ("{word}"): keep the result it serves in sight, '
                    "and measure that too if you can."
                ).format(word=word),
            )
        hints.append(Hint(hint.rule, hint.severity, hint.message, kr.id))
    return hints


_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> list[float]:
    """The numbers written in a text: "¥250,000 by 8.5" -> [250000.0, 8.5]."""
    return [float(found.replace(",", "")) for found in _NUMBER.findall(text)]


def retarget_hint(kr: KeyResult, old_target: float | None) -> Hint | None:
    """After a re-target: the title still names the old target and not the new one."""
    new = kr.target
    if old_target is None or new is None or old_target == new or kr.milestone:
        return None
    said = numbers_in(kr.title)
    if old_target not in said or new in said:
        return None
    old_text, new_text = (format_number(v, kr.measure) for v in (old_target, new))
    return _hint(
        "kr-title-old-target",
        _(
            "The title still says {said} but the target is now {new} "
            "(was {old}): edit the title so both say the same."
        ).format(said=format_number(old_target), new=new_text, old=old_text),
        kr.id,
    )


def objective_hints(
    objective: Objective, krs: Sequence[KeyResult], unit: Unit | None = None
) -> list[Hint]:
    """Hints on one objective: its title, how many KRs it has, what a support team serves."""
    hints = [
        Hint(h.rule, h.severity, h.message, objective.id)
        for h in title_hints(objective.title, kind="objective")
    ]
    count = sum(1 for kr in krs if kr.status != "dropped")
    if count < MIN_KRS:
        said = (
            _(
                "This objective has no key results yet: {least} to {most} say how you will know "
                "you got there."
            )
            if count == 0
            else _(
                "This objective has only one key result: {least} to {most} say how you will "
                "know you got there."
            )
        )
        hints.append(
            _hint(
                "objective-too-few-krs",
                said.format(least=MIN_KRS, most=MAX_KRS),
                objective.id,
            )
        )
    elif count > MAX_KRS:
        hints.append(
            _hint(
                "objective-too-many-krs",
                _(
                    "{count} key results is a lot: keep the {most} or fewer that matter most."
                ).format(count=count, most=MAX_KRS),
                objective.id,
            )
        )
    if (
        unit is not None
        and unit.kind == "support"
        and objective.track == "business"
        and not objective.supports
    ):
        hints.append(
            _hint(
                "support-supports-nothing",
                _(
                    "A support team's business objective should serve a business team's "
                    "objective: link the one it supports."
                ),
                objective.id,
            )
        )
    return hints


def unit_period_hints(objectives: Sequence[Objective], unit: Unit | None = None) -> list[Hint]:
    """Hints on one unit's set of objectives for a period: 3 to 5 keep the focus."""
    kept = [o for o in objectives if o.status not in ("dropped", "parked")]
    count = len(kept)
    if count == 0:
        return []
    who = unit.name if unit is not None else _("This unit")
    record_id = unit.id if unit is not None else ""
    one_period = len({o.period_id for o in kept}) == 1
    words = {"who": who, "count": count, "least": MIN_OBJECTIVES, "most": MAX_OBJECTIVES}
    words["period"] = kept[0].period_id
    if count > MAX_OBJECTIVES:
        return [
            _hint(
                "unit-too-many-objectives",
                (
                    _(
                        "{who} has {count} objectives for {period}: {least} to {most} "
                        "keep the focus, so choose what matters most."
                    )
                    if one_period
                    else _(
                        "{who} has {count} objectives: {least} to {most} "
                        "keep the focus, so choose what matters most."
                    )
                ).format(**words),
                record_id,
            )
        ]
    if count < MIN_OBJECTIVES:
        return [
            _hint(
                "unit-too-few-objectives",
                (
                    ngettext(
                        "{who} has {count} objective for {period}: "
                        "{least} to {most} usually cover what matters.",
                        "{who} has {count} objectives for {period}: "
                        "{least} to {most} usually cover what matters.",
                        count,
                    )
                    if one_period
                    else ngettext(
                        "{who} has {count} objective: "
                        "{least} to {most} usually cover what matters.",
                        "{who} has {count} objectives: "
                        "{least} to {most} usually cover what matters.",
                        count,
                    )
                ).format(**words),
                record_id,
            )
        ]
    return []


def workspace_hints(
    store: WorkspaceStore, period_id: str | None = None, *, viewer: str | None = None
) -> list[Hint]:
    """Every hint in the workspace (or one period), for each unit, objective and KR.

    Private objectives count towards a unit's total, but only their owner
    gets hints on them: a hint would tell others what they are about.
    """
    viewer = store.user if viewer is None else viewer
    hints: list[Hint] = []
    units = sorted(store.units(), key=lambda u: (u.name.lower(), u.id))
    for unit in units:
        grouped: dict[str, list[Objective]] = defaultdict(list)
        for objective in store.objectives(period_id=period_id, unit_id=unit.id):
            grouped[objective.period_id].append(objective)
        for _period, objectives in sorted(grouped.items()):
            hints += unit_period_hints(objectives, unit)
            for objective in objectives:
                if not can_see(objective, viewer):
                    continue
                krs = store.key_results(objective.id)
                hints += objective_hints(objective, krs, unit)
                for kr in krs:
                    hints += key_result_hints(kr)
    return hints
