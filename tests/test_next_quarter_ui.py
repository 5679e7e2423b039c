"""Planning next quarter on home: `]` past the last period offers to open it, then the workshop."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import OptionList

from okr_tui.app import OkrApp
from okr_tui.models import KeyResult, Objective, Unit, Workshop
from okr_tui.store import Store
from screens.home import HomeScreen
from screens.next_quarter import OpenPeriodConfirm
from screens.workshop import WorkshopScreen
from tests.conftest import fixed_clock, settle

DECEMBER = date(2026, 12, 1)
SIZE = (100, 30)


def december_store(workspace: Path) -> Store:
    store = Store(workspace, "hanna", org="TeeBee", clock=fixed_clock)
    with store.transaction():
        store.add(Unit(name="TeeBee", kind="company"))
        store.ensure_period("2026-Q4")
    return store


def make_app(store: Store) -> OkrApp:
    return OkrApp(store, today=DECEMBER, watch_file=False)


def shown(app: OkrApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_a_december_workshop_plans_next_quarter(workspace: Path) -> None:
    store = december_store(workspace)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.period_id == "2026-Q4"
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert isinstance(app.screen, OpenPeriodConfirm)
        question = shown(app, "#open-period-question")
        assert question == "Open 2027-Q1 (1 Jan – 31 Mar 2027)? It has no OKRs yet."
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.period_id == "2027-Q1"
        assert "2027-Q1" in shown(app, "#unit-title")
        await pilot.press("w")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        assert screen.period_id == "2027-Q1"
        await pilot.press(*"Tea for all", "enter", *"Every cafe", "enter", *"Sell bulk", "enter")
        await pilot.press(*"Win twenty cafes", "enter", "pagedown")
        await settle(app, pilot)
        assert screen.step_key == "key_results"
        await pilot.press("a", *"Cafes buying monthly", "tab", *"0", "tab", *"20", "enter")
        await settle(app, pilot)
        await pilot.press("pagedown", "pagedown")
        await settle(app, pilot)
        assert screen.step_key == "review"
        await pilot.press("c", "y")
        await settle(app, pilot)

    saved = Store(workspace, "someone")
    (objective,) = saved.all(Objective)
    assert (objective.title, objective.period_id, objective.status) == (
        "Win twenty cafes",
        "2027-Q1",
        "committed",
    )
    (kr,) = saved.all(KeyResult)
    assert kr.objective_id == objective.id
    (workshop,) = saved.all(Workshop)
    assert (workshop.period_id, workshop.status) == ("2027-Q1", "committed")
    assert [p.id for p in saved.periods()] == ["2026-Q4", "2027-Q1"]


async def test_saying_no_leaves_the_periods_as_they_are(workspace: Path) -> None:
    store = december_store(workspace)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert isinstance(app.screen, OpenPeriodConfirm)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.period_id == "2026-Q4"
    assert [p.id for p in Store(workspace, "someone").periods()] == ["2026-Q4"]


async def test_the_palette_opens_the_next_quarter(workspace: Path) -> None:
    store = december_store(workspace)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"next quarter")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        prompts = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert any("Open the next quarter" in p for p in prompts)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, OpenPeriodConfirm)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.period_id == "2027-Q1"
        # Once it is open, the same entry simply shows it.
        app.period_id = "2026-Q4"
        await pilot.press("ctrl+p", *"next quarter")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.period_id == "2027-Q1"
    assert [p.id for p in Store(workspace, "someone").periods()] == ["2026-Q4", "2027-Q1"]
