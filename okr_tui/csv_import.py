"""CSV import: add what a spreadsheet holds and the workspace lacks, in one short write.

Rows are read (okr_tui.csv_read) and matched against the workspace by name
(okr_tui.csv_plan) before the workspace lock is taken, and every new record
and its event are validated and encoded then (okr_tui.batch), so colleagues
keep saving while a large file is read. The write is one transaction.

A bad row, or one that disagrees with the workspace, is a problem: all of
them are named by line and nothing is written. With `update`, rows that
disagree change the workspace as the importing user, through the store's
usual rules (an event per change; a reason for committed OKRs). A `current`
value is a new check-in when the key result has none or the import may
update; a `score` is set when the key result has none agreed yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from okr_tui.batch import Batch, event_ids
from okr_tui.csv_format import CHECKIN_NOTE, format_plain
from okr_tui.csv_plan import FIELDS, Matcher, ObjectivePlan, UnitPlan, Workspace, flat, key, show
from okr_tui.csv_read import CsvImportError, CsvSource, Progress, Row
from okr_tui.i18n import _
from okr_tui.import_write import write_planned
from okr_tui.json_import import COUNTS
from okr_tui.models import CheckIn, Event, KeyResult, Objective, Record, Score, Unit, period_for
from okr_tui.plain_text import fields_problem
from okr_tui.privacy import can_see
from okr_tui.rules import suggested_score
from okr_tui.scoring import final_value, score_record

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore

R = TypeVar("R", bound=Record)
Differences = dict[str, tuple[Any, Any]]


LINES_KEPT = 500
"""Lines of what was created that a report lists; past them it counts by kind."""


@dataclass
class ImportReport:
    """What an import created and changed, as lines a person can read."""

    created: list[str] = field(default_factory=list)
    rows: int = 0
    changed: list[str] = field(default_factory=list)
    more: dict[str, int] = field(default_factory=dict)
    """Created past the first LINES_KEPT lines, by kind ("key result": 12000)."""

    kinds: list[str] = field(default_factory=list)
    """The kind of each line of `created` (a key of json_import.COUNTS), kept for add_first."""

    def add(self, line: str, kind: str) -> None:
        if len(self.created) < LINES_KEPT:
            self.created.append(line)
            self.kinds.append(kind)
            return
        self.more[kind] = self.more.get(kind, 0) + 1

    def add_first(self, lines: list[str], kind: str) -> None:
        """Put `lines` before those added so far (units go first, though known last)."""
        later = list(zip(self.created, self.kinds, strict=True))
        self.created, self.kinds = [], []
        for line, line_kind in [(line, kind) for line in lines] + later:
            self.add(line, line_kind)

    def summary(self) -> str:
        if not self.created and not self.changed:
            return _("{rows} rows read; everything was already in the workspace.").format(
                rows=self.rows
            )
        parts = [_("{rows} rows read").format(rows=self.rows)]
        if self.created:
            lines = [f"  {c}" for c in self.created]
            if self.more:
                counts = _(", ").join(
                    COUNTS[kind](n).format(count=f"{n:,}") for kind, n in self.more.items()
                )
                more = _("and {count} more: {counts}").format(
                    count=f"{sum(self.more.values()):,}", counts=counts
                )
                lines.append(f"  {more}")
            parts.append(_("created:") + "\n" + "\n".join(lines))
        if self.changed:
            parts.append(_("changed:") + "\n" + "\n".join(f"  {c}" for c in self.changed))
        return _("; ").join(parts)


@dataclass
class CsvPlan:
    batch: Batch
    problems: list[str]
    report: ImportReport


def _reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "row"
    return f"{where}: {first['msg']}"


def _line_number(problem: str) -> int:
    # The number in "line 12: ..." as any language words it ("第 12 行：..."), before the colon.
    head = re.split("[:：]", problem, maxsplit=1)[0]
    found = re.search(r"\d+", head)
    return int(found[0]) if found else 0


class _Importer:
    """Turns rows into new records (encoded into the batch) and changes, row by row."""

    def __init__(self, store: WorkspaceStore, *, update: bool, reason: str) -> None:
        self.store = store
        self.user = store.user
        self.update = update
        self.reason = reason.strip()
        self.batch = store.new_batch()
        self.ws = Workspace(store)
        self.match = Matcher(self.ws)
        self.rows = 0
        self.report = ImportReport()
        self.changed = self.report.changed
        self._event_ids = event_ids()
        self._event = Event(
            id="ev-0", at=self.ws.now, who=self.user, action="create", table="", record_id=""
        ).to_doc()

    # -- rows ----------------------------------------------------------------------------
    def feed(self, row: Row) -> None:
        self.rows += 1
        unit = self.match.unit(row)
        if unit is None or not row.objective:
            return
        found = self.match.objective(row, unit)
        if found is None:
            return
        objective, first = found
        if first and objective.existing is None:
            if self.match.new_period(row.period):
                self.report.add(_("period {period}").format(period=row.period), "period")
            self.report.add(
                _("objective {title} ({unit}, {period})").format(
                    title=flat(objective.title), unit=flat(unit.name), period=row.period
                ),
                "objective",
            )
        if not row.key_result:
            return
        kr, go_on = self.match.key_result(row, objective)
        if go_on and kr is None:
            self._new_key_result(row, objective)
        elif go_on and kr is not None:
            self._known_key_result(row, objective, kr)

    def _new_key_result(self, row: Row, objective: ObjectivePlan) -> None:
        values: dict[str, Any] = {
            "id": self.ws.new_id(KeyResult),
            "objective_id": objective.id,
            "title": row.key_result,
            "measure": row.measure,
            "due": row.due,
            "order": objective.next_kr_order,
        }
        objective.next_kr_order += 1
        for column in ("indicator", "direction"):
            if getattr(row, column):
                values[column] = getattr(row, column)
        for column in ("baseline", "target", "weight"):
            if getattr(row, column) is not None:
                values[column] = getattr(row, column)
        kr = self._validated(row, KeyResult, values)
        if kr is None:
            return
        self._emit(kr, late=True)
        self.report.add(
            _("key result {title} (under {objective})").format(
                title=flat(kr.title), objective=flat(objective.title)
            ),
            "key result",
        )
        final = self._reading(row, kr) if row.current is not None else None
        if row.score is not None:
            self._new_score(row, kr, final)

    def _known_key_result(self, row: Row, objective: ObjectivePlan, kr: KeyResult) -> None:
        assert objective.existing is not None
        differences = self.match.kr_differences(row, kr)
        what = _("key result {id} {title!r}").format(id=kr.id, title=flat(kr.title))
        if differences:
            committed = objective.existing.status == "committed"
            if not self._change(row, what, KeyResult, kr.id, differences, committed=committed):
                return
            kr = kr.model_copy(update={name: new for name, (new, _old) in differences.items()})
        final: float | None = None
        made = False
        if row.current is not None:
            latest = self.store.latest_checkin(kr.id)
            if latest is None or (latest.value != row.current and self.update):
                final, made = self._reading(row, kr), True
            elif latest.value != row.current:
                self._refuse_change(row, what, {"current": (row.current, latest.value)})
                return
        if row.score is not None:
            if not made:
                final = final_value(self.store, kr, self.ws.period(row.period))
            self._known_score(row, kr, final, what)

    def _reading(self, row: Row, kr: KeyResult) -> float | None:
        """A check-in of the row's value; the value when it counts for the period's score."""
        at = self.ws.reading_time(row.period)
        values = {
            "id": self.ws.new_id(CheckIn),
            "kr_id": kr.id,
            "value": row.current,
            "note": CHECKIN_NOTE,
            "author": self.user,
            "at": at,
        }
        checkin = self._validated(row, CheckIn, values)
        if checkin is None:
            return None
        self._emit(checkin, action="checkin", late=True)
        self.report.add(
            _("check-in {value} on {title} (by {person})").format(
                value=format_plain(checkin.value), title=flat(kr.title), person=self.user
            ),
            "check-in",
        )
        period = self.ws.period(row.period)
        return checkin.value if period.start <= at.date() <= period.end else None

    def _new_score(self, row: Row, kr: KeyResult, final: float | None) -> None:
        values = {
            "id": self.ws.new_id(Score),
            "kr_id": kr.id,
            "suggested": suggested_score(kr, final),
            "agreed": row.score,
            "scored_by": self.user,
            "at": self.ws.now,
        }
        score = self._validated(row, Score, values)
        if score is not None:
            self._emit(score, late=True)
            self.report.add(
                _("score {score} for {title}").format(
                    score=format_plain(row.score), title=flat(kr.title)
                ),
                "score",
            )

    def _known_score(self, row: Row, kr: KeyResult, final: float | None, what: str) -> None:
        record = score_record(self.store, kr.id)
        if record is None:
            self._new_score(row, kr, final)
            return
        if record.agreed == row.score:
            return
        if record.agreed is not None and not self.update:
            self._refuse_change(row, what, {"score": (row.score, record.agreed)})
            return
        changes: dict[str, Any] = {
            "agreed": row.score,
            "suggested": suggested_score(kr, final),
            "scored_by": self.user,
            "at": self.ws.now,
        }
        self.batch.changes.append(partial(self.store.update, Score, record.id, **changes))
        changed = _("score {score} for {title}").format(
            score=format_plain(row.score), title=flat(kr.title)
        )
        if record.agreed is not None:
            changed += _(" (was {score})").format(score=show(record.agreed))
        self.changed.append(changed)

    # -- changes to what the workspace holds ----------------------------------------------
    def _refuse_change(self, row: Row, what: str, differences: Differences) -> None:
        name, (new, old) = next(iter(differences.items()))
        self.match.problem(
            row,
            _(
                "{what} differs from the workspace in {column}: the file says {new}, "
                "the workspace {old} (--update changes it)"
            ).format(what=what, column=name, new=show(new), old=show(old)),
        )

    def _change(
        self,
        row: Row,
        what: str,
        record_type: type[Record],
        record_id: str,
        differences: Differences,
        *,
        committed: bool,
        values: dict[str, Any] | None = None,
    ) -> bool:
        """Plan a change through store.update when the import may make it; else a problem."""
        if not self.update:
            self._refuse_change(row, what, differences)
            return False
        if committed and not self.reason:
            self.match.problem(
                row, _("{what} is committed: say why it changes with --reason").format(what=what)
            )
            return False
        changes = values or {FIELDS.get(n, n): new for n, (new, _old) in differences.items()}
        self.batch.changes.append(
            partial(self.store.update, record_type, record_id, reason=self.reason, **changes)
        )
        said = ", ".join(f"{n} {show(old)} → {show(new)}" for n, (new, old) in differences.items())
        self.changed.append(f"{what}: {said}")
        return True

    # -- the end: units and objectives, as all their rows describe them ----------------------
    def finish(self, read_problems: list[str]) -> CsvPlan:
        self.match.check_parents()
        units = self._units()
        for period_id in self.match.new_periods:
            self._emit(period_for(period_id), late=False)
        for plan in self.match.objectives.values():
            self._objective(plan)
        problems = sorted(read_problems + self.match.problems, key=_line_number)
        self.report.add_first(units, "unit")
        self.report.rows = self.rows + len(read_problems)
        return CsvPlan(self.batch, problems, self.report)

    def _units(self) -> list[str]:
        created: list[str] = []
        done: set[str] = set()
        for plan in self.match.units.values():
            if plan.existing is not None:
                self._known_unit(plan)
                continue
            # Parents first: walk up to a unit already there, then create on the way down.
            chain: list[UnitPlan] = []
            current: UnitPlan | None = plan
            while current is not None and current.existing is None and current.key not in done:
                done.add(current.key)
                chain.append(current)
                parent = current.first.parent_unit
                current = self.match.units.get(key(parent)) if parent else None
            for unit_plan in reversed(chain):
                line = self._new_unit(unit_plan)
                if line:
                    created.append(line)
        return created

    def _new_unit(self, plan: UnitPlan) -> str:
        parent_name = plan.first.parent_unit
        parent_id = self.match.parent_id(parent_name) if parent_name else None
        values = {
            "id": plan.id,
            "name": plan.first.unit,
            "kind": plan.first.unit_kind,
            "parent_id": parent_id,
        }
        unit = self._validated(plan.first, Unit, values)
        if unit is None:
            return ""
        self._emit(unit, late=False)
        parent = self.match.units.get(key(parent_name)) if parent_name else None
        shown = parent.name if parent is not None else parent_name
        if parent_id:
            return _("unit {name} ({kind}, under {parent})").format(
                name=flat(unit.name), kind=unit.kind, parent=flat(shown)
            )
        return _("unit {name} ({kind})").format(name=flat(unit.name), kind=unit.kind)

    def _known_unit(self, plan: UnitPlan) -> None:
        assert plan.existing is not None
        differences = self.match.unit_differences(plan)
        if not differences:
            return
        values = {FIELDS[name]: new for name, (new, _old) in differences.items()}
        if "parent_id" in values:
            values["parent_id"] = self.match.parent_id(values["parent_id"])
        what = _("unit {id} {name!r}").format(id=plan.existing.id, name=flat(plan.existing.name))
        row = plan.first
        self._change(row, what, Unit, plan.existing.id, differences, committed=False, values=values)

    def _objective(self, plan: ObjectivePlan) -> None:
        first = plan.first
        existing = plan.existing
        if existing is not None:
            differences = self.match.objective_differences(plan)
            if not differences:
                return
            what = _("objective {id} {title!r}").format(id=existing.id, title=flat(existing.title))
            after = existing.model_copy(
                update={FIELDS[n]: new for n, (new, _old) in differences.items()}
            )
            if self.update and not can_see(after, self.user):
                self.match.problem(
                    first,
                    _(
                        "{what}: the file makes it another person's private objective, "
                        "which you could not see or change afterwards"
                    ).format(what=what),
                )
                return
            committed = existing.status == "committed"
            self._change(first, what, Objective, existing.id, differences, committed=committed)
            return
        values = {
            "id": plan.id,
            "unit_id": plan.unit.id,
            "period_id": first.period,
            "title": first.objective,
            "owner": first.owner or (self.user if first.visibility == "private" else ""),
            "kind": first.objective_kind or "aspirational",
            "track": first.track or "business",
            "visibility": first.visibility or "public",
            "order": plan.order,
        }
        objective = self._validated(first, Objective, values)
        if objective is not None:
            self._emit(objective, late=False)

    # -- records into the batch -----------------------------------------------------------
    def _validated(self, row: Row, record_type: type[R], values: dict[str, Any]) -> R | None:
        try:
            record = record_type.model_validate(values)
        except ValidationError as exc:
            self.match.problem(row, _reason(exc))
            return None
        unsafe = fields_problem(record.to_doc())
        if unsafe is not None:
            self.match.problem(row, unsafe)
            return None
        return record

    def _emit(self, record: Record, *, action: str = "create", late: bool) -> None:
        """Add the record and the event the store would record for it. Units and
        objectives are known last (all their rows are read first), so their events
        go in front of those of the key results, as if made in that order."""
        doc = record.to_doc()
        self.batch.add(record.TABLE, doc)
        event = {
            **self._event,
            "id": next(self._event_ids),
            "action": action,
            "table": record.TABLE,
            "record_id": record.id,
            "after": doc,
        }
        self.batch.add(Event.TABLE, event, front=not late)


def _refuse(planned: CsvPlan) -> None:
    if planned.problems:
        raise CsvImportError(planned.problems)


def import_csv(
    store: WorkspaceStore,
    raw: bytes | str,
    *,
    update: bool = False,
    reason: str = "",
    progress: Progress | None = None,
    refresh: bool = True,
) -> ImportReport:
    """Import CSV text or bytes into the store: all rows, or nothing.

    Raises CsvImportError (a WorkspaceError) naming every bad line. `progress`
    is called with (rows read, rows in the file) as the file is read; with
    `refresh`, the store reads the file again afterwards to show the import.
    """
    source = CsvSource(raw)

    def plan() -> CsvPlan:
        importer = _Importer(store, update=update, reason=reason)
        problems: list[str] = []
        for row in source.rows(problems, progress):
            importer.feed(row)
        return importer.finish(problems)

    planned: CsvPlan = write_planned(store, plan, _refuse, refresh=refresh)
    return planned.report
