"""Steps 1-3: the unit's mission, vision and strategy, saved as the team types."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from okr_tui import workshop as core
from okr_tui.i18n import _
from okr_tui.presence import Presence
from okr_tui.store import WorkspaceError
from okr_tui.workshop import Tip, room
from okr_tui.workshop.steps import charter_placeholder, charter_title, is_solo
from screens.workshop.common import StepView
from widgets.quiet import QuietStatic, set_border_subtitle, set_border_title

SAVE_AFTER = 0.6
"""Seconds of quiet typing before a charter line is saved."""


class CharterArea(TextArea):
    """A wrapped text box where Enter means 'done' (a charter line is one paragraph)."""

    class Done(Message):
        pass

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            self.post_message(self.Done())
            return
        await super()._on_key(event)


class CharterStep(StepView):
    def __init__(self, field: str) -> None:
        super().__init__(id=f"step-{field}", classes="step-view")
        self.step_key = field
        self._save_timer: Timer | None = None
        self._saved = ""
        """The line as stored when this person started typing: what a save may replace."""
        self._clash = False
        """Someone else saved the line while this person typed: only Enter saves over it."""

    def compose(self) -> ComposeResult:
        area = CharterArea(
            "",
            soft_wrap=True,
            show_line_numbers=False,
            id=f"charter-{self.step_key}",
            classes="charter-text",
        )
        area.border_title = charter_title(self.step_key)
        yield area
        yield QuietStatic("", classes="charter-note")

    @property
    def area(self) -> CharterArea:
        return self.query_one(CharterArea)

    def stored(self) -> str:
        if self.workshop is None:
            return ""
        charter = core.charter_of(self.store, self.workshop.unit_id)
        return getattr(charter, self.step_key) if charter is not None else ""

    def refresh_data(self) -> None:
        if self._save_timer is not None or self._clash:
            return  # this person is typing (or kept their text): it stays until it is saved
        set_border_title(
            self.area, charter_title(self.step_key, solo=is_solo(self.store, self.workshop))
        )
        text = self.stored()
        self._saved = text
        # Saved text is trimmed ("mix " is stored as "mix"): reloading it while the
        # person types would eat the space they just typed, so equal words are equal.
        if " ".join(self.area.text.split()) != " ".join(text.split()):
            self.area.load_text(text)
            self.area.move_cursor(self.area.document.end)

    def focus_first(self) -> None:
        self.area.focus()
        self.area.move_cursor(self.area.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._save_timer is not None:
            self._save_timer.stop()
        changed = " ".join(self.area.text.split()) != " ".join(self._saved.split())
        if changed and not self._clash:
            self._save_timer = self.set_timer(SAVE_AFTER, self.save)
        else:
            self._save_timer = None
        if self.area.has_focus:
            self.session.set_doing(f"editing the {self.step_key}" if changed else "")
        self.tell_coach()

    def show_others(self, others: list[Presence] | None) -> None:
        """'jack is editing the mission' above the line, from the others' presence."""
        workshop = self.workshop
        line = (
            "" if workshop is None or not others else room.editing(others, workshop, self.step_key)
        )
        set_border_subtitle(self.area, line)

    def note(self, text: str) -> None:
        self.query_one(".charter-note", Static).update(Text(text, style="yellow"))

    async def save(self, *, over_theirs: bool = False) -> bool:
        """Write the text if it changed; called after a pause in typing and when leaving.

        False when it was not saved because someone else changed the line meanwhile
        (the message beside the field says so; `over_theirs` saves it anyway).
        """
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        text = " ".join(self.area.text.split())
        if self.workshop is None or text == " ".join(self._saved.split()):
            return True
        unit_id, field = self.workshop.unit_id, self.step_key
        problem = "" if over_theirs else core.clash(self.store, unit_id, field, self._saved)
        if problem:
            self._clash = True
            self.note(problem + _(" Enter saves yours over theirs."))
            return False
        started = None if over_theirs else self._saved
        try:
            await asyncio.to_thread(
                core.set_charter, self.store, unit_id, field, text, started_from=started
            )
        except WorkspaceError as exc:
            self._clash = True
            self.note(f"{exc}" + _(" Enter saves yours over theirs."))
            return False
        self.session.okr_app.revision = self.store.revision
        self._saved, self._clash = text, False
        self.note("")
        return True

    async def on_charter_area_done(self, event: CharterArea.Done) -> None:
        event.stop()
        if await self.save(over_theirs=self._clash):
            await self.session.go(core.next_step(self.step_key, 1))

    def tips(self) -> list[Tip]:
        return core.charter_tips(self.step_key, self.area.text)

    def presenter_text(self) -> Text:
        text = self.area.text.strip()
        solo = is_solo(self.store, self.workshop)
        return Text(text) if text else Text(charter_placeholder(solo=solo), style="dim")
