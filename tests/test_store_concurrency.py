"""Several processes and threads on one workspace: nothing lost, nothing broken, no freeze."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import orjson
import pytest
from filelock import FileLock
from tinydb import TinyDB

from okr_tui import storage
from okr_tui import store as store_module
from okr_tui.journal import journal_path
from okr_tui.models import CheckIn, Event, KeyResult, Objective, Unit
from okr_tui.storage import TEMP_PREFIX
from okr_tui.store import LockTimeout, Store, WorkspaceError, lock_path
from tests.conftest import fixed_clock

WRITER = Path(__file__).with_name("helpers_store_writer.py")
ROOT = Path(__file__).resolve().parent.parent


def seed_kr(store: Store) -> KeyResult:
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    return store.add(KeyResult(objective_id=objective.id, title="Renewal 70%", target=70))


def start_writer(
    path: Path, user: str, kr_id: str, total: int, settings: dict[str, int] | None = None
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if settings:
        env["OKR_TEST_STORE_SETTINGS"] = json.dumps(settings)
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(path), user, kr_id, str(total)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def run_writers(path: Path, kr_id: str, writers: int = 4, each: int = 50) -> list[str]:
    """Start `writers` processes of `each` check-ins at once; the ids they acknowledged."""
    started = [start_writer(path, f"user{n}", kr_id, each) for n in range(writers)]
    acknowledged: list[str] = []
    for writer in started:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        acknowledged += out.split()[1:]  # after "ready"
    assert len(acknowledged) == writers * each
    return acknowledged


def plain_tinydb_checkin_ids(path: Path) -> list[str]:
    """Read the file the way any TinyDB program would (read-only, nothing created)."""
    db = TinyDB(path, access_mode="r")
    try:
        return [doc["id"] for doc in db.table("checkins").all()]
    finally:
        db.close()


@pytest.mark.slow
def test_four_processes_by_one_hundred_check_ins_keep_all_four_hundred(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    kr = seed_kr(store)
    writers = [start_writer(workspace, f"user{n}", kr.id, 100) for n in range(4)]
    acknowledged: list[str] = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        lines = out.split()
        assert lines[0] == "ready"
        acknowledged += lines[1:]
    assert len(acknowledged) == 400
    reopened = Store(workspace, "ann")
    stored = reopened.checkins(kr.id)
    assert len(stored) == 400
    assert {c.id for c in stored} == set(acknowledged)
    assert Counter(c.author for c in stored) == {f"user{n}": 100 for n in range(4)}
    # Each check-in recorded its event, and no two records share an id or a document id.
    assert len([e for e in reopened.events() if e.action == "checkin"]) == 400
    raw = orjson.loads(workspace.read_bytes())
    assert len(raw["checkins"]) == 400 and len(raw["events"]) == 400 + 4
    assert sorted(int(n) for n in raw["checkins"]) == list(range(1, 401))
    assert sorted(plain_tinydb_checkin_ids(workspace)) == sorted(acknowledged)
    # The store that was open all along sees all of them after a refresh.
    assert store.refresh() is True
    assert len(store.checkins(kr.id)) == 400


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["file", "journal", "folding"])
def test_a_writer_killed_twenty_times_never_breaks_the_file_or_loses_a_write(
    workspace: Path, layout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "folding": a journal from the first write, folded into the file every few writes,
    # and the event log left on disk, so kills land in folds too.
    # The thresholds are pinned for every layout: how much the killed writer manages to
    # write depends on the machine's speed, and must never move the file across them.
    settings = {
        "file": {"JOURNAL_FROM": 1 << 40, "LAZY_FROM": 1 << 40},
        "journal": {"JOURNAL_FROM": 64 * 1024, "JOURNAL_FOLD_MIN": 1 << 40, "LAZY_FROM": 1 << 40},
        "folding": {"JOURNAL_FROM": 0, "JOURNAL_FOLD_MIN": 3000, "LAZY_FROM": 0},
    }[layout]
    for name, value in settings.items():
        monkeypatch.setattr(store_module, name, value)
    store = Store(workspace, "ann", clock=fixed_clock)
    kr = seed_kr(store)
    # Some bulk, so each write takes long enough to be killed in the middle of it; past
    # JOURNAL_FROM the workspace gets a journal and each write is an append instead.
    bulk = {"file": 150, "journal": 600, "folding": 20}[layout]
    with store.transaction():
        for n in range(bulk):
            store.add(CheckIn(kr_id=kr.id, value=n, note="history " * 10, at=fixed_clock()))
    store.check_in(kr.id, 1)  # the first write after the file grew big starts its journal
    assert journal_path(workspace).exists() == (layout != "file")
    if layout == "folding":
        assert Event.TABLE in Store(workspace, "x")._t.on_disk
    rng = random.Random(20261126)
    acknowledged: list[str] = []
    killed_mid_write = 0
    versions: set[int] = set()  # each fold writes a new file
    for _ in range(20):
        writer = start_writer(workspace, "killed", kr.id, 0, settings)
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        first = writer.stdout.readline().strip()
        assert first.startswith("ci-")
        acknowledged.append(first)
        threading.Event().wait(rng.uniform(0.0, 0.08))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        # Only complete lines are acknowledged writes; a cut-off last line is not.
        complete = out.split("\n")[:-1] if not out.endswith("\n") else out.split("\n")
        acknowledged += [line for line in complete if line]
        killed_mid_write += bool(list(workspace.parent.glob(f"{TEMP_PREFIX}*")))
        versions.add(workspace.stat().st_ino)
        # The file opens with the store and with plain TinyDB, and holds every acknowledged id.
        reopened = Store(workspace, "check", create=False)
        stored = {c.id for c in reopened.all(CheckIn)}
        assert set(acknowledged) <= stored
        if layout == "folding":
            events = reopened.events()
            assert len({e.id for e in events}) == len(events)
            assert set(acknowledged) <= {e.record_id for e in events if e.action == "checkin"}
        # The file itself stays a TinyDB file; with a journal, new check-ins are in the journal.
        in_file = set(plain_tinydb_checkin_ids(workspace))
        if layout == "file":
            assert set(acknowledged) <= in_file
    assert len(acknowledged) > 20
    if layout == "folding":
        assert len(versions) >= 3
    print(f"{len(acknowledged)} acknowledged writes, {killed_mid_write} kills left a temp file")
    # Opening the workspace under its lock cleans any temp file a kill left behind.
    Store(workspace, "ann")
    assert list(workspace.parent.glob(f"{TEMP_PREFIX}*")) == []


def test_stale_temp_files_are_removed_at_start_but_not_another_workspaces(
    workspace: Path,
) -> None:
    Store(workspace, "ann")
    mine = workspace.parent / f"{TEMP_PREFIX}{workspace.name}-abc123"
    theirs = workspace.parent / f"{TEMP_PREFIX}other.json-def456"
    mine.write_bytes(b"{half a wri")
    theirs.write_bytes(b"{another workspace being written")
    Store(workspace, "ann")
    assert not mine.exists()
    assert theirs.exists()


def test_stale_temp_files_are_left_alone_while_someone_holds_the_lock(workspace: Path) -> None:
    Store(workspace, "ann")
    leftover = workspace.parent / f"{TEMP_PREFIX}{workspace.name}-in-flight"
    leftover.write_bytes(b"{being written right now")
    with FileLock(lock_path(workspace)):
        Store(workspace, "ann")
    assert leftover.exists()


def test_a_held_lock_gives_a_clear_timeout_and_saves_nothing(workspace: Path) -> None:
    store = Store(workspace, "ann", lock_timeout=0.2)
    kr = seed_kr(store)
    before = workspace.read_bytes()
    with FileLock(lock_path(workspace)), pytest.raises(LockTimeout) as caught:
        store.check_in(kr.id, 10)
    message = str(caught.value)
    assert str(workspace) in message and "another okr session" in message
    assert "0.2 s" in message and "not saved" in message
    assert workspace.read_bytes() == before
    assert store.checkins(kr.id) == []
    store.check_in(kr.id, 10)  # the lock is free again: the same store writes fine
    assert len(Store(workspace, "bob").checkins(kr.id)) == 1


def test_a_write_waiting_for_the_lock_does_not_block_readers(workspace: Path) -> None:
    store = Store(workspace, "ann", lock_timeout=30)
    kr = seed_kr(store)
    other = FileLock(lock_path(workspace))
    other.acquire()
    result: list[object] = []
    writer = threading.Thread(target=lambda: result.append(store.check_in(kr.id, 42)))
    writer.start()
    try:
        # The writer is now waiting for the lock (or about to); reads and refresh still answer.
        assert store.get(KeyResult, kr.id).title == "Renewal 70%"
        assert store.checkins(kr.id) == []
        assert store.refresh() is False
        assert writer.is_alive()
    finally:
        other.release()
    writer.join(timeout=30)
    assert not writer.is_alive()
    assert [c.value for c in store.checkins(kr.id)] == [42]


def test_a_failed_save_leaves_memory_and_file_as_they_were(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    kr = seed_kr(store)
    before = workspace.read_bytes()
    events_before = len(store.events())

    def disk_full(path: Path, payload: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "atomic_write_bytes", disk_full)
    with pytest.raises(WorkspaceError, match=r"could not save.*No space left"):
        store.check_in(kr.id, 10)
    assert workspace.read_bytes() == before
    assert store.checkins(kr.id) == []
    assert len(store.events()) == events_before
    monkeypatch.undo()
    store.check_in(kr.id, 11)
    assert [c.value for c in Store(workspace, "bob").checkins(kr.id)] == [11]


def test_a_write_sees_what_another_process_wrote_in_between(workspace: Path) -> None:
    ann = Store(workspace, "ann")
    kr = seed_kr(ann)
    bob = Store(workspace, "bob")
    ann_first = ann.check_in(kr.id, 1)
    # bob has not refreshed; his write still happens on top of ann's, not over it.
    bob_first = bob.check_in(kr.id, 2)
    assert {c.id for c in bob.checkins(kr.id)} == {ann_first.id, bob_first.id}
    ann.check_in(kr.id, 3)
    assert len(Store(workspace, "carl").checkins(kr.id)) == 3
    # A key result bob never saw can be checked in to: it is looked up under the lock.
    new_kr = ann.add(KeyResult(objective_id=kr.objective_id, title="New KR", target=5))
    assert bob.check_in(new_kr.id, 1).kr_id == new_kr.id


def test_ensure_person_does_not_duplicate_across_sessions(workspace: Path) -> None:
    ann = Store(workspace, "ann")
    bob = Store(workspace, "bob")
    first = ann.ensure_person("dana")
    second = bob.ensure_person("dana")  # bob's copy is stale, the lock makes it look again
    assert first.id == second.id
    assert len(Store(workspace, "x").people()) == 1


def test_indexes_follow_changes_without_a_rebuild(store: Store) -> None:
    kr = seed_kr(store)
    first = store.check_in(kr.id, 1)
    assert store.checkins(kr.id) == [first]  # builds the index
    second = store.check_in(kr.id, 2)
    changed = store.update(CheckIn, first.id, value=5)
    assert [c.value for c in store.checkins(kr.id)] == [5, 2]
    store.remove(CheckIn, second.id)
    assert store.checkins(kr.id) == [changed]
    assert [e.action for e in store.events(first.id)] == ["checkin", "update"]
    assert len(store.by(Event, "record_id", second.id)) == 2


def test_the_timeout_says_whose_session_holds_the_workspace(workspace: Path) -> None:
    ann = Store(workspace, "ann", lock_timeout=0.2)
    kr = seed_kr(ann)
    bob = Store(workspace, "bob")
    with bob.transaction(), pytest.raises(LockTimeout) as caught:
        ann.check_in(kr.id, 10)
    message = str(caught.value)
    assert f"(held by bob (pid {os.getpid()} on " in message and " UTC)" in message
    assert "not saved" in message
