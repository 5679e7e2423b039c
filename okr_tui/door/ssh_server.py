"""`okr ssh`'s server: asyncssh in front of the workspace, each key a person.

A connection logs in with a key from keys.json (the login the client names does
not matter), and its one session runs the app as that key's person. Nothing
else is offered: no passwords, no shell or commands, no SFTP, no forwarding of
ports, agents or X11. Failed logins are slowed down per address; every login,
refusal and disconnect is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from okr_tui.door.ssh_host_key import load_host_key
from okr_tui.door.ssh_keys import KeyFileError, KeyRing
from okr_tui.door.ssh_limits import (
    DEFAULT_HOST,
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_SESSIONS,
    DEFAULT_PORT,
    KEEPALIVE_INTERVAL,
    KEY_CHECK,
    LOGIN_TIMEOUT,
    MAX_NOT_LOGGED_IN,
    MAX_NOT_LOGGED_IN_PER_ADDRESS,
)
from okr_tui.door.ssh_log import DoorLog, client_name, peer_text
from okr_tui.door.ssh_session import AppSession, SessionPlan
from okr_tui.i18n import ngettext
from okr_tui.location import Location


@dataclass(frozen=True, slots=True)
class DoorSettings:
    workspace: Location
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    max_sessions: int = DEFAULT_MAX_SESSIONS
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    """Seconds without a key press before a session is closed; 0: never."""
    max_not_logged_in: int = MAX_NOT_LOGGED_IN
    max_not_logged_in_per_address: int = MAX_NOT_LOGGED_IN_PER_ADDRESS


@dataclass
class FailedLogins:
    """Refused keys per address: the first few are free, then each waits longer.

    Honest clients offer a few keys before the right one; a guesser from one
    address soon waits the longest delay for every try.
    """

    free: int = 3
    longest: float = 10.0
    forget_after: float = 600.0
    clock: Callable[[], float] = time.monotonic
    _seen: dict[str, tuple[int, float]] = field(default_factory=dict)

    def delay(self, address: str) -> float:
        """Count one more refusal from `address`; how long it should wait for its answer."""
        now = self.clock()
        count, last = self._seen.get(address, (0, now))
        if now - last > self.forget_after:
            count = 0
        count += 1
        self._seen[address] = (count, now)
        if count <= self.free:
            return 0.0
        return float(min(2.0 ** (count - self.free - 1), self.longest))


class SshDoor:
    """The running server: its settings, keys, sessions and log."""

    def __init__(self, settings: DoorSettings, log: DoorLog | None = None) -> None:
        self.settings = settings
        where = settings.workspace
        self.workspace = where.resolve() if isinstance(where, Path) else where
        self.log = log or DoorLog(self.workspace)
        self.keys = KeyRing(self.workspace)
        self.failures = FailedLogins()
        self.sessions: set[AppSession] = set()
        self.connections: set[DoorConnection] = set()
        self.host_key, self.host_key_path = load_host_key(self.workspace)
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._key_watch: asyncio.Task[None] | None = None

    @property
    def fingerprint(self) -> str:
        return self.host_key.get_fingerprint()

    async def start(self) -> None:
        # asyncssh logs its own view of every connection; the door's log says what matters.
        logging.getLogger("asyncssh").setLevel(logging.CRITICAL)
        self._acceptor = await asyncssh.create_server(
            lambda: DoorConnection(self),
            self.settings.host,
            self.settings.port,
            server_host_keys=[self.host_key],
            encoding=None,
            line_editor=False,
            password_auth=False,
            kbdint_auth=False,
            host_based_auth=False,
            gss_auth=False,
            gss_kex=False,
            public_key_auth=True,
            agent_forwarding=False,
            x11_forwarding=False,
            sftp_factory=None,
            allow_scp=False,
            login_timeout=LOGIN_TIMEOUT,
            keepalive_interval=KEEPALIVE_INTERVAL,
        )
        self._key_watch = asyncio.create_task(self._watch_keys())

    async def _watch_keys(self) -> None:
        while True:
            await asyncio.sleep(KEY_CHECK)
            try:
                await self.end_removed()
            except KeyFileError as exc:  # a damaged file must not stop the server
                self.log.write(f"cannot check keys: {exc}")

    async def end_removed(self) -> int:
        """Close the sessions whose key was removed from keys.json; how many."""
        gone = [
            session
            for session in list(self.sessions)
            if session.plan.fingerprint
            and not self.keys.still_held(session.plan.login, session.plan.fingerprint)
        ]
        for session in gone:
            self.log.write(
                f"closing {session.plan.login}'s session ({session.plan.peer}): its key was removed"
            )
        await asyncio.gather(*(session.stop("key removed") for session in gone))
        return len(gone)

    @property
    def port(self) -> int:
        assert self._acceptor is not None
        return self._acceptor.get_port()

    async def close(self) -> None:
        """Stop listening, end every session's app, close every connection and wait for them."""
        if self._key_watch is not None:
            self._key_watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._key_watch
        if self._acceptor is not None:
            self._acceptor.close()
        await asyncio.gather(*(session.stop("shutdown") for session in list(self.sessions)))
        connections = list(self.connections)
        for connection in connections:
            connection.close()
        # Their last log lines (disconnect, refused) are written before close returns.
        await asyncio.gather(*(connection.lost.wait() for connection in connections))
        if self._acceptor is not None:
            await self._acceptor.wait_closed()

    def too_many_logging_in(self, address: str) -> str | None:
        """Why one more connection still logging in from `address` is dropped; None: it is not."""
        waiting = [c for c in self.connections if c.login is None]
        if len(waiting) > self.settings.max_not_logged_in:
            return "too many connections are logging in"
        if sum(c.address == address for c in waiting) > self.settings.max_not_logged_in_per_address:
            return "too many connections from its address are logging in"
        return None

    def open_session(self, login: str, peer: str, fingerprint: str = "") -> AppSession:
        """A session for `login`, or ChannelOpenError when the server is full."""
        cap = self.settings.max_sessions
        if len(self.sessions) >= cap:
            full = f"the server is full ({cap} session{'s' if cap != 1 else ''})"
            self.log.write(f"refused {login} from {peer}: {full}")  # the log stays English
            told = ngettext(
                "the server is full ({count} session); try again later",
                "the server is full ({count} sessions); try again later",
                cap,
            ).format(count=cap)
            raise asyncssh.ChannelOpenError(asyncssh.OPEN_RESOURCE_SHORTAGE, f"okr: {told}")
        plan = SessionPlan(
            workspace=self.workspace,
            login=login,
            peer=peer,
            idle_timeout=self.settings.idle_timeout,
            log=self.log,
            on_end=self.sessions.discard,
            fingerprint=fingerprint,
        )
        session = AppSession(plan)
        self.sessions.add(session)
        return session


