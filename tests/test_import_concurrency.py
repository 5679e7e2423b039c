"""A colleague's save while an import reads its file succeeds, and both writes are kept.

The import's reading phase is hooked where it first asks the store for the
workspace's units: the colleague saves from another Store in another thread
and the hook waits for that save to finish (or fail) before the import goes
on. While a file is read the lock is free, so the save succeeds at once; an
import that read under the lock would make it time out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okr_tui.csv_exchange import COLUMNS, import_csv
from okr_tui.json_import import import_json
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import LockTimeout, Store
from tests.conftest import fixed_clock

CSV = ",".join(COLUMNS) + "\n" + "2026-Q4,New team,support,Company,Ship it,,,,,Launch,,,1,,,,,,\n"


def colleague_saves_once(store: Store, method: str, save: Callable[[Store], Any]) -> list[str]:
    """Make `store.<method>` run `save` from a colleague's session the first time it is called."""
    outcome: list[str] = []
    real = getattr(store, method)

    def colleague() -> None:
        other = Store(store.path, "bob", lock_timeout=0.5, clock=fixed_clock)
        try:
            save(other)
            outcome.append("saved")
        except LockTimeout as exc:
            outcome.append(str(exc))
        finally:
            other.close()

    def hooked(*args: Any, **kwargs: Any) -> Any:
        if not outcome:
            thread = threading.Thread(target=colleague)
            thread.start()
            thread.join()
        return real(*args, **kwargs)

    setattr(store, method, hooked)
    return outcome


def company(workspace: Path) -> Store:
    store = Store(workspace, "ann", org="Acme", clock=fixed_clock)
    store.add(Unit(name="Company", kind="company"))
    store.ensure_period("2026-Q4")
    return store


def test_a_colleague_saves_while_a_csv_import_reads(workspace: Path) -> None:
    importer = company(workspace)
    outcome = colleague_saves_once(
        importer, "units", lambda other: other.add(Unit(name="Bob's team", kind="business"))
    )
    report = import_csv(importer, CSV)
    assert outcome == ["saved"]
    assert "unit New team (support, under Company)" in report.created
    names = {u.name for u in Store(workspace, "x").units()}
    assert names == {"Company", "Bob's team", "New team"}


def test_an_import_plans_again_when_a_colleague_adds_what_it_would_add(workspace: Path) -> None:
    importer = company(workspace)
    (top,) = importer.units()

    def same_unit(other: Store) -> None:
        other.add(Unit(name="New team", kind="support", parent_id=top.id))

    outcome = colleague_saves_once(importer, "units", same_unit)
    report = import_csv(importer, CSV)
    assert outcome == ["saved"]
    fresh = Store(workspace, "x")
    assert [u.name for u in fresh.units()].count("New team") == 1
    assert not any(line.startswith("unit New team") for line in report.created)
    (objective,) = fresh.all(Objective)
    assert fresh.get(Unit, objective.unit_id).name == "New team"
    assert [k.title for k in fresh.all(KeyResult)] == ["Launch"]


def test_a_colleague_saves_while_a_json_import_is_checked(workspace: Path) -> None:
    importer = company(workspace)
    outcome = colleague_saves_once(
        importer, "find", lambda other: other.add(Unit(name="Bob's team", kind="business"))
    )
    unit = {"id": "un-json", "name": "From a file", "kind": "support"}
    import_json(importer, {"schema_version": 1, "units": [unit]})
    assert outcome == ["saved"]
    names = {u.name for u in Store(workspace, "x").units()}
    assert names == {"Company", "Bob's team", "From a file"}
