"""The review's table fits the terminal: every column in sight, and it follows a resize."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from okr_tui import samples
from okr_tui.app import OkrApp
from okr_tui.store import Store
from tests.conftest import TODAY, fixed_clock, settle


@pytest.fixture
def teebee(tmp_path: Path) -> Path:
    return samples.build("teebee", tmp_path / "teebee.json", TODAY)


def review_app(path: Path) -> OkrApp:
    store = Store(path, "hanna", clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen="review")


def table(app: OkrApp) -> DataTable[Any]:
    return app.screen.query_one("#review-table", DataTable)


def headers(app: OkrApp) -> list[str]:
    return [str(column.label) for column in table(app).columns.values()]


def fits(app: OkrApp) -> bool:
    grid = table(app)
    used = sum(column.get_render_width(grid) for column in grid.columns.values())
    return used <= grid.scrollable_content_region.width


@pytest.mark.parametrize("width", [100, 120, 130, 160])
async def test_every_column_fits_at_each_width(teebee: Path, width: int) -> None:
    app = review_app(teebee)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(app, pilot)
        assert headers(app)[-2:] == ["Owner", "Open/done"]
        assert fits(app), f"the columns overflow {width} cells"


async def test_the_table_follows_a_resize(teebee: Path) -> None:
    app = review_app(teebee)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(app, pilot)
        wide_title = table(app).columns[next(iter(table(app).columns))].width
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert "Owner" not in headers(app)
        assert fits(app)
        await pilot.resize_terminal(130, 30)
        await settle(app, pilot)
        assert headers(app)[-2:] == ["Owner", "Open/done"]
        assert table(app).columns[next(iter(table(app).columns))].width == wide_title
        assert fits(app)
