"""The words a person reads for the workspace's fixed values, one home for each.

Kept free of the models and the store, so the home screen can use them before
the workspace (and pydantic) is loaded.
"""

from __future__ import annotations

KIND_WORDS: dict[str, str] = {
    "company": "company",
    "business": "business team",
    "support": "support team",
    "person": "person",
}
"""A unit's kind as a word: "support team"."""

SHORT_KIND_WORDS: dict[str, str] = {
    "company": "company",
    "business": "team",
    "support": "support team",
    "person": "",
}
"""The same, where space is short (the alignment tree); a person needs no word."""
