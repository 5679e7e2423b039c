"""What every okr-tui screen shares: typed access to the app, its store and user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from okr_tui.app import OkrApp
    from okr_tui.store import Store


class OkrScreen(Screen[Any]):
    """A screen of the OkrApp; redraws with `on_workspace_changed` when data changes.

    Textual calls `on_mount` of every class in the MRO, so subclasses define
    their own `on_mount` without calling `super().on_mount()`.
    """

    @property
    def okr_app(self) -> OkrApp:
        return cast("OkrApp", self.app)

    @property
    def store(self) -> Store:
        return self.okr_app.store

    @property
    def user(self) -> str:
        return self.okr_app.user

    def on_mount(self) -> None:
        self.okr_app.workspace_changed.subscribe(self, self._revision_changed, immediate=True)

    def on_unmount(self) -> None:
        # Let go at once: a closed screen and everything it holds leave memory with it.
        self.okr_app.workspace_changed.unsubscribe(self)

    def _revision_changed(self, _revision: int) -> None:
        self.on_workspace_changed()

    def on_workspace_changed(self) -> None:
        """Re-read what this screen shows from the store. Screens override this."""
