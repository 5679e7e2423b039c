"""Speed at scale: one table for workspaces of 1k, 10k and 100k check-ins.

Plain Python, no assertions; every figure is a median of several runs. Run
from the project root:

    .venv/bin/python benchmarks/run.py                      # 1k, 10k, 100k
    .venv/bin/python benchmarks/run.py --sizes 1000,10000 --runs 5
    .venv/bin/python benchmarks/run.py --sizes 10000 --screens review,changes,store

For each size, benchmarks/synth.py writes a synthetic organisation, then:

- start-up: a fresh `okr` process to the home screen's first frame, alternated
  with the bare Textual app (Header, Footer, 20-row DataTable) and reported as
  a ratio to it; the same on the TeeBee sample (the demo workspace). `okr`
  opens the workspace after its first frame, so "home ready" (home shows the
  workspace's data) is reported beside it, also as a ratio;
- in the same processes, signed in as the first member of the largest team and
  once the other screens' modules are imported in the background ("screens
  preloaded"): every screen opened from home as a user would, each timed to the
  frame that shows its data: the weekly review of the largest team, a keypress
  on it (cursor down, to the redraw), a key result's history (enter on it), the
  changes (h), the alignment tree of the whole organisation, the check-in
  screen (the member's own key results), scoring, the unit page and the
  workshop of the largest team, manage units and help; then the process's
  peak memory (VmHWM: the app process's own peak);
- in this process: one check-in save (`store.check_in`), what a second
  session pays to notice it (`store.refresh`), and opening the workspace.

`--screens` keeps only some of those rows (first_frame.STEPS, and `store` for
the three timed in this process); start-up and peak memory are always there.
A screen that fails or never shows its data gets "–" and a PROBLEM paragraph
under the table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from bench_foundation import launcher_env  # noqa: E402
from first_frame import STEPS  # noqa: E402

from okr_tui import samples  # noqa: E402
from okr_tui.models import KeyResult, Objective, Person  # noqa: E402
from okr_tui.store import Store  # noqa: E402
from okr_tui.workshop import start_or_resume  # noqa: E402

LAUNCHER = HERE / "first_frame.py"
NOW = datetime(2026, 12, 24, 16, 0, tzinfo=UTC)

TARGETS = {
    "ratio": "≤ 1.5 (demo 1.3)",
    "keypress": "< 50 ms",
    "save": "< 20 ms, ≤ 2x 1k",
    "maxrss_mb": "< 200 MB",
}


def clock() -> datetime:
    return NOW


def launch(*args: str) -> str:
    return launch_run(*args)[0]


def launch_run(*args: str) -> tuple[str, str]:
    """The launcher's last line of output, and its exit code and stderr when not 0."""
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, str(LAUNCHER), args[0], repr(started), *args[1:]],
        capture_output=True,
        text=True,
        check=False,
        env=launcher_env(),
    )
    if not run.stdout.strip():
        raise SystemExit(f"launcher failed: {run.stderr.strip()[-3000:]}")
    problem = ""
    if run.returncode != 0 or "Traceback" in run.stderr:
        problem = f"exit {run.returncode}: {run.stderr.strip()[-3000:]}"
    return run.stdout.strip().splitlines()[-1], problem


def screens_probe(path: Path, unit_id: str, login: str, steps: list[str]) -> dict[str, Any]:
    """One app process through the chosen screens; its figures, with `errors` per step."""
    line, problem = launch_run(
        "screens", str(path), unit_id, synth.TODAY.isoformat(), login, ",".join(steps)
    )
    figures: dict[str, Any] = json.loads(line)
    if problem or "running" in figures:
        # The app died (Textual prints the traceback as it exits): blame the step it was on.
        figures["errors"][figures.get("running", "app")] = problem or "the app ended here"
    return figures


def first_member(store: Store, unit_id: str) -> str:
    """The first person (by login) of a unit: the one whose check-ins are timed."""
    logins = sorted(p.login for p in store.all(Person) if unit_id in p.unit_ids)
    if not logins:
        raise SystemExit(f"the synthetic unit {unit_id} has nobody in it")
    return logins[0]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


