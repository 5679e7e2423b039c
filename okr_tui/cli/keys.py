"""`okr keys`: who may log in through `okr ssh`, by their public key.

`okr keys add LOGIN FILE.pub` (or the key on stdin), `okr keys list`,
`okr keys remove LOGIN [FINGERPRINT]`. The keys live in the door folder beside
the workspace; a running server sees a change at the next login.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from okr_tui.cli import Context, UserError, add_global_options
from okr_tui.cli.help_layout import cell_width
from okr_tui.cli.ssh import NO_KEYS
from okr_tui.i18n import _
from okr_tui.plain_text import one_line
from okr_tui.stores import location_exists


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `okr keys` and its sub-commands to the `okr` parser."""
    keys = sub.add_parser(
        "keys",
        help=_("the SSH keys okr ssh lets in, one person each"),
        description=_("The public keys `okr ssh` accepts; each key logs in as one person."),
    )
    keys.set_defaults(handler=lambda ctx, args: _usage(keys))
    actions = keys.add_subparsers(title=_("actions"), metavar="ACTION", parser_class=type(keys))
    add = actions.add_parser(
        "add",
        help=_("let a person in with a public key"),
        description=_("Authorise a public key (an OpenSSH .pub file) for LOGIN."),
    )
    add.add_argument("login", metavar="LOGIN", help=_("who the key logs in as"))
    add.add_argument(
        "file", metavar="FILE", nargs="?", default="-", help=_("the .pub file (- or none: stdin)")
    )
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", help=_("every key: login, type, fingerprint, added when"))
    listing.set_defaults(handler=run_list)
    remove = actions.add_parser(
        "remove",
        help=_("take a person's keys away (or one key)"),
        description=_("Remove LOGIN's keys, or only the one with FINGERPRINT."),
    )
    remove.add_argument("login", metavar="LOGIN")
    remove.add_argument("fingerprint", metavar="FINGERPRINT", nargs="?", default=None)
    remove.set_defaults(handler=run_remove)
    for action in (add, listing, remove):
        add_global_options(action, suppress=True)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    return 2


def _read_key(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        data = Path(name).expanduser().read_bytes()
    except OSError as exc:
        raise UserError(
            _("cannot read {path}: {reason}").format(path=name, reason=exc.strerror or exc)
        ) from None
    if len(data) > 64 * 1024:
        raise UserError(
            _("{path} is not a public key (it is {size} bytes)").format(path=name, size=len(data))
        )
    return data.decode("utf-8", "replace")


def run_add(ctx: Context, args: argparse.Namespace) -> int:
    from okr_tui.door.ssh_keys import KeyFileError, add_key

    text = _read_key(args.file)
    try:
        added = add_key(ctx.db, args.login, text)
    except KeyFileError as exc:
        raise UserError(str(exc)) from None
    print(
        _("added {type} key {fingerprint} for {login}").format(
            type=added.type, fingerprint=added.fingerprint, login=added.login
        )
    )
    if location_exists(ctx.db) and not _is_person(ctx, added.login):
        print(
            _("{login} is not in the workspace yet: they join it at their first login").format(
                login=added.login
            )
        )
    return 0


def _is_person(ctx: Context, login: str) -> bool:
    store = ctx.open_store()
    try:
        return store.person(login) is not None
    finally:
        store.close()


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    from okr_tui.door.ssh_keys import KeyFileError, load_keys

    try:
        keys = load_keys(ctx.db)
    except KeyFileError as exc:
        raise UserError(str(exc)) from None
    if not keys:
        print(_(NO_KEYS))
        return 0
    width = max(cell_width(key.login) for key in keys)  # a login such as 吴军 takes 4 cells
    for key in sorted(keys, key=lambda k: (k.login.casefold(), k.added)):
        comment = f"  {one_line(key.comment)}" if key.comment else ""
        login = key.login + " " * (width - cell_width(key.login))
        print(f"{login}  {key.type:<20}  {key.fingerprint}  {key.added}{comment}")
    return 0


def run_remove(ctx: Context, args: argparse.Namespace) -> int:
    from okr_tui.door.ssh_keys import KeyFileError, remove_keys

    try:
        gone = remove_keys(ctx.db, args.login, args.fingerprint)
    except KeyFileError as exc:
        raise UserError(str(exc)) from None
    for key in gone:
        print(
            _("removed {type} key {fingerprint} of {login}").format(
                type=key.type, fingerprint=key.fingerprint, login=key.login
            )
        )
    if gone:
        print(_("a session open with it is closed within a few seconds; new logins are refused"))
    return 0
