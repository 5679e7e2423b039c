"""`okr` draws home first and opens the workspace after: imports, the opening state, errors."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, Tree

from okr_tui import cli, preload
from okr_tui.app import STILL_OPENING, OkrApp
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store, WorkspaceError
from tests.conftest import TODAY

CORE = ("pydantic", "okr_tui.store", "okr_tui.models", "okr_tui.rules", "tinydb")


def test_the_app_and_home_import_no_store_models_or_pydantic() -> None:
    code = (
        "import sys\n"
        "import okr_tui.cli, okr_tui.app, screens.home\n"
        f"print(sorted(m for m in {CORE!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_default_workspace_is_found_without_the_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from okr_tui import places

    assert cli.default_workspace is places.default_workspace
    monkeypatch.setenv("OKR_DB", str(tmp_path / "team.json"))
    assert cli.default_workspace() == tmp_path / "team.json"
    monkeypatch.delenv("OKR_DB")
    assert cli.default_workspace().name == "workspace.json"


def build(store: Store) -> Store:
    with store.transaction():
        company = store.add(Unit(id="un-co", name="TeeBee", kind="company"))
        store.ensure_period("2026-Q4")
        objective = store.add(
            Objective(
                id="ob-tea",
                unit_id=company.id,
                period_id="2026-Q4",
                title="Prove the value of our tea",
                owner="ann",
            )
        )
        store.add(
            KeyResult(id="kr-renew", objective_id=objective.id, title="Renewal 70%", target=70)
        )
    return store


class Gate:
    """Opens the store only when the test says so, like a large file being read."""

    def __init__(self, path: Path, user: str = "ann") -> None:
        self.path = path
        self.user = user
        self.go = threading.Event()
        self.calls = 0

    def __call__(self) -> Store:
        self.calls += 1
        assert self.go.wait(10), "the test never let the store open"
        return cli.open_workspace(self.path, self.user)


def deferred_app(gate: Gate, **kwargs: Any) -> OkrApp:
    return OkrApp(
        open_store=gate, workspace_path=gate.path, today=TODAY, watch_file=False, **kwargs
    )


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


def shown(app: OkrApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def units(app: OkrApp) -> list[str]:
    tree = app.screen.query_one("#units", Tree)
    return [str(node.label) for node in tree.root.children]


async def test_home_draws_opening_then_fills_in_when_the_store_is_open(
    store: Store, workspace: Path
) -> None:
    build(store)
    gate = Gate(workspace)
    app = deferred_app(gate)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert not app.ready and not hasattr(app, "store")
        assert shown(app, "#unit-title") == "Opening workspace.json..."
        assert app.sub_title == "Opening workspace.json..."
        assert units(app) == []
        assert not app.screen.query_one("#objectives", DataTable).display
        gc.unfreeze()
        gate.go.set()
        await until(pilot, lambda: app.ready)
        await pilot.pause()
        # The records just read are kept out of the cycle collector's full passes.
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        assert units(app) == ["TeeBee (1)"]
        table = app.screen.query_one("#objectives", DataTable)
        assert table.display and list(table.rows) == ["ob-tea", "kr-renew"]
        assert "TeeBee" in shown(app, "#unit-title")
        assert app.sub_title.startswith("Test org (workspace.json) · 2026-Q4 · ann")
        assert gate.calls == 1


async def test_keys_before_the_store_is_open_say_so_and_lose_nothing(
    store: Store, workspace: Path
) -> None:
    build(store)
    gate = Gate(workspace)
    app = deferred_app(gate)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "r", "left_square_bracket", "ctrl+p", "w", "a", "s")
        assert type(app.screen).__name__ == "HomeScreen"
        notes = [n.message for n in app._notifications]
        assert notes and set(notes) == {STILL_OPENING}
        # Help needs no workspace: it opens, and escape comes back.
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        gate.go.set()
        await until(pilot, lambda: app.ready)
        await pilot.press("c")
        assert type(app.screen).__name__ == "CheckInScreen"
        assert app.period_id == "2026-Q4"


async def test_quit_works_while_the_workspace_is_still_opening(workspace: Path) -> None:
    gate = Gate(workspace)
    app = deferred_app(gate)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await until(pilot, lambda: app._exit)
    gate.go.set()
    assert not app.ready and app.open_error is None


async def test_a_first_screen_other_than_home_opens_once_the_store_is(
    store: Store, workspace: Path
) -> None:
    build(store)
    gate = Gate(workspace)
    app = deferred_app(gate, start_screen="review", start_kwargs={"unit_id": "un-co"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        gate.go.set()
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewScreen")
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen" and units(app) == ["TeeBee (1)"]


async def test_other_screens_are_imported_in_the_background_once_open(
    store: Store, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import okr_tui.app as app_module

    build(store)
    modules = ("screens.help", "screens.no_such_one", "screens.changes")
    monkeypatch.setattr(app_module, "PRELOAD_MODULES", modules)
    monkeypatch.delitem(sys.modules, "screens.help", raising=False)
    monkeypatch.setitem(app_module.SCREENS_BY_NAME, "changes", ("screens.changes", "ChangesScreen"))
    gate = Gate(workspace)
    app = deferred_app(gate)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.preloaded and "screens.help" not in sys.modules
        tcss = Path(sys.modules["screens"].__file__ or "").with_name("changes.tcss").resolve()
        assert not app.stylesheet.has_source(str(tcss), "")
        gate.go.set()
        await until(pilot, lambda: app.preloaded)
        # A module that fails to import is skipped; opening its screen would say so.
        assert "screens.help" in sys.modules
        # The screens' stylesheets are read too, under the name Textual looks them up by.
        from screens.changes import ChangesScreen

        assert preload.css_paths(ChangesScreen) == [tcss] == ChangesScreen().css_path
        assert app.stylesheet.has_source(str(tcss), "")


# -- a workspace that cannot be opened ------------------------------------------------------


def broken_json(path: Path) -> None:
    path.write_text('{"_meta": {"1": ')


def newer_schema(path: Path) -> None:
    path.write_bytes(orjson.dumps({"_meta": {"1": {"schema_version": 99, "org": "x"}}}))


def foreign_json(path: Path) -> None:
    path.write_bytes(orjson.dumps({"people": [1, 2, 3]}))


def unreadable(path: Path) -> None:
    path.write_text("{}")
    path.chmod(0)


BAD_FILES = [broken_json, newer_schema, foreign_json, unreadable]


def cli_message(path: Path) -> str:
    """What `okr` said about this file before the app opened it after its first frame."""
    with pytest.raises(WorkspaceError) as caught:
        cli.open_workspace(path, "ann")
    return f"okr: {caught.value}\n"


def headless(monkeypatch: pytest.MonkeyPatch, pilot_script: Any = None) -> list[OkrApp]:
    """Make `okr`'s app run headless in the test; returns the apps it ran."""
    ran: list[OkrApp] = []
    real_run = OkrApp.run

    def run(self: OkrApp, **kwargs: Any) -> Any:
        ran.append(self)
        return real_run(self, headless=True, size=(100, 30), auto_pilot=pilot_script)

    monkeypatch.setattr(OkrApp, "run", run)
    return ran


