"""A large countdown for a workshop step's timebox: big digits and a word on its state."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from okr_tui.i18n import N_, _
from okr_tui.timebox import TimerReading
from widgets.quiet import QuietStatic

STATE_WORDS: tuple[str, ...] = (N_("ready"), N_("running"), N_("paused"), N_("time is up"))
"""What a timebox says of itself, marked so the timer shows it in the language spoken."""


class TimerDisplay(Vertical):
    """A countdown (the session's timer read now): mm:ss in large digits, then its state."""

    DEFAULT_CSS = """
    TimerDisplay {
        height: auto;
        align-horizontal: center;
    }
    TimerDisplay Digits {
        width: auto;
        color: $text;
    }
    TimerDisplay .timer-state {
        width: 1fr;
        color: $text-muted;
        text-align: center;
    }
    TimerDisplay.-running Digits { color: $success; }
    TimerDisplay.-over Digits { color: $warning; }
    """

    def compose(self) -> ComposeResult:
        yield Digits("--:--", classes="timer-digits")
        yield QuietStatic("", classes="timer-state")

    def show(self, box: TimerReading | None, hint: str = "") -> None:
        """Redraw from the box (None shows dashes)."""
        digits = self.query_one(Digits)
        state = self.query_one(".timer-state", Static)
        if box is None:
            digits.update("--:--")
            state.update(hint)
            return
        label = box.label()
        if digits.value != label:
            digits.update(label)
        # The state is a word of the timebox (ready, running, paused, time is up).
        word = _(box.state())
        state.update(f"{word} · {hint}" if hint and not box.running else word)
        self.set_class(box.running and not box.over, "-running")
        self.set_class(box.over, "-over")
