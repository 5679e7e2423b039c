"""`okr keys` and `okr ssh`'s start: the authorised keys, the host key, the limits' words."""

from __future__ import annotations

import io
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest

from okr_tui.cli import UserError, main
from okr_tui.cli.ssh import listening_line, read_duration
from okr_tui.door.ssh_keys import KeyFileError, KeyRing, check_login, keys_path
from okr_tui.door.ssh_server import FailedLogins
from okr_tui.door.ssh_session import exit_status, say_duration, terminal_type
from tests.helpers_ssh import sample_workspace


def public(key: asyncssh.SSHKey, comment: str = "ann@laptop") -> str:
    key.set_comment(comment)
    return key.export_public_key().decode()


def okr(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return sample_workspace(tmp_path)


def test_keys_add_list_remove_round_trip(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ann, bob = (
        asyncssh.generate_private_key("ssh-ed25519"),
        asyncssh.generate_private_key("ssh-rsa"),
    )
    (tmp_path / "ann.pub").write_text(public(ann))
    code, out, err = okr(capsys, "--db", str(ws), "keys", "add", "hanna", str(tmp_path / "ann.pub"))
    assert (code, err) == (0, "")
    assert out.startswith(f"added ssh-ed25519 key {ann.get_fingerprint()} for hanna")
    monkeypatch.setattr(sys, "stdin", io.StringIO(public(bob, "bob")))
    code, out, _ = okr(capsys, "keys", "add", "newcomer", "--db", str(ws))
    assert code == 0 and "newcomer is not in the workspace yet" in out

    code, out, _ = okr(capsys, "--db", str(ws), "keys", "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].split()[:3] == ["hanna", "ssh-ed25519", ann.get_fingerprint()]
    assert lines[0].split()[3].endswith("Z") and lines[0].endswith("ann@laptop")
    assert lines[1].split()[:3] == ["newcomer", "ssh-rsa", bob.get_fingerprint()]

    code, out, _ = okr(capsys, "--db", str(ws), "keys", "remove", "hanna", ann.get_fingerprint())
    assert code == 0 and f"removed ssh-ed25519 key {ann.get_fingerprint()} of hanna" in out
    assert okr(capsys, "--db", str(ws), "keys", "remove", "newcomer")[0] == 0
    assert okr(capsys, "--db", str(ws), "keys", "list")[1].startswith("no keys yet")
    assert stat.S_IMODE(os.stat(keys_path(ws)).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(keys_path(ws).parent).st_mode) == 0o700


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not a key at all\n", "okr: not an SSH public key"),
        ("", "okr: no key given"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "okr: that is a private key"),
    ],
)
def test_a_bad_key_file_is_one_line_and_exit_2(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    (tmp_path / "bad.pub").write_text(content)
    code, out, err = okr(capsys, "--db", str(ws), "keys", "add", "hanna", str(tmp_path / "bad.pub"))
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not keys_path(ws).exists()


def test_a_key_another_login_holds_or_a_missing_file_is_refused(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "k.pub"
    key.write_text(public(asyncssh.generate_private_key("ssh-ed25519")))
    assert okr(capsys, "--db", str(ws), "keys", "add", "hanna", str(key))[0] == 0
    code, _, err = okr(capsys, "--db", str(ws), "keys", "add", "jack", str(key))
    assert code == 2 and "already hanna's" in err and err.count("\n") == 1
    code, _, err = okr(capsys, "--db", str(ws), "keys", "add", "jack", str(tmp_path / "no.pub"))
    assert code == 2 and err.startswith("okr: cannot read") and err.count("\n") == 1
    code, _, err = okr(capsys, "--db", str(ws), "keys", "remove", "jack")
    assert (code, err) == (2, "okr: jack has no keys\n")


@pytest.mark.parametrize("login", ["", "two words", "tab\there", "esc\x1b[2J", "x" * 65])
def test_logins_follow_the_stores_rules(login: str) -> None:
    with pytest.raises(KeyFileError):
        check_login(login)
    assert check_login("wu.jun") == "wu.jun"


def test_the_key_ring_sees_a_key_added_while_it_runs(ws: Path) -> None:
    from okr_tui.door.ssh_keys import add_key

    ring = KeyRing(ws)
    key = asyncssh.generate_private_key("ssh-ed25519")
    assert ring.holder(key) is None
    add_key(ws, "jack", public(key))
    held = ring.holder(key)
    assert held is not None and held.login == "jack"


def test_failed_logins_wait_longer_after_the_first_few() -> None:
    now = [0.0]
    failures = FailedLogins(clock=lambda: now[0])
    delays = [failures.delay("10.0.0.1") for _ in range(8)]
    assert delays == [0, 0, 0, 1, 2, 4, 8, 10]
    assert failures.delay("10.0.0.2") == 0  # another address has its own count
    now[0] += 601
    assert failures.delay("10.0.0.1") == 0  # forgotten after quiet minutes


def test_the_limits_read_and_say_times_as_people_write_them() -> None:
    assert [read_duration(t) for t in ("30m", "90s", "2h", "15", "0")] == [1800, 90, 7200, 900, 0]
    with pytest.raises(UserError):
        read_duration("soon")
    assert [say_duration(s) for s in (1, 90, 1800, 7200)] == ["1 s", "90 s", "30 min", "2 h"]
    assert terminal_type("xterm-kitty") == "xterm-kitty"
    assert terminal_type("xterm\x1b]0;x") == "xterm-256color"
    assert exit_status(0) == 0 and exit_status(-15) == 143


def test_every_address_says_where_it_listens() -> None:
    line = listening_line("0.0.0.0", 2222)
    assert line.startswith("listening on 0.0.0.0:2222, every address of this machine")
    assert "ssh -p 2222 okr@" in line


def start_server(ws: Path, *args: str) -> tuple[str, str]:
    """`okr ssh --port 0` until it has printed its host key, then stopped: its stdout, stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "okr_tui", "--db", str(ws), "ssh", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline()]
        while lines[-1] and "host key" not in lines[-1]:  # the last line of its start
            lines.append(process.stdout.readline())
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            rest, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            rest, err = process.communicate()
    assert process.returncode == 0, err
    return "".join(lines) + rest, err


@pytest.mark.slow
def test_the_host_key_is_made_once_kept_0600_and_printed_at_each_start(ws: Path) -> None:
    first, _ = start_server(ws)
    host_key = ws.parent / f"{ws.name}.door" / "ssh_host_ed25519_key"
    assert stat.S_IMODE(os.stat(host_key).st_mode) == 0o600
    fingerprint = asyncssh.read_private_key(host_key).get_fingerprint()
    assert "okr ssh: listening on 127.0.0.1:" in first
    assert f"okr ssh: host key {fingerprint} (ssh-ed25519" in first
    assert "no keys yet" in first
    second, err = start_server(ws)
    assert f"okr ssh: host key {fingerprint} (ssh-ed25519" in second
    assert "okr ssh: stopping" in err


def test_okr_ssh_refuses_a_missing_workspace_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = okr(capsys, "--db", str(tmp_path / "none.json"), "ssh", "--port", "0")
    assert code == 2 and "no workspace here" in err and err.count("\n") == 1
    code, _, err = okr(capsys, "--db", str(tmp_path / "none.json"), "ssh", "--idle-timeout", "x")
    assert code == 2 and "--idle-timeout" in err


def test_a_hand_edited_keys_file_with_a_bad_login_lets_nobody_in(ws: Path) -> None:
    from okr_tui.door.ssh_keys import add_key

    key = asyncssh.generate_private_key("ssh-ed25519")
    add_key(ws, "jack", public(key))
    path = keys_path(ws)
    path.write_text(path.read_text().replace('"jack"', '"jack --db=/elsewhere"'))
    with pytest.raises(KeyFileError, match="damaged: a login is one word"):
        KeyRing(ws).holder(key)
