"""What every okr-tui screen shares: typed access to the app, its store and user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import events, on
from textual.screen import Screen

if TYPE_CHECKING:
    from okr_tui.app import OkrApp
    from okr_tui.store import Store


class OkrScreen(Screen[Any]):
    """A screen of the OkrApp; redraws with `on_workspace_changed` when data changes.

    The revision watch starts from a decorated handler rather than `on_mount`, so
    each screen's own `on_mount` may be sync or async without overriding it
    (Textual calls the handlers of every class in the MRO; no `super()` needed).
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

    @on(events.Mount)
    def _watch_revision(self) -> None:
        self.watch(self.app, "revision", self._revision_changed, init=False)

    def on_unmount(self) -> None:
        # Textual drops a closed screen's watcher only when the watched value next
        # changes; until then the popped screen and everything it holds stay in memory.
        watchers = getattr(self.app, "__watchers", {}).get("revision")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node is not self]

    def _revision_changed(self, _revision: int) -> None:
        self.on_workspace_changed()

    def on_workspace_changed(self) -> None:
        """Re-read what this screen shows from the store. Screens override this."""
