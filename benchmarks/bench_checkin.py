"""A whole `okr checkin` process (what cron and scripts run): a large organisation against TeeBee.

Plain Python, no assertions; prints medians. Run from the project root:

    .venv/bin/python benchmarks/bench_checkin.py                   # 100k check-ins, 9 pairs
    .venv/bin/python benchmarks/bench_checkin.py --checkins 10000 --runs 7
    .venv/bin/python benchmarks/bench_checkin.py --keep here/      # keep the files, print commands

It writes a synthetic organisation (benchmarks/synth.py) and a demo copy of the
TeeBee sample (as `okr demo` makes it), saves one check-in on each first (the
large file gets its journal and both get the day's backup, as on any day after
the first write), then starts `okr --db FILE --as LOGIN checkin KR VALUE` in
fresh processes, the large file and TeeBee in turn, and prints per workspace:

- wall time of the whole process, from its start to its exit (interpreter and
  imports included), and the ratio large / TeeBee taken pair by pair;
- the process's own peak memory (VmHWM, read as it exits: ru_maxrss would count
  what the parent held, kept across exec).

`--first-of-day` also times the first check-in of a day: the backups are moved
away before each run, so each run makes the day's backup.
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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = """
import atexit, sys
def _peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("VMHWM", int(line.split()[1]), file=sys.stderr)
atexit.register(_peak)
from okr_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""
"""The `okr` command as its console script runs it, telling its own peak memory at exit."""


@dataclass(frozen=True)
class Case:
    """One workspace to check in on: who signs in, on which key result."""

    name: str
    path: Path
    login: str
    kr_id: str

    def argv(self, value: int) -> list[str]:
        return ["--db", str(self.path), "--as", self.login, "checkin", self.kr_id, str(value)]


def run_once(case: Case, value: int) -> tuple[float, float]:
    """Wall seconds and peak MB of one `okr checkin` process."""
    env = {**launcher_env(), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *case.argv(value)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{case.name}: okr checkin failed ({done.returncode}): {done.stderr}")
    peak = next(
        int(line.split()[1]) / 1024
        for line in done.stderr.splitlines()
        if line.startswith("VMHWM ")
    )
    return wall, peak


def launcher_env() -> dict[str, str]:
    """The environment with byte-code caching on, as in any installed okr-tui.

    With PYTHONDONTWRITEBYTECODE set every start would compile okr-tui from source;
    the byte-code then goes to a cache folder outside the project.
    """
    env = dict(os.environ)
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        env.setdefault(
            "PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "okr-bench-pycache")
        )
    return env


def pick_case(name: str, path: Path) -> Case:
    """A key result of a public objective this quarter, and a person who may see it."""
    from okr_tui.models import Objective
    from okr_tui.store import Store

    store = Store(path, "", create=False)
    try:
        quarter = max(p.id for p in store.periods() if not p.is_year)
        public = [
            o
            for o in store.objectives(period_id=quarter)
            if o.visibility == "public" and not o.sealed and store.key_results(o.id)
        ]
        objective: Objective = public[0]
        kr = store.key_results(objective.id)[0]
        login = kr.owner or objective.owner or store.people()[0].login
    finally:
        store.close()
    return Case(name, path, login, kr.id)


def build(folder: Path, checkins: int) -> tuple[Case, Case]:
    from benchmarks import synth
    from okr_tui.demo import make_demo

    teams = synth.units_for(checkins, 4, 3, 13)
    summary = synth.build(folder / "big.json", teams=teams, people=4 * teams)
    size = summary.path.stat().st_size / 1e6
    print(
        f"large: {summary.checkins:,} check-ins, {summary.units} units, "
        f"{summary.events:,} events, {size:.1f} MB"
    )
    teebee = make_demo("teebee", folder / "teebee.json", date.today())
    print(f"TeeBee demo copy: {teebee.stat().st_size / 1e3:.0f} kB")
    return pick_case("large", summary.path), pick_case("teebee", teebee)


def move_backups_away(case: Case) -> None:
    folder = case.path.parent / f"{case.path.name}.backups"
    shutil.rmtree(folder, ignore_errors=True)


def measure(cases: tuple[Case, Case], runs: int, *, first_of_day: bool) -> None:
    walls: dict[str, list[float]] = {c.name: [] for c in cases}
    peaks: dict[str, list[float]] = {c.name: [] for c in cases}
    ratios: list[float] = []
    for n in range(runs):
        pair: list[float] = []
        for case in cases:
            if first_of_day:
                move_backups_away(case)
            wall, peak = run_once(case, 40 + n)
            walls[case.name].append(wall)
            peaks[case.name].append(peak)
            pair.append(wall)
        ratios.append(pair[0] / pair[1])
    what = "first check-in of the day" if first_of_day else "a check-in (day's backup made)"
    print(f"\n{what}: medians of {runs} pairs")
    print(f"{'':24} {'wall (s)':>10} {'min':>7} {'max':>7} {'peak (MB)':>10}")
    for case in cases:
        w = walls[case.name]
        print(
            f"{case.name:24} {statistics.median(w):10.3f} {min(w):7.3f} {max(w):7.3f} "
            f"{statistics.median(peaks[case.name]):10.1f}"
        )
    big, small = (statistics.median(peaks[c.name]) for c in cases)
    print(
        f"{'ratio large / TeeBee':24} {statistics.median(ratios):10.2f} "
        f"{min(ratios):7.2f} {max(ratios):7.2f} {big / small:10.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkins", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9, help="pairs of processes (at least 7)")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument(
        "--first-of-day", action="store_true", help="also time the check-in that makes a backup"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="okr-bench-checkin-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        cases = build(folder, args.checkins)
        for case in cases:
            run_once(case, 39)  # the journal and the day's backup, as after a day's first write
            print(f"{case.name}: okr {' '.join(case.argv(40))}")
        print(json.dumps({"load average": os.getloadavg()[0]}))
        measure(cases, args.runs, first_of_day=False)
        if args.first_of_day:
            measure(cases, args.runs, first_of_day=True)
        print(json.dumps({"load average": os.getloadavg()[0]}))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
