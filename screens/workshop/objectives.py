"""Step 4: capture candidate objectives fast, vote with +/-, keep the top ones, park the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from okr_tui import workshop as core
from okr_tui.models import Objective
from okr_tui.workshop import Tip
from screens.workshop.common import StepView
from screens.workshop.dialogs import AskText

MAX_DOTS = 8


def dot_width(objectives: list[Objective]) -> int:
    most = max((o.votes for o in objectives), default=0)
    return 0 if most == 0 else min(most, MAX_DOTS) + (1 if most > MAX_DOTS else 0)


def badge(objective: Objective) -> str:
    kind = "committed" if objective.kind == "committed" else "aspirational"
    track = "team-building" if objective.track == "team-building" else "business"
    return f"{kind} · {track}"


def candidate_line(objective: Objective, width: int = 0) -> Text:
    """One candidate: votes as a number and as dots (`width` dots wide), title, kind and track."""
    parked = objective.status == "parked"
    line = Text(style="dim" if parked else "")
    dots = "●" * min(objective.votes, MAX_DOTS) + ("+" if objective.votes > MAX_DOTS else "")
    line.append(f"{objective.votes:>2} ", style="bold")
    if width:
        line.append(f"{dots:<{width}} ", style="dim" if parked else "yellow")
    line.append(objective.title)
    line.append(f"  [{badge(objective)}]", style="italic dim")
    if parked:
        line.append("  parked", style="italic")
    elif objective.status == "committed":
        line.append("  ✓ committed", style="green")
    return line


class CandidateList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign,right", "vote(1)", "+1 vote", key_display="+"),
        Binding("minus,left", "vote(-1)", "-1 vote", key_display="-"),
        Binding("k", "kind", "Kind"),
        Binding("t", "track", "Track"),
        Binding("e", "edit", "Edit"),
        Binding("p", "park", "Park"),
        # Shown in help (?), not the footer: at 80 columns the footer has room for the rest.
        Binding("delete,d", "delete", "Delete", key_display="del", show=False),
        Binding("shift+up,ctrl+up", "move(-1)", "Move up", key_display="⇧↑", show=False),
        Binding("shift+down,ctrl+down", "move(1)", "Move down", key_display="⇧↓", show=False),
        Binding("s", "keep", "Keep top…"),
        Binding("a,i,escape", "add", "Add", show=False),
    ]

    @property
    def step(self) -> ObjectivesStep:
        node = self.parent
        while node is not None and not isinstance(node, ObjectivesStep):
            node = node.parent
        assert isinstance(node, ObjectivesStep)
        return node

    def current_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    async def action_vote(self, delta: int) -> None:
        await self.step.change(core.vote, delta)

    async def action_kind(self) -> None:
        await self.step.change(core.toggle_kind)

    async def action_track(self) -> None:
        await self.step.change(core.toggle_track)

    async def action_park(self) -> None:
        await self.step.change(core.toggle_parked)

    async def action_delete(self) -> None:
        await self.step.change(core.delete_candidate)

    async def action_move(self, delta: int) -> None:
        step = self.step
        if step.workshop is not None and (current := self.current_id()):
            await step.session.okr_app.write(core.move, step.store, step.workshop, current, delta)
            step.refresh_data(select=current)

    def action_edit(self) -> None:
        self.step.edit()

    def action_keep(self) -> None:
        self.step.keep()

    def action_add(self) -> None:
        self.step.query_one("#cand-input", Input).focus()


class ObjectivesStep(StepView):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_list", "Vote", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="step-objectives", classes="step-view")
        self.step_key = "objectives"

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="Type a candidate objective, press Enter, type the next…",
            id="cand-input",
            max_length=300,
        )
        listing = CandidateList(id="cand-list")
        listing.border_title = "Candidates · votes"
        yield listing

    @property
    def listing(self) -> CandidateList:
        return self.query_one(CandidateList)

    def refresh_data(self, select: str | None = None) -> None:
        if self.workshop is None:
            return
        listing = self.listing
        keep = select or listing.current_id()
        found = core.candidates(self.store, self.workshop)
        listing.clear_options()
        width = dot_width(found)
        listing.add_options([Option(candidate_line(o, width), id=o.id) for o in found])
        hidden = core.hidden_count(self.store, self.workshop)
        listing.border_subtitle = f"+ {hidden} private" if hidden else ""
        ids = [o.id for o in found]
        if keep in ids:
            listing.highlighted = ids.index(keep)
        elif ids:
            listing.highlighted = min(len(ids) - 1, listing.highlighted or 0)

    def focus_first(self) -> None:
        self.query_one("#cand-input", Input).focus()

    @on(Input.Submitted, "#cand-input")
    async def capture(self, event: Input.Submitted) -> None:
        event.stop()
        if self.workshop is None or not event.value.strip():
            if not event.value.strip() and self.listing.option_count:
                self.listing.focus()
            return
        added = await self.session.okr_app.write(
            core.add_candidate, self.store, self.workshop, event.value
        )
        if added is not None:
            event.input.value = ""
            self.refresh_data(select=added.id)

    @on(Input.Changed, "#cand-input")
    def typing(self, event: Input.Changed) -> None:
        event.stop()
        self.tell_coach()

    @on(OptionList.OptionHighlighted, "#cand-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.tell_coach()

    def action_to_list(self) -> None:
        if self.listing.option_count:
            self.listing.focus()

    async def change(self, function: Callable[..., object], *args: object) -> None:
        current = self.listing.current_id()
        if current is None:
            self.app.notify("Capture a candidate first: type it and press Enter.")
            return
        await self.session.okr_app.write(function, self.store, current, *args)
        self.refresh_data(select=current)

    def edit(self) -> None:
        current = self.listing.current_id()
        objective = self.store.find(Objective, current)
        if objective is None:
            return

        async def done(title: str | None) -> None:
            if title is not None:
                await self.session.okr_app.write(
                    core.rename_candidate, self.store, objective.id, title
                )
                self.refresh_data(select=objective.id)

        self.app.push_screen(
            AskText(
                "Edit the objective",
                value=objective.title,
                check=lambda text: "" if text.strip() else "type the objective first",
            ),
            done,
        )

    def keep(self) -> None:
        workshop = self.workshop
        if workshop is None or not self.listing.option_count:
            self.app.notify("Capture candidates first, then vote with + and -.")
            return
        suggested = core.suggested_keep(self.store, workshop)

        def check(text: str) -> str:
            return "" if text.strip().isdigit() and int(text) > 0 else "type a number, like 3"

        async def done(answer: str | None) -> None:
            if answer is None:
                return
            result = await self.session.okr_app.write(
                core.keep_top, self.store, workshop, int(answer)
            )
            if result is not None:
                kept, parked = result
                self.app.notify(
                    f"Kept {len(kept)} as draft objectives; {len(parked)} went to the parking lot."
                )
            self.refresh_data()

        self.app.push_screen(
            AskText(
                "Keep how many objectives?",
                value=str(suggested),
                note="The ones with most votes stay as drafts; the rest go to the parking lot. "
                "3-5 is the craft's advice.",
                check=check,
            ),
            done,
        )

    def tips(self) -> list[Tip]:
        field = self.query_one("#cand-input", Input)
        if field.has_focus and field.value.strip():
            return core.text_tips(field.value, "objective")
        objective = self.store.find(Objective, self.listing.current_id())
        if objective is not None and objective.status != "parked":
            # Key results come in step 5: here only the wording of the objective matters.
            return core.text_tips(objective.title, "objective")
        return []

    def presenter_text(self) -> Text:
        text = Text()
        if self.workshop is None:
            return text
        found = core.candidates(self.store, self.workshop)
        width = dot_width(found)
        for objective in found:
            if text:
                text.append("\n\n")
            text.append_text(candidate_line(objective, width))
        return text or Text("(no candidates yet)", style="dim")
