"""The `okr` command line: global options, sub-commands, and one-line errors.

Each sub-command lives in a module of this package with a `register(sub)`
function; COMMAND_MODULES lists them. A user error prints one line to stderr
and exits 2, never a traceback.

Plain `okr` opens the app before the workspace: the store (and pydantic behind
it) is imported and opened by the app after its first frame, so this module
imports the store only inside the functions that need it.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn

from okr_tui import __version__
from okr_tui.cli import argparse_words
from okr_tui.cli.help_layout import CellHelpFormatter
from okr_tui.cli.safe_output import safe_streams
from okr_tui.i18n import LANGUAGES, _, lang_in_argv, settle_for, start_language
from okr_tui.location import Location, parse_location
from okr_tui.places import default_workspace
from okr_tui.plain_text import one_line
from okr_tui.stores import open_location

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore

COMMAND_MODULES = (
    "okr_tui.cli.workspace",
    "okr_tui.cli.weekly",
    "okr_tui.cli.quarter",
    "okr_tui.cli.serve",
    "okr_tui.cli.invite",
    "okr_tui.cli.ssh",
    "okr_tui.cli.keys",
    "okr_tui.cli.copy",
    "okr_tui.cli.workshop",
    "okr_tui.cli.lang",
)


class UserError(Exception):
    """A mistake in what the user asked for; the message is shown as it is."""


@dataclass
class Context:
    """What every command needs: where the workspace is and who is asking."""

    db: Location
    """A workspace file, or a PostgreSQL database (okr_tui.location)."""
    user: str
    today: date

    def open_store(self, *, create: bool = False, lean: bool = False) -> WorkspaceStore:
        """`lean`: the command makes one small change (see okr_tui.stores.open_location)."""
        store = open_location(self.db, self.user, create=create, lean=lean)
        settle_for(store.person(self.user))  # speak the person's saved language from here on
        return store


def is_workspace_error(exc: BaseException) -> bool:
    """Whether `exc` is the store's WorkspaceError, without importing the store for it."""
    store = sys.modules.get("okr_tui.store")
    return store is not None and isinstance(exc, store.WorkspaceError)


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "")


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line and exits 2, and lays its help out
    by terminal cells (Chinese help wraps inside the terminal)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", CellHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        see = _("see {command} --help").format(command=self.prog)
        self.exit(2, f"{self.prog}: {one_line(message)} ({see})\n")


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help=_(
            "workspace file or postgresql://user@host/dbname URL "
            "(default: $OKR_DB, else okr-tui's folder in your user data dir)"
        ),
    )
    parser.add_argument(
        "--as",
        dest="user",
        metavar="NAME",
        default=default,
        help=_("who you are (default: your login name)"),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help=_("language: zh or en (default: $OKR_LANG, else your saved choice, else the locale)"),
    )


GLOBAL_OPTIONS_WITH_VALUES = ("--db", "--as", "--lang")


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether `argv` may hold a command (or asks for help): then every command is registered.

    Plain `okr` (with --db/--as at most) opens the app, and skipping the command
    modules' imports makes that start sooner; anything else gets the full parser.
    """
    args = iter(argv)
    for arg in args:
        if arg in GLOBAL_OPTIONS_WITH_VALUES:
            next(args, None)
        elif not arg.startswith(tuple(f"{o}=" for o in GLOBAL_OPTIONS_WITH_VALUES)):
            return True
    return False


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """The whole parser; with `argv` that only opens the app, one without the commands."""
    parser = Parser(
        prog="okr",
        description=_("Set, track and score OKRs together. With no command, opens the app."),
    )
    parser.add_argument("--version", action="version", version=f"okr-tui {__version__}")
    add_global_options(parser, suppress=False)
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(title=_("commands"), metavar="COMMAND", parser_class=Parser)
    if argv is None or names_a_command(argv):
        for module_name in COMMAND_MODULES:
            importlib.import_module(module_name).register(sub)
    for command in sub.choices.values():
        add_global_options(command, suppress=True)
    return parser


def make_context(args: argparse.Namespace) -> Context:
    named = args.db or os.environ.get("OKR_DB")
    db = parse_location(named) if named else default_workspace()
    return Context(db=db, user=args.user or login_name(), today=date.today())


def open_workspace(db: Location, user: str) -> WorkspaceStore:
    """Open (or create) the workspace for the app and make sure the user is a person in it."""
    store = open_location(db, user, create=True)
    store.ensure_person(user)
    return store


def open_app(ctx: Context, **app_kwargs: object) -> int:
    """Run the app; it opens the workspace itself, after its first frame.

    A workspace that cannot be opened ends the app; its error is raised here,
    once the terminal is back, so it is reported as any command's would be.
    """
    from okr_tui.app import OkrApp

    app = OkrApp(
        open_store=partial(open_workspace, ctx.db, ctx.user),
        workspace_path=ctx.db,
        today=ctx.today,
        **app_kwargs,  # type: ignore[arg-type]
    )
    from okr_tui.crash import run_app

    code = run_app(app)
    if app.open_error is not None:
        raise app.open_error
    return code


EXIT_READER_GONE = 128 + 13
"""What a shell reports for a program stopped by SIGPIPE, as `okr list | head -1` stops it."""


def reader_gone() -> int:
    """The program reading our output went away: stop quietly, as other Unix tools do.

    As Python's documentation advises (its note on SIGPIPE), stdout is pointed at
    devnull, so the flush at exit has nowhere to fail and prints no traceback.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_READER_GONE


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    start_language(lang_in_argv(argv), os.environ)  # before the parser: its help is translated
    argparse_words.install()
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    ctx = make_context(args)
    try:
        if args.handler is None:
            return open_app(ctx)
        with safe_streams():
            code = int(args.handler(ctx, args) or 0)
            sys.stdout.flush()  # a reader gone away (okr list | head -1) shows here, not at exit
        return code
    except BrokenPipeError:
        return reader_gone()
    except UserError as exc:
        print(f"okr: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if not is_workspace_error(exc):
            raise
        print(f"okr: {one_line(str(exc))}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
