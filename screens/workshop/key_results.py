"""Step 5: key results per objective, in a form that reads numbers as people write them."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from okr_tui import workshop as core
from okr_tui.i18n import N_, _, ngettext
from okr_tui.models import KeyResult, Objective
from okr_tui.workshop import Tip
from screens.workshop.common import StepView
from screens.workshop.dialogs import Confirm
from widgets.coach_panel import CoachPanel
from widgets.quiet import set_border_subtitle, show_options

FIELD_LABELS = {
    "title": N_("Key result"),
    "baseline": N_("Baseline"),
    "target": N_("Target"),
    "measure": N_("Measure"),
    "direction": N_("Direction"),
    "due": N_("Due"),
    "indicator": N_("Indicator"),
}
PLACEHOLDERS = {
    "title": N_("The renewal rate of customers reaches 70%"),
    "baseline": N_("where it is now: 40%, 0, ¥120,000"),
    "target": N_("70%, 250,000, 1.5k, 8/10"),
    "measure": N_("from the numbers, or: users"),
    "direction": N_("up (more is better) / down"),
    "due": N_("2026-12-31 (optional)"),
    "indicator": N_("result / process"),
}
SUGGEST = {"direction": ["up", "down"], "indicator": ["result", "process"]}


class KeyResultForm(ModalScreen[KeyResult | None]):
    """Add or change one KR; unreadable fields get a message beside them and nothing is saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]

    def __init__(self, objective: Objective, kr: KeyResult | None = None) -> None:
        super().__init__(classes="ws-dialog kr-form")
        self.objective = objective
        self.kr = kr
        self.first_fields: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        values = core.kr_form(self.kr) if self.kr is not None else {}
        with Vertical(classes="dialog-box"):
            heading = Text(_("Change key result of ") if self.kr else _("New key result for "))
            heading.append(self.objective.title, style="bold")
            yield Static(heading, classes="dialog-title")
            with Grid(id="kr-grid"):
                for name in core.KR_FIELDS:
                    with Vertical(classes=f"kr-field kr-{name}"):
                        with Horizontal(classes="kr-row"):
                            yield Label(_(FIELD_LABELS[name]), classes="kr-label")
                            yield Input(
                                values.get(name, ""),
                                placeholder=_(PLACEHOLDERS[name]),
                                id=f"kr-{name}",
                                compact=True,
                                suggester=SuggestFromList(SUGGEST[name])
                                if name in SUGGEST
                                else None,
                            )
                        yield Static("", id=f"kr-{name}-error", classes="kr-error")
            yield CoachPanel(id="kr-coach", limit=3)
            yield Static(_("Tab next field · Enter to save · Esc to cancel"), classes="dialog-keys")

    def fields(self) -> dict[str, str]:
        return {name: self.query_one(f"#kr-{name}", Input).value for name in core.KR_FIELDS}

    def on_mount(self) -> None:
        self.first_fields = self.fields()
        self.query_one("#kr-title", Input).focus()
        self.coach()

    def coach(self) -> None:
        self.query_one(CoachPanel).show(core.kr_tips(self.objective, self.fields()))

    @on(Input.Changed)
    def typing(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("kr-")
        if name in ("baseline", "target", "due"):
            # Clear a stale message as soon as the field is being fixed.
            self.query_one(f"#kr-{name}-error", Static).update("")
        self.coach()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_save()

    async def action_save(self) -> None:
        fields = self.fields()
        _, errors = core.read_key_result(fields)
        for name in core.KR_FIELDS:
            self.query_one(f"#kr-{name}-error", Static).update(Text(errors.get(name, "")))
            self.query_one(f"#kr-{name}", Input).set_class(name in errors, "-invalid")
        if errors:
            self.query_one(f"#kr-{next(iter(errors))}", Input).focus()
            return
        app = self.app
        saved = await app.write(  # type: ignore[attr-defined]
            core.save_key_result,
            app.store,  # type: ignore[attr-defined]
            self.objective.id,
            fields,
            self.kr.id if self.kr else None,
        )
        if saved is not None:
            self.dismiss(saved)

    def action_cancel(self) -> None:
        """Esc: close at once when nothing was typed; else ask before the typing is lost."""
        if self.fields() == self.first_fields:
            self.dismiss(None)
            return
        from screens.leave_dialog import LeaveUnsaved

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(LeaveUnsaved(_("This key result is not saved yet.")), answered)


def kr_text(number: int, kr: KeyResult) -> Text:
    line = Text("   ")
    line.append(f"KR{number} ", style="bold")
    line.append(kr.title)
    line.append(f"  {core.kr_line(kr, shown=True)}", style="dim")
    return line


def objective_text(number: int, objective: Objective, count: int) -> Text:
    line = Text()
    line.append(f"O{number} ", style="bold")
    line.append(objective.title, style="bold")
    note = "  " + ngettext("{count} KR", "{count} KRs", count).format(count=count)
    line.append(note, style="dim" if 2 <= count <= 5 else "yellow")
    return line


class KeyResultList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", N_("Add KR")),
        Binding("e", "edit", N_("Edit")),
        Binding("delete,d", "delete", N_("Delete"), key_display="del"),
    ]

    def current(self) -> tuple[str, str] | None:
        if self.highlighted is None:
            return None
        kind, _sep, record_id = (self.get_option_at_index(self.highlighted).id or "").partition(":")
        return kind, record_id

    @property
    def step(self) -> KeyResultsStep:
        node = self.parent
        while node is not None and not isinstance(node, KeyResultsStep):
            node = node.parent
        assert isinstance(node, KeyResultsStep)
        return node

    def action_add(self) -> None:
        self.step.open_form(new=True)

    def action_edit(self) -> None:
        self.step.open_form(new=False)

    def action_delete(self) -> None:
        self.step.delete()


