"""CSV export and import: one row per key result, the way teams keep OKRs in spreadsheets.

The columns are a contract (see COLUMNS). Export respects privacy: private
objectives are left out, except the viewer's own when asked for. Import reads
files as spreadsheets save them (UTF-8 with or without a BOM, "," or ";" or
tab separators, quoted newlines, numbers like "70%" or "250,000"), checks
every row first, and then writes everything in one transaction, or nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import ValidationError

from okr_tui.models import (
    KeyResult,
    Objective,
    Period,
    Unit,
    period_for,
)
from okr_tui.numbers import NumberError, read_number
from okr_tui.privacy import can_see
from okr_tui.scoring import score_record, set_score
from okr_tui.store import Store, WorkspaceError

COLUMNS: tuple[str, ...] = (
    "period",
    "unit",
    "unit_kind",
    "parent_unit",
    "objective",
    "objective_kind",
    "track",
    "visibility",
    "owner",
    "key_result",
    "indicator",
    "baseline",
    "target",
    "current",
    "measure",
    "direction",
    "due",
    "weight",
    "score",
)
"""The CSV columns, in this order (a contract: add at the end, never rename)."""

CHOICES: dict[str, tuple[str, ...]] = {
    "unit_kind": ("company", "business", "support", "person"),
    "objective_kind": ("committed", "aspirational"),
    "track": ("business", "team-building"),
    "visibility": ("public", "private"),
    "indicator": ("result", "process"),
    "direction": ("up", "down"),
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
"""A text cell starting with one of these gets a "'" in front on export, so a
spreadsheet shows it as text instead of running it as a formula (a title like
"=HYPERLINK(...)"); import takes one leading "'" off again, as spreadsheets do."""
TEXT_COLUMNS = ("period", "unit", "parent_unit", "objective", "owner", "key_result", "measure")

MAX_PROBLEMS_SHOWN = 20
CHECKIN_NOTE = "imported from CSV"


# -- shared helpers -------------------------------------------------------------


def units_in_tree_order(units: Iterable[Unit]) -> list[tuple[Unit, int]]:
    """Units depth-first from the roots, siblings by name, with their depth."""
    units = list(units)
    ids = {u.id for u in units}
    children: dict[str | None, list[Unit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    ordered: list[tuple[Unit, int]] = []
    seen: set[str] = set()

    def visit(parent: str | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: (u.name.casefold(), u.id)):
            if unit.id in seen:
                continue
            seen.add(unit.id)
            ordered.append((unit, depth))
            visit(unit.id, depth + 1)

    visit(None, 0)
    # A parent cycle (never made by this app, but a file may hold one) still lists every unit.
    for unit in sorted(units, key=lambda u: (u.name.casefold(), u.id)):
        if unit.id not in seen:
            seen.add(unit.id)
            ordered.append((unit, 0))
            visit(unit.id, 1)
    return ordered


def exported_objectives(
    store: Store,
    unit_id: str,
    viewer: str,
    *,
    include_private: bool,
    period_id: str | None = None,
) -> tuple[list[Objective], int]:
    """A unit's objectives an export may show (by period, then order), and how many it hides.

    Private objectives are hidden from everyone in an export unless their owner
    asks for them with include_private: an exported file travels further than a screen.
    """
    periods = {p.id: p for p in store.periods()}
    shown: list[Objective] = []
    hidden = 0
    for objective in store.objectives(unit_id=unit_id, period_id=period_id):
        visible = objective.visibility == "public" or (
            include_private and can_see(objective, viewer)
        )
        if visible:
            shown.append(objective)
        else:
            hidden += 1

    def key(o: Objective) -> tuple[Any, ...]:
        period = periods.get(o.period_id)
        start = period.start if period else date.min
        end = period.end if period else date.min
        return (start, end, o.period_id, o.order, o.title)

    return sorted(shown, key=key), hidden


def agreed_score(store: Store, kr_id: str) -> float | None:
    """The agreed score of a KR, if the team set one."""
    record = score_record(store, kr_id)
    return record.agreed if record else None


def format_plain(value: float | None) -> str:
    """A number as a spreadsheet reads it back exactly: 70, 0.35, -2.5 (no grouping)."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text


