"""Browser sessions of a served workspace, kept in the server's memory only.

Opening an invitation link starts a session: a random id in an HttpOnly
cookie. The server keeps the id's hash, the login and the hash of the token
the session came from; a session is good only while that login is still
invited with that token, so revoking (or re-inviting) a login ends its
sessions at their next request. A session unused for `IDLE_LIMIT` ends too (a
browser left signed in on a shared computer), and a restart forgets every
session: people open their link again. An app already open is not cut off by
the idle limit; it is the next page load that asks for the link.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from okr_tui.door.invites import Invite, InviteBook

SESSION_BYTES = 32
IDLE_LIMIT = 12 * 60 * 60.0
"""Seconds without a request after which a session ends (a working day and then some)."""


@dataclass(frozen=True, slots=True)
class Session:
    """One browser's way in: who it is and which invitation let it in."""

    key: str
    """The SHA-256 of the cookie's value: what the server keeps."""
    login: str
    token_hash: str


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class Sessions:
    """The sessions of one server, checked against the invitations on every use."""

    def __init__(
        self,
        book: InviteBook,
        *,
        idle_limit: float = IDLE_LIMIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.book = book
        self.idle_limit = idle_limit
        self.clock = clock
        self._sessions: dict[str, Session] = {}
        self._last_used: dict[str, float] = {}

    def start(self, invite: Invite) -> tuple[str, Session]:
        """A new session for `invite`: the id for the cookie, and the session."""
        session_id = secrets.token_urlsafe(SESSION_BYTES)
        session = Session(_key(session_id), invite.login, invite.token_hash)
        self._sessions[session.key] = session
        self._last_used[session.key] = self.clock()
        return session_id, session

    def valid(self, session: Session) -> bool:
        return self.book.holds(session.login, session.token_hash)

    def current(self, session_id: str | None) -> Session | None:
        """The session this cookie value opens, while its invitation stands; else None."""
        if not session_id:
            return None
        session = self._sessions.get(_key(session_id))
        if session is None:
            return None
        now = self.clock()
        if not self.valid(session) or now - self._last_used[session.key] > self.idle_limit:
            self._forget(session)
            return None
        self._last_used[session.key] = now
        return session

    def _forget(self, session: Session) -> None:
        del self._sessions[session.key]
        self._last_used.pop(session.key, None)

    def end(self, session: Session) -> None:
        """Sign a browser out: its cookie opens nothing from now on."""
        if session.key in self._sessions:
            self._forget(session)

    def ended(self) -> list[Session]:
        """Sessions whose invitation was revoked or replaced (and forget them)."""
        gone = [session for session in self._sessions.values() if not self.valid(session)]
        for session in gone:
            self._forget(session)
        return gone
