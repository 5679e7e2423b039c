"""The alignment screen: company -> teams -> people, their objectives, links and flags.

The tree's lookups live in okr_tui.alignment (`Alignment`, built once per
change of the workspace); this screen adds a branch's lines when the branch is
first opened, gives a line its number when it is first drawn, filters as the
user types (opening the way to each hit) and opens pages. A large organisation
thus costs what is open, not what is in the file. Labels are rich Text built
from user strings, so a title like "[bold]x[/]" shows as typed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text, TextType
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Input, Static, Tree
from textual.widgets.tree import TreeNode

from okr_tui.alignment.flags import flag_word
from okr_tui.alignment.nodes import Node
from okr_tui.alignment.search import Found, people_names
from okr_tui.alignment.tree import Alignment
from okr_tui.alignment.values import Value
from okr_tui.i18n import N_, _, ngettext
from okr_tui.rules import BAND_COLOUR, band, format_percent, format_score, score_band
from okr_tui.words import SHORT_KIND_WORDS
from screens.base import OkrScreen
from widgets.footer import QuietFooter

BAR_CELLS = 5
OPEN_HITS = 40
"""Up to this many search hits open to show what they hold."""


def rjust_cells(text: str, cells: int) -> str:
    """`text` right-aligned in `cells` terminal cells: a Chinese character takes two."""
    return " " * max(0, cells - cell_len(text)) + text


def value_text(value: Value, *, bar: int = BAR_CELLS) -> Text:
    """A fixed-width reading: a small bar and a percentage, or a score like 0.7."""
    if value.value is None:
        return Text(" " * bar + "    –", style="dim")
    if value.kind == "score":
        style = BAND_COLOUR[score_band(value.value)]
        return Text.assemble(
            (rjust_cells(_("score"), bar), "dim"), (f"{format_score(value.value):>5}", style)
        )
    style = BAND_COLOUR[band(value.value)]
    filled = round(value.value * bar)
    return Text.assemble(
        ("▰" * filled, style),
        ("▱" * (bar - filled), "dim"),
        (f"{format_percent(value.value):>5}", style),
    )


HEAD_CELLS = BAR_CELLS + 5
"""The value column, the same width on every line."""


def value_head(node: Node, value: Value) -> Text:
    """The number in front of a line; a private placeholder has none."""
    if node.kind == "hidden":
        return Text()
    return value_text(value)


def node_line(node: Node) -> Text:
    """A tree line after its number; user text goes in as plain Text, never markup.

    The space after the number opens the line and takes its first style, so
    the number and the words stay one run of text when the screen is exported.
    """
    if node.kind == "hidden":
        return Text(
            _("· {label} (only its owner sees it)").format(label=node.label), style="dim italic"
        )
    if node.kind == "link":
        return Text.assemble((f" ↳ {node.link_note}{_(': ')}", "dim"), (node.label, "italic"))
    if node.kind == "unit":
        label = Text.assemble((f" {node.label}", "bold"))
        if node.unit is not None and node.unit.person_login:
            label.append(f"  @{node.unit.person_login}", style="dim")
        elif node.unit is not None:
            word = SHORT_KIND_WORDS[node.unit.kind]
            label.append(f"  {_(word) if word else ''}", style="dim italic")
        if node.unit is not None and node.unit.archived:
            label.append("  " + _("archived"), style="dim italic")
        return label
    label = Text(f" {node.label}")
    if node.owner:
        label.append(f"  @{node.owner}", style="dim")
    if node.objective is not None and node.objective.visibility == "private":
        label.append("  " + _("private"), style="magenta")
    for flag in node.flags:
        label.append(f"  ⚑ {flag_word(flag.kind)}", style="bold dark_orange")
    return label


def node_label(node: Node, value: Value | None = None) -> Text:
    """The whole tree line of one node: its number, then `node_line`."""
    return value_head(node, value or node.value or Value(None)) + node_line(node)


class AlignmentTree(Tree[Node]):
    """The tree of the alignment screen; a line gets its number only when it is drawn.

    Nodes hold `node_line` as their label. Numbers come from the `Alignment`
    model (progress from the latest check-ins) the first time a line is on
    screen, so a large organisation costs what is visible, not what is loaded.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model: Alignment | None = None
        self._heads: dict[str, Text] = {}

    def use(self, model: Alignment) -> None:
        self.model = model
        self._heads.clear()

    def head(self, node: Node) -> Text:
        # Link ids may repeat under several parents; they show the same target's number.
        found = self._heads.get(node.id)
        if found is None:
            value = node.value
            if value is None:
                value = self.model.node_value(node) if self.model else Value(None)
            found = self._heads[node.id] = value_head(node, value)
        return found

    def process_label(self, label: TextType) -> Text:
        # Lines are built as one-line Text; skip the split the base class makes for markup.
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def render_label(self, node: TreeNode[Node], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        if node.data is None:
            return text
        head = self.head(node.data).copy()
        head.stylize(style)
        if node.allow_expand:
            cut = len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
            return Text.assemble(text[:cut], head, text[cut:])
        # Two cells where a branch has its fold icon, so the numbers line up.
        return Text.assemble("  ", head, text)

    def get_label_width(self, node: TreeNode[Node]) -> int:
        label = node.label
        width = label.cell_len if isinstance(label, Text) else cell_len(str(label))
        if node.data is None:
            return width
        return width + 2 + (0 if node.data.kind == "hidden" else HEAD_CELLS)


def node_detail(node: Node) -> Text:
    """The highlighted line in full, with what its flags mean and what enter does."""
    if node.kind == "hidden":
        return Text(_("Private: only its owner sees its title, key results and score."))
    if node.kind == "link":
        return Text.assemble(
            (node.link_note + _(": "), "dim"),
            node.label,
            ("  " + _("enter: go there"), "dim"),
        )
    text = Text(node.label, style="bold")
    if node.owner:
        text.append(f"  @{node.owner}", style="dim")
    for flag in node.flags:
        text.append(
            "\n⚑ " + _("{kind}: {message}").format(kind=flag_word(flag.kind), message=flag.message),
            style="dark_orange",
        )
    text.append("  " + _("enter: open the page"), style="dim")
    return text


class AlignmentScreen(OkrScreen):
    """Who aims at what: every unit's objectives and how they line up."""

    CSS_PATH = "alignment.tcss"
    READS = frozenset(
        {"objectives", "key_results", "checkins", "scores", "units", "people", "periods"}
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("slash", "search", N_("Search"), key_display="/"),
        Binding("e", "expand_all", N_("Expand all"), tooltip=N_("Press again to fold all")),
        Binding("c", "collapse_all", N_("Collapse all"), show=False),
        Binding("a", "toggle_archived", N_("Archived")),
        Binding("left_square_bracket", "period(-1)", N_("Earlier period"), show=False),
        Binding("right_square_bracket", "period(1)", N_("Period"), key_display="[ ]"),
        Binding("m", "manage", N_("Units")),
    ]

    def __init__(
        self, *, period_id: str = "", query: str = "", show_archived: bool = False
    ) -> None:
        super().__init__()
        self.period_id = period_id
        self.initial_query = query
        self.show_archived = show_archived
        self.model: Alignment | None = None
        self.found: Found | None = None
        self._names: dict[str, str] | None = None
        self._by_id: dict[str, TreeNode[Node]] = {}
        self._loaded: set[int] = set()
        self._was_open: dict[str, bool] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            value=self.initial_query,
            placeholder=_("/ search titles and units, or @owner"),
            id="align-search",
        )
        yield Static(id="align-status")
        tree = AlignmentTree(_("Alignment"), id="align-tree")
        tree.show_root = False
        tree.auto_expand = False
        yield tree
        yield Static(id="align-detail")
        yield QuietFooter(at_once=True)

    def on_mount(self) -> None:
        if not self.period_id:
            self.period_id = self.okr_app.period_id
        self.on_workspace_changed()
        self.query_one(Tree).focus()
        if self.okr_app.unit_id:
            # Coming from a unit on home: start with the cursor on it.
            self.call_after_refresh(self._select, self.okr_app.unit_id)

    @property
    def align_tree(self) -> AlignmentTree:
        return self.query_one(AlignmentTree)

    # -- drawing ---------------------------------------------------------------------
    def on_workspace_changed(self) -> None:
        self.model = Alignment(
            self.store, self.period_id, self.user, include_archived=self.show_archived
        )
        self._names = None
        self.redraw()

    def names(self) -> dict[str, str]:
        if self._names is None:
            self._names = people_names(self.store)
        return self._names

    def redraw(self, *, keep: bool = True) -> None:
        tree = self.align_tree
        model = self.model
        if model is None:
            return
        text = self.query_one(Input).value
        searching = bool(text.strip())
        self._was_open = (
            {n.data.id: n.is_expanded for n in self._by_id.values() if n.data is not None}
            if keep and not searching
            else {}
        )
        cursor = tree.cursor_node.data.id if tree.cursor_node and tree.cursor_node.data else ""
        self.found = model.find(text, self.names()) if searching else None
        tree.clear()
        tree.use(model)
        self._by_id.clear()
        self._loaded.clear()
        shown = [r for r in model.roots() if self.found is None or self.found.shows(r)]
        for root in shown:
            self._add(tree.root, root, depth=0)
        tree.root.expand()
        self._status(text, bool(shown))
        if self.found is not None and self.found.first:
            cursor = self.found.first  # the first hit, so enter opens it
        self.call_after_refresh(self._restore_cursor, cursor)

    def _starts_open(self, node: Node, depth: int) -> bool:
        if not node.expandable:
            return False
        if self.found is not None:
            if self.found.prunes(node):
                return True
            # A few hits open to show what they hold; many stay folded, one line each.
            return node.id in self.found.matches and self.found.count <= OPEN_HITS
        # Open the company and the teams at first; people and objectives stay folded.
        return self._was_open.get(node.id, node.kind == "unit" and depth < 2)

    def _add(self, parent: TreeNode[Node], node: Node, *, depth: int) -> None:
        branch = parent.add(node_line(node), data=node, allow_expand=node.expandable)
        self._by_id.setdefault(node.id, branch)
        if self._starts_open(node, depth):
            self._load(branch, depth)
            branch.expand()

    def _load(self, branch: TreeNode[Node], depth: int | None = None) -> None:
        """Add a branch's children, once: when it is first opened."""
        if branch.data is None or branch.id in self._loaded or self.model is None:
            return
        self._loaded.add(branch.id)
        if depth is None:
            depth = self._depth(branch)
        for child in self.model.children(branch.data, self.found):
            self._add(branch, child, depth=depth + 1)

    @staticmethod
    def _depth(branch: TreeNode[Node]) -> int:
        depth = -1
        parent = branch.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        return depth

    def _restore_cursor(self, node_id: str) -> None:
        if not (node_id and self._select(node_id)):
            self.align_tree.cursor_line = 0

    def _status(self, text: str, anything: bool) -> None:
        flags = self.model.flag_count() if self.model is not None else 0
        parts = [self.period_id]
        if self.found is not None:
            matches = self.found.count
            parts.append(
                ngettext("{count} match", "{count} matches", matches).format(count=matches)
            )
        parts.append(
            ngettext("{count} alignment flag", "{count} alignment flags", flags).format(count=flags)
        )
        if self.show_archived:
            parts.append(_("archived units shown"))
        line = Text(" · ".join(parts))
        if self.model is None or self.model.empty:
            line.append(
                "  "
                + _("No units yet: press {key} to add the company and its teams.").format(
                    key=self.key_for("manage")
                ),
                "italic",
            )
        elif not anything:
            line.append("  " + _("Nothing matches: esc clears the search."), "italic")
        else:
            line.append("   " + _("enter: open · space: fold"), "dim")
        self.query_one("#align-status", Static).update(line)

    def _walk_tree(self) -> list[TreeNode[Node]]:
        """Every node added so far (folded ones too)."""
        out: list[TreeNode[Node]] = []
        stack = list(self.align_tree.root.children)
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(current.children)
        return out

    def _find(self, node_id: str) -> TreeNode[Node] | None:
        """The tree node of a unit or objective, adding the branches on the way to it."""
        found = self._by_id.get(node_id)
        if found is not None or self.model is None:
            return found
        current: TreeNode[Node] = self.align_tree.root
        for step in self.model.path_to(node_id):
            self._load(current)
            match = next((c for c in current.children if c.data and c.data.id == step), None)
            if match is None:
                return None  # not shown: a search leaves it out
            current = match
        return current if current is not self.align_tree.root else None

    def _select(self, node_id: str) -> bool:
        node = self._find(node_id)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            self._load(parent)
            parent.expand()
            parent = parent.parent
        tree = self.align_tree
        # Reading last_line lays the lines out again, so the node knows its line number.
        last = tree.last_line
        if not 0 <= node.line <= last:
            return False
        tree.move_cursor(node)
        tree.scroll_to_node(node, animate=False)
        return True

    # -- reacting --------------------------------------------------------------------
    @on(Input.Changed, "#align-search")
    def _search_changed(self) -> None:
        self.redraw(keep=False)

    @on(Input.Submitted, "#align-search")
    def _search_done(self) -> None:
        self.query_one(Tree).focus()

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[Node]) -> None:
        node = event.node.data
        if node is None:
            return
        if node.kind == "link":
            self._follow(node.target_id)
        elif node.kind == "unit" and node.unit is not None:
            self.open_page(node.unit.id)
        elif node.objective is not None:
            self.open_page(node.objective.unit_id)
        elif node.kind == "hidden":
            self.open_page(node.id.removeprefix("hidden:"))

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        self._load(event.node)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        node = event.node.data
        self.query_one("#align-detail", Static).update(
            node_detail(node) if node is not None else ""
        )

    def _follow(self, target_id: str) -> None:
        if self._select(target_id):
            return
        # The target is filtered out by the search: show everything, then go there.
        self.query_one(Input).value = ""
        self.redraw(keep=False)
        self.call_after_refresh(self._select, target_id)

    def open_page(self, unit_id: str) -> None:
        self.okr_app.action_open("unit", unit_id=unit_id)

    # -- actions ---------------------------------------------------------------------
    async def action_back(self) -> None:
        search = self.query_one(Input)
        if search.value:
            search.value = ""
            self.query_one(Tree).focus()
        elif search.has_focus:
            self.query_one(Tree).focus()
        else:
            await self.okr_app.action_back()

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_expand_all(self) -> None:
        tree = self.align_tree
        if all(n.is_expanded for n in self._walk_tree() if n.allow_expand):
            self.action_collapse_all()
            return
        stack = list(tree.root.children)
        while stack:
            branch = stack.pop()
            if branch.allow_expand:
                self._load(branch)
                branch.expand()
                stack.extend(branch.children)

    def action_collapse_all(self) -> None:
        for child in self.align_tree.root.children:
            child.collapse_all()
            child.expand()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.on_workspace_changed()
        self.notify(_("Archived units shown") if self.show_archived else _("Archived units hidden"))

    def action_period(self, step: int) -> None:
        labels = [p.id for p in self.store.periods()]
        if not labels:
            self.notify(_("No periods yet."), severity="warning")
            return
        index = labels.index(self.period_id) if self.period_id in labels else len(labels) - 1
        index = min(len(labels) - 1, max(0, index + step))
        if labels[index] == self.period_id:
            self.notify(_("No earlier period.") if step < 0 else _("No later period."))
            return
        self.period_id = labels[index]
        self.on_workspace_changed()

    def action_manage(self) -> None:
        self.okr_app.action_open("units")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys typed into the search box are text, not tree commands.
        folding = action in ("expand_all", "collapse_all")
        return not (folding and self.query_one(Input).has_focus)
