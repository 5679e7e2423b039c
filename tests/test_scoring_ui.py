"""The scoring screen and quarter summary, driven by keyboard through the real app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TextArea

from okr_tui import scoring
from okr_tui.app import OkrApp
from okr_tui.models import Objective, Reflection, Score, Unit
from okr_tui.store import Store
from screens.score_summary import CarryForwardDialog, ScoreSummaryScreen
from screens.scoring import ScoringScreen, TextPrompt
from tests.conftest import TODAY
from tests.test_scoring_core import Q4, build_teebee
from widgets.big_score import BigScore

START = {"unit_id": "un-teebee", "period_id": Q4}


@pytest.fixture
def teebee_store(store: Store) -> Store:
    build_teebee(store)
    return store


def make_app(store: Store) -> OkrApp:
    return OkrApp(store, today=TODAY, watch_file=False, start_screen="scoring", start_kwargs=START)


def agreed(store: Store, kr_id: str) -> Score:
    found = store.by(Score, "kr_id", kr_id)
    assert len(found) == 1
    return found[0]


async def test_scoring_teebee_quarter_by_keyboard(store: Store, workspace: Path) -> None:
    build_teebee(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        big = screen.query_one(BigScore)
        assert big.score is not None and round(big.score, 2) == 0.7
        # Objective 1: accept the suggestion, set 0.5, then 1.0 with t; comment on the last.
        await pilot.press("enter", "5", "t", "c")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"big order in week 47", "enter")
        assert round(big.score or 0, 2) == round((0.7 + 0.5 + 1.0) / 3, 2)
        assert "green" in " ".join(big.classes)
        # Objective 2 is committed: agree 0.8, 1.0, 0.7; moving on asks for the miss reason.
        await pilot.press("n", "8", "!", "7", "n")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"vendor was late", "enter")
        assert screen.current is not None
        assert screen.current.objective.id == "ob-t4"
        # Objective 4 (aspirational, 1.0 again): the firmer note shows.
        await pilot.press("enter")
        note = screen.query_one("#scoring-note", Static)
        assert "note-firm" in note.classes
        await pilot.press("p", "p")
        assert screen.current is not None and screen.current.objective.id == "ob-t1"

    reopened = Store(workspace, "ann")
    assert agreed(reopened, "kr-t11").agreed == 0.7
    assert agreed(reopened, "kr-t12").agreed == 0.5
    assert agreed(reopened, "kr-t13").agreed == 1.0
    assert agreed(reopened, "kr-t13").comment == "big order in week 47"
    assert [agreed(reopened, k).agreed for k in ("kr-t21", "kr-t22", "kr-t23")] == [0.8, 1.0, 0.7]
    assert agreed(reopened, "kr-t41").agreed == 1.0
    review = scoring.review_record(reopened, "ob-t2")
    assert review is not None and review.miss_reason == "vendor was late"
    # The private objective of another person was never shown nor scored.
    assert reopened.by(Score, "kr_id", "kr-t31") == []


async def test_private_objective_is_hidden_and_counted(teebee_store: Store) -> None:
    app = make_app(teebee_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        position = str(screen.query_one("#scoring-position", Static).render())
        assert "1 private objective" in position
        titles = []
        for _ in range(3):
            assert screen.current is not None
            titles.append(screen.current.objective.title)
            await pilot.press("n")
        assert "Hire a tea sommelier" not in titles


async def test_markup_in_titles_is_shown_as_typed(store: Store) -> None:
    build_teebee(store)
    store.update(Objective, "ob-t1", reason="test", title="[bold]Tea[/] for 茶馆 [/]")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#scoring-title", Static).render())
        assert title == "[bold]Tea[/] for 茶馆 [/]"


async def test_a_refused_score_keeps_the_screen_alive(teebee_store: Store) -> None:
    app = make_app(teebee_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        await screen.action_score(1.5)
        await pilot.pause()
        assert teebee_store.by(Score, "kr_id", "kr-t11") == []
        assert isinstance(app.screen, ScoringScreen)


async def test_empty_unit_says_what_to_do(store: Store) -> None:
    store.add(Unit(id="un-new", name="New team", kind="business"))
    app = OkrApp(
        store,
        today=TODAY,
        watch_file=False,
        start_screen="scoring",
        start_kwargs={"unit_id": "un-new", "period_id": Q4},
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "enter", "n", "c", "s")
        text = str(app.screen.query_one("#summary-detail", Static).render())
        assert "No objectives" in text


async def test_summary_decisions_reflection_and_carry_forward(
    teebee_store: Store, workspace: Path
) -> None:
    app = make_app(teebee_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        summary = app.screen
        assert isinstance(summary, ScoreSummaryScreen)
        table = summary.query_one("#summary-objectives", DataTable)
        assert table.row_count == 3
        assert "1 private objective" in str(summary.query_one("#summary-head", Static).render())
        bands = str(summary.query_one("#summary-bands", Static).render())
        assert "green 3" in bands and "average 0.9" in bands
        await pilot.press("k", "m", "a")
        # The reflection: type in each box, leave it, and it is saved.
        await pilot.press("tab", *"tea tastings sold", "tab", *"orders by phone", "tab")
        await pilot.press(*"ask early", "shift+tab")
        await pilot.pause()
        saved = Store(workspace, "ann").all(Reflection)
        assert len(saved) == 1
        assert (saved[0].went_well, saved[0].went_badly, saved[0].learned) == (
            "tea tastings sold",
            "orders by phone",
            "ask early",
        )
        summary.query_one("#summary-objectives", DataTable).focus()
        await pilot.press("f")
        dialog = app.screen
        assert isinstance(dialog, CarryForwardDialog)
        listing = str(dialog.query_one("#carry-list", Static).render())
        assert "baseline 40% → 61%" in listing
        assert "Win three new café chains (abandoned)" in listing
        # Nothing written before the team confirms.
        assert Store(workspace, "ann").objectives(period_id="2027-Q1") == []
        await pilot.press("b")
        listing = str(dialog.query_one("#carry-list", Static).render())
        assert "(reached 61%)" in listing
        await pilot.press("escape")
        assert Store(workspace, "ann").objectives(period_id="2027-Q1") == []
        await pilot.press("f", "y")
        await pilot.pause()
    reopened = Store(workspace, "ann")
    carried = reopened.objectives(period_id="2027-Q1")
    assert sorted(o.title for o in carried) == [
        "Optimise the supplier online order system",
        "Prove the value of our high-quality tea to restaurant suppliers",
    ]
    assert all(o.status == "draft" for o in carried)
    decisions = {
        o: (r.decision if (r := scoring.review_record(reopened, o)) else None)
        for o in ("ob-t1", "ob-t2", "ob-t4")
    }
    assert decisions == {"ob-t1": "keep", "ob-t2": "modify", "ob-t4": "abandon"}
    # The baseline toggle was off when confirmed: baselines are unchanged.
    t1_copy = next(o for o in carried if o.title.startswith("Prove"))
    assert [kr.baseline for kr in reopened.key_results(t1_copy.id)] == [40, 0, 0]


async def test_solo_summary_uses_personal_prompts(store: Store) -> None:
    store.add(Unit(id="un-wu", name="Wu Jun", kind="person", person_login="ann"))
    store.ensure_period("2017")
    store.add(
        Objective(id="ob-w8", unit_id="un-wu", period_id="2017", title="Run 1000 km", owner="ann")
    )
    app = OkrApp(
        store,
        today=TODAY,
        watch_file=False,
        start_screen="scoring",
        start_kwargs={"unit_id": "un-wu", "period_id": "2017"},
    )
    async with app.run_test(size=(80, 24)) as pilot:
        assert "personal scoring" in str(app.screen.query_one("#scoring-position").render())
        await pilot.press("s")
        label = str(app.screen.query_one("#label-went_well").render())
        assert label == "What went well for me"
        area = app.screen.query_one("#reflect-learned", TextArea)
        assert area.text == ""
        summary = app.screen
        summary.query_one("#summary-objectives", DataTable).focus()
        await pilot.press("k", "f")  # keep it, then carry forward
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CarryForwardDialog)
        assert dialog.baseline_from_final is False  # a person's own baselines stay theirs


async def test_the_summary_says_which_objective_its_agreed_count_is_for(
    teebee_store: Store,
) -> None:
    app = make_app(teebee_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # agree the first key result's suggestion
        await pilot.press("s")
        summary = app.screen
        assert isinstance(summary, ScoreSummaryScreen)
        assert summary.data is not None
        first = summary.data.objectives[0]
        total = sum(len(o.lines) for o in summary.data.objectives)
        text = str(summary.query_one("#summary-detail", Static).render())
        assert f"This objective: 1 of {len(first.lines)} key results agreed" in text
        assert f"(all objectives: 1 of {total})" in text
        assert "k keep · m modify · a abandon" in text
