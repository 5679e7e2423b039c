"""The app on a PostgreSQL workspace: it opens, shows where without the password, saves calmly."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from okr_tui.app import OkrApp
from okr_tui.cli import open_workspace
from okr_tui.location import PgUrl
from okr_tui.pg.bulk import write_new
from okr_tui.pg.store import PgStore
from okr_tui.pg_presence import PgHeartbeat
from screens.checkin import KrCard
from tests import helpers_pg
from tests.conftest import TODAY, fixed_clock, settle
from tests.test_pg_store import refuse_connections
from tests.test_weekly_core import build_team

SIZE = (100, 30)


@pytest.fixture
def team(tmp_path: Path) -> PgUrl:
    """The weekly tests' team, copied into a fresh database, reached with a password."""
    url = helpers_pg.fresh_database()
    source = build_team(tmp_path / "team.json")
    write_new(url, source.export_data())
    source.close()
    # The test server trusts its users: any password gets in, and none may be shown.
    return PgUrl(url.url.replace("postgres:@", "postgres:s3cret@", 1))


def message(app: OkrApp, kr_id: str) -> str:
    card = app.screen.query_one(f"#card-{kr_id}", KrCard)
    return str(card.query_one(".card-message", Static).render())


async def test_the_app_opens_a_database_and_never_shows_its_password(team: PgUrl) -> None:
    app = OkrApp(open_store=partial(open_workspace, team, "ann"), workspace_path=team, today=TODAY)
    assert "s3cret" not in app.opening_label and team.name in app.opening_label
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_workspace()
        for _ in range(1200):  # until it is open (a minute at most), not a guessed pause
            if app.ready:
                break
            await pilot.pause(0.05)
        await settle(app, pilot)
        assert f"({team.name})" in app.sub_title
        assert "s3cret" not in f"{app.title} {app.sub_title} {app.describe()}"
        assert isinstance(app.heartbeat, PgHeartbeat)  # presence has a table of its own
        app.store.close()


async def test_a_check_in_while_the_database_is_away_is_kept_and_saved_on_retry(
    team: PgUrl,
) -> None:
    store = PgStore(team, "ann", clock=fixed_clock)
    before = len(store.checkins("kr-seg"))
    app = OkrApp(store, today=TODAY, watch_file=False, start_screen="checkin")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        refuse_connections(team, True)
        try:
            await pilot.press(*"60%", "enter", "7", "enter", *"half done", "enter")
            await settle(app, pilot)
            assert "Not saved: your entry is kept" in message(app, "kr-seg")
            card = app.screen.query_one("#card-kr-seg", KrCard)
            assert card.query_one(".value", Input).value == "60%"
            assert card.query_one(".note", Input).value == "half done"
            assert len(store.checkins("kr-seg")) == before
        finally:
            refuse_connections(team, False)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "saved 60%" in message(app, "kr-seg")
    fresh = PgStore(team, "bob")
    latest = fresh.latest_checkin("kr-seg")
    assert latest is not None and (latest.value, latest.note) == (60, "half done")
    fresh.close()
    store.close()
