"""Messages people read name things by their titles and count in words: no ids, no table names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from okr_tui import workshop as ws
from okr_tui.alignment.flags import alignment_flags
from okr_tui.cli import main
from okr_tui.corrections import checkin_to_fix
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.okr_changes import okr_changes
from okr_tui.store import ReasonRequired, Store, WorkspaceError
from okr_tui.units import archive_unit
from okr_tui.weekly import Week
from okr_tui.weekly_report import weekly_report
from okr_tui.words import counted, reason_text
from tests.conftest import TODAY

INTERNAL = re.compile(r"\b(?:ob|kr|ev|un|ci|pe|ch|tk)-[0-9a-f]{4,}\b|key_results|check_ins")


def test_init_names_the_company_not_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "okr.json"
    assert main(["--db", str(db), "--as", "ann", "init", "--org", "Acme"]) == 0
    out = capsys.readouterr().out
    assert "  the company Acme and the quarter " in out
    assert not INTERNAL.search(out)


def test_counts_take_the_right_number() -> None:
    assert [counted(n, "hint") for n in (0, 1, 2)] == ["0 hints", "1 hint", "2 hints"]
    assert counted(2, "person", "people") == "2 people"


def test_a_workshop_undo_reads_as_such_in_the_weekly_report(store: Store) -> None:
    unit = store.add(Unit(name="TeeBee", kind="company"))
    session = ws.start_or_resume(store, unit.id, "2026-Q4")
    ws.add_candidate(store, session, "Prove value")
    ws.undo_last(store, session)
    (undo,) = [c.event for c in okr_changes(store, "ann", unit_id=unit.id) if c.event.reason]
    assert undo.reason.startswith(ws.UNDO_PREFIX)  # what the workshop records...
    assert reason_text(undo.reason) == "undone in the workshop"  # ...and what people read
    report = weekly_report(store, unit.id, Week.of(TODAY), TODAY, "ann")
    assert "Why: undone in the workshop" in report
    assert not INTERNAL.search(report)


def committed(store: Store) -> Objective:
    store.ensure_period("2026-Q4")
    store.add(Unit(id="un-tea", name="Tea", kind="company"))
    return store.add(
        Objective(unit_id="un-tea", period_id="2026-Q4", title="Sell tea", status="committed")
    )


def test_a_committed_record_is_named_by_its_title(store: Store) -> None:
    objective = committed(store)
    with pytest.raises(ReasonRequired) as changed:
        store.update(Objective, objective.id, title="Sell more tea")
    assert (
        str(changed.value) == "“Sell tea” is committed: say why it changes (a reason is required)"
    )
    with pytest.raises(ReasonRequired) as removed:
        store.remove(Objective, objective.id)
    assert str(removed.value) == "“Sell tea” is committed: say why it is removed"


def test_no_check_in_to_fix_names_the_key_result(store: Store) -> None:
    objective = committed(store)
    kr = store.add(KeyResult(objective_id=objective.id, title="Cafes buying", target=20))
    with pytest.raises(WorkspaceError) as refused:
        checkin_to_fix(store, kr.id)
    assert str(refused.value) == "you have no check-in on “Cafes buying” to correct or withdraw"


def test_broken_links_name_no_ids(store: Store) -> None:
    objective = committed(store)
    store.update(
        Objective,
        objective.id,
        parent_id="ob-dead",
        supports=["ob-gone", "ob-lost"],
        reason="test",
    )
    messages = [flag.message for flag in alignment_flags(store, store.get(Objective, objective.id))]
    assert "its parent objective is gone" in messages
    assert "supports 2 objectives that are gone" in messages
    assert not any(INTERNAL.search(m) or "ob-" in m for m in messages)


def test_archiving_a_team_with_one_unit_in_it(store: Store) -> None:
    store.add(Unit(id="un-co", name="Acme", kind="company"))
    store.add(Unit(name="Sales", kind="business", parent_id="un-co"))
    with pytest.raises(WorkspaceError, match=r"still holds 1 active unit \(Sales\)"):
        archive_unit(store, "un-co")


def test_the_import_summary_counts_in_words(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    objective = committed(store)
    store.add(KeyResult(objective_id=objective.id, title="Cafes", target=20))
    store.add(KeyResult(objective_id=objective.id, title="Shops", target=5))
    exported = tmp_path / "out.json"
    assert main(["--db", str(store.path), "--as", "ann", "export", "-o", str(exported)]) == 0
    capsys.readouterr()
    target = tmp_path / "new.json"
    Store(target, "ann", org="Other").close()
    assert main(["--db", str(target), "--as", "ann", "import", str(exported)]) == 0
    out = capsys.readouterr().out
    assert "2 key results" in out and "1 objective," in out and "1 period" in out
    assert not INTERNAL.search(out)
    assert json.loads(exported.read_text())  # the export itself is unchanged JSON
