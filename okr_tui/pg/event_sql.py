"""The first cut of an event query in SQL: what the indexes of the event log can answer.

`QueriedTables.events` asks the database for the events that may match and then
applies the whole query (okr_tui.event_scan.EventQuery) to what comes back.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from okr_tui.event_scan import EventQuery
from okr_tui.pg import schema


def event_condition(query: EventQuery) -> tuple[str, tuple[Any, ...]]:
    """An SQL condition that every event `query` wants meets (a first cut, through indexes)."""
    conditions: list[str] = ["true"]
    params: list[Any] = []
    if query.record_id is not None:
        conditions.append("doc->>'record_id' = %s")
        params.append(query.record_id)
    if query.tables is not None:
        conditions.append("doc->>'table' = any(%s)")
        params.append(sorted(query.tables))
    if query.since is not None:
        # Stored times are UTC ("...Z"): a day early on the date is a safe first cut.
        conditions.append("doc->>'at' >= %s")
        params.append((query.since.astimezone(UTC) - timedelta(days=1)).date().isoformat())
    if query.mentioning is not None and all(
        len(i) <= schema.MENTION_LENGTH for i in query.mentioning
    ):
        conditions.append(f"{schema.MENTIONS}(doc) && %s::text[]")
        params.append(sorted(query.mentioning))
    return " and ".join(conditions), tuple(params)
