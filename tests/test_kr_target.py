"""A key result needs a target unless it is a milestone: the forms say so and save nothing.

Workspaces holding key results without a target still open: only the input paths
are strict, not the stored model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from okr_tui import workshop as ws
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store
from screens.change_dialog import ChangeDialog
from screens.review import ReviewScreen
from tests.conftest import fixed_clock
from tests.test_review_ui import go_to
from tests.test_review_ui import make_app as review_app
from tests.test_snapshots_workshop import app_at, settle
from tests.test_weekly_core import build_team


@pytest.fixture
def objective(store: Store) -> Objective:
    unit = store.add(Unit(name="Team", kind="business"))
    return store.add(Objective(unit_id=unit.id, period_id="2026-Q4", title="Prove value"))


def test_the_form_refuses_a_key_result_without_a_target(store: Store, objective: Objective) -> None:
    fields = {"title": "Renewal rate", "baseline": "40%"}
    _, errors = ws.read_key_result(fields)
    assert errors == {"target": ws.TARGET_NEEDED}
    with pytest.raises(ws.FormError, match="needs a target"):
        ws.save_key_result(store, objective.id, fields)
    assert store.key_results(objective.id) == []
    # The coach still reads a half-filled form, and calls it not measurable yet.
    tips = ws.kr_tips(objective, {"title": "Make it a success"})
    assert any(t.severity == "error" for t in tips)


def test_done_as_the_target_makes_a_milestone(store: Store, objective: Objective) -> None:
    kr = ws.save_key_result(
        store, objective.id, {"title": "The shop opens", "target": "Done", "due": "2026-12-01"}
    )
    assert (kr.milestone, kr.baseline, kr.target, kr.direction) == (True, 0, 1, "up")
    form = ws.kr_form(kr)
    assert (form["baseline"], form["target"]) == ("", "done")
    again = ws.save_key_result(store, objective.id, {**form, "title": "The shop opens!"}, kr.id)
    assert again.milestone and again.title == "The shop opens!"
    # A number as the target turns it into a measured key result.
    measured = ws.save_key_result(store, objective.id, {**form, "target": "3"}, kr.id)
    assert (measured.milestone, measured.target) == (False, 3)
    _, errors = ws.read_key_result({"title": "x", "baseline": "40%", "target": "done"})
    assert "leave the baseline empty" in errors["baseline"]
    _, errors = ws.read_key_result({"title": "x", "target": "done", "direction": "down"})
    assert "from not done to done" in errors["direction"]


def test_a_stored_key_result_without_a_target_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    store = Store(path, "ann", clock=fixed_clock)
    unit = store.add(Unit(name="Team", kind="business"))
    objective = store.add(Objective(unit_id=unit.id, period_id="2026-Q4", title="Grow"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Make it a success"))
    store.check_in(kr.id, 5)
    store.close()
    reopened = Store(path, "ann", create=False)
    assert reopened.get(KeyResult, kr.id).target is None
    assert ws.kr_form(reopened.get(KeyResult, kr.id))["target"] == ""


async def test_the_workshop_form_says_a_target_is_needed(workspace: Path) -> None:
    app = app_at(workspace, "key_results")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Repeat orders", "tab", *"40%", "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#kr-target-error", Static).render())
        assert error == ws.TARGET_NEEDED
        assert app.focused is app.screen.query_one("#kr-target", Input)
        await pilot.press(*"done", "enter")
        await pilot.pause()
        assert "leave the baseline empty" in str(
            app.screen.query_one("#kr-baseline-error", Static).render()
        )
        assert app.focused is app.screen.query_one("#kr-baseline", Input)
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
    krs = [k for k in Store(workspace, "x").all(KeyResult) if k.title == "Repeat orders"]
    assert [(k.milestone, k.target) for k in krs] == [(True, 1)]


async def test_the_change_dialog_says_a_target_is_needed(tmp_path: Path) -> None:
    store = build_team(tmp_path / "team.json")
    store.close()
    app = review_app(store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await go_to(app, pilot, "kr:kr-rate")
        await pilot.press("g", "ctrl+u", "enter", "enter", *"why not", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChangeDialog)
        error = app.screen.query_one("#change-target-error", Static)
        assert str(error.render()) == "a key result needs a target, like 70% or 250,000"
        assert app.focused is app.screen.query_one("#change-target", Input)
        await pilot.press(*"1.5.5", "enter", "enter", "enter")
        await pilot.pause()
        assert str(error.render()) == "'1.5.5' is not one number"
        await pilot.press("ctrl+u", *"24%", "enter", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    assert Store(store.path, "x").get(KeyResult, "kr-rate").target == 24
