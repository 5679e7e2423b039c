"""The check-in card's fields: keys typed in a burst land where they were meant, and drafts."""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol, runtime_checkable

from textual import events
from textual.widgets import Input

from widgets.one_line import OneLineInput


@runtime_checkable
class SubmitsFields(Protocol):
    """The screen that decides what Enter on a card's field does (the check-in screen)."""

    def submit_field(self, field: Input) -> None: ...


class CardField(OneLineInput):
    """A card's field, where keys typed fast after Enter still land in the next field.

    The app hands each key to the widget focused when the key arrives, without
    waiting for the keys before it: in a burst (a fast typist, a paste, a slow SSH
    link) "62%", Enter, "8" all reach the value field before its Enter is handled.
    So Enter is handled here, in order with the other keys, and moves the focus at
    once; a key that reaches a field after the focus left it goes on to the field
    that has it now.
    """

    def on_key(self, event: events.Key) -> None:
        # Screen.focused moves at once; has_focus only once the Focus event is handled.
        focused = self.screen.focused
        if focused is not self and isinstance(focused, CardField):
            event.prevent_default()
            event.stop()
            focused.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            screen = self.screen
            if isinstance(screen, SubmitsFields):
                screen.submit_field(self)


def card_field(value: str = "", placeholder: str = "", **kwargs: Any) -> CardField:
    """A compact Input, marked valid before it mounts.

    Its first value would add `-valid` (a restyle of each field): with three fields
    a card, a unit's dozen cards spent much of their opening on these. No
    validators here, so every value is valid.
    """
    field = CardField(value, placeholder, compact=True, **kwargs)
    field.add_class("-valid", update=False)
    return field


class Draft(NamedTuple):
    """A card's three fields as typed, kept when the list of cards is built again."""

    value: str
    confidence: str
    note: str
