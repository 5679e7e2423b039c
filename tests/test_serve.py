"""`okr serve`: served on loopback behind a login; other addresses get a warning."""

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
from okr_tui.door.address import ServedAddress
from tests.conftest import TODAY

ATTEMPTS = 150
"""How many times the test asks for the page (0.1 s apart) before giving up."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_page(port: int, process: subprocess.Popen[bytes], path: str = "/") -> tuple[int, str]:
    for _ in range(ATTEMPTS):
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("okr serve did not answer")


@pytest.mark.slow
def test_okr_serve_asks_for_a_link_and_opens_the_app_with_one(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    assert main(["--db", str(workspace), "invite", "ann", "--url", f"http://127.0.0.1:{port}"]) == 0
    link = capsys.readouterr().out.split(f"http://127.0.0.1:{port}")[1].split()[0]
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
        status, page = get_page(port, process)
        login_status, welcome = get_page(port, process, link)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
    # Without a session: the short page, no app.
    assert status == 403 and "okr invite YOUR-LOGIN" in page and "textual.js" not in page
    assert login_status == 200 and "Signed in as ann" in welcome
    assert b"warning" not in err  # loopback is the safe default: no warning
    assert f"http://127.0.0.1:{port}".encode() in out and b"okr invite LOGIN" in out
    assert link.encode() not in out + err  # the token stays out of the log


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
        def __init__(self, *, address: ServedAddress, host: str, port: int, **_: object):
            served.append((host, port, address.public_url))

        def serve(self) -> None:
            pass

    monkeypatch.setattr("okr_tui.door.web.DoorServer", FakeServer)
    monkeypatch.setattr("textual_serve.server.Server", FakeServer)  # never serve for real
    port = free_port()
    assert main(["--db", str(workspace), "serve", "--host", "0.0.0.0", "--port", str(port)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "SSH tunnel" in err
    # The login requirement is named, and nobody is invited yet.
    assert "Only invited people come in (okr invite LOGIN)" in err
    assert "nobody is invited yet" in err
    assert served[0][:2] == ("0.0.0.0", port)
    assert "0.0.0.0" not in served[0][2]


def test_bad_port_is_refused(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(workspace), "serve", "--port", "70000"]) == 2
    assert "--port is 1 to 65535" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["okr.example.com", "https://okr.example.com/okr", "ftp://x"])
def test_bad_public_url_is_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    assert main(["--db", str(workspace), "serve", "--public-url", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("okr: --public-url") and err.count("\n") == 1
