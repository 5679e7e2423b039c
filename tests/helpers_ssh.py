"""What the `okr ssh` tests share: a server on loopback, keys, and a screen read from a channel."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import asyncssh

from okr_tui import samples
from okr_tui.door.ssh_keys import add_key
from okr_tui.door.ssh_log import DoorLog
from okr_tui.door.ssh_server import DoorSettings, SshDoor

DEADLINE = 90.0
"""Seconds a test waits for text on the screen before it fails (generous: a busy machine)."""

ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
CURSOR = re.compile(r"\x1b\[(\d+);(\d+)H")
SIZE = (120, 40)


def sample_workspace(tmp_path: Path) -> Path:
    """The TeeBee sample, anchored today so the app's current quarter has its OKRs."""
    return samples.build("teebee", tmp_path / "teebee.json", date.today())


def new_key(workspace: Path | None = None, login: str | None = None) -> asyncssh.SSHKey:
    """A fresh client key; authorised for `login` when one is given."""
    key = asyncssh.generate_private_key("ssh-ed25519")
    if workspace is not None and login is not None:
        add_key(workspace, login, key.export_public_key().decode())
    return key


@asynccontextmanager
async def running_door(workspace: Path, **settings: Any) -> AsyncIterator[SshDoor]:
    """`okr ssh` on a free loopback port, its log kept in `door.log.stream`."""
    door = SshDoor(
        DoorSettings(workspace=workspace, host="127.0.0.1", port=0, **settings),
        log=DoorLog(workspace, stream=io.StringIO()),
    )
    await door.start()
    try:
        yield door
    finally:
        await door.close()


def log_text(door: SshDoor) -> str:
    stream = door.log.stream
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


async def connect(door: SshDoor, key: asyncssh.SSHKey | None, **options: Any) -> Any:
    return await asyncssh.connect(
        "127.0.0.1",
        door.port,
        username="okr",
        known_hosts=None,
        client_keys=[key] if key is not None else None,
        agent_path=None,
        **options,
    )


class Screen:
    """What the app wrote to the channel, read until some text shows (or the deadline)."""

    def __init__(self, process: asyncssh.SSHClientProcess[bytes]) -> None:
        self.process = process
        self.raw = bytearray()

    def text(self, since: int = 0) -> str:
        return ESCAPES.sub("", bytes(self.raw[since:]).decode("utf-8", "replace"))

    def mark(self) -> int:
        return len(self.raw)

    async def read_some(self, deadline: float) -> bool:
        """Read what arrives; False once the channel has closed."""
        loop = asyncio.get_running_loop()
        chunk = await asyncio.wait_for(
            self.process.stdout.read(65536), max(0.1, deadline - loop.time())
        )
        self.raw += chunk
        return bool(chunk)

    async def wait_for(self, text: str, since: int = 0) -> None:
        deadline = asyncio.get_running_loop().time() + DEADLINE
        while text not in self.text(since):
            try:
                more = await self.read_some(deadline)
            except TimeoutError:
                more = False
            if not more and text not in self.text(since):
                raise AssertionError(f"{text!r} never showed; the screen: {self.text()[-2000:]!r}")

    def cursor(self, since: int = 0) -> tuple[int, int] | None:
        """Where the app last put the terminal's cursor (row, column): in the focused field."""
        found = CURSOR.findall(bytes(self.raw[since:]).decode("utf-8", "replace"))
        return (int(found[-1][0]), int(found[-1][1])) if found else None

    async def press_enter(self, until: str) -> None:
        """Press enter; wait until the cursor leaves its field (focus moved on) or `until` shows."""
        before = self.cursor()
        mark = self.mark()
        self.process.stdin.write(b"\r")
        deadline = asyncio.get_running_loop().time() + DEADLINE
        while until not in self.text(mark) and not _moved(before, self.cursor(mark)):
            try:
                more = await self.read_some(deadline)
            except TimeoutError:
                more = False
            if not more:
                raise AssertionError(f"enter changed nothing: {self.text()[-1000:]!r}")

    async def send(self, keys: str, then: str) -> None:
        """Type `keys` and wait for `then` to show in what the app writes after them."""
        mark = self.mark()
        self.process.stdin.write(keys.encode())
        await self.wait_for(then, since=mark)

    async def wait_closed(self) -> None:
        deadline = asyncio.get_running_loop().time() + DEADLINE
        while await self.read_some(deadline):
            pass
        await asyncio.wait_for(self.process.wait_closed(), DEADLINE)


async def open_app(conn: Any, size: tuple[int, int] = SIZE) -> Screen:
    process = await conn.create_process(term_type="xterm-256color", term_size=size, encoding=None)
    return Screen(process)


def _moved(before: tuple[int, int] | None, now: tuple[int, int] | None) -> bool:
    """Whether the cursor went to another field (not one cell on, as typing moves it)."""
    if now is None:
        return False
    return before is None or now[0] != before[0] or abs(now[1] - before[1]) > 5
