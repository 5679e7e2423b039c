"""Small dialogs the workshop uses: ask for a line of text, pick one, pick several, confirm."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from okr_tui.i18n import N_, _


class AskText(ModalScreen[str | None]):
    """One line of text; `check` returns a message to show (and keep the dialog) or ''."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        note: str = "",
        suggestions: Sequence[str] = (),
        check: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(classes="ws-dialog")
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.note = note
        self.suggestions = list(suggestions)
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.note:
                yield Static(Text(self.note), classes="dialog-note")
            yield Input(
                self.value,
                placeholder=self.placeholder,
                suggester=SuggestFromList(self.suggestions, case_sensitive=False)
                if self.suggestions
                else None,
                id="dialog-input",
            )
            yield Static("", classes="dialog-error")
            yield Static(_("Enter to save · Esc to cancel"), classes="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check else ""
        if problem:
            self.query_one(".dialog-error", Static).update(Text(problem))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickOne(ModalScreen[str | None]):
    """Choose one of several options (id, label) with arrows and Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self, title: str, options: Sequence[tuple[str, str]], *, current: str = ""
    ) -> None:
        super().__init__(classes="ws-dialog")
        self.title_text = title
        self.options = list(options)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield OptionList(
                *[Option(Text(label), id=key) for key, label in self.options], id="dialog-pick"
            )
            yield Static(_("↑↓ choose · Enter to pick · Esc to cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        pick = self.query_one(OptionList)
        for index, (key, _label) in enumerate(self.options):
            if key == self.current:
                pick.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickSome(ModalScreen[list[str] | None]):
    """Tick any number of options with Space; Enter saves the ticked ones."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("enter", "save", N_("Save"), priority=True),
    ]

    def __init__(
        self, title: str, options: Sequence[tuple[str, str]], *, chosen: Sequence[str] = ()
    ) -> None:
        super().__init__(classes="ws-dialog")
        self.title_text = title
        self.options = list(options)
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield SelectionList[str](
                *[(Text(label), key, key in self.chosen) for key, label in self.options],
                id="dialog-some",
            )
            yield Static(_("Space ticks · Enter to save · Esc to cancel"), classes="dialog-keys")

    def action_save(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """Yes or no: y/Enter says yes, n/Esc says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__(classes="ws-dialog")
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self.question), classes="dialog-title")
            if self.detail:
                yield Static(Text(self.detail), classes="dialog-note")
            yield Static(_("y / Enter: yes · n / Esc: no"), classes="dialog-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
