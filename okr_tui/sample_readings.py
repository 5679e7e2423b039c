"""The numbers of a sample's check-ins: readings that move towards a target, and confidence.

Both draw from the sample's own seeded generator, so a sample gets the same
readings every time it is built for the same day.
"""

from __future__ import annotations

import random


def curve(
    rng: random.Random, baseline: float, target: float, reached: float, steps: int, step: float
) -> list[float]:
    """Readings that move from the baseline to `reached` of the way, with a little noise."""
    values: list[float] = []
    for n in range(steps):
        share = reached * (n / (steps - 1)) ** 0.9 if steps > 1 else reached
        noise = rng.uniform(-0.04, 0.04) if 0 < n < steps - 1 else 0.0
        raw = baseline + (target - baseline) * max(0.0, share + noise)
        values.append(round(raw / step) * step)
    return values


def confidences(rng: random.Random, start: int, end: int, steps: int) -> list[int]:
    """Confidence (0 to 10) that drifts from `start` to `end`, a point up or down now and then."""
    out: list[int] = []
    for n in range(steps):
        level = start + (end - start) * n / max(1, steps - 1) + rng.choice((-1, 0, 0, 1))
        out.append(max(0, min(10, round(level))))
    return out
