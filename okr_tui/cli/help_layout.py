"""`okr --help` laid out by terminal cells, so Chinese help wraps where it should.

argparse wraps help with textwrap, which counts characters and breaks only at
spaces and hyphens: a Chinese line (two cells a character, no spaces) runs far
past the terminal's edge, and `okr-tui` is cut at its hyphen. Text with wide
characters is wrapped here instead, between any two of them, by the cells they
take; text without (English) is left to argparse, exactly as before.
"""

from __future__ import annotations

import argparse
import unicodedata

NO_LINE_START = frozenset("，。、；：！？）」』”’》〉】…·,.;:!?)]}%")
"""Marks that close a phrase: never the first thing on a line."""
NO_LINE_END = frozenset("（「『“‘《〈【([{")
"""Marks that open a phrase: never the last thing on a line."""


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: wide characters (Chinese) take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if is_wide(char) else 1
    return width


def _pieces(text: str) -> list[tuple[bool, str]]:
    """(after a space, piece): the units a line may break between."""
    pieces: list[tuple[bool, str]] = []
    word, spaced = "", False

    def end_word() -> None:
        nonlocal word, spaced
        if word:
            pieces.append((spaced, word))
            word, spaced = "", False

    for char in text:
        if char.isspace():
            end_word()
            spaced = bool(pieces)
        elif is_wide(char):
            end_word()
            word = char
            end_word()
        else:
            word += char
    end_word()
    return _glued(pieces)


def _glued(pieces: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """Closing marks go with what they close, opening marks with what they open."""
    out: list[tuple[bool, str]] = []
    for spaced, piece in pieces:
        if out and not spaced and (piece[0] in NO_LINE_START or out[-1][1][-1] in NO_LINE_END):
            out[-1] = (out[-1][0], out[-1][1] + piece)
        else:
            out.append((spaced, piece))
    return out


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells (a longer piece gets a line of its own)."""
    lines: list[str] = []
    line = ""
    for spaced, piece in _pieces(text):
        joined = f"{line} {piece}" if spaced and line else line + piece
        if line and cell_width(joined) > width:
            lines.append(line)
            line = piece
        else:
            line = joined
    if line:
        lines.append(line)
    return lines


def has_wide(text: str) -> bool:
    return any(is_wide(char) for char in text)


class CellHelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with text holding wide characters wrapped by cells."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if not has_wide(text):
            return super()._split_lines(text, width)
        return wrap_cells(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if not has_wide(text):
            return super()._fill_text(text, width, indent)
        lines = wrap_cells(" ".join(text.split()), max(width - len(indent), 11))
        return "\n".join(indent + line for line in lines)
