"""Browser sessions of `okr serve`: good while the invitation stands and the browser is in use."""

from __future__ import annotations

from pathlib import Path

from okr_tui.door.invites import InviteBook
from okr_tui.door.sessions import Sessions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _sessions(tmp_path: Path, clock: Clock) -> tuple[Sessions, str]:
    workspace = tmp_path / "okr.json"
    book = InviteBook(workspace)
    token = book.invite("jack")
    sessions = Sessions(book, idle_limit=3600, clock=clock)
    invite = book.find(token)
    assert invite is not None
    session_id, _ = sessions.start(invite)
    return sessions, session_id


def test_a_session_in_use_goes_on(tmp_path: Path) -> None:
    clock = Clock()
    sessions, session_id = _sessions(tmp_path, clock)
    for _ in range(5):
        clock.now += 3000  # each request within the hour keeps it going
        found = sessions.current(session_id)
        assert found is not None and found.login == "jack"


def test_a_session_left_unused_ends(tmp_path: Path) -> None:
    clock = Clock()
    sessions, session_id = _sessions(tmp_path, clock)
    clock.now += 3601
    assert sessions.current(session_id) is None
    clock.now -= 3601  # gone for good, not merely asleep
    assert sessions.current(session_id) is None
