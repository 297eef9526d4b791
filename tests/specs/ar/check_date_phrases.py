#!/usr/bin/env python3
"""Checker for tests/specs/ar/date_phrases.yaml (Arabic temporal-expression spec).

Usage:  python check_date_phrases.py [path/to/date_phrases.yaml] [-v]

What it does
  1. Structure: ids unique and well formed, `published` is a date or null,
     every expected span is an exact substring of `text`, spans do not overlap,
     value/precision agree in shape (day YYYY-MM-DD, week YYYY-Www,
     month YYYY-MM -- or YYYY-MM-DD for a Hijri month -- , year YYYY),
     basis is explicit | relative_to_publication | none, and
     basis none <-> value null <-> precision null.
  2. Recomputation: an independent mini-resolver re-derives the value,
     precision and basis of every expected span from the conventions written
     in the YAML header, using only `datetime` (weekdays, أمس/اليوم/غدا,
     week/month/year relatives, "قبل/منذ/بعد + N", months and day+month
     without a year, ordinals in words, numeric dates, Eastern digits,
     explicit dates, and Hijri dates against a small table of Umm al-Qura
     anchors).  For a bare weekday / month / day+month the tense cue is read
     from the row's `construction`: it contains the word "future" when the
     sentence is in future context; otherwise past / no cue is assumed.
     A span modifier (الماضي / المقبل / القادم) always wins.
  3. Coverage: every month-name variant and weekday named in the header
     must occur in at least one expected span; row-count minima are enforced.

Exit status 0 when clean, 1 otherwise.
"""
from __future__ import annotations

import collections
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

# --------------------------------------------------------------------------
# normalisation
# --------------------------------------------------------------------------
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_HARAKAT = re.compile("[\u064B-\u0652\u0670]")


def norm(s: str) -> str:
    s = s.translate(_DIGITS)
    s = s.replace("\u0640", "")  # tatweel (هـ -> ه)
    s = _HARAKAT.sub("", s)  # غداً -> غدا
    for a in "أإآ":
        s = s.replace(a, "ا")
    return s.replace("ى", "ي")


def tokens(s: str) -> list[str]:
    return re.findall(r"\w+", norm(s))


# --------------------------------------------------------------------------
# lexicon (normalised spellings)
# --------------------------------------------------------------------------
GREG_MONTHS = {
    # Egyptian / Gulf
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9,
    "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine / Iraqi
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5,
    "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10,
    "تشرين الثاني": 11, "كانون الاول": 12,
    # Maghrebi (Algeria / Tunisia)
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7,
    "اوت": 8,
    # Morocco
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}
# Spellings (as written in the header) that must each appear in some span.
REQUIRED_MONTH_SPELLINGS = [
    "يناير", "فبراير", "مارس", "أبريل", "ابريل", "مايو", "يونيو", "يونيه",
    "يوليو", "يوليه", "أغسطس", "اغسطس", "سبتمبر", "أكتوبر", "اكتوبر",
    "نوفمبر", "ديسمبر",
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
    "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
    "جانفي", "فيفري", "أفريل", "ماي", "جوان", "جويلية", "أوت",
    "يوليوز", "غشت", "شتنبر", "نونبر", "دجنبر",
]
HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4,
    "جمادي الاولي": 5, "جمادي الاخرة": 6, "جمادي الثانية": 6, "رجب": 7,
    "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11,
    "ذو الحجة": 12, "ذي الحجة": 12,
}
# Umm al-Qura anchors: (hijri year, hijri month) -> Gregorian date of day 1.
# Only these are trusted; a Hijri span outside them is an error.
HIJRI_ANCHORS = {
    (1445, 9): dt.date(2024, 3, 11),   # 1 Ramadan 1445
    (1446, 1): dt.date(2024, 7, 7),    # 1 Muharram 1446
    (1444, 10): dt.date(2023, 4, 21),  # 1 Shawwal 1444
}
WEEKDAYS = {  # Python weekday(): Monday = 0
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعة": 4,
    "السبت": 5, "الاحد": 6,
}
REQUIRED_WEEKDAY_SPELLINGS = [
    "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس",
    "الجمعة", "السبت",
]
PAST_MODS = {"الماضي", "الماضية", "المنصرم", "المنصرمة"}
NEXT_MODS = {"المقبل", "المقبلة", "القادم", "القادمة"}

# fixed relative expressions: normalised token string -> (unit, offset)
RELATIVE = {}
for _k in ("امس", "البارحة", "الامس"):
    RELATIVE[_k] = ("day", -1)
