"""Start-up stays lean: opening a workspace to read it takes no lock and skips costly imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from okr_tui.cli import build_parser, names_a_command
from okr_tui.models import Person
from okr_tui.storage import file_signature
from okr_tui.store import Store, WorkspaceError, lock_path
from tests.conftest import fixed_clock

OPEN_AND_LIST_MODULES = """
import sys
from okr_tui.store import Store
store = Store(sys.argv[1], "ann", create=False)
store.ensure_person("ann")
print(store.all(__import__("okr_tui.models").models.Person)[0].login)
for name in ("filelock",):
    print(name, name in sys.modules)
"""


def test_opening_a_workspace_does_not_import_the_file_lock(
    workspace: Path,
) -> None:
    Store(workspace, "ann", clock=fixed_clock).ensure_person("ann")
    run = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST_MODULES, str(workspace)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.split("\n")[:2] == ["ann", "filelock False"]


def test_the_first_write_still_takes_the_lock(workspace: Path) -> None:
    Store(workspace, "ann", clock=fixed_clock)
    store = Store(workspace, "ann", clock=fixed_clock)
    store.ensure_person("bob")
    assert lock_path(workspace).exists()
    assert Store(workspace, "x").person("bob") is not None


def test_a_known_person_is_not_written_again(workspace: Path) -> None:
    first = Store(workspace, "ann", clock=fixed_clock)
    ann = first.ensure_person("ann", "Ann")
    before = file_signature(workspace)
    again = Store(workspace, "ann", clock=fixed_clock)
    assert again.ensure_person("ann") == ann
    assert file_signature(workspace) == before
    assert len(again.all(Person)) == 1


def test_a_person_added_elsewhere_meanwhile_is_seen_not_added_twice(workspace: Path) -> None:
    ann = Store(workspace, "ann", clock=fixed_clock)
    bob = Store(workspace, "bob", clock=fixed_clock)
    bob.ensure_person("dana")
    ann.ensure_person("dana")
    assert [p.login for p in Store(workspace, "x").all(Person)] == ["dana"]


def test_plain_okr_needs_no_command_modules_but_help_lists_them_all() -> None:
    assert not names_a_command([])
    assert not names_a_command(["--db", "x.json", "--as", "ann"])
    assert not names_a_command(["--db=x.json", "--as=ann"])
    assert names_a_command(["--help"])
    assert names_a_command(["--db", "x.json", "list"])
    assert names_a_command(["--bogus"])
    full = build_parser(["--help"]).format_help()
    for command in ("demo", "init", "list", "checkin", "export", "import", "report", "serve"):
        assert f"    {command} " in full
    app_only = build_parser(["--as", "ann"])
    args = app_only.parse_args(["--as", "ann"])
    assert args.handler is None and args.user == "ann"


def _two_people(workspace: Path) -> Store:
    store = Store(workspace, "ann", clock=fixed_clock)
    store.add(Person(id="pe-0001", login="bob", name="Bob"))
    store.add(Person(id="pe-0002", login="cy", name="Cy"))
    return Store(workspace, "ann", clock=fixed_clock)


def test_records_read_from_the_file_share_one_set_of_given_fields(workspace: Path) -> None:
    bob, cy = _two_people(workspace).all(Person)
    assert bob.__pydantic_fields_set__ is cy.__pydantic_fields_set__
    before = set(cy.__pydantic_fields_set__)
    changed = bob.model_copy(update={"name": "Robert"})
    assert changed.name == "Robert" and bob.name == "Bob"
    assert changed.__pydantic_fields_set__ is not cy.__pydantic_fields_set__
    assert cy.__pydantic_fields_set__ == before
    assert cy.model_dump(exclude_unset=True) == {
        "id": "pe-0002",
        "login": "cy",
        "name": "Cy",
        "unit_ids": [],
        "archived": False,
    }


def test_opening_leaves_the_cycle_collector_as_it_found_it(workspace: Path) -> None:
    import gc

    _two_people(workspace)
    assert gc.isenabled()
    workspace.write_text("{not json")
    with pytest.raises(WorkspaceError):
        Store(workspace, "ann", clock=fixed_clock)
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(WorkspaceError):
            Store(workspace, "ann", clock=fixed_clock)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_event_snapshot_must_still_be_a_document(workspace: Path) -> None:
    store = _two_people(workspace)
    created = [e for e in store.events() if e.record_id == "pe-0001"]
    assert created[0].after is not None and created[0].after["login"] == "bob"
    data = orjson.loads(workspace.read_bytes())
    first = next(iter(data["events"]))
    data["events"][first]["after"] = ["not", "a", "document"]
    workspace.write_bytes(orjson.dumps(data))
    with pytest.raises(WorkspaceError, match="after: Input should be a valid dictionary"):
        Store(workspace, "ann", clock=fixed_clock)
