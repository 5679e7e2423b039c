"""`okr serve`: the page is served on loopback; other addresses get a warning."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from okr_tui.cli import Context, main
from okr_tui.cli.serve import is_loopback, served_command
from tests.conftest import TODAY

ATTEMPTS = 150
"""How many times the test asks for the page (0.1 s apart) before giving up."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_page(port: int, process: subprocess.Popen[bytes]) -> str:
    for _ in range(ATTEMPTS):
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                return response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("okr serve did not answer")


@pytest.mark.slow
def test_okr_serve_answers_with_the_textual_serve_page(workspace: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "okr_tui",
            "--db",
            str(workspace),
            "--as",
            "ann",
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )
    try:
        page = get_page(port, process)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
    assert "textual.js" in page and 'class="textual-terminal"' in page
    assert f"ws://127.0.0.1:{port}/ws" in page
    assert "okr-tui" in page
    assert b"warning" not in err  # loopback is the safe default: no warning
    assert f"127.0.0.1:{port}".encode() in out
    # The served command opens the same workspace as the same user.
    assert str(workspace.resolve()).encode() in out and b"--as ann" in out


def test_served_command_passes_workspace_and_user_through(tmp_path: Path) -> None:
    ctx = Context(db=tmp_path / "my team.json", user="ann o'neil", today=TODAY)
    words = shlex.split(served_command(ctx))
    assert words[:3] == [sys.executable, "-m", "okr_tui"]
    assert words[3:] == ["--db", str((tmp_path / "my team.json").resolve()), "--as", "ann o'neil"]


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert not is_loopback("example.org")


def test_other_address_warns_and_busy_port_is_a_one_line_error(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["--db", str(workspace), "--as", "ann", "serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"okr: cannot listen on 127.0.0.1:{port}")
    assert err.count("\n") == 1


def test_warning_names_the_risk(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[tuple[str, int, str | None]] = []

    class FakeServer:
        def __init__(self, command: str, host: str, port: int, title: str, public_url: str):
            served.append((host, port, public_url))

        def serve(self) -> None:
            pass

    monkeypatch.setattr("textual_serve.server.Server", FakeServer)
    port = free_port()
    assert main(["--db", str(workspace), "serve", "--host", "0.0.0.0", "--port", str(port)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "NO login" in err and "SSH tunnel" in err
    assert served[0][:2] == ("0.0.0.0", port)
    assert served[0][2] is not None and "0.0.0.0" not in served[0][2]


def test_bad_port_is_refused(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(workspace), "serve", "--port", "70000"]) == 2
    assert "--port is 1 to 65535" in capsys.readouterr().err
