"""One SSH session: the app as a child process on a pseudo-terminal, bridged to the channel.

A child per session means one person's crash never takes down the server or
anyone else's session. The child gets the pty as its controlling terminal, so
setting the window size (TIOCSWINSZ) also sends it SIGWINCH and it redraws.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import struct
import sys
import termios
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh

from okr_tui.door.ssh_log import DoorLog
from okr_tui.i18n import N_, _
from okr_tui.location import Location, PgUrl

LAUNCH = (
    "import fcntl, runpy, termios; "
    "fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "runpy.run_module('okr_tui', run_name='__main__', alter_sys=True)"
)
"""`python -m okr_tui`, once the pty is the controlling terminal.

subprocess cannot make a terminal the controlling one without a preexec_fn,
which is unsafe in a process with threads (asyncio's child watcher is one), so
the child does it itself: it is already a session leader (start_new_session).
"""

KEPT_ENVIRONMENT = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "TMPDIR",
    "PYTHONPATH",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
)
"""What the app keeps of the server's environment; the rest is the server's business."""

SAFE_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
DEFAULT_TERM = "xterm-256color"
DEFAULT_SIZE = (80, 24)
READ_SIZE = 65536
MAX_PENDING = 1 << 20
"""Keystrokes held for the app before the client is asked to wait."""
STOP_GRACE = 5.0
"""Seconds a child gets to end after SIGTERM before SIGKILL."""

RESTORE_TERMINAL = (
    "\x1b[<u\x1b[?1004l\x1b[?2004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
    "\x1b[?25h\x1b[?1049l\r\n"
)
"""What the app undoes at its own exit (keyboard protocol, focus, paste, mouse, cursor,
alternate screen), sent when the server ends it instead, so the person's terminal works."""

NO_TERMINAL = N_(
    "this server runs the okr app, which needs a terminal: connect with ssh -t, without a command"
)


def child_environment(term: str, workspace: Location | None = None) -> dict[str, str]:
    env = {name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}
    env["TERM"] = term
    env["COLORTERM"] = "truecolor"
    if isinstance(workspace, PgUrl):
        # In the environment, not argv: a password in the URL must not show in ps.
        env["OKR_DB"] = workspace.url
    return env


def where_args(workspace: Location) -> list[str]:
    """The app's --db for a workspace file; a database goes by OKR_DB (child_environment)."""
    return [f"--db={workspace}"] if isinstance(workspace, Path) else []


def terminal_type(requested: str) -> str:
    """The client's TERM when it is a plain name; it ends up in the app's environment."""
    return requested if SAFE_TERM.fullmatch(requested) else DEFAULT_TERM


def set_window_size(fd: int, width: int, height: int, pixwidth: int, pixheight: int) -> None:
    width, height = (width, height) if width > 0 and height > 0 else DEFAULT_SIZE
    size = struct.pack("HHHH", min(height, 0xFFFF), min(width, 0xFFFF), pixwidth, pixheight)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, size)


