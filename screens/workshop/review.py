"""Step 7: the whole set on one screen with every coach hint; commit, and the minutes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from okr_tui import workshop as core
from okr_tui.i18n import N_, _, ngettext
from okr_tui.models import Unit, Workshop
from okr_tui.privacy import hidden_label
from okr_tui.workshop import Tip, room
from okr_tui.workspace import WorkspaceStore
from screens.workshop.common import StepView, pad
from screens.workshop.dialogs import AskText, Confirm
from widgets.quiet import QuietStatic


def review_text(store: WorkspaceStore, workshop: Workshop) -> Text:
    """Charter, objectives with KRs, hints, parking lot and people, as literal text."""
    text = Text()
    charter = core.charter_of(store, workshop.unit_id)
    for field in core.CHARTER_STEPS:
        value = getattr(charter, field) if charter is not None else ""
        text.append(pad(_(field.capitalize()), 9) + " ", style="bold")
        text.append(value or _("(not written)"), style="" if value else "yellow")
        text.append("\n")
    kept = core.chosen(store, workshop)
    text.append("\n")
    if not kept:
        text.append(_("No objectives kept yet (step 4).") + "\n", style="yellow")
    for number, objective in enumerate(kept, 1):
        text.append(f"O{number} ", style="bold")
        text.append(objective.title, style="bold")
        votes = _("{count} votes").format(count=objective.votes)
        details = f"  {_(objective.kind)} · {_(objective.track)} · {votes}"
        details += (
            " · " + _("owner {who}").format(who=objective.owner)
            if objective.owner
            else " · " + _("no owner")
        )
        if objective.status == "committed":
            details += " · " + _("✓ committed")
        text.append(details + "\n", style="dim")
        krs = store.key_results(objective.id)
        for kr_number, kr in enumerate(krs, 1):
            text.append(f"   KR{kr_number} ")
            text.append(kr.title)
            text.append(f"  {core.kr_line(kr, shown=True)}\n", style="dim")
        if not krs:
            text.append("   " + _("no key results yet") + "\n", style="yellow")
    hidden = core.hidden_count(store, workshop)
    if hidden:
        text.append(f"+ {hidden_label(hidden)}\n", style="dim")
    tips = core.review_tips(store, workshop)
    text.append("\n" + _("Coach hints"), style="bold")
    text.append(_(" (advice, not blockers)") + "\n", style="dim")
    for tip in tips:
        text.append(
            " • " + _("{where}: ").format(where=tip.where) if tip.where else " • ", style="italic"
        )
        text.append(tip.message + "\n")
    if not tips:
        text.append(" " + _("none") + "\n", style="dim")
    parked = [o for o in core.candidates(store, workshop) if o.status == "parked"]
    text.append("\n" + _("Parking lot") + "\n", style="bold")
    for objective in parked:
        text.append(" • ")
        text.append(objective.title)
        text.append(_(" (parked objective)") + "\n", style="dim")
    for idea in workshop.parking_lot:
        text.append(" • ")
        text.append(idea + "\n")
    if not parked and not workshop.parking_lot:
        text.append(" " + _("empty") + "\n", style="dim")
    text.append("\n" + _("Who took part: "), style="bold")
    text.append(_(", ").join(workshop.participants) or _("not recorded"))
    return text


class ReviewStep(StepView):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "commit", N_("Commit")),
        Binding("j", "join", N_("Who took part")),
    ]

    can_focus = True

    def __init__(self) -> None:
        super().__init__(id="step-review", classes="step-view")
        self.step_key = "review"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review-scroll"):
            yield QuietStatic("", id="review-body")
        yield QuietStatic("", id="review-status")

    def refresh_data(self) -> None:
        if self.workshop is None:
            return
        self.query_one("#review-body", Static).update(review_text(self.store, self.workshop))
        status = self.query_one("#review-status", Static)
        if self.workshop.status == "committed":
            path = core.minutes_path(self.store, self.workshop)
            status.update(Text("✓ " + _("Committed. Minutes: {name}").format(name=path.name)))
            status.set_class(True, "-done")
        else:
            status.update(
                Text(_("c commits the drafts and writes the minutes · j adds who took part"))
            )
            status.set_class(False, "-done")

    def focus_first(self) -> None:
        self.focus()

    def tips(self) -> list[Tip]:
        if self.workshop is None:
            return []
        count = len(core.review_tips(self.store, self.workshop))
        if not count:
            return []
        hints = ngettext(
            "{count} hint on the set, listed above. Advice, not blockers.",
            "{count} hints on the set, listed above. Advice, not blockers.",
            count,
        ).format(count=count)
        return [Tip("", hints)]

    def action_commit(self) -> None:
        workshop = self.workshop
        if workshop is None:
            return
        problem = room.refusal(workshop, self.store.user, "commit")
        if problem:
            self.app.notify(problem, timeout=4)
            return
        drafts = [o for o in core.chosen(self.store, workshop) if o.status == "draft"]
        unit = self.store.find(Unit, workshop.unit_id)
        name = unit.name if unit else workshop.unit_id

        async def done(yes: bool | None) -> None:
            if not yes:
                return
            result = await self.session.okr_app.write(core.commit, self.store, workshop)
            if result is not None:
                _records, path = result
                self.app.notify(
                    _("Committed {count} objective(s). Minutes written to {path}").format(
                        count=len(drafts), path=path
                    ),
                    title=_("Committed"),
                    timeout=10,
                )
            self.session.reload()

        self.app.push_screen(
            Confirm(
                _("Commit {count} objective(s) for {unit}, {period}?").format(
                    count=len(drafts), unit=name, period=workshop.period_id
                ),
                _(
                    "After this, changing them needs a reason. The minutes are written beside "
                    "the workspace."
                ),
            ),
            done,
        )

    def action_join(self) -> None:
        workshop = self.workshop
        if workshop is None:
            return

        async def done(names: str | None) -> None:
            if names:
                await self.session.okr_app.write(
                    core.add_participants, self.store, workshop.id, names
                )
                self.session.reload()

        self.app.push_screen(
            AskText(_("Who took part?"), placeholder=_("names, separated by commas")), done
        )

    def presenter_text(self) -> Text:
        return review_text(self.store, self.workshop) if self.workshop else Text("")
