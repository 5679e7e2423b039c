"""Launched by the benchmarks: start an app headless and report how long things take.

Usage: python first_frame.py bare|okr T0 [WORKSPACE]
       python first_frame.py screens T0 WORKSPACE UNIT_ID TODAY
T0 is the parent's time.perf_counter() just before it started this process
(CLOCK_MONOTONIC, shared by all processes on Linux), so the first frame
includes the interpreter's own start and every import.

`screens` prints one JSON line: the first frame of home, then opening the
weekly review of UNIT_ID, keypresses on it (cursor down, to the redraw),
opening the alignment tree of the whole organisation, and the process's peak
memory (ru_maxrss) after all of that.
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


def screens(workspace: Path, unit_id: str, today: date) -> None:
    """First frame, then the review, keypresses on it and the alignment tree, timed."""
    import asyncio
    import json
    import resource
    from collections.abc import Callable

    from textual import events
    from textual.widgets import DataTable, Tree

    from okr_tui.app import OkrApp
    from okr_tui.store import Store

    figures: dict[str, Any] = {}

    class Probe(OkrApp):
        async def drawn(self, ready: Callable[[], bool]) -> None:
            """Wait until `ready()` holds, then for the frame that shows it."""
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

            def check() -> None:
                try:
                    ok = ready()
                except Exception:  # the screen is not mounted yet
                    ok = False
                if ok:
                    self.call_after_refresh(lambda: done.done() or done.set_result(None))
                else:
                    self.call_after_refresh(check)

            check()
            await done

        def on_mount(self) -> None:
            self.run_worker(self.script(), exclusive=True)

        def showing(self, name: str) -> bool:
            return type(self.screen).__name__ == name and self.screen.is_mounted

        async def script(self) -> None:
            await self.drawn(lambda: self.showing("HomeScreen"))
            figures["first_frame"] = (time.perf_counter() - T0) * 1000

            started = time.perf_counter()
            self.action_open("review", unit_id=unit_id)
            await self.drawn(
                lambda: (
                    self.showing("ReviewScreen") and self.screen.query_one(DataTable).row_count > 0
                )
            )
            figures["review"] = (time.perf_counter() - started) * 1000

            table = self.screen.query_one(DataTable)
            presses: list[float] = []
            for _ in range(min(8, table.row_count - 1)):
                row = table.cursor_row
                started = time.perf_counter()
                self.post_message(events.Key("down", None))
                await self.drawn(lambda row=row: table.cursor_row != row)
                presses.append((time.perf_counter() - started) * 1000)
            figures["keypress"] = sorted(presses)[len(presses) // 2] if presses else None

            self.pop_screen()
            started = time.perf_counter()
            self.action_open("alignment")
            await self.drawn(
                lambda: (
                    self.showing("AlignmentScreen")
                    and bool(self.screen.query_one(Tree).root.children)
                )
            )
            figures["alignment"] = (time.perf_counter() - started) * 1000
            figures["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.exit()

    store = Store(workspace, "p0000", create=False)
    Probe(store, today=today, watch_file=False).run(headless=True, size=(100, 30))
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    if MODE == "bare":
        bare()
    elif MODE == "screens":
        screens(Path(sys.argv[3]), sys.argv[4], date.fromisoformat(sys.argv[5]))
    else:
        okr(Path(sys.argv[3]))