def say_duration(seconds: float) -> str:
    """`90 s`, `30 min`, `2 h`: a timeout as people say it."""
    for unit, size in (("h", 3600), ("min", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g} {unit}"
    return f"{seconds:g} s"


def exit_status(returncode: int) -> int:
    """A shell's exit status for a child's return code (a signal N shows as 128 + N)."""
    return returncode if returncode >= 0 else 128 - returncode


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """Who the session is for and what the server allows it."""

    workspace: Location
    login: str
    peer: str
    idle_timeout: float
    """Seconds without a key press before the session is closed; 0: never."""
    log: DoorLog
    on_end: Callable[[AppSession], None]
    fingerprint: str = ""
    """The key the person logged in with: removing it ends the session."""


class AppSession(asyncssh.SSHServerSession[bytes]):
    """The app on a pty for one person; the only thing a session may do."""

    def __init__(self, plan: SessionPlan) -> None:
        self.plan = plan
        self.term = DEFAULT_TERM
        self.size: tuple[int, int, int, int] | None = None
        self.started = time.monotonic()
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._master: int | None = None
        self._process: asyncio.subprocess.Process | None = None
        self._pending = b""
        self._reading_paused = False
        self._idle_timer: asyncio.TimerHandle | None = None
        self._ending: str | None = None
        self._starting = False
        self._tasks: set[asyncio.Task[None]] = set()
        self.finished = asyncio.Event()

    # -- what the client may ask ----------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        self.term = terminal_type(term_type)
        self.size = term_size
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.plan.log.write(f"refused a command from {self.plan.login} ({self.plan.peer})")
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        self.plan.log.write(
            f"refused subsystem {subsystem!r} from {self.plan.login} ({self.plan.peer})"
        )
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def session_started(self) -> None:
        chan = self._chan
        assert chan is not None
        if self.size is None:
            chan.write_stderr(f"okr: {_(NO_TERMINAL)}\r\n".encode())
            chan.exit(1)
            return
        self._spawn_task(self._run())

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self._touch()
        self._pending += data
        self._flush_to_child()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = (width, height, pixwidth, pixheight)
        if self._master is not None:
            set_window_size(self._master, width, height, pixwidth, pixheight)

    def eof_received(self) -> bool:
        return False

    def pause_writing(self) -> None:
        if self._master is not None and not self._reading_paused:
            self._reading_paused = True
            asyncio.get_running_loop().remove_reader(self._master)

    def resume_writing(self) -> None:
        if self._master is not None and self._reading_paused:
            self._reading_paused = False
            asyncio.get_running_loop().add_reader(self._master, self._from_child)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._ending is None:
            self._ending = "gone"
        self._cancel_idle()
        self._spawn_task(self.stop())

    # -- the child ------------------------------------------------------------------------

    def _spawn_task(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self) -> None:
        self._starting = True
        master, slave = os.openpty()
        self._master = master
        try:
            assert self.size is not None
            set_window_size(master, *self.size)
            os.set_blocking(master, False)
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-P",  # no folder of the server's (its working folder) on the import path
                "-c",
                LAUNCH,
                # One word each: a login such as "-x" stays the value of --as.
                *where_args(self.plan.workspace),
                f"--as={self.plan.login}",
                stdin=slave,
                stdout=slave,
                stderr=slave,
                start_new_session=True,
                env=child_environment(self.term, self.plan.workspace),
            )
        except OSError as exc:
            self.plan.log.write(f"could not start the app for {self.plan.login}: {exc}")
            self._close_master()
            self._end_channel(1)
            return
        finally:
            os.close(slave)
        asyncio.get_running_loop().add_reader(master, self._from_child)
        self._flush_to_child()  # what was typed while the app started
        self._touch()
        if self._ending is not None:  # the client left while the app was starting
            self._spawn_task(self.stop())
        code = await self._process.wait()
        self._drain()
        self._close_master()
        self._end_channel(exit_status(code))

    def _from_child(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, READ_SIZE)
        except BlockingIOError:
            return
        except OSError:  # EIO: the app closed its terminal (it is ending)
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(self._master)
            return
        if self._chan is not None and not self._chan.is_closing():
            self._chan.write(data)

    def _drain(self) -> None:
        """What the app wrote just before it ended, still in the pty."""
        if self._master is None or self._chan is None or self._chan.is_closing():
            return
        for _attempt in range(64):
            try:
                data = os.read(self._master, READ_SIZE)
            except OSError:
                return
            if not data:
                return
            self._chan.write(data)

    def _flush_to_child(self) -> None:
        loop = asyncio.get_running_loop()
        if self._master is None:
            if len(self._pending) > MAX_PENDING:
                self._pending = self._pending[-MAX_PENDING:]
            return
        while self._pending:
            try:
                written = os.write(self._master, self._pending)
            except BlockingIOError:
                break
            except OSError:
                self._pending = b""
                break
            self._pending = self._pending[written:]
        if self._pending:
            loop.add_writer(self._master, self._flush_to_child)
        else:
            loop.remove_writer(self._master)
        if self._chan is not None:
            if len(self._pending) > MAX_PENDING:
                self._chan.pause_reading()
            else:
                self._chan.resume_reading()

    def _close_master(self) -> None:
        if self._master is None:
            return
        loop = asyncio.get_running_loop()
        loop.remove_reader(self._master)
        loop.remove_writer(self._master)
        with contextlib.suppress(OSError):
            os.close(self._master)
        self._master = None

    def _end_channel(self, status: int) -> None:
        self._cancel_idle()
        chan = self._chan
        if chan is not None and not chan.is_closing():
            if self._ending == "idle":
                idle = say_duration(self.plan.idle_timeout)
                closed = _("closed after {time} without a key press").format(time=idle)
                chan.write(f"{RESTORE_TERMINAL}okr: {closed}\r\n".encode())
            elif self._ending == "key removed":
                closed = _("your key was removed; the session is closed")
                chan.write(f"{RESTORE_TERMINAL}okr: {closed}\r\n".encode())
            elif self._ending == "shutdown":
                stopping = _("the server is stopping")
                chan.write(f"{RESTORE_TERMINAL}okr: {stopping}\r\n".encode())
            chan.exit(status)
        if not self.finished.is_set():
            self.finished.set()
            self.plan.on_end(self)

    async def stop(self, reason: str | None = None) -> None:
        """End the app (its pid only) and reap it; the channel closes after it."""
        if reason is not None and self._ending is None:
            self._ending = reason
        process = self._process
        if process is None:
            if self._starting:  # _run sees the reason once the app has started
                return
            self._close_master()
            self._end_channel(1)
            return
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), STOP_GRACE)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        await self.finished.wait()

    # -- idleness -------------------------------------------------------------------------

    def _touch(self) -> None:
        if self.plan.idle_timeout <= 0 or self._ending is not None:
            return
        self._cancel_idle()
        loop = asyncio.get_running_loop()
        self._idle_timer = loop.call_later(self.plan.idle_timeout, self._idle)

    def _cancel_idle(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    def _idle(self) -> None:
        self._idle_timer = None
        self.plan.log.write(
            f"closing {self.plan.login}'s session ({self.plan.peer}): "
            f"no key pressed for {say_duration(self.plan.idle_timeout)}"
        )
        self._spawn_task(self.stop("idle"))

    @property
    def child(self) -> asyncio.subprocess.Process | None:
        """The app's process, once started."""
        return self._process

    def window_size(self) -> tuple[int, int] | None:
        """The pty's size (columns, lines) as the app sees it, while it runs."""
        if self._master is None:
            return None
        size = os.get_terminal_size(self._master)
        return size.columns, size.lines
