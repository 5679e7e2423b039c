"""A workspace on a shared box: each person has an account in a shared group, umask 022.

Every file and folder the store makes beside the workspace follows the workspace
file (its group, its permission bits), never the maker's umask, so whoever saves
next can save too. A workspace one may not write is never replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from okr_tui import presence
from okr_tui import store as store_module
from okr_tui.journal import journal_path
from okr_tui.models import Unit
from okr_tui.store import Store, backups_dir, lock_path
from tests.conftest import fixed_clock
from tests.test_store_concurrency import seed_kr

HELPER = Path(__file__).with_name("helpers_shared_user.py")
ROOT = Path(__file__).resolve().parent.parent
TEAM, ANN, BOB = 47100, 47101, 47102
"""The shared group and two accounts, each with a private group of the same number."""
EVERY_WRITE = "%Y%m%d-%H%M%S-%f"
"""A backup period that changes at every write (see okr_tui.store.BACKUP_PERIOD)."""

as_root = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0,
    reason="needs root, to run parts of the test as two other accounts",
)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder of the team's group that both accounts can reach (pytest's own is root's only)."""
    base = Path(tempfile.mkdtemp(prefix="okr-shared-"))
    try:
        base.chmod(0o755)
        folder = base / "team"
        folder.mkdir()
        os.chown(folder, 0, TEAM)
        folder.chmod(0o2775)
        yield folder
    finally:
        shutil.rmtree(base)


