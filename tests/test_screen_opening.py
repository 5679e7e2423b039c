"""Opening the check-in screen fast: the cards on screen first, the others right after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from okr_tui.app import OkrApp
from okr_tui.models import KeyResult
from okr_tui.store import Store
from screens.checkin import CARD_ROWS, KrCard
from tests.conftest import TODAY, fixed_clock
from tests.test_weekly_core import build_team

EXTRA = 14
"""Key results added to the team: more cards than a 24-row terminal shows."""


def big_team(tmp_path: Path) -> Path:
    path = tmp_path / "team.json"
    build_team(path).close()
    store = Store(path, "ann", clock=fixed_clock)
    with store.transaction():
        for n in range(EXTRA):
            store.add(
                KeyResult(
                    id=f"kr-x{n:02d}",
                    objective_id="ob-rep",
                    title=f"Extra key result {n}",
                    target=10,
                    owner="ann",
                    order=10 + n,
                )
            )
    store.close()
    return path


def app_for(path: Path, **kwargs: Any) -> OkrApp:
    store = Store(path, "ann", clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen="checkin", start_kwargs=kwargs)


def card_ids(app: OkrApp) -> list[str]:
    return [card.kr.id for card in app.screen.query(KrCard)]


async def test_every_card_is_there_soon_after_opening_and_down_walks_to_the_last(
    tmp_path: Path,
) -> None:
    app = app_for(big_team(tmp_path), unit_id="un-ued")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        ids = card_ids(app)
        assert len(ids) > 24 // CARD_ROWS + 1  # more than were mounted before the first frame
        # All of them, each once, in the screen's order.
        assert ids == [kr.id for kr, _ in app.screen.key_results()]  # type: ignore[attr-defined]
        assert {f"kr-x{n:02d}" for n in range(EXTRA)} <= set(ids)
        await pilot.press(*["down"] * (len(ids) + 2))
        await pilot.pause()
        focused = app.screen.focused
        assert isinstance(focused, Input) and focused.has_class("value")
        assert app.screen.current_card().kr.id == ids[-1]  # type: ignore[attr-defined,union-attr]


async def test_a_key_result_far_down_the_list_opens_with_its_card_focused(tmp_path: Path) -> None:
    last = f"kr-x{EXTRA - 1:02d}"
    app = app_for(big_team(tmp_path), unit_id="un-ued", kr_id=last)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.screen.current_card()  # type: ignore[attr-defined]
        assert card is not None and card.kr.id == last
        # Its card shows on screen, and checking in from it saves that key result.
        assert card.region.height > 0
        await pilot.press("7", "enter", "8", "enter", "enter")
        await pilot.pause()
    saved = Store(tmp_path / "team.json", "ann").latest_checkin(last)
    assert saved is not None and saved.value == 7 and saved.confidence == 8


async def test_cards_show_their_numbers_when_opened(tmp_path: Path) -> None:
    """Built with their check-ins (not filled in after mounting): same numbers as before."""
    path = big_team(tmp_path)
    app = app_for(path, unit_id="un-ued")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        store = Store(path, "ann")
        for card in app.screen.query(KrCard):
            last = store.latest_checkin(card.kr.id)
            confidence = card.query_one(".confidence", Input)
            if last is not None and last.confidence is not None:
                assert confidence.value == str(last.confidence)
            else:
                assert confidence.value == ""
            assert confidence.placeholder == "0-10"
            assert card.query_one(".value", Input).placeholder
            assert card.query_one(".value", Input).has_class("-textual-compact")


async def test_review_detail_follows_the_cursor_and_back(tmp_path: Path) -> None:
    """The detail boxes skip updates that change nothing, never ones that do."""
    from textual.widgets import DataTable, Static

    path = tmp_path / "team.json"
    build_team(path).close()
    store = Store(path, "ann", clock=fixed_clock)
    app = OkrApp(
        store,
        today=TODAY,
        watch_file=False,
        start_screen="review",
        start_kwargs={"unit_id": "un-ued"},
    )

    def tasks_text() -> str:
        return str(app.screen.query_one("#review-tasks", Static).render())

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Select a key result" in tasks_text()
        table = app.screen.query_one(DataTable)
        await pilot.press("down")
        first = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert first is not None and first.startswith("kr:")
        kr = store.get(KeyResult, first[3:])
        assert f"Tasks of {kr.title}" in tasks_text()
        await pilot.press("down")
        second = store.get(
            KeyResult, table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value[3:]
        )
        assert f"Tasks of {second.title}" in tasks_text()
        await pilot.press("up", "up")
        assert "Select a key result" in tasks_text()
        await pilot.press("down")
        assert f"Tasks of {kr.title}" in tasks_text()
