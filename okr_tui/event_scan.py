"""Reading the event log on disk: only the events a caller asks for, cut early on raw bytes.

A large workspace leaves its event log in the file; each query reads it a chunk
at a time and validates only documents that may match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import IO, Any

import orjson
from pydantic import ValidationError

from okr_tui.i18n import _
from okr_tui.models import Event
from okr_tui.store_errors import WorkspaceError, describe_validation
from okr_tui.store_state import collector_paused
from okr_tui.tablefile import Span, parse_span, read_span


@dataclass(frozen=True)
class EventQuery:
    """Which events a caller wants, with cheap first cuts on the stored bytes and documents."""

    record_id: str | None
    since: datetime | None
    tables: frozenset[str] | None
    mentioning: frozenset[str] | None

    @cached_property
    def _needles(self) -> tuple[bytes, ...]:
        return tuple(orjson.dumps(i) for i in self.mentioning or ())

    @cached_property
    def _record_needle(self) -> bytes:
        return orjson.dumps(self.record_id) if self.record_id is not None else b""

    @cached_property
    def _first_day(self) -> str:
        # Stored times are UTC ("...Z"): a day early on the date is a safe first cut.
        if self.since is None:
            return ""
        return (self.since.astimezone(UTC) - timedelta(days=1)).date().isoformat()

    def in_chunk(self, raw: bytes) -> bool:
        """False when no wanted event can be in these stored bytes: the ids it must
        mention, as JSON strings, are not there."""
        if self._record_needle not in raw:
            return False
        return self.mentioning is None or any(needle in raw for needle in self._needles)

    def may_match(self, doc: dict[str, Any]) -> bool:
        """The same test as `matches`, on a stored document, before it is validated."""
        if self.record_id is not None and doc.get("record_id") != self.record_id:
            return False
        if self.tables is not None and doc.get("table") not in self.tables:
            return False
        if self.since is not None and str(doc.get("at", ""))[:10] < self._first_day:
            return False
        return self._mentions(doc.get("record_id"), doc.get("before"), doc.get("after"))

    def matches(self, event: Event) -> bool:
        return (
            (self.record_id is None or event.record_id == self.record_id)
            and (self.tables is None or event.table in self.tables)
            and (self.since is None or event.at >= self.since)
            and self._mentions(event.record_id, event.before, event.after)
        )

    def _mentions(self, record_id: Any, before: Any, after: Any) -> bool:
        if self.mentioning is None or record_id in self.mentioning:
            return True
        return any(
            isinstance(value, str) and value in self.mentioning
            for snapshot in (before, after)
            if isinstance(snapshot, dict)
            for value in snapshot.values()
        )


def scan_events(
    handle: IO[bytes],
    chunks: list[Span],
    query: EventQuery,
    fail: Callable[[str], WorkspaceError],
) -> list[Event]:
    """The events `query` wants from these chunks of the event log, read through `handle`.

    Chunks that cannot hold one are skipped on their bytes, documents that cannot be
    one on their fields, before any is validated. `handle` is closed at the end.
    """
    found: list[Event] = []
    try:
        with collector_paused():
            for span in chunks:
                raw = read_span(handle, span)
                if not query.in_chunk(raw):
                    continue
                for doc in parse_span(raw).values():
                    if not query.may_match(doc):
                        continue
                    try:
                        event = Event.model_validate(doc)
                    except ValidationError as exc:
                        raise fail(
                            _("record {id} in {table} has a bad value ({problem})").format(
                                id=doc.get("id", "?"),
                                table="events",
                                problem=describe_validation(exc),
                            )
                        ) from None
                    if query.matches(event):
                        found.append(event)
    except (orjson.JSONDecodeError, OSError, AttributeError) as exc:
        raise fail(_("its event log cannot be read ({problem})").format(problem=exc)) from None
    finally:
        handle.close()
    return found
