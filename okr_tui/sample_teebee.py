"""TeeBee, the tea start-up: a scored earlier quarter, then ten weeks of the current one.

The story is in sample_specs/teebee.toml; this is how it is told. The earlier
quarter's KRs are read every other Wednesday and scored on its last day; the
current quarter's are read each Wednesday, with tasks, notes, one KR left
stale and one baseline corrected after the first reading.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from okr_tui.models import (
    KeyResult,
    Objective,
    Period,
    Reflection,
    Score,
    Task,
    Unit,
    quarter_of,
)
from okr_tui.rules import suggested_score
from okr_tui.sample_builder import Builder
from okr_tui.sample_calendar import moment, previous_quarter, weekly_days
from okr_tui.sample_org import add_organisation
from okr_tui.sample_readings import confidences, curve
from okr_tui.sample_spec import EarlierSpec, SampleSpec, TrackedKeyResult

WEDNESDAY = 2


def build_teebee(spec: SampleSpec, today: date) -> Builder:
    b = Builder("teebee", today)
    current = b.period(quarter_of(today))
    previous = b.period(previous_quarter(current.id))
    setup = moment(previous.start + timedelta(days=2), 9)
    units = add_organisation(b, spec, setup)
    if spec.earlier is not None:
        add_earlier_quarter(b, spec.earlier, units, previous, setup)
    add_current_quarter(b, spec, units, current)
    return b


def add_earlier_quarter(
    b: Builder, spec: EarlierSpec, units: dict[str, Unit], previous: Period, setup: datetime
) -> None:
    """The earlier quarter's objectives, read, scored, closed, and its reflection."""
    rng = b.rng
    score_day = moment(previous.end - timedelta(days=1), 15)
    days = weekly_days(previous.end - timedelta(days=1), WEDNESDAY, 12)[1::2]
    for order, written in enumerate(spec.objectives):
        objective = b.add(
            Objective(
                unit_id=units[written.unit].id,
                period_id=previous.id,
                title=written.title,
                owner=written.owner,
                status="committed",
                order=order,
                **written.fields(),
            ),
            setup,
            written.owner,
        )
        for kr_order, kr_spec in enumerate(written.key_results):
            kr = b.add(
                KeyResult(
                    objective_id=objective.id,
                    title=kr_spec.title,
                    order=kr_order,
                    **kr_spec.fields(written.owner, previous),
                ),
                setup,
                written.owner,
            )
            target = kr.target if kr.target is not None else 1.0
            final = kr_spec.final
            reached = (final - kr.baseline) / (target - kr.baseline)
            values = curve(rng, kr.baseline, target, reached, len(days), kr_spec.step)
            if kr.milestone:
                values = [0.0] * (len(days) - 1) + [float(final)]
            # Confidence ends high on the KRs that got most of the way, low on the others.
            confidence = confidences(rng, 6, 8 if final >= 0.7 * target else 4, len(days))
            for day, value, level in zip(days, values, confidence, strict=True):
                at = moment(day, rng.randint(9, 17), rng.choice((0, 15, 30, 45)))
                b.checkin(kr, value, at, kr.owner, level)
            suggested = suggested_score(kr, values[-1])
            # The team may agree a score other than the numbers suggest, and says why.
            agreed = kr_spec.agreed if kr_spec.agreed is not None else suggested
            score = Score(
                kr_id=kr.id,
                suggested=suggested,
                agreed=agreed,
                comment=kr_spec.comment,
                scored_by=spec.scored_by,
                at=score_day,
            )
            b.add(score, score_day, spec.scored_by)
        b.update(objective, score_day, spec.scored_by, reason="quarter scored", status="closed")
    reflection = spec.reflection
    b.add(
        Reflection(
            unit_id=units[reflection.unit].id,
            period_id=previous.id,
            went_well=reflection.went_well,
            went_badly=reflection.went_badly,
            learned=reflection.learned,
            author=reflection.author,
        ),
        score_day,
        reflection.author,
    )


def add_current_quarter(
    b: Builder, spec: SampleSpec, units: dict[str, Unit], current: Period
) -> None:
    """The current quarter's objectives, committed by the lead, with tasks and weekly readings."""
    days = weekly_days(b.today, WEDNESDAY, 10)
    planned = moment(days[0] - timedelta(days=1), 10)
    for order, written in enumerate(spec.objectives):
        objective = b.add(
            Objective(
                unit_id=units[written.unit].id,
                period_id=current.id,
                title=written.title,
                owner=written.owner,
                order=order,
                **written.fields(),
            ),
            planned,
            written.owner,
        )
        made = [
            (
                b.add(
                    KeyResult(
                        objective_id=objective.id,
                        title=kr_spec.title,
                        order=kr_order,
                        **kr_spec.fields(written.owner, current),
                    ),
                    planned,
                    written.owner,
                ),
                kr_spec,
            )
            for kr_order, kr_spec in enumerate(written.key_results)
        ]
        b.update(objective, planned + timedelta(hours=2), spec.lead, status="committed")
        for kr, kr_spec in made:
            add_tasks(b, kr, kr_spec, current, planned + timedelta(hours=3))
            add_weekly_readings(b, spec.lead, kr, kr_spec, days)


def add_tasks(
    b: Builder, kr: KeyResult, spec: TrackedKeyResult, period: Period, at: datetime
) -> None:
    for task in spec.tasks:
        due = period.end - timedelta(days=b.rng.choice((10, 20, 30, 40)))
        b.add(
            Task(kr_id=kr.id, title=task.title, owner=task.owner, status=task.status, due=due),
            at,
            task.owner,
        )


def add_weekly_readings(
    b: Builder, lead: str, kr: KeyResult, spec: TrackedKeyResult, days: list[date]
) -> None:
    """A KR's corrections and readings; the lead checks in for the owner every fourth week."""
    rng = b.rng
    if spec.correction is not None:
        # The first week's reading showed the plan was wrong: changed, with a reason.
        fix = spec.correction
        kr = b.update(kr, moment(days[0], 18), fix.by, reason=fix.reason, **fix.changes())
    # A KR read only some weeks may be stale by today.
    readings = days if spec.weeks is None else [days[i] for i in spec.weeks]
    target = kr.target if kr.target is not None else 1.0
    values = curve(rng, kr.baseline, target, spec.reached, len(readings), spec.step)
    levels = confidences(rng, *spec.confidence, len(readings))
    notes = spec.notes or [""]
    for n, (day, value, level) in enumerate(zip(readings, values, levels, strict=True)):
        author = kr.owner if n % 4 != 3 else lead
        at = moment(day, rng.randint(9, 17), rng.choice((0, 10, 20, 30, 40, 50)))
        b.checkin(kr, round(value, 1), at, author, level, notes[n % len(notes)])
