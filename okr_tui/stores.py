"""Open the store for a location: the workspace file's store, or the PostgreSQL backend.

`okr_tui.location` names where a workspace is (a path or a URL) and knows no
store; this module is the one place that picks the backend for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from okr_tui.location import Location, PgUrl

if TYPE_CHECKING:
    # Types only: plain `okr` imports this module before its first frame, and the
    # store and pydantic behind it come after that frame (tests/test_startup_deferred.py).
    from collections.abc import Callable
    from datetime import datetime

    from okr_tui.workspace import WorkspaceStore


def location_exists(location: Location) -> bool:
    """Whether a workspace is already there (okr init and okr copy never overwrite one)."""
    if isinstance(location, PgUrl):
        from okr_tui.pg.store import database_holds_workspace

        return database_holds_workspace(location)
    return location.exists()


def open_location(
    location: Location,
    user: str,
    *,
    create: bool = False,
    org: str = "",
    clock: Callable[[], datetime] | None = None,
    lean: bool = False,
) -> WorkspaceStore:
    """Open the store for a location: the workspace file, or the PostgreSQL backend.

    `lean`: for a command that makes one small change, a large file's tables are read
    only as far as it needs (PostgreSQL reads what it is asked for anyway).
    """
    from okr_tui.models import utcnow

    if isinstance(location, PgUrl):
        from okr_tui.pg.store import PgStore

        return PgStore(location, user, create=create, org=org, clock=clock or utcnow)
    from okr_tui.store import Store

    return Store(location, user, create=create, org=org, clock=clock or utcnow, lean=lean)
