"""The command palette's finder: any unit or person, fuzzy by name or login, opens their page.

Entries read "Page: <name>", so "page ann" goes straight to Ann's page.

Imported with the App, so it stays cheap: Textual's command module is already
loaded by then, and the store is read only when the palette searches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from okr_tui.i18n import N_, _
from okr_tui.words import KIND_WORDS

if TYPE_CHECKING:
    from okr_tui.app import OkrApp


@dataclass(frozen=True)
class Entry:
    """One thing the finder can open: what to match on and what to say about it."""

    text: str
    help: str
    kwargs: dict[str, str]


MANAGE = N_("Manage units and people")
MANAGE_HELP = N_("Add, rename, move or archive a unit; add a person")


def entries(app: OkrApp) -> Iterator[Entry]:
    """Active units and people; a person with a page is listed once, as a person."""
    store = app.store
    listed: set[str] = set()
    for unit in store.units():
        if unit.kind == "person" and unit.person_login:
            person = store.person(unit.person_login)
            name = person.name if person is not None and person.name else unit.name
            listed.add(unit.person_login)
            yield Entry(
                _("Page: {name}").format(name=f"{name} ({unit.person_login})"),
                _("Their OKRs, charter and record"),
                {"login": unit.person_login},
            )
        else:
            yield Entry(
                _("Page: {name}").format(name=unit.name),
                _("The {kind}'s OKRs, charter and record").format(kind=_(KIND_WORDS[unit.kind])),
                {"unit_id": unit.id},
            )
    for person in store.people():
        if person.login not in listed and not person.archived:
            text = f"{person.name} ({person.login})" if person.name else person.login
            yield Entry(
                _("Page: {name}").format(name=text),
                _("Their OKRs and record"),
                {"login": person.login},
            )


def highlight(matcher: Matcher, candidate: str) -> Content:
    """Like Matcher.highlight, but the candidate is user text: never read as markup."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class UnitFinder(Provider):
    """Find a unit or a person and open their page."""

    def _open(self, **kwargs: str) -> Callable[[], Any]:
        return partial(self.app.action_open, "unit", **kwargs)  # type: ignore[attr-defined]

    def _entries(self) -> list[Entry]:
        if not hasattr(self.app, "store"):
            return []
        return list(entries(self.app))  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            _(MANAGE),
            partial(self.app.action_open, "units"),  # type: ignore[attr-defined]
            help=_(MANAGE_HELP),
        )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        title = _(MANAGE)
        score = matcher.match(title)
        if score > 0:
            yield Hit(
                score,
                highlight(matcher, title),
                partial(self.app.action_open, "units"),  # type: ignore[attr-defined]
                text=title,
                help=_(MANAGE_HELP),
            )
        for entry in self._entries():
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, entry.text),
                    self._open(**entry.kwargs),
                    text=entry.text,
                    help=entry.help,
                )
