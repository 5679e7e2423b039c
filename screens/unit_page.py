"""A unit's or a person's page: charter, current OKRs with progress, and their record.

Anyone can read any page (OKRs are open); private objectives show in full only
to their owner, and as a count to everyone else. User text is drawn as plain
Text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from okr_tui.alignment.flags import alignment_flags, flag_word
from okr_tui.alignment.history import (
    PeriodRecord,
    person_objectives,
    person_record,
    person_units,
    unit_record,
)
from okr_tui.alignment.values import kr_value, objective_value
from okr_tui.i18n import N_, _, ngettext
from okr_tui.models import Charter, Objective, Unit
from okr_tui.privacy import hidden_label, split_visible
from okr_tui.rules import BAND_COLOUR, band, format_percent, format_score, score_band
from okr_tui.units import path_of
from okr_tui.words import KIND_WORDS
from screens.alignment import value_text
from screens.base import OkrScreen
from widgets.footer import QuietFooter

CHART_CELLS = 20
LABEL_CELLS = 9
"""The charter's labels take this many cells (at least), so its lines start together."""


def ljust_cells(text: str, cells: int) -> str:
    """`text` left-aligned in `cells` terminal cells: a Chinese character takes two."""
    return text + " " * max(0, cells - cell_len(text))


@dataclass
class Subject:
    """Whose page this is: a unit, or a person (with their person unit when they have one)."""

    unit: Unit | None
    login: str = ""
    name: str = ""


def record_chart(records: list[PeriodRecord], current: str) -> Text:
    """One bar per period, oldest first: the small chart of how the unit did over time."""
    if not records:
        return Text(_("No OKRs in any period yet."), style="italic")
    out = Text()
    width = max(cell_len(r.period_id) for r in records)
    for record in records:
        value = record.value.value
        out.append(ljust_cells(record.period_id, width) + " ")
        if value is None:
            out.append("·" * CHART_CELLS, style="dim")
            out.append("    –", style="dim")
        else:
            filled = round(value * CHART_CELLS)
            is_score = record.value.kind == "score"
            style = BAND_COLOUR[score_band(value) if is_score else band(value)]
            out.append("█" * filled, style=style)
            out.append("░" * (CHART_CELLS - filled), style="dim")
            shown = format_score(value) if is_score else format_percent(value)
            out.append(f" {shown:>4}", style=style)
            out.append(" " + (_("score") if is_score else _("so far")), style="dim")
        count = ngettext("{count} objective", "{count} objectives", record.objectives)
        out.append("  " + count.format(count=record.objectives), style="dim")
        if record.hidden:
            out.append(" " + _("+{count} private").format(count=record.hidden), style="dim italic")
        if record.period_id == current:
            out.append("  " + _("◂ now"), style="bold")
        out.append("\n")
    out.rstrip()
    return out