@pytest.mark.parametrize("spoil", BAD_FILES, ids=lambda f: f.__name__)
def test_a_workspace_that_cannot_be_opened_ends_okr_with_one_line(
    spoil: Callable[[Path], None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "team.json"
    spoil(path)
    if spoil is unreadable and os.access(path, os.R_OK):
        pytest.skip("this user reads any file")
    before = path.read_bytes() if os.access(path, os.R_OK) else b""
    expected = cli_message(path)
    ran = headless(monkeypatch)
    assert cli.main(["--db", str(path), "--as", "ann"]) == 2
    out, err = capsys.readouterr()
    assert err == expected and err.count("\n") == 1 and "Traceback" not in err + out
    assert len(ran) == 1 and isinstance(ran[0].open_error, WorkspaceError)
    assert ran[0].return_code == 2
    if before:
        assert path.read_bytes() == before


def test_okr_opens_a_new_workspace_after_the_first_frame_and_adds_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.json"
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any]) -> None:
        app: OkrApp = pilot.app  # type: ignore[assignment]
        seen["first"] = shown(app, "#unit-title")
        await until(pilot, lambda: app.ready)
        await pilot.pause()
        seen["ready"] = shown(app, "#unit-title")
        app.exit()

    ran = headless(monkeypatch, script)
    assert cli.main(["--db", str(path), "--as", "newbie"]) == 0
    assert ran[0].open_error is None
    assert seen["first"] in ("Opening new.json...", "Welcome to okr-tui")
    assert seen["ready"] == "Welcome to okr-tui"
    on_disk = Store(path, "someone", create=False)
    assert on_disk.person("newbie") is not None
    assert capsys.readouterr().err == ""


def test_an_app_needs_a_store_or_a_way_to_open_one(store: Store) -> None:
    with pytest.raises(TypeError):
        OkrApp()
    with pytest.raises(TypeError):
        OkrApp(store, open_store=partial(Store, store.path, "ann"))


def test_the_opening_home_at_80x24(snap_compare: Any, workspace: Path) -> None:
    # The layout and footer at once, a calm notice where the objectives will be.
    gate = Gate(workspace)
    try:
        assert snap_compare(deferred_app(gate), terminal_size=(80, 24))
    finally:
        gate.go.set()