for _k in ("الليلة الماضية",):
    RELATIVE[_k] = ("day", -1)
for _k in ("اول امس", "امس الاول", "اول من امس"):
    RELATIVE[_k] = ("day", -2)
for _k in ("اليوم", "الليلة", "هذا اليوم"):
    RELATIVE[_k] = ("day", 0)
for _k in ("غدا", "الغد"):
    RELATIVE[_k] = ("day", 1)
for _k in ("بعد غد",):
    RELATIVE[_k] = ("day", 2)
for _k in ("هذا الاسبوع", "الاسبوع الجاري", "الاسبوع الحالي"):
    RELATIVE[_k] = ("week", 0)
for _k in ("الاسبوع الماضي", "الاسبوع المنصرم"):
    RELATIVE[_k] = ("week", -1)
for _k in ("الاسبوع المقبل", "الاسبوع القادم"):
    RELATIVE[_k] = ("week", 1)
for _k in ("هذا الشهر", "الشهر الجاري", "الشهر الحالي"):
    RELATIVE[_k] = ("month", 0)
for _k in ("الشهر الماضي", "الشهر المنصرم"):
    RELATIVE[_k] = ("month", -1)
for _k in ("الشهر المقبل", "الشهر القادم"):
    RELATIVE[_k] = ("month", 1)
for _k in ("هذا العام", "العام الجاري", "العام الحالي", "السنة الحالية",
           "هذه السنة", "السنة الجارية"):
    RELATIVE[_k] = ("year", 0)
for _k in ("العام الماضي", "السنة الماضية", "العام المنصرم"):
    RELATIVE[_k] = ("year", -1)
for _k in ("العام المقبل", "العام القادم", "السنة المقبلة", "السنة القادمة"):
    RELATIVE[_k] = ("year", 1)

# "قبل / منذ / بعد" + count + unit
UNIT_WORDS = {
    "يوم": ("day", 1), "يومين": ("day", 2), "ايام": ("day", None),
    "اسبوع": ("week", 1), "اسبوعين": ("week", 2), "اسابيع": ("week", None),
    "شهر": ("month", 1), "شهرين": ("month", 2), "اشهر": ("month", None),
    "شهور": ("month", None),
    "عام": ("year", 1), "عامين": ("year", 2), "اعوام": ("year", None),
    "سنة": ("year", 1), "سنتين": ("year", 2), "سنوات": ("year", None),
}
COUNT_WORDS = {
    "ثلاثة": 3, "ثلاث": 3, "اربعة": 4, "اربع": 4, "خمسة": 5, "خمس": 5,
    "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8,
    "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
}

ORD_UNITS = {
    "الاول": 1, "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4,
    "الخامس": 5, "السادس": 6, "السابع": 7, "الثامن": 8, "التاسع": 9,
}


def parse_ordinal(toks: list[str]) -> int | None:
    """Day ordinal in words, 1-31, e.g. ['الحادي', 'والعشرين'] -> 21."""
    s = " ".join(toks)
    if s in ORD_UNITS and s != "الحادي":
        return ORD_UNITS[s]
    if s == "العاشر":
        return 10
    if s == "العشرين":
        return 20
    if s == "الثلاثين":
        return 30
    if len(toks) == 2 and toks[0] in ORD_UNITS and toks[1] == "عشر":
        return 10 + ORD_UNITS[toks[0]]
    if len(toks) == 2 and toks[0] in ORD_UNITS and toks[1] in ("والعشرين", "والثلاثين"):
        v = ORD_UNITS[toks[0]] + (20 if toks[1] == "والعشرين" else 30)
        return v if v <= 31 else None
    return None


def find_names(toks: list[str], table: dict) -> list[tuple[int, int, int]]:
    """Non-overlapping (start, end, value) matches of 1- or 2-token names."""
    out, i = [], 0
    while i < len(toks):
        two = " ".join(toks[i:i + 2])
        if len(toks) > i + 1 and two in table:
            out.append((i, i + 2, table[two]))
            i += 2
        elif toks[i] in table:
            out.append((i, i + 1, table[toks[i]]))
            i += 1
        else:
            i += 1
    return out


