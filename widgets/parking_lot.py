"""The parking lot side panel: ideas captured during a workshop, for later."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from okr_tui.i18n import _, ngettext
from widgets.quiet import QuietStatic


class ParkingLot(QuietStatic):
    """Lists the ideas parked so far (newest last), literally as typed."""

    DEFAULT_CSS = """
    ParkingLot {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, ideas: Sequence[str], parked_objectives: int = 0, key: str = "^l") -> None:
        text = Text()
        text.append(_("Parking lot"), style="bold")
        count = len(ideas) + parked_objectives
        text.append(f" ({count})" if count else "", style="dim")
        if not ideas and not parked_objectives:
            text.append(
                "\n" + _("Empty. {key} parks an idea from any step.").format(key=key), style="dim"
            )
        for idea in ideas[-6:]:
            text.append("\n• ")
            text.append(idea)
        if len(ideas) > 6:
            text.append("\n… " + _("{count} earlier").format(count=len(ideas) - 6), style="dim")
        if parked_objectives:
            parked = ngettext(
                "{count} parked objective", "{count} parked objectives", parked_objectives
            ).format(count=parked_objectives)
            text.append(f"\n• {parked}", style="italic")
        self.update(text)
