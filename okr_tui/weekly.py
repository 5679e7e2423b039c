"""The weekly rhythm: ISO weeks, the review's rows, who has not checked in, changes, `okr due`.

Plain functions of the store's records. A week is an ISO week (Monday to
Sunday, labelled like 2026-W48); a check-in belongs to the week of its date.
"This week's value" is the latest reading up to the end of the week, and the
change is measured against the latest reading before the week began.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from okr_tui.i18n import _, format_span, format_week
from okr_tui.models import (
    CheckIn,
    KeyResult,
    Objective,
    Period,
    Task,
    Unit,
    UnplannedWork,
    period_for,
)
from okr_tui.privacy import can_see
from okr_tui.rules import Health, existed_by, health, progress
from okr_tui.units import find_unit as lookup_unit
from okr_tui.workshop.session import is_workshop_draft
from okr_tui.workspace import WorkspaceStore

WEEK_RE = re.compile(r"^\s*(?P<year>\d{4})-?W(?P<week>\d{1,2})\s*$", re.IGNORECASE)

LIVE_STATUSES = ("draft", "committed")
"""Objectives whose key results still get weekly check-ins (see `is_live`)."""


def is_live(store: WorkspaceStore, objective: Objective) -> bool:
    """Whether an objective's key results get weekly check-ins and count in the review.

    Committed objectives and drafts do, except the drafts of a workshop still open:
    the team has not agreed them yet, so nobody is "not checked in" on them.
    """
    return objective.status in LIVE_STATUSES and not is_workshop_draft(store, objective)


HEALTH_ORDER: dict[Health, int] = {
    Health.OFF_TRACK: 0,
    Health.STALE: 1,
    Health.NO_DATA: 2,
    Health.AT_RISK: 3,
    Health.ON_TRACK: 4,
}
"""Worst first: what a review meeting should look at before the rest."""


class WeekError(ValueError):
    """A week label that cannot be read; the message says what is expected."""


@dataclass(frozen=True)
class Week:
    """One ISO week, Monday to Sunday."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date | datetime) -> Week:
        if isinstance(day, datetime):
            day = day.date()
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @classmethod
    def parse(cls, label: str) -> Week:
        """Read '2026-W48' (also '2026W48', '2026-w48')."""
        match = WEEK_RE.match(label)
        if match is None:
            raise WeekError(
                _("a week is written like 2026-W48, not {label!r}").format(label=label.strip())
            )
        year, number = int(match["year"]), int(match["week"])
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            raise WeekError(
                _("{year} has no week {number}").format(year=year, number=number)
            ) from None
        return cls(year, number)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def start(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> date:
        return date.fromisocalendar(self.year, self.number, 7)

    def contains(self, moment: date | datetime) -> bool:
        day = moment.date() if isinstance(moment, datetime) else moment
        return self.start <= day <= self.end

    def shift(self, weeks: int) -> Week:
        return Week.of(self.start + timedelta(weeks=weeks))

    def span(self) -> str:
        """'Mon 23 Nov – Sun 29 Nov 2026', in the language spoken."""
        return format_span(self.start, self.end)

    @property
    def shown(self) -> str:
        """The week as people read it: "2026-W48", "第48周"; `label` stays the id."""
        return format_week(self.year, self.number)

    def __str__(self) -> str:
        return self.label


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def period_of(store: WorkspaceStore, period_id: str) -> Period | None:
    """The period record, or one made from its label when the workspace has none."""
    found = store.find(Period, period_id)
    if found is not None:
        return found
    try:
        return period_for(period_id)
    except ValueError:
        return None


def reading_at(checkins: Iterable[CheckIn], day: date) -> CheckIn | None:
    """The latest check-in on or before `day`."""
    found = [c for c in checkins if _day(c.at) <= day]
    return max(found, key=lambda c: c.at) if found else None


@dataclass(frozen=True)
class ReviewRow:
    """One key result as the weekly review shows it; all numbers hand-checkable."""

    kr: KeyResult
    objective: Objective
    value: float | None
    """The latest reading up to the end of the week."""
    previous: float | None
    """The latest reading before the week began."""
    progress: float | None
    confidence: int | None
    previous_confidence: int | None
    health: Health
    checked_in: bool
    """At least one check-in inside the week."""
    last: CheckIn | None
    week_checkins: tuple[CheckIn, ...] = ()
    tasks_open: tuple[Task, ...] = ()
    tasks_done: tuple[Task, ...] = ()

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def confidence_change(self) -> int | None:
        if self.confidence is None or self.previous_confidence is None:
            return None
        return self.confidence - self.previous_confidence

    @property
    def owner(self) -> str:
        return self.kr.owner or self.objective.owner


def reference_day(week: Week, today: date) -> date:
    """The day the review is read on: today for this week, the week's Sunday for a past one."""
    return min(today, week.end)


def review_row(
    kr: KeyResult,
    objective: Objective,
    week: Week,
    today: date,
    *,
    checkins: list[CheckIn],
    tasks: Iterable[Task],
    period: Period | None,
) -> ReviewRow:
    """A key result's row from its check-ins (oldest first), its tasks and its period."""
    day = reference_day(week, today)
    now = reading_at(checkins, day)
    before = reading_at(checkins, week.start - timedelta(days=1))
    inside = tuple(c for c in checkins if week.contains(c.at) and _day(c.at) <= day)
    ordered = sorted(tasks, key=lambda t: (t.due or date.max, t.title))
    return ReviewRow(
        kr=kr,
        objective=objective,
        value=now.value if now else None,
        previous=before.value if before else None,
        progress=progress(kr, now.value if now else None),
        confidence=now.confidence if now else None,
        previous_confidence=before.confidence if before else None,
        health=health(kr, now, period, day),
        checked_in=bool(inside),
        last=now,
        week_checkins=inside,
        tasks_open=tuple(t for t in ordered if t.status != "done"),
        tasks_done=tuple(t for t in ordered if t.status == "done"),
    )


def review_rows(
    store: WorkspaceStore, pairs: list[tuple[KeyResult, Objective]], week: Week, today: date
) -> list[ReviewRow]:
    """The rows of these key results, read from the store in a few set reads, not per row."""
    ids = [kr.id for kr, _ in pairs]
    checkins = store.checkins_of(ids)
    tasks = store.by_each(Task, "kr_id", ids)
    periods = {pid: period_of(store, pid) for pid in {o.period_id for _, o in pairs}}
    then = as_of(store, [kr for kr, _ in pairs], week, today)
    return [
        review_row(
            then.get(kr.id, kr),
            objective,
            week,
            today,
            checkins=checkins[kr.id],
            tasks=tasks[kr.id],
            period=periods[objective.period_id],
        )
        for kr, objective in pairs
    ]


@dataclass
class Review:
    """What the weekly review of one unit shows."""

    unit: Unit | None
    week: Week
    period_id: str
    objectives: list[Objective] = field(default_factory=list)
    rows: list[ReviewRow] = field(default_factory=list)
    hidden: int = 0
    """Private objectives the viewer may not see (or chose to leave out)."""
    unplanned: list[UnplannedWork] = field(default_factory=list)

    @property
    def due_rows(self) -> list[ReviewRow]:
        """The rows owed a check-in this week: not those of key results added after it."""
        return [row for row in self.rows if existed_by(row.kr, self.week.end)]

    @property
    def not_checked_in(self) -> list[tuple[str, int]]:
        """(person, how many of their key results have no check-in this week), by name."""
        missing: dict[str, int] = {}
        for row in self.due_rows:
            if not row.checked_in:
                who = row.owner or "(no owner)"
                missing[who] = missing.get(who, 0) + 1
        return sorted(missing.items())

    def rows_of(self, objective_id: str) -> list[ReviewRow]:
        return [r for r in self.rows if r.objective.id == objective_id]


def visible_objectives(
    store: WorkspaceStore,
    unit_id: str,
    period_id: str,
    viewer: str,
    *,
    include_private: bool = True,
) -> tuple[list[Objective], int]:
    """A unit's live objectives in a period that the viewer may see, and how many are hidden.

    With include_private=False even the viewer's own private objectives are
    left out (and counted): a report is written to be shared.
    """
    shown: list[Objective] = []
    hidden = 0
    for objective in store.objectives(unit_id=unit_id, period_id=period_id):
        if not is_live(store, objective):
            continue
        private = objective.visibility == "private"
        if can_see(objective, viewer) and (include_private or not private):
            shown.append(objective)
        else:
            hidden += 1
    return shown, hidden


def as_of(
    store: WorkspaceStore, krs: list[KeyResult], week: Week, today: date
) -> dict[str, KeyResult]:
    """Key results as they stood at the end of a past week, for those changed since.

    A past week's progress is measured against the target of that week, not
    one set later: the first change after the week holds the version before it.
    """
    if week.end >= today or not krs:
        return {}
    end = datetime.combine(week.end + timedelta(days=1), time.min, tzinfo=UTC)
    ids = {kr.id for kr in krs}
    then: dict[str, KeyResult] = {}
    for event in store.events(since=end, tables=[KeyResult.TABLE], mentioning=ids):
        if event.record_id in ids and event.record_id not in then and event.before:
            with contextlib.suppress(ValueError):
                then[event.record_id] = KeyResult.model_validate(event.before)
    return then


def build_review(
    store: WorkspaceStore,
    unit_id: str,
    week: Week,
    today: date,
    viewer: str,
    *,
    period_id: str | None = None,
    include_private: bool = True,
) -> Review:
    """Every visible key result of a unit with its numbers for the week, and unplanned work."""
    if period_id is None:
        period = store.period_at(reference_day(week, today))
        period_id = period.id if period else f"{week.start.year}-Q{(week.start.month - 1) // 3 + 1}"
    objectives, hidden = visible_objectives(
        store, unit_id, period_id, viewer, include_private=include_private
    )
    krs = store.key_results_of(o.id for o in objectives)
    pairs = [(kr, objective) for objective in objectives for kr in krs[objective.id]]
    rows = review_rows(store, pairs, week, today)
    unplanned = sorted(
        (u for u in store.by(UnplannedWork, "unit_id", unit_id) if week.contains(u.at)),
        key=lambda u: u.at,
    )
    return Review(
        unit=store.find(Unit, unit_id),
        week=week,
        period_id=period_id,
        objectives=objectives,
        rows=rows,
        hidden=hidden,
        unplanned=unplanned,
    )


def default_unit(store: WorkspaceStore, period_id: str, preferred: str = "") -> str | None:
    """The unit a review opens on: the preferred one, else the first with objectives."""
    if preferred and store.find(Unit, preferred) is not None:
        return preferred
    units = store.units()
    for unit in units:
        if any(is_live(store, o) for o in store.objectives(unit_id=unit.id, period_id=period_id)):
            return unit.id
    return units[0].id if units else None


def units_with_objectives(store: WorkspaceStore, period_id: str) -> list[Unit]:
    return [
        u
        for u in store.units()
        if any(is_live(store, o) for o in store.objectives(unit_id=u.id, period_id=period_id))
    ]


find_unit = lookup_unit


# -- key results to check in ---------------------------------------------------
def my_key_results(
    store: WorkspaceStore, user: str, period_id: str
) -> list[tuple[KeyResult, Objective]]:
    """The active key results `user` owns in the period (or owns the objective of)."""
    found: list[tuple[KeyResult, Objective]] = []
    for objective in store.objectives(period_id=period_id):
        if not is_live(store, objective) or not can_see(objective, user):
            continue
        for kr in store.key_results(objective.id):
            if (kr.owner or objective.owner) == user:
                found.append((kr, objective))
    return found


def unit_key_results(
    store: WorkspaceStore, unit_id: str, period_id: str, viewer: str
) -> list[tuple[KeyResult, Objective]]:
    objectives, _ = visible_objectives(store, unit_id, period_id, viewer)
    krs = store.key_results_of(o.id for o in objectives)
    return [(kr, o) for o in objectives for kr in krs[o.id]]


def due(store: WorkspaceStore, user: str, today: date) -> list[tuple[KeyResult, Objective]]:
    """The user's key results in today's periods with no check-in this ISO week."""
    week = Week.of(today)
    periods: dict[str, Period | None] = {}
    current: list[Objective] = []
    for objective in store.objectives():
        if objective.period_id not in periods:
            periods[objective.period_id] = period_of(store, objective.period_id)
        period = periods[objective.period_id]
        if period is None or not period.start <= today <= period.end:
            continue
        if is_live(store, objective) and can_see(objective, user):
            current.append(objective)
    # A few set reads, not one per key result: each is a round trip on a database server.
    krs_of = store.key_results_of(o.id for o in current)
    mine = [(kr, o) for o in current for kr in krs_of[o.id] if (kr.owner or o.owner) == user]
    checkins = store.checkins_of(kr.id for kr, _ in mine)
    return [(kr, o) for kr, o in mine if not any(week.contains(c.at) for c in checkins[kr.id])]
