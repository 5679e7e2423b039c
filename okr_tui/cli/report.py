"""The `okr report` command: a parser that several modules add their reports to.

`report_subparsers(sub)` creates `okr report` the first time it is called on the
top-level sub-commands and returns the same sub-parsers object on later calls, so
`okr report weekly` and `okr report quarter` can be registered from different
modules without knowing about each other.
"""

from __future__ import annotations

import argparse
import weakref
from typing import Any

from okr_tui.cli import Parser, add_global_options


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
        help="write a report (weekly, quarter) as Markdown",
        description="Write a report as Markdown, to the screen or to a file.",
    )
    reports = parser.add_subparsers(
        title="reports",
        metavar="REPORT",
        dest="report",
        required=True,
        parser_class=ReportParser,
    )
    _CREATED[sub] = reports
    return reports
