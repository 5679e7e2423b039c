"""The check-in card speaks each key result's own measure, and a lone reading draws no full bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Sparkline

from okr_tui.app import OkrApp
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store
from screens.checkin import KrCard, value_placeholder
from tests.conftest import TODAY, fixed_clock


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"baseline": 40, "target": 70, "measure": "%"}, "e.g. 55%"),
        ({"target": 250000, "measure": "yuan"}, "e.g. 120,000 yuan"),
        ({"target": 250000, "measure": "¥"}, "e.g. ¥120,000"),
        ({"baseline": 6, "target": 8, "measure": "/10"}, "e.g. 7/10"),
        ({"baseline": 120, "target": 60, "measure": "calls", "direction": "down"}, "e.g. 90 calls"),
        ({"target": 5, "measure": "users"}, "e.g. 3 users"),
        ({"milestone": True}, "done or not done"),
    ],
)
def test_the_example_is_written_in_the_key_results_measure(
    fields: dict[str, object], shown: str
) -> None:
    kr = KeyResult(objective_id="ob", title="x", **fields)  # type: ignore[arg-type]
    assert value_placeholder(kr, None) == shown


def one_reading(path: Path) -> Store:
    store = Store(path, "ann", clock=fixed_clock)
    store.ensure_period("2026-Q4")
    store.add(Unit(id="un-tea", name="Tea", kind="company"))
    store.add(Objective(id="ob-tea", unit_id="un-tea", period_id="2026-Q4", title="Sell tea"))
    for kr_id, measure in (("kr-yuan", "yuan"), ("kr-calls", "calls")):
        store.add(
            KeyResult(id=kr_id, objective_id="ob-tea", title=kr_id, target=200, measure=measure)
        )
    store.check_in("kr-calls", 80)
    return store


async def test_cards_show_examples_in_their_measure_and_no_full_bar(tmp_path: Path) -> None:
    store = one_reading(tmp_path / "w.json")
    app = OkrApp(
        store,
        today=TODAY,
        watch_file=False,
        start_screen="checkin",
        start_kwargs={"unit_id": "un-tea"},
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        yuan = app.screen.query_one("#card-kr-yuan", KrCard)
        calls = app.screen.query_one("#card-kr-calls", KrCard)
        assert yuan.query_one(".value", Input).placeholder == "e.g. 100 yuan"
        assert calls.query_one(".value", Input).placeholder == "80 calls"
        spark = calls.query_one(Sparkline)
        assert "█" not in str(spark.render_line(0).text)
        # A second reading draws the line.
        store.check_in("kr-calls", 120)
        app.revision = store.revision
        await pilot.pause()
        assert list(calls.query_one(Sparkline).data or []) == [80, 120]
