"""Periods people plan in: read a label, open the next quarter, list what a workspace holds.

A period's dates come from its label (`okr_tui.models.period_for`); this module
adds the rules around them that the command line and the app share, so
`okr period add 2027-Q1` and `]` on home open the same quarter the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from okr_tui.i18n import DEFAULT, _, current_language, format_span
from okr_tui.models import Period, period_for, quarter_of
from okr_tui.workspace import WorkspaceStore


def read_label(text: str) -> Period:
    """The period a label names (`2027-q1`, ` 2027 `); ValueError in one line when it names none."""
    try:
        return period_for(text.strip().upper())
    except ValueError:
        raise ValueError(
            _("a period is a quarter like 2027-Q1 or a year like 2027, not {label!r}").format(
                label=text.strip()
            )
        ) from None


def span(period: Period) -> str:
    """Its dates as people say them: `1 Jan – 31 Mar 2027`, `2027年1月1日 – 3月31日`."""
    if current_language() != DEFAULT:
        return format_span(period.start, period.end)
    return f"{period.start.day} {period.start:%b} – {period.end.day} {period.end:%b %Y}"


def describe(period: Period) -> str:
    """`2027-Q1 (1 Jan – 31 Mar 2027)`, `2027-Q1（2027年1月1日 – 3月31日）`."""
    return _("{period} ({span})").format(period=period.id, span=span(period))


def next_quarter(period_id: str) -> Period:
    """The quarter that begins the day after `period_id` ends (after a year: its next Q1)."""
    current = period_for(period_id)
    return period_for(quarter_of(current.end + timedelta(days=1)))


def add_period(store: WorkspaceStore, label: str) -> tuple[Period, bool]:
    """The period a label names, added if new; True when this call added it."""
    wanted = read_label(label)
    # Look and add under one lock: two people opening the same quarter add it once.
    with store.transaction():
        existing = store.find(Period, wanted.id)
        if existing is not None:
            return existing, False
        return store.ensure_period(wanted.id), True


@dataclass(frozen=True)
class PeriodRow:
    """One line of `okr period list`."""

    period: Period
    objectives: int
    current: bool

    @property
    def kind(self) -> str:
        return "year" if self.period.is_year else "quarter"


def current_period(store: WorkspaceStore, today: date) -> Period | None:
    """The quarter holding today, else the year holding it, else None."""
    return store.period_at(today) or store.period_at(today, quarters_only=False)


def period_rows(store: WorkspaceStore, today: date) -> list[PeriodRow]:
    """Every period by start, how many objectives it holds, and which one is today's."""
    current = current_period(store, today)
    return [
        PeriodRow(
            period=period,
            objectives=len(store.objectives(period_id=period.id)),
            current=current is not None and period.id == current.id,
        )
        for period in store.periods()
    ]
