"""`okr serve`: the app in a browser, through textual-serve.

Each browser tab starts its own app process on the same workspace as the same
user (the --db and --as given to `okr serve`), so a served session is one
more session sharing the file, with the same locking and live updates.
textual-serve has no authentication: it binds to loopback unless told
otherwise, and warns when it is not (reach it through an SSH tunnel).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path

from okr_tui.cli import Context, UserError
from okr_tui.location import PgUrl

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `okr serve` to the `okr` parser."""
    parser = sub.add_parser(
        "serve",
        help="serve the app in a browser (textual-serve)",
        description=(
            "Serve okr-tui in a web browser. Every browser tab runs the app on this "
            "workspace as this user. There is no login page: keep the default loopback "
            "address and reach it from elsewhere through an SSH tunnel "
            "(ssh -L 8000:127.0.0.1:8000 this-host)."
        ),
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        default=None,
        help="the address browsers use, when it differs from http://HOST:PORT (a proxy)",
    )
    parser.set_defaults(handler=run)


def is_loopback(host: str) -> bool:
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def served_command(ctx: Context) -> str:
    """The shell command each browser tab runs: this Python, this workspace, this user."""
    # A database URL reaches each tab through OKR_DB (see run): never a password in argv.
    where = ["--db", str(ctx.db.resolve())] if isinstance(ctx.db, Path) else []
    return shlex.join([sys.executable, "-m", "okr_tui", *where, "--as", ctx.user])


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                f"try another --port, like {port + 1}"
            ) from None


def run(ctx: Context, args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise UserError(f"--port is 1 to 65535, not {args.port}")
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError("okr serve needs textual-serve (pip install textual-serve)") from None
    # Open the workspace here so a bad file is reported once, in this terminal.
    store = ctx.open_store(create=True)
    store.ensure_person(ctx.user)
    _check_port_free(args.host, args.port)
    if not is_loopback(args.host):
        print(
            f"okr: warning: serving on {args.host}:{args.port}, reachable from other "
            "machines, with NO login: anyone who can reach it acts as "
            f"{ctx.user!r} on {ctx.db}. Prefer the default {DEFAULT_HOST} and an SSH "
            f"tunnel (ssh -L {args.port}:127.0.0.1:{args.port} this-host).",
            file=sys.stderr,
            flush=True,
        )
    if isinstance(ctx.db, PgUrl):
        os.environ["OKR_DB"] = ctx.db.url
    public_url = args.public_url
    if public_url is None and args.host in ("0.0.0.0", "::"):
        # The page tells the browser where the app's websocket is: "0.0.0.0" would not work.
        public_url = f"http://{socket.getfqdn()}:{args.port}"
    server = Server(
        served_command(ctx),
        host=args.host,
        port=args.port,
        title=f"okr-tui · {store.meta.org}",
        public_url=public_url,
    )
    server.serve()
    return 0
