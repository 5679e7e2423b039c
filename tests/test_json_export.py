"""`okr export --format json` keeps nothing of an objective the viewer may not see.

Not its records, not their history (deleted ones included), and no other
record's alignment to it: an export travels further than a screen.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import orjson
import pytest

from okr_tui import cli
from okr_tui.models import CheckIn, KeyResult, Objective, Period, Unit
from okr_tui.store import Store
from tests.conftest import fixed_clock

PERIOD = "2026-Q4"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.make_context

    def make_context(args: argparse.Namespace) -> cli.Context:
        ctx = real(args)
        return cli.Context(db=ctx.db, user=ctx.user, today=date(2026, 11, 26))

    monkeypatch.setattr(cli, "make_context", make_context)
    monkeypatch.delenv("OKR_DB", raising=False)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A team with Bob's public objective and Ann's private one, a key result under each."""
    workspace = tmp_path / "team.json"
    store = Store(workspace, "ann", org="Acme", clock=fixed_clock)
    with store.transaction():
        store.add(Period(id=PERIOD, start=date(2026, 10, 1), end=date(2026, 12, 31)))
        store.add(Unit(id="un-team", name="Team", kind="business"))
        store.add(
            Objective(
                id="ob-pub",
                unit_id="un-team",
                period_id=PERIOD,
                title="Grow sales in the north",
                owner="bob",
            )
        )
        store.add(KeyResult(id="kr-pub", objective_id="ob-pub", title="Ten new shops", target=10))
        store.add(
            Objective(
                id="ob-secret",
                unit_id="un-team",
                period_id=PERIOD,
                title="Ann's secret plan",
                owner="ann",
                visibility="private",
                status="committed",
                order=1,
            )
        )
        store.add(KeyResult(id="kr-secret", objective_id="ob-secret", title="Secret KR", target=5))
    store.check_in("kr-pub", 4)
    store.check_in("kr-secret", 2)
    store.close()
    return workspace


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_export_carries_no_trace_of_an_objective_the_viewer_cannot_see(
    capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    store = Store(path, "ann", clock=fixed_clock)
    gone = store.add(KeyResult(id="kr-gone", objective_id="ob-secret", title="Deleted secret"))
    store.remove(KeyResult, gone.id, reason="not needed")
    store.remove(CheckIn, store.checkins("kr-secret")[0].id, reason="typo")
    store.user = "bob"
    store.add(
        Objective(
            id="ob-aligned",
            unit_id="un-team",
            period_id=PERIOD,
            title="Bob's aligned objective",
            owner="bob",
            parent_id="ob-secret",
            supports=["ob-secret", "ob-pub"],
        )
    )
    store.update(Objective, "ob-aligned", title="Bob's objective, renamed")
    store.close()

    code, out, _err = run(capsys, "--db", str(path), "--as", "bob", "export")
    assert code == 0
    for trace in ("ob-secret", "kr-secret", "kr-gone", "secret", "Secret"):
        assert trace not in out, trace
    data = orjson.loads(out)
    aligned = next(o for o in data["objectives"] if o["id"] == "ob-aligned")
    assert (aligned["parent_id"], aligned["supports"]) == (None, ["ob-pub"])
    assert len([e for e in data["events"] if e["record_id"] == "ob-aligned"]) == 2

    code, out, _err = run(capsys, "--db", str(path), "--as", "ann", "export", "--include-private")
    assert code == 0 and "ob-secret" in out and "kr-gone" in out
