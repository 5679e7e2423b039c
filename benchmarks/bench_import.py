"""CSV import at scale: a 5 MB and a 50 MB file into a fresh workspace, each in its own process.

Plain Python, no assertions; prints medians. Run from the project root:

    .venv/bin/python benchmarks/bench_import.py                    # 5 MB x3, 50 MB x1
    .venv/bin/python benchmarks/bench_import.py --sizes 5 --runs 3
    .venv/bin/python benchmarks/bench_import.py --sizes 5,50 --runs 3 --runs-large 1
    .venv/bin/python benchmarks/bench_import.py --write big.csv --sizes 50  # keep a file to try

The files are spreadsheets as teams keep them (see `build_csv`): a company,
divisions and teams, two quarters (the earlier one scored), 3-6 objectives per
team and quarter with 2-5 key results each, a current value on most rows.
The same seed gives the same bytes.

Each import runs `okr import FILE.csv` (in-process `okr_tui.cli.main`) in a
fresh child process and reports:

- wall time: the child's whole life, interpreter start to exit;
- peak memory: the child's own peak resident memory (VmHWM, see first_frame.py);
- lock held: the longest time the child held the workspace lock (the store's
  `_locked`, timed by wrapping it in the child), i.e. how long colleagues'
  saves would have waited for the final write.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from okr_tui.csv_exchange import COLUMNS  # noqa: E402

SEED = 11
PERIODS = ("2026-Q3", "2026-Q4")
"""The earlier quarter is over and scored; the current one has values so far."""
TEAMS_PER_DIVISION = 25
VERBS = ("Grow", "Prove", "Cut", "Launch", "Win back", "Simplify", "Double", "Make")
THINGS = (
    "the value of our tea for restaurant suppliers",
    "repeat orders from small shops",
    "the time from order to delivery",
    "the self-service renewal flow",
    "the order system's reliability",
    "our presence in the second city",
    "onboarding for new sellers",
    "customer satisfaction with support",
)
MEASURES = (("%", 100), ("¥", 250000), ("/10", 10), ("orders", 5000), ("days", 30))


def team_name(n: int) -> str:
    return f"Team {n:05d}"


def build_csv(megabytes: float, seed: int = SEED) -> bytes:
    """A CSV export of about `megabytes` MB, one row per key result, in COLUMNS order."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow(["", "Company", "company", *[""] * (len(COLUMNS) - 3)])
    wanted = int(megabytes * 1_000_000)
    team = 0
    while out.tell() < wanted:
        if team % TEAMS_PER_DIVISION == 0:
            division = f"Division {team // TEAMS_PER_DIVISION + 1:03d}"
            writer.writerow(["", division, "business", "Company", *[""] * (len(COLUMNS) - 4)])
        team += 1
        for period in PERIODS:
            for o in range(rng.randint(3, 6)):
                write_objective(writer, rng, team, division, period, o)
    return out.getvalue().encode("utf-8")


def write_objective(
    writer: Any, rng: random.Random, team: int, division: str, period: str, number: int
) -> None:
    title = f"{rng.choice(VERBS)} {rng.choice(THINGS)} ({team_name(team)} #{number + 1})"
    kind = "committed" if number == 0 else "aspirational"
    track = "team-building" if number == 5 else "business"
    owner = f"p{team:05d}{number % 3}"
    for k in range(rng.randint(2, 5)):
        measure, top = rng.choice(MEASURES)
        target = round(top * rng.uniform(0.3, 1.0))
        current = round(target * rng.uniform(0.0, 1.1), 1) if rng.random() < 0.85 else None
        scored = period == PERIODS[0]
        writer.writerow(
            [
                period,
                team_name(team),
                "business" if team % 3 else "support",
                division,
                title,
                kind,
                track,
                "public",
                owner,
                f"Reach {target} {measure} in {rng.choice(THINGS)} ({k + 1})",
                "process" if k == 4 else "result",
                "0",
                str(target),
                "" if current is None else str(current),
                measure,
                "up",
                "2026-09-30" if scored else "2026-12-31",
                "1",
                f"{rng.randint(0, 10) / 10:.1f}" if scored else "",
            ]
        )


