"""The app shell: widgets, home screen, header, period switching, help, palette, live refresh."""

from __future__ import annotations

import gc
import weakref
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import TODAY, fixed_clock
from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static, Tree
from textual.widgets.tree import TreeNode

from okr_tui.app import SCREENS_BY_NAME, OkrApp
from okr_tui.models import KeyResult, Objective, Person, Unit, period_for
from okr_tui.navigation import NAVIGATION
from okr_tui.rules import Health
from okr_tui.store import Store
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.palette import commands as palette_commands
from widgets.badges import HealthBadge, ScoreBadge, health_label, score_label
from widgets.gauge import ProgressGauge, gauge_text, percent_label

# --- widgets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "label"),
    [(None, "  —"), (0.0, "  0%"), (0.345, " 34%"), (0.5, " 50%"), (1.0, "100%"), (1.7, "100%")],
)
def test_percent_label(value: float | None, label: str) -> None:
    assert percent_label(value) == label


def test_gauge_text_fills_in_proportion_and_prints_the_number() -> None:
    text = gauge_text(0.5, 15).plain
    assert len(text) == 15
    assert text.startswith("█████░░░░░")
    assert text.endswith(" 50%")
    assert gauge_text(None, 15).plain.startswith("░" * 10)
    assert gauge_text(-0.3, 15).plain.count("█") == 0


@pytest.mark.parametrize(
    ("health", "label"),
    [
        (Health.ON_TRACK, "● on track"),
        (Health.AT_RISK, "▲ at risk"),
        (Health.OFF_TRACK, "✖ off track"),
        (Health.STALE, "◌ stale"),
        (None, "○ no check-in"),
    ],
)
def test_health_label(health: Health | None, label: str) -> None:
    assert health_label(health) == label


def test_score_label() -> None:
    assert score_label(0.7) == "0.7"
    assert score_label(None).strip() == "—"


class WidgetsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ProgressGauge(0.35, id="gauge")
        yield HealthBadge(Health.STALE, id="health")
        yield ScoreBadge(0.4, id="score")


async def test_widgets_take_band_classes_and_follow_their_reactive_values() -> None:
    app = WidgetsApp()
    async with app.run_test(size=(40, 6)) as pilot:
        gauge = app.query_one(ProgressGauge)
        health = app.query_one(HealthBadge)
        score = app.query_one(ScoreBadge)
        assert gauge.has_class("-red") and "35%" in str(gauge.render())
        assert health.has_class("-none")
        assert score.has_class("-yellow")
        gauge.value = 0.7
        health.health = Health.ON_TRACK
        score.score = None
        await pilot.pause()
        assert gauge.has_class("-green") and not gauge.has_class("-red")
        assert "70%" in str(gauge.render())
        assert health.has_class("-green") and "on track" in str(health.render())
        assert score.has_class("-none") and "—" in str(score.render())
        gauge.value = None
        await pilot.pause()
        assert gauge.has_class("-none") and "—" in str(gauge.render())


# --- a small workspace ---------------------------------------------------------------------

Q4_ELAPSED = 57 / 92
"""Share of 2026-Q4 gone on TODAY (1 Oct - 26 Nov of 1 Oct - 31 Dec)."""


def at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=UTC)


