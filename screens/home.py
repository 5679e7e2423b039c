"""The home screen: the unit tree and the selected unit's objectives for the current period.

Each objective and key result shows a progress gauge (clipped progress from the
latest check-ins) and each key result its health. Others' private objectives
appear only as a count. The screen redraws when the workspace changes, here or
in another process, and keeps the cursor where it was.

Home is the first screen drawn, often before the workspace is open (it then
says "Opening ..." and fills in when the app turns `ready`). So the core (the
store, the models, the rules and pydantic behind them) is imported inside the
functions that need it, never at module level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static, Tree

from okr_tui.home_view import KrRow, UnitOkrs, unit_okrs
from okr_tui.i18n import N_, _, ngettext
from okr_tui.navigation import NAVIGATION
from okr_tui.words import KIND_WORDS, OBJECTIVE_KIND, STATUS_WORDS, TRACK_WORDS, checked_in_words
from screens.base import OkrScreen, key_for
from screens.home_tree import UnitLines, move_to
from widgets.footer import QuietFooter

if TYPE_CHECKING:
    from okr_tui.models import Objective, Unit
    from okr_tui.rules import Band, Health

GAUGE_WIDTH = 16
NARROW_GAUGE_WIDTH = 12
HEALTH_WIDTH = 13
HIDDEN_KEY = "hidden"
PRIVATE_MARK = N_("private")
"""Beside the title of a private objective its owner sees, on a team's page and their own."""