def measure_size(
    folder: Path, size: int, runs: int, steps: list[str], in_process: bool
) -> dict[str, Any]:
    path = folder / f"synth-{size}.json"
    teams = synth.units_for(size, 4, 3, 13)
    summary = synth.build(path, teams=teams, people=4 * teams)
    out: dict[str, Any] = {
        "checkins": summary.checkins,
        "units": summary.units,
        "largest": summary.largest_unit,
        "file_mb": sum(p.stat().st_size for p in folder.glob(f"{path.name}*") if p.is_file()) / 1e6,
    }
    opened = [timed(lambda: Store(path, "p0000", clock=clock))]
    login = first_member(Store(path, "p0000", clock=clock), summary.largest_unit)
    out["login"] = login
    # The workshop is started once here, so every run times the same thing: resuming it.
    start_or_resume(Store(path, login, clock=clock), summary.largest_unit, synth.CURRENT)
    probes: list[dict[str, Any]] = []
    bare: list[float] = []
    launch("bare")  # warm byte-code and the disk cache
    for _ in range(runs):  # alternate, so load on the machine hits both alike
        bare.append(float(launch("bare")))
        probes.append(screens_probe(path, summary.largest_unit, login, steps))
    out["bare"] = median(bare)
    for key in ("first_frame", "home_ready", "preloaded", *steps, "maxrss_mb"):
        out[key] = median([p[key] for p in probes if p.get(key) is not None])
    out["ratio"] = out["first_frame"] / out["bare"]
    out["ready_ratio"] = out["home_ready"] / out["bare"]
    out["errors"] = {key: text for p in probes for key, text in p["errors"].items()}
    if not in_process:
        return out

    opened += [timed(lambda: Store(path, "p0000", clock=clock)) for _ in range(2)]
    out["open"] = median(opened)
    store = Store(path, "p0000", clock=clock)
    colleague = Store(path, "p0001", clock=clock)
    objective = store.objectives(unit_id=summary.largest_unit, period_id=synth.CURRENT)[0]
    kr_id = store.key_results(objective.id)[0].id
    store.check_in(kr_id, 1)  # the day's backup is taken here, not in the timing
    colleague.refresh()
    saves: list[float] = []
    notices: list[float] = []
    for n in range(max(15, runs)):
        saves.append(timed(lambda n=n: store.check_in(kr_id, n, confidence=7)))
        notices.append(timed(colleague.refresh))
    out["save"] = median(saves)
    out["notice"] = median(notices)
    assert store.find(Objective, objective.id) and store.find(KeyResult, kr_id)
    return out


def measure_demo(folder: Path, runs: int) -> dict[str, float]:
    path = samples.build("teebee", folder / "teebee.json", synth.TODAY)
    launch("okr", str(path))
    bare: list[float] = []
    okr: list[float] = []
    ready: list[float] = []
    for _ in range(runs):
        bare.append(float(launch("bare")))
        figures = json.loads(launch("okr", str(path)))
        okr.append(figures["first_frame"])
        ready.append(figures["home_ready"])
    return {
        "bare": median(bare),
        "first_frame": median(okr),
        "home_ready": median(ready),
        "ratio": median(okr) / median(bare),
        "ready_ratio": median(ready) / median(bare),
    }