def build_workspace(store: Store) -> Store:
    """TeeBee's unit tree with objectives for 2026-Q4 (and one for Q3), fixed ids and times.

    Hand-computed for TODAY (26 Nov 2026):
    - kr-wau  2,000 -> 10,000, weight 2, now 6,000 (24 Nov, confidence 8): 50 %, at risk
      (50 % is under 0.9 x 62 % of the quarter gone);
    - kr-ref  8 % -> 3 % (down), now 6 on 14 Nov: 40 %, stale (12 days);
    - kr-box  milestone, no check-in: no reading;
    - ob-tea  = (0.5 x 2 + 0.4 + 0) / 4 = 35 %;
    - kr-cn   0 -> 6, now 6 (25 Nov, confidence 9): 100 %, on track.
    """
    with store.transaction():
        store.add(period_for("2026-Q3"))
        store.add(period_for("2026-Q4"))
        store.add(Unit(id="un-co", name="TeeBee Inc", kind="company"))
        store.add(Unit(id="un-tb", name="TeeBee", kind="business", parent_id="un-co"))
        store.add(Unit(id="un-ued", name="UED", kind="support", parent_id="un-co"))
        store.add(Unit(id="un-old", name="Old team", kind="business", archived=True))
        store.add(
            Unit(id="un-ann", name="Ann", kind="person", parent_id="un-tb", person_login="ann")
        )
        store.add(
            Unit(id="un-bob", name="Bob", kind="person", parent_id="un-tb", person_login="bob")
        )
        store.add(Person(id="pe-ann", login="ann", name="Ann", unit_ids=["un-tb"]))
        store.add(Person(id="pe-bob", login="bob", name="Bob", unit_ids=["un-tb"]))
        q4 = {"unit_id": "un-tb", "period_id": "2026-Q4"}
        store.add(
            Objective(
                id="ob-tea",
                title="Make TeeBee the tea people talk about",
                owner="ann",
                kind="committed",
                order=1,
                **q4,
            )
        )
        store.add(
            Objective(
                id="ob-cn", title="团队成长：每个人都能独立负责一个项目", owner="bob", order=2, **q4
            )
        )
        store.add(
            Objective(
                id="ob-annp",
                title="Ann's secret plan",
                owner="ann",
                visibility="private",
                order=3,
                **q4,
            )
        )
        store.add(
            Objective(
                id="ob-bobp",
                title="Bob's quiet plan",
                owner="bob",
                visibility="private",
                order=4,
                **q4,
            )
        )
        store.add(
            Objective(
                id="ob-q3",
                unit_id="un-tb",
                period_id="2026-Q3",
                title="Find the first thousand tea lovers",
                owner="ann",
            )
        )
        store.add(
            KeyResult(
                id="kr-wau",
                objective_id="ob-tea",
                title="Weekly active users from 2,000 to 10,000",
                baseline=2000,
                target=10000,
                measure="users",
                weight=2,
                order=1,
            )
        )
        store.add(
            KeyResult(
                id="kr-ref",
                objective_id="ob-tea",
                title="Refund rate down from 8% to 3%",
                baseline=8,
                target=3,
                direction="down",
                measure="%",
                order=2,
            )
        )
        store.add(
            KeyResult(
                id="kr-box",
                objective_id="ob-tea",
                title="Launch the tasting box",
                milestone=True,
                order=3,
            )
        )
        store.add(
            KeyResult(id="kr-cn", objective_id="ob-cn", title="每人完成一次项目复盘", target=6)
        )
        store.add(
            KeyResult(id="kr-books", objective_id="ob-annp", title="Read twelve books", target=12)
        )
        store.check_in("kr-wau", 6000, confidence=8, note="Campaign [b]worked[/b]", at=at(24))
        store.check_in("kr-ref", 6, confidence=7, at=at(14))
        store.check_in("kr-cn", 6, confidence=9, at=at(25))
        store.check_in("kr-books", 3, confidence=5, at=at(20))
    return store


@pytest.fixture
def teebee(workspace: Path) -> Store:
    return build_workspace(Store(workspace, "ann", org="TeeBee Inc", clock=fixed_clock))


def make_app(store: Store, **kwargs: object) -> OkrApp:
    return OkrApp(store, today=TODAY, watch_file=False, **kwargs)  # type: ignore[arg-type]


def cells(app: OkrApp, key: str) -> list[str]:
    table = app.screen.query_one("#objectives", DataTable)
    return [cell.plain if isinstance(cell, Text) else str(cell) for cell in table.get_row(key)]


