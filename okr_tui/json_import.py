"""Importing a JSON export (`okr export --format json`): add what is missing, never overwrite.

A record whose id the workspace lacks is added as it is in the file (with the
file's own history: an export carries its events). A record the workspace
holds unchanged is skipped. One that differs is refused, naming the record
and the first field that differs, and nothing at all is written; with
`update`, it is changed as the importing user through the store's usual rules
(an event for each change, a reason for a committed objective or key result).

Nobody changes, or adds to, what they could not see or change in the app: a
record under another person's private objective is refused, whether it differs
or not. Every reference must resolve, in the file or in the workspace; empty
and repeated ids are refused. Checking happens before the workspace lock is
taken (okr_tui.batch), so colleagues keep saving while a large file is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from okr_tui.batch import Batch
from okr_tui.i18n import N_, _, ngettext
from okr_tui.import_write import write_planned
from okr_tui.models import (
    Charter,
    CheckIn,
    Event,
    KeyResult,
    Objective,
    ObjectiveReview,
    Period,
    Person,
    Record,
    Reflection,
    Score,
    Task,
    Unit,
    UnplannedWork,
    Workshop,
    record_types,
)
from okr_tui.plain_text import fields_problem
from okr_tui.privacy import can_see
from okr_tui.words import counted

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 2000

REFERENCES: dict[type[Record], tuple[tuple[str, type[Record]], ...]] = {
    Unit: (("parent_id", Unit),),
    Charter: (("unit_id", Unit),),
    Objective: (("unit_id", Unit), ("period_id", Period), ("parent_id", Objective)),
    KeyResult: (("objective_id", Objective),),
    Task: (("kr_id", KeyResult),),
    CheckIn: (("kr_id", KeyResult),),
    Score: (("kr_id", KeyResult),),
    Reflection: (("unit_id", Unit), ("period_id", Period)),
    UnplannedWork: (("unit_id", Unit),),
    Workshop: (("unit_id", Unit), ("period_id", Period)),
    ObjectiveReview: (("objective_id", Objective),),
}
"""The ids a record names that must be records of the file or the workspace."""

NOUNS: dict[type[Record], str] = {
    Person: N_("person"),
    Unit: N_("unit"),
    Period: N_("period"),
    Charter: N_("charter"),
    Objective: N_("objective"),
    KeyResult: N_("key result"),
    Task: N_("task"),
    CheckIn: N_("check-in"),
    Score: N_("score"),
    Reflection: N_("reflection"),
    Event: N_("event"),
    UnplannedWork: N_("unplanned work"),
    Workshop: N_("workshop"),
    ObjectiveReview: N_("objective review"),
}
COUNTS: dict[str, Callable[[int], str]] = {
    "person": lambda n: ngettext("{count} person", "{count} people", n),
    "unit": lambda n: ngettext("{count} unit", "{count} units", n),
    "period": lambda n: ngettext("{count} period", "{count} periods", n),
    "charter": lambda n: ngettext("{count} charter", "{count} charters", n),
    "objective": lambda n: ngettext("{count} objective", "{count} objectives", n),
    "key result": lambda n: ngettext("{count} key result", "{count} key results", n),
    "task": lambda n: ngettext("{count} task", "{count} tasks", n),
    "check-in": lambda n: ngettext("{count} check-in", "{count} check-ins", n),
    "score": lambda n: ngettext("{count} score", "{count} scores", n),
    "reflection": lambda n: ngettext("{count} reflection", "{count} reflections", n),
    "event": lambda n: ngettext("{count} event", "{count} events", n),
    "unplanned work": lambda n: ngettext("{count} unplanned work", "{count} unplanned work", n),
    "workshop": lambda n: ngettext("{count} workshop", "{count} workshops", n),
    "objective review": lambda n: ngettext(
        "{count} objective review", "{count} objective reviews", n
    ),
}
"""A noun of NOUNS with a number, in the language spoken: "3 key results"."""
UNDER_KR = (Task, CheckIn, Score)


def noun(record_type: type[Record]) -> str:
    return _(NOUNS.get(record_type, record_type.TABLE))


def table_count(table: str, number: int) -> str:
    """'3 key results' for the key_results table: people read nouns, not table names."""
    record_type = record_types().get(table)
    word = NOUNS.get(record_type, table) if record_type is not None else table.replace("_", " ")
    forms = COUNTS.get(word)
    if forms is None:
        return counted(number, word)
    return forms(number).format(count=number)


def label(record: Record) -> str:
    """'objective ob-1a2b "Grow revenue"': what a message calls a record."""
    text = getattr(record, "title", None) or getattr(record, "name", None)
    text = text or getattr(record, "login", None)
    name = f' "{" ".join(str(text).split())[:60]}"' if text else ""
    return f"{noun(type(record))} {record.id or _('(no id)')}{name}"


@dataclass
class FileRecords:
    """The file's records, validated, in file order; and the problems the file has alone."""

    tables: list[tuple[type[Record], list[Record]]] = field(default_factory=list)
    ids: dict[str, set[str]] = field(default_factory=dict)
    by_id: dict[str, dict[str, Record]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    org: str = ""

    def find(self, record_type: type[Record], record_id: str | None) -> Record | None:
        return self.by_id.get(record_type.TABLE, {}).get(record_id or "")


def read_records(data: dict[str, Any], progress: Progress | None = None) -> FileRecords:
    """Validate every record of an export; a bad one raises WorkspaceError naming it."""
    from okr_tui.store import WorkspaceError

    types = record_types()
    out = FileRecords()
    meta = data.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("org"), str):
        out.org = meta["org"].strip()
    total = sum(len(v) for k, v in data.items() if k not in ("schema_version", "meta"))
    done = 0
    for table, docs in data.items():
        if table in ("schema_version", "meta"):
            continue
        record_type = types.get(table)
        if record_type is None:
            raise WorkspaceError(_("unknown table {table!r} in the import").format(table=table))
        records: list[Record] = []
        by_id = out.by_id.setdefault(table, {})
        for number, doc in enumerate(docs, 1):
            try:
                record = record_type.model_validate(doc)
            except ValidationError as exc:
                raise WorkspaceError(
                    _("{table} record {number}: {reason}").format(
                        table=table, number=number, reason=_describe(exc)
                    )
                ) from None
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
            if not record.id:
                out.problems.append(
                    _("{record} (record {number} of {table}) has an empty id").format(
                        record=label(record), number=number, table=table
                    )
                )
            elif record.id in by_id:
                out.problems.append(_("{record} is in the file twice").format(record=label(record)))
            else:
                by_id[record.id] = record
                records.append(record)
        out.tables.append((record_type, records))
        out.ids[table] = set(by_id)
    if progress is not None:
        progress(done, total)
    return out


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "record"
    return f"{where}: {first['msg']}"