# -- export ---------------------------------------------------------------------


def export_rows(
    store: Store,
    viewer: str,
    *,
    include_private: bool = False,
    period_id: str | None = None,
) -> list[dict[str, str]]:
    """The rows of a CSV export, as dicts keyed by COLUMNS."""
    units = store.units()
    names = {u.id: u.name for u in units}
    rows: list[dict[str, str]] = []
    for unit, _depth in units_in_tree_order(units):
        unit_cells = {
            "unit": unit.name,
            "unit_kind": unit.kind,
            "parent_unit": names.get(unit.parent_id or "", ""),
        }
        objectives, _hidden = exported_objectives(
            store, unit.id, viewer, include_private=include_private, period_id=period_id
        )
        for objective in objectives:
            objective_cells = {
                **unit_cells,
                "period": objective.period_id,
                "objective": objective.title,
                "objective_kind": objective.kind,
                "track": objective.track,
                "visibility": objective.visibility,
                "owner": objective.owner,
            }
            krs = store.key_results(objective.id)
            if not krs:
                # An objective still being written has no KR yet: keep it in the file.
                rows.append(_row(objective_cells))
                continue
            for kr in krs:
                latest = store.latest_checkin(kr.id)
                rows.append(
                    _row(
                        {
                            **objective_cells,
                            "key_result": kr.title,
                            "indicator": kr.indicator,
                            "baseline": format_plain(kr.baseline),
                            "target": format_plain(kr.target),
                            "current": format_plain(latest.value if latest else None),
                            "measure": kr.measure,
                            "direction": kr.direction,
                            "due": kr.due.isoformat() if kr.due else "",
                            "weight": format_plain(kr.weight),
                            "score": format_plain(agreed_score(store, kr.id)),
                        }
                    )
                )
    return rows


def _row(cells: dict[str, str]) -> dict[str, str]:
    row = {column: cells.get(column, "") for column in COLUMNS}
    for column in TEXT_COLUMNS:
        if row[column].startswith(FORMULA_STARTS):
            row[column] = "'" + row[column]
    return row


def export_csv(
    store: Store,
    viewer: str,
    *,
    include_private: bool = False,
    period_id: str | None = None,
    bom: bool = False,
) -> str:
    """The workspace's OKRs as CSV text (header and one row per key result).

    `bom` puts a UTF-8 byte order mark first, which Excel needs to read
    non-ASCII text (Chinese titles) correctly when it opens the file.
    """
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        export_rows(store, viewer, include_private=include_private, period_id=period_id)
    )
    return buffer.getvalue()


# -- import: reading ------------------------------------------------------------


class CsvImportError(WorkspaceError):
    """The file cannot be imported; `problems` lists every bad row as 'line N: reason'."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        rows = "1 problem" if count == 1 else f"{count} problems"
        shown = "; ".join(self.problems[:3]) + ("; ..." if count > 3 else "")
        super().__init__(f"{rows}, nothing was imported: {shown}")


@dataclass
class Row:
    """One checked CSV row: text cleaned, numbers read, choices lowered."""

    line: int
    period: str = ""
    unit: str = ""
    unit_kind: str = ""
    parent_unit: str = ""
    objective: str = ""
    objective_kind: str = ""
    track: str = ""
    visibility: str = ""
    owner: str = ""
    key_result: str = ""
    indicator: str = ""
    baseline: float | None = None
    target: float | None = None
    current: float | None = None
    measure: str = ""
    direction: str = ""
    due: date | None = None
    weight: float | None = None
    score: float | None = None


def decode(raw: bytes) -> str:
    """The file's text: UTF-8, with or without the BOM Excel writes."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CsvImportError(
            [f"line {line}: the file is not UTF-8 text (in Excel, save as 'CSV UTF-8')"]
        ) from None


