"""What the scoring screens say about scores: the focus note, and a note on a score given its kind.

- Scores grade key results, never people: nothing here ranks anyone.
- A committed objective below 1.0 asks for the reason of the miss; an
  aspirational one at 1.0 gets a kind note that it may not have been
  ambitious, and a firmer one when it was also at 1.0 in the previous period.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from okr_tui.i18n import N_, _
from okr_tui.rules import EPSILON

FOCUS_NOTE = N_("OKRs are for focus, not appraisal: scores grade key results, never people.")
FOCUS_NOTE_MORE = N_(
    " A score is a starting point for a conversation: 1.0 and 0.7 are not much "
    "different, and 0.6-0.7 is the sweet spot for an aspirational objective."
)
FOCUS_NOTE_LONG = FOCUS_NOTE + FOCUS_NOTE_MORE
"""Said once on the scoring screen and in the report (in English; `focus_note` translates)."""


def focus_note(*, long: bool = False) -> str:
    """The focus note in the language spoken; `long` adds what a score is for (the report)."""
    return _(FOCUS_NOTE) + (_(FOCUS_NOTE_MORE) if long else "")


class NoteLevel(StrEnum):
    ASK = "ask"
    KIND = "kind"
    FIRM = "firm"


@dataclass(frozen=True)
class ExpectationNote:
    """What the screen says about an objective's score given its kind."""

    level: NoteLevel
    text: str


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
            _(
                "Committed objectives are expected at 1.0. What got in the way? "
                "Note the reason of the miss so the next plan can allow for it."
            ),
        )
    if kind == "aspirational" and at_full:
        if previous_score is not None and previous_score >= 1.0 - EPSILON:
            return ExpectationNote(
                NoteLevel.FIRM,
                _(
                    "1.0 again, as in the previous period: this objective is not stretching "
                    "the team. Aim higher next time; 0.6-0.7 is the sweet spot."
                ),
            )
        return ExpectationNote(
            NoteLevel.KIND,
            _(
                "Well done! A full 1.0 on an aspirational objective may mean it was not "
                "ambitious enough; 0.6-0.7 is the sweet spot."
            ),
        )
    return None
