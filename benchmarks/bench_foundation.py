"""Foundation benchmarks: start-up to the home screen's first frame, and one check-in save.

Plain Python, no assertions; prints medians. Run from the project root:

    .venv/bin/python benchmarks/bench_foundation.py            # everything
    .venv/bin/python benchmarks/bench_foundation.py startup    # (a) only
    .venv/bin/python benchmarks/bench_foundation.py save       # (b) only
    .venv/bin/python benchmarks/bench_foundation.py save --sizes 1000,10000 --runs 15

(a) starts `okr` headless on a small TeeBee-like workspace and a bare Textual
app (Header, Footer, 20-row DataTable) alternately in fresh processes, from
process start to first frame, and prints both medians and their ratio. `okr`
opens its workspace after the first frame, so it also prints "home ready":
process start until home shows the workspace's data.

(b) builds workspaces of 1k, 10k and 100k check-ins (each with the event the
store records for it, as real use leaves them) by writing the JSON directly,
then times `store.check_in` (lock, re-read check, validation, event, backup
check, atomic write with fsync). It also times what a colleague's session
pays to notice that check-in (`store.refresh`), and opening the workspace.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from okr_tui.models import (
    CheckIn,
    Event,
    KeyResult,
    Objective,
    Period,
    Person,
    Unit,
    period_for,
)
from okr_tui.store import SCHEMA_VERSION, Store

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "first_frame.py"
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples):8.1f} ms"


# -- (a) start-up ---------------------------------------------------------------------------


def build_home_workspace(path: Path) -> None:
    """TeeBee's two objectives and six KRs with ten weeks of check-ins."""
    store = Store(path, "ann", org="TeeBee", clock=clock)
    with store.transaction():
        company = store.add(Unit(name="TeeBee", kind="company"))
        team = store.add(Unit(name="Sales", kind="business", parent_id=company.id))
        period = store.ensure_period("2026-Q4")
        store.ensure_person("ann", "Ann")
        titles = {
            "Prove the value of our tea": ["Renewal rate 70%", "NPS 40", "Churn under 5%"],
            "Grow to a second city": ["20 shops signed", "Revenue 1M", "Hire 4 sellers"],
        }
        for title, krs in titles.items():
            objective = store.add(
                Objective(unit_id=team.id, period_id=period.id, title=title, owner="ann")
            )
            for kr_title in krs:
                kr = store.add(
                    KeyResult(objective_id=objective.id, title=kr_title, target=100, owner="ann")
                )
                for week in range(10):
                    store.check_in(
                        kr.id, week * 7, confidence=6, at=NOW - timedelta(weeks=10 - week)
                    )


def launcher_env() -> dict[str, str]:
    """The launched app's environment, with byte-code caching on.

    With PYTHONDONTWRITEBYTECODE set, every start recompiles okr-tui's modules
    from source while Textual's installed ones load compiled, which no installed
    okr-tui pays; the byte-code then goes to a cache folder outside the project.
    """
    env = dict(os.environ)
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        env.setdefault(
            "PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "okr-bench-pycache")
        )
    return env


def launch(args: list[str]) -> str:
    """Run first_frame.py in a fresh process; its last line of output."""
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, str(LAUNCHER), args[0], repr(started), *args[1:]],
        capture_output=True,
        text=True,
        check=False,
        env=launcher_env(),
    )
    if run.returncode != 0 or not run.stdout.strip():
        raise SystemExit(f"launcher failed: {run.stderr.strip()[-2000:]}")
    return run.stdout.strip().splitlines()[-1]


def first_frame_ms(args: list[str]) -> float:
    return float(launch(args))


def okr_start_ms(workspace: Path) -> dict[str, float]:
    """`first_frame` and `home_ready` of one `okr` start, in ms from process start."""
    figures: dict[str, float] = json.loads(launch(["okr", str(workspace)]))
    return figures


def bench_startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "teebee.json"
        build_home_workspace(workspace)
        first_frame_ms(["bare"])  # warm the disk cache and byte-code for both
        okr_start_ms(workspace)
        bare: list[float] = []
        okr: list[float] = []
        ready: list[float] = []
        for _ in range(runs):  # alternate, so load on the machine hits both alike
            bare.append(first_frame_ms(["bare"]))
            figures = okr_start_ms(workspace)
            okr.append(figures["first_frame"])
            ready.append(figures["home_ready"])
    print(f"(a) process start to first frame, headless 100x30, median of {runs}")
    print(f"    bare Textual app (Header, Footer, 20-row DataTable) {median_ms(bare)}")
    print(f"    okr home screen, first frame (TeeBee-like)          {median_ms(okr)}")
    print(f"    okr home screen, ready (shows the workspace)        {median_ms(ready)}")
    print(f"    ratio okr first frame / bare                        {_ratio(okr, bare):8.2f}")
    print(f"    ratio okr home ready / bare                         {_ratio(ready, bare):8.2f}")


