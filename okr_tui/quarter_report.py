"""The quarter report: a unit's period at quarter end, as Markdown.

Objectives with their scores and bands, each key result's target, final value
and agreed score, the reasons of misses, the decisions for next period, the
distribution of scores and the unit's reflection. Private objectives the
reader may not see are counted, never shown; their owner may ask for them.
User text is escaped so it cannot break the Markdown.
"""

from __future__ import annotations

from okr_tui.i18n import N_, _, ngettext, pgettext
from okr_tui.markdown import md_inline
from okr_tui.privacy import hidden_label
from okr_tui.rules import Band, format_score, score_band
from okr_tui.scoring.carry import decision_words
from okr_tui.scoring.distribution import band_counts, band_words, distribution
from okr_tui.scoring.figures import format_progress, format_value
from okr_tui.scoring.notes import focus_note
from okr_tui.scoring.reading import UnitScoring, unit_scoring
from okr_tui.words import TAG_WORDS
from okr_tui.workspace import WorkspaceStore

md = md_inline
"""User text made literal in Markdown (one line; table pipes and markup escaped)."""


REPORT_TITLES: dict[tuple[bool, bool], str] = {
    (False, False): N_("Quarter report"),
    (True, False): N_("Personal quarter report"),
    (False, True): N_("Year report"),
    (True, True): N_("Personal year report"),
}
"""The report's title by (a person's own, a year)."""

SUMMARY_COLUMNS = (N_("Objective"), N_("Kind"), N_("Score"), N_("Band"))
DISTRIBUTION_COLUMNS = (N_("Score"), N_("Objectives"))
KR_COLUMNS = (
    N_("Key result"),
    N_("Target"),
    N_("Final"),
    N_("Progress"),
    N_("Suggested"),
    N_("Agreed"),
    N_("Comment"),
)


def _band_name(score: float | None) -> str:
    return "–" if score is None else band_words(score_band(score))


def _row(cells: tuple[str, ...], *more: str) -> str:
    """A table's header: `cells` translated here, `more` already translated."""
    return "| " + " | ".join([*(_(cell) for cell in cells), *more]) + " |"


def _kind(kind: str) -> str:
    return _(TAG_WORDS.get(kind, kind))


def _head(unit: UnitScoring) -> list[str]:
    kind = _(REPORT_TITLES[unit.solo, unit.period.is_year])
    count = len(unit.objectives)
    summary = ngettext("{count} objective", "{count} objectives", count).format(count=count)
    if unit.hidden:
        summary += " · " + _("{hidden} not shown").format(hidden=hidden_label(unit.hidden))
    summary += " · " + _("average score {score}").format(score=format_score(unit.average))
    return [
        "# "
        + _("{title}: {unit} · {period}").format(
            title=kind, unit=md(unit.unit.name), period=unit.period.id
        ),
        "",
        f"_{focus_note(long=True)}_",
        "",
        summary,
        "",
    ]


def render(unit: UnitScoring) -> str:
    """The report of an already filtered UnitScoring."""
    lines: list[str] = _head(unit)
    lines.append(_row(SUMMARY_COLUMNS, pgettext("decision", "Next")))
    lines.append("|---|---|---:|---|---|")
    for item in unit.objectives:
        lines.append(
            f"| {md(item.objective.title)} | {_kind(item.objective.kind)} | "
            f"{format_score(item.score)} | {_band_name(item.score)} | "
            f"{decision_words(item.decision)} |"
        )
    lines.append("")
    lines.append("## " + _("Distribution"))
    lines.append("")
    counts = distribution(unit.scores)
    lines.append(_row(DISTRIBUTION_COLUMNS))
    lines.append("|---:|---|")
    for tenth, number in counts.items():
        if number:
            lines.append(f"| {tenth:.1f} | {'█' * number} {number} |")
    bands = band_counts(unit.scores)
    lines.append("")
    lines.append(
        _("Red {red} · yellow {yellow} · green {green} · average {score}").format(
            red=bands[Band.RED],
            yellow=bands[Band.YELLOW],
            green=bands[Band.GREEN],
            score=format_score(unit.average),
        )
    )
    for item in unit.objectives:
        objective = item.objective
        lines.append("")
        lines.append(f"## {md(objective.title)}")
        lines.append("")
        facts = [
            _kind(objective.kind),
            _kind(objective.track),
            _("owner {person}").format(person=md(objective.owner) or "–"),
        ]
        if objective.visibility == "private":
            facts.append(_("private"))
        lines.append(
            _("Score **{score}** ({band})").format(
                score=format_score(item.score), band=_band_name(item.score)
            )
            + " · "
            + " · ".join(facts)
        )
        if item.note is not None:
            lines.append("")
            lines.append(f"> {item.note.text}")
        if item.miss_reason:
            lines.append("")
            lines.append(_("Reason of the miss: {reason}").format(reason=md(item.miss_reason)))
        if item.review is not None and item.review.comment:
            lines.append("")
            lines.append(_("Comment: {comment}").format(comment=md(item.review.comment)))
        if item.decision:
            lines.append("")
            carried_to = item.review.carried_to if item.review is not None else None
            carried = _(" (carried forward as {id})").format(id=carried_to) if carried_to else ""
            lines.append(
                _("Next period: {decision}").format(decision=decision_words(item.decision))
                + carried
            )
        if item.lines:
            lines.append("")
            lines.append(_row(KR_COLUMNS))
            lines.append("|---|---:|---:|---:|---:|---:|---|")
            for line in item.lines:
                kr = line.kr
                lines.append(
                    f"| {md(kr.title)} | {md(format_value(kr.target, kr.measure))} | "
                    f"{md(format_value(line.final, kr.measure))} | "
                    f"{format_progress(line.progress)} | {format_score(line.suggested)} | "
                    f"{format_score(line.agreed)} | {md(line.comment)} |"
                )
    lines.append("")
    lines.append("## " + _("Reflection"))
    reflection = unit.reflection
    for prompt, field in zip(unit.prompts, ("went_well", "went_badly", "learned"), strict=True):
        lines.append("")
        lines.append(f"### {_(prompt)}")
        lines.append("")
        text = getattr(reflection, field) if reflection is not None else ""
        if text.strip():
            parts = [md(part) for part in text.splitlines() if part.strip()]
            # One paragraph per line the author wrote: Markdown would join them otherwise.
            lines.append("\n\n".join(parts))
        else:
            lines.append("_" + _("(not written yet)") + "_")
    lines.append("")
    return "\n".join(lines)


def quarter_report(
    store: WorkspaceStore,
    unit_id: str,
    period_id: str,
    viewer: str,
    *,
    include_private: bool = False,
) -> str:
    """The Markdown report; private objectives appear only for their owner, and only on request."""
    unit = unit_scoring(store, unit_id, period_id, viewer)
    if not include_private:
        shown = tuple(o for o in unit.objectives if o.objective.visibility != "private")
        hidden = unit.hidden + len(unit.objectives) - len(shown)
        unit = UnitScoring(unit.unit, unit.period, shown, hidden, unit.reflection)
    return render(unit)
