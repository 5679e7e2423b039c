"""Sub-commands of `okr`: `okr report quarter`, the quarter summary in Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path

from okr_tui.cli import Context, UserError
from okr_tui.cli.report import report_unit
from okr_tui.i18n import _
from okr_tui.models import period_for
from okr_tui.quarter_report import quarter_report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's sub-commands to the `okr` parser."""
    from okr_tui.cli.report import report_subparsers

    parser = report_subparsers(sub).add_parser(
        "quarter",
        help=_("a unit's quarter summary (scores, reasons, decisions, reflection) as Markdown"),
        description=(
            _(
                "Write a unit's quarter (or year) summary as Markdown: scores and bands, key "
                "results, reasons of misses, decisions and the reflection. Private objectives "
                "are left out unless their owner asks with --include-private."
            )
        ),
    )
    parser.add_argument(
        "--unit",
        metavar="U",
        help=_("unit id or name (default: the only unit, else yours, else the company)"),
    )
    parser.add_argument(
        "--period",
        metavar="P",
        help=_("period like 2026-Q3 or 2017 (default: the current quarter)"),
    )
    parser.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of stdout"))
    parser.add_argument(
        "--include-private",
        action="store_true",
        help=_("include your own private objectives (others' stay hidden)"),
    )
    parser.set_defaults(handler=run)


def run(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    unit = report_unit(store, args.unit, ctx.user)
    if args.period:
        try:
            period_id = period_for(args.period).id
        except ValueError as exc:
            raise UserError(str(exc)) from None
    else:
        current = store.period_at(ctx.today)
        if current is None:
            raise UserError(_("say which period with --period (like 2026-Q3 or 2017)"))
        period_id = current.id
    text = quarter_report(store, unit.id, period_id, ctx.user, include_private=args.include_private)
    if args.output:
        target = Path(args.output).expanduser()
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(
                _("cannot write {path}: {reason}").format(path=target, reason=exc.strerror)
            ) from None
    else:
        print(text, end="")
    return 0
