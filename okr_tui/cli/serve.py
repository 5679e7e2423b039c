"""`okr serve`: the app in a browser, through textual-serve, for invited people only.

Each browser tab starts its own app process on the same workspace as the
person its session belongs to (`okr invite LOGIN` gives each a personal link),
so a served session is one more session sharing the file, with the same
locking and live updates. The login, the Host/Origin checks and the per-session
downloads live in okr_tui.door.web. It binds to loopback unless told otherwise,
and warns when it is not: links and cookies then travel as the URL's scheme does.
"""

from __future__ import annotations

import argparse
import os
import shlex
import socket
import sys
from functools import partial
from pathlib import Path

from okr_tui.cli import Context, UserError
from okr_tui.door.address import base_url, is_loopback, served_address
from okr_tui.door.invites import InviteBook, InviteError
from okr_tui.i18n import _
from okr_tui.location import PgUrl

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `okr serve` to the `okr` parser."""
    parser = sub.add_parser(
        "serve",
        help=_("serve the app in a browser (textual-serve)"),
        description=_(
            "Serve okr-tui in a web browser, to invited people only: okr invite LOGIN "
            "prints a personal link, and every browser tab opened from it runs the app "
            "on this workspace as LOGIN (okr invite --revoke LOGIN ends that). Sessions "
            "live in this server's memory: after a restart people open their link again. "
            "Pages of other sites and other host names are refused. Keep the default "
            "loopback address and reach it from elsewhere through an SSH tunnel "
            "(ssh -L 8000:127.0.0.1:8000 this-host), or put it behind an https proxy "
            "and give --public-url."
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
        help=_("port (default {port})").format(port=DEFAULT_PORT),
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        default=None,
        help=_("the address browsers use, when it differs from http://HOST:PORT (a proxy)"),
    )
    parser.set_defaults(handler=run)


__all__ = ["is_loopback", "register", "run", "served_command"]


def served_command(ctx: Context, login: str | None = None) -> str:
    """The shell command a browser tab runs: this Python, this workspace, as `login`."""
    who = ctx.user if login is None else login
    # A database URL reaches each tab through OKR_DB (see run): never a password in argv.
    where = ["--db", str(ctx.db.resolve())] if isinstance(ctx.db, Path) else []
    return shlex.join([sys.executable, "-m", "okr_tui", *where, "--as", who])


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserError(cannot_listen(host, port, exc)) from None


def cannot_listen(host: str, port: int, exc: OSError) -> str:
    """The one line for a port that is taken (okr serve and okr ssh say it alike)."""
    return _("cannot listen on {host}:{port} ({reason}); try another --port, like {next}").format(
        host=host, port=port, reason=exc.strerror or exc, next=port + 1
    )


def _invited(ctx: Context) -> int:
    try:
        return len(InviteBook(ctx.db).all())
    except InviteError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(
            _("cannot use the invitations beside {workspace}: {reason}").format(
                workspace=ctx.db, reason=exc.strerror or exc
            )
        ) from None


def _public_url(url: str) -> str:
    try:
        return base_url(url)
    except ValueError as exc:
        raise UserError(f"--public-url {exc}") from None


def _warn_not_loopback(args: argparse.Namespace) -> None:
    warning = _(
        "warning: serving on {host}:{port}, reachable from other machines. "
        "Only invited people come in (okr invite LOGIN), each as themselves, but over "
        "plain http their links and session cookies can be read on the way. Prefer the "
        "default {default} and an SSH tunnel "
        "(ssh -L {port}:127.0.0.1:{port} this-host), or an https proxy "
        "with --public-url."
    ).format(host=args.host, port=args.port, default=DEFAULT_HOST)
    print(f"okr: {warning}", file=sys.stderr, flush=True)


def run(ctx: Context, args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise UserError(_("--port is 1 to 65535, not {port}").format(port=args.port))
    public_url = None if args.public_url is None else _public_url(args.public_url)
    if public_url is None and args.host in ("0.0.0.0", "::"):
        # The page tells the browser where the app's websocket is: "0.0.0.0" would not work.
        public_url = f"http://{socket.getfqdn()}:{args.port}"
    try:
        from okr_tui.door.web import DoorServer
    except ImportError:
        raise UserError(_("okr serve needs textual-serve (pip install textual-serve)")) from None
    # Open the workspace here so a bad file is reported once, in this terminal.
    store = ctx.open_store(create=True)
    store.ensure_person(ctx.user)
    invited = _invited(ctx)
    _check_port_free(args.host, args.port)
    if not is_loopback(args.host):
        _warn_not_loopback(args)
    if invited == 0:
        nobody = _("nobody is invited yet: okr invite LOGIN prints a personal link.")
        print(f"okr: {nobody}", file=sys.stderr, flush=True)
    if isinstance(ctx.db, PgUrl):
        os.environ["OKR_DB"] = ctx.db.url
    server = DoorServer(
        command_for=partial(served_command, ctx),
        book=InviteBook(ctx.db),
        address=served_address(args.host, args.port, public_url),
        host=args.host,
        port=args.port,
        title=f"okr-tui · {store.meta.org}",
    )
    server.serve()
    return 0
