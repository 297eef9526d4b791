"""Finding date expressions in normalised text and resolving each against the publication date."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from dataclasses import replace


from waqai.transforms.normalize import normalize
from waqai.transforms.regex_heads import filtered_finditer
from waqai.transforms.dates.calendars import _add_months, _month_bounds
from waqai.transforms.dates.expression import DateExpression
from waqai.transforms.dates.lexicon import load_date_lexicon
from waqai.transforms.dates.resolve import _resolve
from waqai.transforms.dates.tense import _tense


def find_dates(text: str, published: dt.date | None, lang: str = "ar",
               spans: list[tuple[int, int]] | None = None) -> list[DateExpression]:
    """Every date expression in normalised `text` (or in the given spans of it), resolved
    against `published`."""
    lex = load_date_lexicon(lang)
    out: list[DateExpression] = []
    matches = (m for s, e in (spans or [(0, len(text))]) for m in filtered_finditer(lex.pattern, lex.starts, text, s, e))
    for m in matches:
        expr = _resolve(m, text, published, lex)
        if expr is None:
            continue
        # "15 رمضان 1445 هـ الموافق 25 مارس 2024": one date written in two calendars.
        if out and expr.basis == "explicit" and re.fullmatch(r"\s*الموافق\s*(?:ل\s*)?", text[out[-1].end:expr.start]):
            prev = out.pop()
            expr = DateExpression(prev.start, expr.end, text[prev.start:expr.end], expr.value, expr.precision,
                                  expr.basis, expr.start_date, expr.end_date, expr.rule, prev.since)
        # "يومي 8 و9 مارس 2017": a span of days dates from its first day.
        first = _FIRST_OF_DAYS.search(text, max(0, expr.start - 20), expr.start + 1)
        if first and expr.precision == "day" and expr.start_date is not None and first.end() == expr.start:
            day = int(first.group(1) or first.group(2))
            if 1 <= day < expr.start_date.day:
                d = expr.start_date.replace(day=day)
                expr = replace(expr, start=first.start(), text=text[first.start():expr.end], value=d.isoformat(),
                               start_date=d, end_date=d, rule="DATE-DAY-SPAN-START")
        # "من الخامس إلى السابع من تموز": a span of days in words dates from its first day too.
        if expr.precision == "day" and expr.start_date is not None and expr.rule.startswith("DATE-DM"):
            words = _ordinal_span_before(lang).search(text, max(0, expr.start - 40), expr.start)
            day = lex.ordinals.get(words.group(1)) if words else None
            if day is not None and 1 <= day < expr.start_date.day:
                d = expr.start_date.replace(day=day)
                expr = replace(expr, start=words.start(), text=text[words.start():expr.end], value=d.isoformat(),
                               start_date=d, end_date=d, rule="DATE-DAY-SPAN-START")
        # "غدا في 14 تموز", "اليوم الأحد 15 يوليو": a relative day with its explicit date right
        # after it is that date (the writer's day may not be the publication day).
        prev = out[-1] if out else None
        if (prev is not None and prev.precision == "day" and expr.precision == "day" and not prev.since
                and prev.basis == "relative_to_publication" and not prev.rule.startswith("DATE-DM")
                and expr.rule.startswith("DATE-DM") and prev.start_date is not None and expr.start_date is not None
                and abs((expr.start_date - prev.start_date).days) <= 3
                and re.fullmatch(r"\s*[،,]?\s*(?:في\s+|الموافق\s+)?", text[prev.end:expr.start])):
            out.pop()
        # "من 30 مارس إلى 2 أبريل", "بين 30 مارس و2 أبريل", "31 مارس - الأول من أبريل": a stretch
        # of days across months is one expression dated by its first day.
        prev = out[-1] if out else None
        if (prev is not None and prev.precision == "day" and expr.precision == "day" and not prev.since
                and prev.rule.startswith("DATE-DM") and expr.rule.startswith("DATE-DM")
                and prev.start_date is not None and expr.start_date is not None
                and 0 < (expr.start_date - prev.start_date).days <= 31 and _joins_range(text, prev, expr)):
            out.pop()
            expr = DateExpression(prev.start, expr.end, text[prev.start:expr.end], prev.value, "day", prev.basis,
                                  prev.start_date, prev.end_date, "DATE-DAY-RANGE-START", prev.since)
        expr = _past_of_the_statement(text, out, expr, lex)
        expr = _week_of_the_month(text, expr)
        expr = _days_at_the_end_of_the_year(text, expr)
        out.append(expr)
    if published is not None and ("مرور" in text or "الذكري" in text):
        taken = [(e.start, e.end) for e in out]
        for s, e in spans or [(0, len(text))]:
            for m in _anniversary_re(lang).finditer(text, s, e):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    out.append(_anniversary(text, m, published, lex))
        out.sort(key=lambda x: x.start)
    if published is not None and ("الفصح" in text or "القيامه" in text):
        taken = [(e.start, e.end) for e in out]
        for s, e in spans or [(0, len(text))]:
            for m in _EASTER.finditer(text, s, e):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    out.append(_easter(text, m, published, lex))
        out.sort(key=lambda x: x.start)
    return _resolve_anchors(text, out)


@lru_cache(maxsize=None)
def _anniversary_re(lang: str = "ar") -> re.Pattern:
    """"بمناسبة مرور ثلاثة أعوام على إطلاق العملية"، "في الذكرى الـ13 لانسحاب الجيش": an
    anniversary counts whole years back from the report to the event named after it."""
    numbers = "|".join(sorted((re.escape(w) for w in load_date_lexicon(lang).numbers), key=len, reverse=True))
    return re.compile(
        r"(?<!\w)(?:[وفبل]?(?:مناسبه|بمناسبه|لمناسبه|احياء|ذكري)\s+)(?P<span>مرور\s+(?:(?P<n>\d{1,3}|" + numbers
        + r")\s+)?(?:عاما|عام|اعوام|سنوات|سنه|سنين)\s+علي)(?!\w)"
        r"|(?<!\w)(?P<span2>[وفبل]?الذكري\s+(?:ال)?ـ?\s*(?P<n2>\d{1,3}))\s+(?=ل)")


def _anniversary(text: str, m: re.Match, published: dt.date, lex) -> DateExpression:
    """The month of the report, as many years back as the anniversary counts (a year when
    none is written: "مرور عام على"); it dates only the event named right after it."""
    key = "span" if m.group("span") else "span2"
    raw = m.group("n") if key == "span" else m.group("n2")
    n = 1 if raw is None else int(raw) if raw.isdigit() else lex.numbers[raw]
    first, last = _month_bounds(published.year - n, published.month)
    start, end = m.span(key)
    return DateExpression(start, end, text[start:end], f"{first.year}-{first.month:02d}", "month",
                          "relative_to_publication", first, last, "DATE-ANNIVERSARY", reverse_anchor=True)


# "خلال عطلة عيد الفصح": the Easter holiday, a movable feast, in the week of its Sunday.
_EASTER = re.compile(r"(?<!\w)(?:[وفبل]|بال|لل)?(?P<feast>(?:عطله\s+)?عيد\s+(?:الفصح|القيامه)(?:\s+المجيد)?)(?!\w)")


def _easter_sunday(year: int) -> dt.date:
    """Western Easter (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ll) // 433
    month = (h + ll - 7 * m + 90) // 25
    return dt.date(year, month, (h + ll - 7 * m + 33 * month + 19) % 32)


