"""The question before a period is opened ahead of time: "Open 2027-Q1 (...)? It has no OKRs"."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from okr_tui.i18n import N_, _


class OpenPeriodConfirm(ModalScreen[bool]):
    """Yes or no: y/Enter opens the period, n/Esc leaves things as they are."""

    CSS_PATH = "next_quarter.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", N_("Open it")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, question: str, note: str) -> None:
        super().__init__()
        self.question = question
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="open-period-box"):
            yield Static(Text(self.question), id="open-period-question")
            yield Static(Text(self.note), id="open-period-note")
            yield Static(_("y / Enter: open it · n / Esc: no"), id="open-period-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