@dataclass
class JsonImport:
    """What an import of a JSON export did (or, with problems, would not do)."""

    batch: Batch
    problems: list[str] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    org_kept: str = ""
    """The workspace's own name, when the file names the organisation otherwise."""

    def summary(self, where: str) -> str:
        total = sum(self.added.values())
        detail = _(", ").join(table_count(t, n) for t, n in sorted(self.added.items()))
        text = _("Imported {count} records into {workspace}").format(count=total, workspace=where)
        if detail:
            text += _(": {detail}").format(detail=detail)
        if self.updated:
            changed = _(", ").join(table_count(t, n) for t, n in sorted(self.updated.items()))
            text += _("; changed {changed}").format(changed=changed)
        if self.skipped:
            text += _("; {count} already there").format(count=self.skipped)
        if self.org_kept:
            text += _("; kept the organisation's name {org!r} (--update takes the file's)").format(
                org=self.org_kept
            )
        return text


class _Planner:
    """Matches the file's records against the workspace as the store holds it now."""

    def __init__(
        self, store: WorkspaceStore, records: FileRecords, *, update: bool, reason: str
    ) -> None:
        self.store = store
        self.file = records
        self.update = update
        self.reason = reason.strip()
        self.result = JsonImport(batch=store.new_batch(), problems=list(records.problems))

    def plan(self) -> JsonImport:
        for record_type, records in self.file.tables:
            for record in records:
                self._one(record_type, record)
        self._org()
        return self.result

    def _problem(self, text: str) -> None:
        self.result.problems.append(text)

    def _one(self, record_type: type[Record], record: Record) -> None:
        existing = self.store.find(record_type, record.id)
        if existing is not None and self._hidden_in_workspace(existing):
            # Named by id alone: the title is not the importer's to read.
            if record_type is Objective:
                message = _(
                    "{noun} {id} is another person's private objective: an import cannot change it"
                )
            else:
                message = _(
                    "{noun} {id} belongs to another person's private objective: "
                    "an import cannot change it"
                )
            self._problem(message.format(noun=noun(record_type), id=record.id))
            return
        if existing is not None and existing.to_doc() == record.to_doc():
            self.result.skipped += 1
            return
        if not self._references_resolve(record_type, record):
            return
        if existing is None:
            self._add(record_type, record)
        else:
            self._change(record_type, existing, record)

    def _add(self, record_type: type[Record], record: Record) -> None:
        objective = self._objective_of(record, in_file=True)
        live = self.store.find(Objective, objective.id) if objective is not None else None
        if live is not None and not can_see(live, self.store.user):
            self._problem(
                _(
                    "{record}: its objective {id} is another person's private "
                    "objective: an import cannot add to it"
                ).format(record=label(record), id=live.id)
            )
            return
        doc = record.to_doc()
        unsafe = fields_problem(doc)
        if unsafe is not None:
            self._problem(f"{label(record)}: {unsafe}")
            return
        self.result.batch.add(record_type.TABLE, doc)
        added = self.result.added
        added[record_type.TABLE] = added.get(record_type.TABLE, 0) + 1

    def _change(self, record_type: type[Record], existing: Record, record: Record) -> None:
        before, after = existing.to_doc(), record.to_doc()
        differing = [name for name in after if before.get(name) != after[name]]
        what = _("{record} differs from the workspace in {field}").format(
            record=label(existing), field=differing[0]
        )
        if not self.update:
            self._problem(_("{what} (--update changes it)").format(what=what))
            return
        if record_type is Event:
            self._problem(_("{what}: an import never changes the history").format(what=what))
            return
        if self._committed(existing) and not self.reason:
            self._problem(
                _("{what} and is committed: say why it changes with --reason").format(what=what)
            )
            return
        objective = self._objective_of(record, in_file=True)
        if objective is not None and not can_see(objective, self.store.user):
            self._problem(
                _(
                    "{what}: the file makes it another person's private objective, "
                    "which you could not see or change afterwards"
                ).format(what=what)
            )
            return
        changes = {name: after[name] for name in differing}
        self.result.batch.changes.append(
            partial(self.store.update, record_type, existing.id, reason=self.reason, **changes)
        )
        updated = self.result.updated
        updated[record_type.TABLE] = updated.get(record_type.TABLE, 0) + 1

    def _references_resolve(self, record_type: type[Record], record: Record) -> bool:
        for name, target in REFERENCES.get(record_type, ()):
            value = getattr(record, name)
            if not value or value in self.file.ids.get(target.TABLE, ()):
                continue
            if self.store.find(target, value) is None:
                self._problem(
                    _(
                        "{record}: its {noun} {value} ({field}) is neither "
                        "in the file nor in the workspace"
                    ).format(record=label(record), noun=noun(target), value=value, field=name)
                )
                return False
        return True

    def _committed(self, record: Record) -> bool:
        if isinstance(record, Objective):
            return record.status == "committed"
        if isinstance(record, KeyResult):
            objective = self.store.find(Objective, record.objective_id)
            return objective is not None and objective.status == "committed"
        return False

    def _hidden_in_workspace(self, record: Record) -> bool:
        objective = self._objective_of(record, in_file=False)
        return objective is not None and not can_see(objective, self.store.user)

    def _find(self, record_type: type[Record], record_id: str | None, in_file: bool) -> Any:
        found = self.file.find(record_type, record_id) if in_file else None
        return found or self.store.find(record_type, record_id)

    def _objective_of(self, record: Record, *, in_file: bool) -> Objective | None:
        """The objective a record belongs to (its privacy is the record's), from the
        file first when `in_file`, else from the workspace."""
        if isinstance(record, Event):
            types = record_types()
            target = types.get(record.table)
            if target is None or target is Event:
                return None
            subject = self.store.find(target, record.record_id)
            return self._objective_of(subject, in_file=False) if subject is not None else None
        if isinstance(record, Objective):
            return record
        objective_id: str | None = None
        if isinstance(record, KeyResult | ObjectiveReview):
            objective_id = record.objective_id
        elif isinstance(record, UNDER_KR):
            kr = self._find(KeyResult, record.kr_id, in_file)
            objective_id = kr.objective_id if kr is not None else None
        if objective_id is None:
            return None
        found: Objective | None = self._find(Objective, objective_id, in_file)
        return found

    def _org(self) -> None:
        org = self.file.org
        if not org or org == self.store.meta.org:
            return
        empty = not any(self.store.all(t) for t in record_types().values() if t is not Event)
        if empty or self.update:
            self.result.batch.changes.append(partial(self.store.set_org, org))
        else:
            self.result.org_kept = self.store.meta.org


def _refuse(planned: JsonImport) -> None:
    from okr_tui.store import WorkspaceError

    problems = planned.problems
    if problems:
        more = len(problems) - 1
        tail = (
            ngettext(" (and {count} more problem)", " (and {count} more problems)", more).format(
                count=more
            )
            if more
            else ""
        )
        raise WorkspaceError(problems[0] + tail)


def import_json(
    store: WorkspaceStore,
    data: dict[str, Any],
    *,
    update: bool = False,
    reason: str = "",
    progress: Progress | None = None,
    refresh: bool = True,
) -> JsonImport:
    """Import `export_data`-shaped data; raises WorkspaceError (one line) and writes nothing
    when a record is refused."""
    records = read_records(data, progress)

    def plan() -> JsonImport:
        return _Planner(store, records, update=update, reason=reason).plan()

    return write_planned(store, plan, _refuse, refresh=refresh)
