"""Presence: heartbeat files beside the workspace, who else is here, cleanup on exit."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from okr_tui.presence import (
    Heartbeat,
    beat,
    describe,
    file_for,
    leave,
    presence_dir,
    who_else,
)

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def test_heartbeat_file_sits_beside_the_workspace(workspace: Path) -> None:
    path = beat(workspace, "ann", now=NOW, pid=101, host="box")
    assert path == workspace.parent / "workspace.json.presence" / "ann.json"
    assert path is not None and path.exists()
    assert list(presence_dir(workspace).iterdir()) == [path]  # no temp file left behind


def test_heartbeat_is_as_readable_as_the_workspace(workspace: Path) -> None:
    workspace.write_text("{}")
    workspace.chmod(0o664)
    path = beat(workspace, "ann", now=NOW)
    assert path is not None and path.stat().st_mode & 0o777 == 0o664


def test_who_else_lists_the_others_not_me(workspace: Path) -> None:
    beat(workspace, "ann", now=NOW)
    beat(workspace, "bob", name="Bob Li", now=NOW - timedelta(seconds=5), pid=7, host="b")
    beat(workspace, "carl", now=NOW - timedelta(seconds=29), pid=8, host="c")
    others = who_else(workspace, "ann", now=NOW)
    assert [(p.login, p.display, p.pid, p.host) for p in others] == [
        ("bob", "Bob Li", 7, "b"),
        ("carl", "carl", 8, "c"),
    ]
    assert [p.login for p in who_else(workspace, "bob", now=NOW)] == ["ann", "carl"]


def test_heartbeats_older_than_30_seconds_are_ignored(workspace: Path) -> None:
    beat(workspace, "bob", now=NOW - timedelta(seconds=31), pid=7, host="b")
    assert who_else(workspace, "ann", now=NOW) == []
    # Bob's session beats again: he is back.
    beat(workspace, "bob", now=NOW, pid=7, host="b")
    assert [p.login for p in who_else(workspace, "ann", now=NOW)] == ["bob"]


def test_leaving_removes_only_my_own_heartbeat(workspace: Path) -> None:
    beat(workspace, "ann", now=NOW, pid=1, host="h")
    # ann's browser tab (another process) beat after her SSH session.
    beat(workspace, "ann", now=NOW, pid=2, host="h")
    assert leave(workspace, "ann", pid=1, host="h") is False
    assert file_for(workspace, "ann").exists()
    assert leave(workspace, "ann", pid=2, host="h") is True
    assert not file_for(workspace, "ann").exists()
    assert leave(workspace, "ann", pid=2, host="h") is False


def test_broken_and_foreign_files_are_ignored(workspace: Path) -> None:
    folder = presence_dir(workspace)
    folder.mkdir()
    (folder / "half.json").write_bytes(b'{"login": "x", "pi')
    (folder / "odd.json").write_bytes(b'{"login": "y"}')
    (folder / "notes.txt").write_text("hello")
    beat(workspace, "bob", now=NOW, pid=7, host="b")
    assert [p.login for p in who_else(workspace, "ann", now=NOW)] == ["bob"]
    assert who_else(workspace.parent / "nothing.json", "ann", now=NOW) == []


def test_a_fifo_a_link_or_a_huge_file_among_heartbeats_neither_blocks_nor_counts(
    workspace: Path,
) -> None:
    folder = presence_dir(workspace)
    folder.mkdir()
    os.mkfifo(folder / "fifo.json")  # opening it for reading would wait for a writer
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "big.json").write_bytes(b'{"login": "z", "pad": "' + b"x" * 100_000 + b'"}')
    beat(workspace, "bob", now=NOW, pid=7, host="b")
    assert [p.login for p in who_else(workspace, "ann", now=NOW)] == ["bob"]


def test_a_crafted_heartbeat_login_is_shown_harmlessly(workspace: Path) -> None:
    folder = presence_dir(workspace)
    folder.mkdir()
    forged = b'{"login": "eve\\u001b]0;pwned\\u0007", "pid": 1, "host": "h", "at": "%s"}'
    (folder / "eve.json").write_bytes(forged % NOW.isoformat().encode())
    (seen,) = who_else(workspace, "ann", now=NOW)
    assert seen.login == "eve␛]0;pwned␇"


def test_any_login_makes_a_safe_file_name(workspace: Path) -> None:
    for login in ("../../etc/passwd", "张伟", ".hidden", "a b%c"):
        path = file_for(workspace, login)
        assert path.parent == presence_dir(workspace)
        assert not path.name.startswith(".")
        assert "/" not in path.name
        beat(workspace, login, now=NOW, pid=3, host="h")
    logins = [p.login for p in who_else(workspace, "ann", now=NOW)]
    assert sorted(logins) == sorted(["../../etc/passwd", "张伟", ".hidden", "a b%c"])


def test_old_heartbeats_are_pruned(workspace: Path) -> None:
    beat(workspace, "gone", now=NOW - timedelta(hours=2), pid=9, host="h")
    beat(workspace, "ann", now=NOW, pid=1, host="h")
    assert not file_for(workspace, "gone").exists()


def test_heartbeat_session_starts_and_stops(workspace: Path) -> None:
    session = Heartbeat(workspace, "ann", name="Ann")
    session.start()
    assert file_for(workspace, "ann").exists()
    beat(workspace, "bob", pid=7, host="b")
    assert [p.login for p in session.others()] == ["bob"]
    session.stop()
    assert not file_for(workspace, "ann").exists()
    anonymous = Heartbeat(workspace, "")
    anonymous.start()
    assert not file_for(workspace, "").exists()


def test_describe_names_a_few_people() -> None:
    def person(login: str) -> object:
        from okr_tui.presence import Presence

        return Presence(login=login, pid=1, host="h", at=NOW)

    assert describe([]) == ""
    assert describe([person("bob")]) == "also here: bob"  # type: ignore[list-item]
    many = [person(n) for n in ("a", "b", "c", "d", "e")]
    assert describe(many) == "also here: a, b, c and 2 more"  # type: ignore[arg-type]


def test_a_heartbeat_from_another_process_is_seen(workspace: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from okr_tui.presence import beat; "
        "beat(Path(sys.argv[1]), 'bob')"
    )
    subprocess.run([sys.executable, "-c", code, str(workspace)], check=True)
    others = who_else(workspace, "ann")
    assert [p.login for p in others] == ["bob"] and others[0].pid != os.getpid()


def test_exchange_modules_do_not_import_textual() -> None:
    modules = [
        "okr_tui.csv_exchange",
        "okr_tui.markdown_export",
        "okr_tui.presence",
        "okr_tui.conflicts",
    ]
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
