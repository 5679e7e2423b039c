"""The dialog for changing an objective or key result mid-quarter: edit, re-target or drop.

OKRs may change when more important work comes, but a committed one changes
only with a reason, which the change's Event keeps for the history screen.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from okr_tui.coach import retarget_hint
from okr_tui.conflicts import notes_for_save
from okr_tui.i18n import _
from okr_tui.models import KeyResult, Objective
from okr_tui.numbers import NumberError, format_number, read_number
from okr_tui.privacy import can_see, hidden_label
from okr_tui.store import WorkspaceError
from screens.task_dialog import _Dialog, read_due
from widgets.one_line import OneLineInput, limit_of

Mode = Literal["edit", "retarget", "drop"]


class TargetError(ValueError):
    """The target field cannot be saved; the message goes beside it."""


class ChangeDialog(_Dialog):
    """Change one objective or key result, with the reason a committed one needs."""

    CSS_PATH: ClassVar[list[str]] = ["task_dialog.tcss", "change_dialog.tcss"]  # type: ignore[assignment]

    def __init__(self, *, kind: str = "kr", record_id: str = "", mode: Mode = "edit") -> None:
        super().__init__()
        self.kind = kind
        self.record_id = record_id
        self.mode: Mode = mode
        self.base: Objective | KeyResult | None = None
        """The version the form was filled from: what this user edits is measured against it."""

    @property
    def record_type(self) -> type[Objective] | type[KeyResult]:
        return Objective if self.kind == "objective" else KeyResult

    @property
    def noun(self) -> str:
        return "objective" if self.kind == "objective" else "key result"

    def committed(self) -> bool:
        store = self.okr_app.store
        record = store.find(self.record_type, self.record_id)
        if isinstance(record, KeyResult):
            objective = store.find(Objective, record.objective_id)
            return objective is not None and objective.status == "committed"
        return isinstance(record, Objective) and record.status == "committed"

    def hidden(self) -> bool:
        """True when the record is, or sits under, a private objective this user may not read."""
        store = self.okr_app.store
        record = store.find(self.record_type, self.record_id)
        objective = (
            store.find(Objective, record.objective_id) if isinstance(record, KeyResult) else record
        )
        return isinstance(objective, Objective) and not can_see(objective, self.okr_app.user)

    def compose(self) -> ComposeResult:
        record = (
            None if self.hidden() else self.okr_app.store.find(self.record_type, self.record_id)
        )
        self.base = record
        title = record.title if record else hidden_label(1) if self.hidden() else self.record_id
        headings = (
            {
                "edit": _("Edit objective"),
                "retarget": _("Re-target objective"),
                "drop": _("Drop objective"),
            }
            if self.kind == "objective"
            else {
                "edit": _("Edit key result"),
                "retarget": _("Re-target key result"),
                "drop": _("Drop key result"),
            }
        )
        with Vertical(id="dialog", classes=f"change-{self.mode}"):
            yield Label(headings[self.mode], classes="dialog-title")
            yield Label(Text(title), classes="dialog-subtitle")
            if self.mode == "drop":
                yield Label(
                    _(
                        "It stays in the history and reports of past weeks, but gets no more "
                        "check-ins and no score."
                    ),
                    classes="dialog-note",
                )
            if self.mode == "edit":
                yield Label(_("Title"), classes="dialog-label")
                yield OneLineInput(
                    title, id="change-title", max_length=limit_of(self.record_type, "title")
                )
            if isinstance(record, KeyResult) and self.mode in ("edit", "retarget"):
                with Horizontal(classes="dialog-row"):
                    with Vertical():
                        was = _("Target (was {target})").format(target=self.target_text(record))
                        yield Label(was, classes="dialog-label")
                        yield Input(self.target_text(record, blank=""), id="change-target")
                        yield Static(id="change-target-error")
                    with Vertical():
                        yield Label(_("Due (optional)"), classes="dialog-label")
                        yield Input(
                            record.due.isoformat() if record.due else "",
                            placeholder="2026-12-31",
                            id="change-due",
                        )
            required = self.committed()
            why = _("Why? (required: it is committed)") if required else _("Why? (optional)")
            yield Label(why, classes="dialog-label")
            yield OneLineInput(
                placeholder=_("e.g. more important work came in"), id="change-reason"
            )
            yield from self.buttons()

    def target_text(self, kr: KeyResult, blank: str | None = None) -> str:
        if kr.target is None:
            return _("none") if blank is None else blank
        return format_number(kr.target, kr.measure)

    def on_mount(self) -> None:
        self.show_target_error("")
        first = {"edit": "#change-title", "retarget": "#change-target", "drop": "#change-reason"}
        found = self.query(first[self.mode])
        (found.first() if found else self.query_one("#change-reason")).focus()

    def changes(self, record: Objective | KeyResult) -> dict[str, Any]:
        """The fields that change; raises ValueError with a sentence for bad input."""
        if self.mode == "drop":
            return {"status": "dropped"}
        changes: dict[str, Any] = {}
        if self.mode == "edit":
            title = self.query_one("#change-title", Input).value.strip()
            if not title:
                raise ValueError(_("The title cannot be empty."))
            changes["title"] = title
        if isinstance(record, KeyResult):
            changes["target"] = self.read_target(record)
            due: date | None = read_due(self.query_one("#change-due", Input).value)
            changes["due"] = due
        return {k: v for k, v in changes.items() if getattr(record, k) != v}

    def read_target(self, kr: KeyResult) -> float | None:
        """The target typed, shown beside the field when it cannot be saved (TargetError)."""
        text = self.query_one("#change-target", Input).value
        if not text.strip():
            if kr.milestone:
                return None  # a milestone's target is done (1), filled in by the model
            raise TargetError(
                _("a key result needs a target, like {percent} or {number}").format(
                    percent="70%", number="250,000"
                )
            )
        try:
            return read_number(text).value
        except NumberError as exc:
            raise TargetError(str(exc)) from None

    def show_target_error(self, message: str) -> None:
        found = self.query("#change-target-error")
        if found:
            error = found.first(Static)
            error.update(Text(message))
            error.display = bool(message)

    async def save(self) -> bool:
        store = self.okr_app.store
        # What others saved since the form was filled (the save re-reads it anyway).
        with contextlib.suppress(WorkspaceError):
            await asyncio.to_thread(store.refresh)
        record = store.find(self.record_type, self.record_id)
        if self.hidden():
            self.show_error(
                _("This objective is private: only its owner may change it.")
                if self.kind == "objective"
                else _("This key result is private: only its owner may change it.")
            )
            return False
        if record is None:
            self.show_error(
                _("This objective is gone (deleted in another session).")
                if self.kind == "objective"
                else _("This key result is gone (deleted in another session).")
            )
            return False
        # Only the fields this user edited: a field someone else changed meanwhile and
        # this user left alone keeps the colleague's value.
        base = self.base if type(self.base) is type(record) else record
        self.show_target_error("")
        try:
            changes = self.changes(base)
        except TargetError as exc:
            self.show_error("")
            self.show_target_error(str(exc))
            self.query_one("#change-target", Input).focus()
            return False
        except ValueError as exc:
            self.show_error(str(exc))
            return False
        if not changes:
            self.show_error(_("Nothing changed."))
            return False
        reason = self.query_one("#change-reason", Input).value.strip()
        if self.committed() and not reason:
            self.show_error(
                _("This objective is committed: say why it changes.")
                if self.kind == "objective"
                else _("This key result is committed: say why it changes.")
            )
            self.query_one("#change-reason", Input).focus()
            return False
        overwritten: list[str] = []
        if base != record:
            events = await asyncio.to_thread(store.events, self.record_id)
            overwritten = notes_for_save(
                base, changes, events, self.okr_app.user, today=self.okr_app.today
            )
        result = await self.okr_app.write(
            store.update, self.record_type, self.record_id, reason=reason, **changes
        )
        if result is not None and overwritten:
            self.okr_app.notify(
                "\n".join(overwritten),
                title=_("Saved over a colleague's change"),
                severity="warning",
                timeout=12,
            )
        if result is not None and isinstance(base, KeyResult) and "target" in changes:
            saved = store.find(KeyResult, self.record_id)
            hint = retarget_hint(saved, base.target) if saved is not None else None
            if hint is not None:
                self.okr_app.notify(hint.message, title=_("Coach"), severity="warning", timeout=12)
        return result is not None
