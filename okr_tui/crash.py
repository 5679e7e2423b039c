"""A crash ends the app with one line and a non-zero status, never a screen of traceback.

Textual prints an unhandled exception's traceback (with local variables, which
may hold people's private OKRs) when the app exits, and `App.run` returns
normally. `run_app` sends that traceback to a private file in the user's log
folder instead and says in one line what happened and where the details are.
"""

from __future__ import annotations

import io
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from okr_tui.i18n import _
from okr_tui.plain_text import one_line

CRASH_EXIT = 70
"""EX_SOFTWARE from sysexits.h: an internal error, not the user's mistake."""


def log_folder() -> Path:
    from platformdirs import user_log_path

    return user_log_path("okr-tui")


def save_report(text: str, folder: Path | None = None) -> Path | None:
    """Write the traceback to a new 0600 file; None when it cannot be written."""
    folder = folder or log_folder()
    name = f"crash-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError:
        return None
    return path


def last_line(report: str) -> str:
    """The traceback's last line, 'SomeError: what it says', cleaned for a terminal."""
    lines = [line.strip() for line in report.splitlines() if line.strip()]
    return one_line(lines[-1]) if lines else _("an unexpected error")


def run_app(app: Any, folder: Path | None = None, **run_options: Any) -> int:
    """Run a Textual app; on a crash, one line on stderr and CRASH_EXIT."""
    captured = io.StringIO()
    app.error_console = Console(file=captured, width=120, markup=False, highlight=False)
    app.run(**run_options)
    report = captured.getvalue()
    code = app.return_code or 0
    if not report:
        return code  # a clean exit, or one the app has explained itself
    saved = save_report(report, folder)
    where = _("; details in {path}").format(path=saved) if saved else ""
    line = "okr: " + _("the app stopped on an unexpected error ({problem}){where}").format(
        problem=last_line(report), where=where
    )
    print(line, file=sys.stderr)
    return code or CRASH_EXIT
