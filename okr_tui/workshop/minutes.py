"""Step 7: committing the drafts and writing the workshop's minutes beside the workspace."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from okr_tui import file_modes
from okr_tui.i18n import DEFAULT, _, current_language, format_date
from okr_tui.location import side_file
from okr_tui.markdown import md_inline
from okr_tui.models import KeyResult, Objective, Unit, Workshop
from okr_tui.numbers import format_number
from okr_tui.privacy import can_see, hidden_label
from okr_tui.storage import atomic_write_bytes
from okr_tui.store import WorkspaceError
from okr_tui.words import tag_words
from okr_tui.workshop import room
from okr_tui.workshop.candidates import candidates, chosen, hidden_count, refuse_while_sealed
from okr_tui.workshop.charter import charter_of
from okr_tui.workshop.steps import CHARTER_STEPS, CHARTER_WORDS
from okr_tui.workspace import WorkspaceStore


def minutes_path(store: WorkspaceStore, workshop: Workshop) -> Path:
    """Where the minutes go: a Markdown file beside the workspace."""
    unit = store.find(Unit, workshop.unit_id)
    name = unit.name if unit is not None else workshop.unit_id
    slug = re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or workshop.unit_id
    return side_file(store.path, f"-workshop-{slug}-{workshop.period_id}.md")


_md = md_inline


def kr_line(kr: KeyResult, *, shown: bool = False) -> str:
    """A KR's numbers in a few words: 0 → 70% by 2026-12-31 (result).

    Worded in the language spoken, on a screen as in the minutes (`shown` is kept
    for the screens that ask for it).
    """
    del shown
    target = format_number(kr.target, kr.measure)
    parts = [f"{format_number(kr.baseline, kr.measure)} → {target}"]
    if kr.direction == "down":
        parts.append(_("(lower is better)"))
    if kr.due:
        parts.append(_("by {date}").format(date=kr.due.isoformat()))
    if kr.indicator == "process":
        parts.append(_("· process indicator"))
    return " ".join(parts)


def minutes_markdown(
    store: WorkspaceStore, workshop: Workshop, *, viewer: str | None = None
) -> str:
    """The minutes: charter, the objectives and KRs, votes, the parking lot, who took part.

    Written as `viewer` (by default the store's user) may read them; the committed
    minutes are written for everyone (viewer ""), so private objectives are only counted.
    Headings and labels are in the language spoken; what people typed stays as typed.
    """
    viewer = store.user if viewer is None else viewer
    unit = store.find(Unit, workshop.unit_id)
    name = unit.name if unit is not None else workshop.unit_id
    lines = [
        _("# OKR workshop: {unit}, {period}").format(unit=_md(name), period=workshop.period_id)
    ]
    lines += ["", _held(workshop), "", _("## Charter"), ""]
    lines += _charter_lines(store, workshop)
    kept = chosen(store, workshop, viewer=viewer)
    lines += ["", _("## Objectives and key results"), ""]
    if not kept:
        lines.append(_("No objectives yet."))
    for number, objective in enumerate(kept, 1):
        lines += _objective_lines(store, objective, number, viewer)
    hidden = hidden_count(store, workshop, viewer=viewer)
    if hidden:
        lines += [_("{hidden}.").format(hidden=_capitalised(hidden_label(hidden))), ""]
    lines += [_("## Votes"), ""]
    every = candidates(store, workshop, viewer=viewer)
    for objective in sorted(every, key=lambda o: (-o.votes, o.order)):
        state = _("parked") if objective.status == "parked" else _("kept")
        lines.append(
            _("- {votes} · {title} ({state})").format(
                votes=objective.votes, title=_md(objective.title), state=state
            )
        )
    if not every:
        lines.append(_("No candidates."))
    lines += ["", _("## Parking lot"), ""]
    parked = [o for o in every if o.status == "parked"]
    for objective in parked:
        lines.append(_("- {title} (objective, parked)").format(title=_md(objective.title)))
    for idea in workshop.parking_lot:
        lines.append(f"- {_md(idea)}")
    if not parked and not workshop.parking_lot:
        lines.append(_("Empty."))
    lines += ["", _("## Who took part"), ""]
    lines.append(_list(_md(p) for p in workshop.participants) or _("Not recorded."))
    return "\n".join(lines) + "\n"


def _held(workshop: Workshop) -> str:
    return _("Held {date}, facilitated by {person}.").format(
        date=format_date(workshop.started.date()),
        person=_md(workshop.facilitator or _("someone")),
    )


def _charter_lines(store: WorkspaceStore, workshop: Workshop) -> list[str]:
    charter = charter_of(store, workshop.unit_id)
    lines = []
    for field, word in zip(CHARTER_STEPS, CHARTER_WORDS, strict=True):
        text = getattr(charter, field) if charter is not None else ""
        lines.append(
            _("- **{line}:** {text}").format(
                line=_capitalised(_(word)), text=_md(text) or _("(not written)")
            )
        )
    return lines


def _objective_lines(
    store: WorkspaceStore, objective: Objective, number: int, viewer: str
) -> list[str]:
    details = tag_words(objective)
    if objective.owner:
        details.append(_("owner {person}").format(person=objective.owner))
    votes = _("{count} votes").format(count=objective.votes)
    lines = [f"### O{number}. {_md(objective.title)}", "", f"*{_list(details)} · {votes}*"]
    parent = store.find(Objective, objective.parent_id)
    if parent is not None:
        shown = parent.title if can_see(parent, viewer) else hidden_label(1)
        lines.append(_("Aligned to: {title}").format(title=_md(shown)))
    for target_id in objective.supports:
        target = store.find(Objective, target_id)
        if target is not None:
            shown = target.title if can_see(target, viewer) else hidden_label(1)
            lines.append(_("Supports: {title}").format(title=_md(shown)))
    lines.append("")
    krs = store.key_results(objective.id)
    for kr_number, kr in enumerate(krs, 1):
        lines.append(
            _("{number}. {title}: {numbers}").format(
                number=kr_number, title=_md(kr.title), numbers=kr_line(kr)
            )
        )
    if not krs:
        lines.append(_("No key results yet."))
    lines.append("")
    return lines


def _capitalised(text: str) -> str:
    """The first letter made capital ("Mission"); Chinese has none, and is left as it is."""
    return text[:1].upper() + text[1:]


def _list(items: Iterable[str]) -> str:
    """Items one after another: "a, b" in English, "a、b" in Chinese."""
    return (", " if current_language() == DEFAULT else "、").join(items)


def commit(store: WorkspaceStore, workshop: Workshop) -> tuple[Workshop, Path]:
    """Drafts become committed objectives (each an Event); the minutes are written and kept."""
    reason = "workshop: commit"
    with store.transaction():
        room.require_lead(store.get(Workshop, workshop.id), store.user, "commit")
        refuse_while_sealed(store.get(Workshop, workshop.id))
        drafts = [o for o in chosen(store, workshop) if o.status == "draft"]
        if not drafts and not any(o.status == "committed" for o in chosen(store, workshop)):
            raise WorkspaceError(_("nothing to commit yet: capture objectives in step 4"))
        for objective in drafts:
            store.update(Objective, objective.id, status="committed", reason=reason)
        fresh = store.get(Workshop, workshop.id)
        # The minutes file is shared beside the workspace: whoever commits, a private
        # objective appears in it only as a count.
        text = minutes_markdown(store, fresh, viewer="")
        workshop = store.update(
            Workshop, workshop.id, status="committed", minutes_markdown=text, reason=reason
        )
    path = minutes_path(store, workshop)
    try:
        # Beside the workspace and shared as it is: a colleague may commit the next workshop.
        payload = workshop.minutes_markdown.encode("utf-8")
        if isinstance(store.path, Path):
            sharing = file_modes.like(store.path)
        else:  # a database's minutes go in the user's own folder
            path.parent.mkdir(parents=True, exist_ok=True)
            sharing = file_modes.usual()
        atomic_write_bytes(path, payload, sharing)
    except OSError as exc:
        raise WorkspaceError(
            _("committed, but the minutes could not be written to {path}: {problem}").format(
                path=path, problem=exc.strerror
            )
        ) from None
    return workshop, path
