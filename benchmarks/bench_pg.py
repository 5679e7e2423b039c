"""The workspace file against PostgreSQL at organisation size, side by side, with the targets.

Plain Python, no assertions; prints medians. Run from the project root (needs the
test extra: psycopg and pgserver, a PostgreSQL 16 of its own):

    .venv/bin/python benchmarks/bench_pg.py                        # 100k and 1M check-ins
    .venv/bin/python benchmarks/bench_pg.py --big 0 --runs 5       # 100k only
    .venv/bin/python benchmarks/bench_pg.py --checkins 10000 --big 100000

Columns: the file at --checkins, PostgreSQL at --checkins, PostgreSQL at --big
(synthetic organisations, benchmarks/synth.py). The synthetic files and the
databases made from them (COPY, as `okr copy` does) are kept in a cache folder
(OKR_BENCH_CACHE, else okr-bench-pg in the temporary folder) and reused while
the schema is the same: the first run at 1M builds for a few minutes, later
ones start at once. Each run measures on a fresh copy of the database (made
from the kept one as a template), in fresh processes:

- store (one process): open and home's rows for the largest team; the weekly
  review's data and the alignment's (its tree, the lines it opens with, and
  the numbers of the first screenful, as its screen reads them); one check-in
  saved (median of --saves); from its end until a colleague's session has
  taken it in (the notice and the refresh); the peak memory of that process
  (VmHWM);
- app (one process, benchmarks/first_frame.py): the app started as `okr`
  does, until home shows the team's OKRs, also as a ratio to a bare Textual
  app started in the same run; then the review and the alignment opened from
  home until they show their data; the process's peak memory;
- `okr checkin` (a whole process, as cron and scripts run it): wall time and
  peak memory, against the same command on the TeeBee sample file.
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
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = date(2026, 12, 24)
PERIOD = "2026-Q4"
LOGIN = "bench"
CACHE = Path(os.environ.get("OKR_BENCH_CACHE") or Path(tempfile.gettempdir()) / "okr-bench-pg")

Figures = dict[str, float]


# -- in the child processes ----------------------------------------------------------------
def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


SCREEN_LINES = 40
"""Lines of the alignment that are on screen at first (a number is read as a line is drawn)."""


def alignment_first_view(store: Any, period_id: str) -> int:
    """The alignment's data as its screen opens: the tree, every line it adds at first (the
    company, the units below it, theirs), and the numbers of the lines on screen."""
    from okr_tui.alignment.tree import Alignment

    model = Alignment(store, period_id, LOGIN)
    lines: list[Any] = []

    def add(node: Any, depth: int) -> None:
        lines.append(node)
        if depth < 2 and node.kind == "unit" and node.expandable:
            for child in model.children(node):
                add(child, depth + 1)

    for root in model.roots():
        add(root, 0)
    for node in lines[:SCREEN_LINES]:
        model.node_value(node)
    return len(lines)


def notice(colleague: Any) -> None:
    """From a save's end until a colleague's session has taken it in: a database's notice
    is awaited on its connection, a file is looked at until it changed."""
    wait = getattr(colleague, "wait_for_notice", None)
    if wait is not None:
        wait()
    else:
        while not colleague.changed_on_disk():
            pass
    assert colleague.refresh()


def measure(location: str, unit_id: str, saves: int) -> Figures:
    """One run, in this process: the store's figures for one backend."""
    from okr_tui.home_view import unit_okrs
    from okr_tui.location import parse_location
    from okr_tui.stores import open_location
    from okr_tui.weekly import Week, build_review

    where = parse_location(location)

    def open_home() -> Any:
        store = open_location(where, LOGIN)
        return store, unit_okrs(store, unit_id, PERIOD, LOGIN, TODAY)

    opened, (store, rows) = timed(open_home)
    kr_id = rows.rows[0].krs[0].kr.id
    review, _ = timed(lambda: build_review(store, unit_id, Week.of(TODAY), TODAY, LOGIN))
    alignment, _ = timed(lambda: alignment_first_view(store, PERIOD))
    colleague = open_location(where, "colleague")
    save_times: list[float] = []
    notice_times: list[float] = []
    for n in range(saves):
        save_times.append(timed(lambda n=n: store.check_in(kr_id, n))[0])
        notice_times.append(timed(lambda: notice(colleague))[0])
    peak = peak_memory_mb()
    store.close()
    colleague.close()
    return {
        "open + home rows (ms)": opened * 1000,
        "review data (ms)": review * 1000,
        "alignment data (ms)": alignment * 1000,
        "save one check-in (ms)": statistics.median(save_times) * 1000,
        "change to notice (ms)": statistics.median(notice_times) * 1000,
        "store peak memory (MB)": peak,
    }


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cli_child(argv: list[str]) -> None:
    """Run `okr ARGV` in this process; its peak memory on stderr's last line at exit."""
    import atexit
    import runpy

    atexit.register(lambda: print(json.dumps({"peak": peak_memory_mb()}), file=sys.stderr))
    sys.argv = ["okr", *argv]
    runpy.run_module("okr_tui", run_name="__main__")


