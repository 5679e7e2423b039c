"""The app's watch on the workspace: others' writes, and who else is here and where.

A mixin of the App (okr_tui/app.py). Ten times a second it asks the store
whether another process wrote (`changed_on_disk()`, a stat of the file and its
journal) and only then reads the change in a thread; every PRESENCE_SECONDS it
refreshes this person's heartbeat (at once when they moved) and re-reads the
others'. Like the app, it imports no store, models or pydantic at module level.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from textual.app import App
from textual.reactive import reactive
from textual.screen import Screen
from textual.signal import Signal

from okr_tui.i18n import _

if TYPE_CHECKING:
    from okr_tui.conflicts import ConflictWatch
    from okr_tui.presence import Heartbeat, Place, Presence
    from okr_tui.workspace import WorkspaceStore

POLL_SECONDS = 0.1
"""How often the app asks the store whether another process wrote: a stat of the file and
its journal (microseconds), so a facilitator's step reaches every screen within ~0.1 s."""
PRESENCE_SECONDS = 2.0
"""How often the header re-reads who else is here (heartbeats are written every 10 s)."""


def screen_name(screen: Screen[Any]) -> str:
    """The name a screen was opened by (see okr_tui.navigation), "" for Textual's own."""
    return str(getattr(screen, "screen_name", ""))


def seen_as(present: list[Presence]) -> list[tuple[str, str, Place]]:
    """What screens show of who is here: each person and where they are, not when they beat."""
    return [(p.login, p.name, p.place) for p in present]


class WorkspaceWatch(App[None]):
    """Polls the workspace and presence for the App; the App sets store, heartbeat, conflicts."""

    revision: reactive[int] = reactive(0, repaint=False)
    """Bumped whenever the workspace changes (here or in another process); screens hear of it
    through the App's `workspace_changed` and redraw what changed (a repaint of the whole
    screen on every change in a room would cost each participant a full frame)."""

    store: WorkspaceStore
    heartbeat: Heartbeat | None = None
    conflicts: ConflictWatch
    today: date

    def init_watch(self) -> None:
        self.presence_note = ""
        self.present: list[Presence] | None = None
        """The others here (fresh heartbeats), re-read every PRESENCE_SECONDS; None until then."""
        self.presence_changed: Signal[None] = Signal(self, "presence-changed")
        """Published when who is here, or where they are, changed (not their heartbeat's time)."""
        self._beats = 0
        self._polling = False

    def start_watching(self) -> None:
        self.set_interval(POLL_SECONDS, self.poll_workspace)
        if self.heartbeat is not None:
            self.heartbeat.start()
        self.set_interval(PRESENCE_SECONDS, self.update_presence)

    def describe(self) -> str:
        """The header's line (the App says more)."""
        return ""

    async def poll_workspace(self) -> None:
        """Notice another process's change and redraw what is on screen.

        The check itself is cheap and runs here; only reading the change goes to a thread.
        """
        from okr_tui.store import WorkspaceError

        if self._polling:
            return  # the last change is still being read
        self._polling = True
        try:
            if not self.store.changed_on_disk():
                return
            changed = await asyncio.to_thread(self.store.refresh)
        except WorkspaceError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        finally:
            self._polling = False
        if changed:
            self.revision = self.store.revision
            # Someone else changed a record this user saved: say who and what, never silently.
            for note in self.conflicts.check(self.store, today=self.today):
                self.notify(note, title=_("Changed by someone else"), timeout=15)

    def place(self) -> Place:
        """Where this person is: the top named screen, which may say more (a workshop step)."""
        from okr_tui.presence import Place

        for screen in reversed(self.screen_stack):
            detail = getattr(screen, "presence_place", None)
            if callable(detail):
                return cast("Place", detail())
            if screen_name(screen):
                return Place(screen=screen_name(screen))
        return Place()

    def move_to(self, place: Place) -> None:
        """Say where this person is (screen, workshop step, activity); others see it soon."""
        if self.heartbeat is not None and self.heartbeat.move(place) and self.heartbeat.active:
            self.run_worker(
                asyncio.to_thread(self.heartbeat.beat), group="heartbeat", exclusive=True
            )

    async def update_presence(self) -> None:
        """Refresh this session's heartbeat now and then; name who else is here in the header."""
        from okr_tui.presence import HEARTBEAT_SECONDS, describe

        if self.heartbeat is None:
            return
        self._beats += 1
        moved = self.heartbeat.move(self.place())
        if moved or self._beats * PRESENCE_SECONDS >= HEARTBEAT_SECONDS:
            self._beats = 0
            await asyncio.to_thread(self.heartbeat.beat)
        others = await asyncio.to_thread(self.heartbeat.others)
        moved_on = self.present is None or seen_as(others) != seen_as(self.present)
        # Kept fresh for whoever asks (a hand-over lists who is here), but only a move
        # redraws: each heartbeat is a new time, and eight of them every ten seconds
        # would redraw every room screen every few seconds for nothing.
        self.present = others
        if moved_on:
            self.presence_changed.publish(None)
        note = describe(others)
        if note != self.presence_note:
            self.presence_note = note
            self.sub_title = self.describe()
