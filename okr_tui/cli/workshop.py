"""`okr workshop --unit U --period P`: open the app at a unit's workshop for a period.

Whoever starts the session leads it; whoever opens it while it runs joins it.
"""

from __future__ import annotations

import argparse

from okr_tui.cli import Context, UserError, open_app, open_workspace
from okr_tui.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "workshop",
        help=_("open a unit's OKR workshop: start it (and lead it) or join it"),
        description=_(
            "Open the guided workshop of a unit for a period. The first to start "
            "it facilitates; everyone who opens it while it runs takes part from their own seat."
        ),
    )
    parser.add_argument("--unit", required=True, metavar="UNIT", help=_("the unit, by name or id"))
    parser.add_argument(
        "--period", metavar="PERIOD", help=_("a quarter like 2026-Q4 (default: the current one)")
    )
    parser.set_defaults(handler=run_workshop)


def run_workshop(ctx: Context, args: argparse.Namespace) -> int:
    from okr_tui.models import period_for, quarter_of
    from okr_tui.units import find_unit, unit_names

    try:
        period = period_for(args.period).id if args.period else quarter_of(ctx.today)
    except ValueError as exc:
        raise UserError(f"--period: {exc}") from None
    store = open_workspace(ctx.db, ctx.user)
    try:
        unit = find_unit(store, args.unit)
        if unit is None:
            raise UserError(
                _("--unit: no unit {unit!r} (units: {units})").format(
                    unit=args.unit, units=unit_names(store)
                )
            )
    finally:
        store.close()
    return open_app(
        ctx, start_screen="workshop", start_kwargs={"unit_id": unit.id, "period_id": period}
    )