def run_as(
    uid: int, workspace: Path, *action: str, settings: dict[str, object] | None = None
) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if settings:
        env["OKR_TEST_STORE_SETTINGS"] = json.dumps(settings)
    run = subprocess.run(
        [sys.executable, str(HELPER), str(uid), str(uid), str(TEAM), str(workspace), *action],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert run.returncode in (0, 3), run.stderr
    return run.stdout.strip()


def shared_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder made beside the workspace: (permission bits, group)."""
    return {
        str(p.relative_to(folder)): (stat.S_IMODE(p.lstat().st_mode), p.lstat().st_gid)
        for p in sorted(folder.rglob("*"))
    }


@as_root
@pytest.mark.slow
@pytest.mark.parametrize("layout", ["file", "journal"])
def test_two_accounts_in_one_group_take_turns_saving(shared_folder: Path, layout: str) -> None:
    settings: dict[str, object] = {
        "JOURNAL_FROM": 0 if layout == "journal" else 1 << 40,
        "BACKUP_PERIOD": EVERY_WRITE,  # so both make backups
    }
    workspace = shared_folder / "team.json"
    kr_id = run_as(ANN, workspace, "seed", settings=settings)
    assert kr_id.startswith("kr-"), kr_id
    workspace.chmod(0o664)  # ann shares it with the group
    # The day's first backup, made before, stays as it was; ann's next save puts right
    # the lock, journal and backups folder she made, so everything else must be shared.
    kept_as_made = set(shared_state(shared_folder)) - {
        "team.json",
        "team.json.lock",
        "team.json.journal",
        "team.json.backups",
    }
    turns = [(ANN, "checkin"), (BOB, "checkin"), (ANN, "checkin"), (BOB, "checkin"), (BOB, "beat")]
    for uid, action in turns:
        said = run_as(uid, workspace, action, kr_id, settings=settings)
        assert not said.startswith("refused"), f"user {uid}: {said}"
    assert len(Store(workspace, "check").checkins(kr_id)) == 4
    made = shared_state(shared_folder)
    expected_side_files = [
        "team.json",
        "team.json.backups",
        "team.json.lock",
        "team.json.presence",
        f"team.json.presence/user{BOB}.json",
    ]
    assert set(expected_side_files) <= set(made)
    assert ("team.json.journal" in made) == (layout == "journal")
    # The last backup is bob's (one made in the same second as another replaces it).
    assert BOB in {p.stat().st_uid for p in backups_dir(workspace).iterdir()}
    for name in kept_as_made:
        del made[name]
    for name, (mode, group) in made.items():
        assert group == TEAM, f"{name} is in group {group}"
        if (shared_folder / name).is_dir():
            # Folders made in a setgid folder are setgid too, so their files join the group.
            assert mode == stat.S_ISGID | 0o775, f"{name}: {oct(mode)}"
        else:
            assert mode == 0o664, f"{name}: {oct(mode)}"


@as_root
@pytest.mark.slow
def test_without_a_setgid_folder_files_still_join_the_workspaces_group(
    shared_folder: Path,
) -> None:
    shared_folder.chmod(0o775)  # no setgid: a new file gets its maker's own group
    workspace = shared_folder / "team.json"
    kr_id = run_as(ANN, workspace, "seed")
    os.chown(workspace, -1, TEAM)
    workspace.chmod(0o664)
    kept_as_made = set(backups_dir(workspace).iterdir())
    for uid in (ANN, BOB, ANN):
        said = run_as(uid, workspace, "checkin", kr_id)
        assert not said.startswith("refused"), f"user {uid}: {said}"
    made = shared_state(shared_folder)
    for path in kept_as_made:
        del made[str(path.relative_to(shared_folder))]
    for name, (mode, group) in made.items():
        assert group == TEAM, f"{name} is in group {group}"
        assert mode == (0o775 if (shared_folder / name).is_dir() else 0o664), name


@as_root
@pytest.mark.slow
def test_files_made_before_the_workspace_was_shared_are_named_or_replaced(
    shared_folder: Path,
) -> None:
    settings: dict[str, object] = {"JOURNAL_FROM": 0}
    workspace = shared_folder / "team.json"
    kr_id = run_as(ANN, workspace, "seed", settings=settings)
    workspace.chmod(0o664)  # shared after ann made its lock file and journal (0644, hers)
    said = run_as(BOB, workspace, "checkin", kr_id, settings=settings)
    assert said.startswith("refused: ") and "\n" not in said
    assert "team.json.lock is not writable for you" in said and "chmod g+w" in said
    lock_path(workspace).chmod(0o664)  # as the message says; the journal is still ann's 0644
    said = run_as(BOB, workspace, "checkin", kr_id, settings=settings)
    assert said.startswith("ci-"), said
    journal = journal_path(workspace).stat()
    assert (journal.st_uid, stat.S_IMODE(journal.st_mode), journal.st_gid) == (BOB, 0o664, TEAM)
    assert run_as(ANN, workspace, "checkin", kr_id, settings=settings).startswith("ci-")
    assert len(Store(workspace, "check").checkins(kr_id)) == 2


@as_root
@pytest.mark.slow
def test_a_workspace_read_only_for_you_is_refused_and_nothing_is_written(
    shared_folder: Path,
) -> None:
    workspace = shared_folder / "team.json"
    kr_id = run_as(ANN, workspace, "seed")
    workspace.chmod(0o644)  # ann's alone; bob may read it, and write in the folder
    for leftover in (lock_path(workspace), backups_dir(workspace)):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    before = {p.name: p.read_bytes() for p in shared_folder.iterdir()}
    said = run_as(BOB, workspace, "checkin", kr_id)
    assert said == f"refused: {workspace} is read-only for you: not saved"
    assert {p.name: p.read_bytes() for p in shared_folder.iterdir()} == before
    # Bob can still open it to read, as someone not in it yet.
    assert run_as(BOB, workspace, "open") == f"user{BOB}"
    assert {p.name: p.read_bytes() for p in shared_folder.iterdir()} == before


@pytest.mark.usefixtures("umask_022")
def test_a_private_workspace_keeps_its_journal_and_backups_private(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    days = iter(range(1, 20))

    def clock():  # type: ignore[no-untyped-def]
        return fixed_clock().replace(day=next(days))

    store = Store(workspace, "ann", clock=clock)
    workspace.chmod(0o600)
    kr = seed_kr(store)
    store.check_in(kr.id, 10)
    presence.beat(workspace, "ann")
    made = shared_state(workspace.parent)
    assert journal_path(workspace).name in made and backups_dir(workspace).name in made
    assert len(list(backups_dir(workspace).iterdir())) > 1
    for name, (mode, _) in made.items():
        expected = 0o700 if (workspace.parent / name).is_dir() else 0o600
        assert mode == expected, f"{name}: {oct(mode)}"


@pytest.mark.usefixtures("umask_022")
def test_files_beside_a_group_workspace_are_group_writable_whatever_the_umask(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    store = Store(workspace, "ann", clock=fixed_clock)
    workspace.chmod(0o664)
    kr = seed_kr(store)
    store.check_in(kr.id, 10)
    presence.beat(workspace, "ann")
    for name, (mode, _) in shared_state(workspace.parent).items():
        expected = 0o775 if (workspace.parent / name).is_dir() else 0o664
        assert mode == expected, f"{name}: {oct(mode)}"


@pytest.mark.usefixtures("umask_022")
def test_a_writable_lock_file_of_another_mode_still_works(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    workspace.chmod(0o664)
    lock_path(workspace).unlink()
    lock_path(workspace).touch()
    lock_path(workspace).chmod(0o666)  # writable by all, not as the workspace says
    store.add(Unit(name="TeeBee", kind="company"))
    assert [u.name for u in Store(workspace, "bob").units()] == ["TeeBee"]
