"""`okr export` and `okr import`: the workspace to and from JSON, CSV and Markdown.

Exports leave out what the user may not read; imports add what is missing and
refuse what would change a record, unless --update says to (see
okr_tui.json_import and okr_tui.csv_import).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

from okr_tui import json_import
from okr_tui.cli import Context, UserError
from okr_tui.cli.exchange_formats import (
    EXPORT_FORMATS,
    IMPORT_SUFFIXES,
    export_text,
    import_file,
    terminal_progress,
)
from okr_tui.i18n import _
from okr_tui.json_export import visible_export
from okr_tui.privacy import hidden_label
from okr_tui.storage import atomic_write_bytes
from okr_tui.store import SCHEMA_VERSION
from okr_tui.workspace import WorkspaceStore

Exporter = Callable[[Context, WorkspaceStore, argparse.Namespace], str]
Importer = Callable[[Context, WorkspaceStore, Path, argparse.Namespace], str]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `okr export` and `okr import` to the `okr` parser."""
    export = sub.add_parser(
        "export",
        help=_("write the workspace as json, csv or md"),
        description=(
            _(
                "Write the workspace to stdout (or -o FILE). json is lossless: `okr import` "
                "reads it back. Private objectives are left out; --include-private adds your own."
            )
        ),
    )
    export.add_argument("--format", default="json", choices=tuple(EXPORTERS), metavar="FORMAT")
    export.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE (atomically)"))
    export.add_argument(
        "--include-private",
        action="store_true",
        help=_("include your own private objectives (others' are never exported)"),
    )
    export.add_argument("--period", metavar="P", help=_("only this period (csv and md)"))
    export.add_argument("--bom", action="store_true", help=_("start a CSV with a byte order mark"))
    export.set_defaults(handler=run_export)

    imp = sub.add_parser(
        "import",
        help=_("add what is missing from a json (or csv) export to the workspace"),
        description=(
            _(
                "Add the records of a file written by `okr export` (or a spreadsheet's CSV) "
                "that the workspace lacks. What is already there unchanged is skipped; a "
                "record that differs is refused and nothing is written, unless --update."
            )
        ),
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--update",
        action="store_true",
        help=_("change records that differ, as you would in the app (each change is recorded)"),
    )
    imp.add_argument(
        "--reason", default="", metavar="TEXT", help=_("why committed OKRs change (with --update)")
    )
    imp.set_defaults(handler=run_import)


# -- export and import ------------------------------------------------------------------


def export_json(ctx: Context, store: WorkspaceStore, args: argparse.Namespace) -> str:
    data, left_out = visible_export(store, ctx.user, include_private=args.include_private)
    if left_out:
        if args.include_private:
            note = _("left out {hidden}").format(hidden=hidden_label(left_out))
        else:
            note = _("left out {hidden} (--include-private adds your own)").format(
                hidden=hidden_label(left_out)
            )
        print(f"okr: {note}", file=sys.stderr)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"


def _exchange_exporter(fmt: str) -> Exporter:
    def export(ctx: Context, store: WorkspaceStore, args: argparse.Namespace) -> str:
        return export_text(
            ctx,
            store,
            fmt,
            include_private=args.include_private,
            period=args.period,
            bom=args.bom,
        )

    return export


EXPORTERS: dict[str, Exporter] = {
    "json": export_json,
    **{fmt: _exchange_exporter(fmt) for fmt in EXPORT_FORMATS},
}
"""--format -> function returning the text to write."""


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    exporter = EXPORTERS.get(args.format)
    if exporter is None:
        raise UserError(
            _("--format is one of {formats}, not {format!r}").format(
                formats=", ".join(EXPORTERS), format=args.format
            )
        )
    store = ctx.open_store()
    try:
        text = exporter(ctx, store, args)
    finally:
        store.close()
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output).expanduser()
    if target.is_dir():
        raise UserError(_("-o: {path} is a folder; name a file").format(path=target))
    if not target.parent.is_dir():
        raise UserError(_("-o: no folder {path}").format(path=target.parent))
    try:
        atomic_write_bytes(target, text.encode("utf-8"))
    except OSError as exc:
        raise UserError(
            _("-o: cannot write {path} ({reason})").format(path=target, reason=exc.strerror or exc)
        ) from None
    print(
        _("Wrote {format} export of {workspace} to {path}").format(
            format=args.format, workspace=ctx.db.name, path=target
        ),
        file=sys.stderr,
    )
    return 0


def import_json(ctx: Context, store: WorkspaceStore, path: Path, args: argparse.Namespace) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(_("{path}: no such file").format(path=path)) from None
    except IsADirectoryError:
        raise UserError(_("{path}: is a folder, not an export file").format(path=path)) from None
    except OSError as exc:
        raise UserError(
            _("{path}: cannot read it ({reason})").format(path=path, reason=exc.strerror or exc)
        ) from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise UserError(_("{path}: not JSON ({reason})").format(path=path, reason=exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("schema_version"), int):
        raise UserError(
            _("{path}: not an okr export (no schema_version; write one with okr export)").format(
                path=path
            )
        )
    if data["schema_version"] > SCHEMA_VERSION:
        raise UserError(
            _(
                "{path}: written by a newer okr-tui (schema {schema}); upgrade okr-tui to import it"
            ).format(path=path, schema=data["schema_version"])
        )
    bad = [
        k
        for k, v in data.items()
        if k not in ("schema_version", "meta") and not isinstance(v, list)
    ]
    if bad:
        raise UserError(
            _("{path}: {key!r} should be a list of records").format(path=path, key=bad[0])
        )
    from okr_tui.store import WorkspaceError

    try:
        with terminal_progress("records") as progress:
            done = json_import.import_json(
                store,
                data,
                update=args.update,
                reason=args.reason,
                progress=progress,
                refresh=False,
            )
    except WorkspaceError as exc:
        raise UserError(
            _("{path}: {reason}; nothing was imported").format(path=path, reason=exc)
        ) from None
    except Exception as exc:  # anything else is a file that is not a sound export
        raise UserError(
            _("{path}: not an okr export ({reason}); nothing was imported").format(
                path=path, reason=exc
            )
        ) from None
    return done.summary(str(store.path))


def _import_exchange(
    ctx: Context, store: WorkspaceStore, path: Path, args: argparse.Namespace
) -> str:
    return import_file(ctx, store, path, update=args.update, reason=args.reason)


IMPORTERS: dict[str, Importer] = {
    ".json": import_json,
    **{suffix: _import_exchange for suffix in IMPORT_SUFFIXES},
}
"""File ending -> function that imports the file and returns what to print."""


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    if args.reason.strip() and not args.update:
        raise UserError(_("--reason says why records change: it goes with --update"))
    importer = IMPORTERS.get(path.suffix.lower())
    if importer is None:
        endings = ", ".join(sorted(IMPORTERS))
        if path.suffix:
            message = _("{path}: okr import reads {endings} files, not {ending}")
        else:
            message = _("{path}: okr import reads {endings} files, not files without an ending")
        raise UserError(message.format(path=path, endings=endings, ending=path.suffix))
    if not path.exists():
        raise UserError(_("{path}: no such file").format(path=path))
    store = ctx.open_store(create=True)
    try:
        print(importer(ctx, store, path, args))
    finally:
        store.close()
    return 0
