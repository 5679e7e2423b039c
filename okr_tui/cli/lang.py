"""`okr lang`: the language you read okr-tui in, saved on your person record.

Saved on the record rather than on the machine, so one workspace serves people
in both languages: each reads the app and `okr` in their own, wherever they
open it (`okr serve`, `okr ssh`, a terminal). `--lang` and `OKR_LANG` still win
for one run.
"""

from __future__ import annotations

import argparse

from okr_tui.cli import Context
from okr_tui.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language, settle_for

AUTO = "auto"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `okr lang` to the `okr` parser."""
    lang = sub.add_parser(
        "lang",
        help=_("show or save the language you read okr-tui in (zh, en)"),
        description=_(
            "With no argument, the language okr-tui speaks to you and why. With zh or en, "
            "save it on your person record in this workspace; auto goes back to the locale."
        ),
    )
    lang.add_argument("language", nargs="?", choices=[*LANGUAGES, AUTO], metavar="LANGUAGE")
    lang.set_defaults(handler=run_lang)


def run_lang(ctx: Context, args: argparse.Namespace) -> int:
    from okr_tui.models import Person

    store = ctx.open_store(create=False)
    person = store.ensure_person(ctx.user)
    if args.language is not None:
        chosen = "" if args.language == AUTO else args.language
        if chosen != person.lang:
            person = store.update(Person, person.id, lang=chosen)
        settle_for(person)
    shown = LANGUAGE_NAMES[current_language()]
    if person.lang:
        print(
            _("{person} reads okr-tui in {language} (saved).").format(
                person=ctx.user, language=LANGUAGE_NAMES[person.lang]
            )
        )
    else:
        print(
            _("{person} reads okr-tui in {language} (from the locale; not saved).").format(
                person=ctx.user, language=shown
            )
        )
    if person.lang and current_language() != person.lang:
        print(_("This run speaks {language}: --lang or OKR_LANG chose it.").format(language=shown))
    return 0
