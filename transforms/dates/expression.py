"""A date expression found in a text: its span, value, precision, basis and kind."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DateExpression:
    start: int                 # normalised offsets [start, end)
    end: int
    text: str                  # the normalised expression
    value: str | None          # "2023-11-01", "2023-W44", "2023-11", "2023" or None
    precision: str | None
    basis: str                 # explicit | relative_to_publication | none
    start_date: dt.date | None  # first day of the interval the expression denotes
    end_date: dt.date | None    # last day of that interval
    rule: str                  # which construction matched (for provenance)
    since: bool = False        # "منذ عام 1994": the start of a duration, never an event date
    # date | set | anchored | duration | present | decade | century | season: only "date"
    # can date an event; the others are recognised so they are never mistaken for one.
    kind: str = "date"
    modifier: str | None = None  # early | mid | late ("أواخر 2019"), from the word before the span
    anchor_offset: tuple[str, int] | None = None  # "بعد يومين من X": ("day", 2), counted from X
    # "هجمات السبت، بعد يوم من القمة": the date of X, counted back from the date written before
    # the offset; it dates only an event named in the anchor phrase right after it.
    reverse_anchor: bool = False
    # "بعد عام من اندلاع الحرب عام 1975": the date of an anchor phrase (offsets of the phrase
    # before it) dates only an event named in that phrase, not the one the offset dates
    anchor_phrase: tuple[int, int] | None = None
