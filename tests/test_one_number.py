"""One objective, one progress: home, alignment and `okr list` show the same number.

One key result at 50% and one with no check-in yet: the objective stands at 25%
(silence is not progress) on every surface. Before, `okr list` said 50%.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_tui import cli
from okr_tui.alignment import objective_value
from okr_tui.home_view import unit_okrs
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store
from tests.conftest import TODAY, fixed_clock


@pytest.fixture
def half_checked(workspace: Path) -> Store:
    store = Store(workspace, "ann", clock=fixed_clock)
    store.ensure_period("2026-Q4")
    unit = store.add(Unit(id="un-tea", name="Tea", kind="company"))
    objective = store.add(
        Objective(id="ob-tea", unit_id=unit.id, period_id="2026-Q4", title="Prove our tea")
    )
    store.add(KeyResult(id="kr-a", objective_id=objective.id, title="Renewals", target=10))
    store.add(KeyResult(id="kr-b", objective_id=objective.id, title="Referrals", target=4))
    store.check_in("kr-a", 5)
    return store


def test_home_alignment_and_okr_list_agree(
    half_checked: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (row,) = unit_okrs(half_checked, "un-tea", "2026-Q4", "ann", TODAY).rows
    assert row.progress == pytest.approx(0.25)
    objective = half_checked.get(Objective, "ob-tea")
    assert objective_value(half_checked, objective).value == pytest.approx(0.25)
    monkeypatch.setattr(
        cli, "make_context", lambda args: cli.Context(db=half_checked.path, user="ann", today=TODAY)
    )
    assert cli.main(["list", "--period", "2026-Q4"]) == 0
    listing = capsys.readouterr().out
    (line,) = [line for line in listing.splitlines() if line.startswith("ob-tea")]
    assert line.split()[-1] == "25%"
