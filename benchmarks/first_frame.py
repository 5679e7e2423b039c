"""Launched by bench_foundation.py: start an app headless and report the time to its first frame.

Usage: python first_frame.py bare|okr T0 [WORKSPACE]
T0 is the parent's time.perf_counter() just before it started this process
(CLOCK_MONOTONIC, shared by all processes on Linux), so the figure printed
includes the interpreter's own start and every import.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

MODE, T0 = sys.argv[1], float(sys.argv[2])


def report() -> None:
    print(f"{(time.perf_counter() - T0) * 1000:.1f}", flush=True)


def bare() -> None:
    """The yardstick: Header, Footer and a 20-row DataTable."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("id", "title", "progress")
            for n in range(20):
                table.add_row(f"kr-{n:04x}", f"Key result {n}", f"{n * 5}%")
            self.call_after_refresh(self.first_frame)

        def first_frame(self) -> None:
            report()
            self.exit()

    Bare().run(headless=True, size=(100, 30))


def okr(workspace: Path) -> None:
    """The real thing: `okr` on a workspace, until the home screen has drawn."""
    from okr_tui.app import OkrApp
    from okr_tui.store import Store

    class Timed(OkrApp):
        def action_open(self, name: str, **kwargs: Any) -> None:
            super().action_open(name, **kwargs)
            self.call_after_refresh(self.wait_for_home)

        def wait_for_home(self) -> None:
            # The home screen is pushed, then mounted; its first frame follows the mount.
            if self.screen.is_mounted and type(self.screen).__name__ == "HomeScreen":
                self.call_after_refresh(self.first_frame)
            else:
                self.call_after_refresh(self.wait_for_home)

        def first_frame(self) -> None:
            report()
            self.exit()

    store = Store(workspace, "ann", create=False)
    Timed(store, today=date(2026, 11, 26), watch_file=False).run(headless=True, size=(100, 30))


if __name__ == "__main__":
    if MODE == "bare":
        bare()
    else:
        okr(Path(sys.argv[3]))
