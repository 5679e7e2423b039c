"""Dialogs around one check-in: "save this far-out value anyway?", and correct or withdraw it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.widgets.button import ButtonVariant

from okr_tui.corrections import correct_checkin, withdraw_checkin
from okr_tui.i18n import N_, _, format_weekday
from okr_tui.models import CheckIn, KeyResult
from okr_tui.numbers import NumberError, format_number
from okr_tui.rules import far_outside
from screens.task_dialog import _Dialog

FixMode = Literal["correct", "withdraw"]


class FarValueConfirm(ModalScreen[bool]):
    """Yes or no before saving a value far outside its key result's range."""

    CSS_PATH = "checkin_dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Save it")),
        Binding("n,escape,enter", "answer(False)", N_("No")),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="far-box"):
            yield Static(Text(self.question), id="far-question")
            # Enter says no: the value was most likely a slip, so saving it takes a deliberate key.
            yield Static(_("y: save it · n / Enter / Esc: no, fix it"), id="far-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def checkin_text(checkin: CheckIn, kr: KeyResult) -> Text:
    """One check-in in a line: 55% · 8/10 · Tue 24 Nov 2026 by ann · its note."""
    text = Text(format_number(checkin.value, kr.measure), style="bold")
    if checkin.confidence is not None:
        text.append(f" · {checkin.confidence}/10")
    when = _("{day} by {person}").format(
        day=format_weekday(checkin.at.date(), year=True), person=checkin.author or _("someone")
    )
    text.append(f" · {when}", style="dim")
    if checkin.note:
        text.append(f" · {checkin.note}", style="dim")
    return text


class FixCheckInDialog(_Dialog):
    """Correct (value, confidence, note) or withdraw one's own check-in, saying why."""

    CSS_PATH: ClassVar[list[str]] = ["task_dialog.tcss", "checkin_dialogs.tcss"]  # type: ignore[assignment]

    def __init__(self, *, checkin_id: str, mode: FixMode = "correct") -> None:
        super().__init__()
        self.checkin_id = checkin_id
        self.mode: FixMode = mode
        self._confirmed: float | None = None
        """A far-out value the user said yes to: the next save does not ask again."""

    def records(self) -> tuple[CheckIn | None, KeyResult | None]:
        store = self.okr_app.store
        checkin = store.find(CheckIn, self.checkin_id)
        return checkin, store.find(KeyResult, checkin.kr_id) if checkin else None

    def compose(self) -> ComposeResult:
        checkin, kr = self.records()
        title = _("Correct a check-in") if self.mode == "correct" else _("Withdraw a check-in")
        with Vertical(id="dialog", classes=f"fix-{self.mode}"):
            yield Label(title, classes="dialog-title")
            if checkin is not None and kr is not None:
                yield Label(Text(kr.title), classes="dialog-subtitle")
                yield Label(checkin_text(checkin, kr), classes="dialog-subtitle")
            if self.mode == "withdraw":
                yield Label(
                    _("It stops counting: progress and reports go back to the check-in before."),
                    classes="dialog-note",
                )
            elif checkin is not None and kr is not None:
                with Horizontal(classes="dialog-row"):
                    with Vertical():
                        yield Label(_("Value"), classes="dialog-label")
                        yield Input(format_number(checkin.value, kr.measure), id="fix-value")
                    with Vertical():
                        yield Label(_("Confidence"), classes="dialog-label")
                        confidence = "" if checkin.confidence is None else str(checkin.confidence)
                        yield Input(confidence, placeholder="0-10", id="fix-confidence")
                yield Label(_("Note"), classes="dialog-label")
                yield Input(checkin.note, id="fix-note", max_length=1000)
            yield Label(_("Why? (required)"), classes="dialog-label")
            yield Input(placeholder=_("e.g. typed 55 for 65"), id="fix-reason")
            yield Static(id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                label = _("Correct") if self.mode == "correct" else _("Withdraw")
                variant: ButtonVariant = "primary" if self.mode == "correct" else "error"
                yield Button(label, variant=variant, id="dialog-save")
                yield Button(_("Cancel"), id="dialog-cancel")

    def on_mount(self) -> None:
        first = self.query("#fix-value")
        (first.first() if first else self.query_one("#fix-reason")).focus()

    def reading(self, kr: KeyResult) -> tuple[float, int | None, str]:
        """Value, confidence and note as typed; ValueError naming the field to fix."""
        from okr_tui.checkin_input import read_confidence, read_value

        try:
            value = read_value(self.query_one("#fix-value", Input).value, kr)
        except NumberError as exc:
            raise ValueError(_("Value: {problem}").format(problem=exc)) from None
        try:
            confidence = read_confidence(self.query_one("#fix-confidence", Input).value)
        except ValueError as exc:
            raise ValueError(_("Confidence: {problem}").format(problem=exc)) from None
        return value, confidence, self.query_one("#fix-note", Input).value

    async def save(self) -> bool:
        checkin, kr = self.records()
        if checkin is None or kr is None:
            self.show_error(_("This check-in is gone (withdrawn in another session)."))
            return False
        reason = self.query_one("#fix-reason", Input).value.strip()
        if self.mode == "withdraw":
            if not reason:
                return self.ask_reason()
            store = self.okr_app.store
            done = await self.okr_app.write(withdraw_checkin, store, checkin.id, reason=reason)
            return done is not None
        try:
            value, confidence, note = self.reading(kr)
        except ValueError as exc:
            self.show_error(str(exc))
            return False
        if not reason:
            return self.ask_reason()
        far = far_outside(kr, value)
        if far is not None and value != self._confirmed:
            self.app.push_screen(FarValueConfirm(far.question), self._far_answered(value))
            return False
        fixed = await self.okr_app.write(
            correct_checkin,
            self.okr_app.store,
            checkin.id,
            value=value,
            confidence=confidence,
            note=note,
            reason=reason,
        )
        return fixed is not None

    def ask_reason(self) -> bool:
        self.show_error(
            _("Why: say why it is corrected (a reason is required).")
            if self.mode == "correct"
            else _("Why: say why it is withdrawn (a reason is required).")
        )
        self.query_one("#fix-reason", Input).focus()
        return False

    def _far_answered(self, value: float) -> Callable[[bool | None], Awaitable[None]]:
        async def answered(yes: bool | None) -> None:
            if yes:
                self._confirmed = value
                await self._save()
            else:
                self.show_error(_("Not saved: fix the value, or press y when asked to keep it."))
                self.query_one("#fix-value", Input).focus()

        return answered
