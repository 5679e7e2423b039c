"""The served web app of `okr serve`: textual-serve's server behind a login.

textual-serve runs one command for every browser and trusts whoever connects.
`DoorServer` puts a guard (an aiohttp middleware) before every handler: the
Host and Origin must be the served address, and every page but the login link
needs a session. Each WebSocket then starts the app as its session's login;
a file the app delivers (`deliver_*`) may be fetched by that session only; a
revoked login loses its open apps too.

textual-serve has no public hook for these, so four of its methods are
overridden: `_make_app` (add the guard and the login route), `handle_websocket`
(one command per login; it follows textual-serve's own), `handle_download`
(check the owner first) and `on_startup` (what it prints); `initialize_logging`
keeps tokens out of the access log. `_process_messages` is called as
textual-serve's own handler calls it, and the app's process
(`AppService._process`) is waited for. tests/test_serve_door.py fails if any
of them goes away.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial

from aiohttp import WSCloseCode, hdrs, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from okr_tui.door import pages
from okr_tui.door.address import ServedAddress
from okr_tui.door.invites import InviteBook, InviteError
from okr_tui.door.sessions import Session, Sessions
from okr_tui.i18n import N_, _

log = logging.getLogger("okr-tui.serve")

REVOCATION_CHECK = 2.0
"""Seconds between looks for revoked logins whose apps are still open."""

WS_HEARTBEAT = 15.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class OpenApps:
    """The WebSockets (each one app) a session has open."""

    session: Session
    sockets: set[web.WebSocketResponse] = field(default_factory=set)


LINK_IN_LOG = re.compile(r"/login/[^\s\"?]+")


class HideLinks(logging.Filter):
    """Keeps invitation tokens out of the access log: a log line must not let anyone in."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/login/" in message:
            record.msg, record.args = LINK_IN_LOG.sub("/login/(hidden)", message), None
        return True


def _refused(reason: str, request: web.Request) -> web.Response:
    return web.Response(status=403, text=_refusal(reason, request))


def _refusal(reason: str, request: web.Request) -> str:
    """A refusal's one line, in the language of the browser that is refused."""
    with pages.speaking(_reader(request)):
        return "okr serve: " + _("refused: {reason}").format(reason=_(reason)) + "\n"


def _reader(request: web.Request) -> str:
    return pages.reader_language(request.headers.get(hdrs.ACCEPT_LANGUAGE))


async def _close(websocket: web.WebSocketResponse) -> None:
    await websocket.close()


async def _reaped(app_service: AppService) -> None:
    # stop() returns when the app's output ends; waiting for its exit as well leaves no
    # process for the event loop to reap after it has moved on (or closed, in a test).
    process: asyncio.subprocess.Process | None = getattr(app_service, "_process", None)
    if process is not None:
        await process.wait()


def _html(text: str, status: int = 200) -> web.Response:
    response = web.Response(status=status, text=text, content_type="text/html")
    response.headers[hdrs.CACHE_CONTROL] = "no-store"
    return response


