"""The CSV and Markdown formats of `okr export --format csv|md` and `okr import FILE.csv`.

`okr export` and `okr import` live in the workspace commands; they hand the
csv and md formats to the functions here, which speak to the user: privacy
options, one line per problem, and what an import created.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from okr_tui.cli import Context, UserError
from okr_tui.csv_exchange import CsvImportError, export_csv, import_csv
from okr_tui.i18n import N_, _, ngettext
from okr_tui.markdown_export import export_markdown
from okr_tui.models import Period, period_for
from okr_tui.workspace import WorkspaceStore

EXPORT_FORMATS = ("csv", "md")
"""Formats this module writes; `okr export --format` offers them beside json."""

IMPORT_SUFFIXES = (".csv",)
"""File endings `okr import` hands to this module."""

PROGRESS: dict[str, str] = {
    "rows": N_("Read {done} of {total} rows"),
    "records": N_("Read {done} of {total} records"),
}
"""What is being read -> the progress line that counts it."""


def _period(store: WorkspaceStore, label: str | None) -> str | None:
    if not label:
        return None
    try:
        period_id = period_for(label).id
    except ValueError as exc:
        raise UserError(f"--period: {exc}") from None
    if store.find(Period, period_id) is None:
        known = ", ".join(p.id for p in store.periods()) or _("none yet")
        raise UserError(
            _("--period: no period {period} in this workspace (there are: {known})").format(
                period=period_id, known=known
            )
        )
    return period_id


def export_text(
    ctx: Context,
    store: WorkspaceStore,
    fmt: str,
    *,
    include_private: bool = False,
    period: str | None = None,
    bom: bool = False,
) -> str:
    """The workspace in `fmt` ("csv" or "md"), as `ctx.user` may see it.

    Private objectives are left out (md says "1 private objective"); with
    include_private, the user's own private objectives are in, never others'.
    `bom` starts a CSV with the byte order mark Excel needs for non-ASCII text.
    """
    period_id = _period(store, period)
    if fmt == "csv":
        return export_csv(
            store, ctx.user, include_private=include_private, period_id=period_id, bom=bom
        )
    if fmt == "md":
        return export_markdown(
            store, ctx.user, include_private=include_private, period_id=period_id, today=ctx.today
        )
    raise UserError(
        _("--format is {formats} here, not {format!r}").format(
            formats=", ".join(EXPORT_FORMATS), format=fmt
        )
    )


@contextlib.contextmanager
def terminal_progress(
    noun: str, err: TextIO | None = None
) -> Iterator[Callable[[int, int], None] | None]:
    """A progress line on stderr ("Read 12,000 of 26,000 rows"), only when it is a terminal.

    Rewritten in place at most a few times a second, and wiped at the end, so
    what the command prints afterwards starts on a clean line.
    """
    stream = err or sys.stderr
    if not stream.isatty():
        yield None
        return
    last = 0.0
    shown = False

    def show(done: int, total: int) -> None:
        nonlocal last, shown
        now = time.monotonic()
        if now - last < 0.2 and done < total:
            return
        last, shown = now, True
        line = _(PROGRESS[noun]).format(done=f"{done:,}", total=f"{total:,}")
        stream.write(f"\r{line}\x1b[K")
        stream.flush()

    try:
        yield show
    finally:
        if shown:
            stream.write("\r\x1b[K")
            stream.flush()


def import_file(
    ctx: Context,
    store: WorkspaceStore,
    path: Path,
    *,
    update: bool = False,
    reason: str = "",
    err: TextIO | None = None,
) -> str:
    """Import a CSV file; return what it created, as lines for stdout.

    A bad file writes nothing: each problem goes to stderr on its own line
    ('okr: FILE line 3: ...') and a one-line UserError sums up. With `update`,
    rows that differ from the workspace change it (`reason` says why, for
    committed OKRs); without, they are problems.
    """
    err = err or sys.stderr
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise UserError(
            _("{path}: cannot read it ({reason})").format(path=path, reason=exc.strerror or exc)
        ) from None
    try:
        with terminal_progress("rows", err) as progress:
            report = import_csv(
                store, raw, update=update, reason=reason, progress=progress, refresh=False
            )
    except CsvImportError as exc:
        for problem in exc.problems[:-1]:
            print(f"okr: {path} {problem}", file=err)
        count = len(exc.problems)
        raise UserError(
            ngettext(
                "{path} {problem} ({count} problem; nothing was imported)",
                "{path} {problem} ({count} problems; nothing was imported)",
                count,
            ).format(path=path, problem=exc.problems[-1], count=count)
        ) from None
    return report.summary()
