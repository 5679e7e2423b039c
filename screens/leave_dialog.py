"""Before leaving a form with typed, unsaved input: "leave and lose it?"."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from okr_tui.i18n import N_, _


class LeaveUnsaved(ModalScreen[bool]):
    """True to leave (what was typed is lost), False to stay. Esc and Enter stay: the safe side."""

    CSS_PATH = "leave_dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Leave")),
        Binding("n,escape,enter", "answer(False)", N_("Stay")),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="leave-box"):
            question = _("{what} Leave and lose it?").format(what=self.what)
            yield Static(Text(question), id="leave-question")
            yield Static(_("y: leave · n / Enter / Esc: stay"), id="leave-keys")

    def action_answer(self, leave: bool) -> None:
        self.dismiss(leave)