class DoorServer(Server):
    """A textual-serve server that lets in invited people only, each as themselves."""

    def __init__(
        self,
        *,
        command_for: Callable[[str], str],
        book: InviteBook,
        address: ServedAddress,
        host: str,
        port: int,
        title: str,
    ) -> None:
        super().__init__(
            "okr (as each login)",
            host=host,
            port=port,
            title=title,
            public_url=address.public_url,
        )
        self.command_for = command_for
        self.address = address
        self.sessions = Sessions(book)
        # Cookies are shared by every port of a host: one name per port keeps two servers apart.
        self.cookie_name = f"okr_session_{port}"
        self._owners: dict[str, str] = {}
        """Which session (its key) started each running app (its app_service_id)."""
        self._open: dict[str, OpenApps] = {}

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").addFilter(HideLinks())

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        app.router.add_get("/login/{token}", self.handle_login, name="login")
        app.router.add_get("/logout", self.handle_logout, name="logout")
        app.on_response_prepare.append(self._no_framing)
        app.cleanup_ctx.append(self._watch_revocations)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await self._checked(request, handler)
        except InviteError as error:
            # A damaged invitations file lets nobody in, and says so in one line.
            log.error("%s", error)
            return web.Response(status=503, text=f"okr serve: {error}\n")

    async def _checked(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.address.allows_host(request.headers.get(hdrs.HOST)):
            return _refused(
                N_("unknown Host; okr serve answers to its own address (see --public-url)"), request
            )
        origin = request.headers.get(hdrs.ORIGIN)
        if origin is None and request.path == "/ws":
            # Browsers always send an Origin with a WebSocket: one without is not from a page.
            return _refused(N_("a WebSocket without an Origin"), request)
        if origin is not None and not self.address.allows_origin(origin):
            return _refused(N_("a page of another site"), request)
        if request.match_info.route.name in ("login", "logout"):
            return await handler(request)
        session = self.sessions.current(request.cookies.get(self.cookie_name))
        if session is None:
            return _html(pages.login_needed(_reader(request)), status=403)
        return await handler(request)

    def _session_of(self, request: web.Request) -> Session:
        """The request's session; the guard let the request through, so it has one."""
        session = self.sessions.current(request.cookies.get(self.cookie_name))
        if session is None:
            raise web.HTTPForbidden(text=_refusal(N_("no session"), request))
        return session

    async def _no_framing(self, request: web.Request, response: web.StreamResponse) -> None:
        # Another site must not show the app in a frame and steer the clicks into it.
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"

    async def _note_use(self, login: str) -> None:
        # "Last used" is for `okr invite --list`: failing to note it must not keep anyone out.
        try:
            await asyncio.to_thread(self.sessions.book.mark_used, login)
        except (OSError, InviteError) as error:
            log.warning("cannot note that %s used their link: %s", login, error)

    async def handle_login(self, request: web.Request) -> web.StreamResponse:
        """An invitation link: a good token starts a session and sends the browser to `/`."""
        invite = self.sessions.book.find(request.match_info["token"])
        if invite is None:
            return _html(pages.bad_link(_reader(request)), status=403)
        session_id, _session = self.sessions.start(invite)
        await self._note_use(invite.login)
        response = _html(pages.signed_in(invite.login, _reader(request)))
        # The token is in this page's address: it must not travel on in a Referer.
        response.headers["Referrer-Policy"] = "no-referrer"
        response.set_cookie(
            self.cookie_name,
            session_id,
            path="/",
            httponly=True,
            samesite="Strict",
            secure=self.address.secure,
        )
        return response

    async def handle_logout(self, request: web.Request) -> web.StreamResponse:
        """Sign this browser out: forget its session, close its apps, drop its cookie.

        Another site cannot sign anyone out: its requests carry no SameSite=Strict
        cookie, and a page of another site is refused before this.
        """
        session = self.sessions.current(request.cookies.get(self.cookie_name))
        if session is not None:
            self.sessions.end(session)
            await self._close_apps(session.key, b"signed out")
        response = _html(pages.signed_out(_reader(request)))
        response.del_cookie(self.cookie_name, path="/")
        return response

    async def _close_apps(self, key: str, why: bytes) -> int:
        """Close the apps (WebSockets) a session has open; how many."""
        apps = self._open.get(key)
        sockets = list(apps.sockets) if apps is not None else []
        for websocket in sockets:
            await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=why)
        return len(sockets)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the app delivered: for the session whose app made it, and no other."""
        session = self._session_of(request)
        try:
            download = await self.download_manager.get_download_metadata(request.match_info["key"])
        except KeyError:
            raise web.HTTPNotFound(text="no such download") from None
        if self._owners.get(download.app_service.app_service_id) != session.key:
            return _refused(N_("this download belongs to another session"), request)
        return await super().handle_download(request)

    def _track(self, session: Session, websocket: web.WebSocketResponse) -> None:
        self._open.setdefault(session.key, OpenApps(session)).sockets.add(websocket)

    def _untrack(self, session: Session, websocket: web.WebSocketResponse) -> None:
        apps = self._open.get(session.key)
        if apps is not None:
            apps.sockets.discard(websocket)
            if not apps.sockets:
                del self._open[session.key]

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """The WebSocket that drives one app, started as the session's login.

        It follows textual-serve's own handler; only the command differs (and the
        bookkeeping of who owns what).
        """
        session = self._session_of(request)
        websocket = web.WebSocketResponse(heartbeat=WS_HEARTBEAT)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        self._track(session, websocket)
        try:
            await websocket.prepare(request)
            app_service = AppService(
                self.command_for(session.login),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=partial(_close, websocket),
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self._owners[app_service.app_service_id] = session.key
            await self._note_use(session.login)
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
                await _reaped(app_service)
                self._owners.pop(app_service.app_service_id, None)
            self._untrack(session, websocket)
        return websocket

    @property
    def open_apps(self) -> int:
        """How many apps (WebSockets) are running now."""
        return sum(len(apps.sockets) for apps in self._open.values())

    async def end_revoked(self) -> int:
        """Close the apps of sessions whose login was revoked (or re-invited); how many."""
        closed = 0
        for key, apps in list(self._open.items()):
            if not self.sessions.valid(apps.session):
                closed += await self._close_apps(key, b"invitation revoked")
        self.sessions.ended()
        return closed

    async def _watch_revocations(self, app: web.Application) -> AsyncIterator[None]:
        async def watch() -> None:
            while True:
                await asyncio.sleep(REVOCATION_CHECK)
                try:
                    await self.end_revoked()
                except Exception as error:  # a bad invitations file must not stop the server
                    log.warning("cannot check invitations: %s", error)

        task = asyncio.create_task(watch())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"okr serve: {self.address.public_url}", highlight=False)
        self.console.print(
            _(
                "Only invited people come in, each as themselves: "
                "okr invite LOGIN prints their personal link."
            ),
            highlight=False,
        )
        self.console.print(_("Press Ctrl+C to quit."), highlight=False)
