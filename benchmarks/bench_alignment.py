"""The alignment tree of the whole organisation: how long it takes to open and to search.

Plain Python, no assertions; prints medians of fresh processes. Run from the
project root:

    .venv/bin/python benchmarks/bench_alignment.py                   # 1k and 100k
    .venv/bin/python benchmarks/bench_alignment.py --sizes 1000 --runs 3
    .venv/bin/python benchmarks/bench_alignment.py --workspace big.json

Each run starts the app headless on the home screen (as `okr` does), then
times, to the frame that shows it: opening the alignment screen; typing a
search for one team deep in the tree (the path to it opens); clearing the
search. It also reports the process's peak memory after all of that.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

FIGURES = ("open", "search", "clear", "maxrss_mb")


def child(workspace: Path, query: str) -> None:
    """One run: home, then the alignment tree, a search and its clearing, timed."""
    from collections.abc import Callable

    import synth
    from first_frame import frame_showing, peak_memory_mb
    from textual.widgets import Input, Tree

    from okr_tui.app import OkrApp
    from okr_tui.store import Store

    figures: dict[str, Any] = {}

    class Probe(OkrApp):
        async def drawn(self, ready: Callable[[], bool]) -> None:
            await frame_showing(self, ready)

        def on_mount(self) -> None:
            self.run_worker(self.script(), exclusive=True)

        def showing(self, name: str) -> bool:
            return type(self.screen).__name__ == name and self.screen.is_mounted

        def tree(self) -> Tree[Any]:
            return self.screen.query_one(Tree)

        async def script(self) -> None:
            await self.drawn(lambda: self.showing("HomeScreen"))
            started = time.perf_counter()
            self.action_open("alignment")
            await self.drawn(
                lambda: self.showing("AlignmentScreen") and bool(self.tree().root.children)
            )
            figures["open"] = (time.perf_counter() - started) * 1000
            lines = self.tree().last_line

            search = self.screen.query_one(Input)
            started = time.perf_counter()
            search.value = query
            await self.drawn(lambda: self.tree().last_line != lines)
            figures["search"] = (time.perf_counter() - started) * 1000
            found = self.tree().last_line

            started = time.perf_counter()
            search.value = ""
            await self.drawn(lambda: self.tree().last_line != found)
            figures["clear"] = (time.perf_counter() - started) * 1000
            figures["maxrss_mb"] = peak_memory_mb()
            self.exit()

    store = Store(workspace, "p0000", create=False)
    Probe(store, today=synth.TODAY, watch_file=False).run(headless=True, size=(100, 30))
    print(json.dumps(figures), flush=True)


def one_run(workspace: Path, query: str) -> dict[str, float]:
    run = subprocess.run(
        [sys.executable, __file__, "--child", str(workspace), "--query", query],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0 or not run.stdout.strip():
        raise SystemExit(f"run failed: {run.stderr.strip()[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def measure(workspace: Path, runs: int, query: str) -> dict[str, float]:
    samples = [one_run(workspace, query) for _ in range(runs)]
    return {k: statistics.median(s[k] for s in samples) for k in FIGURES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000", help="check-in counts")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workspace", type=Path, help="measure this file instead")
    parser.add_argument("--query", default="", help="default: the last team's name")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.query)
        return

    import synth

    rows: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        targets: list[tuple[str, Path, str]] = []
        if args.workspace:
            targets.append((args.workspace.name, args.workspace, args.query or "Team 1"))
        else:
            for size in (int(s) for s in args.sizes.split(",")):
                path = Path(folder) / f"synth-{size}.json"
                teams = synth.units_for(size, 4, 3, 13)
                # In its own process: a parent that held the workspace would pass its
                # peak memory on to the runs it starts.
                subprocess.run(
                    [sys.executable, str(HERE / "synth.py"), str(path), "--teams", str(teams)],
                    check=True,
                    capture_output=True,
                )
                targets.append((f"~{size:,}", path, args.query or f"Team {teams}"))
        for label, path, query in targets:
            rows.append((label, measure(path, args.runs, query)))
    print(f"| check-ins | open | search | clear | peak MB |  (median of {args.runs})")
    print("|---|---|---|---|---|")
    for label, f in rows:
        print(
            f"| {label} | {f['open']:.0f} ms | {f['search']:.0f} ms | {f['clear']:.0f} ms "
            f"| {f['maxrss_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
