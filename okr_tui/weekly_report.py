"""The weekly report of one unit as Markdown: OKRs with this week's numbers, notes, tasks,
changes and unplanned work.

Shown in the app and written by `okr report weekly`. Private objectives are
left out (and counted) unless their owner asks for them. User text is escaped
so a title like `*big* | [x]` reads as typed and cannot break a table.
"""

from __future__ import annotations

from datetime import date, datetime

from okr_tui.i18n import N_, _, format_date, format_weekday, people_counts
from okr_tui.markdown import md_inline
from okr_tui.models import CheckIn, Task
from okr_tui.numbers import format_number
from okr_tui.okr_changes import okr_changes
from okr_tui.privacy import hidden_label
from okr_tui.rules import Health, format_percent, objective_progress
from okr_tui.weekly import Review, ReviewRow, Week, build_review
from okr_tui.words import reason_text, tag_words
from okr_tui.workspace import WorkspaceStore

md = md_inline
"""User text as literal Markdown on one line."""


percent = format_percent


def signed(value: float | None, measure: str = "") -> str:
    if value is None:
        return "–"
    if abs(value) < 1e-9:
        return "±0"
    sign = "+" if value > 0 else "−"
    return sign + format_number(abs(value), measure)


def signed_int(value: int | None) -> str:
    if value is None:
        return "–"
    return "±0" if value == 0 else f"{value:+d}".replace("-", "−")


def confidence_text(row: ReviewRow) -> str:
    if row.confidence is None:
        return "–"
    change = row.confidence_change
    tail = "" if change is None else f" ({signed_int(change)})"
    return f"{row.confidence}/10{tail}"


def day_text(moment: datetime | date) -> str:
    return format_weekday(moment.date() if isinstance(moment, datetime) else moment)


def task_line(task: Task, done: bool) -> str:
    box = "x" if done else " "
    extra = []
    if task.owner:
        extra.append(md(task.owner))
    if task.due and not done:
        extra.append(_("due {date}").format(date=format_date(task.due, "short")))
    tail = f" ({', '.join(extra)})" if extra else ""
    return f"- [{box}] {md(task.title)}{tail}"


def note_line(row: ReviewRow, checkin: CheckIn) -> str:
    value = format_number(checkin.value, row.kr.measure)
    who = md(checkin.author) or _("someone")
    note = f": {md(checkin.note)}" if checkin.note else ""
    return f"- {day_text(checkin.at)}, {who}, {value}{note}"


def health_word(health: Health) -> str:
    return health.words


HEALTH_ORDER = tuple(Health)
"""The healths in the order the summary counts them."""


def summary_lines(review: Review) -> list[str]:
    rows = review.rows
    counts = {h: sum(1 for r in rows if r.health == h) for h in HEALTH_ORDER}
    parts = [
        _("{count} {health}").format(count=n, health=health_word(h)) for h, n in counts.items() if n
    ]
    due = review.due_rows
    checked = sum(1 for r in due if r.checked_in)
    lines = [
        "- "
        + _("Key results: {count}").format(count=len(rows))
        + (_(" ({parts})").format(parts=_(", ").join(parts)) if parts else ""),
        "- "
        + _("Checked in this week: {checked} of {count}").format(checked=checked, count=len(due)),
    ]
    missing = review.not_checked_in
    if missing:
        names = people_counts((md(who), n) for who, n in missing)
        lines.append("- " + _("Not checked in yet: {names}").format(names=names))
    return lines


def weekly_report(
    store: WorkspaceStore,
    unit_id: str,
    week: Week,
    today: date,
    viewer: str,
    *,
    include_private: bool = False,
    period_id: str | None = None,
) -> str:
    """The unit's weekly report for `week`, as Markdown."""
    review = build_review(
        store,
        unit_id,
        week,
        today,
        viewer,
        period_id=period_id,
        include_private=include_private,
    )
    unit_name = review.unit.name if review.unit else unit_id
    out: list[str] = [
        "# " + _("Weekly report: {unit}, {week}").format(unit=md(unit_name), week=week.shown),
        "",
        f"{week.span()} · " + _("period {period}").format(period=review.period_id),
        "",
    ]
    if review.rows:
        out += [*summary_lines(review), ""]
    if not review.objectives:
        out += [_("No objectives to report for this unit and period."), ""]
    for objective in review.objectives:
        tags = tag_words(objective)
        if objective.owner:
            tags.append(_("owner {person}").format(person=md(objective.owner)))
        rows = review.rows_of(objective.id)
        if rows:
            overall = objective_progress((row.progress, row.kr.weight) for row in rows)
            tags.append(_("progress {percent}").format(percent=format_percent(overall)))
        out += [f"## {md(objective.title)}", "", f"_{' · '.join(tags)}_", ""]
        if not rows:
            out += [_("No key results yet."), ""]
            continue
        columns = (
            N_("Key result"),
            N_("This week"),
            N_("Change"),
            N_("Progress"),
            N_("Confidence"),
            N_("Health"),
            N_("Owner"),
        )
        out += [
            "| " + " | ".join(_(column) for column in columns) + " |",
            "|---|---:|---:|---:|---:|---|---|",
        ]
        for row in rows:
            measure = row.kr.measure
            out.append(
                f"| {md(row.kr.title)} | {format_number(row.value, measure)} "
                f"| {signed(row.change, measure)} | {percent(row.progress)} "
                f"| {confidence_text(row)} | {health_word(row.health)} | {md(row.owner) or '–'} |"
            )
        out.append("")
        for row in rows:
            details = [note_line(row, c) for c in row.week_checkins]
            details += [task_line(t, True) for t in row.tasks_done]
            details += [task_line(t, False) for t in row.tasks_open]
            if details:
                out += [f"**{md(row.kr.title)}**", "", *details, ""]
    changes = okr_changes(
        store, viewer, unit_id=unit_id, week=week, include_private=include_private
    )
    out += ["## " + _("Changes this week"), ""]
    if changes:
        for change in changes:
            who = md(change.event.who) or _("someone")
            what_changed = "; ".join(change.details)
            line = f"- {day_text(change.event.at)}, {who} {change.what} “{md(change.title)}”"
            if what_changed:
                line += f": {md(what_changed)}"
            if change.event.reason:
                line += ". " + _("Why: {reason}").format(
                    reason=md(reason_text(change.event.reason))
                )
            out.append(line)
    else:
        out.append(_("No changes to objectives or key results."))
    out += ["", "## " + _("Unplanned work"), ""]
    if review.unplanned:
        for item in review.unplanned:
            note = f": {md(item.note)}" if item.note else ""
            who = f" ({md(item.author)}, {day_text(item.at)})" if item.author else ""
            out.append(f"- {md(item.title)}{note}{who}")
    else:
        out.append(_("None logged."))
    if review.hidden:
        out += ["", "_" + _("{hidden} not shown.").format(hidden=hidden_label(review.hidden)) + "_"]
    return "\n".join(out) + "\n"
