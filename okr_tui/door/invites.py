"""Invitations to a served workspace: one personal link per login, kept only as a hash.

`okr invite LOGIN` makes a random token (256 bits) and prints it once, in a
link; the door folder keeps its SHA-256 only, so reading the file does not let
anyone in. A link is checked by hashing what it holds and comparing hashes in
constant time (`hmac.compare_digest`). Inviting a login again replaces its
token; revoking removes it, and every session opened with the old token ends.
The file is rewritten atomically under a lock, owner-only, because the server
(which notes when a link was used) and `okr invite` may write at the same time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock

from okr_tui.door.folder import FILE_MODE, ensure_door_folder
from okr_tui.file_modes import Sharing
from okr_tui.i18n import _
from okr_tui.location import Location
from okr_tui.plain_text import problem
from okr_tui.storage import atomic_write_bytes, file_signature

INVITES_FILE = "invites.json"
TOKEN_BYTES = 32
"""256 bits from `secrets`: far beyond guessing, even at many tries a second."""

FORMAT_VERSION = 1


class InviteError(ValueError):
    """A login or a file that cannot be used; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Invite:
    """One login's invitation, as the file keeps it: never the token itself."""

    login: str
    token_hash: str
    created: datetime
    last_used: datetime | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def check_login(login: str) -> str:
    """The login as given, when it can name a person on a command line; else InviteError."""
    if not login.strip():
        raise InviteError(_("a login cannot be empty"))
    wrong = problem(login, multiline=False)
    if wrong is not None:
        raise InviteError(_("the login {problem}").format(problem=wrong))
    if login.startswith("-"):
        raise InviteError(_("a login cannot start with '-' ({login!r})").format(login=login))
    if login != login.strip():
        raise InviteError(
            _("a login cannot start or end with a space ({login!r})").format(login=login)
        )
    return login


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


def _moment(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) else None


def _encode(invites: dict[str, Invite]) -> bytes:
    rows = {
        login: {
            "token_sha256": invite.token_hash,
            "created": _stamp(invite.created),
            "last_used": _stamp(invite.last_used),
        }
        for login, invite in sorted(invites.items())
    }
    return orjson.dumps({"version": FORMAT_VERSION, "invites": rows}, option=orjson.OPT_INDENT_2)


def _decode(raw: bytes, path: Path) -> dict[str, Invite]:
    try:
        doc = orjson.loads(raw)
        rows = doc["invites"]
        return {
            login: Invite(
                login=login,
                token_hash=str(row["token_sha256"]),
                created=_moment(row["created"]) or datetime.fromtimestamp(0, UTC),
                last_used=_moment(row.get("last_used")),
            )
            for login, row in rows.items()
        }
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError):
        raise InviteError(
            _("{path} is not a file of invitations okr-tui can read").format(path=path)
        ) from None


class InviteBook:
    """The invitations of one workspace, in its door folder.

    Reads are cached by the file's signature, so the server may ask on every
    request and still see a revocation made by `okr invite` a moment ago.
    """

    def __init__(self, workspace: Location, *, clock: Any = None) -> None:
        self.folder = ensure_door_folder(workspace)
        self.path = self.folder / INVITES_FILE
        self._lock = FileLock(str(self.folder / "invites.lock"), mode=FILE_MODE)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._cached: tuple[tuple[int, int, int] | None, dict[str, Invite]] = (None, {})

    def all(self) -> dict[str, Invite]:
        """Every invitation, by login, as the file holds them now."""
        signature = file_signature(self.path)
        if signature is None:
            return {}
        if signature != self._cached[0]:
            self._cached = (signature, _decode(self.path.read_bytes(), self.path))
        return dict(self._cached[1])

    def _write(self, invites: dict[str, Invite]) -> None:
        atomic_write_bytes(self.path, _encode(invites), Sharing(FILE_MODE))

    def invite(self, login: str) -> str:
        """A new token for `login` (replacing any it had): shown once, kept only hashed."""
        check_login(login)
        token = new_token()
        with self._lock:
            invites = self.all()
            invites[login] = Invite(login, hash_token(token), self._clock())
            self._write(invites)
        return token

    def revoke(self, login: str) -> bool:
        """Remove `login`'s invitation; False when it had none."""
        with self._lock:
            invites = self.all()
            if invites.pop(login, None) is None:
                return False
            self._write(invites)
        return True

    def find(self, token: str) -> Invite | None:
        """The invitation whose token this is, or None (all hashes compared in constant time)."""
        wanted = hash_token(token)
        found = None
        for invite in self.all().values():
            if hmac.compare_digest(invite.token_hash, wanted):
                found = invite
        return found

    def holds(self, login: str, token_hash: str) -> bool:
        """Whether `login` is still invited with this token (not revoked, not re-invited)."""
        invite = self.all().get(login)
        return invite is not None and hmac.compare_digest(invite.token_hash, token_hash)

    def mark_used(self, login: str) -> None:
        """Note that `login`'s link was just used (shown by `okr invite --list`)."""
        with self._lock:
            invites = self.all()
            invite = invites.get(login)
            if invite is None:
                return
            invites[login] = Invite(login, invite.token_hash, invite.created, self._clock())
            self._write(invites)
