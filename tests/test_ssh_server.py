"""`okr ssh` end to end: an SSH client logs in by key and drives the real app on a pty."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import asyncssh
import pytest

from okr_tui.models import CheckIn
from okr_tui.store import Store
from tests.helpers_ssh import (
    DEADLINE,
    connect,
    log_text,
    new_key,
    open_app,
    running_door,
    sample_workspace,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return sample_workspace(tmp_path)


async def test_a_key_logs_in_as_its_person_who_checks_in_by_keystrokes(workspace: Path) -> None:
    key = new_key(workspace, "hanna")
    before = {c.id for c in Store(workspace, "someone").all(CheckIn)}
    async with running_door(workspace) as door:
        conn = await connect(door, key)  # the ssh login ("okr") does not matter: the key does
        async with conn:
            screen = await open_app(conn)
            await screen.wait_for("· hanna")
            await screen.send("c", then="open,")  # the check-in screen, its card drawn
            await screen.send("62%", then="62%")
            # Enter walks value -> confidence (7, kept) -> note -> saved. The app may put
            # the cursor back in the value field while it settles (type-ahead there is
            # lost): each enter waits for the cursor to move on, and more are pressed
            # until the check-in is saved.
            for _ in range(8):
                if "saving…" in screen.text() or "saved 62%" in screen.text():
                    break
                await screen.press_enter(until="saving…")
            # The save runs off the screen's thread: wait for its word, however long it takes.
            await screen.wait_for("saved 62% · confidence 7/10")
            await screen.send("\x1b", then="Units")  # back home, then quit
            screen.process.stdin.write(b"q")
            await screen.wait_closed()
            assert screen.process.exit_status == 0
    after = Store(workspace, "someone").all(CheckIn)
    new = [(c.author, c.value, c.confidence) for c in after if c.id not in before]
    assert new == [("hanna", 62, 7)]
    log = log_text(door)
    assert "login hanna from 127.0.0.1:" in log and "ssh user 'okr'" in log
    assert "disconnect hanna from 127.0.0.1:" in log
    assert "login hanna" in (workspace.parent / "teebee.json.door" / "ssh.log").read_text()


async def test_a_second_key_runs_as_a_second_person_at_the_same_time(workspace: Path) -> None:
    hanna, jack = new_key(workspace, "hanna"), new_key(workspace, "jack")
    async with (
        running_door(workspace) as door,
        await connect(door, hanna) as first,
        await connect(door, jack) as second,
    ):
        hanna_screen = await open_app(first)
        jack_screen = await open_app(second, size=(100, 30))
        await jack_screen.wait_for("· jack")
        await hanna_screen.wait_for("· hanna")
        assert len(door.sessions) == 2


async def test_unknown_keys_and_passwords_are_refused(workspace: Path) -> None:
    new_key(workspace, "hanna")
    async with running_door(workspace) as door:
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(door, new_key())
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(
                door, None, password="hanna", preferred_auth="password,keyboard-interactive"
            )
        assert not door.sessions
    log = log_text(door)
    assert "refused 'okr' from 127.0.0.1:" in log and "no known key (1 tried)" in log
    assert "passwords are not accepted" in log


async def test_a_resize_reaches_the_app(workspace: Path) -> None:
    key = new_key(workspace, "hanna")
    async with running_door(workspace) as door, await connect(door, key) as conn:
        screen = await open_app(conn, size=(100, 30))
        await screen.wait_for("· hanna")
        (session,) = door.sessions
        assert session.window_size() == (100, 30)
        mark = screen.mark()
        screen.process.change_terminal_size(150, 45)
        # The app redraws at the new width: its header is centred further right.
        await screen.wait_for("· hanna", since=mark)
        assert session.window_size() == (150, 45)


async def test_the_session_cap_refuses_one_more_with_one_line(workspace: Path) -> None:
    hanna, jack = new_key(workspace, "hanna"), new_key(workspace, "jack")
    async with (
        running_door(workspace, max_sessions=1) as door,
        await connect(door, hanna) as first,
    ):
        screen = await open_app(first)
        await screen.wait_for("· hanna")
        async with await connect(door, jack) as second:
            with pytest.raises(asyncssh.ChannelOpenError) as refused:
                await open_app(second)
    assert refused.value.reason == "okr: the server is full (1 session); try again later"
    assert "refused jack from 127.0.0.1:" in log_text(door)


async def test_an_idle_session_is_closed(workspace: Path) -> None:
    key = new_key(workspace, "hanna")
    async with running_door(workspace, idle_timeout=1) as door, await connect(door, key) as conn:
        screen = await open_app(conn)
        await screen.wait_closed()  # nobody types: the server closes it
        assert "okr: closed after 1 s without a key press" in screen.text()
        assert not door.sessions
    assert "closing hanna's session" in log_text(door)


async def test_when_the_client_goes_its_app_is_ended_and_reaped(workspace: Path) -> None:
    key = new_key(workspace, "hanna")
    async with running_door(workspace) as door:
        conn = await connect(door, key)
        screen = await open_app(conn)
        await screen.wait_for("· hanna")
        (session,) = door.sessions
        assert session.child is not None
        pid = session.child.pid
        conn.abort()  # the network goes, not a polite exit
        await asyncio.wait_for(session.finished.wait(), DEADLINE)
        assert session.child.returncode is not None
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # reaped: not even a zombie is left
        assert not door.sessions


async def test_a_session_without_a_terminal_is_told_why_in_one_line(workspace: Path) -> None:
    key = new_key(workspace, "hanna")
    async with running_door(workspace) as door, await connect(door, key) as conn:
        result = await conn.run(term_type=None, encoding="utf-8", timeout=DEADLINE)
    assert result.exit_status == 1
    assert result.stderr.startswith("okr: this server runs the okr app, which needs a terminal")
    assert result.stderr.count("\n") == 1


async def test_commands_sftp_and_forwarding_are_refused(workspace: Path) -> None:
    key = new_key(workspace, "hanna")
    async with running_door(workspace) as door, await connect(door, key) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_process("cat /etc/passwd")
        with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
            await conn.start_sftp_client()
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.open_connection("127.0.0.1", door.port)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", door.port)
        assert not door.sessions
    log = log_text(door)
    assert "refused a command from hanna" in log
    assert "refused subsystem 'sftp' from hanna" in log
    assert "refused port forwarding for hanna" in log


async def test_removing_a_key_closes_the_session_open_with_it(workspace: Path) -> None:
    from okr_tui.door.ssh_keys import remove_keys

    hanna, jack = new_key(workspace, "hanna"), new_key(workspace, "jack")
    async with (
        running_door(workspace) as door,
        await connect(door, hanna) as first,
        await connect(door, jack) as second,
    ):
        hanna_screen, jack_screen = await open_app(first), await open_app(second)
        await hanna_screen.wait_for("· hanna")
        await jack_screen.wait_for("· jack")
        remove_keys(workspace, "hanna", None)
        await hanna_screen.wait_closed()
        assert "okr: your key was removed; the session is closed" in hanna_screen.text()
        (left,) = door.sessions  # jack's key is still there, and so is his session
        assert left.plan.login == "jack"
    assert "closing hanna's session (127.0.0.1:" in log_text(door)


async def test_connections_that_do_not_log_in_cannot_fill_the_door(workspace: Path) -> None:
    key = new_key(workspace, "hanna")
    async with running_door(workspace, max_not_logged_in_per_address=2) as door:
        # Two clients that connect and say nothing, as a flood of half-open logins would.
        silent = [await asyncio.open_connection("127.0.0.1", door.port) for _ in range(2)]
        deadline = asyncio.get_running_loop().time() + DEADLINE
        while len(door.connections) < 2:
            assert asyncio.get_running_loop().time() < deadline, "the silent clients never arrived"
            await asyncio.sleep(0.05)
        with pytest.raises((asyncssh.Error, OSError)):
            async with await connect(door, key):
                pass
        for _, writer in silent:
            writer.close()
        while door.connections:
            assert asyncio.get_running_loop().time() < deadline, "the silent clients never left"
            await asyncio.sleep(0.05)
        async with await connect(door, key) as conn:  # room again once they have gone
            screen = await open_app(conn)
            await screen.wait_for("· hanna")
    assert "too many connections from its address are logging in" in log_text(door)
