"""okr-tui: set, track and score OKRs together in the terminal.

Only the version lives here: importing the App from this module would make an
import cycle with `screens`, and would drag Textual into the core.
"""

__version__ = "0.1.0"
