"""CSV import never overwrites: rows that disagree with the workspace are refused, or updated
through the store's rules when asked; progress is shown while a file is read."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from okr_tui.csv_exchange import COLUMNS, CsvImportError, export_csv, import_csv
from okr_tui.models import CheckIn, KeyResult, Objective, Score, Unit
from okr_tui.scoring import set_score
from okr_tui.store import Store
from tests.conftest import fixed_clock

HEADER = ",".join(COLUMNS) + "\n"


@pytest.fixture
def team(store: Store) -> Store:
    """Team > Grow sales (aspirational, committed status) > Ten new shops (target 10, at 4)."""
    unit = store.add(Unit(id="un-team", name="Team", kind="business"))
    store.ensure_period("2026-Q4")
    store.add(
        Objective(
            id="ob-grow",
            unit_id=unit.id,
            period_id="2026-Q4",
            title="Grow sales",
            owner="ann",
            status="committed",
        )
    )
    store.add(KeyResult(id="kr-shops", objective_id="ob-grow", title="Ten new shops", target=10))
    store.check_in("kr-shops", 4)
    set_score(store, "kr-shops", agreed=0.4)
    return store


def row(**cells: str) -> str:
    base = {"period": "2026-Q4", "unit": "Team", "objective": "Grow sales"}
    values = {**base, **cells}
    return ",".join(values.get(c, "") for c in COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"objective_kind": "committed"},
            "line 2: objective ob-grow 'Grow sales' differs from the workspace in "
            "objective_kind: the file says 'committed', the workspace 'aspirational' "
            "(--update changes it)",
        ),
        (
            {"key_result": "Ten new shops", "target": "12"},
            "line 2: key result kr-shops 'Ten new shops' differs from the workspace in target: "
            "the file says 12, the workspace 10 (--update changes it)",
        ),
        (
            {"key_result": "Ten new shops", "current": "3"},
            "line 2: key result kr-shops 'Ten new shops' differs from the workspace in current: "
            "the file says 3, the workspace 4",
        ),
        (
            {"key_result": "Ten new shops", "score": "0.9"},
            "line 2: key result kr-shops 'Ten new shops' differs from the workspace in score: "
            "the file says 0.9, the workspace 0.4",
        ),
        (
            {"unit_kind": "support"},
            "line 2: unit un-team 'Team' differs from the workspace in unit_kind: the file "
            "says 'support', the workspace 'business'",
        ),
    ],
)
def test_a_row_that_disagrees_with_the_workspace_is_refused(
    team: Store, workspace: Path, cells: dict[str, str], message: str
) -> None:
    before = workspace.read_bytes()
    with pytest.raises(CsvImportError) as caught:
        import_csv(team, HEADER + row(**cells) + row(key_result="A new one", target="5"))
    assert caught.value.problems[0].startswith(message)
    assert workspace.read_bytes() == before
    assert len(team.all(KeyResult)) == 1 and len(team.all(CheckIn)) == 1
    assert team.by(Score, "kr_id", "kr-shops")[0].agreed == 0.4


def test_update_changes_what_differs_with_events_and_a_reason(team: Store) -> None:
    text = HEADER + row(key_result="Ten new shops", target="12", current="6", score="0.5")
    with pytest.raises(CsvImportError, match="is committed: say why it changes with --reason"):
        import_csv(team, text, update=True)
    team.clock = lambda: datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # the new reading is the latest
    report = import_csv(team, text, update=True, reason="the board raised it")
    assert "key result kr-shops 'Ten new shops': target 10 → 12" in report.changed
    assert "score 0.5 for Ten new shops (was 0.4)" in report.changed
    kr = team.get(KeyResult, "kr-shops")
    assert kr.target == 12
    assert team.latest_checkin(kr.id).value == 6  # type: ignore[union-attr]
    assert team.by(Score, "kr_id", kr.id)[0].agreed == 0.5
    (event,) = [e for e in team.events(kr.id) if e.action == "update"]
    assert (event.who, event.reason) == ("ann", "the board raised it")


def test_what_the_workspace_lacks_is_filled_in_without_update(store: Store) -> None:
    unit = store.add(Unit(name="Team", kind="business"))
    store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id="2026-Q4", title="Grow sales"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Ten new shops", target=10))
    report = import_csv(store, HEADER + row(key_result="Ten new shops", current="4", score="0.4"))
    assert report.changed == []
    assert store.latest_checkin(kr.id).value == 4  # type: ignore[union-attr]
    assert store.by(Score, "kr_id", kr.id)[0].agreed == 0.4


def test_a_row_never_reaches_into_another_persons_private_objective(tmp_path: Path) -> None:
    bob = Store(tmp_path / "w.json", "bob", clock=fixed_clock)
    unit = bob.add(Unit(name="Team", kind="business"))
    bob.ensure_period("2026-Q4")
    secret = bob.add(
        Objective(
            unit_id=unit.id,
            period_id="2026-Q4",
            title="Grow sales",
            owner="bob",
            visibility="private",
        )
    )
    ann = Store(tmp_path / "w.json", "ann", clock=fixed_clock)
    import_csv(ann, HEADER + row(key_result="Ten new shops", target="10", visibility="public"))
    assert ann.key_results(secret.id) == []
    assert ann.get(Objective, secret.id) == secret
    (mine,) = [o for o in ann.all(Objective) if o.id != secret.id]
    assert (mine.title, mine.visibility) == ("Grow sales", "public")


def test_a_round_trip_into_the_same_workspace_changes_nothing(team: Store, workspace: Path) -> None:
    text = export_csv(team, "ann")
    before = workspace.read_bytes()
    report = import_csv(team, text)
    assert report.created == [] and report.changed == []
    assert workspace.read_bytes() == before


def test_progress_is_told_rows_read_and_rows_in_the_file(store: Store) -> None:
    lines = [row(unit=f"Team {n}", unit_kind="support", key_result="K") for n in range(4500)]
    calls: list[tuple[int, int]] = []
    import_csv(
        store, HEADER + "".join(lines), progress=lambda done, total: calls.append((done, total))
    )
    assert calls[0] == (2000, 4500) and calls[-1] == (4500, 4500)
    assert len(store.units()) == 4500


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_goes_to_a_terminal_only() -> None:
    from okr_tui.cli.exchange_formats import terminal_progress

    plain = io.StringIO()
    with terminal_progress("rows", plain) as progress:
        assert progress is None
    terminal = Terminal()
    with terminal_progress("rows", terminal) as progress:
        assert progress is not None
        progress(12000, 26000)
        progress(26000, 26000)
    assert "Read 12,000 of 26,000 rows" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[K")