def _easter(text: str, m: re.Match, published: dt.date, lex) -> DateExpression:
    """The Easter nearest the report in the direction of its verb: the next one for a future
    verb, else the last one on or before publication."""
    start = m.start("feast")
    if _tense(text, m.start(), m.end(), lex) == "future":
        sunday = _easter_sunday(published.year)
        sunday = sunday if sunday >= published else _easter_sunday(published.year + 1)
    else:
        sunday = _easter_sunday(published.year)
        sunday = sunday if sunday <= published else _easter_sunday(published.year - 1)
    monday = sunday - dt.timedelta(days=6)
    iso = sunday.isocalendar()
    return DateExpression(start, m.end(), text[start:m.end()], f"{iso[0]}-W{iso[1]:02d}", "week",
                          "relative_to_publication", monday, sunday, "DATE-EASTER")


def _past_of_the_statement(text: str, out: list[DateExpression], expr: DateExpression, lex) -> DateExpression:
    """"وجهت رسالة شكر، الجمعة، على استضافتها ... السبت الماضي": a "last" weekday after
    another day of its sentence is last as seen from that day (the statement's), not from the
    publication: it lies before it."""
    if expr.rule != "DATE-WEEKDAY" or expr.start_date is None or not out:
        return expr
    if not any(lex.dir_words.get(w) == "past" for w in expr.text.split()[1:]):
        return expr
    prev = out[-1]
    if (prev.precision != "day" or prev.since or prev.start_date is None or prev.start_date >= expr.start_date
            or re.search(r"[.!؟?\n]", text[prev.end:expr.start])):
        return expr
    weeks = (expr.start_date - prev.start_date).days // 7 + 1
    d = expr.start_date - dt.timedelta(days=7 * weeks)
    return replace(expr, value=d.isoformat(), start_date=d, end_date=d, rule="DATE-WEEKDAY-BEFORE-STATEMENT")


