"""The alignment tree, unit and person pages, the finder and unit management, driven with Pilot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.widgets import DataTable, Input, Static, Tree

from okr_tui.app import OkrApp
from okr_tui.models import Objective, Unit, period_for
from okr_tui.store import Store
from screens.alignment import AlignmentScreen
from screens.manage_units import ManageUnitsScreen, UnitForm
from screens.unit_page import UnitPageScreen
from tests.conftest import TODAY, fixed_clock, settle
from tests.test_alignment_core import BOB_SECRET, SECRET, add_deep_branch, build_org

SIZE = (100, 30)


def make_app(path: Path, user: str, screen: str = "alignment", **kwargs: Any) -> OkrApp:
    store = Store(path, user, clock=fixed_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen=screen, start_kwargs=kwargs)


@pytest.fixture
def org_path(store: Store) -> Path:
    build_org(store)
    return store.path


def tree_of(app: OkrApp) -> Tree[Any]:
    return app.screen.query_one(Tree)


def labels(app: OkrApp, *, visible_only: bool = False) -> list[str]:
    """Every tree line as drawn, fold icon and number too (folded ones, unless visible_only)."""
    tree = tree_of(app)
    out: list[str] = []

    def visit(node: Any) -> None:
        for child in node.children:
            out.append(tree.render_label(child, Style(), Style()).plain)
            if child.is_expanded or not visible_only:
                visit(child)

    visit(tree.root)
    return out


def page_text(app: OkrApp) -> str:
    return "\n".join(str(s.content) for s in app.screen.query(Static))


def node_ids(app: OkrApp, *, visible_only: bool = True) -> list[str]:
    tree = tree_of(app)
    out: list[str] = []

    def visit(node: Any) -> None:
        for child in node.children:
            out.append(child.data.id)
            if child.is_expanded or not visible_only:
                visit(child)

    visit(tree.root)
    return out


# -- browsing ----------------------------------------------------------------------------


async def test_tree_opens_on_company_and_teams(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AlignmentScreen)
        shown = node_ids(app)
        assert shown[:4] == ["un-co", "ob-co2", "ob-co1", "un-sales"]
        assert "un-ann" in shown and "ob-an1" not in shown  # people start folded
        assert "un-lab" not in node_ids(app, visible_only=False)  # archived
        status = str(app.screen.query_one("#align-status", Static).content)
        assert "5 alignment flags" in status


async def test_expand_collapse_and_fold(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        everything = node_ids(app, visible_only=False)
        assert node_ids(app) == everything
        await pilot.press("e")  # again: fold everything but the top
        assert node_ids(app) == ["un-co"] + [
            c.data.id for c in tree_of(app).root.children[0].children
        ]
        await pilot.press("c", "space")  # the cursor is on the company: fold it
        assert node_ids(app) == ["un-co"]
        await pilot.press("space")
        assert len(node_ids(app)) > 1


async def test_flags_and_values_on_the_lines(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        lines = labels(app)
        assert any("Open a second city" in line and "⚑ orphan" in line for line in lines)
        assert any("Redesign the icons" in line and "⚑ supports nothing" in line for line in lines)
        assert any("订单" in line and "⚑ skip-level" in line for line in lines)
        assert any("↳ supported by UED: Map repurchase layers" in line for line in lines)
        # User text shows as typed, not as markup.
        assert any("Win back [bold]restaurant[/] renewals" in line for line in lines)
        assert any(line.startswith("▼ ▰▰▰▱▱  62% TeeBee") for line in lines)
        assert any(line.startswith("  ▰▰▱▱▱  50% ↳ supports Sales") for line in lines)


async def test_search_by_text_then_clear(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"renewals")
        assert app.screen.query_one(Input).value == "renewals"
        assert [i for i in node_ids(app) if not i.startswith(("aligned", "supp"))] == [
            "un-co",
            "un-sales",
            "ob-sa1",
        ]
        assert "1 match" in str(app.screen.query_one("#align-status", Static).content)
        await pilot.press("enter", "escape")
        assert app.screen.query_one(Input).value == ""
        assert "un-ued" in node_ids(app)


async def test_search_by_owner(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"@bob")
        objectives = {i for i in node_ids(app) if i.startswith("ob-")}
        assert objectives == {"ob-ue1", "ob-ue2", "ob-ue3"}
        await pilot.press(*"x")
        assert node_ids(app) == []
        assert "Nothing matches" in str(app.screen.query_one("#align-status", Static).content)


async def test_enter_on_a_unit_opens_its_page(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"Sales", "enter")
        assert cursor_id(app) == "un-sales"  # the first hit
        await pilot.press("enter")
        assert isinstance(app.screen, UnitPageScreen)
        text = page_text(app)
        assert "Sales" in text and "Open a second city" in text
        assert "2026-Q2" in text and "0.4" in text  # the record of earlier periods
        await pilot.press("escape")
        assert isinstance(app.screen, AlignmentScreen)


async def test_enter_on_a_link_jumps_to_its_objective(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        tree = tree_of(app)
        link = next(n for n in _all_nodes(tree) if n.data.id == "supported by:ob-ue1")
        tree.move_cursor(link)
        await pilot.press("enter")
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data.id == "ob-ue1"


def _all_nodes(tree: Tree[Any]) -> list[Any]:
    out: list[Any] = []
    stack = list(tree.root.children)
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.children)
    return out


async def test_archived_units_show_on_a_key(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert "un-lab" in node_ids(app)
        assert any("Old lab" in line and "archived" in line for line in labels(app))
        await pilot.press("a")
        assert "un-lab" not in node_ids(app, visible_only=False)


async def test_earlier_period(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left_square_bracket", "e")
        assert any("Sales goal of 2026-Q3" in line for line in labels(app))
        assert any("score  0.7" in line for line in labels(app))


# -- privacy ---------------------------------------------------------------------------------


async def test_others_never_see_a_private_title(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        everything = "\n".join(labels(app))
        assert SECRET not in everything and BOB_SECRET not in everything
        assert everything.count("1 private objective") == 2
        await pilot.press("slash", *"secret")
        assert node_ids(app) == []  # the hidden title is not searched
        await pilot.press("escape")
        app.action_open("unit", login="ann")
        await pilot.pause()
        text = page_text(app)
        assert SECRET not in text and "Term sheet" not in text
        assert "1 private objective" in text
        assert "+1 private" in text  # the record counts it and shows no score
        app.action_open("unit", unit_id="un-bob")
        await pilot.pause()
        assert BOB_SECRET not in page_text(app)


async def test_the_owner_sees_their_private_objective(org_path: Path) -> None:
    app = make_app(org_path, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"secret")
        assert "ob-an2" in node_ids(app)
        assert BOB_SECRET not in "\n".join(labels(app))
        app.action_open("unit", login="ann")
        await pilot.pause()
        text = page_text(app)
        assert SECRET in text and "Term sheet signed" in text


async def test_page_with_no_arguments_is_my_own(org_path: Path) -> None:
    app = make_app(org_path, "bob", screen="unit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = page_text(app)
        assert "Bob 王" in text and BOB_SECRET in text
        await pilot.press("u")
        assert "UED" in page_text(app) and BOB_SECRET not in page_text(app)


async def test_page_of_a_missing_unit_says_so(org_path: Path) -> None:
    app = make_app(org_path, "bob", screen="unit", unit_id="un-gone")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No such unit or person" in page_text(app)


# -- the finder -------------------------------------------------------------------------------


async def test_finder_opens_a_person_page(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"page bob")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnitPageScreen)
        assert app.screen.login == "bob"
        assert "Bob 王" in page_text(app)


async def test_finder_is_fuzzy_and_finds_units(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"pg sls")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnitPageScreen)
        assert app.screen.unit_id == "un-sales"


async def test_finder_skips_archived_units(org_path: Path) -> None:
    from screens.finder import entries

    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE):
        texts = [e.text for e in entries(app)]
        assert "Page: Sales" in texts and "Page: Bob 王 (bob)" in texts
        assert "Page: Hannah (hanna)" in texts
        assert "Page: Old lab" not in texts


# -- managing units ---------------------------------------------------------------------------


def row_keys(app: OkrApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(r.key.value) for r in table.ordered_rows]


async def goto_row(app: OkrApp, pilot: Any, unit_id: str) -> None:
    app.screen.query_one(DataTable).move_cursor(row=row_keys(app).index(unit_id))
    await pilot.pause()


async def test_add_a_unit_keeps_the_draft_when_refused(org_path: Path) -> None:
    app = make_app(org_path, "carl", screen="units")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ManageUnitsScreen)
        await goto_row(app, pilot, "un-co")
        await pilot.press("a", *"Sales", "enter")
        await pilot.pause()
        # Refused (Sales exists under TeeBee): the form stays open with the name typed.
        assert isinstance(app.screen, UnitForm)
        name = app.screen.query_one("#field-name", Input)
        assert name.value == "Sales"
        await pilot.press(*" [b]Asia[/b]", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ManageUnitsScreen)
    units = {u.name: u for u in Store(org_path).units()}
    assert units["Sales [b]Asia[/b]"].parent_id == "un-co"
    assert units["Sales [b]Asia[/b]"].kind == "business"


async def test_rename_a_unit(org_path: Path) -> None:
    app = make_app(org_path, "carl", screen="units")
    async with app.run_test(size=SIZE) as pilot:
        await goto_row(app, pilot, "un-ued")
        await pilot.press("r", "ctrl+u", *"Design", "enter")
        await pilot.pause()
    assert Store(org_path).get(Unit, "un-ued").name == "Design"


async def test_move_offers_no_cycle_and_moves(org_path: Path) -> None:
    from textual.widgets import Select

    app = make_app(org_path, "carl", screen="units")
    async with app.run_test(size=SIZE) as pilot:
        await goto_row(app, pilot, "un-sales")
        await pilot.press("m")
        await pilot.pause()
        select = app.screen.query_one("#field-parent", Select)
        values = [value for _, value in select._options]
        assert "un-ann" not in values and "un-sales" not in values  # itself and inside it
        assert "un-ued" in values
        select.value = "un-ued"
        await pilot.press("tab", "enter")  # the Save button
        await pilot.pause()
        assert isinstance(app.screen, ManageUnitsScreen)
    assert Store(org_path).get(Unit, "un-sales").parent_id == "un-ued"


async def test_archive_hides_from_the_tree_and_keeps_history(org_path: Path) -> None:
    app = make_app(org_path, "carl", screen="units")
    async with app.run_test(size=SIZE) as pilot:
        await goto_row(app, pilot, "un-ued")
        await pilot.press("x")  # refused: Bob is still in UED
        await pilot.pause()
        assert not Store(org_path).get(Unit, "un-ued").archived
        await goto_row(app, pilot, "un-bob")
        await pilot.press("x")
        await pilot.pause()
        assert Store(org_path).get(Unit, "un-bob").archived
        app.action_open("alignment")
        await pilot.pause()
        assert "un-bob" not in node_ids(app, visible_only=False)
        app.action_open("unit", unit_id="un-bob")
        await pilot.pause()
        assert "archived" in page_text(app)
        assert "1 private objective" in page_text(app)
    reopened = Store(org_path)
    assert reopened.objectives(unit_id="un-bob")[0].id == "ob-bo1"
    assert isinstance(reopened.get(Objective, "ob-bo1"), Objective)


async def test_add_a_person(org_path: Path) -> None:
    app = make_app(org_path, "carl", screen="units")
    async with app.run_test(size=SIZE) as pilot:
        await goto_row(app, pilot, "un-ued")
        await pilot.press("p", *"wu.jun", "tab", *"Wu Jun", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ManageUnitsScreen)
    reopened = Store(org_path)
    unit = next(u for u in reopened.units() if u.person_login == "wu.jun")
    assert (unit.name, unit.parent_id) == ("Wu Jun", "un-ued")


# -- a level at a time ---------------------------------------------------------------------


@pytest.fixture
def deep_path(store: Store) -> Path:
    add_deep_branch(build_org(store))
    return store.path


def cursor_id(app: OkrApp) -> str:
    node = tree_of(app).cursor_node
    return node.data.id if node is not None and node.data is not None else ""


async def test_folded_branches_are_added_when_opened(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "un-ann" in node_ids(app)
        # Nothing of Ann's folded page is made until she is opened.
        assert "ob-an1" not in node_ids(app, visible_only=False)
        assert isinstance(app.screen, AlignmentScreen)
        app.screen._select("un-ann")
        await pilot.pause()
        await pilot.press("space")
        assert "ob-an1" in node_ids(app)
        assert any("1 private objective" in line for line in labels(app, visible_only=True))
        await pilot.press("space")  # fold again: the lines stay made, just hidden
        assert "ob-an1" not in node_ids(app)
        assert "ob-an1" in node_ids(app, visible_only=False)


async def test_search_opens_the_way_to_a_deep_hit(deep_path: Path) -> None:
    app = make_app(deep_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "un-dan" not in node_ids(app, visible_only=False)
        await pilot.press("slash", *"iberian")
        assert node_ids(app) == ["un-co", "un-sales", "un-eu", "un-dan", "ob-dan1", "ob-dan2"]
        assert "1 match" in str(app.screen.query_one("#align-status", Static).content)
        assert cursor_id(app) == "ob-dan1"
        await pilot.press("enter", "escape")
        await pilot.pause()
        # The first two levels again, and the way to where the cursor is stays open.
        shown = node_ids(app)
        assert "un-ued" in shown and "ob-dan1" in shown and "ob-an1" not in shown
        assert cursor_id(app) == "ob-dan1"


async def test_following_a_link_opens_the_branch_it_leads_to(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "ob-an1" not in node_ids(app, visible_only=False)
        screen = app.screen
        assert isinstance(screen, AlignmentScreen)
        screen._select("ob-co2")
        await pilot.pause()
        await pilot.press("space", "down")
        assert cursor_id(app) == "aligned from:ob-an1"
        await pilot.press("enter")
        await pilot.pause()
        # Ann Lee's branch (folded and never drawn) opens on the way to the objective.
        assert cursor_id(app) == "ob-an1"
        assert "ob-an1" in node_ids(app)


async def test_a_large_organisation_draws_only_what_is_open(store: Store) -> None:
    with store.transaction():
        store.add(period_for("2026-Q4"))
        store.add(Unit(id="un-co", name="Big Corp", kind="company"))
        for d in range(3):
            store.add(Unit(id=f"un-d{d}", name=f"Division {d}", kind="business", parent_id="un-co"))
            for t in range(10):
                team = f"un-d{d}t{t}"
                store.add(
                    Unit(id=team, name=f"Team {d}.{t}", kind="business", parent_id=f"un-d{d}")
                )
                for o in range(3):
                    store.add(
                        Objective(
                            id=f"ob-{d}{t}{o}",
                            unit_id=team,
                            period_id="2026-Q4",
                            title=f"Goal {o} of team {d}.{t}",
                            owner=f"p{d}{t}",
                        )
                    )
    app = make_app(store.path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        made = node_ids(app, visible_only=False)
        assert made == ["un-co", "un-d0"] + [f"un-d0t{t}" for t in range(10)] + made[12:]
        assert len(made) == 1 + 3 + 30  # the company, its divisions and their teams
        assert not any(i.startswith("ob-") for i in made)
        # Numbers are worked out for the lines drawn; the folded teams show theirs when shown.
        status = str(app.screen.query_one("#align-status", Static).content)
        assert "0 alignment flags" in status
        await pilot.press("slash", *"@p21")
        assert [i for i in node_ids(app) if i.startswith("ob-")] == ["ob-210", "ob-211", "ob-212"]
        assert "3 matches" in str(app.screen.query_one("#align-status", Static).content)


async def test_a_change_elsewhere_keeps_what_is_open_and_folded(org_path: Path) -> None:
    app = make_app(org_path, "carl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlignmentScreen)
        screen._select("un-ann")
        await pilot.pause()
        await pilot.press("space")  # open Ann Lee
        screen._select("un-ued")
        await pilot.pause()
        await pilot.press("space")  # fold UED
        Store(org_path, "ann", clock=fixed_clock).add(
            Objective(id="ob-an3", unit_id="un-ann", period_id="2026-Q4", title="Call ten cafes")
        )
        screen.store.refresh()
        screen.on_workspace_changed()
        await pilot.pause()
        shown = node_ids(app)
        assert "ob-an3" in shown and "ob-an1" in shown
        assert "un-ued" in shown and "ob-ue1" not in shown
        assert cursor_id(app) == "un-ued"
