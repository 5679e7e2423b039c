"""Command palette providers: every screen, every unit and every period, found fuzzily.

"open unit TeeBee" selects TeeBee on home; "period 2026-Q3" switches the period;
"open workshop" opens a screen; "export OKRs as Markdown" (or CSV) saves an export.
The screens come from okr_tui.navigation.NAVIGATION, the same table the home screen's keys
are built from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from okr_tui.i18n import _, current_language, format_date
from okr_tui.words import KIND_WORDS

if TYPE_CHECKING:
    from okr_tui.app import OkrApp


@dataclass(frozen=True)
class Command:
    """One palette entry: the words to match, what it does, and a line of help."""

    text: str
    run: Callable[[], Any]
    help: str
    discover: bool = False


def safe_highlight(matcher: Matcher, candidate: str) -> Content:
    """Highlight the matched letters of user text without ever reading it as markup."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def commands(app: OkrApp) -> list[Command]:
    """Screens first (shown when the palette opens), then units, then periods."""
    from okr_tui.navigation import NAVIGATION

    found = [
        Command(
            _("Open home"), partial(app.show_unit, app.unit_id), _("Units and objectives"), True
        ),
    ]
    found += [
        Command(
            _("Open {screen}").format(screen=_(nav.label).lower()),
            partial(app.action_open, nav.screen),
            _(nav.help),
            True,
        )
        for nav in NAVIGATION
    ]
    found.append(
        Command(_("Open help"), app.action_help, _("Keys of the app and this screen"), True)
    )
    from okr_tui.navigation import EXPORT_FORMATS, LANGUAGE_COMMAND

    for fmt, label in EXPORT_FORMATS.items():
        found.append(
            Command(
                _("Export OKRs as {format}").format(format=label),
                partial(app.action_export, fmt),
                _("Every unit's OKRs you may read; private ones as a count. Saved to downloads"),
                True,
            )
        )
    found.append(
        Command(
            LANGUAGE_COMMAND,
            app.action_switch_language,
            _("Switch between English and Chinese; kept for your next start"),
            True,
        )
    )
    for unit in app.store.units():
        kind = _(KIND_WORDS.get(unit.kind, unit.kind))
        found.append(
            Command(
                _("Open unit {unit}").format(unit=unit.name),
                partial(app.show_unit, unit.id),
                _("Show this {kind}").format(kind=kind),
            )
        )
    for period in app.store.periods():
        found.append(
            Command(
                _("Period {period}").format(period=period.id),
                partial(setattr, app, "period_id", period.id),
                _("Show {start} - {end}").format(
                    start=long_day(period.start), end=long_day(period.end)
                ),
            )
        )
    return found


def long_day(day: date) -> str:
    """'01 Oct 2026' in English (as before), '2026年10月1日' in Chinese."""
    return f"{day:%d %b %Y}" if current_language() == "en" else format_date(day)


class CommandProvider(Provider):
    """A provider of a list of Commands, found fuzzily by their words (never read as markup)."""

    def _commands(self) -> list[Command]:
        return []

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.text)
            if score > 0:
                yield Hit(
                    score,
                    safe_highlight(matcher, command.text),
                    command.run,
                    text=command.text,
                    help=command.help,
                )


class Navigator(CommandProvider):
    """Go to a screen, a unit or a period."""

    def _commands(self) -> list[Command]:
        if not hasattr(self.app, "store"):
            return []
        return commands(self.app)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for command in self._commands():
            if command.discover:
                yield DiscoveryHit(command.text, command.run, help=command.help)


class ScreenKeys(CommandProvider):
    """Every key of the screen beneath the palette, as a command: one declaration, its binding.

    The footer, the help screen and this provider all read the screen's BINDINGS,
    so a key added to a screen is in the palette too ("Changes  key h").
    """

    def _commands(self) -> list[Command]:
        screen = self.screen
        found: list[Command] = []
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            # Only the screen's own keys: the app's and the focused widget's are elsewhere.
            if active.node is not screen or not active.enabled or not binding.description:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            run = partial(self.app.run_action, binding.action, screen)
            found.append(
                Command(_(binding.description), run, _("key {key} on this screen").format(key=key))
            )
        return found