_WEEK_BEFORE = re.compile(r"(?<!\w)(?:[وفبل]|بال|لل)?(?:ال)?اسبوع\s+$")


def _week_of_the_month(text: str, expr: DateExpression) -> DateExpression:
    """"في الأسبوع الأول من تموز": an ordinal week of a month, read by the grammar as the
    day "الأول من تموز", is the ISO week holding the middle day of that seven-day stretch
    (its fourth: 4 July for the first week of July)."""
    if expr.precision != "day" or not expr.rule.startswith("DATE-DM") or expr.start_date is None:
        return expr
    week = _WEEK_BEFORE.search(text, max(0, expr.start - 12), expr.start)
    if week is None or expr.text.split()[0][:1].isdigit() or expr.start_date.day > 5:
        return expr
    _, last = _month_bounds(expr.start_date.year, expr.start_date.month)
    mid = expr.start_date.replace(day=min((expr.start_date.day - 1) * 7 + 4, last.day))
    y, w, wd = mid.isocalendar()
    monday = mid - dt.timedelta(days=wd - 1)
    return replace(expr, start=week.start(), text=text[week.start():expr.end], value=f"{y}-W{w:02d}",
                   precision="week", start_date=monday, end_date=monday + dt.timedelta(days=6), rule="DATE-WEEK-OF-MONTH")


_RANGE_GAP = re.compile(r"\s*(?:-|الي|حتي)\s*")


def _joins_range(text: str, first: DateExpression, second: DateExpression) -> bool:
    gap = text[first.end:second.start]
    if _RANGE_GAP.fullmatch(gap):
        return True
    return re.fullmatch(r"\s*و\s*", gap) is not None and re.search(r"(?<!\w)بين\s*$", text[max(0, first.start - 8):first.start]) is not None


# "يومي 8 و9 مارس", "من 13 إلى 21", "من 13 لـ21 يوليو"
# "في الأيام الأخيرة من عام 1977", "الأيام الأولى من العام": days at one end of a year
_YEAR_END_DAYS = re.compile(r"(?<!\w)(?:الايام|الاسابيع)\s+(?P<end>الاخيره|الاولي)\s+من\s+(?:(?:ال)?(?:عام|سنه)\s+)?$")


