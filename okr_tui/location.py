"""Where a workspace is: a file, or a PostgreSQL database named by its URL.

`parse_location` reads what people give to --db (or OKR_DB);
`okr_tui.stores.open_location` opens the store for it. A URL keeps every libpq
option as given, and is shown only with its password masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

SCHEMES = ("postgresql://", "postgres://")

_PASSWORD_IN_NETLOC = re.compile(r"^(?P<user>[^:@/]*):(?P<password>[^@]*)@")
_PASSWORD_IN_QUERY = re.compile(r"(?P<key>(?:^|[?&])password=)[^&]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PgUrl:
    """A PostgreSQL database by its URL; str() shows it with the password masked."""

    url: str
    """As given, password and libpq options included: for connecting, never for showing."""

    @property
    def name(self) -> str:
        """The database's name (what the header shows, as it shows a file's name)."""
        database = unquote(urlsplit(self.url).path.lstrip("/"))
        return database or "postgres"

    @property
    def password(self) -> str:
        found = _PASSWORD_IN_NETLOC.match(_netloc(self.url))
        return unquote(found["password"]) if found else ""

    def masked(self) -> str:
        """The URL with any password (in the user part or as an option) shown as ***."""
        scheme, rest = self.url.split("://", 1)
        netloc, sep, tail = rest.partition("/")
        netloc = _PASSWORD_IN_NETLOC.sub(
            lambda m: f"{m['user']}:***@" if m["password"] else m[0], netloc
        )
        tail = _PASSWORD_IN_QUERY.sub(lambda m: f"{m['key']}***", tail)
        return f"{scheme}://{netloc}{sep}{tail}"

    def __str__(self) -> str:
        return self.masked()

    def __repr__(self) -> str:
        return f"PgUrl({self.masked()!r})"


def _netloc(url: str) -> str:
    return url.split("://", 1)[1].partition("/")[0]


Location = Path | PgUrl
"""Where a workspace is."""


def is_database_url(text: str) -> bool:
    return text.lower().startswith(SCHEMES)


def parse_location(text: str) -> Location:
    """What --db or OKR_DB names: a PostgreSQL URL, or else a file path."""
    if is_database_url(text):
        return PgUrl(text)
    return Path(text).expanduser()


def shown(location: Location) -> str:
    """The location as people may see it (a URL's password masked)."""
    return str(location)


def side_file(location: Location, suffix: str) -> Path:
    """A file that goes with the workspace (workshop minutes): beside a workspace file;
    for a database, in okr-tui's folder of the user's data, named after the database."""
    if isinstance(location, Path):
        return location.with_name(f"{location.stem}{suffix}")
    from platformdirs import user_data_dir

    return Path(user_data_dir("okr-tui", appauthor=False)) / f"{location.name}{suffix}"