def row_keys(app: OkrApp) -> list[str]:
    table = app.screen.query_one("#objectives", DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


def shown(app: OkrApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    content = widget.render()
    return str(content)


def tree_labels(app: OkrApp) -> list[str]:
    tree = app.screen.query_one("#units", Tree)
    labels: list[str] = []

    def walk(node: TreeNode[str], depth: int) -> None:
        for child in node.children:
            name = child.label.plain
            # The tree shows each unit's objective count after its name.
            if name.endswith(")"):
                name = name.rsplit(" (", 1)[0]
            labels.append("  " * depth + name)
            walk(child, depth + 1)

    walk(tree.root, 0)
    return labels


# --- home ----------------------------------------------------------------------------------


async def test_home_shows_the_unit_tree_without_archived_units(teebee: Store) -> None:
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)):
        assert tree_labels(app) == ["TeeBee Inc", "  TeeBee", "    Ann", "    Bob", "  UED"]
        # Ann's own team is selected first.
        assert app.unit_id == "un-tb"
        assert isinstance(app.screen, HomeScreen)


async def test_home_progress_and_health_match_the_hand_computed_numbers(teebee: Store) -> None:
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)):
        assert row_keys(app) == [
            "ob-tea",
            "kr-wau",
            "kr-ref",
            "kr-box",
            "ob-cn",
            "kr-cn",
            "ob-annp",
            "kr-books",
            "hidden",
        ]
        title, gauge, health = cells(app, "ob-tea")
        assert title.startswith("Make TeeBee") and gauge.endswith(" 35%") and health == ""
        assert cells(app, "kr-wau")[1].endswith(" 50%")
        assert cells(app, "kr-wau")[2] == "▲ at risk"
        assert cells(app, "kr-ref")[1].endswith(" 40%")
        assert cells(app, "kr-ref")[2] == "◌ stale"
        assert cells(app, "kr-box")[1].endswith("—")
        assert cells(app, "kr-box")[2] == "○ no check-in"
        assert cells(app, "ob-cn")[1].endswith("100%")
        assert cells(app, "kr-cn")[2] == "● on track"
        assert cells(app, "kr-books")[1].endswith(" 25%")
        # The unit line carries the mean over visible objectives: (0.35 + 1.0 + 0.25) / 3.
        assert "overall 53%" in shown(app, "#unit-title")


async def test_a_stale_key_result_is_never_green(teebee: Store) -> None:
    # Fully done but silent for 12 days: stale, not on track.
    teebee.check_in("kr-ref", 3, confidence=10, at=at(14) + timedelta(minutes=1))
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)):
        assert cells(app, "kr-ref")[1].endswith("100%")
        assert cells(app, "kr-ref")[2] == "◌ stale"


async def test_others_see_a_private_objective_only_as_a_count(
    teebee: Store, workspace: Path
) -> None:
    bob = Store(workspace, "bob", clock=fixed_clock)
    app = make_app(bob, start_kwargs={"unit_id": "un-tb"})
    async with app.run_test(size=(100, 30)) as pilot:
        keys = row_keys(app)
        assert "ob-annp" not in keys and "kr-books" not in keys
        assert "ob-bobp" in keys
        assert cells(app, "hidden")[0] == "1 private objective"
        everything = " ".join(" ".join(cells(app, key)) for key in keys)
        assert "secret" not in everything and "twelve" not in everything
        # Walking the whole table never reveals the title in the detail line either.
        table = app.screen.query_one("#objectives", DataTable)
        table.focus()
        for _ in keys:
            assert "secret" not in shown(app, "#detail")
            await pilot.press("down")
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)):
        assert cells(app, "ob-annp")[0] == "Ann's secret plan private"
        assert cells(app, "hidden")[0] == "1 private objective"


