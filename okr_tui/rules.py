"""The rules of the craft: progress, scores, colour bands and health.

Plain functions of plain models, tested without a screen.

- Progress of a KR = (current - baseline) / (target - baseline), by direction;
  the raw value may exceed 1 (over-achievement), the score clips it to 0..1.
- Suggested KR score = clipped progress rounded to 0.1.
- Objective score = weighted mean of its KR scores.
- Bands: 0.0-0.3 red, 0.4-0.6 yellow, 0.7-1.0 green (in between goes down:
  0.35 is red, 0.65 is yellow).
- Health: a KR with no check-in for more than 7 days is stale, never green;
  its pace counts from its own start when it was added mid-quarter.
- A reading more than 10 times the baseline-to-target distance beyond the
  baseline..target range is far outside it: a slip until the user says otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from okr_tui.i18n import N_, _
from okr_tui.models import CheckIn, KeyResult, Period
from okr_tui.numbers import format_number

STALE_AFTER = timedelta(days=7)
EPSILON = 1e-9
GREEN_FROM = 0.7
YELLOW_FROM = 0.4
"""Band thresholds: 0.7 and up is green, 0.4 up to it yellow, below red."""
FAR_FACTOR = 10.0
"""How many baseline-to-target distances beyond the range a reading is "far outside" it."""


class Band(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class Health(StrEnum):
    ON_TRACK = N_("on track")
    AT_RISK = N_("at risk")
    OFF_TRACK = N_("off track")
    STALE = N_("stale")
    NO_DATA = N_("no check-in")

    @property
    def words(self) -> str:
        """The health as people read it, in the language spoken (the value is the English)."""
        return _(self.value)


def raw_progress(kr: KeyResult, current: float | None) -> float | None:
    """Progress as a fraction of the way from baseline to target, unclipped.

    Works for both directions because (current - baseline) / (target - baseline)
    flips sign together with the direction. None when it cannot be known.
    """
    if current is None or kr.target is None:
        return None
    span = kr.target - kr.baseline
    if abs(span) < EPSILON:
        # Target equals baseline: "keep it at X". Met or not.
        met = current >= kr.target if kr.direction == "up" else current <= kr.target
        return 1.0 if met else 0.0
    # The sign of the span carries the direction: a "down" KR has target < baseline.
    return (current - kr.baseline) / span


def clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def progress(kr: KeyResult, current: float | None) -> float | None:
    """Progress clipped to 0..1, or None when there is no reading."""
    raw = raw_progress(kr, current)
    return None if raw is None else clip(raw)


def round_score(value: float) -> float:
    """Round to a tenth, halves up (0.65 -> 0.7), so people see what they expect."""
    return math.floor(clip(value) * 10 + 0.5 + EPSILON) / 10


def suggested_score(kr: KeyResult, current: float | None) -> float:
    """The score the numbers suggest: progress rounded to 0.1 (0.0 with no reading)."""
    value = progress(kr, current)
    return 0.0 if value is None else round_score(value)


def band(score: float) -> Band:
    """The colour band of a score or progress value in 0..1."""
    value = round(score, 6)
    if value >= GREEN_FROM:
        return Band.GREEN
    if value >= YELLOW_FROM:
        return Band.YELLOW
    return Band.RED


def band_legend() -> str:
    """The bands in words, from the thresholds above: "0-30% red, 40-60% yellow, 70-100% green"."""
    red_to, yellow_to = round(YELLOW_FROM * 100) - 10, round(GREEN_FROM * 100) - 10
    # The ranges are placeholders: a "%" in the message itself would read as a %-format.
    return _("{red} red, {yellow} yellow, {green} green").format(
        red=f"0-{red_to}%",
        yellow=f"{round(YELLOW_FROM * 100)}-{yellow_to}%",
        green=f"{round(GREEN_FROM * 100)}-100%",
    )


BAND_COLOUR: dict[Band, str] = {Band.RED: "red", Band.YELLOW: "yellow", Band.GREEN: "green"}
"""The colour each band is drawn in, on every screen."""


def score_band(score: float) -> Band:
    """The band of a score as it is shown: to a tenth, so 0.67 (shown 0.7) is green."""
    return band(round_score(score))


def format_score(value: float | None) -> str:
    """A score as people see it everywhere, to a tenth: 0.67 -> "0.7", 1 -> "1.0", None -> "–"."""
    return "–" if value is None else f"{round_score(value):.1f}"


def format_percent(value: float | None) -> str:
    """Progress as shown everywhere, to a percent: 0.25 -> "25%", 1.2 -> "120%", None -> "–"."""
    return "–" if value is None else f"{round(value * 100)}%"


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Weighted mean of (value, weight) pairs; None when there are none."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return None if weight_sum <= 0 else total / weight_sum


def objective_progress(readings: Iterable[tuple[float | None, float]]) -> float | None:
    """An objective's progress: the weighted mean of its KRs' (progress, weight).

    A KR with no reading counts as 0: silence is not progress, so an objective
    whose KRs have no check-in yet stands at 0%. None only when it has no KR.
    Home, alignment, the unit page, `okr list`, the weekly report and the
    Markdown export all show this one number.
    """
    return weighted_mean((value or 0.0, weight) for value, weight in readings)


def objective_score(krs: Sequence[KeyResult], scores: dict[str, float | None]) -> float | None:
    """Weighted mean of the KRs' scores (KRs with no score count as 0.0)."""
    return weighted_mean((scores.get(kr.id) or 0.0, kr.weight) for kr in krs)


