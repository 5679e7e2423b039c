"""`okr serve` behind its login: invitation links, sessions, Host/Origin checks, downloads.

The served web app runs in-process on loopback (aiohttp's TestServer, a free
port). Its apps are the stand-in of helpers_served_app.py, except in the test
that runs the real app and sees the person in its output.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import shlex
import socket
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from textual_serve.app_service import AppService
from textual_serve.download_manager import Download
from textual_serve.server import Server

from okr_tui.cli import Context
from okr_tui.cli.serve import served_command
from okr_tui.door.address import served_address
from okr_tui.door.invites import InviteBook
from okr_tui.door.pages import ASK_FOR_LINK
from okr_tui.door.web import DoorServer
from tests.conftest import TODAY

FAKE_APP = Path(__file__).with_name("helpers_served_app.py")
SAFETY_NET = 60.0
"""Seconds before a test that waits for the app gives up (it never asserts on time)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fake_app(login: str) -> str:
    return shlex.join([sys.executable, str(FAKE_APP), login])


@dataclass
class Door:
    server: DoorServer
    web: TestServer
    book: InviteBook
    commands: list[str] = field(default_factory=list)
    clients: list[TestClient] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    async def client(self) -> TestClient:
        """A browser of its own: its own cookies."""
        client = TestClient(self.web)
        await client.start_server()
        self.clients.append(client)
        return client

    async def opened(self, token: str) -> TestClient:
        """A browser that opened the link with this token."""
        client = await self.client()
        response = await client.get(f"/login/{token}")
        assert response.status == 200
        return client

    async def signed_in(self, login: str) -> TestClient:
        """A browser that opened a new invitation of `login` (replacing any earlier one)."""
        return await self.opened(self.book.invite(login))


async def make_door(workspace: Path, command_for: Callable[[str], str]) -> Door:
    port = free_port()
    commands: list[str] = []

    def recorded(login: str) -> str:
        commands.append(login)
        return command_for(login)

    book = InviteBook(workspace)
    server = DoorServer(
        command_for=recorded,
        book=book,
        address=served_address("127.0.0.1", port, None),
        host="127.0.0.1",
        port=port,
        title="okr-tui · Test org",
    )
    web = TestServer(await server._make_app(), host="127.0.0.1", port=port)
    await web.start_server()
    return Door(server, web, book, commands)


@pytest.fixture
async def door(workspace: Path) -> AsyncIterator[Door]:
    found = await make_door(workspace, fake_app)
    yield found
    await close_door(found)


async def close_door(door: Door) -> None:
    for client in door.clients:
        await client.close()
    # Let every app see its WebSocket go and stop, before the loop goes away.
    async with asyncio.timeout(SAFETY_NET):
        while door.server.open_apps:
            await asyncio.sleep(0.01)
    await door.web.close()


async def read_until(ws: aiohttp.ClientWebSocketResponse, wanted: bytes) -> tuple[bytes, list[str]]:
    """What the app sent (terminal bytes, text messages) until `wanted` showed up."""
    data, texts = b"", []
    async with asyncio.timeout(SAFETY_NET):
        while wanted not in data:
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                data += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                texts.append(message.data)
            else:
                raise AssertionError(f"the websocket ended ({message.type}) before {wanted!r}")
    return data, texts


async def test_without_a_session_there_is_the_short_page_and_no_app(door: Door) -> None:
    client = await door.client()
    response = await client.get("/")
    page = await response.text()
    assert response.status == 403
    assert ASK_FOR_LINK in page
    assert "textual.js" not in page and "/ws" not in page
    for path in ("/static/js/textual.js", "/download/anything"):
        assert (await client.get(path)).status == 403
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": door.origin})
    assert refused.value.status == 403
    assert door.commands == []


async def test_a_good_link_sets_the_cookie_and_opens_the_app_as_that_person(door: Door) -> None:
    client = await door.client()
    token = door.book.invite("ann")
    response = await client.get(f"/login/{token}", allow_redirects=False)
    assert response.status == 200
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http on loopback
    page = await response.text()
    # The page moves the browser on to `/`, so the token leaves the address bar.
    assert '<meta http-equiv="refresh" content="0; url=/">' in page
    assert response.headers["Referrer-Policy"] == "no-referrer"

    index = await client.get("/")
    assert index.status == 200
    html = await index.text()
    assert "textual.js" in html and f"ws://127.0.0.1:{door.server.port}/ws" in html

    async with client.ws_connect("/ws", headers={"Origin": door.origin}) as ws:
        await read_until(ws, b"served as ann")
    assert door.commands == ["ann"]
    invited = door.book.all()["ann"]
    assert invited.last_used is not None


