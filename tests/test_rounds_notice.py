"""The review and the scoring screen tell everyone that a round is taking answers.

Two real apps on one workspace: hanna opens a round, jack's screen says so above
its table until the round is revealed or ended, and `v` opens that round
wherever his cursor is.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from okr_tui.app import OkrApp
from okr_tui.models import EstimateRound, KeyResult
from okr_tui.store import Store
from tests.conftest import fixed_clock
from tests.test_estimate_rounds import seed_team
from tests.test_estimate_rounds_ui import (
    SIZE,
    Room,
    app_for,
    dialog,
    open_on_the_kr,
    press,
    sync,
)

OTHER_KR = "kr-tast"


def seed(workspace: Path) -> None:
    """TeeBee's objective with a second key result, below the one the round is on."""
    seed_team(workspace)
    store = Store(workspace, "hanna", clock=fixed_clock)
    store.add(KeyResult(id=OTHER_KR, objective_id="ob-tea", title="Tastings", target=10))
    Store(workspace, "jack", clock=fixed_clock).check_in(OTHER_KR, 4, confidence=6)


def heading(app: OkrApp, screen: str) -> str:
    where = "#review-heading" if screen == "review" else "#scoring-position"
    for shown in reversed(app.screen_stack):
        found = shown.query(where)
        if found:
            return str(found.first(Static).render())
    raise AssertionError(f"no {where}")


async def two_seats(workspace: Path, screen: str, body: object) -> None:
    hanna, jack = (app_for(workspace, user, screen) for user in ("hanna", "jack"))
    async with hanna.run_test(size=SIZE) as hp, jack.run_test(size=SIZE) as jp:
        room: Room = [(hanna, hp), (jack, jp)]
        await sync(room)
        await body(room)  # type: ignore[operator]


async def test_the_review_names_an_open_confidence_round_until_it_is_revealed(
    workspace: Path,
) -> None:
    seed(workspace)

    async def body(room: Room) -> None:
        hanna, jack = (app for app, _ in room)
        assert "round" not in heading(jack, "review")
        await open_on_the_kr(room, 0, "review")
        await sync(room)
        opened = "hanna opened a confidence round on Restaurants · 0 of 3 have answered · v to"
        assert opened + " answer" in heading(jack, "review")
        assert "Your confidence round on Restaurants is open" in heading(hanna, "review")
        # Jack's cursor is on the other key result: v opens hanna's round, not a new one.
        table = jack.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(f"kr:{OTHER_KR}"))
        await press(room, 1, "v")
        assert dialog(jack).round_id == Store(workspace, "x").all(EstimateRound)[0].id
        await press(room, 1, "6", "enter", "escape")
        await sync(room)
        assert "1 of 3 have answered · you answered · v changes it" in heading(jack, "review")
        await press(room, 0, "ctrl+r")
        await sync(room)
        assert "round" not in heading(jack, "review")
        assert "round" not in heading(hanna, "review")

    await two_seats(workspace, "review", body)
    assert len(Store(workspace, "x").all(EstimateRound)) == 1


async def test_the_scoring_screen_names_an_open_score_round_until_it_ends(
    workspace: Path,
) -> None:
    seed(workspace)

    async def body(room: Room) -> None:
        jack = room[1][0]
        await open_on_the_kr(room, 0, "scoring")
        await sync(room)
        assert "hanna opened a score round on Restaurants" in heading(jack, "scoring")
        assert "v to answer" in heading(jack, "scoring")
        await room[0][1].click("#round-cancel")  # End without agreeing
        await sync(room)
        assert Store(workspace, "x").all(EstimateRound)[0].state == "cancelled"
        await sync(room)
        assert "round" not in heading(jack, "scoring")

    await two_seats(workspace, "scoring", body)
