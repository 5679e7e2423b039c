"""What every workshop step view shares: access to the session, data refresh, presenter text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from rich.text import Text
from textual.containers import Vertical

from okr_tui.models import Workshop
from okr_tui.presence import Presence
from okr_tui.workshop import Tip
from widgets.quiet import SettledSize

if TYPE_CHECKING:
    from okr_tui.app import OkrApp
    from okr_tui.workspace import WorkspaceStore


class Session(Protocol):
    """What a step needs of the workshop screen around it (the screen imports the steps)."""

    @property
    def okr_app(self) -> OkrApp: ...

    @property
    def store(self) -> WorkspaceStore: ...

    workshop: Workshop | None

    async def go(self, key: str, *, save: bool = True) -> None: ...

    def reload(self) -> None: ...

    def set_doing(self, doing: str) -> None: ...

    def show_tips(self, tips: list[Tip]) -> None: ...


class StepView(Vertical, SettledSize):
    """One step's working area; the screen calls `refresh_data` when the workspace changes."""

    step_key: str = ""

    @property
    def session(self) -> Session:
        return cast("Session", self.screen)

    @property
    def store(self) -> WorkspaceStore:
        return self.session.store

    @property
    def workshop(self) -> Workshop | None:
        return self.session.workshop

    def refresh_data(self) -> None:
        """Re-read what this step shows."""

    def focus_first(self) -> None:
        """Put the cursor where the team starts typing."""

    def tips(self) -> list[Tip]:
        """Coach hints for what is on screen now."""
        return []

    def presenter_text(self) -> Text:
        """The step's content for presenter mode, in plain user text."""
        return Text("")

    def show_others(self, others: list[Presence] | None) -> None:
        """What the others are doing here (a step that shows it overrides this)."""

    def tell_coach(self) -> None:
        self.session.show_tips(self.tips())


def pad(text: str, width: int) -> str:
    """Pad to a number of terminal cells (wide characters count twice)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))