# --------------------------------------------------------------------------
# date arithmetic
# --------------------------------------------------------------------------
def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def weekday_date(pub: dt.date, wd: int, direction: str) -> dt.date:
    if direction == "on_or_before":
        return pub - dt.timedelta((pub.weekday() - wd) % 7)
    if direction == "strict_before":
        return pub - dt.timedelta((pub.weekday() - wd - 1) % 7 + 1)
    if direction == "on_or_after":
        return pub + dt.timedelta((wd - pub.weekday()) % 7)
    if direction == "strict_after":
        return pub + dt.timedelta((wd - pub.weekday() - 1) % 7 + 1)
    raise ValueError(direction)


def month_year(pub: dt.date, m: int, direction: str) -> int:
    if direction == "on_or_before":
        return pub.year if m <= pub.month else pub.year - 1
    if direction == "strict_before":
        return pub.year if m < pub.month else pub.year - 1
    if direction == "on_or_after":
        return pub.year if m >= pub.month else pub.year + 1
    if direction == "strict_after":
        return pub.year if m > pub.month else pub.year + 1
    raise ValueError(direction)


def day_month_date(pub: dt.date, m: int, d: int, direction: str) -> dt.date:
    cand = dt.date(pub.year, m, d)
    if direction == "on_or_before":
        return cand if cand <= pub else dt.date(pub.year - 1, m, d)
    if direction == "strict_before":
        return cand if cand < pub else dt.date(pub.year - 1, m, d)
    if direction == "on_or_after":
        return cand if cand >= pub else dt.date(pub.year + 1, m, d)
    if direction == "strict_after":
        return cand if cand > pub else dt.date(pub.year + 1, m, d)
    raise ValueError(direction)


def shift(pub: dt.date, unit: str, k: int) -> tuple[str, str]:
    if unit == "day":
        return (pub + dt.timedelta(k)).isoformat(), "day"
    if unit == "week":
        return iso_week(pub + dt.timedelta(7 * k)), "week"
    if unit == "month":
        y, m = add_months(pub.year, pub.month, k)
        return f"{y}-{m:02d}", "month"
    if unit == "year":
        return str(pub.year + k), "year"
    raise ValueError(unit)


# --------------------------------------------------------------------------
# the independent mini-resolver
# --------------------------------------------------------------------------
class Unparsed(Exception):
    pass


class Resolved:
    """value/precision, explicit flag, or a closure needing the pub date."""

    def __init__(self, precision, value=None, rel=None, weekday=None):
        self.precision = precision
        self.value = value  # explicit value
        self.rel = rel  # callable(pub) -> value, for relative expressions
        self.weekday = weekday  # Python weekday named in the span, if any

    @property
    def explicit(self):
        return self.rel is None


def span_direction(toks, future: bool) -> str:
    if any(t in PAST_MODS for t in toks):
        return "strict_before"
    if any(t in NEXT_MODS for t in toks):
        return "strict_after"
    return "on_or_after" if future else "on_or_before"


