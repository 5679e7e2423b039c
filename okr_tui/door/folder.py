"""The front door's folder: `<workspace>.door/` beside the workspace, owner-only (0700)."""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def door_folder(workspace: Path) -> Path:
    """Where the front door keeps its files for this workspace."""
    workspace = Path(workspace)
    return workspace.parent / f"{workspace.name}.door"


def ensure_door_folder(workspace: Path) -> Path:
    """The door folder, created owner-only when missing (and tightened when it is not)."""
    folder = door_folder(workspace)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o777 != FOLDER_MODE:
        os.chmod(folder, FOLDER_MODE)
    return folder
