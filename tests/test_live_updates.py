"""Live updates: two app instances on one file see each other; 4 processes lose nothing."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from okr_tui import app as app_module
from okr_tui.app import OkrApp
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.presence import file_for
from okr_tui.store import Store
from screens.base import OkrScreen
from tests.conftest import TODAY, fixed_clock

PAUSES = 25
"""A change must show within 2 s: the app polls every second; 25 pauses of 0.1 s bound it."""


class ProbeScreen(OkrScreen):
    """A minimal screen: a field being typed in, and the objectives as the store has them."""

    def compose(self) -> ComposeResult:
        yield Input(id="draft", placeholder="type here")
        yield Static(id="titles")

    def on_mount(self) -> None:
        self.on_workspace_changed()
        self.query_one("#draft", Input).focus()

    def on_workspace_changed(self) -> None:
        titles = sorted(o.title for o in self.store.objectives())
        self.query_one("#titles", Static).update(Text("\n".join(titles)))


def shown(app: OkrApp) -> str:
    return str(app.screen.query_one("#titles", Static).render())


@pytest.fixture
def seeded(workspace: Path) -> tuple[str, str]:
    store = Store(workspace, "ann", clock=fixed_clock)
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4").id
    return unit.id, period


async def test_a_change_in_one_app_shows_in_the_other(
    workspace: Path, seeded: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unit_id, period = seeded
    monkeypatch.setitem(app_module.SCREENS_BY_NAME, "probe", (__name__, "ProbeScreen"))
    ann = OkrApp(Store(workspace, "ann"), today=TODAY, start_screen="probe")
    bob = OkrApp(Store(workspace, "bob"), today=TODAY, start_screen="probe")
    async with ann.run_test(size=(100, 30)) as ann_pilot, bob.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"half-typed")
        saved = await ann.write(
            ann.store.add, Objective(unit_id=unit_id, period_id=period, title="Prove our tea")
        )
        assert saved is not None
        for _ in range(PAUSES):
            if "Prove our tea" in shown(bob):
                break
            await pilot.pause(0.1)
        assert "Prove our tea" in shown(bob)
        # What bob was typing is untouched by the refresh.
        draft = bob.screen.query_one("#draft", Input)
        assert draft.value == "half-typed" and draft.has_focus
        # And back the other way: bob's change reaches ann.
        await bob.write(bob.store.update, Objective, saved.id, title="Prove our tea's value")
        for _ in range(PAUSES):
            if "Prove our tea's value" in shown(ann):
                break
            await ann_pilot.pause(0.1)
        assert "Prove our tea's value" in shown(ann)


async def test_header_names_who_else_is_here_and_conflicts_are_told(
    workspace: Path, seeded: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unit_id, period = seeded
    monkeypatch.setitem(app_module.SCREENS_BY_NAME, "probe", (__name__, "ProbeScreen"))
    ann = OkrApp(Store(workspace, "ann"), today=TODAY, start_screen="probe")
    bob = OkrApp(Store(workspace, "bob"), today=TODAY, start_screen="probe")
    told: list[str] = []
    monkeypatch.setattr(ann, "notify", lambda message, **_: told.append(message))
    async with ann.run_test(size=(100, 30)) as pilot:
        objective = await ann.write(
            ann.store.add, Objective(unit_id=unit_id, period_id=period, title="Prove our tea")
        )
        assert objective is not None
        kr = await ann.write(
            ann.store.add, KeyResult(objective_id=objective.id, title="Renewal", target=60)
        )
        assert kr is not None
        async with bob.run_test(size=(100, 30)):
            for _ in range(PAUSES + 10):
                if "also here: bob" in ann.sub_title:
                    break
                await pilot.pause(0.1)
            assert ann.sub_title.endswith("· ann · also here: bob")
            await ann.write(ann.store.update, KeyResult, kr.id, target=70)
            # Bob saves the same field a moment later: his value wins, ann is told.
            await bob.write(bob.store.update, KeyResult, kr.id, target=80)
            for _ in range(PAUSES):
                if told:
                    break
                await pilot.pause(0.1)
            assert len(told) == 1
            assert told[0].startswith("bob changed target from 70 to 80 at ")
        assert not file_for(workspace, "bob").exists()  # bob left: his heartbeat is gone
        for _ in range(PAUSES + 10):
            if "also here" not in ann.sub_title:
                break
            await pilot.pause(0.1)
        assert "also here" not in ann.sub_title
    assert not file_for(workspace, "ann").exists()


ROUNDS = 6


def _edit(path: str, worker: int, shared_id: str, unit_id: str, period: str) -> None:
    store = Store(path, f"w{worker}", lock_timeout=60)
    for round_ in range(ROUNDS):
        objective = store.add(
            Objective(unit_id=unit_id, period_id=period, title=f"w{worker} objective {round_}")
        )
        kr = store.add(KeyResult(objective_id=objective.id, title=f"w{worker} kr {round_}"))
        store.update(KeyResult, kr.id, target=float(round_ + 1), measure="%")
        store.update(Objective, objective.id, description=f"by w{worker}")
        with store.transaction():
            # A read-modify-write of one shared record: only safe inside one transaction.
            shared = store.get(Objective, shared_id)
            store.update(Objective, shared_id, votes=shared.votes + 1)


@pytest.mark.slow
def test_four_processes_editing_at_once_lose_nothing(
    workspace: Path, seeded: tuple[str, str]
) -> None:
    unit_id, period = seeded
    store = Store(workspace, "ann")
    shared = store.add(Objective(unit_id=unit_id, period_id=period, title="Shared"))
    spawn = multiprocessing.get_context("spawn")
    workers = [
        spawn.Process(target=_edit, args=(str(workspace), w, shared.id, unit_id, period))
        for w in range(4)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [p.exitcode for p in workers] == [0, 0, 0, 0]

    after = Store(workspace, "carl")
    objectives = {o.title: o for o in after.all(Objective)}
    assert len(objectives) == 4 * ROUNDS + 1
    assert after.get(Objective, shared.id).votes == 4 * ROUNDS
    for worker in range(4):
        for round_ in range(ROUNDS):
            objective = objectives[f"w{worker} objective {round_}"]
            assert objective.description == f"by w{worker}"
            (kr,) = after.key_results(objective.id)
            assert (kr.title, kr.target, kr.measure) == (f"w{worker} kr {round_}", round_ + 1, "%")
    # Every change left its event: 5 per round per worker, plus the setup's.
    events = [e for e in after.events() if e.who.startswith("w")]
    assert len(events) == 4 * ROUNDS * 5
