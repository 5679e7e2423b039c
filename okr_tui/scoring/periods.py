"""The period before and the period after, by label: 2026-Q1 -> 2025-Q4, 2017 -> 2018."""

from __future__ import annotations

from okr_tui.models import period_for


def previous_label(period_id: str) -> str:
    """The period before: 2026-Q1 -> 2025-Q4, 2017 -> 2016."""
    period = period_for(period_id)
    if period.is_year:
        return str(period.start.year - 1)
    year, quarter = period.start.year, (period.start.month - 1) // 3 + 1
    return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"


def next_label(period_id: str) -> str:
    """The period after: 2026-Q4 -> 2027-Q1, 2017 -> 2018."""
    period = period_for(period_id)
    if period.is_year:
        return str(period.start.year + 1)
    year, quarter = period.start.year, (period.start.month - 1) // 3 + 1
    return f"{year + 1}-Q1" if quarter == 4 else f"{year}-Q{quarter + 1}"