class DoorConnection(asyncssh.SSHServer):
    """One client's connection: its login by key, then one session of the app."""

    def __init__(self, door: SshDoor) -> None:
        self.door = door
        self.peer = "an unknown address"
        self.address = ""
        self.client_login = ""
        self.login: str | None = None
        self._accepted: tuple[str, str] | None = None
        self.fingerprint = ""
        self.refused_keys = 0
        self.since = time.monotonic()
        self.lost = asyncio.Event()
        self._conn: asyncssh.SSHServerConnection | None = None
        self._dropped: str | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self.door.connections.add(self)
        peer = conn.get_extra_info("peername")
        self.peer = peer_text(peer)
        self.address = str(peer[0]) if isinstance(peer, tuple) else self.peer
        crowded = self.door.too_many_logging_in(self.address)
        if crowded is not None:
            self._dropped = crowded
            conn.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        self.door.connections.discard(self)
        self.lost.set()
        if self.login is None:
            who = client_name(self.client_login) if self.client_login else "a client"
            self.door.log.write(f"refused {who} from {self.peer}: {self._why_refused()}")
            return
        minutes, seconds = divmod(int(time.monotonic() - self.since), 60)
        self.door.log.write(
            f"disconnect {self.login} from {self.peer} after {minutes}m{seconds:02d}s"
        )

    def _why_refused(self) -> str:
        if self._dropped is not None:
            return self._dropped
        if not self.client_login:
            return "it did not log in"
        if not self.refused_keys:
            return "it offered no key (passwords are not accepted)"
        return f"no known key ({self.refused_keys} tried)"

    # -- logging in -----------------------------------------------------------------------

    def begin_auth(self, username: str) -> bool:
        self.client_login = username
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        try:
            held = self.door.keys.holder(key)
        except KeyFileError as exc:
            self.door.log.write(f"cannot check keys: {exc}")
            held = None
        if held is not None:
            # The last key accepted is the one whose signature completes the login.
            self._accepted = (held.login, held.fingerprint)
            return True
        self.refused_keys += 1
        delay = self.door.failures.delay(self.address)
        if delay:
            await asyncio.sleep(delay)
        return False

    def validate_ca_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        return False

    def auth_completed(self) -> None:
        assert self._accepted is not None
        self.login, fingerprint = self._accepted
        self.fingerprint = fingerprint
        self.since = time.monotonic()
        self.door.log.write(
            f"login {self.login} from {self.peer} with key {fingerprint} "
            f"(ssh user {client_name(self.client_login)})"
        )

    # -- what a logged-in client may open -------------------------------------------------

    def session_requested(self) -> AppSession | bool:
        # Several on one connection are fine (ssh's connection sharing): the cap counts each.
        if self.login is None:
            return False
        return self.door.open_session(self.login, self.peer, self.fingerprint)

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        self._refuse("port forwarding")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self._refuse("port forwarding")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self._refuse("socket forwarding")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self._refuse("socket forwarding")
        return False

    def tun_requested(self, unit: int | None) -> bool:
        self._refuse("tunnelling")
        return False

    def tap_requested(self, unit: int | None) -> bool:
        self._refuse("tunnelling")
        return False

    def _refuse(self, what: str) -> None:
        self.door.log.write(f"refused {what} for {self.login or 'a client'} from {self.peer}")
