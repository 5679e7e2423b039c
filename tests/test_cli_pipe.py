"""`okr list | head -1`: a reader that goes away ends okr quietly, as other Unix tools end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from okr_tui import cli
from okr_tui.models import Objective, Unit
from okr_tui.store import Store
from tests.conftest import fixed_clock

ROOT = Path(__file__).resolve().parent.parent


def test_a_reader_that_goes_away_ends_okr_quietly(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    with store.transaction():
        unit = store.add(Unit(name="TeeBee", kind="company"))
        period = store.ensure_period("2026-Q4")
        # Far more than a pipe holds (64 KB), so writing meets the closed end.
        for n in range(800):
            title = f"Objective {n} " + "with a long title " * 14
            store.add(Objective(unit_id=unit.id, period_id=period.id, title=title))
    listing = subprocess.Popen(
        [sys.executable, "-m", "okr_tui", "--db", str(workspace), "list", "--period", "2026-Q4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert listing.stdout is not None and listing.stderr is not None
    listing.stdout.readline()  # as `okr list | head -1` does
    listing.stdout.close()
    err = listing.stderr.read().decode()
    listing.wait(timeout=60)
    assert err == ""
    assert listing.returncode == cli.EXIT_READER_GONE
