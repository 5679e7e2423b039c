"""A participant's screen redraws only what a change in the room touches.

Eight people in one room each hear of every step, vote, timer and heartbeat; a
screen that rebuilds what has not changed costs every one of them CPU, and the
facilitator's step reaches everyone later. These tests count what a screen
redraws (layouts, mounts, new options), never how long it takes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static, Tree

from okr_tui import presence
from okr_tui import workshop as core
from okr_tui.models import Unit, Workshop
from okr_tui.presence import Place
from okr_tui.store import Store
from screens.home import HomeScreen
from tests.conftest import fixed_clock, settle
from tests.test_room_ui import UNIT, Clock, NotedApp, app_for, screen_of, seed
from widgets.footer import QuietFooter


@dataclass
class Redraws:
    """What widgets asked Textual to do while recording: lay out, repaint all, mount."""

    layouts: list[Widget] = field(default_factory=list)
    whole_screen: list[Screen[Any]] = field(default_factory=list)
    mounted: list[Widget] = field(default_factory=list)
    on: bool = False

    def on_screen(self, screen: Screen[Any]) -> list[str]:
        """Each widget of `screen` that asked for a layout or was mounted, by type and id."""
        return [
            f"{type(w).__name__}#{w.id}"
            for w in [*self.layouts, *self.mounted]
            if w.is_attached and w.screen is screen
        ]


@pytest.fixture
def redraws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Redraws]:
    seen = Redraws()
    refresh = Widget.refresh
    on_mount = Widget._on_mount

    def recording_refresh(self: Widget, *regions: Any, **kwargs: Any) -> Widget:
        if seen.on:
            if kwargs.get("layout"):
                seen.layouts.append(self)
            if isinstance(self, Screen) and not regions and kwargs.get("repaint", True):
                seen.whole_screen.append(self)
        return refresh(self, *regions, **kwargs)

    def recording_mount(self: Widget, event: events.Mount) -> None:
        if seen.on:
            seen.mounted.append(self)
        on_mount(self, event)

    monkeypatch.setattr(Widget, "refresh", recording_refresh)
    monkeypatch.setattr(Widget, "_on_mount", recording_mount)
    yield seen


def soon() -> datetime:
    """A heartbeat's time: a moment from now, so it is fresh and differs from the last."""
    return datetime.now(UTC) + timedelta(seconds=1)


async def hear(app: NotedApp, pilot: Any) -> None:
    """The app notices others' writes and heartbeats, as its timers would."""
    await app.poll_workspace()
    await app.update_presence()
    await settle(app, pilot)


def workshop_id(workspace: Path) -> str:
    (workshop,) = Store(workspace, "x").all(Workshop)
    return workshop.id


async def test_a_heartbeat_that_only_says_someone_is_still_here_redraws_nothing(
    workspace: Path, redraws: Redraws
) -> None:
    seed(workspace)
    where = Place("workshop", workshop_id(workspace), 3)
    presence.beat(workspace, "hanna", now=soon(), place=where)
    jack = app_for(workspace, "jack", Clock())
    async with jack.run_test(size=(120, 40)) as pilot:
        await hear(jack, pilot)
        people = screen_of(jack).query_one("#ws-people", Static)
        assert "hanna: step 3" in str(people.render())
        redraws.on = True
        presence.beat(workspace, "hanna", now=soon() + timedelta(seconds=1), place=where)
        await hear(jack, pilot)
        assert redraws.on_screen(screen_of(jack)) == []
        # Hanna moving on is news, and it is drawn.
        presence.beat(
            workspace,
            "hanna",
            now=soon() + timedelta(seconds=2),
            place=Place("workshop", where.workshop, 4),
        )
        await hear(jack, pilot)
        assert "hanna: step 4" in str(people.render())


async def test_home_beneath_a_workshop_catches_up_only_when_it_shows_again(
    workspace: Path, redraws: Redraws
) -> None:
    seed(workspace)
    jack = app_for(workspace, "jack", Clock())
    async with jack.run_test(size=(120, 40)) as pilot:
        await settle(jack, pilot)
        home = next(s for s in jack.screen_stack if isinstance(s, HomeScreen))
        hanna = Store(workspace, "hanna", clock=fixed_clock)
        redraws.on = True
        with hanna.transaction():
            hanna.update(Unit, UNIT, name="TeaBee")
        core.room.move_step(hanna, workshop_id(workspace), "objectives")
        await hear(jack, pilot)
        assert screen_of(jack).step_key == "objectives"
        assert redraws.on_screen(home) == []
        await pilot.press("escape")
        await settle(jack, pilot)
        assert jack.screen is home
        units = home.query_one("#units", Tree)
        assert "TeaBee" in str(units.root.children[0].label)


async def test_following_a_step_relabels_the_footer_rather_than_rebuilding_it(
    workspace: Path,
) -> None:
    seed(workspace, "objectives")
    jack = app_for(workspace, "jack", Clock())
    async with jack.run_test(size=(120, 40)) as pilot:
        await settle(jack, pilot)
        screen = screen_of(jack)
        footer = screen.query_one(QuietFooter)
        keys = list(footer.query("FooterKey"))
        core.room.move_step(Store(workspace, "hanna"), workshop_id(workspace), "key_results")
        await hear(jack, pilot)
        assert screen.step_key == "key_results"
        # The keys are those of the new step, one per action, as Textual's Footer shows them.
        first: dict[str, tuple[str, str, bool]] = {}
        for key, _display, description, action, enabled, _tip, _group in footer.shown_keys():
            first.setdefault(action, (key, description, enabled))
        shown = footer.query("FooterKey")
        assert [
            (key.key, key.description, not key.has_class("-disabled"))  # type: ignore[attr-defined]
            for key in shown
        ] == list(first.values())
        assert ("a", "Add KR", True) in first.values()
        # ... drawn on the keys already there, with only the difference mounted.
        assert list(shown)[: len(keys)] == keys
        assert all(new is old for new, old in zip(shown, keys, strict=False))


async def test_a_change_beside_the_candidates_leaves_the_list_and_the_screen_alone(
    workspace: Path, redraws: Redraws
) -> None:
    seed(workspace, "objectives")
    hanna = Store(workspace, "hanna", clock=fixed_clock)
    ws = workshop_id(workspace)
    core.add_candidate(hanna, hanna.get(Workshop, ws), "Prove our tea's value to restaurants")
    clock = Clock()
    jack = app_for(workspace, "jack", clock)
    async with jack.run_test(size=(120, 40)) as pilot:
        await settle(jack, pilot)
        screen = screen_of(jack)
        listing = screen.query_one("#cand-list", OptionList)
        (option,) = listing.options
        redraws.on = True
        core.room.toggle_timer(hanna, ws, clock.now)
        await hear(jack, pilot)
        assert screen.workshop is not None and screen.workshop.timer_started is not None
        assert list(listing.options) == [option]
        assert option is listing.options[0]
        assert redraws.whole_screen == []