def _header_cells(text: str, delimiter: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    return [cell.strip().lstrip("\ufeff").casefold() for cell in first]


def sniff_delimiter(text: str) -> str:
    """The separator that splits the header into the most known column names."""
    best, best_hits = ",", -1
    for candidate in (",", ";", "\t"):
        hits = sum(1 for cell in _header_cells(text, candidate) if cell in COLUMNS)
        if hits > best_hits:
            best, best_hits = candidate, hits
    return best


def _read_choice(column: str, cell: str) -> str:
    value = cell.strip().casefold().replace(" ", "-").replace("_", "-")
    if not value:
        return ""
    if value not in CHOICES[column]:
        allowed = ", ".join(CHOICES[column][:-1]) + f" or {CHOICES[column][-1]}"
        raise ValueError(f"{column} is {allowed}, not {cell.strip()!r}")
    return value


def _read_number(column: str, cell: str) -> tuple[float | None, str]:
    if not cell.strip():
        return None, ""
    try:
        number = read_number(cell)
    except NumberError as exc:
        raise ValueError(f"{column}: {exc}") from None
    return number.value, number.measure


def _read_date(cell: str) -> date | None:
    text = cell.strip()
    if not text:
        return None
    # Spreadsheets sometimes turn a date into a date-time at midnight.
    if len(text) > 10 and text[10] in " T" and text[11:].strip("0: ") == "":
        text = text[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"due: {text!r} is not a date like 2026-09-30") from None


def read_rows(text: str) -> list[Row]:
    """Parse and check every row; raise CsvImportError listing all problems."""
    rows, problems = parse_rows(text)
    if problems:
        raise CsvImportError(problems)
    return rows


def parse_rows(text: str) -> tuple[list[Row], list[str]]:
    """The good rows and a problem per bad row; a bad header raises CsvImportError."""
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[str] = []
    try:
        header_row = next(reader)
    except StopIteration:
        raise CsvImportError(["line 1: the file is empty (expected a header row)"]) from None
    except csv.Error as exc:
        raise CsvImportError([f"line 1: {exc}"]) from None
    header = [cell.strip().lstrip("\ufeff").casefold() for cell in header_row]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        problems.append(
            f"line 1: unknown column {unknown[0]!r} (the columns are: {', '.join(COLUMNS)})"
        )
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        problems.append(f"line 1: column {duplicates[0]!r} appears twice")
    if "unit" not in header:
        problems.append(f"line 1: no 'unit' column (the columns are: {', '.join(COLUMNS)})")
    if problems:
        raise CsvImportError(problems)

    rows: list[Row] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"line {line}: {exc}")
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # Spreadsheets leave blank rows (";;;;") at the end.
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                f"line {start}: {len(cells)} cells but the header has {len(header)} columns"
            )
            continue
        values = dict(zip(header, cells, strict=False))
        try:
            rows.append(_read_row(start, values))
        except ValueError as exc:
            problems.append(f"line {start}: {exc}")
    return rows, problems


