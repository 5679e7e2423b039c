"""The quarter summary: scores and bands, their distribution, the reflection, and carry forward.

Every objective the viewer may see is listed with its score and band; a bar
chart shows how the scores spread, with counts per band and the average. The
unit's reflection (personal prompts for a person's unit) is saved when a box
loses focus or with ctrl+s. Keep / modify / abandon is set per objective; carry
forward shows a before/after list in a dialog and writes nothing until the
team confirms it there.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import DescendantBlur
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Label, Static, TextArea

from okr_tui import scoring
from okr_tui.i18n import N_, _, ngettext, pgettext
from okr_tui.models import Decision
from okr_tui.privacy import hidden_label
from okr_tui.rules import BAND_COLOUR, Band, clip, score_band
from okr_tui.scoring.carry import CarryPlan
from okr_tui.scoring.figures import format_value
from okr_tui.scoring.reading import UnitScoring
from okr_tui.store import WorkspaceError
from okr_tui.words import STATUS_WORDS, TAG_WORDS
from screens.base import OkrScreen
from widgets.badges import score_text
from widgets.footer import QuietFooter

BAR_HEIGHT = 4
REFLECTION_FIELDS = ("went_well", "went_badly", "learned")


def distribution_chart(scores: list[float]) -> Text:
    """A small column chart of scores on the tenths 0.0-1.0, coloured by band."""
    counts = scoring.distribution(scores)
    top = max(counts.values()) if scores else 0
    eighths = " ▁▂▃▄▅▆▇█"
    text = Text()
    for level in range(BAR_HEIGHT, 0, -1):
        for tenth, count in counts.items():
            # Each row is one quarter of the tallest bar, drawn in eighths.
            filled = 0 if top == 0 else count / top * BAR_HEIGHT - (level - 1)
            cell = eighths[round(clip(filled) * 8)]
            style = "" if count == 0 else BAND_COLOUR[score_band(tenth)]
            text.append(f" {cell}", style=style)
        text.append("\n")
    # Bar i sits in column 2i+1: label 0, .5 and 1 under their bars.
    axis = [" "] * (2 * len(counts))
    axis[1], axis[10], axis[11], axis[21] = "0", ".", "5", "1"
    text.append("".join(axis), "dim")
    return text


def band_line(unit: UnitScoring) -> Text:
    counts = scoring.band_counts(unit.scores)
    text = Text()
    for name in (Band.RED, Band.YELLOW, Band.GREEN):
        text.append(f"{scoring.band_words(name)} ", f"bold {BAND_COLOUR[name]}")
        text.append(f"{counts[name]}  ")
    text.append("\n" + _("average") + " ")
    text.append_text(score_text(unit.average))
    return text


class CarryForwardDialog(ModalScreen[bool]):
    """The before/after list of carry forward; True when the team confirms it."""

    CSS_PATH = "score_summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "confirm", N_("Carry forward"), key_display="y"),
        Binding("b", "toggle_baseline", N_("Baseline := final")),
        Binding("escape,n", "cancel", N_("Cancel"), key_display="esc"),
    ]

    def __init__(self, plan: CarryPlan, baseline_from_final: bool) -> None:
        super().__init__()
        self.plan = plan
        self.baseline_from_final = baseline_from_final

    def compose(self) -> ComposeResult:
        with Vertical(id="carry-box"):
            yield Label(id="carry-title")
            with VerticalScroll(id="carry-scroll"):
                yield Static(id="carry-list")
            yield Static(id="carry-keys")
            yield QuietFooter(compact=True, at_once=True)

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        plan = self.plan
        self.query_one("#carry-title", Label).update(
            Text(
                ngettext(
                    "Carry forward {source} → {target}: {count} objective as drafts",
                    "Carry forward {source} → {target}: {count} objectives as drafts",
                    len(plan.items),
                ).format(source=plan.from_period, target=plan.to_period, count=len(plan.items)),
                style="bold",
            )
        )
        body = Text()
        for item in plan.items:
            body.append(f"{scoring.decision_words(item.decision)}  ", "bold cyan")
            body.append(item.source.title, "bold")
            body.append(
                "\n  "
                + _(
                    "before: {period}, {status}   after: {new_period}, draft, {kind}, "
                    "owner {person}"
                ).format(
                    period=item.source.period_id,
                    status=_(STATUS_WORDS.get(item.source.status, item.source.status)),
                    new_period=item.draft.period_id,
                    kind=_(TAG_WORDS.get(item.draft.kind, item.draft.kind)),
                    person=item.draft.owner or "–",
                )
                + "\n",
                "dim",
            )
            for old, new, final in zip(item.source_krs, item.draft_krs, item.finals, strict=True):
                body.append("  • ")
                body.append(old.title)
                target = format_value(new.target, new.measure)
                before = format_value(old.baseline, old.measure)
                after = format_value(new.baseline, new.measure)
                if before != after:
                    body.append(
                        "\n    "
                        + _("baseline {before} → {after}, target {target}").format(
                            before=before, after=after, target=target
                        ),
                        "yellow",
                    )
                else:
                    reached = format_value(final, old.measure)
                    body.append(
                        "\n    "
                        + _("baseline {before}, target {target} (reached {reached})").format(
                            before=before, target=target, reached=reached
                        ),
                        "dim",
                    )
                body.append("\n")
        for objective, why in plan.skipped:
            body.append(_("not carried") + "  ", "dim")
            body.append(objective.title)
            body.append(f" ({why})\n", "dim")
        if not plan.items:
            body.append(
                "\n" + _("Nothing to carry forward: mark objectives keep or modify first (k / m)."),
                "italic",
            )
        self.query_one("#carry-list", Static).update(body)
        baseline = _("on") if self.baseline_from_final else _("off")
        self.query_one("#carry-keys", Static).update(
            Text(
                _(
                    "Check-ins stay behind. New baselines from final values: {state} (b). "
                    "Nothing is written until you press y."
                ).format(state=baseline),
                style="dim",
            )
        )

    def action_toggle_baseline(self) -> None:
        self.baseline_from_final = not self.baseline_from_final
        screen = self.app.screen_stack[-2]
        if isinstance(screen, ScoreSummaryScreen):
            self.plan = screen.plan(self.baseline_from_final)
        self._show()

    def action_confirm(self) -> None:
        self.dismiss(bool(self.plan.items))

    def action_cancel(self) -> None:
        self.dismiss(False)


class ScoreSummaryScreen(OkrScreen):
    """One unit's period at a glance, its reflection, and what happens next."""

    CSS_PATH = "score_summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "decide('keep')", N_("Keep")),
        Binding("m", "decide('modify')", N_("Modify")),
        Binding("a", "decide('abandon')", N_("Abandon")),
        Binding("f", "carry_forward", N_("Carry forward")),
        Binding("ctrl+s", "save_reflection", N_("Save"), key_display="^s"),
        # Esc goes back on every screen (help lists it): the footer keeps room for ? Help.
        Binding("escape", "back", N_("Back"), show=False),
    ]

    def __init__(self, *, unit_id: str | None = None, period_id: str | None = None) -> None:
        super().__init__()
        self.unit_id = unit_id or ""
        self.period_id = period_id or ""
        self.data: UnitScoring | None = None
        self.baseline_from_final: bool | None = None
        """None until the person chooses (b in the dialog): then the default for the unit."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary-head")
        with Horizontal(id="summary-top"):
            yield DataTable(id="summary-objectives", cursor_type="row", zebra_stripes=True)
            with Vertical(id="summary-chart-box"):
                yield Static(id="summary-chart")
                yield Static(id="summary-bands")
        yield Static(id="summary-detail")
        yield Static(id="summary-reflection-title")
        with Horizontal(id="summary-reflection"):
            for name in REFLECTION_FIELDS:
                with Vertical(classes="reflection-box"):
                    yield Label(id=f"label-{name}", classes="reflection-label")
                    yield TextArea(id=f"reflect-{name}", soft_wrap=True, tab_behavior="focus")
        yield QuietFooter(compact=True, at_once=True)

    def on_mount(self) -> None:
        self.unit_id = self.unit_id or self.okr_app.unit_id
        self.period_id = self.period_id or self.okr_app.period_id
        self.query_one("#summary-objectives", DataTable).focus()
        self.on_workspace_changed(load_reflection=True)

    def on_workspace_changed(self, load_reflection: bool = False) -> None:
        if not self.unit_id:
            self.query_one("#summary-head", Static).update(
                Text(_("Choose a unit first (on the home screen); escape goes back."))
            )
            return
        try:
            self.data = scoring.unit_scoring(self.store, self.unit_id, self.period_id, self.user)
        except (WorkspaceError, ValueError) as exc:
            self.notify(str(exc), severity="error")
            return
        self._show(load_reflection)

    # -- drawing -----------------------------------------------------------
    def _show(self, load_reflection: bool) -> None:
        data = self.data
        if data is None:
            return
        head = Text()
        head.append(f"{data.unit.name} · {data.period.id} · ", "bold")
        head.append(_("personal summary") if data.solo else _("quarter summary"), "bold")
        count = len(data.objectives)
        head.append(
            " · " + ngettext("{count} objective", "{count} objectives", count).format(count=count)
        )
        if data.hidden:
            head.append(f" · {hidden_label(data.hidden)}", "dim")
        self.query_one("#summary-head", Static).update(head)
        table = self.query_one("#summary-objectives", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        title_width = max(12, self.size.width - 28 - 33)
        table.add_column(_("Objective"), width=title_width, key="objective")
        table.add_column(_("Kind"), width=5, key="kind")
        table.add_column(_("Score"), width=5, key="score")
        table.add_column(pgettext("decision", "Next"), width=7, key="decision")
        for item in data.objectives:
            score = item.score
            band_name = item.band.value if item.band is not None else ""
            table.add_row(
                Text(item.objective.title),
                Text(_("comm.") if item.objective.kind == "committed" else _("asp.")),
                score_text(score) if score is not None else Text("–", style="dim"),
                Text(
                    scoring.decision_words(item.decision),
                    style="bold" if item.decision else "dim",
                ),
                key=item.objective.id,
                label=Text("●", style=band_name) if band_name else None,
                height=None,
            )
        if data.objectives:
            table.move_cursor(row=min(max(row, 0), len(data.objectives) - 1))
        self.query_one("#summary-chart", Static).update(distribution_chart(data.scores))
        self.query_one("#summary-bands", Static).update(band_line(data))
        self._show_detail()
        prompts = data.prompts
        self.query_one("#summary-reflection-title", Static).update(
            Text(_("Reflection") if not data.solo else _("Personal reflection"), style="bold")
        )
        for name, prompt in zip(REFLECTION_FIELDS, prompts, strict=True):
            self.query_one(f"#label-{name}", Label).update(Text(_(prompt)))
        if load_reflection:
            found = data.reflection
            for name in REFLECTION_FIELDS:
                area = self.query_one(f"#reflect-{name}", TextArea)
                area.load_text(getattr(found, name) if found is not None else "")

    def _show_detail(self) -> None:
        detail = self.query_one("#summary-detail", Static)
        item = self._current()
        if item is None:
            empty = _("No objectives to summarise in this period.")
            if self.data is not None and not self.data.objectives and self.data.hidden:
                empty += f" ({hidden_label(self.data.hidden)})"
            detail.update(Text(empty, style="italic"))
            return
        text = Text()
        note = item.note
        if item.miss_reason:
            text.append(_("Reason of the miss: "), "bold")
            text.append(item.miss_reason)
        elif note is not None:
            text.append(note.text, "italic")
        else:
            objectives = self.data.objectives if self.data is not None else [item]
            agreed = sum(o.agreed_count for o in objectives)
            total = sum(len(o.lines) for o in objectives)
            keys = " · ".join(
                f"{self.key_for(f'decide({choice!r})')} {scoring.decision_words(choice)}"
                for choice in ("keep", "modify", "abandon")
            )
            text.append(
                _(
                    "This objective: {agreed} of {count} key results agreed"
                    " (all objectives: {all_agreed} of {total}) · {keys}"
                ).format(
                    agreed=item.agreed_count,
                    count=len(item.lines),
                    all_agreed=agreed,
                    total=total,
                    keys=keys,
                ),
                "dim",
            )
        detail.update(text)

    def _current(self) -> scoring.ObjectiveScoring | None:
        if self.data is None or not self.data.objectives:
            return None
        row = self.query_one("#summary-objectives", DataTable).cursor_row
        return self.data.objectives[min(max(row, 0), len(self.data.objectives) - 1)]

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    # -- actions -----------------------------------------------------------
    async def action_decide(self, decision: Decision) -> None:
        item = self._current()
        if item is None:
            return
        saved = await self.okr_app.write(
            scoring.set_review, self.store, item.objective.id, decision=decision
        )
        if saved is not None:
            self.on_workspace_changed()
            table = self.query_one("#summary-objectives", DataTable)
            if table.cursor_row < table.row_count - 1:
                table.move_cursor(row=table.cursor_row + 1)

    def _reflection_text(self) -> dict[str, str]:
        return {
            name: self.query_one(f"#reflect-{name}", TextArea).text for name in REFLECTION_FIELDS
        }

    def _reflection_changed(self) -> bool:
        found = self.data.reflection if self.data is not None else None
        typed = self._reflection_text()
        stored = {name: getattr(found, name) if found else "" for name in REFLECTION_FIELDS}
        return {k: v.strip() for k, v in typed.items()} != stored

    async def action_save_reflection(self) -> None:
        if not self.unit_id or not self._reflection_changed():
            return
        texts = self._reflection_text()
        saved = await self.okr_app.write(
            scoring.save_reflection, self.store, self.unit_id, self.period_id, **texts
        )
        if saved is not None:
            self.on_workspace_changed()
            self.notify(_("Reflection saved."), timeout=3)

    async def keep_typed(self) -> bool:
        """Before the app redraws in another language: the reflection typed is saved."""
        await self.action_save_reflection()
        return not self._reflection_changed()

    async def on_descendant_blur(self, event: DescendantBlur) -> None:
        # Saving as each box is left means nothing typed is lost if the laptop sleeps.
        if isinstance(event.widget, TextArea):
            await self.action_save_reflection()

    def plan(self, baseline_from_final: bool) -> CarryPlan:
        return scoring.plan_carry_forward(
            self.store,
            self.unit_id,
            self.period_id,
            self.user,
            baseline_from_final=baseline_from_final,
        )

    @work(exclusive=True)
    async def action_carry_forward(self) -> None:
        if not self.unit_id:
            return
        await self.action_save_reflection()
        if self.baseline_from_final is None:
            solo = self.data is not None and self.data.solo
            self.baseline_from_final = scoring.baseline_from_final_by_default(solo)
        try:
            plan = self.plan(self.baseline_from_final)
        except (WorkspaceError, ValueError) as exc:
            self.notify(str(exc), severity="error")
            return
        dialog = CarryForwardDialog(plan, self.baseline_from_final)
        confirmed = await self.app.push_screen_wait(dialog)
        self.baseline_from_final = dialog.baseline_from_final
        if not confirmed:
            return
        created = await self.okr_app.write(scoring.apply_carry_forward, self.store, dialog.plan)
        if created is None:
            return
        self.on_workspace_changed()
        self.notify(
            ngettext(
                "{count} objective carried into {period} as drafts.",
                "{count} objectives carried into {period} as drafts.",
                len(created),
            ).format(count=len(created), period=dialog.plan.to_period),
            title=_("Carried forward"),
        )

    async def action_back(self) -> None:
        await self.action_save_reflection()
        if isinstance(self.focused, TextArea):
            # Letters type into the reflection; Esc leaves it first so k/m/a/f work again.
            self.query_one("#summary-objectives", DataTable).focus()
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
