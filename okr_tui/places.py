"""Where okr-tui keeps things on this machine: the default workspace.

Kept free of the store and pydantic, so `okr` finds its workspace before the
app's first frame without importing them.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_workspace() -> Path:
    """The workspace `okr` opens when neither --db nor OKR_DB names one."""
    env = os.environ.get("OKR_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("okr-tui", appauthor=False)) / "workspace.json"
