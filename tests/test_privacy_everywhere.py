"""Privacy proven on every surface: screens, reports, exports and the workshop minutes.

Ann has also written a sealed draft (SECRET-PLAN too) in Acme's silent writing
round: until the reveal it is hers alone, on every surface.

One workspace holds a company, a team and a person. Ann owns a private
objective in the team, beside public ones; everything under it (description,
key result, check-in notes, a task, a score comment, a quarter-end review, a
change's reason) carries the marker SECRET-PLAN, and its check-in value is
the unusual number 98765. Bob must find the marker nowhere and see "1 private
objective" where the team's objectives are listed; Ann sees it all, and her
exports carry it only when she asks with --include-private.
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import DataTable, Input, Markdown, OptionList, Static, TextArea, Tree

from okr_tui import cli
from okr_tui import workshop as workshop_core
from okr_tui.app import OkrApp
from okr_tui.location import Location, PgUrl
from okr_tui.models import (
    CheckIn,
    KeyResult,
    Objective,
    Person,
    Task,
    Unit,
    Workshop,
    period_for,
)
from okr_tui.scoring import set_review, set_score
from okr_tui.store import Store
from okr_tui.stores import open_location
from okr_tui.workshop import rounds
from tests import helpers_pg
from tests.conftest import TODAY, settle

MARKER = "SECRET-PLAN"
SECRET_VALUES = ("98765", "98,765", "98.8k", "98.77k")
"""The hidden key result's latest reading, as any formatter might print it."""

PERIOD = "2026-Q4"
SIZE = (100, 30)

COMPANY = "un-acme"
TEAM = "un-growth"
ANN_UNIT = "un-ann"
HIDDEN_OBJECTIVE = "ob-hide"
HIDDEN_KR = "kr-hide"
PUBLIC_KR = "kr-signup"


class Clock:
    """A clock the fixture moves by hand, so every record lands on a known day."""

    def __init__(self) -> None:
        self.now = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def steady_clock() -> datetime:
    return at(11, 26, 10)