def _days_at_the_end_of_the_year(text: str, expr: DateExpression) -> DateExpression:
    """A year whose last (or first) days the text names is dated by its December (January)."""
    if expr.precision != "year" or expr.start_date is None:
        return expr
    m = _YEAR_END_DAYS.search(text, max(0, expr.start - 40), expr.start)
    if m is None:
        return expr
    month = 12 if m.group("end") == "الاخيره" else 1
    first = expr.start_date.replace(month=month, day=1)
    last = first.replace(day=31)
    return replace(expr, start=m.start(), text=text[m.start():expr.end], value=f"{first:%Y-%m}", precision="month",
                   start_date=first, end_date=last, rule="DATE-YEAR-END-DAYS")


@lru_cache(maxsize=4)
def _ordinal_span_before(lang: str) -> re.Pattern:
    """"من الخامس إلى ", "بين الخامس و": the first day of a span in words, right before its last."""
    forms = "|".join(sorted((re.escape(f) for f in load_date_lexicon(lang).ordinals), key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:من|بين)\s+(" + forms + r")\s*(?:الي\s+|حتي\s+|و\s*)$")


_FIRST_OF_DAYS = re.compile(r"(?<!\w)(?:(?:يومي\s+|بين\s+|من\s+)?(\d{1,2})\s*(?:ولغايه|لغايه|الي\s+غايه|وحتي|و|-|الي|حتي)|من\s+(\d{1,2})\s*ل)\s*(?=\d)")


def _resolve_anchors(text: str, found: list[DateExpression]) -> list[DateExpression]:
    """"بعد يومين من وصوله يوم الأحد": an offset counted from an event resolves only when the
    anchor phrase itself is dated (a date follows in the same clause); otherwise it stays
    unresolved with basis `anchored` and never dates an event."""
    out = list(found)
    for i, e in enumerate(out):
        if e.anchor_offset is None:
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        prev = out[i - 1] if i > 0 else None
        unit, n = e.anchor_offset
        reverse = False
        if (nxt is None or nxt.kind != "date" or nxt.start_date is None or nxt.start - e.end > 45
                or re.search(r"[.،,؛;:\n]", text[e.end:nxt.start])):
            # Reverse: "X السبت، بعد يوم من Y": the date written right before the offset dates X,
            # so Y lies the offset before it (only a day date, only with nothing but a comma between).
            if (prev is None or prev.kind != "date" or prev.precision != "day" or prev.since
                    or prev.start_date is None or not re.fullmatch(r"[\s،,]*", text[prev.end:e.start])):
                continue
            nxt, n, reverse = prev, -n, True
        base = nxt.start_date
        if unit == "day":
            d = base + dt.timedelta(days=n)
            value, lo, hi = d.isoformat(), d, d
        elif unit == "week":
            d = base + dt.timedelta(weeks=n)
            y, w, _ = d.isocalendar()
            lo = dt.date.fromisocalendar(y, w, 1)
            value, hi = f"{y}-W{w:02d}", lo + dt.timedelta(days=6)
        elif unit == "month":
            y, m = _add_months(base, n)
            value, (lo, hi) = f"{y}-{m:02d}", _month_bounds(y, m)
        else:
            y = base.year + n
            value, lo, hi = str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)
        out[i] = replace(e, value=value, precision=unit, basis=nxt.basis, start_date=lo, end_date=hi,
                         kind="date", rule="DATE-ANCHORED-REVERSE" if reverse else "DATE-ANCHORED-RESOLVED",
                         reverse_anchor=reverse)
        if not reverse:
            # "بعد عام من اندلاع الحرب الأهلية عام 1975، تدخل السوريون": 1975 dates the anchor,
            # the war; the event told is dated by the offset (1976), never by the anchor's date
            out[i + 1] = replace(nxt, anchor_phrase=(e.end, nxt.start))
    return out


def find_dates_in_raw(raw_text: str, published: dt.date | None, lang: str = "ar") -> list[tuple[int, int, str, DateExpression]]:
    """For users and tests: (start, end, original text, expression) over un-normalised text."""
    norm = normalize(raw_text)
    rows = []
    for e in find_dates(norm.text, published, lang):
        s, t = norm.span(e.start, e.end)
        rows.append((s, t, raw_text[s:t], e))
    return rows
