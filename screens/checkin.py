"""The check-in screen: this week's value, confidence and a note for each key result, fast.

One card per key result (the user's own, or a unit's): progress gauge, last
reading, a sparkline of past check-ins, and three fields. Enter walks value ->
confidence -> note and saves on the note; the next card then gets focus.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, Sparkline, Static

from okr_tui.checkin_input import ConfidenceError, read_confidence, read_value
from okr_tui.i18n import N_, _, ngettext, week_words
from okr_tui.models import CheckIn, KeyResult, Objective, Task, Unit
from okr_tui.numbers import NumberError, format_number
from okr_tui.rules import far_outside, progress
from okr_tui.weekly import Week, my_key_results, unit_key_results, units_with_objectives
from screens.base import OkrScreen, key_for
from screens.checkin_fields import Draft, card_field
from screens.checkin_words import last_text, spark_values, value_placeholder
from widgets.footer import QuietFooter
from widgets.gauge import ProgressGauge
from widgets.one_line import limit_of


class KrCard(Vertical):
    """One key result to check in: what it is, where it stands, and the three fields.

    The card is built with its numbers (from `checkins`, read once by the screen)
    rather than filled in after it mounts: each change after mounting restyles a
    widget, and a unit's dozen cards made that most of what opening the screen cost.
    """

    def __init__(
        self,
        kr: KeyResult,
        objective: Objective,
        checkins: list[CheckIn] | None = None,
        draft: Draft | None = None,
    ) -> None:
        super().__init__(id=f"card-{kr.id}", classes="kr-card")
        self.kr = kr
        self.objective = objective
        self._checkins = checkins
        self._draft = draft
        self.first_confidence = ""

    def compose(self) -> ComposeResult:
        store = self.screen_.store
        checkins = self._checkins if self._checkins is not None else store.checkins(self.kr.id)
        self._checkins = None
        last = checkins[-1] if checkins else None
        title = Text(self.kr.title, style="bold")
        title.append(f"  {self.objective.title}", style="dim")
        yield Static(title, classes="card-title")
        with Horizontal(classes="card-stats"):
            yield ProgressGauge(
                progress(self.kr, last.value if last else None), classes="card-gauge"
            )
            yield Static(last_text(self.kr, last, self.screen_.week), classes="card-last")
            yield Sparkline(spark_values(checkins), classes="card-spark")
        with Horizontal(classes="card-form"):
            confidence = "" if last is None or last.confidence is None else str(last.confidence)
            self.first_confidence = confidence
            draft = self._draft or Draft("", confidence, "")
            yield Label(_("Value"), classes="field-label")
            yield card_field(
                draft.value,
                value_placeholder(self.kr, last),
                classes="value",
                select_on_focus=True,
            )
            yield Label(_("Confidence"), classes="field-label")
            yield card_field(draft.confidence, "0-10", classes="confidence", max_length=5)
            yield Label(_("Note"), classes="field-label")
            yield card_field(
                draft.note, _("one line"), classes="note", max_length=limit_of(CheckIn, "note")
            )
        yield Static(self.tasks_text(), classes="card-message")

    @property
    def screen_(self) -> CheckInScreen:
        return self.screen  # type: ignore[return-value]

    def refresh_data(self) -> None:
        """Show the stored numbers again, leaving what the user is typing alone."""
        store = self.screen_.store
        self.kr = store.find(KeyResult, self.kr.id) or self.kr
        checkins = store.checkins(self.kr.id)
        last = checkins[-1] if checkins else None
        self.query_one(ProgressGauge).value = progress(self.kr, last.value if last else None)
        self.query_one(".card-last", Static).update(last_text(self.kr, last, self.screen_.week))
        values = spark_values(checkins)
        spark = self.query_one(Sparkline)
        if list(spark.data or []) != values:
            spark.data = values
        value = self.query_one(".value", Input)
        value.placeholder = value_placeholder(self.kr, last)
        if not self.query_one(".card-message", Static).has_class("-error"):
            self.show(self.tasks_text())

    def tasks_text(self) -> Text:
        tasks = self.screen_.store.by(Task, "kr_id", self.kr.id)
        done = sum(1 for t in tasks if t.status == "done")
        open_ = len(tasks) - done
        if not tasks:
            no_tasks = _("no tasks · {key} to add").format(key=key_for(self.screen, "tasks"))
            return Text(no_tasks, style="dim")
        text = Text(_("{open} open, {done} done").format(open=open_, done=done), style="dim")
        upcoming = [t for t in tasks if t.status != "done"][:2]
        if upcoming:
            text.append(_(": "), style="dim")
            text.append(_(", ").join(t.title for t in upcoming), style="dim")
        return text

    def show(self, message: Text | str, *, error: bool = False) -> None:
        target = self.query_one(".card-message", Static)
        target.set_class(error, "-error")
        target.update(message if isinstance(message, Text) else Text(message))

    def focus_value(self, field: str = "value") -> None:
        # At once (Screen.set_focus), not after the queue (Widget.focus): the next key
        # typed must already land here.
        self.screen.set_focus(self.query_one(f".{field}", Input))
        self.scroll_visible()

    def focused_field(self) -> str:
        """Which of the card's fields has focus: value, confidence or note."""
        for field in FIELDS:
            if self.query_one(f".{field}", Input).has_focus:
                return field
        return "value"

    def reading(self) -> tuple[float, int | None, str]:
        """What was typed, read; raises ValueError naming the field to fix."""
        value_input = self.query_one(".value", Input)
        try:
            value = read_value(value_input.value, self.kr)
        except NumberError as exc:
            raise ValueError(_("Value: {problem}").format(problem=exc)) from None
        confidence = read_confidence(self.query_one(".confidence", Input).value)
        return value, confidence, self.query_one(".note", Input).value.strip()

    def clear(self) -> None:
        """After a save: value and note empty; the confidence saved is the new starting one."""
        self.query_one(".value", Input).value = ""
        self.query_one(".note", Input).value = ""
        self.first_confidence = self.query_one(".confidence", Input).value

    def draft(self) -> Draft | None:
        """What the user typed and has not saved, or None when the fields are as they came."""
        typed = Draft(
            self.query_one(".value", Input).value,
            self.query_one(".confidence", Input).value,
            self.query_one(".note", Input).value,
        )
        if typed.value.strip() or typed.note.strip() or typed.confidence != self.first_confidence:
            return typed
        return None


