"""Schema upgrades through the migration hook, and the daily backups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from okr_tui import store as store_module
from okr_tui.models import CheckIn
from okr_tui.store import BACKUPS_KEPT, Store, WorkspaceError, backups_dir
from tests.conftest import fixed_clock
from tests.test_store_concurrency import seed_kr


def add_suffix_to_notes(data: dict[str, Any]) -> None:
    """A fake v1 -> v2 upgrade: v2 notes end with a marker."""
    for doc in data.get("checkins", {}).values():
        doc["note"] = f"{doc['note']} (v2)"


@pytest.fixture
def v1_workspace(workspace: Path) -> tuple[Path, str]:
    store = Store(workspace, "ann", clock=fixed_clock)
    kr = seed_kr(store)
    store.check_in(kr.id, 30, note="two renewals")
    store.close()
    return workspace, kr.id


@pytest.fixture
def schema_two(  # request it after v1_workspace, so the file is made by version 1
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_module, "MIGRATIONS", {1: add_suffix_to_notes})


def schema_on_disk(path: Path) -> int:
    return orjson.loads(path.read_bytes())["_meta"]["1"]["schema_version"]


def later(days: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, 26, hour, 0, tzinfo=UTC) + timedelta(days=days)


def test_an_old_file_is_upgraded_in_memory_and_written_only_at_the_next_write(
    v1_workspace: tuple[Path, str], schema_two: None
) -> None:
    path, kr_id = v1_workspace
    original = path.read_bytes()
    store = Store(path, "ann", clock=lambda: later(1))
    assert store.needs_migration and store.migrated_from == 1
    assert store.meta.schema_version == 2
    assert [c.note for c in store.checkins(kr_id)] == ["two renewals (v2)"]
    # Opening and reading wrote nothing.
    assert path.read_bytes() == original
    store.check_in(kr_id, 40, note="three")
    assert not store.needs_migration
    assert schema_on_disk(path) == 2
    assert [c.note for c in Store(path, "bob").checkins(kr_id)] == ["two renewals (v2)", "three"]
    # The old file was backed up, byte for byte, before it was replaced.
    upgraded = [b for b in store.backups() if b.name.endswith("-schema1.json")]
    assert len(upgraded) == 1 and upgraded[0].read_bytes() == original


def test_the_upgrade_backup_is_made_even_after_todays_backup(
    v1_workspace: tuple[Path, str], schema_two: None
) -> None:
    path, kr_id = v1_workspace
    assert len(list(backups_dir(path).glob("*.json"))) == 1  # today's, from creating it
    original = path.read_bytes()
    Store(path, "ann", clock=fixed_clock).check_in(kr_id, 40)
    upgraded = [b for b in backups_dir(path).glob("*-schema1.json")]
    assert len(upgraded) == 1 and upgraded[0].read_bytes() == original


def test_a_session_on_the_old_schema_upgrades_what_a_colleague_wrote(
    v1_workspace: tuple[Path, str], schema_two: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, kr_id = v1_workspace
    upgraded = Store(path, "ann", clock=fixed_clock)
    with monkeypatch.context() as old_version:
        old_version.setattr(store_module, "SCHEMA_VERSION", 1)
        Store(path, "bob", clock=fixed_clock).check_in(kr_id, 35, note="from bob")
    # ann's next write re-reads bob's v1 file under the lock and upgrades it again.
    upgraded.check_in(kr_id, 40, note="from ann")
    notes = [c.note for c in Store(path, "carl").checkins(kr_id)]
    assert notes == ["two renewals (v2)", "from bob (v2)", "from ann"]


def test_a_missing_migration_step_is_a_clear_error(
    v1_workspace: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = v1_workspace
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(store_module, "MIGRATIONS", {1: add_suffix_to_notes})
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="no migration from schema 2 to 3"):
        Store(path, "ann")
    assert path.read_bytes() == before


def test_a_failing_migration_is_a_clear_error(
    v1_workspace: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = v1_workspace

    def broken(data: dict[str, Any]) -> None:
        raise KeyError("units")

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_module, "MIGRATIONS", {1: broken})
    before = path.read_bytes()
    with pytest.raises(WorkspaceError) as caught:
        Store(path, "ann")
    message = str(caught.value)
    assert "the upgrade from schema 1 to 2 failed ('units')" in message
    assert str(path) in message and "backups" in message
    assert path.read_bytes() == before


def test_a_migration_that_breaks_a_record_is_refused(
    v1_workspace: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = v1_workspace

    def bad(data: dict[str, Any]) -> None:
        for doc in data["checkins"].values():
            doc["confidence"] = 99

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_module, "MIGRATIONS", {1: bad})
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="bad value"):
        Store(path, "ann")
    assert path.read_bytes() == before


def test_one_backup_before_the_first_write_of_each_day_and_only_ten_kept(
    workspace: Path,
) -> None:
    now = {"at": later(0)}
    store = Store(workspace, "ann", clock=lambda: now["at"])
    kr = seed_kr(store)
    assert len(store.backups()) == 1
    first_write_of_day: dict[str, bytes] = {}
    for day in range(1, 15):
        now["at"] = later(day, hour=9)
        first_write_of_day[now["at"].strftime("%Y%m%d")] = workspace.read_bytes()
        store.check_in(kr.id, day)
        now["at"] = later(day, hour=17)
        store.check_in(kr.id, day + 0.5)  # a second write that day: no new backup
    backups = store.backups()
    assert len(backups) == BACKUPS_KEPT
    days = [b.name.split("-")[1] for b in backups]
    assert days == sorted(first_write_of_day)[-BACKUPS_KEPT:]
    # Each backup holds the file as it was just before that day's first write.
    for backup in backups:
        assert backup.read_bytes() == first_write_of_day[backup.name.split("-")[1]]
    assert len(store.checkins(kr.id)) == 28


def test_another_session_backing_up_today_counts(workspace: Path) -> None:
    ann = Store(workspace, "ann", clock=fixed_clock)
    kr = seed_kr(ann)
    bob = Store(workspace, "bob", clock=fixed_clock)
    bob.check_in(kr.id, 1)
    ann.check_in(kr.id, 2)
    assert len(bob.backups()) == 1


def test_a_backup_restores_with_a_plain_copy(workspace: Path) -> None:
    now = {"at": later(0)}
    store = Store(workspace, "ann", clock=lambda: now["at"])
    kr = seed_kr(store)
    now["at"] = later(1)
    store.check_in(kr.id, 5)
    latest = store.backups()[-1]
    workspace.write_bytes(latest.read_bytes())
    restored = Store(workspace, "ann")
    assert restored.all(CheckIn) == []