def number(value: float) -> str:
    """A reading as people write it: 10000 -> '10,000', 0.25 -> '0.25'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def fit(text: Text, width: int) -> Text:
    """Cut text to `width` terminal cells (wide characters count twice), with an ellipsis."""
    text = text.copy()
    text.truncate(max(1, width), overflow="ellipsis")
    return text


class HomeScreen(OkrScreen):
    """Units on the left, the selected unit's OKRs for the period on the right."""

    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#units"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(nav.key, f"app.open('{nav.name}')", nav.label) for nav in NAVIGATION),
        Binding(
            "left_square_bracket",
            "app.period(-1)",
            N_("Period"),
            key_display="[ ]",
            tooltip=N_("Previous period"),
        ),
        Binding("right_square_bracket", "next_period", N_("Next period"), show=False),
        Binding(
            "right_curly_bracket", "open_next_quarter", N_("Open the next quarter"), show=False
        ),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def __init__(self, *, unit_id: str = "") -> None:
        super().__init__()
        self._start_unit = unit_id
        self._lines = UnitLines()
        self._okrs = UnitOkrs([], 0)

    # -- building ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-main"):
            tree: Tree[str] = Tree(_("Units"), id="units")
            tree.show_root = False
            tree.guide_depth = 2
            # Enter moves on to the objectives rather than folding the tree (space folds).
            tree.auto_expand = False
            tree.border_title = _("Units")
            yield tree
            with Vertical(id="okrs"):
                yield Static(id="unit-title")
                table: DataTable[Text] = DataTable(id="objectives", cursor_type="row")
                yield table
                yield Static(id="empty")
                yield Static(id="detail")
        # The palette (ctrl+p) is named in help and reached from the header's icon too:
        # at 80 columns the footer has room for the navigation keys only.
        yield QuietFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self._start_unit:
            self.okr_app.unit_id = self._start_unit
        self.watch(self.app, "period_id", self._period_changed, init=False)
        self.watch(self.app, "unit_id", self._unit_changed, init=False)
        self.watch(self.app, "theme", self._theme_changed, init=False)
        if self.okr_app.ready:
            self.on_workspace_changed()
        else:
            self._show_opening()
            self.watch(self.app, "ready", self._ready_changed, init=False)

    def _show_opening(self) -> None:
        """Draw at once, before the workspace is open: the layout, and what is happening."""
        self.query_one("#unit-title", Static).update(Text(self.okr_app.opening_label, style="bold"))
        self.query_one("#empty", Static).update("")
        self._set_empty(True)
        # Open once this frame is out and the footer's keys (composed after one more
        # refresh) are drawn: reading the workspace competes with drawing for the interpreter.
        self.call_after_refresh(self.call_after_refresh, self.okr_app.open_workspace)

    def _ready_changed(self, ready: bool) -> None:
        if ready:
            self.on_workspace_changed()

    def on_workspace_changed(self) -> None:
        if not self.okr_app.ready:
            return
        # Drawn before the workspace (and so its person's language) was known.
        self.query_one("#units", Tree).border_title = _("Units")
        self._build_tree()
        self._show_okrs()

    def _period_changed(self, _period_id: str) -> None:
        self.on_workspace_changed()

    def _unit_changed(self, unit_id: str) -> None:
        if not self.okr_app.ready:
            return
        node = self._lines.node(unit_id)
        tree = self.query_one("#units", Tree)
        if node is not None and tree.cursor_node is not node:
            move_to(tree, node)
        self._show_okrs()

    def _theme_changed(self, _theme: str) -> None:
        if self.okr_app.ready:
            self._show_okrs()

    # -- periods -------------------------------------------------------------------------
    def action_next_period(self) -> None:
        """The next period of the workspace; past the last one, offer to open the next quarter."""
        app = self.okr_app
        if app.still_opening():
            return
        target = app.period_step(1)
        if target is None:
            self.action_open_next_quarter()
            return
        app.period_id = target

    def action_open_next_quarter(self) -> None:
        """Show the quarter after the one shown, opening it first (after a yes) when it is new."""
        from okr_tui.models import Period
        from okr_tui.periods import add_period, describe, next_quarter
        from screens.next_quarter import OpenPeriodConfirm

        app = self.okr_app
        if app.still_opening():
            return
        upcoming = next_quarter(app.period_id)
        if self.store.find(Period, upcoming.id) is not None:
            app.period_id = upcoming.id
            return

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            if await app.write(add_period, self.store, upcoming.id) is not None:
                app.period_id = upcoming.id

        key = key_for(self, "app.open('workshop')")
        app.push_screen(
            OpenPeriodConfirm(
                _("Open {period}? It has no OKRs yet.").format(period=describe(upcoming)),
                _("Home then shows {period}, and {key} runs its planning workshop.").format(
                    period=upcoming.id, key=key
                ),
            ),
            answered,
        )

    # -- the unit tree -------------------------------------------------------------------
    def _build_tree(self) -> None:
        from okr_tui.alignment.tree import unit_children

        tree: Tree[str] = self.query_one("#units", Tree)
        # One read for every unit's count, not one read per unit.
        counts = self.store.objective_counts(self.okr_app.period_id)
        units = self._lines.show(tree, unit_children(self.store), counts)
        app = self.okr_app
        if not self._lines.knows(app.unit_id):
            app.unit_id = self._default_unit(units)
        node = self._lines.node(app.unit_id)
        if node is not None and tree.cursor_node is not node:
            move_to(tree, node)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        if event.control.id == "units":
            self._lines.opened(event.node)

    def _default_unit(self, units: list[Unit]) -> str:
        """The unit a command would pick too (`units.default_unit`), if it is in the tree."""
        from okr_tui.units import default_unit

        if not units:
            return ""
        chosen = default_unit(self.store, self.user)
        ids = {u.id for u in units}
        return chosen.id if chosen is not None and chosen.id in ids else units[0].id

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        # Highlight messages arrive late; one for a node the cursor has already left is
        # stale, and acting on it would bounce the cursor between two units.
        if event.node is not event.control.cursor_node:
            return
        if event.node.data and event.node.data != self.okr_app.unit_id:
            self.okr_app.unit_id = event.node.data

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        # Enter on a unit moves on to its objectives.
        if event.node.data:
            self.okr_app.unit_id = event.node.data
            table = self.query_one("#objectives", DataTable)
            if table.row_count:
                table.focus()

    # -- the objectives ------------------------------------------------------------------
    def _colour(self, value: Band | None) -> Style:
        from okr_tui.rules import Band

        variables = self.app.theme_variables
        name = {Band.RED: "text-error", Band.YELLOW: "text-warning", Band.GREEN: "text-success"}
        if value is None:
            return Style(dim=True)
        return Style.parse(variables.get(name[value], value.value))

    @property
    def _gauge_width(self) -> int:
        return NARROW_GAUGE_WIDTH if self.has_class("-narrow") else GAUGE_WIDTH

    def _gauge(self, value: float | None) -> Text:
        from okr_tui.rules import band, clip
        from widgets.gauge import gauge_text

        colour = None if value is None else band(clip(value))
        text = gauge_text(value, self._gauge_width, bar_style=self._colour(colour))
        if value is None:
            text.stylize("dim")
        return text

    def _health(self, value: Health) -> Text:
        from okr_tui.rules import HEALTH_BAND
        from widgets.badges import health_label

        return Text(health_label(value), style=self._colour(HEALTH_BAND[value]))

    def _title_width(self) -> int:
        pane = self.query_one("#okrs", Vertical)
        # Each column has one cell of padding each side; keep room for the scrollbar.
        width = pane.content_size.width or 60
        return max(12, width - self._gauge_width - HEALTH_WIDTH - 3 * 2 - 2)

    def _show_okrs(self) -> None:
        from okr_tui.models import Unit
        from widgets.gauge import percent_label

        app = self.okr_app
        unit = self.store.find(Unit, app.unit_id) if app.unit_id else None
        table: DataTable[Text] = self.query_one("#objectives", DataTable)
        empty = self.query_one("#empty", Static)
        title = self.query_one("#unit-title", Static)
        if unit is None:
            self._okrs = UnitOkrs([], 0)
            title.update(Text(_("Welcome to okr-tui"), style="bold"))
            empty.update(
                Text(
                    _(
                        "No teams here yet.\n\n"
                        "Press w to run the workshop: it asks for your team's name, then\n"
                        "walks you through mission, vision, strategy, objectives and key\n"
                        "results. (To look around first: quit and run  okr demo .)"
                    )
                )
            )
            self._set_empty(True)
            return
        self._okrs = unit_okrs(self.store, unit.id, app.period_id, self.user, app.today)
        heading = Text(unit.name, style="bold")
        kind = _(KIND_WORDS.get(unit.kind, unit.kind))
        heading.append(f"  {kind} · {app.period_id}", style="dim")
        overall = self._okrs.progress
        if overall is not None:
            overall_text = _("overall {percent}").format(percent=percent_label(overall).strip())
            heading.append(f" · {overall_text}", style="dim")
        title.update(heading)
        if not self._okrs.rows and not self._okrs.hidden:
            empty.update(
                Text(
                    _(
                        "No objectives for {unit} in {period} yet.\n\n"
                        "Press w to run the workshop and set them,\n"
                        "or [ and ] to look at another period."
                    ).format(unit=unit.name, period=app.period_id)
                )
            )
            self._set_empty(True)
            return
        self._set_empty(False)
        self._fill_table(table)

    def _set_empty(self, is_empty: bool) -> None:
        self.query_one("#objectives", DataTable).display = not is_empty
        self.query_one("#detail", Static).display = not is_empty
        self.query_one("#empty", Static).display = is_empty
        if is_empty:
            self.query_one("#objectives", DataTable).clear(columns=True)

    def _fill_table(self, table: DataTable[Text]) -> None:
        """Redraw the rows, keeping the cursor on the same row (or the same place)."""
        old_key: str | None = None
        old_row = table.cursor_row
        if table.row_count:
            old_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        width = self._title_width()
        table.clear(columns=True)
        table.add_column(_("Objective / key result"), width=width, key="title")
        table.add_column(_("Progress"), width=self._gauge_width, key="progress")
        table.add_column(_("Health"), width=HEALTH_WIDTH, key="health")
        for row in self._okrs.rows:
            table.add_row(
                self._objective_label(row.objective, width),
                self._gauge(row.progress),
                Text(""),
                key=row.objective.id,
            )
            for kr_row in row.krs:
                label = Text("  · ")
                label.append(kr_row.kr.title)
                table.add_row(
                    fit(label, width),
                    self._gauge(kr_row.progress),
                    self._health(kr_row.health),
                    key=kr_row.kr.id,
                )
        if self._okrs.hidden:
            from okr_tui.privacy import hidden_label

            label = Text(hidden_label(self._okrs.hidden), style="dim italic")
            table.add_row(label, Text(""), Text(""), key=HIDDEN_KEY)
        if old_key is not None and old_key in table.rows:
            table.move_cursor(row=table.get_row_index(old_key), animate=False)
        else:
            table.move_cursor(row=min(old_row, table.row_count - 1), animate=False)
        self._show_detail()

    @staticmethod
    def _objective_label(objective: Objective, width: int) -> Text:
        """The title in bold; a private one (seen only by its owner) says so, never cut off."""
        label = Text(objective.title, style="bold")
        if objective.visibility != "private":
            return fit(label, width)
        marker = Text(f" {_(PRIVATE_MARK)}", style="dim italic")
        return Text.assemble(fit(label, width - marker.cell_len), marker)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")
        if self._okrs.rows or self._okrs.hidden:
            self.call_after_refresh(self._show_okrs)

    # -- the detail line -----------------------------------------------------------------
    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        table: DataTable[Text] = self.query_one("#objectives", DataTable)
        detail = self.query_one("#detail", Static)
        if not table.row_count:
            detail.update("")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        detail.update(self._describe(key or ""))

    def _describe(self, key: str) -> Text:
        if key == HIDDEN_KEY:
            return Text(
                _(
                    "Private objectives are seen only by their owners; their titles, key results "
                    "and progress stay hidden."
                ),
                style="dim",
            )
        for row in self._okrs.rows:
            objective = row.objective
            if objective.id == key:
                text = Text(objective.title, style="bold")
                owner = self.store.person(objective.owner) if objective.owner else None
                # "committed" is both a kind and a status; saying it once reads better.
                facts = [_(OBJECTIVE_KIND[objective.kind]), _(TRACK_WORDS[objective.track])]
                if objective.status != "committed":
                    facts.append(_(STATUS_WORDS[objective.status]))
                if objective.owner:
                    who = owner.display if owner else objective.owner
                    facts.append(_("owner {person}").format(person=who))
                count = len(row.krs)
                facts.append(
                    ngettext("{count} key result", "{count} key results", count).format(count=count)
                )
                if objective.visibility == "private":
                    facts.append(_(PRIVATE_MARK))
                text.append("\n" + " · ".join(facts), style="dim")
                return text
            for kr_row in row.krs:
                if kr_row.kr.id == key:
                    return self._describe_kr(kr_row)
        return Text("")

    def _describe_kr(self, row: KrRow) -> Text:
        kr = row.kr
        text = Text(kr.title, style="bold")
        # "45%" but "45 users": a symbol sticks to its number, a word does not.
        measure = kr.measure if kr.measure[:1] in ("%", "‰", "") else f" {kr.measure}"
        if kr.target is None:
            goal = _("no target yet")
        else:
            goal = _("target {target} from {baseline}").format(
                target=f"{number(kr.target)}{measure}", baseline=f"{number(kr.baseline)}{measure}"
            )
        if row.last is None:
            no_checkin = _("no check-in yet")
            text.append(f"\n{goal} · {no_checkin}", style="dim")
            return text
        last = row.last
        facts = [_("now {value}").format(value=f"{number(last.value)}{measure}"), goal]
        if last.confidence is not None:
            facts.append(_("confidence {confidence}/10").format(confidence=last.confidence))
        facts.append(checked_in_words(last.at, last.author))
        text.append("\n" + " · ".join(facts), style="dim")
        if last.note:
            text.append("\n“")
            text.append(last.note)
            text.append("”")
        return text
