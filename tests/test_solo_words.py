"""A person planning their own OKRs is spoken to as one; their private objectives are marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TextArea

from okr_tui.app import OkrApp
from okr_tui.models import Objective, Unit, Workshop
from okr_tui.scoring import unit_scoring
from okr_tui.store import Store
from okr_tui.workshop import STEPS, charter_tips
from okr_tui.workshop.steps import SOLO_PROMPTS, charter_title, is_solo, step_of
from screens.workshop import WorkshopScreen
from tests.conftest import TODAY, fixed_clock

ROOM_WORDS = ("team", "room", "everyone")


def test_every_solo_prompt_speaks_to_one_person() -> None:
    for step in STEPS:
        solo = step_of(step.key, solo=True).prompt
        assert not any(word in solo.lower() for word in ROOM_WORDS), solo
        assert step_of(step.key).prompt == step.prompt  # the room's words stay
    assert step_of("mission").prompt.startswith("Why does the team exist?")
    assert step_of("mission", solo=True).prompt == SOLO_PROMPTS["mission"]
    assert charter_title("mission", solo=True) == "Your mission"
    assert charter_title("mission") == "The team's mission"
    (tip,) = charter_tips("vision", "")
    assert "team" not in tip.message


LENA = Unit(id="un-lena", name="Lena Marsh", kind="person", person_login="lena")


def solo_workspace(path: Path, unit: Unit = LENA) -> Store:
    store = Store(path, "lena", clock=fixed_clock)
    store.ensure_period("2026-Q4")
    store.add(unit)
    store.add(
        Objective(
            id="ob-run", unit_id="un-lena", period_id="2026-Q4", title="Run 1000 km", owner="lena"
        )
    )
    store.add(
        Objective(
            id="ob-money",
            unit_id="un-lena",
            period_id="2026-Q4",
            title="Put our finances in order",
            owner="lena",
            visibility="private",
        )
    )
    return store


def test_a_persons_workshop_and_scoring_are_solo(tmp_path: Path) -> None:
    store = solo_workspace(tmp_path / "w.json")
    workshop = store.add(Workshop(unit_id="un-lena", period_id="2026-Q4", facilitator="lena"))
    assert is_solo(store, workshop) and not is_solo(store, None)
    summary = unit_scoring(store, "un-lena", "2026-Q4", "lena")
    assert summary.comment_prompt == "What you want to remember about this key result."


async def test_the_workshop_asks_a_person_in_their_own_words(tmp_path: Path) -> None:
    store = solo_workspace(tmp_path / "w.json")
    app = OkrApp(
        store,
        today=TODAY,
        watch_file=False,
        start_screen="workshop",
        start_kwargs={"unit_id": "un-lena"},
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        prompt = str(screen.query_one("#ws-prompt", Static).render())
        assert prompt.startswith(SOLO_PROMPTS["mission"])
        area = screen.query_one("#charter-mission", TextArea)
        assert area.border_title == "Your mission"


@pytest.mark.parametrize(
    ("unit", "viewer", "marked"),
    [
        (LENA, "lena", True),
        (Unit(id="un-lena", name="Tea team", kind="company"), "lena", True),
    ],
    ids=["a person's own", "a team's"],
)
async def test_home_marks_private_objectives_for_their_owner(
    tmp_path: Path, unit: Unit, viewer: str, marked: bool
) -> None:
    store = solo_workspace(tmp_path / "w.json", unit)
    app = OkrApp(Store(store.path, viewer, clock=fixed_clock), today=TODAY, watch_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#objectives", DataTable)
        titles = {
            table.coordinate_to_cell_key((r, 0)).row_key.value: str(table.get_row_at(r)[0])
            for r in range(table.row_count)
        }
        assert titles["ob-money"].endswith(" private") is marked
        assert not titles["ob-run"].endswith("private")