def build_workspace(path: Path) -> None:
    """Acme > Growth > Ann; Ann's private objective sits among Growth's public ones."""
    clock = Clock()
    store = Store(path, "ann", org="Acme", clock=clock)
    with store.transaction():
        store.add(period_for(PERIOD))
        store.add(Unit(id=COMPANY, name="Acme", kind="company"))
        store.add(Unit(id=TEAM, name="Growth", kind="business", parent_id=COMPANY))
        store.add(Unit(id=ANN_UNIT, name="Ann", kind="person", parent_id=TEAM, person_login="ann"))
        store.add(Person(id="pe-ann", login="ann", name="Ann", unit_ids=[TEAM, ANN_UNIT]))
        store.add(Person(id="pe-bob", login="bob", name="Bob", unit_ids=[TEAM]))
        common = {"period_id": PERIOD, "status": "committed"}
        store.add(
            Objective(
                id="ob-co",
                unit_id=COMPANY,
                title="Become the first choice for small shops",
                owner="bob",
                **common,
            )
        )
        store.add(
            Objective(
                id="ob-pub",
                unit_id=TEAM,
                title="Win more sign-ups from the web shop",
                owner="bob",
                parent_id="ob-co",
                order=1,
                **common,
            )
        )
        store.add(
            Objective(
                id="ob-ann",
                unit_id=TEAM,
                title="Make onboarding a delight",
                owner="ann",
                parent_id="ob-co",
                order=2,
                **common,
            )
        )
        store.add(
            Objective(
                id=HIDDEN_OBJECTIVE,
                unit_id=TEAM,
                title=f"{MARKER} buy out our rival",
                description=f"{MARKER}: nobody may know before the board meets",
                owner="ann",
                visibility="private",
                parent_id="ob-co",
                order=3,
                **common,
            )
        )
        # A public objective aligned under the private one: its parent must stay hidden.
        store.add(
            Objective(
                id="ob-mine",
                unit_id=ANN_UNIT,
                title="Learn negotiation",
                owner="ann",
                parent_id=HIDDEN_OBJECTIVE,
                **common,
            )
        )
        krs = [
            KeyResult(
                id="kr-co",
                objective_id="ob-co",
                title="Shops using us",
                target=500,
                measure="shops",
                owner="bob",
            ),
            KeyResult(
                id=PUBLIC_KR,
                objective_id="ob-pub",
                title="Weekly sign-ups",
                baseline=100,
                target=300,
                measure="sign-ups",
                owner="bob",
            ),
            KeyResult(
                id="kr-tour",
                objective_id="ob-ann",
                title="Finish the guided tour",
                milestone=True,
                owner="ann",
            ),
            KeyResult(
                id=HIDDEN_KR,
                objective_id=HIDDEN_OBJECTIVE,
                title=f"{MARKER} shares bought",
                target=100000,
                measure="shares",
                owner="ann",
            ),
            KeyResult(
                id="kr-mine",
                objective_id="ob-mine",
                title="Read two books on negotiation",
                target=2,
                measure="books",
                owner="ann",
            ),
        ]
        for kr in krs:
            store.add(kr)
    readings = [
        ("ci-01", "kr-co", 120, 6, "steady", at(11, 18)),
        ("ci-02", "kr-co", 150, 7, "two partners signed", at(11, 25)),
        ("ci-03", PUBLIC_KR, 150, 6, "campaign started", at(11, 18)),
        ("ci-04", PUBLIC_KR, 180, 7, "campaign working", at(11, 24)),
        ("ci-05", "kr-tour", 0, 5, "", at(11, 24)),
        ("ci-06", HIDDEN_KR, 50000, 6, f"{MARKER} first block bought", at(11, 18)),
        ("ci-07", HIDDEN_KR, 98765, 8, f"{MARKER} second block bought", at(11, 24)),
        ("ci-08", "kr-mine", 1, 7, "first book read", at(11, 24)),
    ]
    for cid, kr_id, value, confidence, note, when in readings:
        clock.now = when
        store.add(
            CheckIn(
                id=cid,
                kr_id=kr_id,
                value=value,
                confidence=confidence,
                note=note,
                author="ann",
                at=when,
            )
        )
    clock.now = at(11, 20)
    store.add(Task(id="tk-hide", kr_id=HIDDEN_KR, title=f"{MARKER} call the lawyers", owner="ann"))
    store.add(Task(id="tk-pub", kr_id=PUBLIC_KR, title="Write the launch mail", owner="bob"))
    # A mid-quarter change with a reason: the event's before, after and reason are all secret.
    clock.now = at(11, 23)
    store.update(
        KeyResult,
        HIDDEN_KR,
        target=120000,
        reason=f"{MARKER} the rival's price fell",
    )
    clock.now = at(11, 25)
    set_score(store, HIDDEN_KR, agreed=0.8, comment=f"{MARKER} nearly there")
    set_score(store, PUBLIC_KR, agreed=0.4, comment="halfway")
    set_review(store, HIDDEN_OBJECTIVE, comment=f"{MARKER} keep going", decision="keep")
    # Ann ran Growth's workshop and committed it: its minutes are a shared document.
    workshop = workshop_core.start_or_resume(store, TEAM, PERIOD)
    workshop_core.commit(store, store.get(Workshop, workshop.id))
    workshop_core.set_step(store, workshop.id, "review")
    # Acme's own workshop is in a silent writing round: Ann's draft is hers until the reveal.
    acme = workshop_core.start_or_resume(store, COMPANY, PERIOD)
    workshop_core.room.move_step(store, acme.id, "objectives")
    rounds.open_writing(store, acme.id, anonymous=False)
    rounds.write_candidate(store, store.get(Workshop, acme.id), f"{MARKER} sealed idea")
    store.close()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "acme.json"
    build_workspace(target)
    return target


@pytest.fixture(params=["file", "postgresql"])
def where(request: pytest.FixtureRequest, path: Path) -> Location:
    """The workspace for the reports and exports: the file, or a copy of it in PostgreSQL."""
    if request.param == "file":
        return path
    from okr_tui.pg.bulk import write_new

    url = helpers_pg.fresh_database()
    write_new(url, Store(path, "").export_data())
    return url


