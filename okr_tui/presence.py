"""Who else has this workspace open: one small heartbeat file per person beside it.

Each running app writes `<workspace>.presence/<login>.json` (pid, host, time,
and where the person is: screen, workshop, step, what they are doing)
atomically every HEARTBEAT_SECONDS, and at once when they move; it removes it
on exit. A file older than
STALE_SECONDS belongs to a session that died without cleaning up and is
ignored. Presence is a courtesy, never a lock: any failure here is silent.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from okr_tui import file_modes
from okr_tui.file_modes import Sharing
from okr_tui.i18n import N_, _
from okr_tui.plain_text import load_json
from okr_tui.storage import TEMP_PREFIX

HEARTBEAT_SECONDS = 10.0
STALE_SECONDS = 30.0
PRUNE_AFTER = timedelta(hours=1)
"""Heartbeats this old are deleted by whoever beats next, so the folder does not grow."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Presence:
    """One person's latest heartbeat."""

    login: str
    pid: int
    host: str
    at: datetime
    name: str = ""
    place: Place = field(default_factory=lambda: Place())

    @property
    def display(self) -> str:
        return self.name or self.login


@dataclass(frozen=True)
class Place:
    """Where a person is: a screen by name, and in a workshop its id, step number and activity."""

    screen: str = ""
    workshop: str = ""
    step: int = 0
    doing: str = ""

    def to_doc(self) -> dict[str, str | int]:
        return {
            "screen": self.screen,
            "workshop": self.workshop,
            "step": self.step,
            "doing": self.doing,
        }

    @classmethod
    def from_doc(cls, doc: object) -> Place:
        if not isinstance(doc, dict):
            return cls()
        step = doc.get("step", 0)
        return cls(
            screen=str(doc.get("screen", ""))[:40],
            workshop=str(doc.get("workshop", ""))[:40],
            step=step if isinstance(step, int) and 0 <= step < 100 else 0,
            doing=str(doc.get("doing", ""))[:60],
        )


def where(presence: Presence) -> str:
    """The one wording of where someone is: 'jack: step 4 · writing', 'mia: review'."""
    place = presence.place
    # What someone is doing is stored in English (it is compared): it is worded here.
    doing = _(place.doing) if place.doing else ""
    if place.step:
        spot = _("step {number}").format(number=place.step) + (f" · {doing}" if doing else "")
    else:
        spot = _(place.screen) if place.screen else _("here")
        if doing:
            spot += f" · {doing}"
    return f"{presence.display}: {spot}"


DOING: tuple[str, ...] = (
    N_("writing"),
    N_("editing the mission"),
    N_("editing the vision"),
    N_("editing the strategy"),
)
"""What a workshop screen says someone is doing, marked so `where` can word it."""

SCREEN_WORDS: tuple[str, ...] = (
    N_("home"),
    N_("workshop"),
    N_("checkin"),
    N_("review"),
    N_("scoring"),
    N_("alignment"),
    N_("unit"),
    N_("help"),
    N_("units"),
    N_("history"),
    N_("changes"),
    N_("report"),
    N_("summary"),
)
"""The screen names (okr_tui.navigation) that `where` shows, marked to be worded."""


def presence_dir(workspace: Path) -> Path:
    workspace = Path(workspace)
    return workspace.parent / f"{workspace.name}.presence"


def file_for(workspace: Path, login: str) -> Path:
    """The heartbeat file of a login; odd characters are encoded so any login is a safe name."""
    safe = _UNSAFE.sub(lambda m: "%" + "%".join(f"{b:02X}" for b in m[0].encode()), login)
    if not safe or safe.startswith("."):
        safe = "%2E" + safe[1:] if safe else "%00"
    return presence_dir(workspace) / f"{safe}.json"


def _now() -> datetime:
    return datetime.now(UTC)


def beat(
    workspace: Path,
    login: str,
    *,
    name: str = "",
    now: datetime | None = None,
    pid: int | None = None,
    host: str | None = None,
    place: Place | None = None,
) -> Path | None:
    """Write (or refresh) this session's heartbeat; None when the folder is not writable."""
    now = now or _now()
    path = file_for(workspace, login)
    payload = {
        "login": login,
        "name": name,
        "pid": os.getpid() if pid is None else pid,
        "host": socket.gethostname() if host is None else host,
        "at": now.isoformat(),
        "place": (place or Place()).to_doc(),
    }
    try:
        # Shared as the workspace is, so colleagues who can read it see each other.
        sharing = file_modes.like(Path(workspace))
        file_modes.make_folder(path.parent, sharing)
        _write(path, orjson.dumps(payload), sharing)
    except OSError:
        return None
    _prune(workspace, now)
    return path


