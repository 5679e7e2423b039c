"""The coach's word lists, one entry per language, kept as data.

To teach the coach another language, add an entry to WORDS. English entries
match whole words, with common endings ("help" also finds "helps", "helping");
entries written in a script without spaces between words (Chinese) match
anywhere in the text. Activity and business-as-usual words count only where
a clause starts ("Help the sales team", "we will keep"), so a noun like the
"support" in "phone support calls down 50%" is not taken for an activity;
CLAUSE_OPENERS lists the words after which a clause starts.
"""

from __future__ import annotations

from typing import TypedDict


class LanguageWords(TypedDict):
    """The words one language uses for each thing the coach looks for."""

    activity: list[str]
    """Doing rather than achieving: a KR built on these is a process indicator."""
    business_as_usual: list[str]
    """Keeping things as they are: rarely worth an OKR."""
    dates: list[str]
    """Words that name a time, so a KR that has one says *by when*."""
    numbers: list[str]
    """Number words, so "ten new customers" counts as a number."""
    clause_openers: list[str]
    """Words after which a verb starts a clause ("to", "will", "we")."""


WORDS: dict[str, LanguageWords] = {
    "en": {
        "activity": [
            "consult",
            "help",
            "analyze",
            "analyse",
            "analysis",
            "participate",
            "take part",
            "hold meetings",
            "hold a meeting",
            "hold weekly meetings",
            "attend",
            "support",
            "assist",
            "research",
            "investigate",
            "explore",
            "work on",
            "coordinate",
            "discuss",
            "try to",
        ],
        "business_as_usual": [
            "keep",
            "maintain",
            "continue",
            "sustain",
            "as usual",
            "stay on top of",
        ],
        "dates": [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "q1",
            "q2",
            "q3",
            "q4",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "end of the quarter",
            "end of quarter",
            "end of the year",
            "end of year",
            "end of the month",
            "this quarter",
            "this year",
            "next quarter",
            "deadline",
            "weekly",
            "every week",
        ],
        "numbers": [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "hundred",
            "thousand",
            "million",
            "half",
            "double",
            "twice",
            "triple",
            "dozen",
            "zero",
            "percent",
        ],
        "clause_openers": ["to", "will", "we", "and", "then", "also", "i", "they", "must"],
    },
    "zh": {
        "activity": ["咨询", "帮助", "协助", "支持", "分析", "参与", "开会", "调研", "研究"],
        "business_as_usual": ["保持", "维持", "继续"],
        "dates": ["月", "日", "号", "年底", "年初", "季度", "周", "星期"],
        "numbers": [
            "一",
            "二",
            "两",
            "三",
            "四",
            "五",
            "六",
            "七",
            "八",
            "九",
            "十",
            "百",
            "千",
            "万",
            "亿",
            "半",
            "倍",
        ],
        "clause_openers": ["并", "和", "要", "将", "我们", "也"],
    },
}
