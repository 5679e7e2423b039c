"""`okr copy FROM TO`: a workspace, every record and event, to another place.

Either end is a workspace file or a PostgreSQL URL: a team moves its file into
a database, or takes a database back into a file. The target must be new (a
file that does not exist, a database without records); nothing is ever merged.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from okr_tui.cli import Context, UserError
from okr_tui.i18n import _
from okr_tui.location import Location, PgUrl, parse_location
from okr_tui.stores import location_exists, open_location


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "copy",
        help=_("copy a workspace to a new file or an empty PostgreSQL database"),
        description=_(
            "Copy every record and event of the workspace at FROM to TO, a new "
            "file or an empty PostgreSQL database (postgresql://user@host/dbname). "
            "TO is never overwritten."
        ),
    )
    parser.add_argument("source", metavar="FROM", help=_("a workspace file or postgresql:// URL"))
    parser.add_argument("target", metavar="TO", help=_("a new file or an empty database's URL"))
    parser.set_defaults(handler=run_copy)


def run_copy(ctx: Context, args: argparse.Namespace) -> int:
    source = parse_location(args.source)
    target = parse_location(args.target)
    if _same(source, target):
        raise UserError(_("FROM and TO are the same workspace"))
    if location_exists(target):
        raise UserError(
            _("{target}: a workspace is already there; okr copy never overwrites one").format(
                target=target
            )
        )
    store = open_location(source, ctx.user, create=False)
    try:
        data = store.export_data()
    finally:
        store.close()
    _write(target, data)
    copied = open_location(target, ctx.user, create=False)
    try:
        check = copied.export_data()
    finally:
        copied.close()
    records = _count(data, events=False)
    if _count(check, events=False) != records or _count(check, events=True) != _count(
        data, events=True
    ):
        raise UserError(
            _("{target}: the copy does not hold what {source} holds").format(
                target=target, source=source
            )
        )
    events = _count(data, events=True)
    print(
        _("Copied {records} records and {events} events from {source} to {target}").format(
            records=records, events=events, source=source, target=target
        )
    )
    return 0


def _same(a: Location, b: Location) -> bool:
    if isinstance(a, Path) and isinstance(b, Path):
        return a.expanduser().resolve() == b.expanduser().resolve()
    return a == b


def _count(data: dict[str, Any], *, events: bool) -> int:
    from okr_tui.models import Event

    return sum(
        len(docs)
        for table, docs in data.items()
        if table not in ("schema_version", "meta") and (table == Event.TABLE) == events
    )


def _write(target: Location, data: dict[str, Any]) -> None:
    if isinstance(target, PgUrl):
        from okr_tui.pg.bulk import write_new

        write_new(target, data)
        return
    from okr_tui.storage import write_workspace
    from okr_tui.store import SCHEMA_VERSION

    header = {**data["meta"], "schema_version": SCHEMA_VERSION}
    tables = {
        table: {str(number): doc for number, doc in enumerate(docs, start=1)}
        for table, docs in data.items()
        if table not in ("schema_version", "meta")
    }
    try:
        write_workspace(target, header, tables)
    except OSError as exc:
        raise UserError(
            _("{target}: cannot write the copy ({reason})").format(
                target=target, reason=exc.strerror or exc
            )
        ) from None