async def test_selecting_a_unit_sets_the_apps_unit(teebee: Store) -> None:
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down")
        assert app.unit_id == "un-ann"
        assert "No objectives for Ann in 2026-Q4" in shown(app, "#empty")
        assert "Press w" in shown(app, "#empty")
        assert not app.screen.query_one("#objectives").display
        await pilot.press("up", "up")
        assert app.unit_id == "un-co"
        await pilot.press("down", "enter")
        assert app.unit_id == "un-tb"
        assert app.focused is app.screen.query_one("#objectives")


async def test_an_empty_workspace_says_how_to_start(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)):
        text = shown(app, "#empty")
        assert "No teams here yet" in text and "Press w to run the workshop" in text


async def test_header_shows_workspace_file_period_and_user(teebee: Store) -> None:
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)):
        assert app.sub_title == "TeeBee Inc (workspace.json) · 2026-Q4 · ann"


async def test_period_keys_move_between_the_workspaces_periods(teebee: Store) -> None:
    teebee.add(KeyResult(id="kr-q3", objective_id="ob-q3", title="1,000 tea lovers", target=1000))
    teebee.check_in("kr-q3", 950, confidence=8, at=at(28, month=9))
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("left_square_bracket")
        assert app.period_id == "2026-Q3"
        assert "2026-Q3" in app.sub_title
        assert row_keys(app) == ["ob-q3", "kr-q3"]
        # A finished quarter is judged on its last day (28 Sep is 2 days before), not stale.
        assert cells(app, "kr-q3")[2] == "● on track"
        assert "2026-Q3" in shown(app, "#unit-title")
        await pilot.press("left_square_bracket")
        assert app.period_id == "2026-Q3"
        assert any("No earlier period" in n.message for n in app._notifications)
        await pilot.press("right_square_bracket")
        assert app.period_id == "2026-Q4"
        assert "ob-tea" in row_keys(app)


# --- help, palette, navigation -------------------------------------------------------------


async def test_help_lists_the_keys_of_the_app_and_of_the_screen(teebee: Store) -> None:
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = shown(app, "#help-keys")
        for line in ("w             Workshop", "a             Alignment", "Previous period"):
            assert line in keys
        assert "Next period" in keys and "Help" in keys and "Everywhere" in keys
        assert "Keys: Home" in shown(app, "#help-title")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_help_follows_the_bindings_not_a_copy(teebee: Store, monkeypatch) -> None:
    import screens.home

    class BellHome(HomeScreen):
        CSS_PATH = str(Path(screens.home.__file__).with_name("home.tcss"))
        BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "app.bell", "Ring the bell")]

    monkeypatch.setattr(screens.home, "HomeScreen", BellHome)
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        keys = shown(app, "#help-keys")
        assert "x             Ring the bell" in keys and "Workshop" in keys


async def test_palette_opens_a_unit(teebee: Store) -> None:
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"open unit UED")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.unit_id == "un-ued"
        assert isinstance(app.screen, HomeScreen)
        assert "UED" in shown(app, "#unit-title")
        tree = app.screen.query_one("#units", Tree)
        assert tree.cursor_node is not None and tree.cursor_node.data == "un-ued"


def test_palette_lists_every_screen_unit_and_period(teebee: Store) -> None:
    app = make_app(teebee)
    texts = [command.text for command in palette_commands(app)]
    for nav in NAVIGATION:
        assert f"Open {nav.label.lower()}" in texts
    assert "Open unit TeeBee" in texts and "Open unit UED" in texts
    assert "Open unit Old team" not in texts
    assert "Period 2026-Q3" in texts and "Period 2026-Q4" in texts


async def test_a_screen_not_built_yet_says_so(teebee: Store, monkeypatch) -> None:
    monkeypatch.setitem(SCREENS_BY_NAME, "workshop", ("screens.not_there", "NotThereScreen"))
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert "The workshop screen is not available yet." in messages


async def test_escape_goes_back_and_a_first_screen_goes_back_home(teebee: Store) -> None:
    app = make_app(teebee, start_screen="help")
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


