"""The few pages the served workspace shows before the app: no login yet, a bad link, welcome.

Each page is in the reader's language: the first one okr-tui speaks among those
their browser asks for (Accept-Language), else the language `okr serve` speaks.
Nobody is known before the login, so the browser is the only word on it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from html import escape

from okr_tui.i18n import DEFAULT, N_, _, current_language, normalise, set_language

ASK_FOR_LINK = N_("ask whoever runs okr serve for an invitation: okr invite YOUR-LOGIN")

HTML_LANG: dict[str, str] = {"en": "en", "zh": "zh-CN"}
"""The page's `lang` attribute per language (browsers pick fonts and line breaking by it)."""

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
{head}<style>
body {{ background: #0c181f; color: #e8eef2; font: 16px/1.5 menlo, monospace; margin: 4em auto;
  max-width: 40em; padding: 0 1em; }}
a {{ color: #9fd3ff; }}
</style>
</head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""


def reader_language(accept_language: str | None) -> str:
    """The language to answer a browser in: its most wanted one okr-tui speaks, else ours.

    `zh-CN,zh;q=0.9,en;q=0.8` -> "zh"; `fr` or no header -> the server's language.
    """
    wanted: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        lang = normalise(tag.strip())
        if lang is None:
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            wanted.append((-weight, index, lang))
    return min(wanted)[2] if wanted else current_language()


@contextlib.contextmanager
def speaking(lang: str | None) -> Iterator[str]:
    """Build a page (or a refusal) in `lang`, then speak as before: the server's own words
    (its terminal, its log) stay in its language."""
    before = current_language()
    chosen = lang or before
    set_language(chosen)
    try:
        yield chosen
    finally:
        set_language(before)


def _page(title: str, body: str, lang: str, head: str = "") -> str:
    return _PAGE.format(
        lang=HTML_LANG.get(lang, DEFAULT), title=escape(title), body=body, head=head
    )


def login_needed(lang: str | None = None) -> str:
    """The page for a browser without a session: how to get in, and nothing of the workspace."""
    with speaking(lang) as chosen:
        return _page(
            _("okr-tui: an invitation is needed"),
            "<p>"
            + _(
                "This workspace asks who you are. To come in, {ask}, then open the link it prints."
            ).format(ask=_(ASK_FOR_LINK))
            + "</p>\n<p>"
            + _(
                "Used your link before? The server may have restarted (it then asks everyone "
                "to open their link again), or your invitation was revoked."
            )
            + "</p>",
            chosen,
        )


def bad_link(lang: str | None = None) -> str:
    """The page for a link that holds no current invitation (mistyped, revoked, replaced)."""
    with speaking(lang) as chosen:
        return _page(
            _("okr-tui: this link does not open the workspace"),
            "<p>"
            + _(
                "This invitation is not valid: it was revoked, replaced by a newer one, or "
                "mistyped. To come in, {ask}."
            ).format(ask=_(ASK_FOR_LINK))
            + "</p>",
            chosen,
        )


def signed_out(lang: str | None = None) -> str:
    """Sent in answer to /logout: this browser is out, its apps closed; the link brings it back."""
    with speaking(lang) as chosen:
        return _page(
            _("okr-tui: signed out"),
            "<p>"
            + _(
                "You are signed out, and the apps this browser had open are closed. To come "
                "back in, open your invitation link again."
            )
            + "</p>",
            chosen,
        )


def signed_in(login: str, lang: str | None = None) -> str:
    """Sent in answer to a good link: the page sends the browser on to the app at `/`.

    The page, not an HTTP redirect, moves on: a link followed from another site
    (a web mail) is a cross-site navigation, and a browser sends no SameSite=Strict
    cookie along a redirect that began there. A navigation the page itself starts
    is same-site, so the new cookie goes with it.
    """
    with speaking(lang) as chosen:
        opening = _(
            'Signed in as {login}. Opening the app&hellip; (<a href="/">open it</a> if nothing '
            "happens)."
        ).format(login=escape(login))
        return _page(
            _("okr-tui: signed in"),
            f"<p>{opening}</p>\n<p>"
            + _("Keep your link to yourself: anyone who opens it comes in as you.")
            + "</p>\n<p>"
            + _('On a shared computer, sign out when you are done: <a href="/logout">/logout</a>.')
            + "</p>",
            chosen,
            head='<meta http-equiv="refresh" content="0; url=/">\n',
        )
