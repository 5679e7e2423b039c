"""The quarter report: a unit's period at quarter end, as Markdown.

Objectives with their scores and bands, each key result's target, final value
and agreed score, the reasons of misses, the decisions for next period, the
distribution of scores and the unit's reflection. Private objectives the
reader may not see are counted, never shown; their owner may ask for them.
User text is escaped so it cannot break the Markdown.
"""

from __future__ import annotations

from okr_tui.markdown import md_inline
from okr_tui.privacy import hidden_label
from okr_tui.rules import Band, format_score, score_band
from okr_tui.scoring.distribution import band_counts, distribution
from okr_tui.scoring.figures import format_progress, format_value
from okr_tui.scoring.notes import FOCUS_NOTE_LONG
from okr_tui.scoring.reading import UnitScoring, unit_scoring
from okr_tui.workspace import WorkspaceStore

md = md_inline
"""User text made literal in Markdown (one line; table pipes and markup escaped)."""


def _band_name(score: float | None) -> str:
    return "–" if score is None else score_band(score).value


def render(unit: UnitScoring) -> str:
    """The report of an already filtered UnitScoring."""
    lines: list[str] = []
    kind = "Personal quarter report" if unit.solo else "Quarter report"
    if unit.period.is_year:
        kind = "Personal year report" if unit.solo else "Year report"
    lines.append(f"# {kind}: {md(unit.unit.name)} · {unit.period.id}")
    lines.append("")
    lines.append(f"_{FOCUS_NOTE_LONG}_")
    lines.append("")
    count = len(unit.objectives)
    summary = f"{count} objective{'s' if count != 1 else ''}"
    if unit.hidden:
        summary += f" · {hidden_label(unit.hidden)} not shown"
    summary += f" · average score {format_score(unit.average)}"
    lines.append(summary)
    lines.append("")
    lines.append("| Objective | Kind | Score | Band | Next |")
    lines.append("|---|---|---:|---|---|")
    for item in unit.objectives:
        lines.append(
            f"| {md(item.objective.title)} | {item.objective.kind} | "
            f"{format_score(item.score)} | {_band_name(item.score)} | {item.decision or '–'} |"
        )
    lines.append("")
    lines.append("## Distribution")
    lines.append("")
    counts = distribution(unit.scores)
    lines.append("| Score | Objectives |")
    lines.append("|---:|---|")
    for tenth, number in counts.items():
        if number:
            lines.append(f"| {tenth:.1f} | {'█' * number} {number} |")
    bands = band_counts(unit.scores)
    lines.append("")
    lines.append(
        f"Red {bands[Band.RED]} · yellow {bands[Band.YELLOW]} · green {bands[Band.GREEN]} · "
        f"average {format_score(unit.average)}"
    )
    for item in unit.objectives:
        objective = item.objective
        lines.append("")
        lines.append(f"## {md(objective.title)}")
        lines.append("")
        facts = [objective.kind, objective.track, f"owner {md(objective.owner) or '–'}"]
        if objective.visibility == "private":
            facts.append("private")
        lines.append(
            f"Score **{format_score(item.score)}** ({_band_name(item.score)}) · "
            + " · ".join(facts)
        )
        if item.note is not None:
            lines.append("")
            lines.append(f"> {item.note.text}")
        if item.miss_reason:
            lines.append("")
            lines.append(f"Reason of the miss: {md(item.miss_reason)}")
        if item.review is not None and item.review.comment:
            lines.append("")
            lines.append(f"Comment: {md(item.review.comment)}")
        if item.decision:
            lines.append("")
            carried_to = item.review.carried_to if item.review is not None else None
            carried = f" (carried forward as {carried_to})" if carried_to else ""
            lines.append(f"Next period: {item.decision}{carried}")
        if item.lines:
            lines.append("")
            lines.append(
                "| Key result | Target | Final | Progress | Suggested | Agreed | Comment |"
            )
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
    lines.append("## Reflection")
    reflection = unit.reflection
    for prompt, field in zip(unit.prompts, ("went_well", "went_badly", "learned"), strict=True):
        lines.append("")
        lines.append(f"### {prompt}")
        lines.append("")
        text = getattr(reflection, field) if reflection is not None else ""
        if text.strip():
            parts = [md(part) for part in text.splitlines() if part.strip()]
            # One paragraph per line the author wrote: Markdown would join them otherwise.
            lines.append("\n\n".join(parts))
        else:
            lines.append("_(not written yet)_")
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
