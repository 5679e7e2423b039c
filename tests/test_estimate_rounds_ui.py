"""Estimate rounds with three real apps on one workspace: hanna facilitates, jack and mia answer.

Each app has its own store and user. They notice each other's writes when the
test calls the poll (`sync`), never by waiting on a timer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Static

from okr_tui.app import OkrApp
from okr_tui.estimate_rounds import visible_estimates
from okr_tui.models import CheckIn, Estimate, EstimateRound, Score
from okr_tui.store import Store
from screens.estimate_round import EstimateRoundDialog
from tests.conftest import TODAY, fixed_clock, settle
from tests.test_estimate_rounds import KR, PERIOD, UNIT, seed_team

SIZE = (100, 36)
Room = list[tuple[OkrApp, Any]]


def app_for(workspace: Path, user: str, screen: str) -> OkrApp:
    kwargs: dict[str, Any] = {"unit_id": UNIT}
    if screen == "scoring":
        kwargs["period_id"] = PERIOD
    store = Store(workspace, user, clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen=screen, start_kwargs=kwargs)


async def sync(room: Room) -> None:
    """Every app notices the others' writes, as its poll would."""
    for app, _pilot in room:
        with app._context():
            await app.poll_workspace()
    for app, pilot in room:
        await settle(app, pilot)


async def press(room: Room, who: int, *keys: str) -> None:
    app, pilot = room[who]
    await pilot.press(*keys)
    await settle(app, pilot)


def dialog(app: OkrApp) -> EstimateRoundDialog:
    assert isinstance(app.screen, EstimateRoundDialog)
    return app.screen


def shown(app: OkrApp) -> str:
    """Everything the round dialog says at this seat."""
    parts = ("#round-status", "#round-answers", "#round-hint", "#round-problem")
    return "\n".join(str(dialog(app).query_one(p, Static).render()) for p in parts)


async def open_on_the_kr(room: Room, who: int, screen: str) -> None:
    app, pilot = room[who]
    table = app.screen.query_one(DataTable)
    if screen == "review":
        table.move_cursor(row=table.get_row_index(f"kr:{KR}"))
    await pilot.pause()
    await press(room, who, "v")


async def run_room(workspace: Path, screen: str, answers: dict[str, str], body: Any) -> None:
    apps = [app_for(workspace, user, screen) for user in ("hanna", "jack", "mia")]
    async with (
        apps[0].run_test(size=SIZE) as p0,
        apps[1].run_test(size=SIZE) as p1,
        apps[2].run_test(size=SIZE) as p2,
    ):
        room: Room = list(zip(apps, (p0, p1, p2), strict=True))
        for app, pilot in room:
            await settle(app, pilot)
        await open_on_the_kr(room, 0, screen)
        assert "hanna facilitates · 0 of 3 have answered" in shown(apps[0])
        await sync(room)
        for who, user in ((1, "jack"), (2, "mia")):
            await open_on_the_kr(room, who, screen)
            await press(room, who, *answers[user], "enter")
        await sync(room)
        await body(room, workspace)


async def test_a_confidence_round_from_the_review(workspace: Path) -> None:
    seed_team(workspace)

    async def body(room: Room, path: Path) -> None:
        hanna, jack, mia = (app for app, _ in room)
        # Before the reveal each seat sees its own answer and the count, nobody else's.
        assert "2 of 3 have answered" in shown(hanna)
        assert "6/10" not in shown(hanna) and "9/10" not in shown(hanna)
        assert "yours: 6/10" in shown(jack) and "9/10" not in shown(jack)
        assert "yours: 9/10" in shown(mia) and "6/10" not in shown(mia)
        watcher = Store(path, "hanna", clock=fixed_clock)
        assert visible_estimates(watcher, watcher.all(EstimateRound)[0].id, "hanna") == []
        assert all(e.sealed for e in watcher.all(Estimate))

        await press(room, 1, "ctrl+r")  # only the facilitator reveals
        await sync(room)
        assert "9/10" not in shown(jack)
        await press(room, 0, "ctrl+r")
        await sync(room)
        for app in (hanna, jack, mia):
            assert "jack" in shown(app) and "6/10" in shown(app) and "9/10" in shown(app)
            assert "from 6/10 to 9/10 · median 7.5" in shown(app)
        assert dialog(hanna).query_one(Input).value == "8"  # the median, to offer
        await press(room, 0, "backspace", "7", "enter")
        await sync(room)
        assert "Agreed: 7/10, recorded by hanna" in shown(mia)

    await run_room(workspace, "review", {"jack": "6", "mia": "9"}, body)
    store = Store(workspace, "hanna", clock=fixed_clock)
    readings = [(c.author, c.value, c.confidence) for c in store.all(CheckIn)]
    assert readings == [("jack", 12.0, 5), ("hanna", 12.0, 7)]
    [round_] = store.all(EstimateRound)
    assert (round_.kind, round_.facilitator, round_.state, round_.agreed) == (
        "confidence",
        "hanna",
        "agreed",
        7.0,
    )
    assert {(e.author, e.value, e.sealed) for e in store.all(Estimate)} == {
        ("jack", 6.0, False),
        ("mia", 9.0, False),
    }


async def test_a_score_round_marks_the_outlier_and_records_the_agreed_score(
    workspace: Path,
) -> None:
    seed_team(workspace)

    async def body(room: Room, path: Path) -> None:
        hanna, jack, mia = (app for app, _ in room)
        assert "0.7" not in shown(mia) and "yours: 0.2" in shown(mia)
        await press(room, 0, *"0.6", "enter")  # the facilitator answers too
        await sync(room)
        assert "3 of 3 have answered" in shown(jack)
        assert "0.6" not in shown(jack)
        await press(room, 0, "ctrl+r")
        await sync(room)
        lines = shown(jack).splitlines()
        far = [line.split()[0] for line in lines if "far from the median" in line]
        assert far == ["mia"]  # 0.2 is 0.4 from the median 0.6; jack's 0.7 is near
        assert "from 0.2 to 0.7 · median 0.6" in shown(jack)
        assert dialog(hanna).query_one(Input).value == "0.6"
        await press(room, 0, "enter")
        await sync(room)
        assert "Agreed: 0.6, recorded by hanna" in shown(jack)

    await run_room(workspace, "scoring", {"jack": "0.7", "mia": "0.2"}, body)
    store = Store(workspace, "hanna", clock=fixed_clock)
    [score] = store.all(Score)
    assert (score.kr_id, score.agreed, score.scored_by) == (KR, 0.6, "hanna")
    [round_] = store.all(EstimateRound)
    assert (round_.kind, round_.state, round_.agreed) == ("score", "agreed", 0.6)
