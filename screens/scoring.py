"""The scoring screen: a facilitated quarter-end discussion, one objective at a time.

For each key result the team sees the target, the final value, progress, the
trend of its check-ins and the suggested score, and agrees a score with one
key (0-9 for 0.0-0.9, t for 1.0, enter accepts the suggestion). The
objective's score follows live in large digits. The rules live in
okr_tui.scoring; this screen only shows them and saves what the team says.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Input, Label, Sparkline, Static

from okr_tui import scoring
from okr_tui.i18n import N_, _, ngettext
from okr_tui.privacy import hidden_label
from okr_tui.rules import format_score
from okr_tui.scoring.reading import ObjectiveScoring, UnitScoring
from okr_tui.store import WorkspaceError
from okr_tui.words import tag_words
from screens.base import OkrScreen
from screens.estimate_round import open_round
from screens.round_notice import round_notice, round_to_open
from widgets.badges import score_text
from widgets.big_score import BigScore
from widgets.footer import QuietFooter

SCORE_KEYS = {str(digit): digit / 10 for digit in range(10)}


def mini_trend(values: tuple[float, ...], width: int = 6) -> Text:
    """The last readings as a row of block characters (the detail row has the full Sparkline)."""
    if not values:
        return Text("–", style="dim")
    shown = values[-width:]
    low, high = min(shown), max(shown)
    blocks = "▁▂▃▄▅▆▇█"
    if high - low < 1e-12:
        return Text(blocks[3] * len(shown))
    return Text("".join(blocks[round((v - low) / (high - low) * 7)] for v in shown))


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text (a comment, the reason of a miss); None when cancelled."""

    CSS_PATH = "scoring.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, prompt: str, value: str = "", *, placeholder: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.prompt = prompt
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Text(self.prompt_title, style="bold"), id="prompt-title")
            yield Static(Text(self.prompt), id="prompt-text")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static(Text(_("enter saves · escape cancels"), style="dim"), id="prompt-keys")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScoringScreen(OkrScreen):
    """Score one unit's period, objective by objective."""

    CSS_PATH = "scoring.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(key, f"score({value})", N_("score"), show=key == "0", key_display="0-9")
            for key, value in SCORE_KEYS.items()
        ],
        Binding("t,exclamation_mark", "score(1.0)", "1.0", key_display="t"),
        Binding("enter", "accept", N_("Accept"), key_display="⏎"),
        Binding("c", "comment", N_("Comment")),
        Binding("r", "reason", N_("Reason")),
        Binding("n,right", "next", N_("Next"), key_display="n"),
        Binding("p,left", "previous", N_("Prev"), key_display="p"),
        Binding("s", "summary", N_("Summary")),
        Binding("v", "round", N_("Score round"), show=False),
        # Esc goes back on every screen (help lists it): the footer keeps room for ? Help.
        Binding("escape", "back", N_("Back"), show=False),
    ]

    def __init__(self, *, unit_id: str | None = None, period_id: str | None = None) -> None:
        super().__init__()
        self.unit_id = unit_id or ""
        self.period_id = period_id or ""
        self.index = 0
        self.data: UnitScoring | None = None

    # -- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="scoring-top"):
            with Vertical(id="scoring-heading"):
                yield Static(id="scoring-position")
                yield Static(id="scoring-title")
                yield Static(id="scoring-meta")
            yield BigScore(id="scoring-big")
        yield Static(Text(scoring.focus_note()), id="scoring-focus")
        yield DataTable(id="scoring-krs", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="scoring-detail"):
            yield Sparkline([], id="scoring-trend")
            yield Static(id="scoring-kr-detail")
        yield Static(id="scoring-note")
        yield QuietFooter(compact=True, at_once=True)

    def on_mount(self) -> None:
        self.unit_id = self.unit_id or self.okr_app.unit_id
        self.period_id = self.period_id or self.okr_app.period_id
        table = self.query_one("#scoring-krs", DataTable)
        table.focus()
        self.on_workspace_changed()

    def on_resize(self) -> None:
        self._show_objective()

    # -- data --------------------------------------------------------------
    @property
    def current(self) -> ObjectiveScoring | None:
        if self.data is None or not self.data.objectives:
            return None
        return self.data.objectives[min(self.index, len(self.data.objectives) - 1)]

    def on_workspace_changed(self) -> None:
        if not self.unit_id:
            self.data = None
            self._show_objective()
            return
        try:
            self.data = scoring.unit_scoring(self.store, self.unit_id, self.period_id, self.user)
        except (WorkspaceError, ValueError) as exc:
            self.data = None
            self.notify(str(exc), severity="error")
        self._show_objective()

    # -- drawing -----------------------------------------------------------
    def _kr_width(self) -> int:
        # Fixed columns: target, final, progress, trend, suggested, agreed, with cell padding.
        return max(16, self.size.width - 56)

    def _show_objective(self) -> None:
        if not self.is_mounted:
            return
        table = self.query_one("#scoring-krs", DataTable)
        position = self.query_one("#scoring-position", Static)
        title = self.query_one("#scoring-title", Static)
        meta = self.query_one("#scoring-meta", Static)
        big = self.query_one(BigScore)
        row = table.cursor_row
        table.clear(columns=True)
        current = self.current
        if self.data is None or current is None:
            position.update(self._empty_message())
            title.update("")
            meta.update("")
            big.score = None
            big.caption = ""
            self._show_detail()
            return
        data = self.data
        count = len(data.objectives)
        where = f"{data.unit.name} · {data.period.id} · " + _(
            "objective {number} of {count}"
        ).format(number=self.index + 1, count=count)
        if data.hidden:
            where += f" · {hidden_label(data.hidden)}"
        if data.solo:
            where += " · " + _("personal scoring")
        position.update(self._with_round(Text(where, style="dim")))
        title.update(Text(current.objective.title, style="bold"))
        objective = current.objective
        facts = tag_words(objective)
        facts.append(_("owner {person}").format(person=objective.owner or "–"))
        facts.append(
            _("{agreed}/{count} agreed").format(
                agreed=current.agreed_count, count=len(current.lines)
            )
        )
        meta.update(Text(" · ".join(facts)))
        big.score = current.score
        big.caption = _("agreed") if current.fully_agreed else _("suggested so far")
        width = self._kr_width()
        table.add_column(_("Key result"), width=width, key="kr")
        table.add_column(_("Target"), width=8, key="target")
        table.add_column(_("Final"), width=8, key="final")
        table.add_column(_("Prog."), width=5, key="progress")
        table.add_column(_("Trend"), width=5, key="trend")
        table.add_column(_("Sugg."), width=5, key="suggested")
        table.add_column(_("Agreed"), width=6, key="agreed")
        for line in current.lines:
            kr = line.kr
            label = Text(kr.title)
            if line.comment:
                label.append(" ✎", style="dim")
            table.add_row(
                label,
                Text(scoring.format_value(kr.target, kr.measure), justify="right"),
                Text(scoring.format_value(line.final, kr.measure), justify="right"),
                Text(scoring.format_progress(line.progress), justify="right"),
                mini_trend(line.trend, 5),
                score_text(line.suggested, bold=False),
                score_text(line.agreed),
                key=kr.id,
                height=None,
            )
        if current.lines:
            table.move_cursor(row=min(max(row, 0), len(current.lines) - 1))
        self._show_detail()

    def kr_ids(self) -> list[str]:
        """Every key result being scored, of every objective: a round may be on any."""
        found = self.data.objectives if self.data is not None else ()
        return [line.kr.id for objective in found for line in objective.lines]

    def _with_round(self, where: Text) -> Text:
        """The position line, and under it the round open for answers, if any."""
        if notice := round_notice(
            self.store, self.kr_ids(), "score", self.user, self.key_for("round")
        ):
            where.append("\n")
            where.append_text(notice)
        return where

    def _empty_message(self) -> Text:
        if not self.unit_id:
            return Text(_("Choose a unit first (on the home screen), then open scoring again."))
        hidden = self.data.hidden if self.data is not None else 0
        message = _("No objectives to score in {period}.").format(period=self.period_id)
        if hidden:
            message += f" ({hidden_label(hidden)})"
        return Text(message + _(" Set some in a workshop first; escape goes back."))

    def _current_line(self) -> scoring.KrLine | None:
        current = self.current
        if current is None or not current.lines:
            return None
        row = self.query_one("#scoring-krs", DataTable).cursor_row
        return current.lines[min(max(row, 0), len(current.lines) - 1)]

    def _show_detail(self) -> None:
        trend = self.query_one("#scoring-trend", Sparkline)
        detail = self.query_one("#scoring-kr-detail", Static)
        note = self.query_one("#scoring-note", Static)
        line = self._current_line()
        current = self.current
        if line is None:
            trend.data = []
            detail.update("")
            note.update("")
            return
        trend.data = list(line.trend) or [0.0]
        readings = len(line.trend)
        text = Text()
        text.append(
            ngettext("{count} check-in", "{count} check-ins", readings).format(count=readings),
            "dim",
        )
        text.append(_(" · ⏎ accepts "), "dim")
        text.append(format_score(line.suggested), "bold")
        if line.kr.indicator == "process":
            text.append(_(" · process indicator"), "dim")
        text.append("\n")
        if line.comment:
            text.append(_("Comment: "), "bold")
            text.append(line.comment)
        else:
            text.append(_("No comment yet (c adds one)."), "dim")
        detail.update(text)
        note.remove_class("note-ask", "note-kind", "note-firm")
        message = Text()
        if current is not None and current.note is not None:
            note.add_class(f"note-{current.note.level.value}")
            message.append(current.note.text)
            if current.note.level is scoring.NoteLevel.ASK:
                if current.miss_reason:
                    message.append("\n" + _("Reason of the miss: "), "bold")
                    message.append(current.miss_reason)
                else:
                    message.append(" (r)", "bold")
        note.update(message)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    # -- actions -----------------------------------------------------------
    @on(DataTable.RowSelected)
    async def _accept_suggestion(self, event: DataTable.RowSelected) -> None:
        event.stop()
        await self.action_accept()

    async def action_accept(self) -> None:
        line = self._current_line()
        if line is not None:
            await self.action_score(line.suggested)

    async def action_score(self, value: float) -> None:
        line = self._current_line()
        if line is None:
            return
        saved = await self.okr_app.write(
            scoring.set_score,
            self.store,
            line.kr.id,
            agreed=value,
            period_id=self.period_id,
        )
        if saved is None:
            return
        self.on_workspace_changed()
        table = self.query_one("#scoring-krs", DataTable)
        if table.cursor_row < table.row_count - 1:
            # Move on so a team can score a whole objective with a few keys.
            table.move_cursor(row=table.cursor_row + 1)

    def action_comment(self) -> None:
        line = self._current_line()
        if line is None:
            return
        kr_id = line.kr.id

        async def save(comment: str | None) -> None:
            if comment is None:
                return
            await self.okr_app.write(
                scoring.set_score, self.store, kr_id, comment=comment, period_id=self.period_id
            )
            self.on_workspace_changed()

        self.app.push_screen(
            TextPrompt(
                _("Comment on: {title}").format(title=line.kr.title),
                _(self.data.comment_prompt if self.data is not None else scoring.TEAM_COMMENT),
                line.comment,
            ),
            save,
        )

    def _ask_reason(self, then_move: int = 0) -> None:
        current = self.current
        if current is None:
            return
        objective_id = current.objective.id

        async def save(reason: str | None) -> None:
            if reason is not None:
                await self.okr_app.write(
                    scoring.set_review, self.store, objective_id, miss_reason=reason
                )
                self.on_workspace_changed()
            if then_move:
                self._move(then_move)

        self.app.push_screen(
            TextPrompt(
                _("Reason of the miss: {title}").format(title=current.objective.title),
                _(
                    "Committed objectives are expected at 1.0. What got in the way? "
                    "(a cause, not a person)"
                ),
                current.miss_reason,
                placeholder=_("e.g. the vendor delivered the order system six weeks late"),
            ),
            save,
        )

    def action_reason(self) -> None:
        self._ask_reason()

    def _needs_reason(self) -> bool:
        current = self.current
        return (
            current is not None
            and current.fully_agreed
            and current.note is not None
            and current.note.level is scoring.NoteLevel.ASK
            and not current.miss_reason
        )

    def _move(self, step: int) -> None:
        if self.data is None or not self.data.objectives:
            return
        self.index = (self.index + step) % len(self.data.objectives)
        self.query_one("#scoring-krs", DataTable).move_cursor(row=0)
        self._show_objective()

    def action_next(self) -> None:
        # A committed objective that missed asks for its reason once, as the team moves on.
        if self._needs_reason():
            self._ask_reason(then_move=1)
            return
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    async def action_round(self) -> None:
        line = self._current_line()
        kr_id = round_to_open(self.store, line.kr.id if line else None, self.kr_ids(), "score")
        if kr_id is not None:
            await open_round(self, kr_id, "score")

    def action_summary(self) -> None:
        if self.unit_id:
            self.okr_app.action_open("summary", unit_id=self.unit_id, period_id=self.period_id)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
