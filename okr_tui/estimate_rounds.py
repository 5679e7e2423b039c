"""Estimate rounds: everyone's confidence (weekly review) or score (quarter end) on one key result.

Whoever starts a round facilitates it. Each person's answer is an Estimate
record, sealed like a workshop's silent drafts: only its author sees it
(`can_see`) until the facilitator reveals the round, when every value and
the spread appear at once. Everyone sees how many have answered. The
facilitator then records the agreed value:

- a confidence goes with a new check-in of the latest value. Changing the
  latest check-in in place would put words in its author's mouth (only an
  author may correct their own check-in), and the reading as it was said stays
  in the history; the new one says who agreed what, and when.
- a score is the key result's agreed score (`okr_tui.scoring.set_score`).

One round is open (open or revealed) per key result at a time.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from okr_tui.i18n import N_, _
from okr_tui.models import (
    CheckIn,
    Estimate,
    EstimateRound,
    KeyResult,
    Objective,
    RoundKind,
)
from okr_tui.numbers import format_number
from okr_tui.privacy import can_see as can_see_objective
from okr_tui.scoring import check_score, set_score
from okr_tui.store import WorkspaceError
from okr_tui.workspace import WorkspaceStore

OPEN_STATES = ("open", "revealed")
"""A round in one of these states is the key result's open round."""

OUTLIER_DISTANCE: dict[RoundKind, float] = {"score": 0.3, "confidence": 3.0}
"""How far from the median an answer stands out (more than this)."""

ALREADY_OPEN: dict[RoundKind, str] = {
    "confidence": N_("{who} has a confidence round open on this key result already"),
    "score": N_("{who} has a score round open on this key result already"),
}
SPREAD = N_("from {low} to {high} · median {median}")


# -- reading --------------------------------------------------------------------------------


def open_round(store: WorkspaceStore, kr_id: str, kind: RoundKind) -> EstimateRound | None:
    """The key result's open round of this kind, if there is one.

    A confidence round and a score round are apart: one left revealed on the
    weekly review does not hold up the quarter's scoring of the key result.
    """
    rounds = [
        r
        for r in store.by(EstimateRound, "kr_id", kr_id)
        if r.state in OPEN_STATES and r.kind == kind
    ]
    return rounds[-1] if rounds else None


def answering_rounds(
    store: WorkspaceStore, kr_ids: Iterable[str], kind: RoundKind
) -> list[EstimateRound]:
    """The rounds of a kind taking answers now (not yet revealed) on these KRs, oldest first."""
    wanted = set(kr_ids)
    found = [
        r for r in store.by(EstimateRound, "state", "open") if r.kr_id in wanted and r.kind == kind
    ]
    return sorted(found, key=lambda r: (r.at, r.id))


def estimates_of(store: WorkspaceStore, round_id: str) -> list[Estimate]:
    """Every answer of the round, everyone's: for counting and the reveal only."""
    return store.by(Estimate, "round_id", round_id)


def can_see(estimate: Estimate, viewer: str) -> bool:
    """True when `viewer` may read the answer's value: its author, or anyone after the reveal."""
    if estimate.sealed:
        return bool(viewer) and estimate.author == viewer
    return True


def visible_estimates(store: WorkspaceStore, round_id: str, viewer: str) -> list[Estimate]:
    """The answers `viewer` may read, by author's name."""
    shown = [e for e in estimates_of(store, round_id) if can_see(e, viewer)]
    return sorted(shown, key=lambda e: e.author.casefold())


def my_estimate(store: WorkspaceStore, round_id: str, author: str) -> Estimate | None:
    found = [e for e in estimates_of(store, round_id) if e.author == author]
    return found[0] if found else None


def answered(store: WorkspaceStore, round_: EstimateRound) -> tuple[int, int]:
    """How many have answered, and of how many (everyone asked, and anyone else who answered)."""
    authors = {e.author for e in estimates_of(store, round_.id)}
    return len(authors), len(authors | set(round_.expected))


