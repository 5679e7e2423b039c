"""`okr invite`: personal links into a served workspace (`okr serve`).

`okr invite LOGIN` prints a link with a new random token (shown once; the door
folder keeps its hash only); `--revoke LOGIN` takes it back, ending that
login's sessions; `--list` shows who is invited, since when, and when their
link was last used.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from okr_tui.cli import Context, UserError
from okr_tui.door.address import base_url
from okr_tui.door.invites import Invite, InviteBook, InviteError, check_login
from okr_tui.i18n import _
from okr_tui.stores import location_exists

DEFAULT_URL = "http://127.0.0.1:8000"
LOGIN_PATH = "/login/"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `okr invite` to the `okr` parser."""
    parser = sub.add_parser(
        "invite",
        help=_("give someone a personal link into the served workspace (okr serve)"),
        description=_(
            "Print a personal link that lets LOGIN into this workspace when it is served "
            "(okr serve); the browser that opens it works as LOGIN. Inviting a login "
            "again replaces its link. Links are kept hashed: lost links cannot be shown "
            "again, only replaced. Sessions live in the server's memory: after a restart "
            "people open their link again."
        ),
    )
    parser.add_argument("login", nargs="?", metavar="LOGIN", help=_("who the link is for"))
    parser.add_argument(
        "--url",
        metavar="URL",
        default=DEFAULT_URL,
        help=_("the address browsers reach okr serve at (default {url})").format(url=DEFAULT_URL),
    )
    parser.add_argument(
        "--revoke", action="store_true", help=_("take LOGIN's link back and end its sessions")
    )
    parser.add_argument(
        "--list", action="store_true", help=_("who is invited, since when, when last used")
    )
    parser.set_defaults(handler=run)


def link_base(url: str) -> str:
    """The served address of `url`, or a one-line UserError."""
    try:
        return base_url(url)
    except ValueError as exc:
        raise UserError(f"--url {exc}") from None


def _when(moment: datetime | None) -> str:
    return _("never") if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def list_lines(invites: dict[str, Invite]) -> list[str]:
    if not invites:
        return [_("Nobody is invited yet: okr invite LOGIN prints a personal link.")]
    from okr_tui.cli.columns import table

    rows = [(_("login"), _("created"), _("last used"))]
    for login, invite in sorted(invites.items()):
        rows.append((login, _when(invite.created), _when(invite.last_used)))
    return table(rows)


def _book(ctx: Context) -> InviteBook:
    # Without this, a mistyped --db would leave a door folder wherever it pointed.
    if not location_exists(ctx.db):
        raise UserError(_("no workspace at {workspace} (see --db)").format(workspace=ctx.db))
    try:
        return InviteBook(ctx.db)
    except OSError as exc:
        raise UserError(
            _("cannot use the invitations beside {workspace}: {reason}").format(
                workspace=ctx.db, reason=exc.strerror or exc
            )
        ) from None


def run_list(ctx: Context) -> int:
    print("\n".join(list_lines(_book(ctx).all())))
    return 0


def run_revoke(ctx: Context, login: str) -> int:
    if not _book(ctx).revoke(login):
        raise UserError(
            _("{login} has no invitation (okr invite --list shows who has)").format(login=login)
        )
    print(
        _("Revoked {login}'s invitation: the link and its sessions no longer open it.").format(
            login=login
        )
    )
    return 0


def run_invite(ctx: Context, login: str, url: str) -> int:
    base = link_base(url)
    # The workspace first (made if new, as okr serve makes it): the invited login is a person.
    ctx.open_store(create=True).ensure_person(login)
    book = _book(ctx)
    replaced = login in book.all()
    token = book.invite(login)
    if replaced:
        print(
            _("{login}'s earlier link no longer works; this one replaces it.").format(login=login)
        )
    print(_("Invitation for {login}:").format(login=login))
    print(f"  {base}{LOGIN_PATH}{token}")
    print(
        _(
            "Send it to {login} only: whoever opens it comes in as {login}. "
            "Take it back with: okr invite --revoke {login}"
        ).format(login=login)
    )
    return 0


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.list and (args.login or args.revoke):
        raise UserError(_("--list takes no LOGIN and no --revoke"))
    if not args.list and not args.login:
        raise UserError(_("say who: okr invite LOGIN (or --list, or --revoke LOGIN)"))
    try:
        if args.list:
            return run_list(ctx)
        login = check_login(args.login)
        if args.revoke:
            return run_revoke(ctx, login)
        return run_invite(ctx, login, args.url)
    except InviteError as exc:
        raise UserError(str(exc)) from None
