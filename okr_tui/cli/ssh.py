"""`okr ssh`: an SSH server in front of the workspace, each person in as themselves.

Each connection logs in with a key from `okr keys` and gets its own app on a
pseudo-terminal, as the person whose key it is. The server's host key is made on
first start and kept beside the workspace; its fingerprint is printed at every
start so people can check what their ssh client shows them.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import socket
from typing import TYPE_CHECKING

from okr_tui.cli import Context, UserError
from okr_tui.cli.serve import cannot_listen
from okr_tui.door.ssh_limits import DEFAULT_HOST, DEFAULT_MAX_SESSIONS, DEFAULT_PORT
from okr_tui.i18n import N_, _

if TYPE_CHECKING:
    from okr_tui.door.ssh_server import DoorSettings

NO_KEYS = N_("no keys yet: okr keys add LOGIN FILE.pub lets someone in")
"""Said by okr ssh at its start and by okr keys list, when no key lets anyone in."""

DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smh]?)")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "": 60}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `okr ssh` to the `okr` parser."""
    parser = sub.add_parser(
        "ssh",
        help=_("serve the app over SSH, each person by their key (see okr keys)"),
        description=_(
            "Run an SSH server that opens okr-tui on this workspace for each person who "
            "logs in with a key added by `okr keys add`. It offers the app only: no "
            "passwords, shell, commands, file transfer or forwarding."
        ),
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=_("address to listen on (default {host})").format(host=DEFAULT_HOST),
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=_("port (default {port}; 0 picks a free one and prints it)").format(port=DEFAULT_PORT),
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=_("apps open at once, at most (default {count})").format(count=DEFAULT_MAX_SESSIONS),
    )
    parser.add_argument(
        "--idle-timeout",
        default="30m",
        metavar="TIME",
        help=_(
            "close a session after this long without a key press, like 90s, 30m or 2h; "
            "a plain number is minutes, 0 never (default 30m)"
        ),
    )
    parser.set_defaults(handler=run)


def read_duration(text: str) -> float:
    """Seconds in `30m`, `90s`, `2h` or `15` (minutes); UserError for anything else."""
    found = DURATION.fullmatch(text.strip().lower())
    if found is None:
        raise UserError(
            _("--idle-timeout is a time like 90s, 30m or 2h, not {text!r}").format(text=text)
        )
    return float(found[1]) * UNIT_SECONDS[found[2]]


def listening_line(host: str, port: int) -> str:
    if host in ("0.0.0.0", "::", ""):
        return _(
            "listening on {host}:{port}, every address of this machine "
            "(people connect with: ssh -p {port} okr@{name})"
        ).format(host=host or "0.0.0.0", port=port, name=socket.getfqdn())
    return _("listening on {host}:{port} (people connect with: ssh -p {port} okr@{host})").format(
        host=host, port=port
    )


def run(ctx: Context, args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise UserError(
            _("--port is 1 to 65535 (0: any free one), not {port}").format(port=args.port)
        )
    if args.max_sessions < 1:
        raise UserError(
            _("--max-sessions is at least 1, not {count}").format(count=args.max_sessions)
        )
    idle = read_duration(args.idle_timeout)
    # A bad or missing workspace is reported once, here, not to each person who logs in.
    ctx.open_store(create=False).close()
    from okr_tui.door.ssh_server import DoorSettings

    settings = DoorSettings(
        workspace=ctx.db,
        host=args.host,
        port=args.port,
        max_sessions=args.max_sessions,
        idle_timeout=idle,
    )
    return asyncio.run(serve(settings))


async def serve(settings: DoorSettings) -> int:
    from okr_tui.door.ssh_keys import KeyFileError, load_keys
    from okr_tui.door.ssh_server import SshDoor

    # Before the lines that say it runs: whoever reads them may stop it at once.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    door = SshDoor(settings)
    try:
        await door.start()
    except OSError as exc:
        raise UserError(cannot_listen(settings.host, settings.port, exc)) from None
    try:
        count = len(load_keys(door.workspace))
    except KeyFileError as exc:
        count = 0
        print("okr ssh: " + _("warning: {reason}").format(reason=exc), flush=True)
    print(f"okr ssh: {listening_line(settings.host, door.port)}", flush=True)
    if count == 0:
        print("okr ssh: " + _(NO_KEYS), flush=True)
    host_key = _("host key {fingerprint} ({algorithm}, {path})").format(
        fingerprint=door.fingerprint,
        algorithm=door.host_key.get_algorithm(),
        path=door.host_key_path,
    )
    print(f"okr ssh: {host_key}", flush=True)
    try:
        await stop.wait()
    finally:
        door.log.write("stopping")
        await door.close()
    return 0
