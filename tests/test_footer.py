"""QuietFooter: keys composed once, yet every real change of the screen's keys is shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from okr_tui.app import OkrApp
from okr_tui.models import Unit
from okr_tui.store import Store
from okr_tui.workshop import add_candidate, set_step, start_or_resume
from tests.conftest import TODAY, fixed_clock
from tests.test_weekly_core import build_team
from widgets.footer import QuietFooter


def footer_keys(screen: Screen[Any]) -> list[tuple[str, str, bool]]:
    """(key, description, enabled) of each key the screen's footer shows, in order."""
    footer = screen.query_one(Footer)
    return [
        (key.key, key.description, not key.has_class("-disabled"))  # type: ignore[attr-defined]
        for key in footer.query("FooterKey")
    ]


class Field(Input):
    """A text field with a key of its own, shown in the footer while it has focus."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+k", "clear_all", "Clear")]

    def action_clear_all(self) -> None:
        self.value = ""


class KeysScreen(Screen[None]):
    """A screen whose keys change: F2 shows or hides Archive, F3 enables or disables Save.

    Function keys, because a focused text field hides the screen's letter keys.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_archive", "Toggle"),
        Binding("f3", "toggle_save", "Lock"),
        Binding("f4", "archive", "Archive"),
        Binding("f5", "save", "Save"),
        Binding("f6", "nothing", "Quiet", show=False),
    ]

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__()
        self.archive_shown = False
        self.save_enabled = True
        self.compact = compact
        self.toggles = 0

    def compose(self) -> ComposeResult:
        yield Static("keys", id="label")
        yield Field(id="one")
        yield Input(id="two")
        yield QuietFooter(compact=self.compact)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "archive":
            return self.archive_shown
        if action == "save":
            return True if self.save_enabled else None
        return True

    def action_toggle_archive(self) -> None:
        self.archive_shown = not self.archive_shown
        self.toggles += 1
        self.refresh_bindings()

    def action_toggle_save(self) -> None:
        self.save_enabled = not self.save_enabled
        self.refresh_bindings()

    def action_nothing(self) -> None:
        self.refresh_bindings()


class KeysApp(App[None]):
    def __init__(self, *, compact: bool = False) -> None:
        super().__init__()
        self.compact = compact

    def on_mount(self) -> None:
        self.push_screen(KeysScreen(compact=self.compact))


async def test_a_binding_shown_by_check_action_appears_and_goes() -> None:
    app = KeysApp()
    async with app.run_test(size=(100, 10)) as pilot:
        screen = app.screen
        screen.set_focus(None)
        await pilot.pause()
        keys = footer_keys(screen)
        assert [k for k, _, _ in keys] == ["f2", "f3", "f5", "ctrl+p"]
        await pilot.press("f2")
        await pilot.pause()
        assert [k for k, _, _ in footer_keys(screen)] == ["f2", "f3", "f4", "f5", "ctrl+p"]
        await pilot.press("f2")
        await pilot.pause()
        assert [k for k, _, _ in footer_keys(screen)] == ["f2", "f3", "f5", "ctrl+p"]


async def test_a_binding_disabled_by_check_action_is_drawn_dim() -> None:
    app = KeysApp()
    async with app.run_test(size=(100, 10)) as pilot:
        screen = app.screen
        screen.set_focus(None)
        await pilot.pause()
        assert ("f5", "Save", True) in footer_keys(screen)
        await pilot.press("f3")
        await pilot.pause()
        assert ("f5", "Save", False) in footer_keys(screen)
        await pilot.press("f3")
        await pilot.pause()
        assert ("f5", "Save", True) in footer_keys(screen)


async def test_focus_on_a_field_with_its_own_keys_shows_them_and_moving_on_hides_them() -> None:
    app = KeysApp()
    async with app.run_test(size=(100, 10)) as pilot:
        screen = app.screen
        screen.query_one("#two", Input).focus()
        await pilot.pause()
        assert "ctrl+k" not in [k for k, _, _ in footer_keys(screen)]
        screen.query_one("#one", Field).focus()
        await pilot.pause()
        assert ("ctrl+k", "Clear", True) in footer_keys(screen)
        await pilot.press("tab")
        await pilot.pause()
        assert screen.focused is screen.query_one("#two")
        assert "ctrl+k" not in [k for k, _, _ in footer_keys(screen)]


