"""The CLI's output streams, with user text never acting on the reader's terminal.

Stored text is already cleaned when the store reads it (okr_tui.plain_text),
but a command also echoes what was typed (a title, an id, a file name) and
error messages quote it. Every command's stdout and stderr pass through here,
so no path to the terminal is left to remember.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from okr_tui.plain_text import clean


class SafeStream:
    """A text stream that shows control characters as pictures; all else passes through."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(clean(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """Route sys.stdout and sys.stderr through SafeStream while a command runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeStream(saved[0])
    sys.stderr = SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
