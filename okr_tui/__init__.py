"""okr-tui: set, track and score OKRs together in the terminal.

Only the version lives here: importing the App from this module would make an
import cycle with `screens`, and would drag Textual into the core.
"""

import os

# pydantic looks for plugins through every installed package's metadata the first
# time it builds a validator, a noticeable share of start-up; okr-tui uses none.
# setdefault: someone who does want a pydantic plugin can still say so.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")

__version__ = "0.1.0"