# -- collecting what a person sees --------------------------------------------------------


def svg_text(svg: str) -> str:
    """The characters of a screenshot, in reading order."""
    parts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return "".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in parts).replace("\xa0", " ")


def widget_text(widget: Widget) -> list[str]:
    """What a widget holds, including rows scrolled away and folded tree nodes."""
    out: list[str] = []
    if isinstance(widget, DataTable):
        out += [str(column.label) for column in widget.ordered_columns]
        for index in range(widget.row_count):
            out += [str(cell) for cell in widget.get_row_at(index)]
    elif isinstance(widget, Tree):
        stack = [widget.root]
        while stack:
            node = stack.pop()
            out.append(str(node.label))
            stack.extend(node.children)
    elif isinstance(widget, OptionList):
        out += [str(option.prompt) for option in widget.options]
    elif isinstance(widget, Markdown):
        out.append(widget.source or "")
    elif isinstance(widget, Input):
        out.append(widget.value)
    elif isinstance(widget, TextArea):
        out.append(widget.text)
    elif isinstance(widget, Static):
        out.append(str(widget.render()))
    return out


def seen(app: OkrApp) -> str:
    """The screen as drawn, plus the full contents of every widget of the top screen."""
    parts = [svg_text(app.export_screenshot())]
    for widget in app.screen.walk_children(with_self=False):
        parts += widget_text(widget)
    return "\n".join(parts)


def make_app(path: Path, user: str, screen: str = "home", **kwargs: Any) -> OkrApp:
    store = Store(path, user, clock=steady_clock)
    return OkrApp(store, today=TODAY, watch_file=False, start_screen=screen, start_kwargs=kwargs)


Drive = Callable[[OkrApp, Any], Awaitable[None]]


async def nothing(app: OkrApp, pilot: Any) -> None:
    return None


def push(factory: Callable[[], Any]) -> Drive:
    async def drive(app: OkrApp, pilot: Any) -> None:
        app.push_screen(factory())
        await pilot.pause()
        await app.workers.wait_for_complete()  # screens that read in the background
        await pilot.pause()

    return drive


def keys(*pressed: str) -> Drive:
    async def drive(app: OkrApp, pilot: Any) -> None:
        await pilot.press(*pressed)

    return drive


def then(*drives: Drive) -> Drive:
    async def drive(app: OkrApp, pilot: Any) -> None:
        for step in drives:
            await step(app, pilot)
            await pilot.pause()

    return drive


def palette_search(query: str) -> Drive:
    async def drive(app: OkrApp, pilot: Any) -> None:
        app.action_command_palette()
        await pilot.pause()
        await pilot.press(*query)
        # The palette searches in a worker: wait for it, not for a fixed time.
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).value == query

    return drive


def kr_history(kr_id: str) -> Callable[[], Any]:
    def factory() -> Any:
        from screens.kr_history import KrHistoryScreen

        return KrHistoryScreen(kr_id=kr_id)

    return factory


def changes(unit_id: str | None) -> Callable[[], Any]:
    def factory() -> Any:
        from screens.changes import ChangesScreen

        return ChangesScreen(unit_id=unit_id)

    return factory


def score_summary() -> Any:
    from screens.score_summary import ScoreSummaryScreen

    return ScoreSummaryScreen(unit_id=TEAM, period_id=PERIOD)


def task_list(kr_id: str) -> Callable[[], Any]:
    def factory() -> Any:
        from screens.task_dialog import TaskListDialog

        return TaskListDialog(kr_id=kr_id)

    return factory


def change_dialog(kind: str, record_id: str) -> Callable[[], Any]:
    def factory() -> Any:
        from screens.change_dialog import ChangeDialog

        return ChangeDialog(kind=kind, record_id=record_id)

    return factory


def weekly_report_view() -> Any:
    from screens.weekly_report import WeeklyReportScreen

    return WeeklyReportScreen(unit_id=TEAM)


PRIVATE_COUNT = "1 private objective"


