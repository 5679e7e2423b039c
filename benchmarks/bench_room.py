"""Room benchmark: how soon a facilitator's step reaches every participant, and idle CPU.

Plain Python, no assertions; prints medians and p90. Run from the project root:

    .venv/bin/python benchmarks/bench_room.py                    # 8 participant apps
    .venv/bin/python benchmarks/bench_room.py --participants 4 --changes 20
    .venv/bin/python benchmarks/bench_room.py --mode store       # stores only, no screens
    .venv/bin/python benchmarks/bench_room.py --backend postgres # one PostgreSQL database

N participant processes (default 8) open one workspace's workshop; the
facilitator (this process) then moves the session's step `--changes` times,
one change every `--gap` seconds. Each participant reports when it saw each
step: in `app` mode a real headless `okr` app on the workshop screen, the
moment its screen has followed (the step's chrome redrawn), and the first frame
Textual puts out after that (what people see); in `store` mode a
bare store polled as the app polls it (`changed_on_disk()` every POLL_SECONDS,
then `refresh()`). Latency is from the facilitator's write returning to that
report. Before any change, each participant measures its own CPU time over
`--idle` seconds of doing nothing but watching: CPU per idle participant; and
the CPU it spends per step change (which, times N on a shared machine, is
what makes the latency grow with N).

`--backend postgres` puts the workspace in a database of a PostgreSQL 16 of its
own (pgserver, from the test extra; its folder is deleted at the end): the same
room, with change notices by LISTEN/NOTIFY instead of the file's stat.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
UNIT = "un-teeb"
PERIOD = "2026-Q4"
CYCLE = ("objectives", "key_results", "alignment", "review", "mission", "vision", "strategy")


def open_store(where: str, login: str, *, create: bool = False) -> Any:
    """The store of the room's workspace: a file, or a PostgreSQL URL."""
    from okr_tui.location import parse_location
    from okr_tui.stores import open_location

    return open_location(parse_location(where), login, create=create, org="TeeBee")


def build(where: str) -> None:
    """TeeBee with its workshop, led by hanna, at step 4."""
    from okr_tui import workshop as core
    from okr_tui.models import Charter, Unit

    store = open_store(where, "hanna", create=True)
    with store.transaction():
        store.add(Unit(id=UNIT, name="TeeBee", kind="company"))
        store.add(Charter(unit_id=UNIT, mission="Let tea lovers mix tea well."))
    workshop = core.start_or_resume(store, UNIT, PERIOD)
    core.room.move_step(store, workshop.id, "strategy")
    store.close()


def say(*parts: object) -> None:
    print(*parts, flush=True)


# -- a participant (a child process) -------------------------------------------------------


def cpu_seconds() -> float:
    times = __import__("os").times()
    return float(times.user + times.system)


def participant_store(where: str, login: str, idle: float) -> None:
    from okr_tui import workshop as core
    from okr_tui.app_watch import POLL_SECONDS
    from okr_tui.models import Workshop

    store = open_store(where, login)
    workshop = core.start_or_resume(store, UNIT, PERIOD)
    last = workshop.step
    say("ready")
    started, cpu = time.monotonic(), cpu_seconds()
    reported = False
    while True:
        if not reported and time.monotonic() - started >= idle:
            say("idle", cpu_seconds() - cpu, time.monotonic() - started)
            reported = True
        if store.changed_on_disk() and store.refresh():
            step = store.get(Workshop, workshop.id).step
            if step != last:
                last = step
                say("seen", step, time.time(), cpu_seconds())
        time.sleep(POLL_SECONDS)


def participant_app(where: str, login: str, idle: float) -> None:
    from okr_tui.app import OkrApp
    from screens.workshop import WorkshopScreen

    shown: dict[str, str] = {}
    original = WorkshopScreen.refresh_chrome

    def refresh_chrome(self: WorkshopScreen) -> None:
        original(self)
        if shown.get("step") != self.step_key:
            if "step" in shown:
                say("seen", self.step_key, time.time(), cpu_seconds())
                shown["drawing"] = self.step_key
            shown["step"] = self.step_key

    WorkshopScreen.refresh_chrome = refresh_chrome  # type: ignore[method-assign]
    app = OkrApp(
        open_store(where, login),
        start_screen="workshop",
        start_kwargs={"unit_id": UNIT, "period_id": PERIOD},
    )
    display = app._display

    def drawn(screen: Any, renderable: Any) -> None:
        # The first frame put out after the screen followed: the step as people see it.
        display(screen, renderable)
        if renderable is not None and "drawing" in shown:
            say("drawn", shown.pop("drawing"), time.time())

    app._display = drawn  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test(size=(100, 30)):
            while "step" not in shown:
                await asyncio.sleep(0.05)
            say("ready")
            started, cpu = time.monotonic(), cpu_seconds()
            await asyncio.sleep(idle)
            say("idle", cpu_seconds() - cpu, time.monotonic() - started)
            await asyncio.Event().wait()  # until the benchmark ends this process

    asyncio.run(run())


