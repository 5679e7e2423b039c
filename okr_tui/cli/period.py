"""The `okr period` command: open a quarter or year ahead of time, and list the periods."""

from __future__ import annotations

import argparse

from okr_tui.cli import Context, Parser, UserError, add_global_options
from okr_tui.i18n import N_, _
from okr_tui.periods import add_period, describe, period_rows, read_label

PERIOD_KINDS: dict[str, str] = {"quarter": N_("quarter"), "year": N_("year")}
"""The KIND column's words as people read them (the column names stay, as scripts read them)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `okr period add` and `okr period list` to the `okr` parser."""
    parser = sub.add_parser(
        "period",
        help=_("open a quarter or year ahead (add), or list the periods (list)"),
        description=(
            _(
                "Periods are quarters (2027-Q1) or years (2027). Open one before it starts, "
                "to plan it, with `okr period add`; `okr period list` shows them all."
            )
        ),
    )
    actions = parser.add_subparsers(
        title=_("actions"),
        metavar="ACTION",
        dest="period_action",
        required=True,
        parser_class=Parser,
    )
    add = actions.add_parser(
        "add",
        help=_("open a quarter like 2027-Q1 or a year like 2027"),
        description=_("Open a period so its OKRs can be planned. Nothing changes when it exists."),
    )
    add.add_argument(
        "label", metavar="PERIOD", help=_("a quarter like 2027-Q1 or a year like 2027")
    )
    add.set_defaults(handler=run_add)
    listing = actions.add_parser(
        "list",
        help=_("every period: id, start, end, kind and how many objectives; today's is marked"),
        description=_("Every period of the workspace, earliest first; * marks today's."),
    )
    listing.set_defaults(handler=run_list)
    for action in (add, listing):
        add_global_options(action, suppress=True)


def run_add(ctx: Context, args: argparse.Namespace) -> int:
    try:
        read_label(args.label)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    store = ctx.open_store()
    try:
        period, added = add_period(store, args.label)
    finally:
        store.close()
    if added:
        print(
            _("Opened {period}: plan its OKRs with the workshop (okr, then w)").format(
                period=describe(period)
            )
        )
    else:
        print(_("{period} is already open; nothing changed").format(period=describe(period)))
    return 0


def run_list(ctx: Context, _args: argparse.Namespace) -> int:
    store = ctx.open_store()
    try:
        rows = period_rows(store, ctx.today)
    finally:
        store.close()
    if not rows:
        print(_("No periods yet: okr period add 2027-Q1 opens one."))
        return 0
    lines = [("", "ID", "START", "END", "KIND", "OBJECTIVES")]  # scripts read these
    for row in rows:
        lines.append(
            (
                "*" if row.current else "",
                row.period.id,
                f"{row.period.start:%Y-%m-%d}",
                f"{row.period.end:%Y-%m-%d}",
                _(PERIOD_KINDS[row.kind]),
                str(row.objectives),
            )
        )
    from okr_tui.cli.columns import table

    for line in table(lines):
        print(line)
    return 0
