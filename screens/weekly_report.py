"""The weekly report of a unit, as `okr report weekly` writes it, with a key to save it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Markdown

from okr_tui.i18n import N_, _
from okr_tui.models import Unit
from okr_tui.plain_text import file_stem
from okr_tui.weekly import Week
from okr_tui.weekly_report import weekly_report
from screens.base import OkrScreen, week_step
from widgets.footer import QuietFooter


class WeeklyReportScreen(OkrScreen):
    """The weekly report of a unit, as the Markdown `okr report weekly` writes."""

    CSS_PATH = "weekly_report.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.back", N_("Back")),
        Binding("left_square_bracket", "week(-1)", N_("Prev week"), key_display="["),
        Binding("right_square_bracket", "week(1)", N_("Next week"), key_display="]"),
        Binding("p", "private", N_("Own private")),
        Binding("s", "save", N_("Save")),
    ]

    def __init__(self, *, unit_id: str = "", week: str | None = None) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.week_label = week
        self.include_private = False
        self.text = ""

    @property
    def week(self) -> Week:
        return Week.parse(self.week_label) if self.week_label else Week.of(self.okr_app.today)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report-scroll"):
            yield Markdown(id="report")
        yield QuietFooter(at_once=True)

    def on_mount(self) -> None:
        self.on_workspace_changed()
        self.query_one("#report-scroll").focus()

    def on_workspace_changed(self) -> None:
        self.text = weekly_report(
            self.store,
            self.unit_id,
            self.week,
            self.okr_app.today,
            self.user,
            include_private=self.include_private,
            period_id=self.okr_app.period_id,
        )
        self.query_one(Markdown).update(self.text)

    def action_week(self, step: int) -> None:
        label = week_step(self, self.week, step)
        if label is not None:
            self.week_label = label
            self.on_workspace_changed()

    def action_private(self) -> None:
        self.include_private = not self.include_private
        self.notify(
            _("Your own private objectives are included.")
            if self.include_private
            else _("Your own private objectives are left out."),
            timeout=3,
        )
        self.on_workspace_changed()

    def file_name(self) -> str:
        """Like weekly-report-TeeBee-2026-W49.md: the unit and the week, as the report shows."""
        unit = self.store.find(Unit, self.unit_id)
        stem = file_stem(unit.name if unit else self.unit_id, "unit")
        return f"weekly-report-{stem}-{self.week.label}.md"

    def action_save(self) -> None:
        """Save what is on screen (with own private objectives only when they are shown)."""
        self.okr_app.save_text(self.file_name(), self.text, _("weekly report"))