def _read_row(line: int, values: dict[str, str]) -> Row:
    def text(column: str) -> str:
        # Keep quoted newlines: the text comes back exactly as it was exported.
        # Windows spreadsheets save a line break in a cell as CRLF: store it as one newline.
        cell = values.get(column, "").replace("\r\n", "\n").replace("\r", "\n").strip()
        return cell[1:].strip() if cell.startswith("'") else cell

    row = Row(line=line)
    for column in TEXT_COLUMNS:
        setattr(row, column, text(column))
    for column in CHOICES:
        setattr(row, column, _read_choice(column, values.get(column, "")))
    measures: list[str] = []
    for column in ("baseline", "target", "current", "weight", "score"):
        value, measure = _read_number(column, values.get(column, ""))
        setattr(row, column, value)
        if measure and column in ("baseline", "target", "current"):
            measures.append(measure)
        if measure == "%" and column == "score" and value is not None:
            row.score = value / 100
    row.due = _read_date(values.get("due", ""))

    if not row.unit:
        raise ValueError("unit is empty (every row names its unit)")
    if row.objective and not row.period:
        raise ValueError("period is empty (say which quarter or year, like 2026-Q3)")
    if row.period:
        try:
            row.period = period_for(row.period).id
        except ValueError as exc:
            raise ValueError(f"period: {exc}") from None
    if row.key_result and not row.objective:
        raise ValueError("key_result without an objective")
    kr_cells = ("indicator", "baseline", "target", "current", "measure", "due", "weight", "score")
    if not row.key_result and any(getattr(row, c) not in ("", None) for c in kr_cells):
        raise ValueError("key result values but no key_result title")
    if not row.measure and measures:
        row.measure = measures[0]  # "70%" in target says the measure is %.
    if row.weight is not None and not 0 < row.weight <= 100:
        raise ValueError(f"weight is more than 0 and at most 100, not {format_plain(row.weight)}")
    if row.score is not None:
        if not 0 <= row.score <= 1:
            raise ValueError(f"score is 0.0 to 1.0, not {format_plain(row.score)}")
        if abs(round(row.score, 1) - row.score) > 1e-6:
            raise ValueError(
                f"score goes in steps of 0.1 (0.0, 0.1 ... 1.0), not {format_plain(row.score)}"
            )
        row.score = round(row.score, 1)
    for column in ("unit", "parent_unit"):
        if len(getattr(row, column)) > 120:
            raise ValueError(f"{column} is longer than 120 characters")
    for column in ("objective", "key_result"):
        if len(getattr(row, column)) > 300:
            raise ValueError(f"{column} is longer than 300 characters")
    if len(row.measure) > 40:
        raise ValueError("measure is longer than 40 characters")
    return row


# -- import: planning and writing ------------------------------------------------


@dataclass
class ImportReport:
    """What an import created, as lines a person can read."""

    created: list[str] = field(default_factory=list)
    rows: int = 0

    def summary(self) -> str:
        if not self.created:
            return f"{self.rows} rows read; everything was already in the workspace."
        return f"{self.rows} rows read; created:\n" + "\n".join(f"  {c}" for c in self.created)


def _flat(text: str) -> str:
    """Text on one line, for the list of what an import created."""
    return " ".join(text.split())


def _key(name: str) -> str:
    return name.casefold()


def import_csv(store: Store, raw: bytes | str) -> ImportReport:
    """Import CSV text or bytes into the store: all rows, or nothing.

    Raises CsvImportError (a WorkspaceError) naming every bad line.
    """
    text = decode(raw) if isinstance(raw, bytes) else raw.lstrip("\ufeff")
    rows, problems = parse_rows(text)
    report = ImportReport(rows=len(rows) + len(problems))
    with store.transaction():
        # Plan inside the lock so the names we match are the names on disk.
        plan = _Plan(store, rows)
        problems += plan.problems
        if problems:
            problems.sort(key=_line_number)
            raise CsvImportError(problems)
        plan.apply(report)
    return report


def _line_number(problem: str) -> int:
    head = problem.split(":", 1)[0].removeprefix("line ")
    return int(head) if head.isdigit() else 0


