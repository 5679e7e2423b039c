"""Broken and foreign files: one clear message, and not a byte changed or created."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from okr_tui.models import CheckIn, KeyResult, Unit
from okr_tui.store import Store, WorkspaceError, backups_dir
from tests.conftest import fixed_clock
from tests.test_store_concurrency import seed_kr


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: what 'nothing changed' means."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def good_workspace(path: Path) -> str:
    store = Store(path, "ann", clock=fixed_clock)
    kr = seed_kr(store)
    store.check_in(kr.id, 30, confidence=6, note="two renewals")
    store.close()
    return kr.id


def truncated(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def binary(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


def binary_without_nul(path: Path) -> None:
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)


def package_json(path: Path) -> None:
    path.write_bytes(b'{"name": "left-pad", "version": "1.3.0", "dependencies": {}}')


def another_tinydb_app(path: Path) -> None:
    path.unlink()
    db = TinyDB(path)
    db.insert({"title": "buy milk", "done": False})
    db.close()


def json_list(path: Path) -> None:
    path.write_bytes(b"[1, 2, 3]")


def empty(path: Path) -> None:
    path.write_bytes(b"")


def edit_raw(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        data = orjson.loads(path.read_bytes())
        change(data)
        path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))

    return apply


def _bad_confidence(data: dict) -> None:
    next(iter(data["checkins"].values()))["confidence"] = 42


def _newer_schema(data: dict) -> None:
    data["_meta"]["1"]["schema_version"] = 99


def _unknown_table(data: dict) -> None:
    data["invoices"] = {"1": {"id": "in-1"}}


def _word_doc_id(data: dict) -> None:
    data["checkins"] = {"first": next(iter(data["checkins"].values()))}


def _duplicate_record(data: dict) -> None:
    doc = next(iter(data["checkins"].values()))
    data["checkins"]["99"] = doc


def _damaged_header(data: dict) -> None:
    data["_meta"]["1"] = {"schema_version": "new"}


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated": (truncated, "not valid JSON"),
    "binary": (binary, "binary"),
    "binary without NUL bytes": (binary_without_nul, "binary"),
    "package.json": (package_json, "not an okr-tui workspace"),
    "another app's TinyDB file": (another_tinydb_app, "not an okr-tui workspace"),
    "a JSON list": (json_list, "not an okr-tui workspace"),
    "empty": (empty, "empty"),
    "a record with a bad value": (
        edit_raw(_bad_confidence),
        "in checkins has a bad value (confidence: Input should be less than or equal to 10)",
    ),
    "a newer schema": (edit_raw(_newer_schema), "newer okr-tui (schema 99"),
    "an unknown table": (edit_raw(_unknown_table), "table okr-tui does not know ('invoices')"),
    "a document id that is a word": (edit_raw(_word_doc_id), "not a number ('first')"),
    "one record twice": (edit_raw(_duplicate_record), "appears twice in checkins"),
    "a damaged header": (edit_raw(_damaged_header), "header is damaged"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_is_refused_clearly_and_left_untouched(case: str, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "workspace.json"
    good_workspace(path)
    spoil, problem = CASES[case]
    spoil(path)
    before = folder_state(folder)
    with pytest.raises(WorkspaceError) as caught:
        Store(path, "ann")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "The file was not changed" in message
    assert f"backups are in {backups_dir(path)}" in message
    # Nothing rewritten, nothing created (not even a lock file), nothing cleaned up.
    assert folder_state(folder) == before


def test_without_backups_the_message_says_where_they_will_be(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    path.write_bytes(b'{"name": "left-pad"}')
    with pytest.raises(WorkspaceError) as caught:
        Store(path, "ann")
    assert f"there are no backups yet (they are kept in {backups_dir(path)})" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]


def test_a_folder_or_an_unreadable_path_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "workspace.json"
    folder.mkdir()
    with pytest.raises(WorkspaceError, match="cannot be read"):
        Store(folder, "ann")


def test_a_missing_file_is_only_created_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "nothing.json"
    with pytest.raises(WorkspaceError, match="no workspace here"):
        Store(path, "ann", create=False)
    assert list(tmp_path.iterdir()) == []
    Store(path, "ann", org="TeeBee")
    assert Store(path, "bob", create=False).meta.org == "TeeBee"


def test_a_file_spoiled_while_open_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "workspace.json"
    kr_id = good_workspace(path)
    store = Store(path, "ann", clock=fixed_clock)
    truncated(path)
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="not valid JSON"):
        store.refresh()
    with pytest.raises(WorkspaceError, match="not valid JSON"):
        store.check_in(kr_id, 50)
    assert path.read_bytes() == before
    # What was read before stays readable on screen.
    assert [c.value for c in store.checkins(kr_id)] == [30]
    assert store.get(KeyResult, kr_id).target == 70


def test_the_cli_shows_a_bad_file_as_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "workspace.json"
    path.write_bytes(b'{"name": "left-pad", "version": "1.3.0"}')
    before = folder_state(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "okr_tui", "--db", str(path), "due"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "not an okr-tui workspace" in run.stderr
    assert "Traceback" not in run.stderr
    assert folder_state(tmp_path) == before


def test_the_file_stays_a_tinydb_file(tmp_path: Path) -> None:
    path = tmp_path / "workspace.json"
    kr_id = good_workspace(path)
    db = TinyDB(path, access_mode="r")
    try:
        checkins = db.table("checkins").all()
        assert [doc["kr_id"] for doc in checkins] == [kr_id]
        assert [doc.doc_id for doc in checkins] == [1]
        assert db.table("_meta").get(doc_id=1)["schema_version"] == 1  # type: ignore[index]
    finally:
        db.close()


def test_appending_writes_give_the_same_file_as_a_full_dump(tmp_path: Path) -> None:
    """A write re-serialises only appended documents; the file must not tell the difference."""
    path = tmp_path / "workspace.json"
    store = Store(path, "ann", clock=fixed_clock)
    kr = seed_kr(store)
    checkins = [store.check_in(kr.id, n, note=f"week {n} 周") for n in range(5)]

    def same_as_memory() -> None:
        raw = path.read_bytes()
        assert raw == orjson.dumps(orjson.loads(raw))
        assert Store(path, "check").export_data() == store.export_data()

    same_as_memory()
    store.update(CheckIn, checkins[1].id, value=99)  # a change in the middle of the table
    same_as_memory()
    store.remove(CheckIn, checkins[0].id)
    store.check_in(kr.id, 7)
    same_as_memory()
    with store.transaction():
        store.check_in(kr.id, 8)
        store.update(KeyResult, kr.id, target=90)
        store.check_in(kr.id, 9)
    same_as_memory()
    store.set_org("TeeBee")
    same_as_memory()
    other = Store(path, "bob", clock=fixed_clock)
    other.check_in(kr.id, 10)
    store.check_in(kr.id, 11)  # after re-reading bob's file
    same_as_memory()
    assert len(Store(path, "x").checkins(kr.id)) == 9


def test_saving_keeps_the_workspace_readable_by_colleagues(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    store = Store(path, "ann")
    assert path.stat().st_mode & 0o044, "a new workspace follows the umask, not 0600"
    path.chmod(0o664)
    store.add(Unit(name="TeeBee", kind="company"))
    assert path.stat().st_mode & 0o777 == 0o664