# -- the child: one import, instrumented ------------------------------------------------------


def peak_memory_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(workspace: str, csv_path: str) -> None:
    from okr_tui import cli
    from okr_tui.store import Store

    holds: list[float] = []
    original = Store._locked

    @contextlib.contextmanager
    def timed_lock(self: Store) -> Iterator[None]:
        with original(self):
            started = time.perf_counter()
            try:
                yield
            finally:
                holds.append(time.perf_counter() - started)

    Store._locked = timed_lock  # type: ignore[method-assign]
    started = time.perf_counter()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        code = cli.main(["--db", workspace, "--as", "bench", "import", csv_path])
    seconds = time.perf_counter() - started
    figures = {
        "code": code,
        "import_s": seconds,
        "lock_max_s": max(holds, default=0.0),
        "lock_total_s": sum(holds),
        "locks": len(holds),
        "peak_mb": peak_memory_mb(),
        "workspace_mb": Path(workspace).stat().st_size / 1e6,
    }
    print(json.dumps(figures))


# -- the parent -----------------------------------------------------------------------------


def run_once(csv_path: Path, folder: Path, timeout: float) -> dict[str, Any]:
    workspace = folder / f"w-{time.monotonic_ns()}.json"
    started = time.perf_counter()
    try:
        run = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "child", str(workspace), str(csv_path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {"problem": f"did not finish in {timeout:g} s"}
    wall = time.perf_counter() - started
    lines = run.stdout.strip().splitlines()
    if run.returncode != 0 or not lines:
        return {"problem": f"exit {run.returncode}: {run.stderr.strip()[-2000:]}"}
    figures: dict[str, Any] = json.loads(lines[-1])
    figures["wall_s"] = wall
    if figures["code"] != 0:
        figures["problem"] = f"okr import exited {figures['code']}: {run.stderr.strip()[-500:]}"
    return figures


def median_of(results: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5,50", help="CSV sizes in MB, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="imports per size under 20 MB")
    parser.add_argument("--runs-large", type=int, default=1, help="imports per size from 20 MB")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before giving up")
    parser.add_argument("--write", type=Path, help="also keep the (last) CSV at this path")
    args = parser.parse_args()

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        for size in [float(s) for s in args.sizes.split(",") if s]:
            data = build_csv(size)
            csv_path = folder / f"okrs-{size:g}mb.csv"
            csv_path.write_bytes(data)
            if args.write:
                args.write.write_bytes(data)
            rows = data.count(b"\n") - 1
            runs = args.runs if size < 20 else args.runs_large
            results = [run_once(csv_path, folder, args.timeout) for _ in range(runs)]
            good = [r for r in results if "problem" not in r]
            print(f"\n{size:g} MB CSV: {len(data) / 1e6:.1f} MB, {rows:,} rows, {runs} run(s)")
            for result in results:
                if "problem" in result:
                    print(f"  PROBLEM: {result['problem']}")
            if not good:
                continue
            print(f"  wall time (process)      {median_of(good, 'wall_s'):8.1f} s")
            print(f"  import (okr_tui.cli.main) {median_of(good, 'import_s'):7.1f} s")
            print(f"  peak memory (VmHWM)      {median_of(good, 'peak_mb'):8.0f} MB")
            print(f"  lock held, longest       {median_of(good, 'lock_max_s'):8.2f} s")
            print(f"  lock held, in all        {median_of(good, 'lock_total_s'):8.2f} s")
            print(f"  workspace written        {median_of(good, 'workspace_mb'):8.1f} MB")
            walls = ", ".join(f"{r['wall_s']:.1f}" for r in good)
            holds = ", ".join(f"{r['lock_max_s']:.2f}" for r in good)
            print(f"  samples: wall {walls} s; lock {holds} s")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
