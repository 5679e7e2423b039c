"""One store action done as another account, for the shared-box tests (run as root).

Usage: python helpers_shared_user.py UID GID GROUPS WORKSPACE ACTION [ARG]
GROUPS is a comma-separated list of supplementary groups; ACTION is one of
`seed` (create the workspace with a key result: prints its id), `checkin KR_ID`
(prints the check-in's id), `beat` (writes a presence heartbeat) and `open` (as the
app opens it: prints the login it opened as).
(OKR_TEST_STORE_SETTINGS in the environment: JSON of okr_tui.store thresholds to set)

Everything the action needs is imported first, still as root, by doing the same
action on a scratch copy: the interpreter's own library may lie where the other
account cannot read. Then the process becomes UID (umask 022) and does ACTION on
WORKSPACE. A WorkspaceError prints "refused: <message>" and exits 3.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from okr_tui import presence
from okr_tui import store as store_module
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store, WorkspaceError


def act(workspace: Path, action: str, arg: str, user: str) -> str:
    store = Store(workspace, user)
    if action == "seed":
        unit = store.add(Unit(name="TeeBee", kind="company"))
        period = store.ensure_period("2026-Q4")
        objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Tea"))
        return store.add(KeyResult(objective_id=objective.id, title="Renewal", target=70)).id
    if action == "checkin":
        return store.check_in(arg, 42, confidence=6, note=f"{user} was here").id
    if action == "beat":
        return str(presence.beat(workspace, user))
    if action == "open":  # as the app opens a workspace
        return store.ensure_person(user).login
    raise SystemExit(f"unknown action {action!r}")


def warm_up(workspace: Path, action: str, arg: str) -> None:
    scratch = Path(tempfile.mkdtemp())
    try:
        copy = scratch / workspace.name
        for source in (workspace, workspace.with_name(f"{workspace.name}.journal")):
            if source.exists():
                shutil.copy(source, scratch / source.name)
        try:
            act(copy, action, arg, "warm-up")
            act(copy, action, arg, "warm-up")  # the second write of a day takes other paths
        except WorkspaceError:
            pass
    finally:
        shutil.rmtree(scratch)


def main(argv: list[str]) -> int:
    uid, gid, groups, workspace, action = argv[:5]
    arg = argv[5] if len(argv) > 5 else ""
    for name, value in json.loads(os.environ.get("OKR_TEST_STORE_SETTINGS", "{}")).items():
        setattr(store_module, name, value)
    warm_up(Path(workspace), action, arg)
    os.setgroups([int(g) for g in groups.split(",") if g])
    os.setgid(int(gid))
    os.setuid(int(uid))
    os.umask(0o022)
    try:
        print(act(Path(workspace), action, arg, f"user{uid}"))
    except WorkspaceError as exc:
        print(f"refused: {exc}")
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
