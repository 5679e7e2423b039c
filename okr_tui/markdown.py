"""User text made literal in Markdown, shared by every report, export and the minutes.

A title such as `*Grow* | [link](x)` or `# 1. heading` must read as typed in
the document, not as emphasis, a table cell, a link, a list or a heading.
"""

from __future__ import annotations

import re

# Every ASCII character that means something inline in CommonMark or GFM tables.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]#|~<>&$!{}])")
# What starts a block at the beginning of a line: lists, quotes, headings, rules, tables.
# A number opens a list only when a space (or the end) follows: "6.5/10" stays as typed.
_LINE_START = re.compile(r"^(\s*)([-+*=>#|]|\d+[.)](?=\s|$))")


def _escape_lead(lead: str) -> str:
    if lead[0].isdigit():
        return lead[:-1] + "\\" + lead[-1]
    return lead if lead.startswith("\\") else "\\" + lead


def md_inline(text: str) -> str:
    """User text for one line of Markdown: newlines folded, markup escaped."""
    folded = " ".join(text.split())
    escaped = _INLINE_SPECIAL.sub(r"\\\1", folded)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_lead(m.group(2)), escaped)


def md_lines(text: str) -> list[str]:
    """User text that may span lines: each line escaped, blank lines dropped."""
    return [md_inline(line) for line in text.splitlines() if line.strip()]
