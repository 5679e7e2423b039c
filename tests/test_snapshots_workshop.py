"""Snapshots of each workshop step at 100x30 and of presenter mode (fixed clock, fixed ids)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TextArea

from okr_tui.app import OkrApp
from okr_tui.models import Charter, KeyResult, Objective, Unit, Workshop
from okr_tui.store import Store
from screens.workshop import WorkshopScreen
from tests.conftest import TODAY, fixed_clock

PERIOD = "2026-Q4"
STEPS = ["mission", "vision", "strategy", "objectives", "key_results", "alignment", "review"]


def teebee(workspace: Path, step: str) -> Store:
    """The TeeBee workshop half-way: charter, candidates with votes, KRs, an idea parked."""
    store = Store(workspace, "hanna", org="TeeBee", clock=fixed_clock)
    with store.transaction():
        store.ensure_person("hanna")
        store.ensure_period(PERIOD)
        store.add(Unit(id="un-teeb", name="TeeBee", kind="company"))
        store.add(
            Charter(
                id="ch-teeb",
                unit_id="un-teeb",
                mission="Let tea lovers mix tea well.",
                vision="Good tea can be enjoyed in high-end restaurants or cafes in most areas.",
                strategy="Sell high-quality bulk tea to high-end restaurants or coffee shops.",
            )
        )
        objectives = [
            ("ob-0001", "Prove the value of our tea to restaurant suppliers", 4, "draft"),
            ("ob-0002", "Optimise the online order management system", 3, "draft"),
            ("ob-0003", "[bold]Open[/] a 茶 shop", 0, "parked"),
        ]
        for order, (oid, title, votes, status) in enumerate(objectives):
            store.add(
                Objective(
                    id=oid,
                    unit_id="un-teeb",
                    period_id=PERIOD,
                    title=title,
                    votes=votes,
                    status=status,
                    order=order,
                    owner="hanna" if order == 0 else "",
                    kind="committed" if order == 1 else "aspirational",
                )
            )
        krs = [
            ("kr-0001", "ob-0001", "The renewal rate of customers reaches 70%", 40, 70, "%"),
            ("kr-0002", "ob-0001", "The transaction amount is 250,000 yuan", 0, 250_000, "¥"),
            ("kr-0003", "ob-0002", "System satisfaction reaches 8 points", 5, 8, "/10"),
        ]
        for order, (kid, oid, title, baseline, target, measure) in enumerate(krs):
            store.add(
                KeyResult(
                    id=kid,
                    objective_id=oid,
                    title=title,
                    baseline=baseline,
                    target=target,
                    measure=measure,
                    order=order,
                    due=date(2026, 12, 31) if kid == "kr-0003" else None,
                )
            )
        store.add(
            Workshop(
                id="ws-0001",
                unit_id="un-teeb",
                period_id=PERIOD,
                facilitator="hanna",
                participants=["hanna", "jack"],
                parking_lot=["A tea tasting day for chefs"],
                step=step,
                started=fixed_clock(),
            )
        )
    return store


def app_at(workspace: Path, step: str) -> OkrApp:
    return OkrApp(
        teebee(workspace, step),
        today=TODAY,
        watch_file=False,
        start_screen="workshop",
        start_kwargs={"clock": fixed_clock},
    )


async def settle(pilot: Any) -> None:
    """Wait until the workshop is loaded and the cursor is placed, then stop the cursor blinking."""
    for _ in range(200):
        screen = pilot.app.screen
        loaded = not isinstance(screen, WorkshopScreen) or screen.workshop is not None
        if loaded and pilot.app.focused is not None:
            break
        await pilot.pause(0.05)
    await pilot.pause()
    # A blinking cursor would make every picture a coin toss.
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    if isinstance(pilot.app.focused, TextArea):
        # Its cursor shows or not by the blink phase it stopped in: show the text without it.
        pilot.app.set_focus(None)
    await pilot.pause()


@pytest.mark.parametrize("step", STEPS)
def test_each_step(snap_compare: Any, workspace: Path, step: str) -> None:
    assert snap_compare(app_at(workspace, step), terminal_size=(100, 30), run_before=settle)


def test_presenter_mode(snap_compare: Any, workspace: Path) -> None:
    async def present(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("f5")
        await pilot.pause()

    assert snap_compare(
        app_at(workspace, "objectives"), terminal_size=(100, 30), run_before=present
    )


def test_key_result_form_with_an_unreadable_number(snap_compare: Any, workspace: Path) -> None:
    async def bad_number(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Repeat orders", "tab", "tab", *"lots", "enter")
        await pilot.pause()

    assert snap_compare(
        app_at(workspace, "key_results"), terminal_size=(100, 30), run_before=bad_number
    )
