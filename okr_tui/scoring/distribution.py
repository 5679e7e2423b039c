"""How a period's scores spread: their mean, how many fall on each tenth, and on each band."""

from __future__ import annotations

from collections.abc import Iterable

from okr_tui.i18n import N_, _
from okr_tui.rules import Band, round_score, score_band

BAND_WORDS: dict[Band, str] = {
    Band.RED: N_("red"),
    Band.YELLOW: N_("yellow"),
    Band.GREEN: N_("green"),
}
"""A band's name as people read it (the band itself stays English: it names a colour style)."""


def band_words(band: Band) -> str:
    return _(BAND_WORDS[band])


def average(values: Iterable[float]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None


def distribution(scores: Iterable[float]) -> dict[float, int]:
    """How many scores fall on each tenth, 0.0 to 1.0.

    A mean in between counts on the tenth it is shown as (0.67 on 0.7), so a
    bar's objectives read the score the report prints beside them.
    """
    counts = {tenth / 10: 0 for tenth in range(11)}
    for score in scores:
        counts[round_score(score)] += 1
    return counts


def band_counts(scores: Iterable[float]) -> dict[Band, int]:
    counts = {Band.RED: 0, Band.YELLOW: 0, Band.GREEN: 0}
    for score in scores:
        counts[score_band(score)] += 1
    return counts
