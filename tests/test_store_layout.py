"""The journal beside a large workspace: appends, torn tails, damage, folding, backups, writers."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from okr_tui import store as store_module
from okr_tui.journal import encode_line, journal_path
from okr_tui.models import CheckIn, Event, KeyResult, Objective, Unit
from okr_tui.store import Store, WorkspaceError
from tests.conftest import fixed_clock
from tests.test_store_concurrency import run_writers


@pytest.fixture
def journaled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any workspace counts as large, so it gets a journal at its first write."""
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)


def seed(path: Path) -> tuple[Store, KeyResult]:
    store = Store(path, "ann", clock=fixed_clock)
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal 70%", target=70))
    return store, kr


def journal_lines(path: Path) -> list[bytes]:
    return journal_path(path).read_bytes().splitlines(keepends=True)


@pytest.mark.usefixtures("journaled")
def test_a_check_in_is_one_appended_line_and_the_file_is_untouched(workspace: Path) -> None:
    store, kr = seed(workspace)
    colleague = Store(workspace, "bob", clock=fixed_clock)
    before = workspace.read_bytes()
    lines = len(journal_lines(workspace))
    checkin = store.check_in(kr.id, 42, confidence=7, note="两个续约 [bold]")
    assert workspace.read_bytes() == before
    assert len(journal_lines(workspace)) == lines + 1
    # The colleague reads just the new line; a fresh session reads file and journal.
    assert colleague.refresh() is True
    assert colleague.latest_checkin(kr.id) == checkin
    assert colleague.events(checkin.id)[0].action == "checkin"
    assert colleague.refresh() is False
    fresh = Store(workspace, "eve", create=False)
    assert fresh.export_data() == store.export_data()
    assert "journal" not in fresh.export_data()["meta"]


@pytest.mark.usefixtures("journaled")
def test_updates_and_removals_go_through_the_journal_too(workspace: Path) -> None:
    store, kr = seed(workspace)
    first = store.check_in(kr.id, 1)
    store.check_in(kr.id, 2)
    store.update(CheckIn, first.id, value=10, note="corrected")
    store.remove(CheckIn, first.id)
    store.update(KeyResult, kr.id, target=90)
    fresh = Store(workspace, "eve", create=False)
    assert [c.value for c in fresh.checkins(kr.id)] == [2]
    assert fresh.get(KeyResult, kr.id).target == 90
    assert fresh.export_data() == store.export_data()


@pytest.mark.usefixtures("journaled")
def test_a_torn_last_line_is_ignored_and_cut_by_the_next_write(workspace: Path) -> None:
    store, kr = seed(workspace)
    kept = store.check_in(kr.id, 1)
    torn = encode_line({"ops": [["put", "checkins", {**kept.to_doc(), "id": "ci-torn"}]]})
    with journal_path(workspace).open("ab") as handle:
        handle.write(torn[: len(torn) // 2])  # a write cut short by a crash
    reader = Store(workspace, "bob", create=False)
    assert [c.id for c in reader.checkins(kr.id)] == [kept.id]
    second = reader.check_in(kr.id, 2)
    assert journal_path(workspace).read_bytes().endswith(b"\n")
    assert {c.id for c in Store(workspace, "eve").checkins(kr.id)} == {kept.id, second.id}


@pytest.mark.usefixtures("journaled")
def test_a_damaged_line_in_the_middle_is_refused_and_nothing_is_written(
    workspace: Path,
) -> None:
    store, kr = seed(workspace)
    store.check_in(kr.id, 1)
    store.check_in(kr.id, 2)
    lines = journal_lines(workspace)
    lines[-2] = lines[-2].replace(b'"value":1.0', b'"value":7.0')  # checksum no longer matches
    journal_path(workspace).write_bytes(b"".join(lines))
    before = (workspace.read_bytes(), journal_path(workspace).read_bytes())
    with pytest.raises(WorkspaceError) as caught:
        Store(workspace, "bob", create=False)
    message = str(caught.value)
    assert "journal" in message and "damaged" in message and str(workspace) in message
    assert (workspace.read_bytes(), journal_path(workspace).read_bytes()) == before


@pytest.mark.usefixtures("journaled")
def test_a_backup_is_one_plain_file_and_restores_with_a_copy(workspace: Path) -> None:
    now = {"day": 1}

    def clock():  # type: ignore[no-untyped-def]
        return fixed_clock().replace(day=now["day"])

    store = Store(workspace, "ann", clock=clock)
    unit = store.add(Unit(name="TeeBee", kind="company"))
    objective = store.add(Objective(unit_id=unit.id, period_id="2026-Q4", title="Tea"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal", target=70))
    yesterday = store.check_in(kr.id, 1)
    now["day"] = 2
    store.check_in(kr.id, 2)  # the first write of the day: backup first, then the change
    latest = store.backups()[-1]
    backup = orjson.loads(latest.read_bytes())
    assert "journal" not in backup["_meta"]["1"]
    assert [d["id"] for d in backup["checkins"].values()] == [yesterday.id]
    # Copied over the workspace, it is the workspace as it was: the journal beside it
    # belongs to another version of the file and is ignored.
    workspace.write_bytes(latest.read_bytes())
    restored = Store(workspace, "ann", clock=clock)
    assert [c.id for c in restored.checkins(kr.id)] == [yesterday.id]
    third = restored.check_in(kr.id, 3)
    assert [c.id for c in Store(workspace, "eve").checkins(kr.id)] == [yesterday.id, third.id]


@pytest.mark.usefixtures("journaled")
def test_a_long_journal_is_folded_into_the_file(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "JOURNAL_FOLD_MIN", 4096)
    store, kr = seed(workspace)
    colleague = Store(workspace, "bob", clock=fixed_clock)
    sizes = []
    for n in range(40):
        store.check_in(kr.id, n, note="a note long enough to fill the journal " * 2)
        sizes.append(journal_path(workspace).stat().st_size)
    folds = sum(later < earlier for earlier, later in pairwise(sizes))
    assert folds >= 2
    db = TinyDB(workspace, access_mode="r")
    try:
        in_file = len(db.table("checkins").all())
    finally:
        db.close()
    assert 0 < in_file <= 40
    assert colleague.refresh() is True
    assert len(colleague.checkins(kr.id)) == 40
    assert len(Store(workspace, "eve").checkins(kr.id)) == 40
    assert len([e for e in store.events() if e.action == "checkin"]) == 40


def test_a_small_workspace_stays_one_file(workspace: Path) -> None:
    store, kr = seed(workspace)
    store.check_in(kr.id, 1)
    assert not journal_path(workspace).exists()


@pytest.mark.slow
def test_four_writers_on_a_large_workspace_keep_every_check_in(workspace: Path) -> None:
    store, kr = seed(workspace)
    with store.transaction():  # past JOURNAL_FROM
        for n in range(700):
            store.add(CheckIn(kr_id=kr.id, value=n, note="history " * 10, at=fixed_clock()))
    acknowledged = run_writers(workspace, kr.id)
    assert journal_path(workspace).exists()
    reopened = Store(workspace, "ann")
    ids = {c.id for c in reopened.checkins(kr.id)}
    assert set(acknowledged) <= ids and len(ids) == 900
    checkin_events = [e for e in reopened.all(Event) if e.action == "checkin"]
    assert {e.record_id for e in checkin_events} >= set(acknowledged)
    assert store.refresh() is True
    assert len(store.checkins(kr.id)) == 900
