"""Connecting to PostgreSQL, and its failures as one line a person can act on.

psycopg is an optional extra: it is imported here, on first use, so a file-only
install never needs it. No message ever holds the URL's password.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any

from okr_tui.i18n import N_, _
from okr_tui.location import PgUrl
from okr_tui.store_errors import WorkspaceError

if TYPE_CHECKING:
    import psycopg

    Connection = psycopg.Connection[tuple[Any, ...]]

MISSING = N_("PostgreSQL needs pip install 'okr-tui[postgres]'")
CONNECT_TIMEOUT = 10
"""Seconds to wait for a server that does not answer (a URL's connect_timeout wins)."""


class DatabaseUnreachable(WorkspaceError):
    """The server is down, refused us, or the connection broke."""


def psycopg_module() -> ModuleType:
    try:
        import psycopg
    except ImportError:
        raise WorkspaceError(_(MISSING)) from None
    return psycopg


def reason(exc: BaseException, url: PgUrl) -> str:
    """The first line of a driver error, with the password blotted out should it appear."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    text = text.removeprefix("connection failed: ")
    password = url.password
    if password:
        text = text.replace(password, "***")
    return text


def connect(url: PgUrl, *, autocommit: bool = False) -> psycopg.Connection[tuple[object, ...]]:
    """A new connection; DatabaseUnreachable (one line) when there is none to be had."""
    driver = psycopg_module()
    options = {} if "connect_timeout" in url.url else {"connect_timeout": CONNECT_TIMEOUT}
    try:
        conn: psycopg.Connection[tuple[object, ...]] = driver.connect(
            url.url, autocommit=autocommit, **options
        )
    except driver.Error as exc:
        raise DatabaseUnreachable(
            _("{url}: cannot connect ({problem})").format(url=url, problem=reason(exc, url))
        ) from None
    return conn


@contextlib.contextmanager
def calm(url: PgUrl, doing: str, after: str = "") -> Iterator[None]:
    """Turn a driver error raised inside into one WorkspaceError line.

    `doing` says what failed ("save", "read", marked with N_: translated here); `after` is
    added to the message (for a write: that nothing was saved).
    """
    psycopg = psycopg_module()
    try:
        yield
    except psycopg.Error as exc:
        kind = DatabaseUnreachable if isinstance(exc, psycopg.OperationalError) else WorkspaceError
        raise kind(
            _("{url}: could not {doing} ({problem}){after}").format(
                url=url, doing=_(doing), problem=reason(exc, url), after=_(after) if after else ""
            )
        ) from None


def take_notices(conn: Connection, take: Callable[[str], None]) -> bool:
    """Read what the server sent without waiting; False when the connection is lost."""
    from psycopg import pq

    pgconn = conn.pgconn
    try:
        # Twice: a server that ends a session sends its reason, then closes; the first
        # read may take the reason only, the second then finds the end.
        pgconn.consume_input()
        pgconn.consume_input()
    except psycopg_module().OperationalError:
        return False
    while (notice := pgconn.notifies()) is not None:
        take(notice.extra.decode("utf-8", "replace"))
    return pgconn.status == pq.ConnStatus.OK


def connection_ok() -> Any:
    from psycopg import pq

    return pq.ConnStatus.OK


def alive(conn: Connection) -> bool:
    """Whether an idle connection still stands (a lost one has said so on its socket)."""
    if conn.closed or conn.broken:
        return False
    return take_notices(conn, lambda _: None)


def fast_json(conn: Connection) -> None:
    """orjson for the documents: several times faster than json at open and on save."""
    import orjson
    from psycopg.types.json import set_json_dumps, set_json_loads

    set_json_loads(orjson.loads, conn)
    set_json_dumps(orjson.dumps, conn)
