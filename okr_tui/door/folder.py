"""The front door's folder: `<workspace>.door/` beside the workspace, owner-only (0700).

For a workspace in PostgreSQL it is in okr-tui's folder of the server account's
user data, named after the database (see `okr_tui.location.side_file`).
"""

from __future__ import annotations

import os
from pathlib import Path

from okr_tui.location import Location, side_file

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def door_folder(workspace: Location) -> Path:
    """Where the front door keeps its files for this workspace."""
    if isinstance(workspace, Path):
        return workspace.parent / f"{workspace.name}.door"
    return side_file(workspace, ".door")


def ensure_door_folder(workspace: Location) -> Path:
    """The door folder, created owner-only when missing (and tightened when it is not)."""
    folder = door_folder(workspace)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o777 != FOLDER_MODE:
        os.chmod(folder, FOLDER_MODE)
    return folder
