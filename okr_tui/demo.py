"""Demo copies of the sample workspaces, with their dates moved to today.

`make_demo` copies a bundled sample and shifts it so that its current quarter
becomes today's quarter:

- periods move by whole quarters (ids and dates), yearly periods by years,
  and every reference to a period (an objective's period_id, ...) with them;
- due dates move with their objective's period (by quarters or years);
- check-in, event, score and task times move by whole weeks, as far as they
  can while staying in the past, so they keep their weekday and the latest
  check-ins are from the last few days.
"""

from __future__ import annotations

import calendar
import shutil
import tempfile
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from okr_tui.json_import import import_json
from okr_tui.models import (
    PERIOD_RE,
    KeyResult,
    Objective,
    Period,
    Record,
    Task,
    period_for,
    quarter_of,
    record_types,
)
from okr_tui.samples import bundled_path
from okr_tui.storage import atomic_write_bytes
from okr_tui.store import Store


@dataclass(frozen=True)
class Shift:
    """How far a workspace moves: quarters for quarter periods, years, and weeks for times."""

    quarters: int
    years: int
    weeks: int

    def label(self, label: str) -> str:
        match = PERIOD_RE.match(label)
        if match is None:
            return label
        year = int(match["year"])
        if match["quarter"] is None:
            return str(year + self.years)
        index = year * 4 + int(match["quarter"]) - 1 + self.quarters
        return f"{index // 4}-Q{index % 4 + 1}"

    def moment(self, value: datetime) -> datetime:
        return value + timedelta(weeks=self.weeks)

    def day(self, value: date, *, yearly: bool) -> date:
        return add_months(value, 12 * self.years if yearly else 3 * self.quarters)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a month's last day stays a month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    is_last = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month, last if is_last else min(day.day, last))


def _quarter_index(label: str) -> int:
    return int(label[:4]) * 4 + int(label[-1]) - 1


def _kinds(annotation: Any) -> set[type]:
    """The plain types a field annotation allows (date | None -> {date, NoneType})."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return {a for a in typing.get_args(annotation) if isinstance(a, type)}
    return {annotation} if isinstance(annotation, type) else set()


def _fields(record_type: type[Record]) -> tuple[list[str], list[str]]:
    """(datetime fields, date fields) of a record type, read from the model."""
    moments: list[str] = []
    days: list[str] = []
    for name, info in record_type.model_fields.items():
        kinds = _kinds(info.annotation)
        if datetime in kinds:
            moments.append(name)
        elif date in kinds:
            days.append(name)
    return moments, days


def plan_shift(data: dict[str, Any], today: date) -> Shift:
    """The shift that makes the workspace's latest quarter today's quarter."""
    labels = [doc["id"] for doc in data.get(Period.TABLE, [])]
    quarters = [label for label in labels if "-Q" in label]
    years = [int(label) for label in labels if "-Q" not in label]
    if quarters:
        anchor = max(quarters, key=_quarter_index)
        shift_quarters = _quarter_index(quarter_of(today)) - _quarter_index(anchor)
        shift_years = today.year - int(anchor[:4])
    elif years:
        shift_years = today.year - max(years)
        shift_quarters = 4 * shift_years
    else:
        shift_quarters = shift_years = 0
    latest: datetime | None = None
    types_by_table = record_types()
    for table, docs in data.items():
        record_type = types_by_table.get(table)
        if record_type is None or not isinstance(docs, list):
            continue
        moments, _days = _fields(record_type)
        for doc in docs:
            for name in moments:
                if doc.get(name):
                    value = datetime.fromisoformat(doc[name])
                    latest = value if latest is None or value > latest else latest
    weeks = 0
    if latest is not None:
        # As many whole weeks as keep the latest moment before today.
        weeks = ((today - timedelta(days=1)) - latest.date()).days // 7
    return Shift(quarters=shift_quarters, years=shift_years, weeks=weeks)


def shift_data(data: dict[str, Any], today: date) -> dict[str, Any]:
    """A copy of export data with every date moved (see the module's docstring)."""
    shift = plan_shift(data, today)
    yearly_periods = {d["id"] for d in data.get(Period.TABLE, []) if "-Q" not in d["id"]}
    objective_period = {d["id"]: d["period_id"] for d in data.get(Objective.TABLE, [])}
    kr_objective = {d["id"]: d["objective_id"] for d in data.get(KeyResult.TABLE, [])}

    def yearly(table: str, doc: dict[str, Any]) -> bool:
        """Whether a record's dates belong to a yearly period (else to a quarter)."""
        if table == Task.TABLE:
            doc = {"objective_id": kr_objective.get(doc.get("kr_id", ""), "")}
            table = KeyResult.TABLE
        if table == KeyResult.TABLE:
            return objective_period.get(doc.get("objective_id", "")) in yearly_periods
        return doc.get("period_id") in yearly_periods

    types_by_table = record_types()
    fields = {table: _fields(t) for table, t in types_by_table.items()}

    def move(table: str, doc: dict[str, Any]) -> dict[str, Any]:
        doc = dict(doc)
        if table == Period.TABLE:
            period = period_for(shift.label(doc["id"]))
            return {**doc, **period.to_doc()}
        moments, days = fields.get(table, ([], []))
        for name in moments:
            if doc.get(name):
                doc[name] = _iso(shift.moment(datetime.fromisoformat(doc[name])))
        is_yearly = yearly(table, doc)
        for name in days:
            if doc.get(name):
                doc[name] = shift.day(date.fromisoformat(doc[name]), yearly=is_yearly).isoformat()
        if doc.get("period_id"):
            doc["period_id"] = shift.label(doc["period_id"])
        if table == "events":
            for side in ("before", "after"):
                if isinstance(doc.get(side), dict):
                    doc[side] = move(doc["table"], doc[side])
        return doc

    out: dict[str, Any] = {}
    for table, docs in data.items():
        if table in types_by_table and isinstance(docs, list):
            out[table] = [move(table, doc) for doc in docs]
        else:
            out[table] = docs
    return out


def _iso(moment: datetime) -> str:
    """As pydantic writes it (UTC as Z), so an event's copies match the records."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _normalise(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def make_demo(
    name: str,
    dest: Path,
    today: date,
    *,
    clock: Callable[[], datetime] | None = None,
) -> Path:
    """Copy the bundled sample `name` to `dest`, shifted so its current quarter is today's.

    `dest` is replaced if it exists (a demo is a fresh copy each time).
    """
    source = bundled_path(name)
    stamp = _normalise(datetime.combine(today, time(8)))
    clock = clock or (lambda: stamp)
    with tempfile.TemporaryDirectory() as folder:
        original = Path(folder) / "original.json"
        shutil.copyfile(source, original)
        reader = Store(original, "", create=False)
        data = reader.export_data()
        reader.close()
        scratch = Path(folder) / "demo.json"
        writer = Store(scratch, "", org=str(data.get("meta", {}).get("org", "")), clock=clock)
        import_json(writer, shift_data(data, today))
        writer.close()
        payload = scratch.read_bytes()
    dest = Path(dest).expanduser()
    dest.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(dest, payload)
    return dest
