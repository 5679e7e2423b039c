"""Launched by the benchmarks: start an app headless and report how long things take.

Usage: python first_frame.py bare|okr T0 [WORKSPACE]
       python first_frame.py screens T0 WORKSPACE UNIT_ID TODAY LOGIN [STEP,STEP...]
T0 is the parent's time.perf_counter() just before it started this process
(CLOCK_MONOTONIC, shared by all processes on Linux), so the first frame
includes the interpreter's own start and every import.

`bare` prints its first frame in ms. `okr` starts the app the way the `okr`
command does (the workspace opens after the first frame) and prints one JSON
line: `first_frame` (home drawn, perhaps still saying "Opening ...") and
`home_ready` (home showing the workspace's units and objectives). `screens`
starts as LOGIN and adds, in the same process: `preloaded` (the other
screens' modules imported in the background), then every screen opened from
home as a user would and timed until it has drawn its data (see STEPS; the
review, history, changes, scoring, unit page and workshop are UNIT_ID's, the
check-in screen LOGIN's own key results), and the process's peak memory
(VmHWM; see peak_memory_mb) after all of that. A step that fails or finds nothing to show
is named in `errors` with what went wrong, and the others still run.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okr_tui.location import Location

T0 = 0.0
"""The parent's clock when it started this process (set from the command line)."""