class _Plan:
    """Matches rows to what the workspace holds and finds every problem before a write."""

    def __init__(self, store: Store, rows: list[Row]) -> None:
        self.store = store
        self.rows = rows
        self.problems: list[str] = []
        self.existing_units: dict[str, list[Unit]] = {}
        for unit in store.units(include_archived=True):
            self.existing_units.setdefault(_key(unit.name), []).append(unit)
        self.new_units: dict[str, Row] = {}
        self.new_objectives: dict[tuple[str, str, str], Row] = {}
        self.kr_lines: dict[tuple[str, str, str, str], int] = {}
        for row in rows:
            self._check(row)
        self._check_parents()

    def problem(self, row: Row, text: str) -> None:
        self.problems.append(f"line {row.line}: {text}")

    def unit_known(self, name: str) -> bool:
        return _key(name) in self.existing_units or _key(name) in self.new_units

    def _check(self, row: Row) -> None:
        key = _key(row.unit)
        existing = self.existing_units.get(key, [])
        if len(existing) > 1:
            self.problem(row, f"{len(existing)} units are named {row.unit!r}; rename one first")
            return
        if not existing:
            first = self.new_units.get(key)
            if first is None:
                if not row.unit_kind:
                    self.problem(
                        row,
                        f"unit {row.unit!r} is new: say its unit_kind "
                        "(company, business, support or person)",
                    )
                    return
                self.new_units[key] = row
            else:
                for column in ("unit_kind", "parent_unit"):
                    mine, theirs = getattr(row, column), getattr(first, column)
                    if mine and theirs and _key(mine) != _key(theirs):
                        self.problem(
                            row,
                            f"{column} of unit {row.unit!r} is {theirs!r} on line "
                            f"{first.line}, not {mine!r}",
                        )
                        return
                if not first.parent_unit and row.parent_unit:
                    first.parent_unit = row.parent_unit
        if row.objective:
            self._check_objective(row)

    def _check_objective(self, row: Row) -> None:
        objective_key = (_key(row.unit), row.period, _key(row.objective))
        if self._existing_objective(row) is None:
            first = self.new_objectives.setdefault(objective_key, row)
            if first is not row:
                for column in ("objective_kind", "track", "visibility", "owner"):
                    mine, theirs = getattr(row, column), getattr(first, column)
                    if mine and theirs and mine != theirs:
                        self.problem(
                            row,
                            f"{column} of objective {row.objective!r} is {theirs!r} on line "
                            f"{first.line}, not {mine!r}",
                        )
                        return
                    if mine and not theirs:
                        setattr(first, column, mine)
        if row.key_result:
            kr_key = (*objective_key, _key(row.key_result))
            if kr_key in self.kr_lines:
                self.problem(
                    row,
                    f"key result {row.key_result!r} is already on line {self.kr_lines[kr_key]}",
                )
            else:
                self.kr_lines[kr_key] = row.line

    def _existing_objective(self, row: Row) -> Objective | None:
        units = self.existing_units.get(_key(row.unit), [])
        if len(units) != 1:
            return None
        for objective in self.store.objectives(unit_id=units[0].id, period_id=row.period):
            if _key(objective.title) == _key(row.objective) and can_see(objective, self.store.user):
                return objective
        return None

    def _check_parents(self) -> None:
        for row in self.new_units.values():
            if row.parent_unit and not self.unit_known(row.parent_unit):
                self.problem(
                    row,
                    f"parent_unit {row.parent_unit!r} is not a unit in the workspace "
                    "or in this file",
                )
            elif row.parent_unit and _key(row.parent_unit) == _key(row.unit):
                self.problem(row, f"unit {row.unit!r} cannot be its own parent_unit")
        # New units may only hang under each other in a tree, never in a loop.
        for key, row in self.new_units.items():
            seen = {key}
            parent = _key(row.parent_unit) if row.parent_unit else ""
            while parent in self.new_units:
                if parent in seen:
                    self.problem(row, f"unit {row.unit!r} is in a loop of parent units")
                    break
                seen.add(parent)
                parent = _key(self.new_units[parent].parent_unit)

    def apply(self, report: ImportReport) -> None:
        store = self.store
        units: dict[str, Unit] = {k: v[0] for k, v in self.existing_units.items()}

        def create_unit(key: str) -> Unit:
            if key in units:
                return units[key]
            row = self.new_units[key]
            parent = create_unit(_key(row.parent_unit)) if row.parent_unit else None
            unit = store.add(
                Unit(
                    name=row.unit,
                    kind=row.unit_kind,  # type: ignore[arg-type]
                    parent_id=parent.id if parent else None,
                )
            )
            units[key] = unit
            where = f", under {_flat(parent.name)}" if parent else ""
            report.created.append(f"unit {_flat(unit.name)} ({unit.kind}{where})")
            return unit

        for key in self.new_units:
            create_unit(key)

        objectives: dict[tuple[str, str, str], Objective] = {}
        kr_counts: dict[str, int] = {}
        for row in self.rows:
            if not row.objective:
                continue
            try:
                objective = self._objective_for(row, units, objectives, report)
                if row.key_result:
                    self._key_result_for(row, objective, kr_counts, report)
            except (ValidationError, WorkspaceError) as exc:
                raise CsvImportError([f"line {row.line}: {_reason(exc)}"]) from None

    def _objective_for(
        self,
        row: Row,
        units: dict[str, Unit],
        objectives: dict[tuple[str, str, str], Objective],
        report: ImportReport,
    ) -> Objective:
        store = self.store
        key = (_key(row.unit), row.period, _key(row.objective))
        if key in objectives:
            return objectives[key]
        unit = units[_key(row.unit)]
        found = self._existing_objective(row)
        if found is None:
            if store.find(Period, row.period) is None:
                store.ensure_period(row.period)
                report.created.append(f"period {row.period}")
            first = self.new_objectives[key]
            owner = first.owner or (store.user if first.visibility == "private" else "")
            siblings = store.objectives(unit_id=unit.id, period_id=row.period, include_dropped=True)
            found = store.add(
                Objective(
                    unit_id=unit.id,
                    period_id=row.period,
                    title=row.objective,
                    owner=owner,
                    kind=first.objective_kind or "aspirational",  # type: ignore[arg-type]
                    track=first.track or "business",  # type: ignore[arg-type]
                    visibility=first.visibility or "public",  # type: ignore[arg-type]
                    order=max((o.order + 1 for o in siblings), default=0),
                )
            )
            report.created.append(
                f"objective {_flat(found.title)} ({_flat(unit.name)}, {row.period})"
            )
        objectives[key] = found
        return found

    def _key_result_for(
        self,
        row: Row,
        objective: Objective,
        kr_counts: dict[str, int],
        report: ImportReport,
    ) -> None:
        store = self.store
        existing = store.key_results(objective.id, include_dropped=True)
        kr = next((k for k in existing if _key(k.title) == _key(row.key_result)), None)
        if kr is None:
            order = kr_counts.get(objective.id, max((k.order + 1 for k in existing), default=0))
            kr_counts[objective.id] = order + 1
            values: dict[str, Any] = {
                "objective_id": objective.id,
                "title": row.key_result,
                "measure": row.measure,
                "due": row.due,
                "order": order,
            }
            for column in ("indicator", "direction"):
                if getattr(row, column):
                    values[column] = getattr(row, column)
            for column in ("baseline", "target", "weight"):
                if getattr(row, column) is not None:
                    values[column] = getattr(row, column)
            kr = store.add(KeyResult.model_validate(values))
            report.created.append(f"key result {_flat(kr.title)} (under {_flat(objective.title)})")
        if row.current is not None:
            latest = store.latest_checkin(kr.id)
            if latest is None or latest.value != row.current:
                store.check_in(kr.id, row.current, note=CHECKIN_NOTE, at=self._reading_time(row))
                report.created.append(
                    f"check-in {format_plain(row.current)} on {_flat(kr.title)} (by {store.user})"
                )
        if row.score is not None and agreed_score(store, kr.id) != row.score:
            set_score(store, kr.id, agreed=row.score)
            report.created.append(f"score {format_plain(row.score)} for {_flat(kr.title)}")

    def _reading_time(self, row: Row) -> datetime:
        """Now, or the last day of a period already over: the value is that period's final one."""
        now = self.store.clock()
        period = self.store.find(Period, row.period)
        if period is None or now.date() <= period.end:
            return now
        return datetime.combine(period.end, time(12, 0), tzinfo=UTC)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "row"
        return f"{where}: {first['msg']}"
    return str(exc)