# -- in the parent -------------------------------------------------------------------------
def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OKR_BENCH_WAIT": "300"}


def last_json(text: str) -> Any:
    return json.loads(text.strip().splitlines()[-1])


def run_store(location: str, unit_id: str, saves: int) -> Figures:
    done = subprocess.run(
        [sys.executable, __file__, "--child", location, unit_id, str(saves)],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
        cwd=ROOT,
    )
    figures: Figures = last_json(done.stdout)
    return figures


def run_app(location: str, unit_id: str, bare_ms: float) -> Figures:
    launcher = str(HERE / "first_frame.py")
    command = [launcher, "screens", str(time.perf_counter()), location, unit_id]
    done = subprocess.run(
        [sys.executable, *command, TODAY.isoformat(), LOGIN, "review,alignment"],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
        cwd=ROOT,
    )
    shown = last_json(done.stdout)
    if shown.get("errors"):
        print(f"  app on {location[:40]}: {shown['errors']}", file=sys.stderr)
    return {
        "home shows the OKRs (ms)": shown.get("home_ready", float("nan")),
        "  / bare Textual app": shown.get("home_ready", float("nan")) / bare_ms,
        "app: open the review (ms)": shown.get("review", float("nan")),
        "app: open the alignment (ms)": shown.get("alignment", float("nan")),
        "app peak memory (MB)": shown.get("maxrss_mb", float("nan")),
    }


def run_bare() -> float:
    done = subprocess.run(
        [sys.executable, str(HERE / "first_frame.py"), "bare", str(time.perf_counter())],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
        cwd=ROOT,
    )
    return float(done.stdout.strip().splitlines()[-1])


def run_cli(location: str, kr_id: str, value: int) -> Figures:
    """`okr --db LOCATION checkin KR VALUE` as a whole process: wall time, peak memory."""
    argv = ["--db", location, "--as", LOGIN, "checkin", kr_id, str(value), "--force"]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--cli", json.dumps(argv)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        print(f"  okr checkin failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
    return {
        "okr checkin process (ms)": wall * 1000,
        "okr checkin peak (MB)": last_json(done.stderr)["peak"],
    }


# -- the workspaces, made once and kept ------------------------------------------------------
def synthetic(checkins: int, rebuild: bool) -> tuple[Path, dict[str, Any]]:
    """The synthetic file of about `checkins` check-ins, and what is in it (kept in CACHE)."""
    from benchmarks import synth

    path = CACHE / f"synth-{checkins}.json"
    info_path = path.with_suffix(".info.json")
    if rebuild or not path.exists() or not info_path.exists():
        teams = synth.units_for(checkins, 4, 3, 13)
        summary = synth.build(path, teams=teams, people=4 * teams)
        info = {k: v for k, v in vars(summary).items() if k not in ("path", "seconds")}
        info_path.write_text(json.dumps(info))
        print(f"  wrote {path.name} in {summary.seconds:.1f} s", flush=True)
    return path, json.loads(info_path.read_text())


def file_as_data(path: Path) -> dict[str, Any]:
    """A workspace file as export_data's shape, read raw (no models: fast at 1M)."""
    import orjson

    raw = orjson.loads(path.read_bytes())
    meta = raw.pop("_meta")["1"]
    meta.pop("tables", None)
    data: dict[str, Any] = {"schema_version": meta["schema_version"], "meta": meta}
    for table, docs in raw.items():
        data[table] = [docs[n] for n in sorted(docs, key=int)]
    return data


def seed_database(admin: Any, server: Any, checkins: int, path: Path, rebuild: bool) -> str:
    """A database holding the synthetic workspace, made once per schema (kept in CACHE)."""
    from okr_tui.location import PgUrl
    from okr_tui.pg import schema
    from okr_tui.pg.bulk import write_new

    name = f"okr_seed_{checkins}_v{schema.SCHEMA_VERSION}"
    exists = admin.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
    if exists and not rebuild:
        import psycopg

        with psycopg.connect(server.get_uri(name)) as conn:
            if (
                schema.holds_workspace(conn)
                and conn.execute("select exists (select 1 from okr_checkins)").fetchone()[0]
            ):
                return name
    admin.execute(f"drop database if exists {name}")
    admin.execute(f"create database {name} template template0")
    started = time.perf_counter()
    data = file_as_data(path)
    write_new(PgUrl(server.get_uri(name)), data)
    del data
    print(f"  copied {path.name} into PostgreSQL in {time.perf_counter() - started:.1f} s")
    return name


def work_copy(admin: Any, seed: str) -> str:
    name = seed.replace("okr_seed_", "okr_work_")
    admin.execute(f"drop database if exists {name}")
    admin.execute(f"create database {name} template {seed}")
    return name


def teebee_sample(folder: Path) -> tuple[Path, str]:
    """The TeeBee sample (`okr demo`'s data) and a key result everyone may check in on."""
    from okr_tui import samples
    from okr_tui.models import KeyResult
    from okr_tui.store import Store

    path = samples.build("teebee", folder / "teebee.json", TODAY)
    store = Store(path, LOGIN)
    kr_id = next(iter(store.all(KeyResult))).id
    store.close()
    return path, kr_id