@dataclass(frozen=True)
class Surface:
    """A screen to read: where to start, what to press, and what proves it was drawn."""

    screen: str
    kwargs: dict[str, Any]
    drive: Drive
    bob_sees: str
    """Text Bob must find: the count where Growth's objectives are listed, else a public title."""
    ann_sees_it: bool = True
    """Whether Ann finds her private objective here (some surfaces never show it by design)."""


def on(
    screen: str, bob_sees: str, drive: Drive = nothing, ann: bool = True, **kwargs: Any
) -> Surface:
    return Surface(screen, kwargs, drive, bob_sees, ann)


SCREENS: dict[str, Surface] = {
    "home": on("home", PRIVATE_COUNT, unit_id=TEAM),
    "home-person-unit": on("home", "Learn negotiation", ann=False, unit_id=ANN_UNIT),
    "checkin": on("checkin", "Weekly sign-ups", unit_id=TEAM),
    "checkin-hidden-kr-by-id": on("checkin", "Weekly sign-ups", unit_id=TEAM, kr_id=HIDDEN_KR),
    "review": on("review", PRIVATE_COUNT, unit_id=TEAM),
    # The report view leaves private objectives out until their owner presses p.
    "weekly-report-view": on("home", PRIVATE_COUNT, push(weekly_report_view), ann=False),
    "weekly-report-own-private": on("review", PRIVATE_COUNT, keys("m", "p"), unit_id=TEAM),
    "kr-history-public": on("home", "Weekly sign-ups", push(kr_history(PUBLIC_KR)), ann=False),
    "kr-history-hidden-by-id": on("home", PRIVATE_COUNT, push(kr_history(HIDDEN_KR))),
    "kr-history-hidden-tasks": on(
        "home", PRIVATE_COUNT, then(push(kr_history(HIDDEN_KR)), keys("t"))
    ),
    "kr-history-hidden-checkin": on(
        "home", "Weekly sign-ups", then(push(kr_history(HIDDEN_KR)), keys("c"))
    ),
    "task-list-hidden-kr": on("home", PRIVATE_COUNT, push(task_list(HIDDEN_KR))),
    "change-dialog-hidden-kr": on("home", PRIVATE_COUNT, push(change_dialog("kr", HIDDEN_KR))),
    "change-dialog-hidden-objective": on(
        "home", PRIVATE_COUNT, push(change_dialog("objective", HIDDEN_OBJECTIVE))
    ),
    "changes-all-units": on("home", "Win more sign-ups", push(changes(None))),
    "changes-of-team": on("home", "Win more sign-ups", push(changes(TEAM))),
    # Scoring shows one objective at a time; Ann's private one is third.
    "scoring": on("scoring", PRIVATE_COUNT, ann=False, unit_id=TEAM, period_id=PERIOD),
    "score-summary": on("home", PRIVATE_COUNT, push(score_summary)),
    "alignment": on("alignment", PRIVATE_COUNT, period_id=PERIOD),
    "alignment-search": on("alignment", "SECRET", period_id=PERIOD, query="SECRET"),
    "unit-page": on("unit", PRIVATE_COUNT, unit_id=TEAM, period_id=PERIOD),
    "unit-page-person-unit": on("unit", "Learn negotiation", unit_id=ANN_UNIT, period_id=PERIOD),
    "person-page-ann": on("unit", PRIVATE_COUNT, login="ann", period_id=PERIOD),
    "palette-search": on("home", "SECRET", palette_search("SECRET")),
    "palette-search-kr-words": on("home", "shares", palette_search("shares")),
    "workshop-review": on("workshop", PRIVATE_COUNT, unit_id=TEAM, period_id=PERIOD),
    "workshop-presenter": on("workshop", PRIVATE_COUNT, keys("f5"), unit_id=TEAM, period_id=PERIOD),
    # A sealed draft of a writing round: others see how many Ann wrote, never what.
    "workshop-writing-round": on("workshop", "ann 1", unit_id=COMPANY, period_id=PERIOD),
}


