"""Arabic temporal expressions: find them ourselves, then resolve them against the
publication date with a precision (day, week, month, year) and a basis.

Plain `dateparser.search_dates` over Arabic news invents dates from amounts ("5.3 مليار" →
3 May) and misses Levantine months, bare weekdays, ordinals and Hijri dates. So a grammar
built from `lexicons/<lang>/dates.yaml` finds the expressions, and each is resolved:
"N days/weeks/months/years ago" through dateparser on a normalised string with
`RELATIVE_BASE` = the publication date; explicit dates, weekdays, month direction, weeks and
future counts by our own calendar arithmetic (the grammar has already read day, month and
year); Hijri dates through hijridate (Umm al-Qura).

All functions work on normalised text (`transforms.normalize`); offsets are normalised
offsets, which the caller maps back to the original text.
"""
from __future__ import annotations

from waqai.transforms.dates.expression import DateExpression
from waqai.transforms.dates.finding import find_dates, find_dates_in_raw
from waqai.transforms.dates.lexicon import DateLexicon, load_date_lexicon

__all__ = ["DateExpression", "DateLexicon", "find_dates", "find_dates_in_raw", "load_date_lexicon"]