def first_unit(path: Path) -> str:
    from okr_tui.store import Store

    store = Store(path, LOGIN)
    unit_id = store.units()[0].id
    store.close()
    return unit_id


def largest_unit_kr(location: str, unit_id: str) -> str:
    from okr_tui.home_view import unit_okrs
    from okr_tui.location import parse_location
    from okr_tui.stores import open_location

    store = open_location(parse_location(location), LOGIN)
    kr_id: str = unit_okrs(store, unit_id, PERIOD, LOGIN, TODAY).rows[0].krs[0].kr.id
    store.close()
    return kr_id


# -- the report --------------------------------------------------------------------------------
TARGETS = {
    "home shows the OKRs (ms)": "< 1000",
    "save one check-in (ms)": "< 10",
    "review data (ms)": "< 300",
    "app: open the review (ms)": "< 300",
    "store peak memory (MB)": "< 200",
    "app peak memory (MB)": "< 200",
    "okr checkin process (ms)": "<= 1.5x TeeBee",
    "okr checkin peak (MB)": "<= 1.5x TeeBee",
}


def print_table(columns: dict[str, list[Figures]], runs: int) -> None:
    names = list(columns)
    rows = list(dict.fromkeys(r for figures in columns.values() for f in figures for r in f))
    print(f"\nmedians of {runs} runs")
    print(f"{'':30}" + "".join(f"{n:>14}" for n in names) + f"  {'target (largest)':>16}")
    for row in rows:
        cells = []
        for name in names:
            values = [f[row] for f in columns[name] if row in f]
            cells.append(f"{statistics.median(values):14.2f}" if values else f"{'-':>14}")
        print(f"{row:30}" + "".join(cells) + f"  {TARGETS.get(row, ''):>16}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkins", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=1_000_000, help="0: leave the big run out")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--saves", type=int, default=21)
    parser.add_argument("--rebuild", action="store_true", help="make the kept workspaces again")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--cli", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        location, unit_id, saves = args.child
        print(json.dumps(measure(location, unit_id, int(saves))))
        return
    if args.cli:
        cli_child(json.loads(args.cli))
        return
    sys.path.insert(0, str(ROOT))
    import pgserver
    import psycopg

    CACHE.mkdir(parents=True, exist_ok=True)
    sizes = [args.checkins] + ([args.big] if args.big else [])
    files = {n: synthetic(n, args.rebuild) for n in sizes}
    for n, (_, info) in files.items():
        print(f"{n:,}: {info['checkins']:,} check-ins, {info['events']:,} events, "
              f"{info['units']:,} units, {info['key_results']:,} key results")  # fmt: skip
    server = pgserver.get_server(CACHE / "pgdata", cleanup_mode="stop")
    with psycopg.connect(server.get_uri(), autocommit=True) as admin:
        seeds = {n: seed_database(admin, server, n, files[n][0], args.rebuild) for n in sizes}
    folder = Path(tempfile.mkdtemp(prefix="okr-bench-pg-"))
    teebee, teebee_kr = teebee_sample(folder)
    columns: dict[str, list[Figures]] = {f"file {sizes[0]:,}": [], "TeeBee": []}
    columns |= {f"pg {n:,}": [] for n in sizes}
    # Once, unmeasured: the first start of each kind compiles the modules it imports.
    teebee_unit = first_unit(teebee)
    run_app(str(teebee), teebee_unit, run_bare())
    run_cli(str(teebee), teebee_kr, 1)
    for run in range(args.runs):
        print(f"run {run + 1} of {args.runs}", flush=True)
        bare = run_bare()
        with psycopg.connect(server.get_uri(), autocommit=True) as admin:
            urls = {n: server.get_uri(work_copy(admin, seeds[n])) for n in sizes}
        # A copy of the file each run: the saves would change the kept one.
        copied = folder / f"run-{run}" / "big.json"
        copied.parent.mkdir()
        shutil.copyfile(files[sizes[0]][0], copied)
        places = [(f"file {sizes[0]:,}", str(copied), files[sizes[0]][1])]
        places += [(f"pg {n:,}", urls[n], files[n][1]) for n in sizes]
        for name, location, info in places:
            unit_id = info["largest_unit"]
            figures = run_store(location, unit_id, args.saves)
            figures |= run_app(location, unit_id, bare)
            figures |= run_cli(location, largest_unit_kr(location, unit_id), 40 + run)
            columns[name].append(figures)
        columns["TeeBee"].append(
            {"bare Textual app (ms)": bare} | run_cli(str(teebee), teebee_kr, 40 + run)
        )
    print_table(columns, args.runs)
    shutil.rmtree(folder, ignore_errors=True)
    with psycopg.connect(server.get_uri(), autocommit=True) as admin:
        for n in sizes:
            admin.execute(f"drop database if exists {seeds[n].replace('okr_seed_', 'okr_work_')}")


if __name__ == "__main__":
    main()
