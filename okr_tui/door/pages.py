"""The few pages the served workspace shows before the app: no login yet, a bad link, welcome."""

from __future__ import annotations

from html import escape

ASK_FOR_LINK = "ask whoever runs okr serve for an invitation: okr invite YOUR-LOGIN"

_PAGE = """<!DOCTYPE html>
<html lang="en">
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


def _page(title: str, body: str, head: str = "") -> str:
    return _PAGE.format(title=escape(title), body=body, head=head)


def login_needed() -> str:
    """The page for a browser without a session: how to get in, and nothing of the workspace."""
    return _page(
        "okr-tui: an invitation is needed",
        f"<p>This workspace asks who you are. To come in, {ASK_FOR_LINK}, "
        "then open the link it prints.</p>\n"
        "<p>Used your link before? The server may have restarted (it then asks everyone "
        "to open their link again), or your invitation was revoked.</p>",
    )


def bad_link() -> str:
    """The page for a link that holds no current invitation (mistyped, revoked, replaced)."""
    return _page(
        "okr-tui: this link does not open the workspace",
        "<p>This invitation is not valid: it was revoked, replaced by a newer one, or "
        f"mistyped. To come in, {ASK_FOR_LINK}.</p>",
    )


def signed_in(login: str) -> str:
    """Sent in answer to a good link: the page sends the browser on to the app at `/`.

    The page, not an HTTP redirect, moves on: a link followed from another site
    (a web mail) is a cross-site navigation, and a browser sends no SameSite=Strict
    cookie along a redirect that began there. A navigation the page itself starts
    is same-site, so the new cookie goes with it.
    """
    return _page(
        "okr-tui: signed in",
        f"<p>Signed in as {escape(login)}. Opening the app&hellip; "
        '(<a href="/">open it</a> if nothing happens).</p>\n'
        "<p>Keep your link to yourself: anyone who opens it comes in as you.</p>",
        head='<meta http-equiv="refresh" content="0; url=/">\n',
    )