async def screen_seen_by(path: Path, user: str, name: str) -> str:
    surface = SCREENS[name]
    app = make_app(path, user, surface.screen, **surface.kwargs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await surface.drive(app, pilot)
        await pilot.pause()
        return seen(app)


def assert_nothing_secret(text: str) -> None:
    assert MARKER not in text
    assert "buy out" not in text
    for value in SECRET_VALUES:
        assert value not in text


@pytest.mark.parametrize("surface", list(SCREENS))
async def test_bob_sees_nothing_of_anns_private_objective_on_screen(
    path: Path, surface: str
) -> None:
    text = await screen_seen_by(path, "bob", surface)
    assert SCREENS[surface].bob_sees in text
    assert_nothing_secret(text)


@pytest.mark.parametrize("surface", [s for s, v in SCREENS.items() if v.ann_sees_it])
async def test_ann_sees_her_private_objective_on_screen(path: Path, surface: str) -> None:
    text = await screen_seen_by(path, "ann", surface)
    assert MARKER in text
    assert PRIVATE_COUNT not in text


# -- reports and exports --------------------------------------------------------------------


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.make_context

    def make_context(args: argparse.Namespace) -> cli.Context:
        ctx = real(args)
        return cli.Context(db=ctx.db, user=ctx.user, today=TODAY)

    monkeypatch.setattr(cli, "make_context", make_context)
    monkeypatch.delenv("OKR_DB", raising=False)


def run_cli(capsys: pytest.CaptureFixture[str], where: Location, user: str, *argv: str) -> str:
    code = cli.main(
        ["--db", where.url if isinstance(where, PgUrl) else str(where), "--as", user, *argv]
    )
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return out + err


REPORTS: dict[str, tuple[str, ...]] = {
    "list": ("list", "--period", PERIOD),
    "list-team": ("list", "--period", PERIOD, "--unit", "Growth"),
    "check": ("check", "--period", PERIOD),
    "export-json": ("export", "--format", "json"),
    "export-csv": ("export", "--format", "csv"),
    "export-md": ("export", "--format", "md"),
    "report-weekly": ("report", "weekly", "--unit", "Growth"),
    "report-quarter": ("report", "quarter", "--unit", "Growth", "--period", PERIOD),
    "due": ("due",),
}
PRIVATE_FLAG = {
    "export-json",
    "export-csv",
    "export-md",
    "report-weekly",
    "report-quarter",
}
"""The commands that take --include-private."""


@pytest.mark.parametrize("surface", list(REPORTS))
def test_bob_finds_nothing_of_it_in_reports_and_exports(
    capsys: pytest.CaptureFixture[str], where: Location, surface: str
) -> None:
    out = run_cli(capsys, where, "bob", *REPORTS[surface])
    assert_nothing_secret(out)
    if surface in PRIVATE_FLAG:
        # Asking for private objectives brings in only one's own: Bob has none.
        out = run_cli(capsys, where, "bob", *REPORTS[surface], "--include-private")
        assert_nothing_secret(out)


def test_bob_finds_nothing_in_the_workshop_minutes(where: Location) -> None:
    store = open_location(where, "bob")
    workshop, acme = sorted(store.all(Workshop), key=lambda w: w.unit_id != TEAM)
    assert_nothing_secret(workshop_core.minutes_markdown(store, acme))
    assert_nothing_secret(workshop_core.minutes_markdown(store, workshop))
    assert_nothing_secret(workshop.minutes_markdown)
    if isinstance(where, Path):  # the minutes file was written beside the file
        minutes = workshop_core.minutes_path(store, workshop)
        assert_nothing_secret(minutes.read_text(encoding="utf-8"))
    store.close()


@pytest.mark.parametrize("surface", sorted(PRIVATE_FLAG))
def test_ann_exports_her_private_objective_only_when_she_asks(
    capsys: pytest.CaptureFixture[str], where: Location, surface: str
) -> None:
    plain = run_cli(capsys, where, "ann", *REPORTS[surface])
    assert_nothing_secret(plain)
    if surface != "export-csv":  # a CSV row is a key result: the count has no column
        assert PRIVATE_COUNT in plain
    asked = run_cli(capsys, where, "ann", *REPORTS[surface], "--include-private")
    assert MARKER in asked


def test_ann_lists_her_private_objective_and_bob_sees_its_count(
    capsys: pytest.CaptureFixture[str], where: Location
) -> None:
    assert MARKER in run_cli(capsys, where, "ann", *REPORTS["list"])
    listing = run_cli(capsys, where, "bob", *REPORTS["list-team"])
    assert PRIVATE_COUNT in listing and "Win more sign-ups" in listing


def test_the_json_export_keeps_nothing_under_the_hidden_objective(
    capsys: pytest.CaptureFixture[str], where: Location
) -> None:
    data = orjson.loads(run_cli(capsys, where, "bob", *REPORTS["export-json"]).split("\nokr:")[0])
    ids = {doc["id"] for docs in data.values() if isinstance(docs, list) for doc in docs}
    assert {HIDDEN_OBJECTIVE, HIDDEN_KR, "ci-06", "ci-07", "tk-hide"}.isdisjoint(ids)
    assert all(e["record_id"] not in (HIDDEN_OBJECTIVE, HIDDEN_KR) for e in data["events"])
    assert "ob-pub" in ids and PUBLIC_KR in ids


# -- numbers that would give a hidden score away ----------------------------------------------


async def test_unit_averages_leave_the_hidden_score_out(path: Path) -> None:
    # Visible to Bob: sign-ups 40% (scored 0.4) and the guided tour 0%; the hidden KR is 82%.
    home = await screen_seen_by(path, "bob", "home")
    assert "overall 20%" in home
    summary = await screen_seen_by(path, "bob", "score-summary")
    assert "average 0.2" in summary
    tree = await screen_seen_by(path, "bob", "alignment")
    assert "20% Growth" in " ".join(tree.split())
    mine = await screen_seen_by(path, "ann", "home")
    assert "overall 20%" not in mine


# -- exports from inside the app ----------------------------------------------------------------


class NotedApp(OkrApp):
    """The app, keeping every notification's text for the test to read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.said: list[str] = []

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.said.append(message)
        super().notify(message, *args, **kwargs)


async def export_from_palette(path: Path, user: str, words: str, folder: Path) -> tuple[Path, str]:
    """Run the palette's export command; return the saved file and what the toast said."""
    app = NotedApp(Store(path, user, clock=steady_clock), today=TODAY, watch_file=False)
    app.export_directory = folder
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *words, "enter")
        for _ in range(100):
            # The file is written in a thread; wait for the notification that it is done.
            await pilot.pause(0.02)
            if any("Saved to" in message for message in app.said):
                break
        messages = " ".join(app.said)
    (saved,) = folder.iterdir()
    return saved, messages


