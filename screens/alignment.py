"""The alignment screen: company -> teams -> people, their objectives, links and flags.

The tree itself is built by okr_tui.alignment; this screen only draws it,
filters it as the user types, and opens pages. Labels are rich Text built
from user strings, so a title like "[bold]x[/]" shows as typed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input, Static, Tree
from textual.widgets.tree import TreeNode

from okr_tui.alignment import Node, Value, build_tree, filter_tree, people_names
from okr_tui.rules import Band, band, round_score
from screens.base import OkrScreen

BAND_STYLE = {Band.RED: "red", Band.YELLOW: "yellow", Band.GREEN: "green"}
BAR_CELLS = 5
UNIT_WORDS = {"company": "company", "business": "team", "support": "support team", "person": ""}


def value_text(value: Value, *, bar: int = BAR_CELLS) -> Text:
    """A fixed-width reading: a small bar and a percentage, or a score like 0.7."""
    if value.value is None:
        return Text(" " * bar + "    –", style="dim")
    style = BAND_STYLE[band(value.value)]
    if value.kind == "score":
        return Text.assemble(
            ("score".rjust(bar), "dim"), (f"{round_score(value.value):>5.1f}", style)
        )
    filled = round(value.value * bar)
    return Text.assemble(
        ("▰" * filled, style), ("▱" * (bar - filled), "dim"), (f"{value.value:>5.0%}", style)
    )


def node_label(node: Node) -> Text:
    """The tree line of one node; user text goes in as plain Text, never markup."""
    if node.kind == "hidden":
        return Text(f"· {node.label} (only its owner sees it)", style="dim italic")
    if node.kind == "link":
        return Text.assemble(
            value_text(node.value), " ", (f"↳ {node.link_note}: ", "dim"), (node.label, "italic")
        )
    if node.kind == "unit":
        label = Text.assemble(value_text(node.value), " ", (node.label, "bold"))
        if node.unit is not None and node.unit.person_login:
            label.append(f"  @{node.unit.person_login}", style="dim")
        elif node.unit is not None:
            label.append(f"  {UNIT_WORDS[node.unit.kind]}", style="dim italic")
        if node.unit is not None and node.unit.archived:
            label.append("  archived", style="dim italic")
        return label
    label = Text.assemble(value_text(node.value), " ", node.label)
    if node.owner:
        label.append(f"  @{node.owner}", style="dim")
    if node.objective is not None and node.objective.visibility == "private":
        label.append("  private", style="magenta")
    for flag in node.flags:
        label.append(f"  ⚑ {flag.kind}", style="bold dark_orange")
    return label


def node_detail(node: Node) -> Text:
    """The highlighted line in full, with what its flags mean and what enter does."""
    if node.kind == "hidden":
        return Text("Private: only its owner sees its title, key results and score.")
    if node.kind == "link":
        return Text.assemble(
            (f"{node.link_note}: ", "dim"), node.label, ("  enter: go there", "dim")
        )
    text = Text(node.label, style="bold")
    if node.owner:
        text.append(f"  @{node.owner}", style="dim")
    for flag in node.flags:
        text.append(f"\n⚑ {flag.kind}: {flag.message}", style="dark_orange")
    text.append("  enter: open the page", style="dim")
    return text


class AlignmentScreen(OkrScreen):
    """Who aims at what: every unit's objectives and how they line up."""

    CSS_PATH = "alignment.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("e", "expand_all", "Expand all", tooltip="Press again to fold all"),
        Binding("c", "collapse_all", "Collapse all", show=False),
        Binding("a", "toggle_archived", "Archived"),
        Binding("left_square_bracket", "period(-1)", "Earlier period", show=False),
        Binding("right_square_bracket", "period(1)", "Period", key_display="[ ]"),
        Binding("m", "manage", "Units"),
    ]

    def __init__(
        self, *, period_id: str = "", query: str = "", show_archived: bool = False
    ) -> None:
        super().__init__()
        self.period_id = period_id
        self.initial_query = query
        self.show_archived = show_archived
        self.roots: list[Node] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            value=self.initial_query,
            placeholder="/ search titles and units, or @owner",
            id="align-search",
        )
        yield Static(id="align-status")
        tree: Tree[Node] = Tree("Alignment", id="align-tree")
        tree.show_root = False
        tree.auto_expand = False
        yield tree
        yield Static(id="align-detail")
        yield Footer()

    def on_mount(self) -> None:
        if not self.period_id:
            self.period_id = self.okr_app.period_id
        self.on_workspace_changed()
        self.query_one(Tree).focus()
        if self.okr_app.unit_id:
            # Coming from a unit on home: start with the cursor on it.
            self.call_after_refresh(self._select, self.okr_app.unit_id)

    # -- drawing ---------------------------------------------------------------------
    def on_workspace_changed(self) -> None:
        self.roots = build_tree(
            self.store, self.period_id, self.user, include_archived=self.show_archived
        )
        self.redraw()

    def redraw(self, *, keep: bool = True) -> None:
        tree: Tree[Node] = self.query_one(Tree)
        text = self.query_one(Input).value
        expanded = {n.data.id for n in self._walk_tree(tree.root) if n.data and n.is_expanded}
        cursor = tree.cursor_node.data.id if tree.cursor_node and tree.cursor_node.data else ""
        shown, matches = filter_tree(self.roots, text, people_names(self.store))
        tree.clear()
        searching = bool(text.strip())
        for root in shown:
            self._add(tree.root, root, depth=0, expand_all=searching)
        if keep and not searching and expanded:
            for node in self._walk_tree(tree.root):
                if node.data is not None and node.data.id in expanded:
                    node.expand()
        tree.root.expand()
        self._status(text, matches, bool(shown))
        self.call_after_refresh(self._restore_cursor, cursor)

    def _restore_cursor(self, node_id: str) -> None:
        if not (node_id and self._select(node_id)):
            tree: Tree[Node] = self.query_one(Tree)
            tree.cursor_line = 0

    def _add(self, parent: TreeNode[Node], node: Node, *, depth: int, expand_all: bool) -> None:
        has_children = bool(node.children)
        # Open the company and the teams at first; people and objectives stay folded.
        expand = expand_all or (node.kind == "unit" and depth < 2)
        if has_children:
            branch = parent.add(node_label(node), data=node, expand=expand)
            for child in node.children:
                self._add(branch, child, depth=depth + 1, expand_all=expand_all)
        else:
            # Two cells where a branch has its fold icon, so the numbers line up.
            parent.add_leaf(Text("  ") + node_label(node), data=node)

    def _status(self, text: str, matches: int, anything: bool) -> None:
        flags = sum(len(n.flags) for r in self.roots for n in r.walk())
        parts = [self.period_id]
        if text.strip():
            parts.append(f"{matches} match" + ("" if matches == 1 else "es"))
        parts.append(f"{flags} alignment flag" + ("" if flags == 1 else "s"))
        if self.show_archived:
            parts.append("archived units shown")
        line = Text(" · ".join(parts))
        if not self.roots:
            line.append("  No units yet: press m to add the company and its teams.", "italic")
        elif not anything:
            line.append("  Nothing matches: esc clears the search.", "italic")
        else:
            line.append("   enter: open · space: fold", "dim")
        self.query_one("#align-status", Static).update(line)

    @staticmethod
    def _walk_tree(node: TreeNode[Node]) -> list[TreeNode[Node]]:
        out: list[TreeNode[Node]] = []
        stack = list(node.children)
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(current.children)
        return out

    def _find(self, node_id: str) -> TreeNode[Node] | None:
        tree: Tree[Node] = self.query_one(Tree)
        for node in self._walk_tree(tree.root):
            if node.data is not None and node.data.id == node_id:
                return node
        return None

    def _select(self, node_id: str) -> bool:
        node = self._find(node_id)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        tree: Tree[Node] = self.query_one(Tree)
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
    def action_back(self) -> None:
        search = self.query_one(Input)
        if search.value:
            search.value = ""
            self.query_one(Tree).focus()
        elif search.has_focus:
            self.query_one(Tree).focus()
        else:
            self.okr_app.action_back()

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_expand_all(self) -> None:
        tree: Tree[Node] = self.query_one(Tree)
        if all(n.is_expanded for n in self._walk_tree(tree.root) if n.children):
            self.action_collapse_all()
        else:
            tree.root.expand_all()

    def action_collapse_all(self) -> None:
        tree: Tree[Node] = self.query_one(Tree)
        for child in tree.root.children:
            child.collapse_all()
            child.expand()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.on_workspace_changed()
        self.notify("Archived units shown" if self.show_archived else "Archived units hidden")

    def action_period(self, step: int) -> None:
        labels = [p.id for p in self.store.periods()]
        if not labels:
            self.notify("No periods yet.", severity="warning")
            return
        index = labels.index(self.period_id) if self.period_id in labels else len(labels) - 1
        index = min(len(labels) - 1, max(0, index + step))
        if labels[index] == self.period_id:
            self.notify("No " + ("earlier" if step < 0 else "later") + " period.")
            return
        self.period_id = labels[index]
        self.on_workspace_changed()

    def action_manage(self) -> None:
        self.okr_app.action_open("units")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys typed into the search box are text, not tree commands.
        folding = action in ("expand_all", "collapse_all")
        return not (folding and self.query_one(Input).has_focus)