def answered_line(count: int, of: int) -> str:
    """'3 of 5 have answered'."""
    if count == 1 and of == 1:
        return _("{count} of {of} has answered").format(count=count, of=of)
    return _("{count} of {of} have answered").format(count=count, of=of)


# -- the spread -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """Lowest, highest and median of the revealed answers."""

    low: float
    high: float
    median: float

    @property
    def width(self) -> float:
        return self.high - self.low


def spread(values: Iterable[float]) -> Spread | None:
    """The spread of the answers; None when there are none."""
    numbers = sorted(values)
    if not numbers:
        return None
    return Spread(numbers[0], numbers[-1], float(statistics.median(numbers)))


def is_outlier(value: float, median: float, kind: RoundKind) -> bool:
    """An answer more than the kind's distance from the median (to a hair: 0.3 is not more)."""
    return abs(value - median) > OUTLIER_DISTANCE[kind] + 1e-9


def outliers(estimates: Iterable[Estimate], kind: RoundKind) -> set[str]:
    """The authors whose answers stand far from the median."""
    shown = list(estimates)
    middle = spread(e.value for e in shown)
    if middle is None:
        return set()
    return {e.author for e in shown if is_outlier(e.value, middle.median, kind)}


def format_value(value: float, kind: RoundKind) -> str:
    """A confidence as 7/10, a score as 0.7."""
    return f"{round(value)}/10" if kind == "confidence" else f"{value:.1f}"


def spread_line(found: Spread, kind: RoundKind, *, shown: bool = True) -> str:
    """'from 0.3 to 0.8 · median 0.6', in the viewer's language unless it is stored (`shown`)."""
    low, high = format_value(found.low, kind), format_value(found.high, kind)
    median = format_value(found.median, kind) if kind == "score" else format_number(found.median)
    return (_(SPREAD) if shown else SPREAD).format(low=low, high=high, median=median)


# -- rules ----------------------------------------------------------------------------------


def check_value(value: float, kind: RoundKind) -> float:
    """A valid answer of the kind, or WorkspaceError with a sentence."""
    if kind == "score":
        return check_score(value)
    if value != int(value) or not 0 <= value <= 10:
        raise WorkspaceError(
            _("a confidence is a whole number from 0 to 10, not {value}").format(value=f"{value:g}")
        )
    return float(value)


def read_value(text: str, kind: RoundKind) -> float:
    """What a person typed, as an answer of the kind; WorkspaceError with a sentence."""
    cleaned = text.strip().replace(",", ".").removesuffix("/10")
    try:
        value = float(cleaned)
    except ValueError:
        example = _("7 (0 to 10)") if kind == "confidence" else _("0.7 (0.0 to 1.0)")
        raise WorkspaceError(_("type a number like {example}").format(example=example)) from None
    return check_value(value, kind)


def _visible_kr(store: WorkspaceStore, kr_id: str) -> KeyResult:
    kr = store.find(KeyResult, kr_id)
    objective = store.find(Objective, kr.objective_id) if kr else None
    if kr is None or objective is None or not can_see_objective(objective, store.user):
        raise WorkspaceError(_("no key result {id}").format(id=repr(kr_id)))
    return kr


def _expected(store: WorkspaceStore, kr: KeyResult) -> list[str]:
    """Who is asked: the unit's people, or everyone when the unit has none; and the starter."""
    objective = store.get(Objective, kr.objective_id)
    people = [p for p in store.people() if not p.archived]
    members = [p.login for p in people if objective.unit_id in p.unit_ids]
    logins = members or [p.login for p in people]
    return sorted(set(logins) | {store.user}, key=str.casefold)


def _named(store: WorkspaceStore) -> str:
    if not store.user:
        raise WorkspaceError(_("say who you are (okr --as NAME) to take part in a round"))
    return store.user