def _ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(a) / statistics.median(b)


# -- (b) one check-in save --------------------------------------------------------------------


def build_checkin_workspace(path: Path, checkins: int) -> str:
    """Write a workspace with `checkins` check-ins (and their events) straight as JSON."""
    unit = Unit(id="un-0001", name="TeeBee", kind="company")
    period: Period = period_for("2026-Q4")
    objective = Objective(id="ob-0001", unit_id=unit.id, period_id=period.id, title="Prove it")
    krs = [
        KeyResult(id=f"kr-{n:04x}", objective_id=objective.id, title=f"KR {n}", target=100)
        for n in range(6)
    ]
    tables: dict[str, dict[str, dict[str, object]]] = {
        "_meta": {"1": {"schema_version": SCHEMA_VERSION, "org": "TeeBee"}},
        "units": {"1": unit.to_doc()},
        "periods": {"1": period.to_doc()},
        "people": {"1": Person(id="pe-0001", login="ann").to_doc()},
        "objectives": {"1": objective.to_doc()},
        "key_results": {str(n + 1): kr.to_doc() for n, kr in enumerate(krs)},
        "checkins": {},
        "events": {},
    }
    for n in range(checkins):
        checkin = CheckIn(
            id=f"ci-{n:06x}",
            kr_id=krs[n % len(krs)].id,
            value=n % 100,
            confidence=n % 11,
            note=f"week {n // len(krs)}: two renewals, one lost",
            author="ann",
            at=NOW - timedelta(minutes=checkins - n),
        )
        event = Event(
            id=f"ev-{n:06x}",
            at=checkin.at,
            who="ann",
            action="checkin",
            table="checkins",
            record_id=checkin.id,
            after=checkin.to_doc(),
        )
        tables["checkins"][str(n + 1)] = checkin.to_doc()
        tables["events"][str(n + 1)] = event.to_doc()
    path.write_bytes(orjson.dumps(tables))
    return krs[0].id


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def bench_one_size(size: int, runs: int) -> tuple[float, list[float], list[float], list[float]]:
    """File size in MB, and open, save and notice times in ms for one workspace size."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workspace.json"
        kr_id = build_checkin_workspace(path, size)
        opening = [timed(lambda: Store(path, "ann", clock=clock)) for _ in range(3)]
        store = Store(path, "ann", clock=clock)
        colleague = Store(path, "bob", clock=clock)
        store.check_in(kr_id, 1)  # the day's backup happens here, not in the timing
        colleague.refresh()
        saves: list[float] = []
        notices: list[float] = []
        for n in range(runs):
            saves.append(timed(lambda n=n: store.check_in(kr_id, n, confidence=7)))
            notices.append(timed(colleague.refresh))
        return path.stat().st_size / 1e6, opening, saves, notices


def bench_save(sizes: list[int], runs: int) -> None:
    print(f"(b) one check-in save (each check-in with its event), median of {runs}")
    print(f"    {'check-ins':>10} {'file':>9} {'open':>11} {'save':>11} {'notice':>11}")
    for size in sizes:
        size_mb, opening, saves, notices = bench_one_size(size, runs)
        print(
            f"    {size:>10,} {size_mb:>7.1f}MB {median_ms(opening)} {median_ms(saves)} "
            f"{median_ms(notices)}"
        )
    print("    open: Store() reads and validates the file; save: store.check_in();")
    print("    notice: a second session's store.refresh() after that save")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("part", nargs="?", choices=["startup", "save", "all"], default="all")
    parser.add_argument("--runs", type=int, default=0, help="runs per figure (default: 9/15)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="check-in counts for (b)")
    args = parser.parse_args()
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores{load}")
    if args.part in ("startup", "all"):
        bench_startup(args.runs or 9)
    if args.part in ("save", "all"):
        bench_save([int(s) for s in args.sizes.split(",")], args.runs or 15)


if __name__ == "__main__":
    main()
