"""A one-line text field that says so when text does not fit, instead of dropping it quietly.

Textual's Input keeps only the first line of a paste, and refuses a paste or a
key that would pass `max_length` without a word. Here a pasted block of lines
becomes one line (the lines joined by spaces), what fits is kept, and the
person is told how much was left out.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from textual import events
from textual.widgets import Input

from okr_tui.i18n import _


def limit_of(model: type[BaseModel], field: str) -> int:
    """The field's max_length as the model declares it (0 when it has none)."""
    for rule in model.model_fields[field].metadata:
        limit = getattr(rule, "max_length", None)
        if isinstance(limit, int):
            return limit
    return 0


def as_one_line(text: str) -> str:
    """Pasted lines as one line: each line stripped, the non-empty ones joined by a space."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class OneLineInput(Input):
    """An Input for titles and notes: pastes join their lines, and cut text is reported."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._told_full = False

    def room(self) -> int | None:
        """How many more characters fit in place of the selection (None: no limit)."""
        if not self.max_length:
            return None
        start, end = sorted(self.selection)
        return self.max_length - (len(self.value) - (end - start))

    def on_paste(self, event: events.Paste) -> None:
        # Runs before Input's own paste handler, which keeps only the first line.
        event.prevent_default()
        event.stop()
        text = as_one_line(event.text)
        if not text:
            return
        room = self.room()
        if room is not None and len(text) > room:
            kept = max(room, 0)
            self.notify(
                _(
                    "This field holds at most {limit} characters: "
                    "{left} of the {pasted} pasted were left out."
                ).format(limit=self.max_length, left=len(text) - kept, pasted=len(text)),
                severity="warning",
                timeout=6,
            )
            text = text[:kept]
        start, end = sorted(self.selection)
        self.replace(text, start, end)

    def on_key(self, event: events.Key) -> None:
        room = self.room()
        if event.is_printable and room is not None and room <= 0:
            if not self._told_full:
                self._told_full = True
                self.notify(
                    _("This field holds at most {limit} characters.").format(limit=self.max_length),
                    severity="warning",
                    timeout=4,
                )
        elif room is not None and room > 0:
            self._told_full = False