async def test_bindings_updated_with_the_same_keys_keep_the_drawn_keys() -> None:
    """The point of the quiet footer: no rebuild when nothing it shows changed."""
    app = KeysApp()
    async with app.run_test(size=(100, 10)) as pilot:
        screen = app.screen
        screen.set_focus(None)
        await pilot.pause()
        before = list(screen.query_one(Footer).query("FooterKey"))
        # F6 refreshes the bindings without changing them; focusing a plain field adds no key.
        await pilot.press("f6", "f6")
        screen.query_one("#two", Input).focus()
        await pilot.pause()
        after = list(screen.query_one(Footer).query("FooterKey"))
        assert after == before
        assert all(key.is_attached for key in before)
        # ... and a real change after all that still shows.
        await pilot.press("f2")
        await pilot.pause()
        assert "f4" in [k for k, _, _ in footer_keys(screen)]


@pytest.mark.parametrize("compact", [False, True])
async def test_keys_have_the_footers_compact_style(compact: bool) -> None:
    app = KeysApp(compact=compact)
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query_one(Footer).query("FooterKey"))
        assert keys
        for key in keys:
            palette = key.has_class("-command-palette")
            # Textual leaves the palette's key compact whatever the footer says.
            expected = True if palette else compact
            assert key.has_class("-compact") is expected
            assert key.compact is expected  # type: ignore[attr-defined]


def team_app(tmp_path: Path, screen: str, **kwargs: Any) -> OkrApp:
    path = tmp_path / "team.json"
    build_team(path).close()
    store = Store(path, "ann", clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen=screen, start_kwargs=kwargs)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("review", {"unit_id": "un-ued"}),
        ("checkin", {"unit_id": "un-ued"}),
        ("unit", {"unit_id": "un-ued"}),
        ("units", {}),
    ],
)
async def test_screens_use_the_quiet_footer(
    tmp_path: Path, name: str, kwargs: dict[str, Any]
) -> None:
    app = team_app(tmp_path, name, **kwargs)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        assert isinstance(footer, QuietFooter)
        assert footer_keys(app.screen)


async def test_review_footer_and_the_screens_it_opens(tmp_path: Path) -> None:
    app = team_app(tmp_path, "review", unit_id="un-ued")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        review = app.screen
        keys = [k for k, _, _ in footer_keys(review)]
        assert keys[:3] == ["e", "g", "d"]
        assert "h" in keys and "s" not in keys  # sort and filter are named in the heading
        drawn = list(review.query_one(Footer).query("FooterKey"))
        # Changes (h), then the weekly report (m): each has a quiet footer of its own.
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChangesScreen"
        assert isinstance(app.screen.query_one(Footer), QuietFooter)
        await pilot.press("escape", "m")
        await pilot.pause()
        assert type(app.screen).__name__ == "WeeklyReportScreen"
        assert isinstance(app.screen.query_one(Footer), QuietFooter)
        assert ("p", "Own private", True) in footer_keys(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        # Back on the review: its keys were not rebuilt on the way back.
        assert app.screen is review
        assert list(review.query_one(Footer).query("FooterKey")) == drawn


async def test_workshop_footer_follows_focus_into_the_voting_list(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    unit = store.add(Unit(id="un-teeb", name="TeeBee", kind="company"))
    workshop = set_step(store, start_or_resume(store, unit.id, "2026-Q4").id, "objectives")
    for title in ("A", "B"):
        add_candidate(store, workshop, title)
    app = OkrApp(store, today=TODAY, watch_file=False, start_screen="workshop")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen.query_one(Footer), QuietFooter)
        descriptions = [d for _, d, _ in footer_keys(screen)]
        assert "+1 vote" not in descriptions
        await pilot.press("down")
        await pilot.pause()
        descriptions = [d for _, d, _ in footer_keys(screen)]
        assert "+1 vote" in descriptions and "Kind" in descriptions
