"""A participant in a browser: `okr serve` for real, an invited person joins hanna's workshop.

The test runs `okr serve` as a process on loopback, signs in with an
invitation as a browser would, opens the app's WebSocket the way
textual-serve's page does (`["resize", ...]` on open, then every key as
`["stdin", ...]`), and presses keys. What it asserts is what the room sees in
the workspace: zoe's heartbeat at hanna's step, and the candidate she wrote.
It waits by polling the workspace, never by sleeping before an assertion.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar, cast

import aiohttp
import pytest

from okr_tui import presence
from okr_tui import workshop as core
from okr_tui.cli import main
from okr_tui.models import Charter, Objective, Unit, Workshop
from okr_tui.store import Store
from tests.conftest import fixed_clock
from tests.test_serve import free_port

T = TypeVar("T")

DEADLINE = 120.0
"""Seconds before a wait gives up: a safety net on a busy machine, never a measure."""
PERIOD = "2026-Q4"
UNIT = "un-teeb"
SIZE = {"width": 100, "height": 30}
CANDIDATE = "Win the chefs of the city"


def seed(workspace: Path) -> Workshop:
    """TeeBee with its charter; hanna started the workshop and leads it at step 4."""
    hanna = Store(workspace, "hanna", clock=fixed_clock)
    with hanna.transaction():
        hanna.ensure_period(PERIOD)
        hanna.add(Unit(id=UNIT, name="TeeBee", kind="company"))
        hanna.add(Charter(unit_id=UNIT, mission="Let tea lovers mix tea well."))
        for login in ("hanna", "zoe"):
            hanna.ensure_person(login)
    workshop = core.start_or_resume(hanna, UNIT, PERIOD)
    return core.room.move_step(hanna, workshop.id, "objectives")


def invite(workspace: Path, login: str, origin: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The path of a new invitation link for `login`, as `okr invite` prints it."""
    assert main(["--db", str(workspace), "invite", login, "--url", origin]) == 0
    return capsys.readouterr().out.split(origin)[1].split()[0]


def serve(workspace: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "okr_tui",
            "--db",
            str(workspace),
            "--as",
            "hanna",
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "OKR_LANG": "en", "NO_COLOR": "1"},
    )


async def until(
    what: str, found: Callable[[], T | Awaitable[T | None] | None], server: subprocess.Popen[bytes]
) -> T:
    """Poll until `found()` gives something; fail (saying what) after DEADLINE."""
    give_up = time.monotonic() + DEADLINE
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise AssertionError(f"okr serve ended while waiting for {what}")
        result = found()
        if inspect.isawaitable(result):
            result = await result
        if result is not None:
            return cast("T", result)
        await asyncio.sleep(0.2)
    raise AssertionError(f"no {what} within {DEADLINE:.0f} s")


def heartbeat_of(workspace: Path, login: str) -> presence.Presence | None:
    return next((p for p in presence.everyone(workspace) if p.login == login), None)


def at_the_step(workspace: Path, workshop: Workshop) -> presence.Presence | None:
    """Zoe's heartbeat once it says she is in hanna's workshop, at its step."""
    found = heartbeat_of(workspace, "zoe")
    step = core.room.step_number(workshop.step)
    if found is None or found.place.workshop != workshop.id or found.place.step != step:
        return None
    return found


def written(workspace: Path) -> Objective | None:
    drafts = Store(workspace, "hanna").by(Objective, "unit_id", UNIT)
    return next((o for o in drafts if o.title == CANDIDATE), None)


async def drain(ws: aiohttp.ClientWebSocketResponse) -> None:
    """Read what the app draws, as the page does, so its output never backs up."""
    async for _message in ws:
        pass


@pytest.mark.slow
async def test_an_invited_person_joins_the_workshop_from_a_browser(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop = seed(workspace)
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    link = invite(workspace, "zoe", origin, capsys)
    server = serve(workspace, port)
    # The session cookie is set for 127.0.0.1: a jar that keeps cookies of an address.
    browser = aiohttp.ClientSession(base_url=origin, cookie_jar=aiohttp.CookieJar(unsafe=True))
    try:

        async def signed_in() -> bool | None:
            with contextlib.suppress(aiohttp.ClientConnectionError):
                async with browser.get(link) as response:
                    return response.status == 200
            return None

        assert await until("the login page", signed_in, server)
        width, height = SIZE["width"], SIZE["height"]
        async with browser.ws_connect(
            f"/ws?width={width}&height={height}", headers={"Origin": origin}
        ) as ws:
            await ws.send_str(json.dumps(["resize", SIZE]))
            reading = asyncio.create_task(drain(ws))

            async def press(keys: str) -> None:
                await ws.send_str(json.dumps(["stdin", keys]))

            # Zoe's app is open once it beats; then w on home opens the workshop.
            await until("zoe's heartbeat", lambda: heartbeat_of(workspace, "zoe"), server)
            await press("w")
            here = await until("zoe at the step", lambda: at_the_step(workspace, workshop), server)
            # The step's field has the cursor as she lands: she types a candidate.
            await press(CANDIDATE + "\r")
            candidate = await until("zoe's candidate", lambda: written(workspace), server)
            # What hanna's screen reads of her: where she is, and what she wrote.
            others = core.room.in_session(presence.everyone(workspace), workshop, "hanna")
            assert [presence.where(p) for p in others] == [presence.where(here)]
            assert presence.where(here).startswith("zoe: step 4")
            assert candidate.author == "zoe" and candidate.status == "draft"
            assert candidate.unit_id == UNIT and candidate.period_id == PERIOD
            await ws.close()
            reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reading
    finally:
        await browser.close()
        server.send_signal(signal.SIGTERM)
        try:
            _, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert b"Traceback" not in err, err.decode(errors="replace")
    assert link.encode() not in err  # the token stays out of the log
