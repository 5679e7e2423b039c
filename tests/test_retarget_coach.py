"""After a re-target the coach points out a title that still names the old target."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from okr_tui import samples
from okr_tui.coach import numbers_in, retarget_hint
from okr_tui.models import KeyResult
from okr_tui.store import Store
from tests.conftest import TODAY, fixed_clock
from tests.test_weekly_report_save import NotedApp


def kr(title: str, target: float, measure: str = "%") -> KeyResult:
    return KeyResult(objective_id="ob-1", title=title, target=target, measure=measure)


def test_numbers_in_a_title() -> None:
    assert numbers_in("Transactions reach ¥250,000 by 8.5") == [250000.0, 8.5]
    assert numbers_in("Q4: 3 launches") == [3.0]  # a number inside a word (Q4) is a name
    assert numbers_in("no numbers") == []


def test_the_hint_names_the_old_and_the_new_target() -> None:
    hint = retarget_hint(kr("Customer renewal rate reaches 70%", 90), 70)
    assert hint is not None and hint.rule == "kr-title-old-target"
    assert "still says 70 but the target is now 90% (was 70%)" in hint.message
    assert retarget_hint(kr("Renewal rate reaches 90%", 90), 70) is None  # title edited too
    assert retarget_hint(kr("Renewal rate goes up", 90), 70) is None  # the title names none
    assert retarget_hint(kr("Renewal rate reaches 70%", 70), 70) is None  # not re-targeted
    money = retarget_hint(kr("Transactions reach ¥250,000", 300000, "¥"), 250000)
    assert money is not None and "now ¥300,000 (was ¥250,000)" in money.message


async def test_retargeting_in_the_review_says_so(tmp_path: Path) -> None:
    path = samples.build("teebee", tmp_path / "teebee.json", TODAY)
    store = Store(path, "hanna", clock=fixed_clock)
    renewal = next(k for k in store.all(KeyResult) if k.title.endswith("reaches 70%"))
    app = NotedApp(store, today=TODAY, watch_file=False, start_screen="review")
    app.said = []
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table: Any = app.screen.query_one("#review-table")
        table.move_cursor(row=table.get_row_index(f"kr:{renewal.id}"))
        await pilot.press("g", *"90", "enter", "enter", *"the board asked for more", "enter")
        await pilot.pause()
    assert Store(path, "x").get(KeyResult, renewal.id).target == 90
    assert any("still says 70 but the target is now 90%" in said for said in app.said)