def _write(path: Path, payload: bytes, sharing: Sharing) -> None:
    """Replace the file in one step, so a reader never sees half a heartbeat."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            file_modes.share(handle.fileno(), sharing)
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def leave(workspace: Path, login: str, *, pid: int | None = None, host: str | None = None) -> bool:
    """Remove this session's heartbeat; True when it was removed.

    A second session of the same person (a browser tab and an SSH session) may
    have written the file since: only the session that wrote it removes it.
    """
    path = file_for(workspace, login)
    mine = read(path)
    if mine is None:
        return False
    pid = os.getpid() if pid is None else pid
    host = socket.gethostname() if host is None else host
    if (mine.pid, mine.host) != (pid, host):
        return False
    with contextlib.suppress(OSError):
        path.unlink()
        return True
    return False


HEARTBEAT_MAX_BYTES = 4096
"""A heartbeat is a few hundred bytes; anything larger is not one."""


def _small_regular_file(path: Path) -> bytes:
    """The bytes of a heartbeat; OSError for a FIFO, device, link or oversized file.

    Anyone who can write the folder can put anything there: opening must never
    block (a FIFO) or read without end (a device).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size > HEARTBEAT_MAX_BYTES:
            raise OSError(f"{path.name} is not a heartbeat")
        return os.read(fd, HEARTBEAT_MAX_BYTES)
    finally:
        os.close(fd)


def read(path: Path) -> Presence | None:
    """One heartbeat file, or None when it is missing, half-written or not ours."""
    try:
        data = load_json(_small_regular_file(path))
        at = datetime.fromisoformat(data["at"])
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        return Presence(
            login=str(data["login"]),
            pid=int(data["pid"]),
            host=str(data["host"]),
            at=at,
            name=str(data.get("name", "")),
            place=Place.from_doc(data.get("place")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def everyone(workspace: Path, now: datetime | None = None) -> list[Presence]:
    """Every fresh heartbeat beside the workspace, by login."""
    now = now or _now()
    folder = presence_dir(workspace)
    if not folder.is_dir():
        return []
    found: dict[str, Presence] = {}
    for path in folder.glob("*.json"):
        presence = read(path)
        if presence is None:
            continue
        if (now - presence.at).total_seconds() > STALE_SECONDS:
            continue
        found[presence.login] = presence
    return [found[login] for login in sorted(found, key=str.casefold)]


def who_else(workspace: Path, me: str, now: datetime | None = None) -> list[Presence]:
    """The other people who have the workspace open now (heartbeat within STALE_SECONDS)."""
    return [p for p in everyone(workspace, now) if p.login != me]


def describe(others: list[Presence], limit: int = 3) -> str:
    """A short phrase for a header: 'also here: bob, carl and 2 more', or ''."""
    if not others:
        return ""
    names = [p.display for p in others]
    if len(names) > limit:
        return _("also here: {names} and {count} more").format(
            names=_(", ").join(names[:limit]), count=len(names) - limit
        )
    return _("also here: {names}").format(names=_(", ").join(names))


def _prune(workspace: Path, now: datetime) -> None:
    folder = presence_dir(workspace)
    for path in folder.glob("*.json"):
        presence = read(path)
        if presence is not None and now - presence.at > PRUNE_AFTER:
            with contextlib.suppress(OSError):
                path.unlink()


class Heartbeat:
    """A session's presence: `start`, then `beat` every HEARTBEAT_SECONDS, then `stop`."""

    def __init__(self, workspace: Path, login: str, name: str = "") -> None:
        self.workspace = Path(workspace)
        self.login = login
        self.name = name
        self.active = False
        self.place = Place()

    def start(self) -> None:
        self.active = bool(self.login)
        self.beat()

    def move(self, place: Place) -> bool:
        """Say where this person is now; True when that is news (beat then, not in 10 s)."""
        if place == self.place:
            return False
        self.place = place
        return True

    def beat(self) -> None:
        if self.active:
            beat(self.workspace, self.login, name=self.name, place=self.place)

    def others(self, now: datetime | None = None) -> list[Presence]:
        return who_else(self.workspace, self.login, now)

    def stop(self) -> None:
        if self.active:
            self.active = False
            leave(self.workspace, self.login)
