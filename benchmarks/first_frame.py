"""Launched by the benchmarks: start an app headless and report how long things take.

Usage: python first_frame.py bare|okr T0 [WORKSPACE]
       python first_frame.py screens T0 WORKSPACE UNIT_ID TODAY
T0 is the parent's time.perf_counter() just before it started this process
(CLOCK_MONOTONIC, shared by all processes on Linux), so the first frame
includes the interpreter's own start and every import.

`bare` prints its first frame in ms. `okr` starts the app the way the `okr`
command does (the workspace opens after the first frame) and prints one JSON
line: `first_frame` (home drawn, perhaps still saying "Opening ...") and
`home_ready` (home showing the workspace's units and objectives). `screens`
adds, in the same process: `preloaded` (the other screens' modules imported in
the background), opening the weekly review of UNIT_ID, keypresses on it
(cursor down, to the redraw), opening the alignment tree of the whole
organisation, and the process's peak memory (ru_maxrss) after all of that.
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


def okr_app_class() -> type[Any]:
    """OkrApp with a probe that runs `script` beside it; imported as `okr` imports it."""
    import asyncio
    from collections.abc import Callable

    from okr_tui.app import OkrApp

    class Probe(OkrApp):
        script: Callable[[Probe], Any]

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

        async def until(self, ready: Callable[[], bool]) -> None:
            """Wait (without asking for frames) until `ready()` holds."""
            while not ready():
                await asyncio.sleep(0.005)

        def on_mount(self) -> None:
            self.run_worker(self.script(self), exclusive=True, group="probe")

        def showing(self, name: str) -> bool:
            return type(self.screen).__name__ == name and self.screen.is_mounted

        def home_filled(self) -> bool:
            from textual.widgets import Tree

            return (
                self.ready
                and self.showing("HomeScreen")
                and bool(self.screen.query_one("#units", Tree).root.children)
            )

        async def start_up(self, figures: dict[str, Any]) -> None:
            """First frame of home (maybe still opening), then home with the workspace's data."""
            await self.drawn(lambda: self.showing("HomeScreen"))
            figures["first_frame"] = (time.perf_counter() - T0) * 1000
            # Polled without asking for frames: a redraw loop would compete with the
            # thread that opens the workspace.
            await self.until(self.home_filled)
            await self.drawn(lambda: True)
            figures["home_ready"] = (time.perf_counter() - T0) * 1000

    return Probe


def launch_okr(workspace: Path, user: str, today: date, script: Any) -> None:
    """Start the app as `okr --db WORKSPACE --as USER` does: the store opens after a frame."""
    from functools import partial

    from okr_tui.cli import open_workspace

    app = okr_app_class()(
        open_store=partial(open_workspace, workspace, user),
        workspace_path=workspace,
        today=today,
        watch_file=False,
    )
    app.script = script
    app.run(headless=True, size=(100, 30))
    if app.open_error is not None:
        raise app.open_error


def okr(workspace: Path) -> None:
    """The real thing: `okr` on a workspace, until home has drawn and then shows the data."""
    import json

    figures: dict[str, Any] = {}

    async def script(app: Any) -> None:
        await app.start_up(figures)
        app.exit()

    launch_okr(workspace, "ann", date(2026, 11, 26), script)
    print(json.dumps(figures), flush=True)


def screens(workspace: Path, unit_id: str, today: date) -> None:
    """Start-up, then the review, keypresses on it and the alignment tree, timed."""
    import json
    import resource

    from textual import events
    from textual.widgets import DataTable, Tree

    figures: dict[str, Any] = {}

    async def script(app: Any) -> None:
        await app.start_up(figures)
        # The other screens are imported in the background once home is ready; a
        # user reads home for a moment before pressing a key, so wait for that.
        await app.until(lambda: app.preloaded)
        await app.drawn(lambda: True)
        figures["preloaded"] = (time.perf_counter() - T0) * 1000

        started = time.perf_counter()
        app.action_open("review", unit_id=unit_id)
        await app.drawn(
            lambda: app.showing("ReviewScreen") and app.screen.query_one(DataTable).row_count > 0
        )
        figures["review"] = (time.perf_counter() - started) * 1000

        table = app.screen.query_one(DataTable)
        presses: list[float] = []
        for _ in range(min(8, table.row_count - 1)):
            row = table.cursor_row
            started = time.perf_counter()
            app.post_message(events.Key("down", None))
            await app.drawn(lambda row=row: table.cursor_row != row)
            presses.append((time.perf_counter() - started) * 1000)
        figures["keypress"] = sorted(presses)[len(presses) // 2] if presses else None

        app.pop_screen()
        started = time.perf_counter()
        app.action_open("alignment")
        await app.drawn(
            lambda: (
                app.showing("AlignmentScreen") and bool(app.screen.query_one(Tree).root.children)
            )
        )
        figures["alignment"] = (time.perf_counter() - started) * 1000
        figures["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        app.exit()

    launch_okr(workspace, "p0000", today, script)
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    if MODE == "bare":
        bare()
    elif MODE == "screens":
        screens(Path(sys.argv[3]), sys.argv[4], date.fromisoformat(sys.argv[5]))
    else:
        okr(Path(sys.argv[3]))
