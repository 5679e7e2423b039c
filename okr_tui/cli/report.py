"""The `okr report` command: a parser that several modules add their reports to.

`report_subparsers(sub)` creates `okr report` the first time it is called on the
top-level sub-commands and returns the same sub-parsers object on later calls, so
`okr report weekly` and `okr report quarter` can be registered from different
modules without knowing about each other. `report_unit` reads `--unit` for both.
"""

from __future__ import annotations

import argparse
import weakref
from typing import TYPE_CHECKING, Any

from okr_tui.cli import Parser, UserError, add_global_options
from okr_tui.i18n import _

if TYPE_CHECKING:
    from okr_tui.models import Unit
    from okr_tui.workspace import WorkspaceStore


class ReportParser(Parser):
    """A report's parser; it takes --db/--as after its name like every command."""

    # argparse passes on whatever keywords add_parser() was given.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_global_options(self, suppress=True)


_CREATED: weakref.WeakKeyDictionary[
    argparse._SubParsersAction[argparse.ArgumentParser],
    argparse._SubParsersAction[ReportParser],
] = weakref.WeakKeyDictionary()


def report_subparsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[ReportParser]:
    """Return the sub-parsers of `okr report`, creating `okr report` on first use."""
    existing = _CREATED.get(sub)
    if existing is not None:
        return existing
    parser = sub.add_parser(
        "report",
        help=_("write a report (weekly, quarter) as Markdown"),
        description=_("Write a report as Markdown, to the screen or to a file."),
    )
    reports = parser.add_subparsers(
        title=_("reports"),
        metavar="REPORT",
        dest="report",
        required=True,
        parser_class=ReportParser,
    )
    _CREATED[sub] = reports
    return reports


def report_unit(store: WorkspaceStore, wanted: str | None, user: str) -> Unit:
    """The unit `--unit` names (an id or a name), else the one `units.default_unit` picks."""
    from okr_tui.units import default_unit, unit_names

    if not wanted or not wanted.strip():
        chosen = default_unit(store, user)
        if chosen is None:
            raise UserError(_("this workspace has no units yet"))
        return chosen
    units = store.units(include_archived=True)
    by_id = next((u for u in units if u.id == wanted.strip()), None)
    if by_id is not None:
        return by_id
    named = [u for u in units if u.name.casefold() == wanted.strip().casefold()]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        ids = ", ".join(u.id for u in named)
        raise UserError(
            _("{count} units are called {name} ({ids}): use an id").format(
                count=len(named), name=repr(wanted), ids=ids
            )
        )
    raise UserError(
        _("no unit {name} (units: {units})").format(name=repr(wanted), units=unit_names(store))
    )