# -- the facilitator (this process) ---------------------------------------------------------


class Child:
    """One participant process and what it reported."""

    def __init__(self, args: list[str]) -> None:
        self.proc = subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self.lines: list[list[str]] = []
        self.ready = threading.Event()
        self.idle = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            parts = line.split()
            self.lines.append(parts)
            if parts[:1] == ["ready"]:
                self.ready.set()
            elif parts[:1] == ["idle"]:
                self.idle.set()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def p90(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=10)[8] if len(samples) > 1 else samples[0]


def database(folder: Path) -> tuple[Any, str]:
    """A PostgreSQL 16 of its own in `folder` and the URL of an empty database on it."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it asks for a runtime folder on import
        import pgserver
        import psycopg

    server = pgserver.get_server(folder / "pgdata", cleanup_mode="delete")
    with psycopg.connect(server.get_uri(), autocommit=True) as admin:
        admin.execute("create database okr_room template template0")
    return server, server.get_uri().replace("/postgres?", "/okr_room?")


def run(opts: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="okr-room-bench-"))
    server = None
    if opts.backend == "postgres":
        server, where = database(folder)
    else:
        where = str(folder / "room.json")
    try:
        measure(opts, where)
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def measure(opts: argparse.Namespace, where: str) -> None:
    from okr_tui import workshop as core
    from okr_tui.models import Workshop

    build(where)
    me = [sys.executable, str(Path(__file__).resolve())]
    children = [
        Child([*me, "participant", where, f"p{n}", opts.mode, str(opts.idle)])
        for n in range(opts.participants)
    ]
    try:
        for child in children:
            if not child.ready.wait(120):
                raise SystemExit("a participant did not start within 120 s")
        for child in children:
            child.idle.wait(opts.idle + 60)
        store = open_store(where, "hanna")
        (workshop,) = store.all(Workshop)
        writes: list[tuple[str, float]] = []
        for n in range(opts.changes):
            step = CYCLE[n % len(CYCLE)]
            core.room.move_step(store, workshop.id, step)
            writes.append((step, time.time()))
            time.sleep(opts.gap)
        time.sleep(2)
    finally:
        for child in children:
            child.stop()
    report(opts, children, writes)


def report(
    opts: argparse.Namespace, children: list[Child], writes: list[tuple[str, float]]
) -> None:
    latencies: list[float] = []
    drawn: list[float] = []
    missed = 0
    idle_cpu: list[float] = []
    per_change: list[float] = []
    for child in children:
        seen = [(p[1], float(p[2])) for p in child.lines if p[:1] == ["seen"]]
        cpu = [float(p[3]) for p in child.lines if p[:1] == ["seen"]]
        if len(cpu) > 1:
            per_change.append((cpu[-1] - cpu[0]) / (len(cpu) - 1))
        frames = [(p[1], float(p[2])) for p in child.lines if p[:1] == ["drawn"]]
        for step, written in writes:
            after = [t for s, t in seen if s == step and t >= written]
            if after:
                latencies.append(after[0] - written)
            else:
                missed += 1
            painted = [t for s, t in frames if s == step and t >= written]
            if painted:
                drawn.append(painted[0] - written)
        for parts in child.lines:
            if parts[:1] == ["idle"]:
                idle_cpu.append(float(parts[1]) / float(parts[2]))
    what = "screen showing the step" if opts.mode == "app" else "store noticing the step"
    say(
        f"{opts.participants} participants ({opts.mode}, {opts.backend}), "
        f"{opts.changes} step changes {opts.gap:g} s apart"
    )
    if latencies:
        ms = [x * 1000 for x in latencies]
        say(
            f"write -> {what}: median {statistics.median(ms):.0f} ms, p90 {p90(ms):.0f} ms, "
            f"max {max(ms):.0f} ms ({len(ms)} samples, {missed} missed)"
        )
    if drawn:
        ms = [x * 1000 for x in drawn]
        say(
            f"write -> first frame drawn after it: median {statistics.median(ms):.0f} ms, "
            f"p90 {p90(ms):.0f} ms, max {max(ms):.0f} ms ({len(ms)} samples)"
        )
    if per_change:
        say(
            f"CPU per participant per step change: median "
            f"{statistics.median(per_change) * 1000:.0f} ms (idle ticking included)"
        )
    if idle_cpu:
        say(
            f"CPU per idle participant: median {statistics.median(idle_cpu) * 100:.1f} %, "
            f"max {max(idle_cpu) * 100:.1f} % of one core (over {opts.idle:g} s)"
        )


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["participant"]:
        sys.path.insert(0, str(ROOT))
        where, login, mode, idle = argv[1], argv[2], argv[3], float(argv[4])
        worker: Any = participant_app if mode == "app" else participant_store
        worker(where, login, idle)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=8)
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--gap", type=float, default=0.7, help="seconds between step changes")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU to measure")
    parser.add_argument("--mode", choices=("app", "store"), default="app")
    parser.add_argument("--backend", choices=("file", "postgres"), default="file")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
