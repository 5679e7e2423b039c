"""Objectives of a sample with their key results, committed, and a reading on each given day.

The UED and personal samples are built from these; TeeBee tells its own
current quarter (with tasks and a corrected baseline) in sample_teebee.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from okr_tui.models import KeyResult, Objective, Period, Unit
from okr_tui.sample_builder import Builder
from okr_tui.sample_calendar import moment
from okr_tui.sample_readings import confidences, curve
from okr_tui.sample_spec import SampleSpec, TrackedKeyResult


def add_objective(
    b: Builder,
    unit: Unit,
    period: Period,
    title: str,
    owner: str,
    krs: Sequence[TrackedKeyResult],
    days: Sequence[date],
    at: datetime,
    *,
    authors: Sequence[str] = (),
    notes: Sequence[str] = (),
    **fields: Any,
) -> Objective:
    """An objective with its KRs, committed, and a reading of each KR on each of `days`."""
    rng = b.rng
    count = len(b.records[Objective.TABLE])
    objective = b.add(
        Objective(
            unit_id=unit.id, period_id=period.id, title=title, owner=owner, order=count, **fields
        ),
        at,
        owner,
    )
    made = [
        (
            b.add(
                KeyResult(
                    objective_id=objective.id,
                    title=spec.title,
                    order=order,
                    **spec.fields(owner, period),
                ),
                at,
                owner,
            ),
            spec,
        )
        for order, spec in enumerate(krs)
    ]
    objective = b.update(objective, at + timedelta(hours=1), owner, status="committed")
    for n_kr, (kr, spec) in enumerate(made):
        target = kr.target if kr.target is not None else 1.0
        if kr.milestone:
            # A milestone reached reads "done" from its due date (or the last reading) on.
            values = []
            if days:
                done_from = min(kr.due, days[-1]) if kr.due else days[-1]
                values = [1.0 if spec.reached >= 1 and d >= done_from else 0.0 for d in days]
        else:
            values = curve(rng, kr.baseline, target, spec.reached, len(days), spec.step)
        levels = confidences(rng, *spec.confidence, len(days))
        for n, (day, value, level) in enumerate(zip(days, values, levels, strict=True)):
            author = kr.owner if not authors or n % 3 else authors[(n + n_kr) % len(authors)]
            note = notes[(n + n_kr) % len(notes)] if notes and rng.random() < 0.5 else ""
            at_time = moment(day, rng.randint(9, 18), rng.choice((0, 15, 30, 45)))
            b.checkin(kr, round(value, 2), at_time, author, level, note)
    return objective


def add_objectives(
    b: Builder,
    spec: SampleSpec,
    units: dict[str, Unit],
    period: Period,
    days: Sequence[date],
    at: datetime,
) -> None:
    """Every objective of the spec in its order; parents and supported ones come first."""
    made: dict[str, Objective] = {}
    for objective in spec.objectives:
        fields = objective.fields()
        if objective.parent:
            fields["parent_id"] = made[objective.parent].id
        if objective.supports:
            fields["supports"] = [made[key].id for key in objective.supports]
        added = add_objective(
            b,
            units[objective.unit],
            period,
            objective.title,
            objective.owner,
            objective.key_results,
            days,
            at,
            authors=spec.crew if objective.crew else (),
            notes=spec.crew_notes if objective.crew_notes else (),
            **fields,
        )
        if objective.key:
            made[objective.key] = added