def start_round(store: WorkspaceStore, kr_id: str, kind: RoundKind) -> EstimateRound:
    """Open a round on the key result; the store's user facilitates it."""
    user = _named(store)
    with store.transaction():
        kr = _visible_kr(store, kr_id)
        current = open_round(store, kr_id, kind)
        if current is not None:
            raise WorkspaceError(_(ALREADY_OPEN[current.kind]).format(who=current.facilitator))
        if kind == "confidence" and store.latest_checkin(kr_id) is None:
            raise WorkspaceError(
                _("check in a value first: the agreed confidence goes with the latest reading")
            )
        round_ = EstimateRound(
            kr_id=kr.id,
            kind=kind,
            facilitator=user,
            expected=_expected(store, kr),
            at=store.clock(),
        )
        return store.add(round_)


def _round(store: WorkspaceStore, round_id: str) -> EstimateRound:
    round_ = store.find(EstimateRound, round_id)
    if round_ is None:
        raise WorkspaceError(_("no round {id}").format(id=repr(round_id)))
    _visible_kr(store, round_.kr_id)
    return round_


def answer(store: WorkspaceStore, round_id: str, value: float) -> Estimate:
    """Give (or change) one's own answer while the round is open; it stays sealed."""
    user = _named(store)
    with store.transaction():
        round_ = _round(store, round_id)
        if round_.state != "open":
            raise WorkspaceError(_("this round is revealed already: answers are closed"))
        checked = check_value(value, round_.kind)
        mine = my_estimate(store, round_id, user)
        if mine is not None:
            return store.update(Estimate, mine.id, value=checked)
        return store.add(Estimate(round_id=round_id, author=user, value=checked))


def _facilitated(store: WorkspaceStore, round_id: str, what: str) -> EstimateRound:
    round_ = _round(store, round_id)
    if round_.facilitator != store.user:
        raise WorkspaceError(
            _("only {who}, who started the round, can {what}").format(
                who=round_.facilitator, what=_(what)
            )
        )
    return round_


def reveal(store: WorkspaceStore, round_id: str) -> EstimateRound:
    """Show every answer at once: the facilitator's move, with at least one answer in."""
    with store.transaction():
        round_ = _facilitated(store, round_id, N_("reveal it"))
        if round_.state != "open":
            raise WorkspaceError(_("this round is not open"))
        found = estimates_of(store, round_id)
        if not found:
            raise WorkspaceError(_("nobody has answered yet: wait for an answer before the reveal"))
        for estimate in found:
            store.update(Estimate, estimate.id, sealed=False)
        return store.update(EstimateRound, round_id, state="revealed")


def agree(store: WorkspaceStore, round_id: str, value: float) -> EstimateRound:
    """Record the agreed value with the key result and close the round."""
    with store.transaction():
        round_ = _facilitated(store, round_id, N_("record the agreed value"))
        if round_.state != "revealed":
            raise WorkspaceError(_("reveal the answers first: the agreement starts from them"))
        checked = check_value(value, round_.kind)
        if round_.kind == "score":
            set_score(store, round_.kr_id, agreed=checked)
        else:
            _agreed_checkin(store, round_, round(checked))
        return store.update(EstimateRound, round_id, state="agreed", agreed=checked)


def _agreed_checkin(store: WorkspaceStore, round_: EstimateRound, confidence: int) -> CheckIn:
    latest = store.latest_checkin(round_.kr_id)
    if latest is None:
        raise WorkspaceError(_("the key result has no check-in to give the confidence to"))
    values = [e.value for e in estimates_of(store, round_.id)]
    found = spread(values)
    # Stored with the check-in, read by everyone in their own language: kept in English.
    note = f"Confidence agreed in a round: {confidence}/10"
    if found is not None:
        note += f" ({len(values)} answers, {spread_line(found, 'confidence', shown=False)})"
    return store.check_in(round_.kr_id, latest.value, confidence=confidence, note=note)


def cancel(store: WorkspaceStore, round_id: str) -> EstimateRound:
    """Close the round without an agreement: a new one may start."""
    with store.transaction():
        round_ = _facilitated(store, round_id, N_("cancel it"))
        if round_.state not in OPEN_STATES:
            raise WorkspaceError(_("this round is closed already"))
        return store.update(EstimateRound, round_id, state="cancelled")
