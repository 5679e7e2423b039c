"""Step 4: capture candidates (in a silent round if the facilitator opens one), reveal,
dot-vote with a budget, keep the top ones, park the rest."""

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
from okr_tui.i18n import N_, _
from okr_tui.models import Objective, Workshop
from okr_tui.words import TAG_WORDS
from okr_tui.workshop import Tip, room, rounds
from screens.workshop.common import StepView
from screens.workshop.dialogs import AskText, PickOne
from widgets.one_line import OneLineInput, limit_of
from widgets.quiet import set_border_subtitle, set_border_title, show_options

MAX_DOTS = 8


def dot_width(objectives: list[Objective]) -> int:
    most = max((o.votes for o in objectives), default=0)
    return 0 if most == 0 else min(most, MAX_DOTS) + (1 if most > MAX_DOTS else 0)


def badge(objective: Objective) -> str:
    kind = _(TAG_WORDS["committed" if objective.kind == "committed" else "aspirational"])
    track = _("team-building") if objective.track == "team-building" else _("business")
    return f"{kind} · {track}"


def candidate_line(objective: Objective, width: int = 0, mine: int | None = None) -> Text:
    """One candidate: votes as a number and as dots (`width` dots wide), title, kind and track.

    While voting is open (`mine` given) the counts are hidden: only one's own dots show.
    """
    parked = objective.status == "parked"
    line = Text(style="dim" if parked else "")
    if mine is not None:
        line.append(f"{'●' * mine:<{width}} ", style="cyan")
    else:
        dots = "●" * min(objective.votes, MAX_DOTS) + ("+" if objective.votes > MAX_DOTS else "")
        line.append(f"{objective.votes:>2} ", style="bold")
        if width:
            line.append(f"{dots:<{width}} ", style="dim" if parked else "yellow")
    line.append(objective.title)
    if objective.sealed:
        line.append("  " + _("sealed: only you see it"), style="italic magenta")
    elif objective.author:
        line.append("  " + _("by {who}").format(who=objective.author), style="dim")
    line.append(f"  [{badge(objective)}]", style="italic dim")
    if parked:
        line.append("  " + _("parked"), style="italic")
    elif objective.status == "committed":
        line.append("  " + _("✓ committed"), style="green")
    return line


