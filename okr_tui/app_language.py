"""The app's language: the person's saved choice once the workspace opens, Textual's words.

A mixin of OkrApp, kept here so the app module stays small; it needs nothing of
Textual beyond what OkrApp already is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from okr_tui.i18n import _, settle_for

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore


class AppLanguage:
    """Speak the person's saved language, and Textual's own palette commands in it."""

    def settle_language(self, store: WorkspaceStore) -> None:
        """Switch to the person's saved language; redraw the keys drawn before it was known."""
        app: Any = self
        if settle_for(store.person(store.user)) and app.is_running:
            app.call_later(lambda: app.screen.refresh_bindings())

    def get_system_commands(self, screen: Any) -> Iterable[Any]:
        """Textual's own palette commands (theme, quit, keys...), in the language spoken."""
        for command in super().get_system_commands(screen):  # type: ignore[misc]
            yield command._replace(title=_(command.title), help=_(command.help))
