"""What every okr-tui screen shares: typed access to the app, its store and user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on
from textual.binding import Binding
from textual.screen import Screen

from okr_tui.i18n import _

if TYPE_CHECKING:
    from okr_tui.app import OkrApp
    from okr_tui.weekly import Week
    from okr_tui.workspace import WorkspaceChange, WorkspaceStore


def key_for(screen: Screen[Any], action: str) -> str:
    """The key that runs `action` on this screen (or the app), as the footer shows it.

    Text that names a key ("press a to add one", a heading's "s sort") asks here,
    so the key is declared once, in BINDINGS.
    """
    for node in (screen, screen.app):
        for binding in node.BINDINGS:
            if isinstance(binding, Binding) and binding.action == action:
                return screen.app.get_key_display(binding)
    raise KeyError(f"no key runs {action!r} on {type(screen).__name__}")


class OkrScreen(Screen[Any]):
    """A screen of the OkrApp; redraws with `on_workspace_changed` when data changes.

    The change subscription starts from a decorated handler rather than `on_mount`, so
    each screen's own `on_mount` may be sync or async without overriding it
    (Textual calls the handlers of every class in the MRO; no `super()` needed).
    """

    READS: ClassVar[frozenset[str] | None] = None
    """The tables `on_workspace_changed` reads; a change to none of them leaves the
    screen as it is. None: every table (the safe default)."""

    _missed_change = False
    """A change came while another screen covered this one: it is read on the way back."""

    @property
    def okr_app(self) -> OkrApp:
        return cast("OkrApp", self.app)

    @property
    def store(self) -> WorkspaceStore:
        return self.okr_app.store

    @property
    def user(self) -> str:
        return self.okr_app.user

    @on(events.Mount)
    def _hear_of_changes(self) -> None:
        self.okr_app.workspace_changed.subscribe(self, self._revision_changed, immediate=True)

    @on(events.Unmount)
    def _stop_hearing(self) -> None:
        # Let go at once: a closed screen and everything it holds leave memory with it.
        self.okr_app.workspace_changed.unsubscribe(self)

    def _revision_changed(self, change: WorkspaceChange) -> None:
        if not change.touches(self.READS):
            return
        if self.covered():
            # Nobody sees it now (home beneath a workshop, say): a room's every step
            # would otherwise rebuild it. It catches up once, when it shows again.
            self._missed_change = True
            return
        self.on_workspace_changed()

    @on(events.ScreenResume)
    def _catch_up(self) -> None:
        if self._missed_change:
            self._missed_change = False
            self.on_workspace_changed()

    def covered(self) -> bool:
        """Whether a screen that hides this one entirely is above it (a dialog does not)."""
        stack = self.app.screen_stack
        if self not in stack:
            return False
        above = stack[stack.index(self) + 1 :]
        return any(screen.styles.background.a == 1 for screen in above)

    def key_for(self, action: str) -> str:
        return key_for(self, action)

    def on_workspace_changed(self) -> None:
        """Re-read what this screen shows from the store. Screens override this."""


def week_step(screen: OkrScreen, week: Week, step: int) -> str | None:
    """The label of the week `step` weeks from `week`; None (and says so) if it has not begun.

    The review and the weekly report both walk the weeks with [ and ].
    """
    target = week.shift(step)
    if target.start > screen.okr_app.today:
        screen.notify(_("That week has not started yet."), timeout=3)
        return None
    return target.label
