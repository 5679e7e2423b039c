"""The estimate round dialog: a confidence round (weekly review) or a score round (scoring).

Whoever opens the dialog on a key result with no round open starts one and
facilitates it. Everyone types their own answer; before the reveal each
person sees only theirs and how many have answered. The facilitator reveals
(every value, the spread, answers far from the median marked) and then
records the agreed value. The rules live in okr_tui.estimate_rounds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from okr_tui import estimate_rounds as rounds
from okr_tui.i18n import N_, _
from okr_tui.models import Estimate, EstimateRound, KeyResult, RoundKind
from okr_tui.store import WorkspaceError

if TYPE_CHECKING:
    from okr_tui.app import OkrApp
    from screens.base import OkrScreen

TITLES: dict[RoundKind, str] = {"confidence": N_("Confidence round"), "score": N_("Score round")}
HINTS: dict[RoundKind, str] = {"confidence": N_("0 to 10"), "score": N_("0.0 to 1.0")}


async def open_round(screen: OkrScreen, kr_id: str, kind: RoundKind) -> None:
    """Show the key result's open round, or start one (the user facilitates it)."""
    current = rounds.open_round(screen.store, kr_id, kind)
    if current is None:
        current = await screen.okr_app.write(rounds.start_round, screen.store, kr_id, kind)
    if current is not None:
        await screen.app.push_screen(EstimateRoundDialog(round_id=current.id))


def answers_text(round_: EstimateRound, viewer: str, store_answers: list[Estimate]) -> Text:
    """Every revealed answer, one a line; those far from the median marked."""
    far = rounds.outliers(store_answers, round_.kind)
    text = Text()
    for estimate in store_answers:
        line = f"{estimate.author:<16} {rounds.format_value(estimate.value, round_.kind)}"
        if estimate.author in far:
            far_line = _("◆ far from the median")
            text.append(f"\n{line}  {far_line}", style="bold yellow")
        else:
            text.append(f"\n{line}", style="bold" if estimate.author == viewer else "")
    found = rounds.spread(e.value for e in store_answers)
    if found is not None:
        text.append("\n" + rounds.spread_line(found, round_.kind), style="dim")
    return text


class EstimateRoundDialog(ModalScreen[None]):
    """One round on one key result, as the user at this seat sees it."""

    CSS_PATH = "estimate_round.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close")),
        Binding("ctrl+r", "reveal", show=False),
    ]

    def __init__(self, *, round_id: str) -> None:
        super().__init__()
        self.round_id = round_id

    @property
    def okr_app(self) -> OkrApp:
        return cast("OkrApp", self.app)

    @property
    def round(self) -> EstimateRound | None:
        return self.okr_app.store.find(EstimateRound, self.round_id)

    def compose(self) -> ComposeResult:
        round_ = self.round
        kind: RoundKind = round_.kind if round_ else "confidence"
        kr = self.okr_app.store.find(KeyResult, round_.kr_id) if round_ else None
        with Vertical(id="dialog"):
            yield Label(Text(_(TITLES[kind])), classes="dialog-title")
            yield Label(Text(kr.title if kr else ""), classes="dialog-subtitle")
            yield Static(id="round-status")
            yield Static(id="round-answers")
            yield Input(placeholder=_(HINTS[kind]), id="round-value")
            yield Static(id="round-problem")
            with Horizontal(id="round-buttons"):
                yield Button(Text(_("Reveal (ctrl+r)")), id="round-reveal")
                yield Button(Text(_("End without agreeing")), id="round-cancel")
            yield Static(id="round-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.reload()
        self.okr_app.workspace_changed.subscribe(self, lambda _change: self.reload())
        self.query_one(Input).focus()

    def on_unmount(self) -> None:
        self.okr_app.workspace_changed.unsubscribe(self)

    # -- what this seat sees --------------------------------------------------------------
    def reload(self) -> None:
        round_ = self.round
        if round_ is None:
            return
        store, user = self.okr_app.store, self.okr_app.user
        leads = round_.facilitator == user
        count, of = rounds.answered(store, round_)
        status = Text(
            _("{who} facilitates").format(who=round_.facilitator)
            + f" · {rounds.answered_line(count, of)}"
        )
        mine = rounds.my_estimate(store, round_.id, user)
        if mine is not None and round_.state == "open":
            yours = _("yours: {value}").format(value=rounds.format_value(mine.value, round_.kind))
            status.append(f" · {yours}", "bold")
        self.query_one("#round-status", Static).update(status)
        shown = rounds.visible_estimates(store, round_.id, user)
        revealed = round_.state != "open"
        self.query_one("#round-answers", Static).update(
            answers_text(round_, user, shown) if revealed else Text("")
        )
        self.query_one("#round-reveal").display = leads and round_.state == "open"
        self.query_one("#round-cancel").display = leads and round_.state in rounds.OPEN_STATES
        field = self.query_one(Input)
        field.display = round_.state == "open" or (leads and round_.state == "revealed")
        if leads and round_.state == "revealed" and not field.value:
            found = rounds.spread(e.value for e in shown)
            field.value = rounds.format_value(found.median, round_.kind) if found else ""
            field.value = field.value.removesuffix("/10")
        self.query_one("#round-hint", Static).update(Text(self.hint(round_, leads), style="dim"))

    def hint(self, round_: EstimateRound, leads: bool) -> str:
        if round_.state == "agreed" and round_.agreed is not None:
            agreed = rounds.format_value(round_.agreed, round_.kind)
            return _("Agreed: {value}, recorded by {who} · esc closes").format(
                value=agreed, who=round_.facilitator
            )
        if round_.state == "cancelled":
            return _("{who} ended the round without agreeing · esc closes").format(
                who=round_.facilitator
            )
        if round_.state == "revealed":
            if leads:
                return _("Type the agreed value · enter records it · esc closes")
            return _("{who} records the agreed value · esc closes").format(who=round_.facilitator)
        hint = _("enter saves your answer: only you see it until the reveal")
        if leads:
            hint += " · " + _("ctrl+r reveals")
        return hint + " · " + _("esc closes")

    def show_problem(self, message: str) -> None:
        self.query_one("#round-problem", Static).update(Text(message, style="red"))

    # -- moves ---------------------------------------------------------------------------
    @on(Input.Submitted)
    async def submitted(self, event: Input.Submitted) -> None:
        round_ = self.round
        if round_ is None:
            return
        try:
            value = rounds.read_value(event.value, round_.kind)
        except WorkspaceError as exc:
            self.show_problem(str(exc))
            return
        self.show_problem("")
        store = self.okr_app.store
        if round_.state == "revealed" and round_.facilitator == self.okr_app.user:
            await self.okr_app.write(rounds.agree, store, round_.id, value)
        elif await self.okr_app.write(rounds.answer, store, round_.id, value) is not None:
            event.input.value = ""
        self.reload()

    @on(Button.Pressed, "#round-reveal")
    async def action_reveal(self) -> None:
        round_ = self.round
        if round_ is not None and round_.facilitator == self.okr_app.user:
            await self.okr_app.write(rounds.reveal, self.okr_app.store, round_.id)
            self.reload()

    @on(Button.Pressed, "#round-cancel")
    async def cancel_round(self) -> None:
        await self.okr_app.write(rounds.cancel, self.okr_app.store, self.round_id)
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
