"""Progress, scores, bands and health: the rules of the craft."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from okr_tui.models import CheckIn, KeyResult, period_for
from okr_tui.rules import (
    Band,
    Health,
    band,
    health,
    objective_score,
    progress,
    raw_progress,
    suggested_score,
)


def kr(baseline: float = 0, target: float = 100, direction: str = "up", **kw: object) -> KeyResult:
    return KeyResult(
        id="kr-1",
        objective_id="ob-1",
        title="t",
        baseline=baseline,
        target=target,
        direction=direction,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("baseline", "target", "direction", "current", "expected"),
    [
        (0, 100, "up", 50, 0.5),
        (0, 100, "up", 150, 1.5),
        (0, 100, "up", -10, -0.1),
        (40, 70, "up", 55, 0.5),
        (100, 50, "down", 75, 0.5),
        (100, 50, "down", 40, 1.2),
        (100, 50, "down", 120, -0.4),
        (8, 8, "up", 8, 1.0),
        (8, 8, "up", 7, 0.0),
        (5, 5, "down", 4, 1.0),
    ],
)
def test_raw_progress_by_direction(
    baseline: float, target: float, direction: str, current: float, expected: float
) -> None:
    assert raw_progress(kr(baseline, target, direction), current) == pytest.approx(expected)


def test_progress_is_clipped_and_none_without_reading() -> None:
    assert progress(kr(), 150) == 1.0
    assert progress(kr(), -5) == 0.0
    assert progress(kr(), None) is None
    assert progress(kr(target=None), 5) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("current", "score"),
    [
        (0, 0.0),
        (4, 0.0),
        (5, 0.1),
        (34, 0.3),
        (35, 0.4),
        (65, 0.7),
        (69, 0.7),
        (100, 1.0),
        (250, 1.0),
    ],
)
def test_suggested_score_rounds_to_tenths(current: float, score: float) -> None:
    assert suggested_score(kr(), current) == score


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.0, Band.RED),
        (0.3, Band.RED),
        (0.35, Band.RED),
        (0.4, Band.YELLOW),
        (0.6, Band.YELLOW),
        (0.65, Band.YELLOW),
        (0.7, Band.GREEN),
        (0.1 + 0.6, Band.GREEN),
        (1.0, Band.GREEN),
    ],
)
def test_bands_are_exact_at_the_edges(score: float, expected: Band) -> None:
    assert band(score) is expected


def test_objective_score_is_weighted_mean() -> None:
    a = kr().model_copy(update={"id": "a", "weight": 1.0})
    b = kr().model_copy(update={"id": "b", "weight": 3.0})
    assert objective_score([a, b], {"a": 1.0, "b": 0.6}) == pytest.approx(0.7)
    assert objective_score([a, b], {"a": 1.0}) == pytest.approx(0.25)
    assert objective_score([], {}) is None


def test_milestone_kr_is_zero_or_one() -> None:
    m = KeyResult(id="kr-m", objective_id="o", title="Launch in September", milestone=True)
    assert (m.baseline, m.target) == (0.0, 1.0)
    assert suggested_score(m, 1) == 1.0


def checkin(day: date, value: float, confidence: int | None = None) -> CheckIn:
    return CheckIn(
        kr_id="kr-1",
        value=value,
        confidence=confidence,
        at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
    )


Q4 = period_for("2026-Q4")
TODAY = date(2026, 11, 26)  # 57 % of Q4 has passed


def test_silence_is_never_green() -> None:
    assert health(kr(), None, Q4, TODAY) is Health.NO_DATA
    stale = checkin(date(2026, 11, 18), 100, confidence=10)
    assert health(kr(), stale, Q4, TODAY) is Health.STALE
    fresh = checkin(date(2026, 11, 19), 100, confidence=10)
    assert health(kr(), fresh, Q4, TODAY) is Health.ON_TRACK


def test_health_takes_the_worse_of_confidence_and_pace() -> None:
    day = date(2026, 11, 25)
    assert health(kr(), checkin(day, 60, 9), Q4, TODAY) is Health.ON_TRACK
    assert health(kr(), checkin(day, 60, 5), Q4, TODAY) is Health.AT_RISK
    assert health(kr(), checkin(day, 60, 2), Q4, TODAY) is Health.OFF_TRACK
    assert health(kr(), checkin(day, 40, 9), Q4, TODAY) is Health.AT_RISK
    assert health(kr(), checkin(day, 10, None), Q4, TODAY) is Health.OFF_TRACK
