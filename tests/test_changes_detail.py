"""The changes screen's detail pane: the highlighted change whole, reason and values."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from okr_tui import samples
from okr_tui.app import OkrApp
from okr_tui.store import Store
from tests.conftest import TODAY, fixed_clock, settle


async def test_the_pane_shows_the_reason_and_values_the_table_cuts(tmp_path: Path) -> None:
    path = samples.build("teebee", tmp_path / "teebee.json", TODAY)
    app = OkrApp(
        Store(path, "hanna", clock=fixed_clock),
        today=TODAY,
        watch_file=False,
        start_screen="changes",
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        reasons = [str(table.get_row_at(i)[4]) for i in range(table.row_count)]
        cut = next(i for i, why in enumerate(reasons) if why.endswith("…"))
        table.move_cursor(row=cut)
        await settle(app, pilot)
        detail = str(app.screen.query_one("#changes-detail", Static).render())
        whole = reasons[cut].rstrip("…")
        assert f"Why: {whole}" in detail and len(detail.split("Why: ")[1]) > len(whole)
        assert "→" in detail
