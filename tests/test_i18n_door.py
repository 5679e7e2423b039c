"""The front door in Chinese: the login pages and refusals a browser reads, and what `okr ssh`
tells the person at the other end. English reads as before."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
import pytest

from okr_tui import i18n
from okr_tui.door import pages
from okr_tui.door.ssh_log import DoorLog
from okr_tui.door.ssh_server import DoorSettings, SshDoor
from okr_tui.door.ssh_session import AppSession, SessionPlan
from tests.test_serve_door import Door, close_door, fake_app, make_door

CHINESE_BROWSER = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-GB,en;q=0.9,zh;q=0.8", "en"),
        ("fr-FR, zh-TW;q=0.5, en;q=0.3", "zh"),
        ("en;q=0.2, zh;q=0.7", "zh"),
        ("zh;q=0, en", "en"),
        ("fr, de", "en"),  # none okr-tui speaks: the server's own language
        ("", "en"),
        (None, "en"),
    ],
)
def test_a_page_speaks_the_browsers_first_language_that_okr_tui_speaks(
    header: str | None, expected: str
) -> None:
    assert pages.reader_language(header) == expected


def test_pages_in_chinese_and_in_english_as_before() -> None:
    page = pages.login_needed("zh")
    assert '<html lang="zh-CN">' in page
    assert "<title>okr-tui：需要邀请</title>" in page
    assert "向运行 okr serve 的人要一个邀请：okr invite 你的登录名" in page
    assert "已以 &lt;b&gt; 的身份登录" in pages.signed_in("<b>", "zh")  # the login stays escaped
    assert "这个邀请无效" in pages.bad_link("zh")
    assert i18n.current_language() == "en"  # the server's own language is left as it was
    english = pages.login_needed()
    assert '<html lang="en">' in english
    assert "<title>okr-tui: an invitation is needed</title>" in english
    assert (
        "<p>This workspace asks who you are. To come in, ask whoever runs okr serve for an "
        "invitation: okr invite YOUR-LOGIN, then open the link it prints.</p>\n<p>Used your "
        "link before?"
    ) in english
    assert (
        "<p>Signed in as ann. Opening the app&hellip; "
        '(<a href="/">open it</a> if nothing happens).</p>\n'
        "<p>Keep your link to yourself: anyone who opens it comes in as you.</p>"
    ) in pages.signed_in("ann")


@pytest.fixture
async def door(workspace: Path) -> AsyncIterator[Door]:
    found = await make_door(workspace, fake_app)
    yield found
    await close_door(found)


async def test_a_chinese_browser_reads_the_login_pages_and_refusals_in_chinese(door: Door) -> None:
    client = await door.client()
    response = await client.get("/", headers=CHINESE_BROWSER)
    assert response.status == 403
    assert "这个工作区需要知道你是谁" in await response.text()
    response = await client.get("/login/not-a-token", headers=CHINESE_BROWSER)
    assert "这个邀请无效" in await response.text()
    token = door.book.invite("hanna")
    response = await client.get(f"/login/{token}", headers=CHINESE_BROWSER)
    assert "已以 hanna 的身份登录" in await response.text()
    foreign = {**CHINESE_BROWSER, "Origin": "https://evil.example"}
    response = await client.get("/", headers=foreign)
    assert await response.text() == "okr serve: 已拒绝：来自其他网站的页面\n"
    response = await client.get("/", headers={"Origin": "https://evil.example"})
    assert await response.text() == "okr serve: refused: a page of another site\n"
    english = await (await door.client()).get("/")
    assert await english.text() == pages.login_needed()


def test_a_full_ssh_server_says_so_in_the_language_spoken(workspace: Path) -> None:
    workspace.write_text("")
    door = SshDoor(DoorSettings(workspace=workspace, max_sessions=1))
    door.sessions.add(object())  # type: ignore[arg-type]
    i18n.set_language("zh")
    with pytest.raises(asyncssh.ChannelOpenError) as refused:
        door.open_session("jack", "127.0.0.1:5000")
    assert refused.value.reason == "okr: 服务器已满（1 个会话）；请稍后再试"
    # The log is the server's record, read and searched by whoever runs it: English.
    assert "refused jack from 127.0.0.1:5000: the server is full (1 session)" in (
        door.log.path.read_text()
    )
    i18n.set_language("en")
    with pytest.raises(asyncssh.ChannelOpenError) as refused:
        door.open_session("jack", "127.0.0.1:5000")
    assert refused.value.reason == "okr: the server is full (1 session); try again later"


class Channel:
    """What a session writes to its SSH channel."""

    def __init__(self) -> None:
        self.out = b""
        self.err = b""
        self.status: int | None = None

    def write(self, data: bytes) -> None:
        self.out += data

    def write_stderr(self, data: bytes) -> None:
        self.err += data

    def exit(self, status: int) -> None:
        self.status = status

    def is_closing(self) -> bool:
        return self.status is not None


def session(workspace: Path, ending: str | None = None) -> tuple[AppSession, Channel]:
    plan = SessionPlan(
        workspace=workspace,
        login="hanna",
        peer="127.0.0.1:5000",
        idle_timeout=1800,
        log=DoorLog(workspace, stream=io.StringIO()),
        on_end=lambda _session: None,
    )
    app, chan = AppSession(plan), Channel()
    app.connection_made(chan)  # type: ignore[arg-type]
    app._ending = ending
    return app, chan


@pytest.mark.parametrize(
    ("lang", "ending", "told"),
    [
        ("zh", "idle", "okr: 30 min 内没有按键，会话已关闭\r\n"),
        ("zh", "shutdown", "okr: 服务器正在停止\r\n"),
        ("en", "idle", "okr: closed after 30 min without a key press\r\n"),
        ("en", "shutdown", "okr: the server is stopping\r\n"),
    ],
)
def test_an_ssh_session_ends_with_a_line_in_the_language_spoken(
    workspace: Path, lang: str, ending: str, told: str
) -> None:
    i18n.set_language(lang)
    app, chan = session(workspace, ending)
    app._end_channel(0)
    assert chan.out.decode().endswith(told)


def test_an_ssh_client_without_a_terminal_is_told_in_the_language_spoken(workspace: Path) -> None:
    i18n.set_language("zh")
    app, chan = session(workspace)
    app.session_started()
    assert (
        chan.err.decode()
        == "okr: 这个服务器运行 okr 应用，需要终端：请用 ssh -t 连接，不要带命令\r\n"
    )
    i18n.set_language("en")
    app, chan = session(workspace)
    app.session_started()
    assert chan.err.decode() == (
        "okr: this server runs the okr app, which needs a terminal: connect with ssh -t, "
        "without a command\r\n"
    )
