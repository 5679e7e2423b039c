"""The core never imports Textual: checked in a fresh interpreter.

Every module of the `okr_tui` package is imported except the App itself
(`okr_tui.app`) and the `python -m` entry point, so a new core module is
covered without anyone remembering to list it.
"""

from __future__ import annotations

import subprocess
import sys

OUTSIDE_THE_CORE = {"okr_tui.app", "okr_tui.app_watch", "okr_tui.__main__"}


def test_core_does_not_import_textual() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import okr_tui\n"
        "names = [m.name for m in pkgutil.walk_packages(okr_tui.__path__, 'okr_tui.')]\n"
        f"names = [n for n in names if n not in {sorted(OUTSIDE_THE_CORE)!r}]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, textual_modules = out.stdout.strip().splitlines()
    assert int(count) >= 20, "the walk found too few core modules"
    assert textual_modules == "[]"