FIELDS = ("value", "confidence", "note")

CARD_ROWS = 5
"""Rows a card takes on screen, its margin included (checkin.tcss)."""


class CheckInScreen(OkrScreen):
    """Check in this week's numbers: your key results, or a unit's."""

    CSS_PATH = "checkin.tcss"
    # Not the first focusable widget (the list of cards): the first card's value field
    # gets focus once the cards are mounted, and focusing the list first restyles every card.
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", N_("Back")),
        # Priority: the scrolling list of cards would otherwise take up and down for itself.
        Binding("down", "move(1)", N_("Next KR"), priority=True, show=False),
        Binding("up", "move(-1)", N_("Prev KR"), priority=True, show=False),
        Binding("ctrl+t", "tasks", N_("Tasks")),
        Binding("ctrl+o", "switch_scope", N_("Mine/unit")),
        Binding("ctrl+g", "history", N_("History")),
    ]

    def __init__(self, *, unit_id: str | None = None, kr_id: str | None = None) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.start_kr = kr_id
        self._shown: list[str] = []
        self._saving: set[str] = set()
        self._generation = 0

    @property
    def week(self) -> Week:
        return Week.of(self.okr_app.today)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="checkin-heading")
        yield VerticalScroll(id="checkin-cards")
        yield Static(id="checkin-empty")
        yield QuietFooter(at_once=True)

    async def on_mount(self) -> None:
        await self.rebuild()

    def key_results(self) -> list[tuple[KeyResult, Objective]]:
        period = self.okr_app.period_id
        if self.unit_id:
            return unit_key_results(self.store, self.unit_id, period, self.user)
        return my_key_results(self.store, self.user, period)

    def scope_name(self) -> str:
        unit = self.store.find(Unit, self.unit_id) if self.unit_id else None
        return unit.name if unit else _("Your key results")

    def heading(
        self,
        pairs: list[tuple[KeyResult, Objective]],
        checkins: dict[str, list[CheckIn]] | None = None,
    ) -> Text:
        week = self.week
        done = sum(
            1
            for kr, _ in pairs
            if any(
                week.contains(c.at)
                for c in (
                    checkins[kr.id]
                    if checkins is not None
                    else self.store.by(CheckIn, "kr_id", kr.id)
                )
            )
        )
        text = Text(self.scope_name(), style="bold")
        text.append(f" · {self.okr_app.period_id} · {week_words(week)}")
        if pairs:
            checked = _("{done} of {count} checked in this week").format(
                done=done, count=len(pairs)
            )
            text.append(f" · {checked}", style="dim")
        return text

    def drafts(self) -> dict[str, Draft]:
        """The cards' typed, unsaved fields, by key result."""
        found = {card.kr.id: card.draft() for card in self.query(KrCard)}
        return {kr_id: draft for kr_id, draft in found.items() if draft is not None}

    async def action_leave(self) -> None:
        drafts = self.drafts()
        if not drafts:
            await self.okr_app.action_back()
            return
        from screens.leave_dialog import LeaveUnsaved

        count = len(drafts)
        question = ngettext(
            "What you typed for a key result is not saved yet.",
            "What you typed for {count} key results is not saved yet.",
            count,
        ).format(count=count)
        self.app.push_screen(LeaveUnsaved(question), self._leave_answered)

    async def _leave_answered(self, leave: bool | None) -> None:
        if leave:
            await self.okr_app.action_back()

    async def rebuild(self, *, keep_place: bool = False) -> None:
        """Build the cards again; what is typed is kept, and with `keep_place` the cursor too.

        A colleague's change that adds or removes a key result must not wipe what the
        user is typing or move the cursor (`keep_place`); switching scope starts at the top.
        """
        drafts = self.drafts()
        current = self.current_card() if keep_place else None
        field = "value"
        if current is not None:
            self.start_kr = current.kr.id
            field = current.focused_field()
        pairs = self.key_results()
        self._shown = [kr.id for kr, _ in pairs]
        self._generation += 1
        # Read once: the heading counts this week's and each card draws its own.
        checkins = {kr.id: self.store.checkins(kr.id) for kr, _ in pairs}
        self.query_one("#checkin-heading", Static).update(self.heading(pairs, checkins))
        cards = self.query_one("#checkin-cards", VerticalScroll)
        await cards.remove_children()
        empty = self.query_one("#checkin-empty", Static)
        empty.display = not pairs
        cards.display = bool(pairs)
        if not pairs:
            none = (
                _("No key results this unit has in {period}.")
                if self.unit_id
                else _("No key results you own in {period}.")
            ).format(period=self.okr_app.period_id)
            press = _(
                "Press {switch} to check in for a unit's key results, or {back} to go back."
            ).format(switch=self.key_for("switch_scope"), back=self.key_for("leave"))
            empty.update(Text(f"{none}\n{press}"))
            return
        start = self.start_kr if self.start_kr in self._shown else self._shown[0]
        self.start_kr = None
        # The cards that fit on screen (and the one to start on) come before the first
        # frame; the others right after it, so a long list does not hold up the first.
        first = max(self.app.size.height // CARD_ROWS + 1, self._shown.index(start) + 2)
        await cards.mount_all(
            KrCard(kr, ob, checkins[kr.id], drafts.get(kr.id)) for kr, ob in pairs[:first]
        )
        kept = current is not None and start == current.kr.id
        self.card(start).focus_value(field if kept else "value")
        if pairs[first:]:
            self.call_after_refresh(self._mount_rest, pairs[first:], self._generation, drafts)

    async def _mount_rest(
        self,
        pairs: list[tuple[KeyResult, Objective]],
        generation: int,
        drafts: dict[str, Draft],
    ) -> None:
        if generation != self._generation or not self.is_attached:
            return  # rebuilt (or closed) meanwhile
        # Built now, not with the first cards: the workspace may have changed since.
        await self.query_one("#checkin-cards", VerticalScroll).mount_all(
            KrCard(kr, objective, draft=drafts.get(kr.id)) for kr, objective in pairs
        )

    def on_workspace_changed(self) -> None:
        pairs = self.key_results()
        if [kr.id for kr, _ in pairs] != self._shown:
            self.call_later(partial(self.rebuild, keep_place=True))
            return
        self.query_one("#checkin-heading", Static).update(self.heading(pairs))
        for card in self.query(KrCard):
            card.refresh_data()

    def card(self, kr_id: str) -> KrCard:
        return self.query_one(f"#card-{kr_id}", KrCard)

    def current_card(self) -> KrCard | None:
        node = self.focused
        while node is not None and not isinstance(node, KrCard):
            node = node.parent  # type: ignore[assignment]
        return node

    def action_move(self, step: int) -> None:
        cards = list(self.query(KrCard))
        if not cards:
            return
        current = self.current_card()
        index = cards.index(current) if current in cards else -step
        cards[max(0, min(len(cards) - 1, index + step))].focus_value()

    def submit_field(self, field: Input) -> None:
        """Enter on a card's field: check it, then move on (or save, on the note).

        Called while the Enter key is handled, not from a message afterwards: the
        keys typed right after Enter must land in the next field, however fast.
        """
        card = self.current_card()
        if card is None:
            return
        if field.has_class("value"):
            try:
                read_value(field.value, card.kr)
            except NumberError as exc:
                card.show(f"Value: {exc}", error=True)
                return
            card.show(card.tasks_text())
            self.set_focus(card.query_one(".confidence", Input))
        elif field.has_class("confidence"):
            try:
                read_confidence(field.value)
            except ValueError as exc:
                card.show(str(exc).capitalize(), error=True)
                return
            card.show(card.tasks_text())
            self.set_focus(card.query_one(".note", Input))
        elif card.kr.id not in self._saving:
            self._saving.add(card.kr.id)
            # A worker, so that a colleague's session holding the lock never freezes the keys.
            self.save(card)

    @work(group="checkin-save")
    async def save(self, card: KrCard) -> None:
        try:
            await self._save(card)
        finally:
            self._saving.discard(card.kr.id)

    async def _save(self, card: KrCard) -> None:
        try:
            value, confidence, note = card.reading()
        except ValueError as exc:
            card.show(str(exc)[:1].upper() + str(exc)[1:], error=True)
            # By its kind, not its words: the message is in the language spoken.
            field = ".confidence" if isinstance(exc, ConfidenceError) else ".value"
            card.query_one(field, Input).focus()
            return
        if not await self.far_value_confirmed(card, value):
            return
        card.show(Text(_("saving…"), style="dim italic"))
        saved = await self.okr_app.write(
            self.store.check_in, card.kr.id, value, confidence=confidence, note=note
        )
        if saved is None:
            # What was typed stays in the fields: press enter on the note to try again.
            card.show(
                _("Not saved: your entry is kept, press enter on the note to retry."), error=True
            )
            return
        still_here = self.current_card() in (card, None)
        card.clear()
        shown = format_number(saved.value, card.kr.measure)
        card.refresh_data()
        saved_text = _("✓ saved {value}").format(value=shown)
        if confidence is not None:
            saved_text += " · " + _("confidence {confidence}/10").format(confidence=confidence)
        card.show(Text(saved_text, style="green"))
        cards = list(self.query(KrCard))
        position = cards.index(card)
        if not still_here:
            return  # the user moved on while it saved: leave the cursor where they are
        if position + 1 < len(cards):
            cards[position + 1].focus_value()
        else:
            self.notify(_("That was the last key result: all checked in. Thank you!"), timeout=4)

    async def far_value_confirmed(self, card: KrCard, value: float) -> bool:
        """True unless the value is far outside the KR's range and the user says it is a slip."""
        far = far_outside(card.kr, value)
        if far is None:
            return True
        from screens.checkin_dialogs import FarValueConfirm

        if await self.app.push_screen_wait(FarValueConfirm(far.question)):
            return True
        card.show(_("Not saved: fix the value (or press y when asked, to keep it)."), error=True)
        card.query_one(".value", Input).focus()
        return False

    def action_tasks(self) -> None:
        card = self.current_card()
        if card is not None:
            from screens.task_dialog import TaskListDialog

            self.app.push_screen(TaskListDialog(kr_id=card.kr.id))

    def action_history(self) -> None:
        card = self.current_card()
        if card is not None:
            self.okr_app.action_open("history", kr_id=card.kr.id)

    async def action_switch_scope(self) -> None:
        """Cycle: your key results, then each unit with objectives this period."""
        units = [u.id for u in units_with_objectives(self.store, self.okr_app.period_id)]
        choices: list[str | None] = [None, *units]
        index = choices.index(self.unit_id) if self.unit_id in choices else 0
        self.unit_id = choices[(index + 1) % len(choices)]
        await self.rebuild()
