"""The user's journeys end to end, by keyboard only, and the rough edges found on the way.

Each journey starts where a person starts (home, or the command line), walks the screens
with keys, and then proves what was saved by reading the file with a fresh Store.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from filelock import FileLock
from textual.widgets import DataTable, Input, Markdown, Static

from okr_tui import cli
from okr_tui import scoring as core_scoring
from okr_tui.app import OkrApp
from okr_tui.demo import make_demo
from okr_tui.models import (
    CheckIn,
    KeyResult,
    Objective,
    ObjectiveReview,
    Reflection,
    Score,
    period_for,
)
from okr_tui.store import Store, lock_path
from okr_tui.weekly import my_key_results
from screens.checkin import CheckInScreen, KrCard
from screens.home import HomeScreen
from screens.review import ReviewScreen
from screens.score_summary import ScoreSummaryScreen
from screens.scoring import ScoringScreen, TextPrompt
from screens.weekly_report import WeeklyReportScreen
from screens.workshop import WorkshopScreen
from tests.conftest import TODAY, fixed_clock

SIZE = (100, 30)
PERIOD = "2026-Q4"


def keys(text: str) -> list[str]:
    return list(text)


def rendered(app: OkrApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def home_text(app: OkrApp) -> str:
    """Everything home shows, as plain text (tables included)."""
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    parts = [str(s.render()) for s in screen.query(Static)]
    for table in screen.query(DataTable):
        for row in range(table.row_count):
            parts.append(" ".join(str(cell) for cell in table.get_row_at(row)))
    return "\n".join(parts)


@pytest.fixture
def teebee(tmp_path: Path) -> Path:
    return make_demo("teebee", tmp_path / "teebee.json", TODAY)


@pytest.fixture
def personal(tmp_path: Path) -> Path:
    return make_demo("personal", tmp_path / "personal.json", TODAY)


# -- 1. a new user in an empty workspace ------------------------------------------------
async def test_journey_new_team_from_empty_home_to_committed_okrs(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    app = OkrApp(store, today=TODAY, watch_file=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Press w" in home_text(app)  # the empty state says what to do
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*keys("TeeBee"), "enter")
        await pilot.pause()
        await pilot.press(*keys("Let tea lovers mix tea well."), "enter")
        await pilot.press(*keys("Good tea in most cafes."), "enter")
        await pilot.press(*keys("Sell bulk tea to restaurants."), "enter")
        await pilot.pause()
        await pilot.press(
            *keys("Prove our tea's value"), "enter", *keys("Open a tea shop"), "enter"
        )
        # Votes: two for the first, none for the second; keep the top one.
        await pilot.press("down", "home", "+", "+", "s", "backspace", "1", "enter")
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press("a", *keys("Renewal rate reaches 70%"), "tab", *keys("40%"))
        await pilot.press("tab", *keys("70%"), "enter")
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press("o", *keys("ann"), "enter", "pagedown")
        await pilot.pause()
        await pilot.press("c", "y")
        await pilot.pause()
        workshop = app.screen
        assert isinstance(workshop, WorkshopScreen)
        assert "committed" in rendered(app, "#ws-heading")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        shown = home_text(app)
        assert "Prove our tea's value" in shown and "Renewal rate reaches 70%" in shown
        assert "Open a tea shop" not in shown  # parked, not committed

    fresh = Store(workspace, "someone")
    (objective,) = [o for o in fresh.all(Objective) if o.status == "committed"]
    assert (objective.title, objective.owner, objective.period_id) == (
        "Prove our tea's value",
        "ann",
        PERIOD,
    )
    (kr,) = fresh.key_results(objective.id)
    assert (kr.baseline, kr.target, kr.measure) == (40, 70, "%")


# -- 2. the weekly round -------------------------------------------------------------------
async def test_journey_weekly_check_in_then_review_and_report(
    teebee: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(teebee, "jack", clock=fixed_clock)
    mine = [kr for kr, _ in my_key_results(store, "jack", PERIOD)]
    assert mine, "the sample gives jack key results to check in"
    app = OkrApp(store, today=TODAY, watch_file=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert "jack" in rendered(app, "#review-heading")  # listed as not checked in yet
        await pilot.press("escape", "c")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        for number, kr in enumerate(mine):
            value = f"{kr.target:g}{kr.measure if kr.measure.startswith('/') else ''}"
            await pilot.press("ctrl+u", *keys(value), "enter", "ctrl+u", "8", "enter")
            await pilot.press(*keys(f"friday note {number}"), "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert "checked in this week" in rendered(app, "#checkin-heading")
        await pilot.press("escape", "r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        heading = rendered(app, "#review-heading")
        assert "jack" not in heading
        review = app.screen.review
        assert review is not None
        rows = {row.kr.id: row for row in review.rows}
        assert all(rows[kr.id].checked_in for kr in mine)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, WeeklyReportScreen)
        report = app.screen.query_one(Markdown).source
        assert "friday note 0" in report

    fresh = Store(teebee, "someone")
    for number, kr in enumerate(mine):
        latest = fresh.latest_checkin(kr.id)
        assert latest is not None
        assert (latest.value, latest.confidence, latest.note, latest.author) == (
            kr.target,
            8,
            f"friday note {number}",
            "jack",
        )
    real_context = cli.make_context
    monkeypatch.setattr(
        cli,
        "make_context",
        lambda args: cli.Context(db=real_context(args).db, user="jack", today=TODAY),
    )
    code = cli.main(["--db", str(teebee), "--as", "jack", "due"])
    out, _err = capsys.readouterr()
    assert (code, out) == (0, "")


# -- 3. quarter end ------------------------------------------------------------------------
async def test_journey_quarter_end_score_reflect_and_carry_forward(teebee: Path) -> None:
    store = Store(teebee, "hanna", clock=fixed_clock)
    objectives = store.objectives(period_id=PERIOD)
    krs = [kr for o in objectives for kr in store.key_results(o.id)]
    app = OkrApp(store, today=TODAY, watch_file=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ScoringScreen)
        # Every KR gets 0.7 by keyboard; n moves on to the next objective.
        for objective in objectives:
            count = len(store.key_results(objective.id))
            await pilot.press(*["7"] * count, "n")
            await pilot.pause()
            if isinstance(app.screen, TextPrompt):
                # A committed objective below 1.0: the screen asks for the reason of the miss.
                await pilot.press(*keys("vendor was late"), "enter")
                await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ScoreSummaryScreen)
        await pilot.press("home", "k", "m")
        await pilot.press("tab", *keys("tea tastings sold"), "tab", *keys("slow orders"))
        await pilot.press("tab", *keys("ask early"), "ctrl+s")
        await pilot.pause()
        # Esc leaves the reflection for the list, where f carries forward.
        await pilot.press("escape", "f")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.period_id == "2027-Q1"
        shown = home_text(app)
        assert all(o.title[:20] in shown for o in objectives)

    fresh = Store(teebee, "someone")
    scores = {s.kr_id: s for s in fresh.all(Score)}
    assert all(scores[kr.id].agreed == 0.7 for kr in krs)
    (reflection,) = [r for r in fresh.all(Reflection) if r.period_id == PERIOD]
    assert (reflection.went_well, reflection.went_badly, reflection.learned) == (
        "tea tastings sold",
        "slow orders",
        "ask early",
    )
    reviews = {r.objective_id: r for r in fresh.all(ObjectiveReview)}
    assert {reviews[o.id].decision for o in objectives} == {"keep", "modify"}
    committed = [o for o in objectives if o.kind == "committed"]
    assert committed and all(reviews[o.id].miss_reason == "vendor was late" for o in committed)
    drafts = fresh.objectives(period_id="2027-Q1")
    assert sorted(o.title for o in drafts) == sorted(o.title for o in objectives)
    assert all(o.status == "draft" for o in drafts)
    next_quarter = period_for("2027-Q1")
    for draft in drafts:
        for kr in fresh.key_results(draft.id):
            assert kr.due is None or next_quarter.start <= kr.due <= next_quarter.end


# -- 4. a personal yearly OKR, private objectives ----------------------------------------
async def test_journey_personal_private_objectives_and_solo_yearly_scoring(
    personal: Path,
) -> None:
    owner_store = Store(personal, "lena", clock=fixed_clock)
    private = [o for o in owner_store.all(Objective) if o.visibility == "private"]
    assert private
    secret = private[0].title

    other = OkrApp(Store(personal, "ann", clock=fixed_clock), today=TODAY, watch_file=False)
    async with other.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert other.period_id == "2026"
        assert secret not in home_text(other)
        await pilot.press("s")
        await pilot.pause()
        position = rendered(other, "#scoring-position")
        assert f"{len(private)} private objectives" in position
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(other.screen, ScoreSummaryScreen)
        table = other.screen.query_one("#summary-objectives", DataTable)
        titles = " ".join(str(table.get_row_at(r)) for r in range(table.row_count))
        assert secret[:12] not in titles

    app = OkrApp(owner_store, today=TODAY, watch_file=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        position = rendered(app, "#scoring-position")
        assert "personal scoring" in position and "private" not in position
        first = owner_store.objectives(period_id="2026")[0]
        count = len(owner_store.key_results(first.id))
        await pilot.press(*["t"] * count, "s")
        await pilot.pause()
        assert isinstance(app.screen, ScoreSummaryScreen)
        assert "Personal reflection" in rendered(app, "#summary-reflection-title")
        await pilot.press("tab", *keys("two books drafted"), "ctrl+s")
        await pilot.pause()

    fresh = Store(personal, "someone")
    agreed = [s for s in fresh.all(Score) if s.agreed is not None]
    assert {s.kr_id for s in agreed} == {k.id for k in fresh.key_results(first.id)}
    assert all(s.agreed == 1.0 for s in agreed)
    (reflection,) = fresh.all(Reflection)
    assert (reflection.period_id, reflection.went_well) == ("2026", "two books drafted")


# -- rough edges found on the way ------------------------------------------------------------
def test_carry_forward_moves_due_dates_into_the_next_period(store: Store) -> None:
    q3, q4, q1 = period_for("2026-Q3"), period_for("2026-Q4"), period_for("2027-Q1")
    assert core_scoring.shift_due(date(2026, 9, 30), q3, q4) == date(2026, 12, 31)
    assert core_scoring.shift_due(date(2026, 8, 15), q3, q4) == date(2026, 11, 15)
    assert core_scoring.shift_due(date(2026, 12, 31), q4, q1) == date(2027, 3, 31)
    assert core_scoring.shift_due(date(2026, 11, 30), q4, q1) == date(2027, 2, 28)
    year = period_for("2017"), period_for("2018")
    assert core_scoring.shift_due(date(2017, 6, 30), *year) == date(2018, 6, 30)

    from okr_tui.models import Unit

    unit = store.add(Unit(name="TeeBee", kind="company"))
    objective = store.add(
        Objective(title="Prove our tea's value", unit_id=unit.id, period_id="2026-Q4", owner="ann")
    )
    store.add(
        KeyResult(
            objective_id=objective.id,
            title="Launch in November",
            target=1,
            due=date(2026, 11, 20),
        )
    )
    core_scoring.set_review(store, objective.id, decision="keep")
    plan = core_scoring.plan_carry_forward(store, unit.id, "2026-Q4", "ann")
    (created,) = core_scoring.apply_carry_forward(store, plan)
    (moved,) = Store(store.path, "someone").key_results(created.id)
    assert moved.due == date(2027, 2, 20)


def checkin_app(path: Path, *, lock_timeout: float) -> OkrApp:
    store = Store(path, "jack", clock=fixed_clock, lock_timeout=lock_timeout)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen="checkin")


def card_message(app: OkrApp, kr_id: str) -> str:
    card = app.screen.query_one(f"#card-{kr_id}", KrCard)
    return str(card.query_one(".card-message", Static).render())


async def test_check_in_keeps_answering_keys_while_a_colleague_holds_the_lock(
    teebee: Path,
) -> None:
    store = Store(teebee, "x")
    period = store.objectives(period_id=PERIOD)
    other = [kr.id for o in period for kr in store.key_results(o.id) if kr.owner != "jack"]
    before = len(store.all(CheckIn))
    app = checkin_app(teebee, lock_timeout=30)
    held = FileLock(lock_path(teebee))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")  # the unit's key results: more than one card
        await pilot.pause()
        first, second = [c.kr.id for c in app.screen.query(KrCard)][:2]
        held.acquire()
        try:
            await pilot.press("ctrl+u", "5", "enter", "ctrl+u", "6", "enter", "enter")
            await pilot.pause()
            assert "saving" in card_message(app, first)
            # The save waits for the lock, yet the keys still move between cards.
            await pilot.press("down")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CheckInScreen)
            current = screen.current_card()
            assert current is not None and current.kr.id == second
        finally:
            held.release()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "saved" in card_message(app, first)
        current = screen.current_card()
        assert current is not None and current.kr.id == second  # the cursor stayed put
    assert other  # the sample has KRs of other owners in the unit view
    assert len(Store(teebee, "x").all(CheckIn)) == before + 1


async def test_a_save_that_cannot_get_the_lock_keeps_what_was_typed(teebee: Path) -> None:
    before = len(Store(teebee, "x").all(CheckIn))
    app = checkin_app(teebee, lock_timeout=0.3)
    held = FileLock(lock_path(teebee))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        held.acquire()
        try:
            await pilot.press("ctrl+u", *keys("6.5/10"), "enter", "ctrl+u", "6", "enter")
            await pilot.press(*keys("survey late"), "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        finally:
            held.release()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        card = screen.current_card()
        assert card is not None
        assert card.query_one(".value", Input).value == "6.5/10"
        assert card.query_one(".note", Input).value == "survey late"
        assert "Not saved" in card_message(app, card.kr.id)
        # Enter on the note tries again, and now it goes through.
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "saved 6.5/10" in card_message(app, card.kr.id)
    assert len(Store(teebee, "x").all(CheckIn)) == before + 1


async def test_a_value_in_the_wrong_measure_is_refused(teebee: Path) -> None:
    before = len(Store(teebee, "x").all(CheckIn))
    app = checkin_app(teebee, lock_timeout=5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        card = screen.current_card()
        assert card is not None and card.kr.measure == "/10"
        await pilot.press("ctrl+u", *keys("65%"), "enter")
        await pilot.pause()
        assert "counted in /10" in card_message(app, card.kr.id)
        assert screen.focused is card.query_one(".value", Input)
    assert len(Store(teebee, "x").all(CheckIn)) == before
