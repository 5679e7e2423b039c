"""The store's errors and the words it uses for file-system failures; record ids.

Every error a person can act on is a WorkspaceError whose message is shown as it is.
"""

from __future__ import annotations

import secrets
from collections.abc import Container
from pathlib import Path

from pydantic import ValidationError

from okr_tui.storage import TEMP_PREFIX, writable


class WorkspaceError(Exception):
    """A problem a person can act on; the message is meant to be shown as it is."""


class LockTimeout(WorkspaceError):
    pass


class ReasonRequired(WorkspaceError):
    pass


class NotFound(WorkspaceError):
    pass


def lock_path(path: Path) -> Path:
    return path.parent / f"{path.name}.lock"


def new_id(prefix: str, taken: Container[str]) -> str:
    """A short, typeable id like `kr-7f3a`, longer only when the short ones run out."""
    width = 4
    while True:
        for _ in range(20):
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
            f"{path}: cannot be read: it is a symbolic link that leads back to itself"
        ) from None


def lock_problem(where: Path, exc: OSError) -> str:
    """Why the lock could not be taken, in a few words a person can act on."""
    if isinstance(exc, PermissionError) and where.exists() and not writable(where):
        return (
            f"{where.name} is not writable for you: it was made before the workspace was "
            "shared with the group; its owner's next save shares it, or chmod g+w it"
        )
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
