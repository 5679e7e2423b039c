"""The authorised keys of `okr ssh`: which public key is which person.

They live in `keys.json` in the door folder, owner-only, rewritten atomically
under a lock, so `okr keys add` while the server runs is safe and takes effect
at the next login. The server re-reads the file only when it changed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncssh
import orjson
from filelock import FileLock
from pydantic import ValidationError

from okr_tui.door.folder import FILE_MODE, door_folder, ensure_door_folder
from okr_tui.i18n import _
from okr_tui.location import Location
from okr_tui.models import Person
from okr_tui.plain_text import one_line, problem

KEYS_FILE = "keys.json"
FORMAT_VERSION = 1


class KeyFileError(ValueError):
    """A key or the keys file is not usable; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class AuthorisedKey:
    """One person's public key, as kept in keys.json."""

    login: str
    key: str
    """The key in OpenSSH's one-line form, without its comment."""
    type: str
    fingerprint: str
    added: str
    """When it was added, ISO 8601 in UTC."""
    comment: str = ""

    def public_data(self) -> bytes:
        return asyncssh.import_public_key(self.key).public_data


def keys_path(workspace: Location) -> Path:
    return door_folder(workspace) / KEYS_FILE


def check_login(login: str) -> str:
    """`login` when the store would take it as a person's login; else KeyFileError.

    The store's rules: a Person's login (1 to 64 characters), one line without
    control characters (plain_text), and one word (units.add_person).
    """
    wrong = problem(login, multiline=False)
    if wrong is not None:
        raise KeyFileError(_("the login {problem}").format(problem=wrong))
    if not login or any(ch.isspace() for ch in login):
        raise KeyFileError(_("a login is one word, like ann or wu.jun"))
    try:
        Person(login=login)
    except ValidationError:
        raise KeyFileError(_("a login is 1 to 64 characters")) from None
    return login


def parse_public_key(text: str) -> asyncssh.SSHKey:
    """The public key in `text` (an OpenSSH .pub line); KeyFileError naming what is wrong."""
    text = text.strip()
    if not text:
        raise KeyFileError(_("no key given: pass a .pub file, or the key on stdin"))
    if "PRIVATE KEY" in text:
        raise KeyFileError(_("that is a private key: give the public one (the .pub file)"))
    if len(text.splitlines()) > 1 and not text.startswith("---- BEGIN"):
        raise KeyFileError(_("give one key at a time (the file holds several lines)"))
    try:
        return asyncssh.import_public_key(text)
    except (asyncssh.KeyImportError, ValueError) as exc:
        raise KeyFileError(
            _("not an SSH public key ({reason})").format(reason=one_line(str(exc)))
        ) from None


def _entry(raw: Any) -> AuthorisedKey:
    if not isinstance(raw, dict):
        raise KeyFileError(_("an entry is not an object"))
    try:
        entry = AuthorisedKey(**{k: str(v) for k, v in raw.items()})
    except TypeError:
        raise KeyFileError(_("an entry has unknown or missing fields")) from None
    check_login(entry.login)  # the file may have been edited by hand
    return entry


def load_keys(workspace: Location) -> list[AuthorisedKey]:
    """Every authorised key of the workspace (none when the file is missing)."""
    path = keys_path(workspace)
    try:
        raw = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return []
    except (OSError, orjson.JSONDecodeError) as exc:
        raise KeyFileError(
            _("cannot read {path}: {reason}").format(path=path, reason=one_line(str(exc)))
        ) from None
    try:
        if not isinstance(raw, dict) or not isinstance(raw.get("keys"), list):
            raise KeyFileError(_("it holds no list of keys"))
        return [_entry(item) for item in raw["keys"]]
    except KeyFileError as exc:
        raise KeyFileError(_("{path} is damaged: {reason}").format(path=path, reason=exc)) from None


def _write_keys(workspace: Location, keys: list[AuthorisedKey]) -> None:
    folder = ensure_door_folder(workspace)
    data = orjson.dumps(
        {"version": FORMAT_VERSION, "keys": [asdict(key) for key in keys]},
        option=orjson.OPT_INDENT_2,
    )
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".keys.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, folder / KEYS_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _lock(workspace: Location) -> FileLock:
    folder = ensure_door_folder(workspace)
    return FileLock(str(folder / f"{KEYS_FILE}.lock"), mode=FILE_MODE)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def add_key(workspace: Location, login: str, text: str) -> AuthorisedKey:
    """Authorise the key in `text` for `login`; refuse a key another login already holds."""
    check_login(login)
    key = parse_public_key(text)
    fingerprint = key.get_fingerprint()
    with _lock(workspace):
        keys = load_keys(workspace)
        for held in keys:
            if held.fingerprint == fingerprint:
                if held.login == login:
                    raise KeyFileError(
                        _("{login} already has this key ({fingerprint})").format(
                            login=login, fingerprint=fingerprint
                        )
                    )
                raise KeyFileError(
                    _(
                        "this key is already {login}'s ({fingerprint}): "
                        "each person needs a key of their own"
                    ).format(login=held.login, fingerprint=fingerprint)
                )
        added = AuthorisedKey(
            login=login,
            key=" ".join(key.export_public_key().decode("ascii").split()[:2]),
            type=key.get_algorithm(),
            fingerprint=fingerprint,
            added=_now(),
            comment=one_line(key.get_comment() or "")[:200],
        )
        _write_keys(workspace, [*keys, added])
    return added


def remove_keys(
    workspace: Location, login: str, fingerprint: str | None = None
) -> list[AuthorisedKey]:
    """Remove `login`'s keys (only the one with `fingerprint` when given); the removed ones."""
    with _lock(workspace):
        keys = load_keys(workspace)
        gone = [
            k
            for k in keys
            if k.login == login and (fingerprint is None or k.fingerprint == fingerprint)
        ]
        if not gone:
            if fingerprint is None:
                raise KeyFileError(_("{login} has no keys").format(login=login))
            raise KeyFileError(
                _("{login} has no key {fingerprint} (see okr keys list)").format(
                    login=login, fingerprint=fingerprint
                )
            )
        _write_keys(workspace, [k for k in keys if k not in gone])
    return gone


class KeyRing:
    """The server's view of keys.json: re-read when the file changes, matched by key data."""

    def __init__(self, workspace: Location) -> None:
        self.workspace = workspace
        self._stamp: tuple[int, int] | None = None
        self._by_data: dict[bytes, AuthorisedKey] = {}

    def _current(self) -> dict[bytes, AuthorisedKey]:
        try:
            found = os.stat(keys_path(self.workspace))
            stamp = (found.st_mtime_ns, found.st_size)
        except FileNotFoundError:
            self._stamp, self._by_data = None, {}
            return self._by_data
        if stamp != self._stamp:
            # A damaged file lets nobody in until it is fixed, rather than the last good list.
            self._by_data = {}
            self._by_data = {k.public_data(): k for k in load_keys(self.workspace)}
            self._stamp = stamp
        return self._by_data

    def still_held(self, login: str, fingerprint: str) -> bool:
        """Whether `login` still holds the key with this fingerprint."""
        return any(
            k.login == login and k.fingerprint == fingerprint for k in self._current().values()
        )

    def holder(self, key: asyncssh.SSHKey) -> AuthorisedKey | None:
        """Whose key this is, or None for a key nobody holds."""
        return self._current().get(key.public_data)
