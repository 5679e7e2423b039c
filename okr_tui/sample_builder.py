"""Collects a sample's records as the store would write them, and writes the workspace.

Ids come from a generator seeded with the sample's name, and every record
gets the event the store would have recorded, so a sample reads like a
workspace that was used for real.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from okr_tui.json_import import import_json
from okr_tui.models import RECORD_TYPES, CheckIn, Event, KeyResult, Period, Record, period_for
from okr_tui.sample_calendar import moment
from okr_tui.storage import atomic_write_bytes
from okr_tui.store import Store

R = TypeVar("R", bound=Record)


def _event_order(record: Record) -> tuple[datetime, str]:
    """Events are written oldest first (ties by id), so a rebuilt file is the same byte for byte."""
    assert isinstance(record, Event), "only the events table is sorted"
    return (record.at, record.id)


class Builder:
    """Collects records as the store would write them, events included, with fixed ids."""

    def __init__(self, name: str, today: date) -> None:
        self.today = today
        self.rng = random.Random(f"okr-tui sample {name}")
        self.records: dict[str, dict[str, Record]] = {t.TABLE: {} for t in RECORD_TYPES}
        self.taken: set[str] = set()

    def new_id(self, prefix: str) -> str:
        while True:
            candidate = f"{prefix}-{self.rng.getrandbits(16):04x}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate

    def _event(
        self,
        action: str,
        record: Record,
        before: Record | None,
        at: datetime,
        who: str,
        reason: str = "",
    ) -> None:
        event = Event(
            id=self.new_id(Event.PREFIX),
            at=at,
            who=who,
            action=action,
            table=record.TABLE,
            record_id=record.id,
            before=before.to_doc() if before is not None else None,
            after=record.to_doc(),
            reason=reason,
        )
        self.records[Event.TABLE][event.id] = event

    def add(self, record: R, at: datetime, who: str, action: str = "create") -> R:
        if not record.id:
            record = record.model_copy(update={"id": self.new_id(record.PREFIX)})
        record = type(record).model_validate(record.to_doc())
        self.records[record.TABLE][record.id] = record
        if not isinstance(record, Period):
            self._event(action, record, None, at, who)
        return record

    def update(self, record: R, at: datetime, who: str, reason: str = "", **changes: Any) -> R:
        before = self.records[record.TABLE][record.id]
        after = type(record).model_validate({**before.to_doc(), **changes})
        self.records[record.TABLE][record.id] = after
        self._event("update", after, before, at, who, reason)
        return after

    def replace(self, record: R, **changes: Any) -> R:
        """Change a record as if it had been written so, with no event (a person's units)."""
        changed = record.model_copy(update=changes)
        self.records[record.TABLE][record.id] = changed
        return changed

    def period(self, label: str) -> Period:
        period = period_for(label)
        self.records[Period.TABLE][period.id] = period
        return period

    def checkin(
        self,
        kr: KeyResult,
        value: float,
        at: datetime,
        author: str,
        confidence: int | None = None,
        note: str = "",
    ) -> CheckIn:
        return self.add(
            CheckIn(
                kr_id=kr.id,
                value=value,
                confidence=confidence,
                note=note,
                author=author,
                at=at,
            ),
            at,
            author,
            action="checkin",
        )

    def export(self, org: str) -> dict[str, Any]:
        """The records in the store's export format, each table in the order written."""
        data: dict[str, Any] = {"meta": {"org": org}}
        for table, records in self.records.items():
            if records:
                ordered: list[Record] = list(records.values())
                if table == Event.TABLE:
                    ordered = sorted(ordered, key=_event_order)
                data[table] = [r.to_doc() for r in ordered]
        return data

    def write(self, path: Path, org: str) -> Path:
        """Write the workspace to `path` through the store, byte for byte the same each time."""
        stamp = moment(self.today, 8)
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder) / path.name
            store = Store(scratch, "", org=org, clock=lambda: stamp)
            import_json(store, self.export(org))
            store.close()
            payload = scratch.read_bytes()
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, payload)
        return path
