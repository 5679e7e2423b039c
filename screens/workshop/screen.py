"""The workshop screen: steps in a sidebar, the current step, timebox, parking lot, presenter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Digits, Header, OptionList, Static
from textual.widgets.option_list import Option

from okr_tui import workshop as core
from okr_tui.i18n import N_, NP_, _
from okr_tui.models import Objective, Unit, Workshop
from okr_tui.presence import Place
from okr_tui.workshop import Tip, room, step_done
from okr_tui.workshop.steps import is_solo, shown
from screens.base import OkrScreen
from screens.workshop.alignment import AlignmentStep
from screens.workshop.charter import CharterStep
from screens.workshop.common import StepView
from screens.workshop.dialogs import AskText
from screens.workshop.key_results import KeyResultsStep
from screens.workshop.objectives import ObjectivesStep
from screens.workshop.review import ReviewStep
from screens.workshop.room import people_text, room_text
from screens.workshop.room_tools import RoomTools
from widgets.coach_panel import CoachPanel
from widgets.footer import QuietFooter
from widgets.parking_lot import ParkingLot
from widgets.quiet import QuietStatic, SettledSize
from widgets.timer import TimerDisplay

TICK_SECONDS = 0.25


class StepSwitcher(ContentSwitcher, SettledSize):
    """The steps, one shown at a time (it never scrolls: each step scrolls its own list)."""


def wall_clock() -> datetime:
    return datetime.now(UTC)


class WorkshopScreen(RoomTools):
    """A facilitator leads a team's OKR session; everyone takes part from their own seat."""

    CSS_PATH = "workshop.tcss"
    AUTO_FOCUS = ""  # the step places the cursor itself once the session is loaded
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "pagedown,ctrl+n",
            "step(1)",
            NP_("workshop step", "Next"),
            key_display="PgDn",
            priority=True,
        ),
        Binding(
            "pageup", "step(-1)", NP_("workshop step", "Prev"), key_display="PgUp", priority=True
        ),
        Binding("ctrl+l", "park_idea", N_("Park idea"), key_display="^l", priority=True),
        Binding("ctrl+z", "undo", N_("Undo"), key_display="^z", priority=True),
        Binding("f5", "presenter", N_("Present"), key_display="F5", priority=True),
        Binding("f6,ctrl+t", "timer", N_("Timer"), key_display="F6", priority=True),
        Binding("f7", "more_time", N_("+1 min"), key_display="F7", priority=True, show=False),
        Binding("f8", "set_minutes", N_("Set time"), key_display="F8", priority=True, show=False),
        # Named in the room line above the step rather than in the footer (80 columns).
        Binding("f3", "ready", N_("Ready"), key_display="F3", priority=True, show=False),
        Binding("f9", "follow", N_("Follow"), key_display="F9", priority=True, show=False),
        Binding("f4", "lead", N_("Hand over"), key_display="F4", priority=True, show=False),
        Binding("escape", "leave", N_("Leave"), show=False),
        Binding("f2", "name_team", N_("Name the team"), show=False),
    ]

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's own, without its repaint of the whole screen: the widgets that gain and
    lose the focus redraw themselves, and a participant's focus moves with every step."""

    def __init__(
        self,
        *,
        unit_id: str | None = None,
        period_id: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.period_id = period_id
        self.clock = clock or wall_clock
        """The wall clock the shared timer is read with (tests pass their own)."""
        self.workshop: Workshop | None = None
        self.step_key: str = "mission"
        """The step on this screen; a participant's may be behind the session's, never ahead."""
        self.lead_step: str = ""
        """The session's step as last read: when it changes, this screen follows."""
        self.doing = ""
        """What this person is doing now, for the others' 'who is where'."""
        self.presenting = False
        self._step_marks: dict[str, str] = {}

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="ws-body"):
            with Vertical(id="ws-side"):
                yield QuietStatic("", id="ws-unit")
                yield OptionList(id="ws-steps")
                yield TimerDisplay(id="ws-timer")
                yield QuietStatic("", id="ws-people")
                yield ParkingLot(id="ws-parking")
            with Vertical(id="ws-main"):
                yield QuietStatic("", id="ws-room")
                yield QuietStatic("", id="ws-heading")
                yield QuietStatic("", id="ws-prompt")
                with StepSwitcher(initial="step-mission", id="ws-switcher"):
                    for field in core.CHARTER_STEPS:
                        yield CharterStep(field)
                    yield ObjectivesStep()
                    yield KeyResultsStep()
                    yield AlignmentStep()
                    yield ReviewStep()
                yield CoachPanel(id="ws-coach", limit=3)
        with Vertical(id="ws-presenter"):
            with Horizontal(id="pr-top"):
                yield QuietStatic("", id="pr-heading")
                yield Digits("", id="pr-clock")
            yield QuietStatic("", id="pr-prompt")
            with VerticalScroll(id="pr-scroll"):
                yield QuietStatic("", id="pr-body")
            yield Static(_("F5 or Esc: back to the workshop"), id="pr-keys")
        yield QuietFooter(at_once=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.query_one("#ws-steps", OptionList).add_options(
            [Option(Text(f"{s.number} {_(s.title)}"), id=s.key) for s in core.STEPS]
        )
        self.set_interval(TICK_SECONDS, self.tick)
        self.hear_of_presence()
        unit_id = self.unit_id or self.okr_app.unit_id or self._default_unit()
        if unit_id is None:
            self.ask_team_name()
            return
        await self.begin(unit_id)

    def _default_unit(self) -> str | None:
        units = self.store.units()
        companies = [u for u in units if u.kind == "company"]
        pick = companies or units
        return pick[0].id if pick else None

    def ask_team_name(self) -> None:
        def check(text: str) -> str:
            return "" if text.strip() else _("type the team's name to begin")

        async def done(name: str | None) -> None:
            if name is None:
                self.query_one("#ws-heading", Static).update(
                    Text(_("A workshop needs a team. Esc leaves; F2 names the team."))
                )
                return
            unit = await self.okr_app.write(core.create_team, self.store, name)
            if unit is not None:
                await self.begin(unit.id)

        self.app.push_screen(
            AskText(
                _("Welcome! What is your team called?"),
                placeholder="TeeBee",
                note=_(
                    "The workshop sets this team's OKRs for {period}. You can add more teams later."
                ).format(period=self.period_id or self.okr_app.period_id),
                check=check,
            ),
            done,
        )

    def action_name_team(self) -> None:
        if self.workshop is None:
            self.ask_team_name()

    async def begin(self, unit_id: str) -> None:
        period_id = self.period_id or self.okr_app.period_id
        workshop = await self.okr_app.write(core.start_or_resume, self.store, unit_id, period_id)
        if workshop is None:
            return
        self.workshop = workshop
        self.unit_id = unit_id
        self.period_id = period_id
        # The header names the period being planned, and home shows it on the way back.
        self.okr_app.period_id = period_id
        unit = self.store.get(Unit, unit_id)
        self.query_one("#ws-unit", Static).update(
            Text.assemble(
                (unit.name, "bold"), "\n" + _("{period} workshop").format(period=period_id)
            )
        )
        self.lead_step = workshop.step
        # A participant (re)joining lands where the facilitator is.
        await self.go(workshop.step, save=False, follow=True)

    # -- data --------------------------------------------------------------------------
    def on_workspace_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        if self.workshop is None:
            return
        fresh = self.store.find(Workshop, self.workshop.id)
        if fresh is None:
            return
        self.workshop = fresh
        if fresh.step != self.lead_step:
            self.lead_step = fresh.step
            if not room.leads(fresh, self.user) and fresh.step != self.step_key:
                # The facilitator moved the session: this screen follows (and redraws there).
                self.call_later(self.go, fresh.step, follow=True)
                return
        self.current_view().refresh_data()
        self.refresh_chrome()

    def current_view(self) -> StepView:
        return self.query_one(f"#step-{self.step_key}", StepView)

    def refresh_chrome(self) -> None:
        """Sidebar progress, heading, prompt, parking lot, coach and presenter text."""
        workshop = self.workshop
        if workshop is None:
            return
        step = shown(core.step_of(self.step_key, solo=is_solo(self.store, workshop)))
        steps = self.query_one("#ws-steps", OptionList)
        for number, item in enumerate(core.STEPS):
            done = step_done(self.store, workshop, item.key)
            mark = "▶" if item.key == self.step_key else ("✓" if done else " ")
            label = Text(f"{mark} {item.number} {_(item.title)}")
            if item.key == self.step_key:
                label.stylize("bold")
            elif done:
                label.stylize("green")
            if self._step_marks.get(item.key) != mark:
                # Every change to the workspace lands here: redraw only the marks that moved.
                self._step_marks[item.key] = mark
                steps.replace_option_prompt_at_index(number, label)
        steps.highlighted = core.STEP_KEYS.index(step.key)
        heading = Text.assemble(
            (
                _("Step {number} of {count}").format(number=step.number, count=len(core.STEPS))
                + " · ",
                "dim",
            ),
            (step.title, "bold"),
        )
        if workshop.status == "committed":
            heading.append("  " + _("✓ committed"), style="green")
        self.query_one("#ws-heading", Static).update(heading)
        self.refresh_room()
        prompt = Text(step.prompt)
        prompt.append("\n" + _("Good: "), style="bold green")
        prompt.append(step.good)
        prompt.append("\n" + _("Weak: "), style="bold yellow")
        prompt.append(step.weak)
        self.query_one("#ws-prompt", Static).update(prompt)
        parked = sum(1 for o in core.candidates(self.store, workshop) if o.status == "parked")
        self.query_one(ParkingLot).show(workshop.parking_lot, parked)
        self.current_view().tell_coach()
        if self.presenting:
            self.refresh_presenter()

    def refresh_room(self) -> None:
        """The room line and who is where; re-drawn as presence and the session change."""
        workshop = self.workshop
        if workshop is None:
            return
        others = self.okr_app.present
        step = self.query_one(ObjectivesStep)
        keys = {a: self.key_for(a) for a in ("follow", "lead", "ready")}
        keys |= {a: step.key_for(a) for a in ("writing", "reveal", "voting")}
        line = room_text(self.store, workshop, self.user, others, self.step_key, keys)
        self.query_one("#ws-room", Static).update(line)
        self.query_one("#ws-people", Static).update(people_text(workshop, others, self.user))
        self.current_view().show_others(others)

    def presence_place(self) -> Place:
        """Where this person is, for the others' 'who is where'."""
        if self.workshop is None:
            return Place(screen="workshop")
        number = room.step_number(self.step_key)
        return Place("workshop", self.workshop.id, number, self.doing)

    def set_doing(self, doing: str) -> None:
        """Tell the others what this person is doing now ('writing', 'editing the mission')."""
        if doing != self.doing:
            self.doing = doing
            self.okr_app.move_to(self.presence_place())

    def refuse(self, action: str) -> bool:
        """True (and one line says why) when only the facilitator may do this."""
        if self.workshop is None:
            return True
        problem = room.refusal(self.workshop, self.user, action)
        if problem:
            self.notify(problem, timeout=4)
        return bool(problem)

    def show_tips(self, tips: list[Tip]) -> None:
        self.query_one("#ws-coach", CoachPanel).show(tips)

    def refresh_presenter(self) -> None:
        step = shown(core.step_of(self.step_key, solo=is_solo(self.store, self.workshop)))
        self.query_one("#pr-heading", Static).update(
            Text.assemble((f"{step.number}  ", "bold"), (step.title.upper(), "bold"))
        )
        self.query_one("#pr-prompt", Static).update(Text(step.prompt))
        self.query_one("#pr-body", Static).update(self.current_view().presenter_text())

    # -- moving between steps ------------------------------------------------------------
    async def go(self, key: str, *, save: bool = True, follow: bool = False) -> None:
        """Show a step (saving what the last one had typed).

        The facilitator moves the whole session (the step is stored, so others follow
        and a restart resumes there); a participant only looks, and only back.
        """
        if self.workshop is None:
            return
        key = core.step_of(key).key
        problem = "" if follow else room.view_problem(self.workshop, self.user, key)
        if problem:
            self.notify(problem, timeout=4)
            return
        if save and isinstance(view := self.current_view(), CharterStep):
            await view.save()
        self.step_key = key
        self.query_one(ContentSwitcher).current = f"step-{self.step_key}"
        if room.leads(self.workshop, self.user) and self.workshop.step != key:
            updated = await self.okr_app.write(room.move_step, self.store, self.workshop.id, key)
            if updated is not None:
                self.workshop = updated
                self.lead_step = updated.step
        self.doing = ""
        self.okr_app.move_to(self.presence_place())
        view = self.current_view()
        view.refresh_data()
        self.refresh_chrome()
        self.tick()
        if not self.presenting:
            view.focus_first()
        # The focus moves in the app's next callback, and the footer would hear of the new
        # keys only after the next frame (drawing, and laying the screen out, once more):
        # right after the focus has moved, it shows them in the step's own frame.
        self.app.call_later(self.query_one(QuietFooter).bindings_changed, self)

    async def action_step(self, delta: int) -> None:
        if isinstance(self.app.screen, OkrScreen) and self.app.screen is self:
            await self.go(core.next_step(self.step_key, delta))

    async def action_follow(self) -> None:
        """Back to the step the facilitator has the session at."""
        if self.workshop is not None and self.step_key != self.workshop.step:
            await self.go(self.workshop.step, follow=True)

    @on(OptionList.OptionSelected, "#ws-steps")
    async def step_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            await self.go(event.option.id)

    def action_leave(self) -> None:
        if self.presenting:
            self.action_presenter()
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def action_park_idea(self) -> None:
        workshop = self.workshop
        if workshop is None:
            return

        async def done(idea: str | None) -> None:
            if idea:
                await self.okr_app.write(core.park_idea, self.store, workshop.id, idea)
                self.reload()

        self.app.push_screen(
            AskText(
                _("Park an idea for later"),
                placeholder=_("An idea worth keeping, but not for now"),
                note=_("It stays in the parking lot and in the minutes."),
                check=lambda text: "" if text.strip() else _("type the idea first"),
            ),
            done,
        )

    async def keep_typed(self) -> bool:
        """Save the charter line being typed (the language switch opens the screen again);
        False when it could not be saved (someone else changed it: the note says so)."""
        view = self.current_view() if self.workshop is not None else None
        if isinstance(view, CharterStep):
            return await view.save()
        return True

    async def action_undo(self) -> None:
        if self.workshop is None:
            return
        view = self.current_view()
        if isinstance(view, CharterStep):
            await view.save()
        undone = await self.okr_app.write(core.undo_last, self.store, self.workshop)
        if undone is not None:
            self.notify(_("Undone: {what}").format(what=undone), timeout=4)
        self.reload()

    def action_presenter(self) -> None:
        self.presenting = not self.presenting
        self.set_class(self.presenting, "-presenter")
        if self.presenting:
            # Nothing on the hidden step keeps the focus, so Esc and F5 reach the screen.
            self.set_focus(None)
            self.refresh_presenter()
            self.tick()
        else:
            self.current_view().focus_first()

    def objective(self, objective_id: str | None) -> Objective | None:
        return self.store.find(Objective, objective_id)