class KeyResultsStep(StepView):
    def __init__(self) -> None:
        super().__init__(id="step-key_results", classes="step-view")
        self.step_key = "key_results"

    def compose(self) -> ComposeResult:
        listing = KeyResultList(id="kr-list")
        listing.border_title = _("Objectives and their key results")
        yield listing

    @property
    def listing(self) -> KeyResultList:
        return self.query_one(KeyResultList)

    def refresh_data(self, select: str | None = None) -> None:
        if self.workshop is None:
            return
        listing = self.listing
        current = listing.current()
        keep = select or (f"{current[0]}:{current[1]}" if current else None)
        options: list[Option] = []
        for number, objective in enumerate(core.chosen(self.store, self.workshop), 1):
            krs = self.store.key_results(objective.id)
            options.append(
                Option(objective_text(number, objective, len(krs)), id=f"o:{objective.id}")
            )
            for kr_number, kr in enumerate(krs, 1):
                options.append(Option(kr_text(kr_number, kr), id=f"k:{kr.id}"))
        show_options(listing, options)
        set_border_subtitle(listing, "" if options else _("keep objectives in step 4 first"))
        ids = [o.id for o in options]
        if keep in ids:
            listing.highlighted = ids.index(keep)
        elif ids:
            listing.highlighted = 0

    def focus_first(self) -> None:
        self.listing.focus()

    def _objective_and_kr(self) -> tuple[Objective | None, KeyResult | None]:
        current = self.listing.current()
        if current is None:
            return None, None
        kind, record_id = current
        if kind == "k":
            kr = self.store.find(KeyResult, record_id)
            return (self.store.find(Objective, kr.objective_id) if kr else None), kr
        return self.store.find(Objective, record_id), None

    def open_form(self, *, new: bool) -> None:
        objective, kr = self._objective_and_kr()
        if objective is None:
            self.app.notify(_("Keep some objectives in step 4 first (PgUp goes back)."))
            return

        def done(saved: KeyResult | None) -> None:
            self.refresh_data(select=f"k:{saved.id}" if saved else None)
            self.listing.focus()

        self.app.push_screen(KeyResultForm(objective, None if new else kr), done)

    def delete(self) -> None:
        _objective, kr = self._objective_and_kr()
        if kr is None:
            self.app.notify(_("Put the cursor on a key result to delete it."))
            return

        async def done(yes: bool | None) -> None:
            if yes:
                await self.session.okr_app.write(core.delete_key_result, self.store, kr.id)
                self.refresh_data()

        self.app.push_screen(Confirm(_("Delete this key result?"), kr.title), done)

    @on(OptionList.OptionSelected, "#kr-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_form(new=(event.option.id or "").startswith("o:"))

    @on(OptionList.OptionHighlighted, "#kr-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.tell_coach()

    def tips(self) -> list[Tip]:
        objective, kr = self._objective_and_kr()
        if objective is None:
            return []
        if kr is not None:
            return core.kr_tips(objective, core.kr_form(kr))
        return core.objective_tips(self.store, objective)

    def presenter_text(self) -> Text:
        text = Text()
        if self.workshop is None:
            return text
        for number, objective in enumerate(core.chosen(self.store, self.workshop), 1):
            krs = self.store.key_results(objective.id)
            if text:
                text.append("\n\n")
            text.append_text(objective_text(number, objective, len(krs)))
            for kr_number, kr in enumerate(krs, 1):
                text.append("\n")
                text.append_text(kr_text(kr_number, kr))
        return text or Text(_("(keep objectives in step 4 first)"), style="dim")