def peak_memory_mb() -> float:
    """This process's peak resident memory, in MB.

    Linux's ru_maxrss is kept across exec: a process started by a parent that
    held a large workspace in memory (run.py builds and opens one) would report
    the parent's peak. VmHWM belongs to this process's own memory alone.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def frame_showing(app: Any, ready: Callable[[], bool]) -> None:
    """Wait until `ready()` holds in `app`, then for the frame that shows it."""
    import asyncio

    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def check() -> None:
        try:
            ok = ready()
        except Exception:  # the screen is not mounted yet
            ok = False
        if ok:
            app.call_after_refresh(lambda: done.done() or done.set_result(None))
        else:
            app.call_after_refresh(check)

    check()
    await done


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

    from okr_tui.app import OkrApp

    class Probe(OkrApp):
        script: Callable[[Probe], Any]

        async def drawn(self, ready: Callable[[], bool]) -> None:
            await frame_showing(self, ready)

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


def launch_okr(workspace: Location, user: str, today: date, script: Any) -> None:
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


def okr(workspace: Location) -> None:
    """The real thing: `okr` on a workspace, until home has drawn and then shows the data."""
    import json

    figures: dict[str, Any] = {}

    async def script(app: Any) -> None:
        await app.start_up(figures)
        app.exit()

    launch_okr(workspace, "ann", date(2026, 11, 26), script)
    print(json.dumps(figures), flush=True)


STEPS: tuple[str, ...] = (
    "review",
    "keypress",
    "history",
    "changes",
    "alignment",
    "checkin",
    "scoring",
    "unit",
    "workshop",
    "manage",
    "help",
)
"""The figures `screens` can time, in the order it times them; `keypress`, `history` and
`changes` start from the weekly review, so they open it (untimed) when `review` is not asked."""


class StepFailed(Exception):
    """A step cannot run on this workspace (said in a sentence, no traceback needed)."""


ON_REVIEW = {"review", "keypress", "history", "changes"}

WAIT_SECONDS = float(os.environ.get("OKR_BENCH_WAIT", "120"))
"""How long a screen may take to show its data before the step is given up."""


def screens(workspace: Location, unit_id: str, today: date, login: str, only: set[str]) -> None:
    """Start-up, then every screen opened from home as a user would, each timed to its data.

    Each step starts on home (or on the review, for the keys pressed there), times from the
    key or `action_open` to the frame that shows the screen's data, and goes back. A step that
    fails is named in `errors` and the next one runs; the figures so far are printed even when
    the app dies.
    """
    import asyncio
    import json
    import traceback

    from textual import events
    from textual.widgets import DataTable, Static, Tree

    figures: dict[str, Any] = {"errors": {}}

    def has_text(app: Any, selector: str) -> bool:
        return bool(str(app.screen.query_one(selector, Static).content).strip())

    def table_filled(app: Any, screen: str, selector: str = "DataTable") -> bool:
        return app.showing(screen) and app.screen.query_one(selector, DataTable).row_count > 0

    async def timed(app: Any, key: str, action: Any, ready: Any) -> None:
        started = time.perf_counter()
        action()
        await asyncio.wait_for(app.drawn(ready), WAIT_SECONDS)
        figures[key] = (time.perf_counter() - started) * 1000

    async def back_home(app: Any) -> None:
        while not app.showing("HomeScreen") and len(app.screen_stack) > 2:
            await app.pop_screen()
        await app.drawn(lambda: app.showing("HomeScreen"))

    def press(app: Any, key: str, character: str | None = None) -> Any:
        return lambda: app.post_message(events.Key(key, character))

    async def on_review(app: Any) -> None:
        """The weekly review of the largest team (timed once, as `review`)."""
        if app.showing("ReviewScreen"):
            return

        def open_review() -> None:
            app.action_open("review", unit_id=unit_id)

        def filled() -> bool:
            return table_filled(app, "ReviewScreen")

        if "review" in only and "review" not in figures:
            await timed(app, "review", open_review, filled)
        else:
            open_review()
            await asyncio.wait_for(app.drawn(filled), WAIT_SECONDS)

    async def review(app: Any) -> None:
        await on_review(app)

    async def keypress(app: Any) -> None:
        await on_review(app)
        table = app.screen.query_one(DataTable)
        presses: list[float] = []
        for _ in range(min(8, table.row_count - 1)):
            row = table.cursor_row
            started = time.perf_counter()
            app.post_message(events.Key("down", None))
            await app.drawn(lambda row=row: table.cursor_row != row)
            presses.append((time.perf_counter() - started) * 1000)
        figures["keypress"] = sorted(presses)[len(presses) // 2] if presses else None

    async def history(app: Any) -> None:
        """Enter on a key result of the review: every reading of it and its changes."""
        await on_review(app)
        review_screen = app.screen
        table = review_screen.query_one(DataTable)
        keys = [str(row.key.value) for row in table.ordered_rows]
        kr_rows = [n for n, key in enumerate(keys) if key.startswith("kr:")]
        if not kr_rows:
            raise StepFailed("the review shows no key result to open")
        table.move_cursor(row=kr_rows[0])
        await app.drawn(lambda: table.cursor_row == kr_rows[0])
        await timed(
            app,
            "history",
            press(app, "enter", "\r"),
            lambda: table_filled(app, "KrHistoryScreen") and has_text(app, "#history-heading"),
        )
        await app.pop_screen()
        await app.drawn(lambda: app.screen is review_screen)

    async def changes(app: Any) -> None:
        """`h` on the review: every change to the team's objectives and key results."""
        await on_review(app)
        review_screen = app.screen
        await timed(
            app,
            "changes",
            press(app, "h", "h"),
            lambda: table_filled(app, "ChangesScreen") and has_text(app, "#changes-heading"),
        )
        await app.pop_screen()
        await app.drawn(lambda: app.screen is review_screen)

    async def alignment(app: Any) -> None:
        await timed(
            app,
            "alignment",
            lambda: app.action_open("alignment"),
            lambda: (
                app.showing("AlignmentScreen") and bool(app.screen.query_one(Tree).root.children)
            ),
        )

    async def checkin(app: Any) -> None:
        """The user's own key results, as `c` on home opens them."""
        await timed(
            app,
            "checkin",
            lambda: app.action_open("checkin"),
            lambda: (
                app.showing("CheckInScreen")
                and has_text(app, "#checkin-heading")
                and bool(app.screen.query("KrCard"))
            ),
        )

    async def scoring(app: Any) -> None:
        await timed(
            app,
            "scoring",
            lambda: app.action_open("scoring", unit_id=unit_id),
            lambda: table_filled(app, "ScoringScreen", "#scoring-krs"),
        )

    async def unit(app: Any) -> None:
        await timed(
            app,
            "unit",
            lambda: app.action_open("unit", unit_id=unit_id),
            lambda: app.showing("UnitPageScreen") and has_text(app, "#page-okrs"),
        )

    async def workshop(app: Any) -> None:
        """The workshop of the largest team (the first run starts it: one write)."""
        await timed(
            app,
            "workshop",
            lambda: app.action_open("workshop", unit_id=unit_id),
            lambda: (
                app.showing("WorkshopScreen")
                and app.screen.workshop is not None
                and has_text(app, "#ws-heading")
            ),
        )

    async def manage_units(app: Any) -> None:
        await timed(
            app,
            "manage",
            lambda: app.action_open("units"),
            lambda: table_filled(app, "ManageUnitsScreen"),
        )

    async def help_screen(app: Any) -> None:
        await timed(
            app,
            "help",
            lambda: app.action_open("help"),
            lambda: app.showing("HelpScreen") and has_text(app, "#help-keys"),
        )

    steps = {
        "review": review,
        "keypress": keypress,
        "history": history,
        "changes": changes,
        "alignment": alignment,
        "checkin": checkin,
        "scoring": scoring,
        "unit": unit,
        "workshop": workshop,
        "manage": manage_units,
        "help": help_screen,
    }

    async def script(app: Any) -> None:
        await app.start_up(figures)
        # The other screens are imported in the background once home is ready; a
        # user reads home for a moment before pressing a key, so wait for that.
        await app.until(lambda: app.preloaded)
        await app.drawn(lambda: True)
        figures["preloaded"] = (time.perf_counter() - T0) * 1000
        chosen = [key for key in STEPS if key in only]
        for n, key in enumerate(chosen):
            figures["running"] = key
            failed = False
            try:
                await steps[key](app)
            except Exception as exc:  # one screen's failure must not hide the others' figures
                failed = True
                if isinstance(exc, TimeoutError):
                    message = f"no data on screen after {WAIT_SECONDS:.0f} s"
                elif isinstance(exc, StepFailed):
                    message = str(exc)
                else:
                    message = traceback.format_exc(limit=-3).strip()
                figures["errors"][key] = f"{message} (showing {type(app.screen).__name__})"
            figures.pop("running")
            # The keys pressed on the review follow each other there, as a user's would.
            stay = key in ON_REVIEW and bool(ON_REVIEW & set(chosen[n + 1 :]))
            if failed or not stay:
                await back_home(app)
        await back_home(app)
        figures["maxrss_mb"] = peak_memory_mb()
        app.exit()

    try:
        launch_okr(workspace, login, today, script)
    finally:
        figures.setdefault("maxrss_mb", peak_memory_mb())
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    from okr_tui.location import parse_location

    MODE, T0 = sys.argv[1], float(sys.argv[2])
    if MODE == "bare":
        bare()
    elif MODE == "screens":
        screens(
            parse_location(sys.argv[3]),
            sys.argv[4],
            date.fromisoformat(sys.argv[5]),
            sys.argv[6],
            set(sys.argv[7].split(",")) if len(sys.argv) > 7 else set(STEPS),
        )
    else:
        okr(parse_location(sys.argv[3]))
