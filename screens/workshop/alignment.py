"""Step 6: link each objective to a parent or top-level, name what a support team serves, owners."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from okr_tui import workshop as core
from okr_tui.i18n import N_, _
from okr_tui.models import Objective, Unit
from okr_tui.privacy import can_see, hidden_label
from okr_tui.workshop import Tip
from screens.workshop.common import StepView
from screens.workshop.dialogs import AskText, PickOne, PickSome
from widgets.quiet import set_border_subtitle, show_options

TOP_LEVEL = "top-level"


def link_text(number: int, objective: Objective, title_of: dict[str, str]) -> Text:
    line = Text()
    line.append(f"O{number} ", style="bold")
    line.append(objective.title, style="bold")
    line.append("\n    ↑ ")
    if objective.parent_id:
        line.append(title_of.get(objective.parent_id, objective.parent_id))
    else:
        line.append(_("top-level"), style="dim")
    if objective.supports:
        line.append("\n    " + _("supports: "))
        line.append(_("; ").join(title_of.get(s, s) for s in objective.supports))
    line.append("\n    " + _("owner: "))
    line.append(objective.owner or _("nobody yet"), style="" if objective.owner else "yellow")
    return line


class LinkList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "parent", N_("Parent")),
        Binding("s", "supports", N_("Supports")),
        Binding("o", "owner", N_("Owner")),
    ]

    @property
    def step(self) -> AlignmentStep:
        node = self.parent
        while node is not None and not isinstance(node, AlignmentStep):
            node = node.parent
        assert isinstance(node, AlignmentStep)
        return node

    def action_parent(self) -> None:
        self.step.pick_parent()

    def action_supports(self) -> None:
        self.step.pick_supports()

    def action_owner(self) -> None:
        self.step.ask_owner()


class AlignmentStep(StepView):
    def __init__(self) -> None:
        super().__init__(id="step-alignment", classes="step-view")
        self.step_key = "alignment"

    def compose(self) -> ComposeResult:
        listing = LinkList(id="link-list")
        listing.border_title = _("Objectives: parent, support links, owner")
        yield listing

    @property
    def listing(self) -> LinkList:
        return self.query_one(LinkList)

    def titles(self) -> dict[str, str]:
        """Titles of every objective the viewer may read (others read as private)."""
        out: dict[str, str] = {}
        for objective in self.store.objectives(include_dropped=True):
            out[objective.id] = (
                objective.title if can_see(objective, self.store.user) else hidden_label(1)
            )
        return out

    def current(self) -> Objective | None:
        if self.listing.highlighted is None:
            return None
        option = self.listing.get_option_at_index(self.listing.highlighted)
        return self.store.find(Objective, option.id)

    def refresh_data(self, select: str | None = None) -> None:
        if self.workshop is None:
            return
        current = self.current()
        keep = select or (current.id if current else None)
        titles = self.titles()
        found = core.chosen(self.store, self.workshop)
        show_options(
            self.listing,
            [Option(link_text(n, o, titles), id=o.id) for n, o in enumerate(found, 1)],
        )
        unit = self.store.find(Unit, self.workshop.unit_id)
        parent = self.store.find(Unit, unit.parent_id) if unit else None
        set_border_subtitle(
            self.listing,
            _("parents come from {unit}").format(unit=parent.name)
            if parent
            else _("the top unit: top-level"),
        )
        ids = [o.id for o in found]
        if keep in ids:
            self.listing.highlighted = ids.index(keep)
        elif ids:
            self.listing.highlighted = 0

    def focus_first(self) -> None:
        self.listing.focus()

    def _need(self) -> Objective | None:
        objective = self.current()
        if objective is None:
            self.app.notify(_("Keep some objectives in step 4 first (PgUp goes back)."))
        return objective

    def pick_parent(self) -> None:
        objective = self._need()
        if objective is None or self.workshop is None:
            return
        options = [(TOP_LEVEL, _("Top-level: no parent objective"))]
        options += [(o.id, o.title) for o in core.parent_options(self.store, self.workshop)]

        async def done(choice: str | None) -> None:
            if choice is None:
                return
            parent_id = None if choice == TOP_LEVEL else choice
            await self.session.okr_app.write(core.set_parent, self.store, objective.id, parent_id)
            self.refresh_data(select=objective.id)

        self.app.push_screen(
            PickOne(
                _("Which objective above does this one serve?"),
                options,
                current=objective.parent_id or TOP_LEVEL,
            ),
            done,
        )

    def pick_supports(self) -> None:
        objective = self._need()
        if objective is None or self.workshop is None:
            return
        options = [(o.id, o.title) for o in core.support_options(self.store, self.workshop)]
        if not options:
            self.app.notify(_("No business team has objectives this period yet."))
            return

        async def done(picked: list[str] | None) -> None:
            if picked is None:
                return
            fresh = self.store.get(Objective, objective.id)
            for target in set(picked) ^ set(fresh.supports):
                await self.session.okr_app.write(
                    core.toggle_support, self.store, objective.id, target
                )
            self.refresh_data(select=objective.id)

        self.app.push_screen(
            PickSome(
                _("Which business objectives does it serve?"), options, chosen=objective.supports
            ),
            done,
        )

    def ask_owner(self) -> None:
        objective = self._need()
        if objective is None:
            return
        logins = [p.login for p in self.store.people()]

        def check(text: str) -> str:
            return _("an owner is one login, like ann or wu.jun") if len(text.split()) > 1 else ""

        async def done(owner: str | None) -> None:
            if owner is None:
                return
            await self.session.okr_app.write(core.set_owner, self.store, objective.id, owner)
            self.refresh_data(select=objective.id)

        self.app.push_screen(
            AskText(
                _("Who owns this objective?"),
                value=objective.owner,
                placeholder=_("a login, like ann"),
                note=_("Known people: {who}").format(
                    who=_(", ").join(logins[:12]) or _("none yet")
                ),
                suggestions=logins,
                check=check,
            ),
            done,
        )

    @on(OptionList.OptionSelected, "#link-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick_parent()

    @on(OptionList.OptionHighlighted, "#link-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.tell_coach()

    def tips(self) -> list[Tip]:
        objective = self.current()
        return core.objective_tips(self.store, objective) if objective else []

    def presenter_text(self) -> Text:
        text = Text()
        if self.workshop is None:
            return text
        titles = self.titles()
        for number, objective in enumerate(core.chosen(self.store, self.workshop), 1):
            if text:
                text.append("\n\n")
            text.append_text(link_text(number, objective, titles))
        return text or Text(_("(keep objectives in step 4 first)"), style="dim")
