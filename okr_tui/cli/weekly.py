"""Sub-commands of `okr` for the weekly rhythm: `okr report weekly` and `okr due`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from okr_tui.cli import Context, UserError
from okr_tui.cli.report import report_subparsers, report_unit
from okr_tui.i18n import _
from okr_tui.weekly import Week, WeekError, due, reference_day
from okr_tui.weekly_report import weekly_report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's sub-commands to the `okr` parser."""
    weekly = report_subparsers(sub).add_parser(
        "weekly",
        help=_("the weekly report of a unit, as Markdown"),
        description=(
            _(
                "The weekly report of a unit: each objective and key result with this week's "
                "value, progress and confidence, notes, tasks, changes and unplanned work."
            )
        ),
    )
    weekly.add_argument(
        "--unit",
        metavar="UNIT",
        help=_("unit name or id (default: the only unit, else yours, else the company)"),
    )
    weekly.add_argument(
        "--week", metavar="WEEK", help=_("ISO week like 2026-W48 (default: this week)")
    )
    weekly.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of stdout"))
    weekly.add_argument(
        "--include-private",
        action="store_true",
        help=_("include your own private objectives (others' are never shown)"),
    )
    weekly.set_defaults(handler=run_weekly_report)

    due_parser = sub.add_parser(
        "due",
        help=_("your key results with no check-in this week"),
        description=(
            _(
                "List your key results that have no check-in this ISO week, one per line "
                "(id, title). Exits 0 either way, so it fits a cron job or a shell prompt."
            )
        ),
    )
    due_parser.set_defaults(handler=run_due)


def run_weekly_report(ctx: Context, args: argparse.Namespace) -> int:
    try:
        week = Week.parse(args.week) if args.week else Week.of(ctx.today)
    except WeekError as exc:
        raise UserError(str(exc)) from None
    store = ctx.open_store()
    try:
        period = store.period_at(reference_day(week, ctx.today))
        period_id = period.id if period else ""
        unit = report_unit(store, args.unit, ctx.user)
        text = weekly_report(
            store,
            unit.id,
            week,
            ctx.today,
            ctx.user,
            include_private=args.include_private,
            period_id=period_id or None,
        )
    finally:
        store.close()
    if not args.output:
        sys.stdout.write(text)
        return 0
    target = Path(args.output).expanduser()
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(
            _("cannot write {path} ({reason})").format(path=target, reason=exc.strerror)
        ) from None
    print(
        _("Wrote the weekly report of {unit} for {week} to {path}").format(
            unit=unit.name, week=week.shown, path=target
        ),
        file=sys.stderr,
    )
    return 0


def run_due(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    try:
        for kr, _objective in due(store, ctx.user, ctx.today):
            print(f"{kr.id}\t{' '.join(kr.title.split())}")
    finally:
        store.close()
    return 0
