"""Backups are whole or absent: a kill or a full disk mid-backup never leaves half a one behind."""

from __future__ import annotations

import errno
import os
import random
import signal
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest

from okr_tui import store as store_module
from okr_tui.models import CheckIn
from okr_tui.storage import TEMP_PREFIX
from okr_tui.store import Store, WorkspaceError, backups_dir
from tests.conftest import fixed_clock
from tests.test_shared_box import EVERY_WRITE
from tests.test_store_concurrency import seed_kr, start_writer

SETTINGS = {"JOURNAL_FROM": 1 << 40, "LAZY_FROM": 1 << 40, "BACKUP_PERIOD": EVERY_WRITE}
"""A plain file (a backup is a copy of it) and a backup at every write."""


def bulky_workspace(
    path: Path, monkeypatch: pytest.MonkeyPatch, settings: dict[str, Any] = SETTINGS
) -> str:
    """A workspace of some 100 KB, so a backup of it takes several writes."""
    for name, value in settings.items():
        monkeypatch.setattr(store_module, name, value)
    store = Store(path, "ann", clock=fixed_clock)
    kr = seed_kr(store)
    with store.transaction():
        for n in range(300):
            store.add(CheckIn(kr_id=kr.id, value=n, note="history " * 30, at=fixed_clock()))
    store.close()
    return kr.id


def assert_every_backup_is_whole(path: Path) -> list[Path]:
    """Every backup parses as a whole workspace; returns the temp files beside them."""
    folder = backups_dir(path)
    temps = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(TEMP_PREFIX):
            temps.append(entry)
            continue
        data = orjson.loads(entry.read_bytes())
        assert isinstance(data["_meta"]["1"], dict), entry.name
    return temps


@pytest.mark.slow
def test_a_writer_killed_in_the_middle_of_a_backup_leaves_no_half_backup(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kr_id = bulky_workspace(workspace, monkeypatch)
    for cut_at in (1, 20_000, 70_000):
        monkeypatch.setenv("OKR_TEST_DIE_IN_BACKUP", str(cut_at))
        writer = start_writer(workspace, "dying", kr_id, 0, SETTINGS)
        monkeypatch.delenv("OKR_TEST_DIE_IN_BACKUP")
        out, _ = writer.communicate(timeout=60)
        assert writer.returncode == -signal.SIGKILL
        assert out.split() == ["ready"]  # killed in its first write's backup: nothing acknowledged
        assert_every_backup_is_whole(workspace)
        Store(workspace, "check", create=False)
    # The next write cleans up what the kills left and makes a whole backup.
    writer = start_writer(workspace, "after", kr_id, 1, SETTINGS)
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert assert_every_backup_is_whole(workspace) == []


@pytest.mark.slow
def test_a_writer_killed_again_and_again_while_backing_up_leaves_only_whole_backups(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kr_id = bulky_workspace(workspace, monkeypatch)
    rng = random.Random(20261201)
    acknowledged: list[str] = []
    for _ in range(20):
        writer = start_writer(workspace, "killed", kr_id, 0, SETTINGS)
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        acknowledged.append(writer.stdout.readline().strip())
        threading.Event().wait(rng.uniform(0.0, 0.05))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        acknowledged += [line for line in out.split("\n")[:-1] if line]
        assert_every_backup_is_whole(workspace)
        stored = {c.id for c in Store(workspace, "check", create=False).all(CheckIn)}
        assert set(acknowledged) <= stored


class FullDisk:
    """os.write and os.sendfile as on a disk with `room` bytes left: past it, ENOSPC."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.real_write = os.write
        self.real_sendfile = os.sendfile

    def _take(self, wanted: int) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        granted = min(wanted, self.room)
        self.room -= granted
        return granted

    def write(self, fd: int, data: Any) -> int:
        return self.real_write(fd, memoryview(data)[: self._take(len(data))])

    def sendfile(self, out_fd: int, in_fd: int, offset: Any, count: int) -> int:
        return self.real_sendfile(out_fd, in_fd, offset, self._take(count))

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(os, "write", self.write)
        monkeypatch.setattr(os, "sendfile", self.sendfile)


def test_a_full_disk_during_the_backup_leaves_no_partial_backup_and_saves_nothing(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kr_id = bulky_workspace(workspace, monkeypatch, {"JOURNAL_FROM": 1 << 40})
    # The next day: its first write begins with a backup.
    store = Store(workspace, "ann", clock=lambda: fixed_clock().replace(day=27))
    before = workspace.read_bytes()
    assert len(before) > 64_000
    disk = FullDisk(room=20_000)
    disk.install(monkeypatch)
    with pytest.raises(WorkspaceError) as caught:
        store.check_in(kr_id, 99)
    monkeypatch.setattr(os, "write", disk.real_write)
    monkeypatch.setattr(os, "sendfile", disk.real_sendfile)
    message = str(caught.value)
    assert "\n" not in message and "No space left on device" in message
    assert "your change was not saved" in message
    assert workspace.read_bytes() == before
    assert assert_every_backup_is_whole(workspace) == []
    # With room again, the same save goes through, after a whole backup.
    store.check_in(kr_id, 99)
    assert assert_every_backup_is_whole(workspace) == []
    assert [c.value for c in Store(workspace, "bob").checkins(kr_id)][-1] == 99


def test_a_torn_backup_of_the_day_is_replaced_not_trusted(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BACKUP_PERIOD", "%Y%m%d")  # one a day, as usual
    store = Store(workspace, "ann", clock=fixed_clock)
    kr = seed_kr(store)
    [torn] = store.backups()
    whole = torn.read_bytes()
    torn.write_bytes(whole[: len(whole) // 2])  # as an older okr-tui left it when cut off
    later = Store(workspace, "bob", clock=lambda: fixed_clock().replace(minute=30))
    later.check_in(kr.id, 10)
    assert not torn.exists()
    [replaced] = later.backups()
    assert replaced.read_bytes().startswith(whole[:100])
    assert assert_every_backup_is_whole(workspace) == []


def test_full_disk_fake_behaves_like_a_disk(tmp_path: Path) -> None:
    """The fake above: writes up to the room, then ENOSPC, as a real full disk does."""
    disk = FullDisk(room=5)
    fd = os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT)
    try:
        assert disk.write(fd, b"abc") == 3
        assert disk.write(fd, b"defg") == 2
        with pytest.raises(OSError) as caught:
            disk.write(fd, b"h")
        assert caught.value.errno == errno.ENOSPC
    finally:
        os.close(fd)
    assert (tmp_path / "f").read_bytes() == b"abcde"