class UnitPageScreen(OkrScreen):
    """The page of one unit or one person: anyone may open it."""

    CSS_PATH = "unit_page.tcss"
    READS = frozenset(
        {
            "objectives",
            "key_results",
            "checkins",
            "scores",
            "units",
            "people",
            "periods",
            "charters",
        }
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("u", "up", N_("Parent unit")),
        Binding("t", "tree", N_("Alignment")),
        Binding("left_square_bracket", "period(-1)", N_("Earlier period"), show=False),
        Binding("right_square_bracket", "period(1)", N_("Period"), key_display="[ ]"),
    ]

    def __init__(self, *, unit_id: str = "", login: str = "", period_id: str = "") -> None:
        super().__init__()
        self.unit_id = unit_id
        self.login = login
        self.period_id = period_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="page-body"):
            yield Static(id="page-head")
            yield Static(id="page-charter", classes="section")
            yield Static(id="page-okrs", classes="section")
            yield Static(id="page-record", classes="section")
        yield QuietFooter(at_once=True)

    def on_mount(self) -> None:
        if not self.period_id:
            self.period_id = self.okr_app.period_id
        self.on_workspace_changed()
        self.query_one("#page-body").focus()

    # -- whose page --------------------------------------------------------------------
    def subject(self) -> Subject | None:
        store = self.store
        if self.login:
            units = person_units(store, self.login)
            unit = next((u for u in units if not u.archived), units[0] if units else None)
            person = store.person(self.login)
            name = (person.name if person else "") or (unit.name if unit else "") or self.login
            return Subject(unit, self.login, name)
        unit = store.find(Unit, self.unit_id)
        if unit is None and not self.unit_id:
            mine = person_units(store, self.user)
            if mine:
                return Subject(mine[0], self.user, mine[0].name)
            tops = [u for u in store.units() if u.parent_id is None]
            unit = tops[0] if tops else None
        if unit is None:
            return None
        if unit.kind == "person" and unit.person_login:
            return Subject(unit, unit.person_login, unit.name)
        return Subject(unit, "", unit.name)

    # -- drawing -------------------------------------------------------------------------
    def on_workspace_changed(self) -> None:
        subject = self.subject()
        head = self.query_one("#page-head", Static)
        sections = [
            self.query_one(f"#page-{name}", Static) for name in ("charter", "okrs", "record")
        ]
        if subject is None:
            head.update(Text(_("No such unit or person: it may have been removed. Esc goes back.")))
            for section in sections:
                section.display = False
            return
        for section in sections:
            section.display = True
        head.update(self._head(subject))
        charter, okrs, record = sections
        charter.border_title = _("Charter")
        charter.update(self._charter(subject))
        okrs.border_title = _("OKRs · {period}").format(period=self.period_id)
        okrs.update(self._okrs(subject))
        record.border_title = _("Record")
        if subject.login:
            records = person_record(self.store, subject.login, self.user)
        else:
            records = unit_record(self.store, subject.unit.id if subject.unit else "", self.user)
        record.update(record_chart(records, self.period_id))
        self.sub_title = subject.name

    def _head(self, subject: Subject) -> Text:
        text = Text(subject.name, style="bold")
        unit = subject.unit
        if subject.login:
            text.append(f"  @{subject.login}", style="dim")
            text.append("  " + _(KIND_WORDS["person"]), style="italic")
        elif unit is not None:
            text.append(f"  {_(KIND_WORDS[unit.kind])}", style="italic")
        if unit is not None and unit.archived:
            text.append(
                "  " + _("archived: hidden from the tree, history kept"), style="dim italic"
            )
        if unit is not None:
            chain = path_of(self.store, unit.id)
            if len(chain) > 1:
                text.append("\n")
                text.append(
                    _("in {units}").format(units=" › ".join(u.name for u in chain[:-1])),
                    style="dim",
                )
        return text

    def _charter(self, subject: Subject) -> Text:
        found = self.store.by(Charter, "unit_id", subject.unit.id) if subject.unit else []
        charter = found[0] if found else None
        lines = [
            (_("Mission"), charter.mission if charter else ""),
            (_("Vision"), charter.vision if charter else ""),
            (_("Strategy"), charter.strategy if charter else ""),
        ]
        if not any(value for _label, value in lines):
            return Text(_("No charter yet: a workshop starts with the mission."), style="italic")
        text = Text()
        for label, value in lines:
            if value:
                text.append(ljust_cells(label, LABEL_CELLS), style="bold")
                text.append(value)
                text.append("\n")
        text.rstrip()
        return text

    def _objectives(self, subject: Subject) -> list[Objective]:
        if subject.login:
            return person_objectives(self.store, subject.login, period_id=self.period_id)
        if subject.unit is None:
            return []
        return self.store.objectives(period_id=self.period_id, unit_id=subject.unit.id)

    def _okrs(self, subject: Subject) -> Text:
        shown, hidden = split_visible(self._objectives(subject), self.user)
        text = Text()
        own_unit = subject.unit.id if subject.unit else ""
        for objective in shown:
            text.append_text(value_text(objective_value(self.store, objective)))
            text.append(" ")
            text.append(objective.title, style="bold")
            if objective.unit_id != own_unit:
                where = self.store.find(Unit, objective.unit_id)
                name = where.name if where else objective.unit_id
                text.append("  " + _("in {unit}").format(unit=name), style="dim")
            if objective.visibility == "private":
                text.append("  " + _("private"), style="magenta")
            for flag in alignment_flags(self.store, objective):
                text.append(f"  ⚑ {flag_word(flag.kind)}", style="dark_orange")
            text.append("\n")
            for kr in self.store.key_results(objective.id):
                text.append("  ")
                text.append_text(value_text(kr_value(self.store, kr)))
                text.append(" ")
                text.append(kr.title)
                text.append("\n")
        if hidden:
            text.append(f"· {hidden_label(hidden)}", style="dim italic")
            text.append("\n")
        if not shown and not hidden:
            text.append(
                _("No objectives in {period}.").format(period=self.period_id), style="italic"
            )
        text.rstrip()
        return text

    # -- actions -------------------------------------------------------------------------
    async def action_back(self) -> None:
        await self.okr_app.action_back()

    def action_up(self) -> None:
        subject = self.subject()
        parent = self.store.find(Unit, subject.unit.parent_id) if subject and subject.unit else None
        if parent is None:
            self.notify(_("This unit is at the top."))
            return
        self.okr_app.action_open("unit", unit_id=parent.id, period_id=self.period_id)

    def action_tree(self) -> None:
        self.okr_app.action_open("alignment", period_id=self.period_id)

    def action_period(self, step: int) -> None:
        labels = [p.id for p in self.store.periods()]
        if self.period_id not in labels:
            labels = sorted([*labels, self.period_id])
        index = labels.index(self.period_id) + step
        if not 0 <= index < len(labels):
            self.notify(_("No earlier period.") if step < 0 else _("No later period."))
            return
        self.period_id = labels[index]
        self.on_workspace_changed()
