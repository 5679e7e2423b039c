"""The core never imports Textual: checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "okr_tui.models",
    "okr_tui.rules",
    "okr_tui.store",
    "okr_tui.storage",
    "okr_tui.privacy",
    "okr_tui.cli",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys, importlib\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
