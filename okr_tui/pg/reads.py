"""The read side of a PostgreSQL workspace: records in memory, the event log as stored text.

The records are kept in memory, as the file keeps them (okr_tui.store_queries
reads them there): a screen never waits on the network, and a database out of
reach for a while leaves every screen readable. The event log (about half of a
large workspace) is append-only; it is kept as the bytes the database holds,
read at open and extended by sequence number, and a query scans those bytes
first (as the file's scan of its chunks does), validating only what may match.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, TypeVar

import orjson
from pydantic import ValidationError

from okr_tui.event_scan import EventQuery
from okr_tui.location import PgUrl
from okr_tui.models import Event, Record
from okr_tui.record_rules import RecordRules
from okr_tui.store_errors import WorkspaceError, describe_validation
from okr_tui.store_state import collector_paused

R = TypeVar("R", bound=Record)


class DatabaseReads(RecordRules):
    """Records from memory; the event log from its stored documents."""

    url: PgUrl
    _format_version: int
    _event_docs: list[bytes]
    """Every committed event's document as stored, in sequence order."""
    _event_seq: int
    """The sequence number of the last of them."""

    def _valid(self, record_type: type[Record], doc: Any) -> Record:
        try:
            return record_type.model_validate(doc)
        except ValidationError as exc:
            raise WorkspaceError(
                f"{self.url}: a record of {record_type.TABLE} does not read "
                f"({describe_validation(exc)}); nothing was changed"
            ) from None

    def _table(self, record_type: type[R]) -> dict[str, R]:
        if record_type.TABLE == Event.TABLE:
            return {e.id: e for e in self.events()}  # type: ignore[misc]
        return self._t.table(record_type.TABLE)  # type: ignore[return-value]

    def events(
        self,
        record_id: str | None = None,
        *,
        since: datetime | None = None,
        tables: Collection[str] | None = None,
        mentioning: Collection[str] | None = None,
    ) -> list[Event]:
        query = EventQuery(
            record_id,
            since,
            frozenset(tables) if tables is not None else None,
            frozenset(mentioning) if mentioning is not None else None,
        )
        with self._mutex:
            stored = self._event_docs  # only ever appended to: safe to scan without the mutex
            count = len(stored)
            pending = [op[2] for op in self._ops if op[0] == "put" and op[1] == Event.TABLE]
        found: list[Event] = []
        with collector_paused():
            for raw in stored[:count]:
                if not query.in_chunk(raw):
                    continue
                doc = orjson.loads(raw)
                if query.may_match(doc):
                    found.append(self._valid(Event, doc))  # type: ignore[arg-type]
        found += [self._valid(Event, doc) for doc in pending]  # type: ignore[misc]
        return [event for event in found if query.matches(event)]

    def export_data(self) -> dict[str, Any]:
        events = [event.to_doc() for event in self.events()]
        with self._mutex:
            out: dict[str, Any] = {
                "schema_version": self._format_version,
                "meta": self.meta.model_dump(mode="json"),
            }
            tables = {t: list(m.values()) for t, m in self._t.models.items()}
            for table in sorted({*tables, *([Event.TABLE] if events else [])}):
                if table == Event.TABLE:
                    out[table] = events
                elif tables[table]:
                    out[table] = [r.to_doc() for r in tables[table]]
            return out
