"""Live coach hints beside what the team types: advice, never a blocker."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from okr_tui.i18n import _
from okr_tui.workshop import Tip
from widgets.quiet import QuietStatic


class CoachPanel(QuietStatic):
    """Lists coach tips; says so plainly when there is nothing to say."""

    DEFAULT_CSS = """
    CoachPanel {
        height: auto;
        max-height: 6;
        padding: 0 1;
        border-left: thick $accent;
        color: $text;
    }
    CoachPanel.-quiet { color: $text-muted; border-left: thick $panel; }
    """

    def __init__(self, *, id: str | None = None, limit: int = 4) -> None:
        super().__init__("", id=id)
        self.limit = limit
        self.tips: list[Tip] = []

    def show(self, tips: Sequence[Tip], quiet: str = "") -> None:
        self.tips = list(tips)
        self.set_class(not tips, "-quiet")
        if not tips:
            self.update(Text(quiet or _("Coach: no hints. Keep going.")))
            return
        text = Text()
        for number, tip in enumerate(tips[: self.limit]):
            if number:
                text.append("\n")
            mark = {"error": "✗ ", "warning": "! "}.get(tip.severity, "· ")
            text.append(
                mark, style={"error": "bold red", "warning": "bold yellow"}.get(tip.severity, "dim")
            )
            text.append(_("Coach: "), style="bold")
            if tip.where:
                text.append(f"{tip.where} ", style="italic")
            text.append(tip.message)
        if len(tips) > self.limit:
            text.append(
                "\n… " + _("and {count} more (see step 7)").format(count=len(tips) - self.limit),
                style="dim",
            )
        self.update(text)
