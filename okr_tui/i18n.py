"""The language people read okr-tui in: the catalogs, the choice of language, and formats.

English is the language of the code: a message is its own English text and
reads the same with no catalog. Chinese (`zh`) comes from the gettext catalog
in `okr_tui/locale` (the .po kept in the repository, the .mo compiled from it).

The language is chosen once per process (`okr` with `--lang`, `OKR_LANG`, the
person's saved choice, else the locale) and can be switched cheaply: catalogs
are loaded once and kept. Strings defined at import time (a screen's key
descriptions) are marked with `N_` and translated where they are shown, so a
switch reaches them too. Dates, weeks and numbers are formatted by Babel,
imported only when first needed.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Protocol

LANGUAGES: tuple[str, ...] = ("en", "zh")
"""The languages okr-tui speaks; the first is the code's own."""

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh": "中文"}
"""Each language in its own words, the same in every language (the switch, `okr lang`)."""

DEFAULT = "en"
DOMAIN = "okr_tui"
LOCALE_DIR = Path(__file__).with_name("locale")
LOCALE_VARIABLES: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Read in this order, as POSIX does: the first that is set decides."""

BABEL_LOCALE: dict[str, str] = {"en": "en_US", "zh": "zh_Hans_CN"}
CURRENCY: dict[str, str] = {"en": "USD", "zh": "CNY"}


class HasLang(Protocol):
    """A person record, as far as the language is concerned."""

    @property
    def lang(self) -> str: ...


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)


_current: gettext.NullTranslations = _catalog(DEFAULT)
_language = DEFAULT
_start: tuple[str | None, Mapping[str, str]] = (None, {})


def set_language(lang: str) -> None:
    """Speak `lang` from now on (one of LANGUAGES); cheap after the first time."""
    global _current, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language: {lang}")
    _current = _catalog(lang)
    _language = lang


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """The message in the current language (in its context, when marked with `NP_`)."""
    if message.__class__ is InContext:  # cheaper than a failed getattr on every plain str
        return _current.pgettext(message.context, message)
    return _current.gettext(message)


def pgettext(context: str, message: str) -> str:
    """The message as meant in `context`: one English word read two ways ("Next": the
    workshop's next step, or scoring's decision for next period)."""
    return _current.pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for `n`, in the current language."""
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for the catalog without translating it yet (it is translated where shown)."""
    return message


class InContext(str):
    """A message that carries its context (msgctxt) to where `_` translates it."""

    context: str


def NP_(context: str, message: str) -> str:
    """`N_` with a context: the English is the message itself; `_` reads it in that context."""
    marked = InContext(message)
    marked.context = context
    return marked


def normalise(value: str | None) -> str | None:
    """`zh_CN.UTF-8` -> "zh", `en_GB` -> "en"; None for anything okr-tui does not speak."""
    if not value:
        return None
    code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def locale_language(env: Mapping[str, str]) -> str | None:
    """The language of the locale in `env`: the first locale variable set decides."""
    for name in LOCALE_VARIABLES:
        if env.get(name):
            return normalise(env[name])
    return None


def language_from(args: str | None, env: Mapping[str, str], person: HasLang | None) -> str:
    """The language to speak: `--lang`, else `OKR_LANG`, else the person's choice, else the locale.

    The person's saved choice beats the locale because the locale is the machine's
    (a shared server's, a terminal's default), while the choice is theirs.
    """
    for choice in (
        normalise(args),
        normalise(env.get("OKR_LANG")),
        normalise(person.lang) if person is not None else None,
        locale_language(env),
    ):
        if choice is not None:
            return choice
    return DEFAULT


def start_language(args: str | None, env: Mapping[str, str]) -> str:
    """Choose the language at start-up, before the person is known; remembered for `settle_for`."""
    global _start
    _start = (args, dict(env))
    lang = language_from(args, env, None)
    set_language(lang)
    return lang


def chosen_for_the_run() -> str | None:
    """The language `--lang` or `OKR_LANG` chose at start-up (they beat a saved choice)."""
    args, env = _start
    return normalise(args) or normalise(env.get("OKR_LANG"))


def settle_for(person: HasLang | None) -> bool:
    """Switch to the person's saved language unless one more explicit was chosen.

    True when the language changed (what was drawn before needs drawing again)."""
    before = _language
    set_language(language_from(*_start, person))
    return _language != before


def lang_in_argv(argv: Sequence[str]) -> str | None:
    """The value of `--lang` in a command line, read before the parser is built (its help is
    translated)."""
    args = list(argv)
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


# -- formats -------------------------------------------------------------------


def people_counts(pairs: Iterable[tuple[str, int]]) -> str:
    """Who and how many: "ann (2), bob (1)"; in Chinese "ann（2）、bob（1）"."""
    separator = ", " if _language == DEFAULT else "、"  # the enumeration comma of Chinese
    return separator.join(_("{person} ({count})").format(person=p, count=n) for p, n in pairs)


def _babel_locale() -> str:
    return BABEL_LOCALE[_language]


def format_date(day: date, style: str = "long") -> str:
    """A day as people write it: "2026-12-01" in English (as before), "2026年12月1日" in Chinese.

    `style` "short" is a day of this year without the year: "12月1日" (English "01 Dec").
    """
    if style == "short":
        if _language == DEFAULT:
            return f"{day:%d %b}"
        from babel.dates import format_skeleton

        return format_skeleton("MMMd", day, locale=_babel_locale())
    if _language == DEFAULT:
        return day.isoformat()
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="long", locale=_babel_locale())


def format_span(start: date, end: date) -> str:
    """A week's days: "Mon 23 Nov – Sun 29 Nov 2026" in English (as before),
    "2026年11月23日 – 11月29日" in Chinese."""
    if _language == DEFAULT:
        return f"{start:%a %d %b} – {end:%a %d %b %Y}"
    from babel.dates import format_skeleton

    locale = _babel_locale()
    first = format_skeleton("yMMMd", start, locale=locale)
    last = format_skeleton("yMMMd" if end.year != start.year else "MMMd", end, locale=locale)
    return f"{first} – {last}"


def format_weekday(day: date, *, year: bool = False) -> str:
    """A day with its weekday: "Wed 25 Nov" in English (as before), "11月25日周三" in Chinese;
    with `year`, "Wed 25 Nov 2026", "2026年11月25日周三"."""
    if _language == DEFAULT:
        return f"{day:%a %d %b %Y}" if year else f"{day:%a %d %b}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMMdEEE" if year else "MMMdEEE", day, locale=_babel_locale())


class HasWeek(Protocol):
    @property
    def year(self) -> int: ...

    @property
    def number(self) -> int: ...

    @property
    def label(self) -> str: ...


def week_words(week: HasWeek) -> str:
    """ "week 2026-W48" in English (as before), "第48周" in Chinese."""
    if _language == DEFAULT:
        return f"week {week.label}"
    return format_week(week.year, week.number)


def format_week(year: int, week: int) -> str:
    """An ISO week: "2026-W49" in English, "第49周" in Chinese."""
    if _language == DEFAULT:
        return f"{year}-W{week:02d}"
    return _("week {week}").format(week=week)


def format_decimal(number: float, pattern: str | None = None) -> str:
    """A number with the language's grouping: "250,000" (the same in both, but Babel's)."""
    from babel.numbers import format_decimal as babel_format_decimal

    return babel_format_decimal(number, format=pattern, locale=_babel_locale())


def format_currency(amount: float, currency: str | None = None) -> str:
    """Money: "$250,000.00" / "¥250,000.00"; whole amounts without the cents."""
    from babel.numbers import format_currency as babel_format_currency

    code = currency or CURRENCY[_language]
    pattern = "¤#,##0" if float(amount).is_integer() else None
    return babel_format_currency(
        amount, code, format=pattern, locale=_babel_locale(), currency_digits=pattern is None
    )
