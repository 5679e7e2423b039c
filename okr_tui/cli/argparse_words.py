"""argparse's own words (usage, options, its errors) in the language spoken.

argparse looks each of its messages up through the module's `_` when it prints
them; pointing that at okr-tui's catalog translates them with the rest of `okr`.
"""

from __future__ import annotations

import argparse

from okr_tui.i18n import N_, _

WORDS: tuple[str, ...] = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("expected one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
)
"""The messages of argparse that `okr` can show, so that the catalog holds them."""


def install() -> None:
    """Have argparse read its messages from okr-tui's catalog."""
    argparse._ = _  # type: ignore[attr-defined]