ROWS: list[tuple[str, str, str]] = [
    ("units", "units", "{:,.0f}"),
    ("checkins", "check-ins", "{:,.0f}"),
    ("file_mb", "workspace on disk (MB)", "{:.1f}"),
    ("bare", "bare app first frame (ms)", "{:.0f}"),
    ("first_frame", "okr home first frame (ms)", "{:.0f}"),
    ("ratio", "start-up ratio okr / bare", "{:.2f}"),
    ("home_ready", "okr home ready, shows the data (ms)", "{:.0f}"),
    ("ready_ratio", "home ready ratio okr / bare", "{:.2f}"),
    ("preloaded", "other screens imported, from start (ms)", "{:.0f}"),
    ("review", "open weekly review, largest team (ms)", "{:.0f}"),
    ("keypress", "keypress on review to redraw (ms)", "{:.0f}"),
    ("history", "open a key result's history, enter on review (ms)", "{:.0f}"),
    ("changes", "open changes, h on review (ms)", "{:.0f}"),
    ("alignment", "open alignment tree, whole org (ms)", "{:.0f}"),
    ("checkin", "open check-in, a member's own key results (ms)", "{:.0f}"),
    ("scoring", "open scoring, largest team (ms)", "{:.0f}"),
    ("unit", "open unit page, largest team (ms)", "{:.0f}"),
    ("workshop", "open workshop, largest team (ms)", "{:.0f}"),
    ("manage", "open manage units (ms)", "{:.0f}"),
    ("help", "open help (ms)", "{:.0f}"),
    ("save", "save one check-in (ms)", "{:.1f}"),
    ("notice", "colleague notices it (ms)", "{:.1f}"),
    ("open", "open workspace, Store() (ms)", "{:.0f}"),
    ("maxrss_mb", "peak memory of the app (MB)", "{:.0f}"),
]


IN_PROCESS = ("save", "notice", "open")
"""Rows timed in this process rather than in the app's; `--screens` names them `store`."""


def cell(fmt: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return fmt.format(value)


def table(results: dict[int, dict[str, Any]]) -> str:
    """The Markdown table: one column per size, rows in ROWS' order, measured rows only."""
    sizes = list(results)
    head = "| figure | " + " | ".join(f"{s:,}" for s in sizes) + " | target |"
    lines = [head, "|---|" + "---:|" * len(sizes) + "---|"]
    for key, label, fmt in ROWS:
        if not any(key in results[s] for s in sizes):
            continue
        cells = [cell(fmt, results[s].get(key)) for s in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {TARGETS.get(key, '')} |")
    return "\n".join(lines)


def chosen_steps(text: str) -> tuple[list[str], bool]:
    """`--screens`: the app's steps to time, and whether to time the store in this process."""
    if not text:
        return list(STEPS), True
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in (*STEPS, "store")]
    if unknown:
        raise SystemExit(
            f"unknown in --screens: {', '.join(unknown)} (known: {', '.join(STEPS)}, store)"
        )
    return [step for step in STEPS if step in names], "store" in names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="check-in counts")
    parser.add_argument("--runs", type=int, default=5, help="app processes per size")
    parser.add_argument("--runs-large", type=int, default=3, help="the same, from 50k up")
    parser.add_argument("--no-demo", action="store_true", help="skip the TeeBee sample")
    parser.add_argument(
        "--screens",
        default="",
        help=f"only these rows, comma-separated: {', '.join(STEPS)}, store (save, notice, "
        "open); start-up and peak memory are always measured",
    )
    args = parser.parse_args()
    steps, in_process = chosen_steps(args.screens)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load:.1f}")
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.no_demo:
            demo = measure_demo(folder, args.runs)
            print(
                f"demo (TeeBee sample): first frame {demo['first_frame']:.0f} ms, bare "
                f"{demo['bare']:.0f} ms, ratio {demo['ratio']:.2f} (target 1.3); home ready "
                f"{demo['home_ready']:.0f} ms, ratio {demo['ready_ratio']:.2f}",
                flush=True,
            )
        for size in [int(s) for s in args.sizes.split(",")]:
            runs = args.runs_large if size >= 50_000 else args.runs
            sub = folder / str(size)
            sub.mkdir()
            results[size] = measure_size(sub, size, runs, steps, in_process)
            print(f"... {size:,} done", file=sys.stderr, flush=True)
    for size, out in results.items():
        print(
            f"{size:,}: {out['units']:,} units, {out['checkins']:,} check-ins, "
            f"{out['file_mb']:.1f} MB; largest team {out['largest']}, "
            f"check-in screen as {out['login']}"
        )
    print(table(results))
    for size, out in results.items():
        for key, text in out["errors"].items():
            print(f"\nPROBLEM at {size:,}, {key}:\n{text}")
    end = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at the end {end:.1f}")


if __name__ == "__main__":
    main()
