"""The defaults of `okr ssh`: where it listens and the limits it keeps.

Kept apart from the server so the command line can show them without loading
asyncssh (every `okr` command registers every parser).
"""

from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 2222
DEFAULT_MAX_SESSIONS = 50
DEFAULT_IDLE_TIMEOUT = 30 * 60.0
"""Seconds without a key press before a session is closed."""
MAX_NOT_LOGGED_IN = 64
"""Connections still logging in, at most, from everywhere (more are dropped at once)."""
MAX_NOT_LOGGED_IN_PER_ADDRESS = 8
"""Connections still logging in, at most, from one address: one client cannot fill the door."""
LOGIN_TIMEOUT = 60.0
"""Seconds a client has to log in before it is disconnected."""
KEEPALIVE_INTERVAL = 60.0
"""A client that stops answering is noticed (and its app ended) after a few of these."""
KEY_CHECK = 2.0
"""Seconds between looks for open sessions whose key was removed (they are then closed)."""
