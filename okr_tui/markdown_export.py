"""Every unit's charter and OKRs as one Markdown document, for an intranet page or a git repo.

Units come in tree order, each with its charter (mission, vision, strategy)
and its objectives per period, newest period first: key results with
progress, latest value, target and score when there is one. Private
objectives show as "1 private objective" unless their owner asks for them.
User text is escaped so a title like `# [x](y) | *z*` cannot break the
document's structure or inject HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from okr_tui.csv_exchange import export_csv, exported_objectives, units_in_tree_order
from okr_tui.i18n import N_, _, format_date
from okr_tui.markdown import md_inline, md_lines
from okr_tui.models import Charter, CheckIn, KeyResult, Objective, Period, Unit
from okr_tui.numbers import format_number
from okr_tui.plain_text import file_stem
from okr_tui.privacy import hidden_label
from okr_tui.rules import (
    format_percent,
    format_score,
    objective_progress,
    objective_score,
    progress,
    raw_progress,
)
from okr_tui.scoring.reading import score_record
from okr_tui.words import KIND_WORDS, tag_words
from okr_tui.workshop.session import is_workshop_draft
from okr_tui.workspace import WorkspaceStore

WORKSHOP_DRAFT = N_("draft in an open workshop, not agreed yet")
KR_COLUMNS = (
    N_("Key result"),
    N_("Progress"),
    N_("Latest"),
    N_("Target"),
    N_("Due"),
    N_("Score"),
)
CHARTER_LABELS = (N_("Mission"), N_("Vision"), N_("Strategy"))


def _kr_cells(store: WorkspaceStore, kr: KeyResult) -> tuple[list[str], float | None]:
    latest = store.latest_checkin(kr.id)
    current = latest.value if latest else None
    so_far = raw_progress(kr, current)
    record = score_record(store, kr.id)
    score = None
    if record is not None:
        score = record.agreed if record.agreed is not None else record.suggested
    cells = [
        md_inline(kr.title) + (" _" + _("(process)") + "_" if kr.indicator == "process" else ""),
        format_percent(so_far),
        md_inline(format_number(current, kr.measure)),
        md_inline(("↓ " if kr.direction == "down" else "") + format_number(kr.target, kr.measure)),
        format_date(kr.due) if kr.due else "",
        format_score(score) if score is not None else "",
    ]
    return cells, score


def _value(checkin: CheckIn | None) -> float | None:
    return checkin.value if checkin is not None else None


def _objective_block(store: WorkspaceStore, number: int, objective: Objective) -> list[str]:
    krs = store.key_results(objective.id)
    rows: list[list[str]] = []
    scores: dict[str, float | None] = {}
    for kr in krs:
        cells, score = _kr_cells(store, kr)
        rows.append(cells)
        scores[kr.id] = score
    details = tag_words(objective)
    if is_workshop_draft(store, objective):
        details.append(_(WORKSHOP_DRAFT))
    if objective.owner:
        details.append(_("owner {person}").format(person=md_inline(objective.owner)))
    # Mid-quarter a half-scored objective would read as a failure: score it once all KRs are.
    if krs and all(s is not None for s in scores.values()):
        details.append(_("score {score}").format(score=format_score(objective_score(krs, scores))))
    elif krs:
        latest = store.latest_checkins([kr.id for kr in krs])
        readings = [(progress(kr, _value(latest[kr.id])), kr.weight) for kr in krs]
        details.append(
            _("progress {percent}").format(percent=format_percent(objective_progress(readings)))
        )
    out = [f"#### O{number}. {md_inline(objective.title)}", "", " · ".join(details), ""]
    out += [f"> {line}" for line in md_lines(objective.description)]
    if objective.description.strip():
        out.append("")
    if not rows:
        out += ["_" + _("No key results yet.") + "_", ""]
        return out
    out.append("| " + " | ".join(_(column) for column in KR_COLUMNS) + " |")
    out.append("|---|--:|--:|--:|---|--:|")
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    out.append("")
    return out


def _charter_lines(store: WorkspaceStore, unit: Unit) -> list[str]:
    charters = store.by(Charter, "unit_id", unit.id)
    if not charters:
        return []
    charter = charters[-1]
    out: list[str] = []
    texts = (charter.mission, charter.vision, charter.strategy)
    for label, text in zip(CHARTER_LABELS, texts, strict=True):
        lines = md_lines(text)
        if lines:
            # Two trailing spaces and an indent: a line break inside the list item.
            out.append(_("- **{label}:** ").format(label=_(label)) + "  \n  ".join(lines))
    return [*out, ""] if out else []


def _periods_newest_first(store: WorkspaceStore, period_ids: Iterable[str]) -> list[str]:
    known = {p.id: p for p in store.periods()}

    def key(pid: str) -> tuple[date, date, str]:
        period: Period | None = known.get(pid)
        return (period.start, period.end, pid) if period else (date.min, date.min, pid)

    return sorted(set(period_ids), key=key, reverse=True)


def export_markdown(
    store: WorkspaceStore,
    viewer: str,
    *,
    include_private: bool = False,
    period_id: str | None = None,
    today: date | None = None,
) -> str:
    """The whole workspace (or one period) as one Markdown document."""
    units = store.units()
    names = {u.id: u.name for u in units}
    org = store.meta.org
    title = "# " + (_("OKRs of {org}").format(org=md_inline(org)) if org else "OKRs")
    stamp = _("Exported {date}").format(date=format_date(today or date.today()))
    if period_id:
        stamp += _(" for {period}").format(period=md_inline(period_id))
    open_words = _("{stamp}. OKRs are open: read them, ask about them, align with them.")
    out = [title, "", "_" + open_words.format(stamp=stamp) + "_", ""]
    if not units:
        out += ["_" + _("No units yet.") + "_", ""]
    for unit, _depth in units_in_tree_order(units):
        out.append(f"## {md_inline(unit.name)}")
        out.append("")
        kind = _(KIND_WORDS.get(unit.kind, unit.kind))
        parent = names.get(unit.parent_id or "")
        where = _("{kind} in {parent}").format(kind=kind, parent=md_inline(parent or ""))
        out.append(f"_{where if parent else kind}_")
        out.append("")
        out += _charter_lines(store, unit)
        shown, _hidden = exported_objectives(
            store, unit.id, viewer, include_private=include_private, period_id=period_id
        )
        hidden_by_period: dict[str, int] = {}
        for objective in store.objectives(unit_id=unit.id, period_id=period_id):
            if objective not in shown:
                hidden_by_period[objective.period_id] = (
                    hidden_by_period.get(objective.period_id, 0) + 1
                )
        periods = _periods_newest_first(
            store, [o.period_id for o in shown] + list(hidden_by_period)
        )
        if not periods:
            out += ["_" + _("No objectives yet.") + "_", ""]
        for pid in periods:
            out += [f"### {md_inline(pid)}", ""]
            mine = [o for o in shown if o.period_id == pid]
            for number, objective in enumerate(mine, 1):
                out += _objective_block(store, number, objective)
            if hidden_by_period.get(pid):
                out += [f"_{hidden_label(hidden_by_period[pid])}_", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def export_for_download(
    store: WorkspaceStore,
    viewer: str,
    fmt: str,
    *,
    include_private: bool = False,
    period_id: str | None = None,
    today: date | None = None,
) -> tuple[str, str]:
    """(file name, text) of a csv or md export, for the app to hand to App.deliver_text."""

    today = today or date.today()
    stem = file_stem(store.meta.org, "okrs")
    suffix = f"-{period_id}" if period_id else ""
    name = f"{stem}{suffix}-{today.isoformat()}.{fmt}"
    if fmt == "csv":
        # With a BOM, Excel reads the non-ASCII text of a downloaded file correctly.
        text = export_csv(
            store, viewer, include_private=include_private, period_id=period_id, bom=True
        )
    elif fmt == "md":
        text = export_markdown(
            store, viewer, include_private=include_private, period_id=period_id, today=today
        )
    else:
        raise ValueError(f"no {fmt!r} export (csv or md)")
    return name, text