async def test_a_bad_or_revoked_link_is_refused(door: Door) -> None:
    client = await door.client()
    token = door.book.invite("ann")
    assert (await client.get("/login/not-a-token")).status == 403
    door.book.revoke("ann")
    response = await client.get(f"/login/{token}")
    assert response.status == 403
    assert "Set-Cookie" not in response.headers
    assert ASK_FOR_LINK in await response.text()


async def test_revoking_ends_the_sessions_of_that_login(door: Door) -> None:
    ann = await door.signed_in("ann")
    bob = await door.signed_in("bob")
    ws = await ann.ws_connect("/ws", headers={"Origin": door.origin})
    await read_until(ws, b"served as ann")
    door.book.revoke("ann")
    assert (await ann.get("/")).status == 403
    assert (await bob.get("/")).status == 200
    # The app ann still had open is closed too.
    assert await door.server.end_revoked() == 1
    async with asyncio.timeout(SAFETY_NET):
        while (await ws.receive()).type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            pass
    await ws.close()
    # A new link for ann does not bring the old session back.
    door.book.invite("ann")
    assert (await ann.get("/")).status == 403


@pytest.mark.parametrize(
    "foreign",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Host": "evil.example"},
        {"Host": "evil.example:8000"},
    ],
)
async def test_a_foreign_origin_or_host_is_refused(door: Door, foreign: dict[str, str]) -> None:
    client = await door.signed_in("ann")
    headers = {"Origin": door.origin, **foreign}
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers=headers)
    assert refused.value.status == 403
    assert (await client.get("/", headers=headers)).status == 403
    assert door.commands == []


async def test_a_websocket_without_an_origin_is_refused(door: Door) -> None:
    client = await door.signed_in("ann")
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 403
    assert door.commands == []


async def test_pages_of_the_served_address_and_its_loopback_names_pass(door: Door) -> None:
    client = await door.signed_in("ann")
    port = door.server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        response = await client.get("/", headers={"Host": host, "Origin": f"http://{host}"})
        assert response.status == 200, host
    assert (await client.get("/", headers={"Host": f"127.0.0.1:{port + 1}"})).status == 403


async def test_a_download_belongs_to_the_session_that_made_it(door: Door) -> None:
    token = door.book.invite("ann")
    ann = await door.opened(token)
    other_ann = await door.opened(token)  # the same person in another browser
    async with ann.ws_connect("/ws", headers={"Origin": door.origin}) as ws:
        _, texts = await read_until(ws, b"served as ann")
        while not texts:
            texts.append((await ws.receive()).data)
        assert json.loads(texts[0]) == ["deliver_file_start", "report-ann"]
        refused = await other_ann.get("/download/report-ann")
        assert refused.status == 403 and "another session" in await refused.text()
        mine = await ann.get("/download/report-ann")
        assert mine.status == 200 and await mine.read() == b"report of ann"


async def test_the_session_cookie_is_secure_when_the_public_url_is_https(
    workspace: Path,
) -> None:
    port = free_port()
    book = InviteBook(workspace)
    server = DoorServer(
        command_for=fake_app,
        book=book,
        address=served_address("127.0.0.1", port, "https://okr.example.com"),
        host="127.0.0.1",
        port=port,
        title="okr-tui",
    )
    async with TestClient(TestServer(await server._make_app(), port=port)) as client:
        response = await client.get(
            f"/login/{book.invite('ann')}", headers={"Host": "okr.example.com"}
        )
        assert response.status == 200
        assert "Secure" in response.headers["Set-Cookie"]
        # The test talks plain http to the server, as an https proxy in front of it would.
        cookie = f"{server.cookie_name}={response.cookies[server.cookie_name].value}"
        proxied = {"Host": "okr.example.com", "Cookie": cookie}
        page = await client.get("/", headers={**proxied, "Origin": "https://okr.example.com"})
        assert page.status == 200
        assert "wss://okr.example.com/ws" in await page.text()
        foreign = await client.get("/", headers={**proxied, "Origin": "http://okr.example.com"})
        assert foreign.status == 403  # same name, other scheme: another origin


def test_the_textual_serve_methods_the_door_overrides_are_still_there() -> None:
    # DoorServer overrides or calls these; if textual-serve renames one, the login is bypassed
    # or broken, and this test says which.
    for name in (
        "_make_app",
        "handle_websocket",
        "handle_download",
        "handle_index",
        "on_startup",
        "initialize_logging",
        "_process_messages",
    ):
        assert inspect.iscoroutinefunction(getattr(Server, name)) or name == "initialize_logging"
    assert list(inspect.signature(Server._process_messages).parameters) == [
        "self",
        "websocket",
        "app_service",
    ]
    assert "app_service" in {f.name for f in Download.__dataclass_fields__.values()}
    assert "self._process =" in inspect.getsource(AppService._open_app_process)
    # The routes the guard knows by path or name are textual-serve's.
    assert "/ws" in inspect.getsource(Server._make_app)


