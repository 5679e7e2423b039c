"""The line a screen shows while a round takes answers, and the round its key opens.

The weekly review and the scoring screen say "hanna opened a confidence round
on <KR> · v to answer" above their tables, so the people at the other seats
see the round without watching for a toast; the line goes when the round is
revealed or closed. The rules live in okr_tui.estimate_rounds.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from okr_tui import estimate_rounds as rounds
from okr_tui.i18n import N_, _
from okr_tui.models import KeyResult, RoundKind
from okr_tui.workspace import WorkspaceStore

OPENED: dict[RoundKind, str] = {
    "confidence": N_("{who} opened a confidence round on {kr}"),
    "score": N_("{who} opened a score round on {kr}"),
}
YOURS: dict[RoundKind, str] = {
    "confidence": N_("Your confidence round on {kr} is open"),
    "score": N_("Your score round on {kr} is open"),
}


def round_notice(
    store: WorkspaceStore, kr_ids: Iterable[str], kind: RoundKind, viewer: str, key: str
) -> Text:
    """The first round of a kind taking answers on these KRs, as `viewer` reads it; empty if none.

    `key` names the key that opens the round (see `round_to_open`).
    """
    found = rounds.answering_rounds(store, kr_ids, kind)
    if not found:
        return Text()
    first = found[0]
    kr = store.find(KeyResult, first.kr_id)
    words = YOURS if first.facilitator == viewer else OPENED
    text = Text("● ", style="bold magenta")
    text.append(
        _(words[first.kind]).format(who=first.facilitator, kr=kr.title if kr else first.kr_id),
        "bold",
    )
    text.append(" · " + rounds.answered_line(*rounds.answered(store, first)))
    if first.facilitator == viewer:
        hint = _("{key} shows it").format(key=key)
    elif rounds.my_estimate(store, first.id, viewer) is not None:
        hint = _("you answered · {key} changes it").format(key=key)
    else:
        hint = _("{key} to answer").format(key=key)
    text.append(f" · {hint}", "bold yellow")
    if len(found) > 1:
        more = _("{count} more open").format(count=len(found) - 1)
        text.append(f" · {more}", "dim")
    return text


def round_to_open(
    store: WorkspaceStore, selected: str | None, kr_ids: Iterable[str], kind: RoundKind
) -> str | None:
    """The key result whose round the key opens.

    The selected key result's own round; else the round the line names, wherever the
    cursor is (so nobody starts a second round by mistake); else a new one on the selected.
    """
    if selected and rounds.open_round(store, selected, kind) is not None:
        return selected
    answering = rounds.answering_rounds(store, kr_ids, kind)
    return answering[0].kr_id if answering else selected
