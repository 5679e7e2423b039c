"""The home screen: units and their objectives for the current period."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from screens.base import OkrScreen


class HomeScreen(OkrScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-body")
        yield Footer()

    def on_mount(self) -> None:
        self.on_workspace_changed()

    def on_workspace_changed(self) -> None:
        units = self.store.units()
        self.query_one("#home-body", Static).update(
            "\n".join(u.name for u in units) or "No units yet."
        )
