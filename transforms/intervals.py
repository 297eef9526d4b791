"""Date values as intervals of days, for comparing reports of one event: what a value like
"2023-W44" stands for, and how two intervals relate (overlap, gap, hull)."""
from __future__ import annotations

import datetime as dt

Interval = tuple[dt.date, dt.date]


def interval(date_value: str | None, precision: str | None) -> Interval | None:
    """The days a date value stands for: "2023-W44" → Monday..Sunday of that ISO week.

    >>> interval("2023-11", "month")
    (datetime.date(2023, 11, 1), datetime.date(2023, 11, 30))
    """
    if not date_value or not precision:
        return None
    if precision == "day":
        d = dt.date.fromisoformat(date_value[:10])
        return d, d
    if precision == "week":
        y, w = int(date_value[:4]), int(date_value[6:8])
        monday = dt.date.fromisocalendar(y, w, 1)
        return monday, monday + dt.timedelta(days=6)
    if precision == "month":
        if len(date_value) >= 10:  # a Hijri month is stored by its first Gregorian day
            start = dt.date.fromisoformat(date_value[:10])
            return start, start + dt.timedelta(days=29)
        y, m = int(date_value[:4]), int(date_value[5:7])
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
    if precision == "year":
        y = int(date_value[:4])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    return None


def _overlap(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _gap(a: Interval, b: Interval) -> int:
    """Days between two intervals (0 when they touch or overlap)."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def _hull(a: Interval, b: Interval) -> Interval:
    return min(a[0], b[0]), max(a[1], b[1])


def _span_days(iv: Interval) -> int:
    return (iv[1] - iv[0]).days + 1


def _fmt(iv: Interval | None) -> str:
    if iv is None:
        return "undated"
    return str(iv[0]) if iv[0] == iv[1] else f"{iv[0]}..{iv[1]}"
