"""What the store refuses to open, in one line and exit 2, rather than lose acknowledged writes.

A journal that is missing, spoiled in a complete line, or of another version of
the file is refused; only a torn last line (an append cut short, never
acknowledged) is dropped. A path that is no regular file (a link loop, a named
pipe, a device) is refused without blocking.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from okr_tui import cli
from okr_tui import store as store_module
from okr_tui.journal import encode_line, journal_path
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.storage import WorkspaceFile
from okr_tui.store import Store, WorkspaceError, backups_dir
from tests.conftest import fixed_clock
from tests.test_store_files import folder_state

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def journaled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any workspace counts as large, so it gets a journal at its first write."""
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)


def seed(path: Path) -> tuple[Store, KeyResult]:
    store = Store(path, "ann", clock=fixed_clock)
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Tea"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal", target=70))
    return store, kr


def refused(path: Path, *problem: str) -> str:
    """Opening `path` is refused with one line naming the problems; nothing is changed."""
    before = folder_state(path.parent)
    with pytest.raises(WorkspaceError) as caught:
        Store(path, "bob", create=False)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    for words in problem:
        assert words in message
    assert str(backups_dir(path)) in message
    assert folder_state(path.parent) == before
    return message


def okr(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(list(args))
    err = capsys.readouterr().err
    return code, err


# -- the journal ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("journaled")
def test_a_workspace_moved_without_its_journal_is_refused(workspace: Path) -> None:
    store, kr = seed(workspace)
    store.check_in(kr.id, 1)
    journal_path(workspace).unlink()
    refused(workspace, "journal workspace.json.journal is missing", "Put the journal back")


@pytest.mark.usefixtures("journaled")
def test_a_journal_of_another_version_of_the_file_is_refused(workspace: Path) -> None:
    store, kr = seed(workspace)
    older = workspace.read_bytes()
    with store.transaction():  # a fold: a new version of the file, a new journal
        store._force_file = True
    store.check_in(kr.id, 1)  # acknowledged, in the new journal only
    workspace.write_bytes(older)  # a sync tool puts back an older copy of the file
    refused(workspace, "belongs to another version of the file", "move the journal away")


@pytest.mark.usefixtures("journaled")
def test_a_journal_left_over_from_a_stop_mid_fold_is_ignored_and_nothing_is_lost(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, kr = seed(workspace)
    kept = [store.check_in(kr.id, n).id for n in range(3)]

    class Stopped(BaseException):
        pass

    def stop(*args: Any) -> None:
        raise Stopped

    # The file is written, then the process stops before the new journal is started.
    monkeypatch.setattr(store_module, "start_journal", stop)
    with pytest.raises(Stopped), store.transaction():
        store._force_file = True
    monkeypatch.undo()
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    reopened = Store(workspace, "bob", clock=fixed_clock)
    assert {c.id for c in reopened.checkins(kr.id)} == set(kept)
    later = reopened.check_in(kr.id, 9)
    assert {c.id for c in Store(workspace, "eve").checkins(kr.id)} == {*kept, later.id}


@pytest.mark.usefixtures("journaled")
def test_a_stop_while_the_first_journal_is_made_leaves_a_workspace_that_opens(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 1 << 40)
    store, kr = seed(workspace)
    assert not journal_path(workspace).exists()
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)

    class Stopped(BaseException):
        pass

    def stop(*args: Any) -> None:
        raise Stopped

    monkeypatch.setattr(WorkspaceFile, "write", stop)
    with pytest.raises(Stopped):
        store.check_in(kr.id, 1)
    monkeypatch.undo()
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    assert journal_path(workspace).exists()  # made first, beside the file that names none
    reopened = Store(workspace, "bob", clock=fixed_clock)
    later = reopened.check_in(kr.id, 2)
    assert [c.id for c in Store(workspace, "eve").checkins(kr.id)] == [later.id]


@pytest.mark.usefixtures("journaled")
def test_a_spoiled_last_complete_line_is_refused_but_a_torn_one_is_dropped(
    workspace: Path,
) -> None:
    store, kr = seed(workspace)
    store.check_in(kr.id, 1)
    store.check_in(kr.id, 2)
    journal = journal_path(workspace)
    good = journal.read_bytes()
    journal.write_bytes(good.replace(b'"value":2.0', b'"value":7.0'))  # a complete line, spoiled
    refused(workspace, "journal workspace.json.journal is damaged")
    journal.write_bytes(good[:-5])  # an append cut short: never acknowledged
    assert [c.value for c in Store(workspace, "bob").checkins(kr.id)] == [1]


@pytest.mark.usefixtures("journaled")
def test_a_journal_whose_first_line_does_not_check_out_is_refused(workspace: Path) -> None:
    store, kr = seed(workspace)
    store.check_in(kr.id, 1)
    journal = journal_path(workspace)
    journal.write_bytes(journal.read_bytes().replace(b'{"journal"', b'{"Journal"', 1))
    refused(workspace, "damaged (its first line does not check out)")


@pytest.mark.usefixtures("journaled")
def test_a_journal_line_whose_save_failed_is_not_left_for_readers(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, kr = seed(workspace)
    store.check_in(kr.id, 1)
    before = journal_path(workspace).read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(WorkspaceError, match="your change was not saved"):
        store.check_in(kr.id, 2)
    monkeypatch.undo()
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    assert journal_path(workspace).read_bytes() == before
    assert [c.value for c in Store(workspace, "bob").checkins(kr.id)] == [1]
    store.check_in(kr.id, 3)
    assert [c.value for c in Store(workspace, "eve").checkins(kr.id)] == [1, 3]


ODD_ENTRIES: dict[str, Any] = {
    "a list": [1, 2],
    "no ops": {"nope": 1},
    "ops not a list": {"ops": 5},
    "an op not a list": {"ops": [5]},
    "a short op": {"ops": [["put"]]},
    "an op without a document": {"ops": [["put", "checkins"]]},
    "a document that is a word": {"ops": [["put", "checkins", "word"]]},
    "a removal of a number": {"ops": [["del", "checkins", 5]]},
    "an unknown kind": {"ops": [["move", "checkins", {}]]},
    "a table that is a number": {"ops": [["put", 7, {}]]},
}


@pytest.mark.usefixtures("journaled")
@pytest.mark.parametrize("case", list(ODD_ENTRIES))
def test_a_journal_line_of_an_odd_shape_ends_okr_with_one_line_and_exit_2(
    case: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, kr = seed(workspace)
    store.check_in(kr.id, 1)
    with journal_path(workspace).open("ab") as handle:
        handle.write(encode_line(ODD_ENTRIES[case]))
    code, err = okr("--db", str(workspace), "list", capsys=capsys)
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "journal workspace.json.journal holds" in err


# -- paths that are no workspace file --------------------------------------------------------------


def run_okr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "okr_tui", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def assert_one_line_exit_2(run: subprocess.CompletedProcess[str], *words: str) -> None:
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    for word in words:
        assert word in run.stderr


def test_a_symlink_loop_as_the_workspace_is_one_line_and_exit_2(tmp_path: Path) -> None:
    loop = tmp_path / "team.json"
    loop.symlink_to(loop)
    assert_one_line_exit_2(run_okr("--db", str(loop), "list"), "link that leads back to itself")
    assert_one_line_exit_2(run_okr("--db", str(loop), "init", "--org", "TeeBee"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_as_the_workspace_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "team.json"
    os.mkfifo(pipe)
    assert_one_line_exit_2(run_okr("--db", str(pipe), "list"), "named pipe (FIFO)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_as_the_journal_is_refused_without_blocking(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    store, kr = seed(workspace)
    store.check_in(kr.id, 1)
    journal_path(workspace).unlink()
    os.mkfifo(journal_path(workspace))
    refused(workspace, "its journal workspace.json.journal cannot be read: it is a named pipe")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_as_the_workspace_is_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    assert_one_line_exit_2(run_okr("--db", device, "list"), "it is a device, not a file")


def test_a_folder_as_the_workspace_is_refused(tmp_path: Path) -> None:
    assert_one_line_exit_2(run_okr("--db", str(tmp_path), "list"), "it is a folder")
