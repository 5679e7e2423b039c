"""The workspace file against PostgreSQL on a large organisation: open, home's rows, a save.

Plain Python, no assertions; prints medians. Run from the project root (needs the
test extra: psycopg and pgserver, a PostgreSQL 16 of its own in a temporary folder):

    .venv/bin/python benchmarks/bench_pg.py                      # 100k check-ins, 3 runs
    .venv/bin/python benchmarks/bench_pg.py --checkins 10000 --runs 5

It writes a synthetic organisation (benchmarks/synth.py) to a file, copies it into
a fresh database as `okr copy` does, and then, for each backend, in fresh
processes (one per run, so peak memory is the process's own):

- open: opening the store and reading home's rows for the largest team (what
  `okr` does before home shows its data);
- save: one check-in (median of --saves in the process), and a colleague's
  session noticing it (refresh);
- idle poll: `refresh()` when nothing changed (what the app does every second);
- peak memory of the process (VmHWM: ru_maxrss would count the parent's, kept
  across exec).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = date(2026, 12, 24)


def measure(location: str, unit_id: str, saves: int) -> dict[str, float]:
    """One run, in this process: the figures for one backend."""
    from okr_tui.home_view import unit_okrs
    from okr_tui.location import parse_location
    from okr_tui.models import KeyResult
    from okr_tui.stores import open_location

    where = parse_location(location)
    started = time.perf_counter()
    store = open_location(where, "bench")
    rows = unit_okrs(store, unit_id, "2026-Q4", "bench", TODAY)
    opened = time.perf_counter() - started
    kr_id = rows.rows[0].krs[0].kr.id
    assert store.find(KeyResult, kr_id) is not None
    colleague = open_location(where, "colleague")
    save_times: list[float] = []
    notice_times: list[float] = []
    for n in range(saves):
        started = time.perf_counter()
        store.check_in(kr_id, n)
        save_times.append(time.perf_counter() - started)
        wait = getattr(colleague, "wait_for_notice", None)
        if wait is not None:
            wait()
        started = time.perf_counter()
        colleague.refresh()
        notice_times.append(time.perf_counter() - started)
    idle: list[float] = []
    for _ in range(200):
        started = time.perf_counter()
        colleague.refresh()
        idle.append(time.perf_counter() - started)
    peak = peak_memory_mb()
    store.close()
    colleague.close()
    return {
        "open + home rows (s)": opened,
        "save one check-in (ms)": statistics.median(save_times) * 1000,
        "colleague notices it (ms)": statistics.median(notice_times) * 1000,
        "idle poll (µs)": statistics.median(idle) * 1e6,
        "peak memory (MB)": peak,
    }


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_child(location: str, unit_id: str, saves: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, __file__, "--child", location, unit_id, str(saves)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkins", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--saves", type=int, default=21)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        location, unit_id, saves = args.child
        print(json.dumps(measure(location, unit_id, int(saves))))
        return
    sys.path.insert(0, str(ROOT))
    import pgserver

    from benchmarks import synth
    from okr_tui.location import PgUrl
    from okr_tui.pg.bulk import write_new
    from okr_tui.store import Store

    folder = Path(tempfile.mkdtemp(prefix="okr-bench-pg-"))
    teams = synth.units_for(args.checkins, 4, 3, 13)
    summary = synth.build(folder / "big.json", teams=teams, people=4 * teams)
    print(
        f"{summary.checkins} check-ins, {summary.units} units, {summary.events} events; "
        f"largest team {summary.largest_unit}"
    )
    server = pgserver.get_server(folder / "pgdata", cleanup_mode="delete")
    import psycopg

    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute("create database okr_bench template template0")
    url = PgUrl(server.get_uri("okr_bench"))
    started = time.perf_counter()
    write_new(url, Store(summary.path, "").export_data())
    print(f"copied into PostgreSQL in {time.perf_counter() - started:.1f} s")
    results: dict[str, list[dict[str, float]]] = {"file": [], "postgresql": []}
    for _ in range(args.runs):
        for name, location in (("file", str(summary.path)), ("postgresql", url.url)):
            results[name].append(run_child(location, summary.largest_unit, args.saves))
    rows = list(results["file"][0])
    print(f"\nmedians of {args.runs} runs at {summary.checkins} check-ins")
    print(f"{'':28} {'file':>12} {'postgresql':>12}")
    for row in rows:
        cells = [statistics.median(r[row] for r in results[name]) for name in results]
        print(f"{row:28} {cells[0]:12.2f} {cells[1]:12.2f}")
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