def period_elapsed(period: Period, today: date, *, since: date | None = None) -> float:
    """How much of the period has passed, 0..1 (counted from `since` when it began later)."""
    start = max(period.start, since) if since is not None else period.start
    days = (period.end - start).days + 1
    done = (today - start).days + 1
    return clip(done / days) if days > 0 else 1.0


def start_for_new_kr(period: Period | None, today: date) -> date | None:
    """The start a key result added today gets: today once its period has begun, else None.

    A key result added in week 7 is judged against the pace of the weeks it has,
    not against the six weeks before it existed.
    """
    if period is None or today <= period.start:
        return None
    return min(today, period.end)


def existed_by(kr: KeyResult, day: date) -> bool:
    """Whether the key result had begun by `day` (one added later is nobody's miss)."""
    return kr.start is None or kr.start <= day


def _as_date(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def is_stale(last: CheckIn | None, today: date) -> bool:
    return last is None or today - _as_date(last.at) > STALE_AFTER


def health(
    kr: KeyResult,
    last: CheckIn | None,
    period: Period | None,
    today: date,
) -> Health:
    """How a KR is doing: silence (no check-in for 7 days) is never green.

    The worse of two readings: the latest confidence (0-3 off track, 4-6 at
    risk, 7-10 on track) and progress against the share of the period gone.
    """
    if last is None:
        return Health.NO_DATA
    if is_stale(last, today):
        return Health.STALE
    readings: list[Health] = []
    if last.confidence is not None:
        if last.confidence <= 3:
            readings.append(Health.OFF_TRACK)
        elif last.confidence <= 6:
            readings.append(Health.AT_RISK)
        else:
            readings.append(Health.ON_TRACK)
    current = progress(kr, last.value)
    if current is not None and period is not None:
        expected = period_elapsed(period, today, since=kr.start)
        if current >= 0.9 * expected:
            readings.append(Health.ON_TRACK)
        elif current >= 0.6 * expected:
            readings.append(Health.AT_RISK)
        else:
            readings.append(Health.OFF_TRACK)
    order = [Health.OFF_TRACK, Health.AT_RISK, Health.ON_TRACK]
    return min(readings, key=order.index) if readings else Health.ON_TRACK


HEALTH_BAND: dict[Health, Band | None] = {
    Health.ON_TRACK: Band.GREEN,
    Health.AT_RISK: Band.YELLOW,
    Health.OFF_TRACK: Band.RED,
    Health.STALE: None,
    Health.NO_DATA: None,
}
"""Health to colour; stale and no-data have no band (shown grey)."""


@dataclass(frozen=True)
class FarOutside:
    """A reading far outside its key result's range, and how to say so."""

    kr: KeyResult
    value: float

    @property
    def range_text(self) -> str:
        """The key result's range as it is shown: 0% → 70%."""
        kr = self.kr
        return f"{format_number(kr.baseline, kr.measure)} → {format_number(kr.target, kr.measure)}"

    @property
    def how_far(self) -> str:
        """'4,000x the target', or 'far above the range' / 'far below the range'."""
        target = self.kr.target or 0.0
        ratio = self.value / target if abs(target) > EPSILON else 0.0
        if ratio >= 2:
            return _("{ratio}x the target").format(ratio=f"{ratio:,.0f}")
        if self.value > max(self.kr.baseline, target):
            return _("far above the range")
        return _("far below the range")

    @property
    def question(self) -> str:
        """The question the app asks before saving it."""
        shown = format_number(self.value, self.kr.measure)
        return _("That is {how_far} ({range}): save {value} anyway?").format(
            how_far=self.how_far, range=self.range_text, value=shown
        )


def far_outside(kr: KeyResult, value: float) -> FarOutside | None:
    """The reading is far outside the KR's range (a typo, most likely), or None.

    Far means more than FAR_FACTOR times the baseline-to-target distance below
    the lower end or above the upper end. A "keep it at X" KR (target equals
    baseline) measures by the size of X instead; a KR without a target has no range.
    """
    if kr.target is None:
        return None
    low, high = sorted((kr.baseline, kr.target))
    span = high - low
    if span < EPSILON:
        span = max(abs(kr.target), 1.0)
    margin = FAR_FACTOR * span
    if low - margin <= value <= high + margin:
        return None
    return FarOutside(kr, value)
