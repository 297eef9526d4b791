"""Calendar arithmetic: month and week bounds, the nearest year of a day and month, shifts
by days, weeks, months or years (dateparser for "N days ago"), Hijri months through hijridate."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser

from waqai.transforms.lexicons import LexiconError
from waqai.transforms.dates.expression import DateExpression
from waqai.transforms.dates.lexicon import DateLexicon, load_date_lexicon


def _key(s: str) -> str:
    return " ".join(s.split())


def _month_of(s: str, lex: DateLexicon) -> int:
    """The month of a possibly paired expression ("اكتوبر/تشرين الاول"): its first name."""
    s = _key(s)
    for length in range(len(s), 0, -1):
        if s[:length] in lex.months:
            return lex.months[s[:length]]
    raise LexiconError(f"no month in {s!r}")


def _month_count(s: str, lex: DateLexicon) -> int:
    return len([f for f in lex.months if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", _key(s))])


def _valid_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _explicit_day(y: int, month: int, day: int) -> dt.date | None:
    """A day, month and year the grammar has already read: calendar arithmetic is exact and
    rejects 31 February; dateparser would only re-read what we normalised (and cost 1-2 ms)."""
    return _valid_date(y, month, day)


def _day_month_near(pub: dt.date, month: int, day: int, tense: str) -> dt.date | None:
    """A day and month without a year: the year that puts it nearest the publication date,
    unless the tense says on which side it lies."""
    candidates = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _valid_date(y, month, day))]
    if not candidates:
        return None
    if tense == "future":
        after = [d for d in candidates if d >= pub]
        if after and (after[0] - pub).days <= 183:
            return after[0]
    if tense == "past":
        before = [d for d in candidates if d <= pub]
        if before:
            return before[-1]
    return min(candidates, key=lambda d: (abs((d - pub).days), d > pub))


def _day_month_strict(pub: dt.date, month: int, day: int, direction: str) -> dt.date | None:
    """"22 مارس الماضي": the latest such day strictly before publication (or, for
    المقبل, the first strictly after)."""
    candidates = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _valid_date(y, month, day))]
    side = [d for d in candidates if (d < pub if direction == "past" else d > pub)]
    if not side:
        return None
    return side[-1] if direction == "past" else side[0]


def _month_near(pub: dt.date, month: int, direction: str) -> tuple[int, int]:
    y = pub.year
    if direction == "same":
        return y, month
    if direction in ("before", "on_or_before"):
        if month > pub.month or (direction == "before" and month == pub.month):
            y -= 1
    else:
        if month < pub.month or (direction == "after" and month == pub.month):
            y += 1
    return y, month


def _month_bounds(y: int, m: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month.

    >>> _month_bounds(2024, 2)
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return dt.date(y, m, 1), nxt - dt.timedelta(days=1)


def _add_months(d: dt.date, n: int) -> tuple[int, int]:
    """(year, month) `n` months after the month of `d`.

    >>> _add_months(dt.date(2023, 11, 4), 3)
    (2024, 2)
    """
    total = d.year * 12 + d.month - 1 + n
    return total // 12, total % 12 + 1


_AGO_BASE = dt.datetime(2000, 6, 15, 12)


@lru_cache(maxsize=None)
def _dateparser_days_ago(count: int) -> int | None:
    """dateparser reads the normalised "منذ N أيام" once per N; the offset it yields is then
    applied to any publication date (a call costs milliseconds, a lookup nothing)."""
    parsed = dateparser.parse(f"منذ {count} أيام", languages=["ar"], settings={"RELATIVE_BASE": _AGO_BASE})
    return (_AGO_BASE.date() - parsed.date()).days if parsed else None


def _dateparser_ago(pub: dt.date, unit: str, count: int) -> dt.date | None:
    days = _dateparser_days_ago(count) if unit == "day" else None
    return pub - dt.timedelta(days=days) if days is not None else None


def _shifted(pub: dt.date, unit: str, offset: int, make, rule: str, use_dateparser: bool = False):
    if unit == "day":
        d = (_dateparser_ago(pub, "day", -offset) if use_dateparser else None) or pub + dt.timedelta(days=offset)
        return make(d.isoformat(), "day", "relative_to_publication", d, d, rule)
    if unit == "week":
        d = pub + dt.timedelta(weeks=offset)
        if rule == "REL-LAST-WEEK" and pub.isoweekday() == 7:
            # The eval guidelines: "الأسبوع الماضي" in a Sunday article is the week that has just
            # ended (Sunday closes the ISO week), so the ISO week holding publication minus 6 days.
            d = pub - dt.timedelta(days=6)
        y, w, _ = d.isocalendar()
        monday = dt.date.fromisocalendar(y, w, 1)
        return make(f"{y}-W{w:02d}", "week", "relative_to_publication", monday, monday + dt.timedelta(days=6), rule)
    if unit == "month":
        y, m = _add_months(pub, offset)
        return make(f"{y}-{m:02d}", "month", "relative_to_publication", *_month_bounds(y, m), rule)
    y = pub.year + offset
    return make(str(y), "year", "relative_to_publication", dt.date(y, 1, 1), dt.date(y, 12, 31), rule)


def _hijri(g: dict, make) -> DateExpression | None:
    from hijridate import Hijri

    lex = load_date_lexicon()
    month = lex.hijri_months[_key(g["hmon"])]
    year = int(g["hyear"])
    try:
        hday = int(g["hday"]) if g["hday"] else (lex.ordinals[_key(g["hord"])] if g["hord"] else None)
        if hday:
            d = Hijri(year, month, hday).to_gregorian()
            return make(d.isoformat(), "day", "explicit", d, d, "DATE-HIJRI")
        first = Hijri(year, month, 1)
        last = first.month_length()
        lo = first.to_gregorian()
        hi = Hijri(year, month, last).to_gregorian()
    except (ValueError, OverflowError):
        return None  # outside the Umm al-Qura table, or no such day
    return make(lo.isoformat(), "month", "explicit", lo, hi, "DATE-HIJRI-MONTH")