class CandidateList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign,right", "vote(1)", N_("+1 vote"), key_display="+"),
        Binding("minus,left", "vote(-1)", N_("-1 vote"), key_display="-"),
        Binding("k", "kind", N_("Kind")),
        Binding("t", "track", N_("Track")),
        Binding("e", "edit", N_("Edit")),
        Binding("p", "park", N_("Park")),
        # Shown in help (?), not the footer: at 80 columns the footer has room for the rest.
        Binding("delete,d", "delete", N_("Delete"), key_display="del", show=False),
        Binding("shift+up,ctrl+up", "move(-1)", N_("Move up"), key_display="⇧↑", show=False),
        Binding("shift+down,ctrl+down", "move(1)", N_("Move down"), key_display="⇧↓", show=False),
        Binding("s", "keep", N_("Keep top…")),
        # Not Esc: Esc leaves the workshop from the list as from anywhere, never just moves
        # the focus (the next key would then be typed into the text box unseen).
        Binding("a,i", "add", N_("Add"), show=False),
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
        await self.step.vote(delta)

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
    # The facilitator's rounds work from the text box and the list alike: ctrl keys,
    # named in the room line above the step rather than in the footer.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_list", N_("Vote"), show=False),
        Binding("ctrl+o", "writing", N_("Silent round"), key_display="^o", show=False),
        Binding("ctrl+r", "reveal", N_("Reveal"), key_display="^r", show=False),
        Binding("ctrl+g", "voting", N_("Voting"), key_display="^g", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="step-objectives", classes="step-view")
        self.step_key = "objectives"

    def compose(self) -> ComposeResult:
        yield OneLineInput(
            placeholder=_("Type a candidate objective, press Enter, type the next…"),
            id="cand-input",
            max_length=limit_of(Objective, "title"),
        )
        listing = CandidateList(id="cand-list")
        listing.border_title = _("Candidates · votes")
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
        # Most changes in a room leave the candidates as they are: then nothing redraws.
        show_options(listing, [Option(line, id=o.id) for o, line in self.lines(found)])
        hidden = core.hidden_count(self.store, self.workshop) - len(
            [
                o
                for o in rounds.sealed_drafts(self.store, self.workshop)
                if o.author != self.store.user
            ]
        )
        set_border_subtitle(
            listing, _("+ {count} private").format(count=hidden) if hidden > 0 else ""
        )
        set_border_title(
            listing,
            _("Candidates · your votes")
            if self.workshop.voting == "open"
            else _("Candidates · votes"),
        )
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
            rounds.write_candidate, self.store, self.workshop, event.value
        )
        if added is not None:
            if added.sealed:
                # The reveal shows on everyone's screen: it is not someone changing one's edit.
                self.session.okr_app.conflicts.forget(added.id)
            event.input.value = ""
            self.refresh_data(select=added.id)

    @on(Input.Changed, "#cand-input")
    def typing(self, event: Input.Changed) -> None:
        event.stop()
        self.tell_coach()
        writing = self.workshop is not None and self.workshop.writing == "open"
        self.session.set_doing("writing" if writing and event.value.strip() else "")

    def lines(self, found: list[Objective]) -> list[tuple[Objective, Text]]:
        """Each candidate's line: while voting is open, one's own dots instead of counts."""
        workshop = self.workshop
        if workshop is not None and workshop.voting == "open":
            mine = rounds.my_dots(self.store, workshop, self.store.user)
            width = max(mine.values(), default=0)
            return [(o, candidate_line(o, width, mine.get(o.id, 0))) for o in found]
        width = dot_width(found)
        return [(o, candidate_line(o, width)) for o in found]

    def lead_refused(self, action: str) -> Workshop | None:
        """The workshop when this person leads; else None, and one line says who does."""
        workshop = self.workshop
        if workshop is None:
            return None
        problem = room.refusal(workshop, self.store.user, action)
        if problem:
            self.app.notify(problem, timeout=4)
            return None
        return workshop

    async def vote(self, delta: int) -> None:
        current = self.listing.current_id()
        workshop = self.workshop
        if current is None or workshop is None:
            self.app.notify(_("Capture a candidate first: type it and press Enter."))
            return
        problem = rounds.vote_problem(self.store, workshop, self.store.user, current, delta)
        if problem:
            self.app.notify(problem, timeout=4)
            return
        await self.session.okr_app.write(rounds.cast, self.store, workshop.id, current, delta)
        self.session.reload()
        self.refresh_data(select=current)

    def key_for(self, action: str) -> str:
        """The key of one of this step's actions, as the footer shows it."""
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action == action:
                return self.app.get_key_display(binding)
        raise KeyError(action)

    def action_writing(self) -> None:
        self.open_writing()

    async def action_reveal(self) -> None:
        await self.reveal()

    def action_voting(self) -> None:
        self.voting()

    def open_writing(self) -> None:
        workshop = self.lead_refused("writing")
        if workshop is None:
            return

        async def done(kind: str | None) -> None:
            if kind:
                await self.session.okr_app.write(
                    rounds.open_writing, self.store, workshop.id, anonymous=kind == "anonymous"
                )
                self.session.reload()
                self.query_one("#cand-input", Input).focus()

        options = [
            ("named", _("With authors: the reveal shows who wrote each")),
            ("anonymous", _("Anonymous: the reveal shows the ideas only")),
        ]
        self.app.push_screen(PickOne(_("Open a silent writing round"), options), done)

    async def reveal(self) -> None:
        workshop = self.lead_refused("reveal")
        if workshop is None:
            return
        shown = await self.session.okr_app.write(rounds.reveal, self.store, workshop.id)
        if shown is not None:
            self.app.notify(
                _("Revealed {count} candidates to everyone.").format(count=shown), timeout=4
            )
        self.session.reload()

    def voting(self) -> None:
        workshop = self.lead_refused("voting")
        if workshop is None:
            return
        if workshop.voting == "open":
            self.run_worker(self.close_voting(workshop), exclusive=True, group="voting")
            return

        def check(text: str) -> str:
            try:
                rounds.parse_budget(text)
            except ValueError as exc:
                return str(exc)
            return ""

        async def done(answer: str | None) -> None:
            if answer is None:
                return
            budget, most = rounds.parse_budget(answer)
            await self.session.okr_app.write(
                rounds.open_voting, self.store, workshop.id, budget, most
            )
            self.session.reload()

        budget, most = rounds.DEFAULT_BUDGET
        self.app.push_screen(
            AskText(
                _("Open dot voting: votes per person, and the most on one candidate"),
                value=f"{budget} {most}",
                note=_("Votes stay hidden until you close voting ({key} again).").format(
                    key=self.key_for("voting")
                ),
                check=check,
            ),
            done,
        )

    async def close_voting(self, workshop: Workshop) -> None:
        closed = await self.session.okr_app.write(rounds.close_voting, self.store, workshop.id)
        if closed is not None:
            self.app.notify(_("Voting closed: the counts are in."), timeout=4)
        self.session.reload()

    @on(OptionList.OptionHighlighted, "#cand-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.tell_coach()

    def action_to_list(self) -> None:
        """Down from the text box: the list, from its first candidate (not the one just added)."""
        if self.listing.option_count:
            self.listing.highlighted = 0
            self.listing.focus()

    async def change(self, function: Callable[..., object], *args: object) -> None:
        current = self.listing.current_id()
        if current is None:
            self.app.notify(_("Capture a candidate first: type it and press Enter."))
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
                _("Edit the objective"),
                value=objective.title,
                check=lambda text: "" if text.strip() else _("type the objective first"),
            ),
            done,
        )

    def keep(self) -> None:
        if self.workshop is not None and self.lead_refused("keep") is None:
            return
        workshop = self.workshop
        if workshop is None or not self.listing.option_count:
            self.app.notify(_("Capture candidates first, then vote with + and -."))
            return
        suggested = core.suggested_keep(self.store, workshop)

        def check(text: str) -> str:
            return "" if text.strip().isdigit() and int(text) > 0 else _("type a number, like 3")

        async def done(answer: str | None) -> None:
            if answer is None:
                return
            result = await self.session.okr_app.write(
                core.keep_top, self.store, workshop, int(answer)
            )
            if result is not None:
                kept, parked = result
                self.app.notify(
                    _("Kept {kept} as draft objectives; {parked} went to the parking lot.").format(
                        kept=len(kept), parked=len(parked)
                    )
                )
            self.refresh_data()

        self.app.push_screen(
            AskText(
                _("Keep how many objectives?"),
                value=str(suggested),
                note=_(
                    "The ones with most votes stay as drafts; the rest go to the parking lot. "
                    "3-5 is the craft's advice."
                ),
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
        for _objective, line in self.lines(found):
            if text:
                text.append("\n\n")
            text.append_text(line)
        return text or Text(_("(no candidates yet)"), style="dim")
