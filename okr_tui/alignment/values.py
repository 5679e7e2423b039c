"""The number beside an objective or a unit: its score once scored, else its progress."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from okr_tui.models import KeyResult, Objective, Score
from okr_tui.rules import objective_progress, objective_score, progress, weighted_mean
from okr_tui.workspace import WorkspaceStore

ValueKind = Literal["progress", "score"]


@dataclass(frozen=True)
class Value:
    """An objective's or unit's number: progress while the period runs, score once scored."""

    value: float | None
    kind: ValueKind = "progress"


def latest_score(store: WorkspaceStore, kr_id: str) -> float | None:
    """The agreed score of a KR, else the suggested one, from its latest Score record."""
    return _score_of(store.by(Score, "kr_id", kr_id))


def _score_of(found: list[Score]) -> float | None:
    """The agreed score, else the suggested one, of the newest of these Score records."""
    if not found:
        return None
    last = max(found, key=lambda s: s.at)
    return last.agreed if last.agreed is not None else last.suggested


def kr_value(store: WorkspaceStore, kr: KeyResult) -> Value:
    """A KR's score once scored, else its progress from the latest check-in."""
    score = latest_score(store, kr.id)
    if score is not None:
        return Value(score, "score")
    last = store.latest_checkin(kr.id)
    return Value(progress(kr, last.value if last is not None else None))


def objective_value(store: WorkspaceStore, objective: Objective) -> Value:
    """The score when any KR is scored, else progress from the latest check-ins.

    A KR with no reading counts as 0: silence is not progress.
    """
    return objective_values(store, [objective])[objective.id]


def objective_values(store: WorkspaceStore, objectives: Iterable[Objective]) -> dict[str, Value]:
    """`objective_value` of each, from one set read of their key results, scores and
    latest check-ins (a unit's line costs the same few reads for 1 objective or 20)."""
    ids = [o.id for o in objectives]
    krs_of = store.key_results_of(ids)
    kr_ids = [kr.id for krs in krs_of.values() for kr in krs]
    scores_of = store.by_each(Score, "kr_id", kr_ids)
    latest = store.latest_checkins(kr_ids) if kr_ids else {}
    out: dict[str, Value] = {}
    for objective_id in ids:
        krs = krs_of[objective_id]
        if not krs:
            out[objective_id] = Value(None)
            continue
        scores = {kr.id: _score_of(scores_of[kr.id]) for kr in krs}
        if any(score is not None for score in scores.values()):
            out[objective_id] = Value(objective_score(krs, scores), "score")
            continue
        readings = []
        for kr in krs:
            last = latest[kr.id]
            readings.append((progress(kr, last.value if last is not None else None), kr.weight))
        out[objective_id] = Value(objective_progress(readings), "progress")
    return out


def mean_value(pairs: Iterable[tuple[Objective, Value]]) -> Value:
    """Weighted mean over objectives that have a number; "score" only when all are scored."""
    known = [(o, v) for o, v in pairs if v.value is not None]
    if not known:
        return Value(None)
    mean = weighted_mean((v.value or 0.0, o.weight) for o, v in known)
    kind: ValueKind = "score" if all(v.kind == "score" for _, v in known) else "progress"
    return Value(mean, kind)