async def test_export_as_markdown_from_the_palette(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    saved, said = await export_from_palette(path, "bob", "export okrs as markdown", folder)
    assert saved.name == f"Acme-{TODAY.isoformat()}.md"
    assert f"Saved to {saved}" in said
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("# OKRs of Acme")
    assert "Win more sign-ups from the web shop" in text and PRIVATE_COUNT in text
    assert_nothing_secret(text)


async def test_export_as_csv_from_the_palette_leaves_even_the_owners_private_out(
    path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "downloads"
    saved, said = await export_from_palette(path, "ann", "export okrs as csv", folder)
    assert saved.name == f"Acme-{TODAY.isoformat()}.csv"
    assert str(saved) in said
    text = saved.read_text(encoding="utf-8-sig")
    assert "Weekly sign-ups" in text and "Make onboarding a delight" in text
    assert_nothing_secret(text)


async def test_the_palette_offers_both_exports_when_it_opens(path: Path) -> None:
    app = make_app(path, "bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        options = app.screen.query_one(OptionList)
        prompts = [str(option.prompt) for option in options.options]
    assert any("Export OKRs as Markdown" in p for p in prompts)
    assert any("Export OKRs as CSV" in p for p in prompts)


async def test_an_export_that_cannot_be_saved_says_why(path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "downloads"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    app = NotedApp(Store(path, "bob", clock=steady_clock), today=TODAY, watch_file=False)
    app.export_directory = blocker
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"export okrs as markdown", "enter")
        await pilot.pause()
    assert any(f"Cannot save the Markdown export in {blocker}" in m for m in app.said)
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"