# --- user text -----------------------------------------------------------------------------


async def test_markup_in_titles_is_shown_literally(teebee: Store) -> None:
    teebee.add(
        Objective(
            id="ob-mk1", unit_id="un-ued", period_id="2026-Q4", title="[bold]x[/]", owner="ann"
        )
    )
    teebee.add(Objective(id="ob-mk2", unit_id="un-ued", period_id="2026-Q4", title="[/]"))
    teebee.add(KeyResult(id="kr-mk", objective_id="ob-mk2", title="[red]not red", target=1))
    teebee.update(Unit, "un-ued", name="UED [i]team[/i]")
    app = make_app(teebee, start_kwargs={"unit_id": "un-ued"})
    async with app.run_test(size=(100, 30)) as pilot:
        assert cells(app, "ob-mk1")[0] == "[bold]x[/]"
        assert cells(app, "ob-mk2")[0] == "[/]"
        assert cells(app, "kr-mk")[0] == "  · [red]not red"
        assert "UED [i]team[/i]" in shown(app, "#unit-title")
        table = app.screen.query_one("#objectives", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index("kr-mk"))
        await pilot.pause()
        assert "[red]not red" in shown(app, "#detail")
        await pilot.press("ctrl+p", *"UED", "escape")


async def test_chinese_titles_line_up(teebee: Store) -> None:
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#objectives", DataTable)
        starts: dict[str, int] = {}
        for index, key in enumerate(row_keys(app)):
            line = table.render_line(index + 1).text
            bar = (
                min(i for i in (line.find("█"), line.find("░")) if i >= 0)
                if key != "hidden"
                else -1
            )
            if bar >= 0:
                starts[key] = cell_len(line[:bar])
        assert starts["ob-cn"] == starts["ob-tea"] == starts["kr-cn"] == starts["kr-wau"]
        # The Chinese title is cut to its column by cells, with an ellipsis.
        title = cells(app, "ob-cn")[0]
        assert cell_len(title) <= table.columns[table.ordered_columns[0].key].width
        assert title.endswith("…") or title == "团队成长：每个人都能独立负责一个项目"


# --- live refresh --------------------------------------------------------------------------


async def test_another_stores_check_in_shows_up_and_the_cursor_stays(
    teebee: Store, workspace: Path
) -> None:
    app = make_app(teebee)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one("#objectives", DataTable)
        table.focus()
        await pilot.press("down", "down")
        assert row_keys(app)[table.cursor_row] == "kr-ref"
        other = Store(workspace, "bob", clock=fixed_clock)
        other.check_in("kr-wau", 10000, confidence=9, at=at(26))
        other.add(Objective(id="ob-new", unit_id="un-tb", period_id="2026-Q4", title="A", order=0))
        await app.poll_workspace()
        await pilot.pause()
        assert cells(app, "kr-wau")[1].endswith("100%")
        assert cells(app, "kr-wau")[2] == "● on track"
        # (1.0 x 2 + 0.4 + 0) / 4 = 60 %
        assert cells(app, "ob-tea")[1].endswith(" 60%")
        # A new row above did not move the cursor off the row the user was on.
        assert row_keys(app)[0] == "ob-new"
        assert row_keys(app)[table.cursor_row] == "kr-ref"
        assert app.unit_id == "un-tb"
        tree = app.screen.query_one("#units", Tree)
        assert tree.cursor_node is not None and tree.cursor_node.data == "un-tb"


async def test_a_closed_screen_is_let_go_of_at_once(store: Store) -> None:
    app = OkrApp(store, today=TODAY, watch_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_open("review")
        await pilot.pause()
        review = weakref.ref(app.screen)
        assert type(review()).__name__ == "ReviewScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        gc.collect()
        # Nothing changed in the workspace meanwhile: the screen must not wait for it.
        assert review() is None
