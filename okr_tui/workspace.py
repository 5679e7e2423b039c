"""What the app, its screens, the CLI and the services use of a workspace store.

`okr_tui.store.Store` (one workspace file shared by several processes) is the one
implementation today; code that only needs a store's behaviour can ask for a
`WorkspaceStore` instead, so another backend can stand in for the file.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from okr_tui.location import Location
from okr_tui.models import CheckIn, Event, KeyResult, Meta, Objective, Period, Person, Record, Unit

if TYPE_CHECKING:
    from okr_tui.batch import Batch

R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class WorkspaceChange:
    """What the app tells its screens when the workspace changed, here or elsewhere."""

    revision: int
    tables: frozenset[str] | None
    """The tables that changed; None when every table may have."""

    def touches(self, reads: frozenset[str] | None) -> bool:
        """Whether a view reading these tables (None: every table) must be read again."""
        return self.tables is None or reads is None or not self.tables.isdisjoint(reads)


@runtime_checkable
class WorkspaceStore(Protocol):
    """A workspace's records, with an event for every change, safe to share between sessions."""

    @property
    def path(self) -> Location:
        """Where the workspace lives (shown to people in messages: str() masks a password)."""

    @property
    def user(self) -> str:
        """The login every change made through this store is recorded under."""

    @property
    def clock(self) -> Callable[[], datetime]:
        """The time changes and check-ins are stamped with (UTC)."""

    @property
    def revision(self) -> int:
        """Grows whenever what this store holds changes (its own writes or another's)."""

    @property
    def meta(self) -> Meta:
        """The workspace's header: organisation, schema version, creation time."""

    # -- reading ---------------------------------------------------------------
    def find(self, record_type: type[R], record_id: str | None) -> R | None:
        """The record with this id, or None (also for an empty id)."""

    def get(self, record_type: type[R], record_id: str) -> R:
        """The record with this id; NotFound (a WorkspaceError) when there is none."""

    def all(self, record_type: type[R]) -> list[R]:
        """Every record of a type, in no promised order."""

    def by(self, record_type: type[R], field: str, value: Any) -> list[R]:
        """The records of a type whose `field` equals `value`."""

    def units(self, *, include_archived: bool = False) -> list[Unit]:
        """The organisation's units, archived ones only when asked for."""

    def people(self) -> list[Person]:
        """Everyone known to the workspace."""

    def person(self, login: str) -> Person | None:
        """The person with this login, or None."""

    def periods(self) -> list[Period]:
        """Every period, by start and then end."""

    def period_at(self, day: date, *, quarters_only: bool = True) -> Period | None:
        """The period holding `day` (a quarter unless told otherwise), or None."""

    def objectives(
        self,
        *,
        period_id: str | None = None,
        unit_id: str | None = None,
        include_dropped: bool = False,
    ) -> list[Objective]:
        """Objectives of a period and/or unit, by order then title; dropped/parked on request."""

    def objective_counts(self, period_id: str) -> dict[str, int]:
        """How many objectives each unit has in the period (as `objectives` counts them), by
        unit id; units with none are left out. One read, for a tree of every unit."""

    def key_results(self, objective_id: str, *, include_dropped: bool = False) -> list[KeyResult]:
        """An objective's key results by order; dropped ones on request."""

    def checkins(self, kr_id: str) -> list[CheckIn]:
        """A key result's check-ins, oldest first."""

    def latest_checkin(self, kr_id: str) -> CheckIn | None:
        """A key result's newest check-in, or None."""

    # -- set reads: one call for many ids (a round trip each on a database server) --
    def by_each(
        self, record_type: type[R], field: str, values: Iterable[Any]
    ) -> dict[Any, list[R]]:
        """`by` for every value: each value given maps to what `by` returns (empty when none)."""

    def key_results_of(
        self, objective_ids: Iterable[str], *, include_dropped: bool = False
    ) -> dict[str, list[KeyResult]]:
        """Each objective id to `key_results` of it (by order); unknown ids map to []."""

    def checkins_of(self, kr_ids: Iterable[str]) -> dict[str, list[CheckIn]]:
        """Each key result id to `checkins` of it (oldest first); unknown ids map to []."""

    def latest_checkins(self, kr_ids: Iterable[str]) -> dict[str, CheckIn | None]:
        """Each key result id to `latest_checkin` of it; unknown ids and none yet map to None."""

    def events(
        self,
        record_id: str | None = None,
        *,
        since: datetime | None = None,
        tables: Collection[str] | None = None,
        mentioning: Collection[str] | None = None,
    ) -> list[Event]:
        """Recorded changes, oldest first, narrowed by record, time, table or ids mentioned."""

    def export_data(self) -> dict[str, Any]:
        """Every table as plain JSON data, private records included (the lossless format)."""

    def backups(self) -> list[Path]:
        """The kept backups of this workspace, oldest first."""

    # -- writing -----------------------------------------------------------------
    def transaction(self) -> AbstractContextManager[Any]:
        """Group changes: all of them are saved at the end, or none when it raises."""

    def add(self, record: R, *, reason: str = "", action: str = "create") -> R:
        """Store a new record (given an id when it has none) and its event."""

    def update(
        self,
        record_type: type[R],
        record_id: str,
        *,
        reason: str = "",
        action: str = "update",
        **changes: Any,
    ) -> R:
        """Change fields of a record and record an event; a committed one needs a reason."""

    def remove(
        self, record_type: type[R], record_id: str, *, reason: str = "", action: str = "delete"
    ) -> None:
        """Delete a record and record an event; a committed one needs a reason."""

    def check_in(
        self,
        kr_id: str,
        value: float,
        *,
        confidence: int | None = None,
        note: str = "",
        at: datetime | None = None,
    ) -> CheckIn:
        """Record one reading of an existing key result by the current user."""

    def ensure_period(self, label: str) -> Period:
        """The period a label such as 2026-Q1 names, added if it is new."""

    def ensure_person(self, login: str, name: str = "") -> Person:
        """The person with this login, added if new (not written for who may only read)."""

    def set_org(self, org: str) -> None:
        """Rename the organisation."""

    def new_batch(self) -> Batch:
        """An empty batch of new records, numbered to follow the tables as they are now."""

    def write_batch(self, planned: Batch | Callable[[], Batch]) -> Batch | None:
        """Write a batch in one transaction; None when another session wrote since its planning."""

    # -- sharing -----------------------------------------------------------------
    def changed_on_disk(self) -> bool:
        """True when another session saved since this store last read."""

    def refresh(self) -> bool:
        """Take in another session's changes; True when there were any."""

    def changed_tables(self, since_revision: int) -> frozenset[str] | None:
        """The tables changed after that revision (here or taken in); None when it cannot tell."""

    def read_through_outages(self) -> None:
        """While the database is out of reach, answer a read never made before with nothing
        rather than an error (an open app, which says so once and reads again when it is
        back); a command keeps failing in one line. Nothing to do for a file."""

    def close(self) -> None:
        """Let go of what the store holds open."""
