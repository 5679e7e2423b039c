"""The app's language: the person's saved choice once the workspace opens, Textual's words,
and the palette's switch between English and Chinese.

A mixin of OkrApp, kept here so the app module stays small; it needs nothing of
Textual beyond what OkrApp already is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from okr_tui.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    _,
    chosen_for_the_run,
    current_language,
    set_language,
    settle_for,
)

if TYPE_CHECKING:
    from okr_tui.models import Person
    from okr_tui.workspace import WorkspaceStore


def other_language(lang: str) -> str:
    """The language the switch goes to from `lang`: the next one okr-tui speaks."""
    return LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)]


def save_language(store: WorkspaceStore, user: str, lang: str) -> Person:
    """Keep `lang` on the person's record, as `okr lang` does: the next start speaks it."""
    from okr_tui.models import Person

    person = store.ensure_person(user)
    if person.lang == lang:
        return person
    return store.update(Person, person.id, lang=lang)


async def keep_typed(app: Any) -> bool:
    """Let each open screen save what is typed in it (`keep_typed`); False if one could not."""
    for screen in app.screen_stack:
        keep = getattr(screen, "keep_typed", None)
        if callable(keep) and not await keep():
            return False
    return True


def unsaved_reason(app: Any) -> str | None:
    """Why switching now would lose what someone typed, or None when nothing would be lost."""
    for screen in app.screen_stack:
        # The palette that runs the switch is a dialog too, and holds nothing to keep.
        if screen.is_modal and type(screen).__name__ != "CommandPalette":
            return _("Close the dialog first: what it holds is not saved yet.")
        drafts = getattr(screen, "drafts", None)
        if callable(drafts) and drafts():
            return _("Save or clear what you typed first: it is not saved yet.")
    return None


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

    async def action_switch_language(self) -> None:
        """Speak the other language from now on, redraw every open screen, keep the choice.

        Refused while a dialog is open or a form holds typed text: re-opening the
        screens would lose it. A screen that saves as people type (the reflection)
        saves first, through its `keep_typed`.
        """
        app: Any = self
        if app.still_opening():
            return
        reason = unsaved_reason(app)
        if reason is None and not await keep_typed(app):
            reason = _("Save or clear what you typed first: it is not saved yet.")
        if reason is not None:
            app.notify(reason, severity="warning", timeout=5)
            return
        target = other_language(current_language())
        saved = await app.write(save_language, app.store, app.user, target)
        set_language(target)
        await self.reopen_screens()
        if saved is None:
            return
        name = LANGUAGE_NAMES[target]
        forced = chosen_for_the_run()
        if forced is not None and forced != target:
            message = _(
                "okr-tui speaks {language} now; saved, but --lang or OKR_LANG chooses "
                "at the next start."
            )
        else:
            message = _("okr-tui speaks {language} now, and will at your next start.")
        app.notify(message.format(language=name), timeout=4)

    async def reopen_screens(self) -> None:
        """Open every screen of the stack again (home at the bottom), so all of it is redrawn."""
        app: Any = self
        opened = [
            (name, getattr(screen, "open_kwargs", {}))
            for screen in app.screen_stack
            if (name := getattr(screen, "screen_name", ""))
        ] or [("home", {})]
        while len(app.screen_stack) > 1:
            await app.pop_screen()
        for name, kwargs in opened:
            await app.push_screen(app.make_screen(name, **kwargs))
        app.sub_title = app.describe()