async def test_tokens_do_not_reach_the_access_log(
    door: Door, caplog: pytest.LogCaptureFixture
) -> None:
    door.server.initialize_logging()
    token = door.book.invite("ann")
    client = await door.client()
    with caplog.at_level("INFO", logger="aiohttp.access"):
        await client.get(f"/login/{token}")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/login/(hidden)" in logged and token not in logged


@pytest.mark.slow
async def test_the_real_app_runs_as_the_invited_person(workspace: Path) -> None:
    ctx = Context(db=workspace, user="owner", today=TODAY)
    found = await make_door(workspace, lambda login: served_command(ctx, login))
    try:
        client = await found.signed_in("zelda-quill")
        async with client.ws_connect(
            "/ws?width=120&height=40", headers={"Origin": found.origin}
        ) as ws:
            await read_until(ws, b"zelda-quill")
        assert found.commands == ["zelda-quill"]
    finally:
        await close_door(found)


def test_the_served_address_knows_its_names() -> None:
    local = served_address("127.0.0.1", 8000, None)
    assert local.public_url == "http://127.0.0.1:8000"
    assert local.allows_host("127.0.0.1:8000") and local.allows_host("LOCALHOST:8000")
    assert local.allows_host("[::1]:8000")
    assert not local.allows_host("127.0.0.1:8001") and not local.allows_host("127.0.0.1")
    assert not local.allows_host(None) and not local.allows_host("user@127.0.0.1:8000")
    assert local.allows_origin("http://localhost:8000")
    assert not local.allows_origin("https://127.0.0.1:8000")
    assert not local.allows_origin("http://127.0.0.1:8000.evil.example")
    proxied = served_address("127.0.0.1", 8000, "https://okr.example.com")
    assert proxied.secure and not local.secure
    assert proxied.allows_host("okr.example.com") and proxied.allows_host("okr.example.com:443")
    assert proxied.allows_origin("https://okr.example.com")
    assert not proxied.allows_origin("https://okr.example.com.evil.example")
    wide = served_address("0.0.0.0", 8000, "http://box.example:8000")
    assert wide.allows_host("box.example:8000") and not wide.allows_host("localhost:8000")


async def test_a_link_still_opens_when_its_use_cannot_be_noted(
    door: Door, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(login: str) -> None:
        raise PermissionError(13, "Permission denied")

    token = door.book.invite("ann")
    monkeypatch.setattr(door.book, "mark_used", read_only)
    client = await door.opened(token)
    assert (await client.get("/")).status == 200
    async with client.ws_connect("/ws", headers={"Origin": door.origin}) as ws:
        await read_until(ws, b"served as ann")


async def test_a_damaged_invitations_file_lets_nobody_in_and_says_so(door: Door) -> None:
    ann = await door.signed_in("ann")
    token = door.book.invite("bob")
    door.book.path.write_text("{damaged")
    for client, path in ((ann, "/"), (await door.client(), f"/login/{token}")):
        response = await client.get(path)
        text = await response.text()
        assert response.status == 503 and "not a file of invitations" in text
        assert text.count("\n") == 1


async def test_signing_out_ends_the_session_and_closes_its_apps(door: Door) -> None:
    ann = await door.signed_in("ann")
    bob = await door.signed_in("bob")
    ws = await ann.ws_connect("/ws", headers={"Origin": door.origin})
    await read_until(ws, b"served as ann")
    (cookie,) = [c for c in ann.session.cookie_jar if c.key == door.server.cookie_name]
    page = await ann.get("/logout")
    assert page.status == 200 and "signed out" in await page.text()
    async with asyncio.timeout(SAFETY_NET):
        while (await ws.receive()).type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            pass
    await ws.close()
    assert (await ann.get("/")).status == 403  # the link again, or nothing
    assert (await bob.get("/")).status == 200  # another browser stays in
    # The same cookie, kept and sent again after signing out, opens nothing either.
    replayed = await door.client()
    cookies = {"Cookie": f"{cookie.key}={cookie.value}"}
    assert (await replayed.get("/", headers=cookies)).status == 403


async def test_a_page_of_another_site_cannot_sign_anyone_out(door: Door) -> None:
    ann = await door.signed_in("ann")
    refused = await ann.get("/logout", headers={"Origin": "http://evil.example"})
    assert refused.status == 403
    assert (await ann.get("/")).status == 200