def analyse(span: str, future: bool) -> Resolved:
    n = norm(span)
    toks = tokens(span)
    if not toks:
        raise Unparsed("empty span")

    # ---- Hijri date, possibly joined to a Gregorian one by الموافق ----
    if "الموافق" in toks:
        i = toks.index("الموافق")
        left = analyse(" ".join(toks[:i]), future)
        right = analyse(" ".join(toks[i + 1:]), future)
        if not (left.explicit and right.explicit):
            raise Unparsed("الموافق with a relative side")
        if left.value != right.value:
            raise Unparsed(f"الموافق sides disagree: {left.value} vs {right.value}")
        return Resolved(left.precision, left.value,
                        weekday=left.weekday if left.weekday is not None else right.weekday)

    wds = find_names(toks, WEEKDAYS)
    weekday = wds[0][2] if wds else None
    if len(wds) > 1:
        raise Unparsed("two weekdays in one span")

    hij = find_names(toks, HIJRI_MONTHS)
    if hij:
        s, e, hm = hij[0]
        nums = [int(t.rstrip("ه")) for t in toks if re.fullmatch(r"\d+ه?", t)]
        hy = [x for x in nums if 1300 <= x <= 1500]
        hd = [x for x in nums if 1 <= x <= 30]
        if not hy:
            raise Unparsed("Hijri month without a year is not covered")
        key = (hy[0], hm)
        if key not in HIJRI_ANCHORS:
            raise Unparsed(f"no trusted Umm al-Qura anchor for {key}")
        first = HIJRI_ANCHORS[key]
        ordv = parse_ordinal(toks[:toks.index("من")]) if "من" in toks[:s] else None
        day = hd[0] if hd else ordv
        if day is None:
            return Resolved("month", first.isoformat(), weekday=weekday)
        if day > 29:
            raise Unparsed("Hijri day 30 cannot be trusted from anchors")
        return Resolved("day", (first + dt.timedelta(day - 1)).isoformat(), weekday=weekday)

    # ---- numeric dates ----
    m = re.search(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", n)
    if m:
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return Resolved("day", d.isoformat(), weekday=weekday)
    m = re.search(r"(?<!\d)(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})(?!\d)", n)
    if m:
        d = dt.date(int(m[3]), int(m[2]), int(m[1]))  # day-first
        return Resolved("day", d.isoformat(), weekday=weekday)

    # ---- offsets: قبل / منذ / بعد + count + unit ----
    if toks[0] in ("قبل", "منذ", "بعد") and len(toks) >= 2 and toks[-1] in UNIT_WORDS:
        unit, cnt = UNIT_WORDS[toks[-1]]
        mid = toks[1:-1]
        if cnt is None or mid:
            if len(mid) != 1:
                raise Unparsed("cannot read the count")
            cnt = int(mid[0]) if mid[0].isdigit() else COUNT_WORDS.get(mid[0])
            if cnt is None:
                raise Unparsed(f"unknown count word {mid[0]}")
        sign = 1 if toks[0] == "بعد" else -1
        return Resolved(unit, rel=lambda pub, u=unit, k=sign * cnt: shift(pub, u, k)[0])

    # ---- relative day word + weekday in apposition (اليوم الأحد, أمس الخميس) ----
    if wds:
        rest = [t for i, t in enumerate(toks)
                if not any(s <= i < e for s, e, _ in wds) and t != "يوم"]
        k2 = " ".join(rest)
        if k2 in RELATIVE and RELATIVE[k2][0] == "day":
            k = RELATIVE[k2][1]
            return Resolved("day", weekday=weekday,
                            rel=lambda pub, k=k: shift(pub, "day", k)[0])

    # ---- fixed relative expressions ----
    key = " ".join(toks)
    if key in RELATIVE:
        unit, k = RELATIVE[key]
        return Resolved(unit, rel=lambda pub, u=unit, k=k: shift(pub, u, k)[0])

    # ---- Gregorian month based ----
    months = find_names(toks, GREG_MONTHS)
    used = set()
    for s, e, _ in months:
        used.update(range(s, e))
    for s, e, _ in wds:
        used.update(range(s, e))
    if months:
        vals = {v for _, _, v in months}
        if len(vals) != 1:
            raise Unparsed(f"paired month names disagree: {vals}")
        mo = vals.pop()
        year = None
        day = None
        for i, t in enumerate(toks):
            if i in used:
                continue
            ym = re.fullmatch(r"(\d{4})م?", t)
            if ym and 1900 <= int(ym[1]) <= 2100:
                year = int(ym[1])
            elif re.fullmatch(r"\d{1,2}", t) and 1 <= int(t) <= 31:
                day = int(t)
        if day is None and "من" in toks:
            j = toks.index("من")
            lead = [t for t in toks[:j] if t != "يوم" and t not in WEEKDAYS]
            day = parse_ordinal(lead)
            if day is None:
                raise Unparsed(f"cannot read ordinal {lead}")
        direction = span_direction(toks, future)
        if year is not None:
            if day is not None:
                return Resolved("day", dt.date(year, mo, day).isoformat(), weekday=weekday)
            return Resolved("month", f"{year}-{mo:02d}", weekday=weekday)
        if day is not None:
            return Resolved("day", weekday=weekday,
                            rel=lambda pub: day_month_date(pub, mo, day, direction).isoformat())
        return Resolved("month", weekday=weekday,
                        rel=lambda pub: f"{month_year(pub, mo, direction)}-{mo:02d}")

    # ---- bare weekday ----
    if wds:
        rest = [t for i, t in enumerate(toks) if i not in used and t != "يوم"
                and t not in PAST_MODS and t not in NEXT_MODS]
        if rest:
            raise Unparsed(f"unexpected words next to weekday: {rest}")
        direction = span_direction(toks, future)
        return Resolved("day", weekday=weekday,
                        rel=lambda pub: weekday_date(pub, weekday, direction).isoformat())

    # ---- year ----
    rest = [t for t in toks if t not in ("عام", "العام", "سنة", "السنة", "م", "عامي", "العامين", "سنتي")]
    if len(rest) == 1:
        ym = re.fullmatch(r"(\d{4})م?", rest[0])
        if ym and (1900 if len(rest) == len(toks) else 1000) <= int(ym[1]) <= 2100:
            return Resolved("year", ym[1])
    raise Unparsed("no reading")


# --------------------------------------------------------------------------
# constructions of issue 12, resolved from the header conventions
# --------------------------------------------------------------------------
NAMED = {("هجمات", 9, 11): "2001-09-11", ("احداث", 9, 11): "2001-09-11", ("ثوره", 1, 25): "2011-01-25",
         ("ثورة", 1, 25): "2011-01-25", ("حرب", 10, 6): "1973-10-06"}
DECADES = {"عشرين": 20, "ثلاثين": 30, "اربعين": 40, "خمسين": 50, "ستين": 60, "سبعين": 70, "ثمانين": 80, "تسعين": 90}
SEASONS = {"ربيع": ("SP", 3, 5), "صيف": ("SU", 6, 8), "خريف": ("FA", 9, 11), "شتاء": ("WI", 12, 2)}
CENTURY_ORD = {"التاسع عشر": 19, "العشرين": 20, "الحادي والعشرين": 21, "الثامن عشر": 18}
DUALS = {"اليومين": ("day", 2), "الاسبوعين": ("week", 2), "الشهرين": ("month", 2), "العامين": ("year", 2)}


def season_bounds(code_first_last, y):
    code, first, last = code_first_last
    lo = dt.date(y - 1, 12, 1) if first > last else dt.date(y, first, 1)
    nxt = dt.date(y + (last == 12), last % 12 + 1, 1)
    return lo, nxt - dt.timedelta(1)


def analyse_special(text, pos, span, kind, pub, future, nxt_item):
    """(value, precision, basis) for the constructions the plain resolver does not cover, or
    None to let it decide."""
    toks = tokens(span)
    n = norm(span)
    if kind == "anchored":
        return (None, None, "anchored")
    if kind == "set":
        days = set()
        for t in toks:
            for form in (t, "ال" + t, t[1:], "ال" + t[1:]):
                if form in WEEKDAYS:
                    days.add(WEEKDAYS[form] + 1)  # ISO: Monday = 1
                    break
        days = sorted(days)
        return ("XXXX-WXX-" + ",".join(map(str, days)), None, "explicit")
    if kind == "present":
        return ("PRESENT_REF", None, "relative_to_publication") if pub else (None, None, "none")
    if kind == "decade":
        tens = next(v for k, v in DECADES.items() if k in n)
        if "القرن" in toks:
            if "الماضي" in toks:
                century = (pub.year // 100 - 1) * 100
                return (str(century + tens)[:3], "decade", "relative_to_publication")
            o = CENTURY_ORD[" ".join(toks[toks.index("القرن") + 1:])]
            return (str((o - 1) * 100 + tens)[:3], "decade", "explicit")
        y = (pub.year // 100) * 100 + tens
        y = y - 100 if y > pub.year else y
        return (str(y)[:3], "decade", "relative_to_publication")
    if kind == "century":
        rest = " ".join(toks[1:])
        if rest == "الماضي":
            return (f"{pub.year // 100 - 1:02d}", "century", "relative_to_publication")
        return (f"{CENTURY_ORD[rest] - 1:02d}", "century", "explicit")
    if kind == "season":
        sn = next(v for k, v in SEASONS.items() if k in n)
        years = [t for t in toks if re.fullmatch(r"\d{4}", t)]
        if years:
            return (f"{years[0]}-{sn[0]}", "season", "explicit")
        cands = [pub.year - 1, pub.year, pub.year + 1]
        if any(t in PAST_MODS for t in toks):
            y = max(c for c in cands if season_bounds(sn, c)[1] < pub)
        elif any(t in NEXT_MODS for t in toks) or future:
            y = min(c for c in cands if season_bounds(sn, c)[1] >= pub)
        else:
            y = max(c for c in cands if season_bounds(sn, c)[0] <= pub)
        return (f"{y}-{sn[0]}", "season", "relative_to_publication")
    # a named date: head noun + day + month, no year
    m = re.fullmatch(r"(\d{1,2}) (\S+)", n)
    prev = norm(text[:pos]).split()[-1:] or [""]
    if m and m[2] in GREG_MONTHS and (prev[0], GREG_MONTHS[m[2]], int(m[1])) in NAMED:
        return (NAMED[(prev[0], GREG_MONTHS[m[2]], int(m[1]))], "day", "explicit")
    # day + month + "من العام الماضي/المقبل"
    m = re.fullmatch(r"(\d{1,2}) (\S+(?: \S+)?) من (العام|السنة) (\S+)", n)
    if m and m[2] in GREG_MONTHS and pub:
        k = -1 if m[4] in PAST_MODS else 1
        return (dt.date(pub.year + k, GREG_MONTHS[m[2]], int(m[1])).isoformat(), "day", "relative_to_publication")
    # a pair of weekdays: the first, the second after it
    wds = find_names([t[1:] if t.startswith("و") and t[1:] in WEEKDAYS else t for t in toks], WEEKDAYS)
    if len(wds) == 2 and pub:
        w1, w2 = wds[0][2], wds[1][2]
        if future:
            first = weekday_date(pub, w1, "on_or_after")
        else:
            last = weekday_date(pub, w2, "on_or_before")
            first = last - dt.timedelta((w2 - w1) % 7)
        return (first.isoformat(), "day", "relative_to_publication")
    # a parenthesised year range: its first year
    m = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", n)
    if m:
        return (m[1], "year", "explicit")
    # "الأسبوعين الماضيين": a stretch up to publication, from its first day
    if toks and toks[0] in DUALS and len(toks) == 2 and pub:
        unit, k = DUALS[toks[0]]
        return (*shift(pub, unit, -k), "relative_to_publication")
    # an offset counted from the date that follows it ("بعد يومين من وصوله يوم الأحد")
    if toks and toks[0] in ("قبل", "بعد") and nxt_item and re.search(r"^\s+(?:من|على)\s", text[pos + len(span):]) and pub:
        base_item = analyse(nxt_item["text"], future)
        base = dt.date.fromisoformat(base_item.value if base_item.explicit else base_item.rel(pub))
        unit, cnt = UNIT_WORDS[toks[-1]]
        if cnt is None:
            cnt = int(toks[1]) if toks[1].isdigit() else COUNT_WORDS[toks[1]]
        k = cnt if toks[0] == "بعد" else -cnt
        return (shift(base, unit, k)[0], unit, base_item.explicit and "explicit" or "relative_to_publication")
    return None


# --------------------------------------------------------------------------
# structure checks
# --------------------------------------------------------------------------
SHAPES = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "week": re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$"),
    "month": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    "year": re.compile(r"^\d{4}$"),
}
BASES = {"explicit", "relative_to_publication", "none"}
ROLES = {"since"}
ITEM_KEYS = {"text", "value", "precision", "basis", "role", "kind", "modifier"}
KINDS = {"date", "set", "anchored", "present", "decade", "century", "season"}
MODIFIERS = {"أوائل": "early", "مطلع": "early", "بداية": "early", "بدايات": "early",
             "منتصف": "mid", "أواسط": "mid", "أواخر": "late", "نهاية": "late"}
ROW_KEYS = {"id", "construction", "published", "text", "expect"}
FUTURE_CUE = re.compile(
    r"(^|\s)(و?[سس][يتنأا]\S+|سوف|من المقرر|المقبل|القادم|المقبلة|القادمة|يعتزم|تعتزم|مرتقب|يرتقب|يُرتقب|تنطلق|يبدأ|تبدأ)")


def is_hijri_span(span: str) -> bool:
    return bool(find_names(tokens(span), HIJRI_MONTHS))


def valid_value_shape(value: str, precision: str, span: str) -> bool:
    if precision == "month" and is_hijri_span(span):
        return bool(SHAPES["day"].match(value))
    if precision == "week":
        if not SHAPES["week"].match(value):
            return False
        y, w = int(value[:4]), int(value[6:])
        return w <= dt.date(y, 12, 28).isocalendar()[1]
    if not SHAPES[precision].match(value):
        return False
    try:
        if precision == "day":
            dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    path = Path(args[0]) if args else Path(__file__).with_name("date_phrases.yaml")
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors: list[str] = []
    warnings: list[str] = []

    def err(rid, msg):
        errors.append(f"{rid}: {msg}")

    if not isinstance(rows, list):
        print("top level must be a list")
        return 1

    seen_ids = set()
    groups = collections.Counter()
    n_null = n_multi = n_nondate = n_recomputed = 0
    all_spans: list[str] = []

    for idx, row in enumerate(rows):
        rid = row.get("id", f"<row {idx}>") if isinstance(row, dict) else f"<row {idx}>"
        if not isinstance(row, dict):
            err(rid, "row is not a mapping")
            continue
        extra = set(row) - ROW_KEYS
        missing = ROW_KEYS - set(row)
        if extra:
            err(rid, f"unknown keys {sorted(extra)}")
        if missing:
            err(rid, f"missing keys {sorted(missing)}")
            continue
        if not re.fullmatch(r"DATE-\d{3,4}", str(rid)):
            err(rid, "id must look like DATE-NNN")
        if rid in seen_ids:
            err(rid, "duplicate id")
        seen_ids.add(rid)

        cons = row["construction"]
        if not isinstance(cons, str) or not cons.strip():
            err(rid, "construction must be a non-empty string")
            cons = ""
        groups[cons.split(",")[0].strip()] += 1
        future = "future" in cons

        text = row["text"]
        if not isinstance(text, str) or not text.strip():
            err(rid, "text must be a non-empty string")
            continue

        pub = row["published"]
        if isinstance(pub, str):
            try:
                pub = dt.date.fromisoformat(pub)
            except ValueError:
                err(rid, f"published not a date: {pub!r}")
                continue
        if isinstance(pub, dt.datetime):
            err(rid, "published must be a date, not a datetime")
            continue
        if pub is not None and not isinstance(pub, dt.date):
            err(rid, f"published must be YYYY-MM-DD or null, got {pub!r}")
            continue
        if pub is None:
            n_null += 1

        exp = row["expect"]
        if not isinstance(exp, list):
            err(rid, "expect must be a list")
            continue
        if not exp:
            n_nondate += 1
        if len(exp) >= 2:
            n_multi += 1

        if future and not FUTURE_CUE.search(text):
            warnings.append(f"{rid}: construction says future but no future cue in text")

        taken: list[tuple[int, int]] = []
        last_start = -1
        for item in exp:
            if not isinstance(item, dict):
                err(rid, "expect item is not a mapping")
                continue
            extra = set(item) - ITEM_KEYS
            if extra:
                err(rid, f"unknown item keys {sorted(extra)}")
            for k in ("text", "value", "precision", "basis"):
                if k not in item:
                    err(rid, f"item missing {k}")
            span, value = item.get("text"), item.get("value")
            precision, basis = item.get("precision"), item.get("basis")
            if not isinstance(span, str) or not span:
                err(rid, "item text must be a non-empty string")
                continue
            all_spans.append(span)
            if span != span.strip():
                err(rid, f"span has outer whitespace: {span!r}")
            pos = text.find(span)
            if pos < 0:
                err(rid, f"span {span!r} is not a substring of text")
                continue
            if text.count(span) > 1:
                warnings.append(f"{rid}: span {span!r} occurs more than once; first taken")
            # first occurrence at or after the previous span
            pos2 = text.find(span, last_start + 1) if last_start >= 0 else pos
            pos = pos2 if pos2 >= 0 else pos
            if pos < last_start:
                err(rid, f"spans not listed in text order at {span!r}")
            last_start = pos
            end = pos + len(span)
            for a, b in taken:
                if pos < b and a < end:
                    err(rid, f"span {span!r} overlaps another span")
            taken.append((pos, end))
            # word boundaries: a span must not cut a word in two
            before = text[pos - 1] if pos > 0 else " "
            after = text[end] if end < len(text) else " "
            if re.match(r"\w", after):
                err(rid, f"span {span!r} ends inside a word")
            if re.match(r"\w", before) and before not in "وبلف":
                err(rid, f"span {span!r} starts inside a word")

            # ---- kinds and constructions beyond the plain grammar (issue 12) ----
            kind = item.get("kind", "date")
            if kind not in KINDS:
                err(rid, f"kind {kind!r} not allowed")
            words_before = text[:pos].split()
            prev = re.sub(r"^[وف](?=\S{3,})", "", words_before[-1]) if words_before else ""
            if prev == "في" and len(words_before) > 1:
                prev = re.sub(r"^[وف](?=\S{3,})", "", words_before[-2])
            if item.get("modifier") != MODIFIERS.get(prev):
                err(rid, f"{span!r}: modifier should be {MODIFIERS.get(prev)!r}")
            nxt_item = exp[exp.index(item) + 1] if exp.index(item) + 1 < len(exp) else None
            try:
                special = analyse_special(text, pos, span, kind, pub, future, nxt_item)
            except (Unparsed, ValueError) as e:
                err(rid, f"checker cannot read {span!r}: {e}")
                continue
            if special is not None:
                n_recomputed += 1
                if special != (value, precision, basis):
                    err(rid, f"{span!r}: expected {special}, file says {(value, precision, basis)}")
                continue

            if basis not in BASES:
                err(rid, f"basis {basis!r} not allowed")
            if "role" in item and item["role"] not in ROLES:
                err(rid, f"role {item['role']!r} not allowed")
            if basis == "none":
                if value is not None or precision is not None:
                    err(rid, "basis none requires value null and precision null")
                if pub is not None:
                    err(rid, "basis none only when published is null")
            else:
                if value is None or precision is None:
                    err(rid, "value/precision null requires basis none")
                    continue
                if not isinstance(value, str):
                    err(rid, f"value must be a quoted string, got {type(value).__name__}")
                    continue
                if precision not in SHAPES:
                    err(rid, f"precision {precision!r} not allowed")
                    continue
                if not valid_value_shape(value, precision, span):
                    err(rid, f"value {value!r} does not fit precision {precision}")
                if basis == "relative_to_publication" and pub is None:
                    err(rid, "relative_to_publication needs a publication date")

            # role since <-> preceded by منذ
            prefix = norm(text[:pos]).rstrip()
            since_ctx = prefix.endswith("منذ") or prefix.endswith("منذ عام") or prefix.endswith("منذ العام")
            if item.get("role") == "since" and not since_ctx:
                err(rid, f"role since but {span!r} is not preceded by منذ")
            if since_ctx and item.get("role") != "since":
                err(rid, f"{span!r} follows منذ but has no role: since")

            # ---- recomputation ----
            try:
                r = analyse(span, future)
            except Unparsed as e:
                err(rid, f"checker cannot read {span!r}: {e}")
                continue
            except ValueError as e:
                err(rid, f"impossible date in {span!r}: {e}")
                continue
            if r.explicit:
                want = (r.value, r.precision, "explicit")
                # weekday next to an explicit date must agree with it
                if r.weekday is not None and r.precision == "day":
                    real = dt.date.fromisoformat(r.value).weekday()
                    if real != r.weekday:
                        err(rid, f"weekday in {span!r} does not match {r.value}")
            elif pub is None:
                want = (None, None, "none")
            else:
                want = (r.rel(pub), r.precision, "relative_to_publication")
                if r.weekday is not None and r.precision == "day":
                    real = dt.date.fromisoformat(want[0]).weekday()
                    if real != r.weekday:
                        err(rid, f"weekday in {span!r} does not match {want[0]}")
            got = (value, precision, basis)
            n_recomputed += 1
            if got != want:
                err(rid, f"{span!r}: expected {want}, file says {got}")
            elif verbose:
                print(f"ok {rid} {span!r} -> {got}")

    # ---- coverage and minima ----
    joined = " | ".join(norm(s) for s in all_spans)
    joined_tokens = " " + " ".join(tokens(" | ".join(all_spans))) + " "
    for spelling in REQUIRED_MONTH_SPELLINGS:
        raw_hit = any(spelling in s for s in all_spans)
        if not raw_hit:
            errors.append(f"coverage: month spelling {spelling!r} never used in a span")
    for spelling in REQUIRED_WEEKDAY_SPELLINGS:
        if not any(spelling in s for s in all_spans):
            errors.append(f"coverage: weekday spelling {spelling!r} never used in a span")
    ords = set()
    for s in all_spans:
        t = tokens(s)
        if "من" in t:
            v = parse_ordinal([x for x in t[:t.index("من")] if x != "يوم" and x not in WEEKDAYS])
            if v:
                ords.add(v)
    if len(ords) < 15:
        errors.append(f"coverage: only {len(ords)} distinct word ordinals used")
    if not re.search("[٠-٩]", " ".join(all_spans)):
        errors.append("coverage: no Arabic-Indic digits")
    if not re.search("[۰-۹]", " ".join(all_spans)):
        errors.append("coverage: no Persian-style digits")
    del joined, joined_tokens

    minima = [("rows", len(rows), 240), ("must-not-be-a-date rows", n_nondate, 60),
              ("published-null rows", n_null, 15), ("rows with >=2 expressions", n_multi, 20)]
    for name, have, need in minima:
        if have < need:
            errors.append(f"minimum: {name} = {have} < {need}")

    print(f"rows: {len(rows)}   expressions checked: {n_recomputed}")
    print(f"must-not-be-a-date rows: {n_nondate}   published null: {n_null}   "
          f"multi-expression rows: {n_multi}   distinct word ordinals: {sorted(ords)}")
    print("rows per construction group:")
    for g, c in sorted(groups.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {c:4d}  {g}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("clean" if not errors else f"{len(errors)} error(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
