"""The store's errors and the words it uses for file-system failures; record ids.

Every error a person can act on is a WorkspaceError whose message is shown as it is.
"""

from __future__ import annotations

import secrets
from collections.abc import Container
from pathlib import Path

from pydantic import ValidationError

from okr_tui.i18n import N_, _
from okr_tui.storage import TEMP_PREFIX, writable


class WorkspaceError(Exception):
    """A problem a person can act on; the message is meant to be shown as it is."""


class LockTimeout(WorkspaceError):
    pass


class ReasonRequired(WorkspaceError):
    pass


class NotFound(WorkspaceError):
    pass


RECORD_NAMES: dict[str, str] = {
    "people": N_("person"),
    "units": N_("unit"),
    "periods": N_("period"),
    "charters": N_("charter"),
    "objectives": N_("objective"),
    "key_results": N_("key result"),
    "tasks": N_("task"),
    "checkins": N_("check-in"),
    "scores": N_("score"),
    "reflections": N_("reflection"),
    "events": N_("event"),
    "unplanned": N_("unplanned work"),
    "workshops": N_("workshop"),
    "votes": N_("vote"),
    "objective_reviews": N_("objective review"),
    "estimate_rounds": N_("estimate round"),
    "estimates": N_("estimate"),
}
"""Each record type's shown name, by its table."""


def record_name(table: str) -> str:
    """A record type as people read it ("key result"), in the current language."""
    return _(RECORD_NAMES.get(table, table))


def lock_path(path: Path) -> Path:
    return path.parent / f"{path.name}.lock"


def new_id(prefix: str, taken: Container[str]) -> str:
    """A short, typeable id like `kr-7f3a`, longer only when the short ones run out."""
    width = 4
    while True:
        for _attempt in range(20):
            candidate = f"{prefix}-{secrets.token_hex(width // 2 + width % 2)[:width]}"
            if candidate not in taken:
                return candidate
        width += 2


def describe_validation(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "record"
    return f"{where}: {first['msg']}"


def resolved_path(path: Path) -> Path:
    """The workspace path made absolute, links followed; a link loop is a WorkspaceError."""
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        # Python 3.11 raises RuntimeError for a loop, later versions OSError.
        raise WorkspaceError(
            _("{path}: cannot be read: it is a symbolic link that leads back to itself").format(
                path=path
            )
        ) from None


def lock_problem(where: Path, exc: OSError) -> str:
    """Why the lock could not be taken, in a few words a person can act on."""
    if isinstance(exc, PermissionError) and where.exists() and not writable(where):
        return _(
            "{name} is not writable for you: it was made before the workspace was "
            "shared with the group; its owner's next save shares it, or chmod g+w it"
        ).format(name=where.name)
    return os_problem(exc)


def os_problem(exc: OSError) -> str:
    """An OSError in a few words; a refused permission also says on what."""
    text = exc.strerror or str(exc)
    if isinstance(exc, PermissionError) and exc.filename:
        where = Path(exc.filename)
        # A temp file's name means nothing to anyone: the folder it was made in does.
        shown = where.parent.name if where.name.startswith(TEMP_PREFIX) else where.name
        text += f": {shown}"
    return text


def unreadable(path: Path, problem: str, backups: Path) -> WorkspaceError:
    """A workspace that cannot be read: what is wrong, that nothing changed, where backups are."""
    where = (
        _("backups are in {folder}")
        if backups.is_dir() and any(backups.glob("*.json"))
        else _("there are no backups yet (they are kept in {folder})")
    ).format(folder=backups)
    return WorkspaceError(
        _("{path}: {problem}. The file was not changed; {where}").format(
            path=path, problem=problem, where=where
        )
    )


def twice(record_id: str, table: str) -> str:
    return _("record {id} appears twice in {table}").format(id=record_id, table=table)


def unknown_table(table: str) -> str:
    return _("it has a table okr-tui does not know ({table})").format(table=repr(table))


def damaged_by_upgrade(version: int) -> str:
    return _("the upgrade from schema {version} left a damaged header").format(version=version)


def journal_missing(name: str) -> str:
    return _(
        "its journal {name} is missing (moved or copied without it?), and the "
        "changes saved in it are not in the file itself. Put the journal back beside it"
    ).format(name=name)


def journal_of_another(name: str, journal: str, generation: str) -> str:
    return _(
        "its journal {name} belongs to another version of the file (journal "
        "{journal}, the file names {generation}), so changes saved in it "
        "may be missing from the file. If you restored or replaced the file on "
        "purpose, move the journal away"
    ).format(name=name, journal=journal, generation=generation)
