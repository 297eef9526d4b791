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

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser

from waqai.transforms.lexicons import LexiconError, read_yaml, require, string_list
from waqai.transforms.normalize import normalize, normalize_form
from waqai.transforms.trie import trie_pattern



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


@dataclass(frozen=True)
class DateLexicon:
    pattern: re.Pattern
    months: dict[str, int]
    hijri_months: dict[str, int]
    weekdays: dict[str, int]
    ordinals: dict[str, int]
    relative: dict[str, tuple[str, str, int]]      # form -> (id, unit, offset)
    directions: dict[str, int]                     # قبل -1, بعد +1
    unit_words: dict[str, tuple[str, int | None]]  # word -> (unit, count if dual)
    numbers: dict[str, int]
    dir_words: dict[str, str]                      # الماضي -> past ...
    future_re: re.Pattern
    since_re: re.Pattern
    past_re: re.Pattern
    not_today_after: frozenset[str]


def _forms_map(raw: dict, where: str, lo: int, hi: int) -> dict[str, int]:
    require(isinstance(raw, dict), where, "expected a mapping number -> names")
    out: dict[str, int] = {}
    for key, names in raw.items():
        require(isinstance(key, int) and lo <= key <= hi, where, f"bad key {key!r}")
        for name in string_list(names, f"{where}[{key}]"):
            form = normalize_form(name)
            require(out.get(form, key) == key, where, f"{name!r} maps to {out.get(form)} and {key}")
            out[form] = key
    return out


@lru_cache(maxsize=None)
def load_date_lexicon(lang: str = "ar") -> DateLexicon:
    raw = read_yaml(lang, "dates")
    where = f"lexicons/{lang}/dates.yaml"
    require(isinstance(raw, dict), where, "expected a mapping")
    months = _forms_map(raw.get("months"), f"{where}:months", 1, 12)
    require(set(months.values()) == set(range(1, 13)), where, "every month 1-12 needs a name")
    hijri = _forms_map(raw.get("hijri_months"), f"{where}:hijri_months", 1, 12)
    weekdays = _forms_map(raw.get("weekdays"), f"{where}:weekdays", 1, 7)
    ordinals = _forms_map(raw.get("ordinals"), f"{where}:ordinals", 1, 31)
    relative: dict[str, tuple[str, str, int]] = {}
    for i, item in enumerate(raw.get("relative") or []):
        w = f"{where}:relative[{i}]"
        require(isinstance(item, dict) and {"id", "forms", "unit", "offset"} <= set(item), w, "needs id, forms, unit, offset")
        require(item["unit"] in ("day", "week", "month", "year"), w, f"bad unit {item['unit']!r}")
        require(isinstance(item["offset"], int), w, "offset must be an integer")
        for form in string_list(item["forms"], w):
            relative[normalize_form(form)] = (item["id"], item["unit"], item["offset"])
    counted = raw.get("counted") or {}
    directions = {normalize_form(k): int(v) for k, v in (counted.get("directions") or {}).items()}
    unit_words: dict[str, tuple[str, int | None]] = {}
    for unit, kinds in (counted.get("units") or {}).items():
        require(unit in ("day", "week", "month", "year"), where, f"bad counted unit {unit!r}")
        for kind in ("singular", "plural", "dual"):
            for form in string_list(kinds.get(kind), f"{where}:counted.{unit}.{kind}"):
                unit_words[normalize_form(form)] = (unit, 2 if kind == "dual" else None)
    numbers = _forms_map(counted.get("numbers"), f"{where}:counted.numbers", 1, 10)
    dir_words = {}
    for kind in ("past", "future", "current"):
        for form in string_list((raw.get("direction_words") or {}).get(kind), f"{where}:direction_words.{kind}"):
            dir_words[normalize_form(form)] = kind
    year_cues = [normalize_form(f) for f in string_list(raw.get("year_cues"), f"{where}:year_cues")]
    since = [normalize_form(f) for f in string_list(raw.get("since_words"), f"{where}:since_words")]
    future = [normalize_form(f) for f in string_list(raw.get("future_markers"), f"{where}:future_markers")]
    times = [normalize_form(f) for f in string_list(raw.get("times_of_day"), f"{where}:times_of_day")]
    year_preps = [normalize_form(f) for f in string_list(raw.get("year_prepositions"), f"{where}:year_prepositions")]
    past_verbs = [normalize_form(f) for f in string_list(raw.get("past_event_verbs"), f"{where}:past_event_verbs")]
    not_today = frozenset(normalize_form(f) for f in string_list(raw.get("not_today_after"), f"{where}:not_today_after"))
    day_rel = {f: v for f, v in relative.items() if v[1] == "day"}
    year_rel = {f: v for f, v in relative.items() if v[1] == "year"}

    P = trie_pattern
    month = f"(?:{P(months)})"
    monthx = rf"{month}(?:\s*[/(،,-]?\s*{month}\s*\)?)?"
    year = r"(?:19|20)\d{2}(?!\d)"
    wd = f"(?:{P(weekdays)})"
    dirw = f"(?:{P(dir_words)})"
    ordn = f"(?:{P(ordinals)})"
    num = f"(?:{P(numbers)})"
    units = f"(?:{P(w for w, (_, n) in unit_words.items() if n is None)})"
    duals = f"(?:{P(w for w, (_, n) in unit_words.items() if n)})"
    def year_tail(name: str) -> str:
        return rf"(?:\s*[،,]?\s*(?:من\s+)?(?:عام|العام|سنه)?\s*(?P<{name}>{year})\s*م?)"

    weekday_head = rf"(?:(?:يوم\s+)?{wd}\s*(?:{dirw}\s*)?[،,]?\s*(?:الموافق\s+)?(?:في\s+)?)"
    singulars = f"(?:{P(w for w, (u, n) in unit_words.items() if n is None and w in ('يوم', 'اسبوع', 'شهر', 'عام', 'سنه'))})"
    tod = rf"(?:(?:{P(times)})\s+)?"
    alternatives = [
        # 24 نوفمبر 2015 / يوم الأربعاء 21 جوان 2017 / الثاني عشر من شباط
        rf"(?P<full>{weekday_head}?(?:(?P<day>[0-3]?\d)(?!\d)|(?P<ord>{ordn})\s+(?:من\s+)?)\s*(?:من\s+)?(?:شهر\s+)?(?P<mon>{monthx})"
        + year_tail("fyear") + "?)",
        # 15 رمضان 1445 هـ / رمضان 1445
        rf"(?P<hijri>{weekday_head}?(?:(?P<hday>[0-3]?\d)\s+|(?P<hord>{ordn})\s+(?:من\s+)?)?(?:شهر\s+)?(?P<hmon>{P(hijri)})\s+(?:(?:عام|سنه)\s+)?(?P<hyear>1[34]\d\d)(?!\d)\s*(?:ه(?!\w)|هجري\w*|للهجره)?)",
        # 20/03/2024, 20-3-2024
        r"(?P<dmy>(?P<nd>[0-3]?\d)[/.-](?P<nm>[01]?\d)[/.-](?P<ny>(?:19|20)\d\d)(?!\d))",
        # 2024-03-20
        r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d))",
        # أكتوبر/تشرين الأول 2023, يناير الماضي, في مارس
        rf"(?P<month>(?:شهر\s+)?(?P<mon2>{monthx})(?:" + year_tail("year2")
        + rf"|\s+(?:من\s+)?(?P<myrel>{P(year_rel)})|\s+(?P<mdir>{dirw}))?)",
        # قبل ثلاثة أيام, منذ يومين, بعد أسبوعين
        rf"(?P<counted>(?P<cdir>{P(directions)})\s+(?:(?P<cnum>\d{{1,2}}|{num})\s+(?P<cunit>{units})|(?P<cdual>{duals})|(?P<csing>{singulars})(?!\s*\d)))",
        # اليوم الأحد, أمس الخميس: one expression, valued by the relative word
        rf"{tod}(?P<relwd>(?P<rwrel>{P(day_rel)})\s+(?:يوم\s+)?(?P<rwwd>{wd}))",
        # الأسبوع الماضي, أمس, غدا ("مساء أمس": the time of day stays outside)
        rf"{tod}(?P<rel>{P(relative)})",
        # يوم الأربعاء, الخميس الماضي
        rf"(?P<weekday>(?:يوم\s+)?(?P<wd>{wd})(?:\s+(?P<wdir>{dirw}))?)",
        # عام 2019, 2019م
        rf"(?P<year>(?P<ycue>{P(year_cues)})\s+(?P<y>{year})|(?P<y2>{year})\s*م(?!\w))",
        # في 2019. / أواخر 2019 / منذ 2011: the year alone, when it ends the phrase
        rf"(?:{P(year_preps)})\s+(?P<year3>(?P<y3>{year}))(?=\s*(?:[.،,؛:)\"]|$|\n|و\s*(?:19|20)\d\d))",
        # the second of "في 2024 و2025"
        rf"(?<=\d)\s*و(?P<year4>(?P<y4>{year}))",
    ]
    pattern = re.compile(r"(?:(?<!\w)(?:[وف]?[بل]?)(?:" + "|".join(alternatives[:-1]) + r")|" + alternatives[-1] + r")(?!\w)")
    # A future verb: سـ + an imperfect verb; nouns that begin the same way are excluded.
    future_re = re.compile(
        r"(?<!\w)(?:" + P(future) + r")(?!\w)|(?<!\w)[وف]?(?!سياس|سيار|سيد|سيطر|سيناء|سينا|سيول|سينما|ستين|سته|ستون|سنه|سنو|سنغ|"
        r"ستار|سيف|سيس|سيبير|ستوك|سنت|سنيور|سني|سيري|ستراس|سيرت|سيول|سيلف|ستالين|سيئ|سير)(?:سي|ست|سن)\w{2,}")
    past_re = re.compile(r"(?<!\w)[وف]?(?:" + P(past_verbs) + r")(?!\w)")
    since_re = re.compile(r"(?<!\w)(?:" + P(since) + r")\s*$")
    return DateLexicon(pattern, months, hijri, weekdays, ordinals, relative, directions, unit_words,
                       numbers, dir_words, future_re, since_re, past_re, not_today)


# ---------------------------------------------------------------------------------- finding

def find_dates(text: str, published: dt.date | None, lang: str = "ar",
               spans: list[tuple[int, int]] | None = None) -> list[DateExpression]:
    """Every date expression in normalised `text` (or in the given spans of it), resolved
    against `published`."""
    lex = load_date_lexicon(lang)
    out: list[DateExpression] = []
    matches = (m for s, e in (spans or [(0, len(text))]) for m in lex.pattern.finditer(text, s, e))
    for m in matches:
        expr = _resolve(m, text, published, lex)
        if expr is None:
            continue
        # "15 رمضان 1445 هـ الموافق 25 مارس 2024": one date written in two calendars.
        if out and expr.basis == "explicit" and re.fullmatch(r"\s*الموافق\s*(?:ل\s*)?", text[out[-1].end:expr.start]):
            prev = out.pop()
            expr = DateExpression(prev.start, expr.end, text[prev.start:expr.end], expr.value, expr.precision,
                                  expr.basis, expr.start_date, expr.end_date, expr.rule, prev.since)
        out.append(expr)
    return out


def find_dates_in_raw(raw_text: str, published: dt.date | None, lang: str = "ar") -> list[tuple[int, int, str, DateExpression]]:
    """For users and tests: (start, end, original text, expression) over un-normalised text."""
    norm = normalize(raw_text)
    rows = []
    for e in find_dates(norm.text, published, lang):
        s, t = norm.span(e.start, e.end)
        rows.append((s, t, raw_text[s:t], e))
    return rows


def _tense(text: str, start: int, end: int, lex: DateLexicon, with_past: bool = False) -> str:
    """'future' when a future marker precedes the expression in its sentence, or the word
    right after it is a future verb ("الخميس سيصل"); a past verb there ("أكتوبر، أعلنت")
    keeps it in the past."""
    lo = max(0, start - 80)
    before = text[lo:start]
    cut = max(before.rfind("."), before.rfind("\n"), before.rfind("؟"))
    after = text[end:end + 30].lstrip(" ،,")
    next_word = after.split(maxsplit=1)[0] if after.split() else ""
    window = before[cut + 1:] + " " + next_word
    if lex.future_re.search(window):
        return "future"
    if with_past:
        # An event verb in the past a few words before: "وقع الهجوم في 24 نوفمبر".
        near = " ".join(before[cut + 1:].split()[-6:])
        return "past" if lex.past_re.search(near) else "unknown"
    return "past"


def _resolve(m: re.Match, text: str, pub: dt.date | None, lex: DateLexicon) -> DateExpression | None:
    g = m.groupdict()
    # Offsets without the leading clitic (و، ف، ب، ل), which belongs to the sentence, not the date.
    kind = next(k for k in ("full", "hijri", "dmy", "iso", "month", "counted", "relwd", "rel", "weekday", "year", "year3", "year4") if g.get(k))
    start, end = m.start(kind), m.end(kind)
    span = text[start:end].rstrip(" ،,")
    if span.endswith(")") and "(" not in span:
        span = span[:-1].rstrip()
    end = start + len(span)
    since = bool(lex.since_re.search(text[max(0, start - 8):start])) or (g.get("ycue") or "").startswith("منذ")
    if kind == "year4":
        since = False

    def make(value, precision, basis, lo, hi, rule):
        return DateExpression(start, end, span, value, precision, basis, lo, hi, rule, since)

    if kind == "full":
        day = int(g["day"]) if g["day"] else lex.ordinals[_key(g["ord"])]
        month = _month_of(g["mon"], lex)
        if g["fyear"]:
            d = _explicit_day(int(g["fyear"]), month, day)
            return make(d.isoformat(), "day", "explicit", d, d, "DATE-DMY") if d else None
        if pub is None:
            return make(None, None, "none", None, None, "DATE-DM")
        d = _day_month_near(pub, month, day, _tense(text, start, end, lex, with_past=True))
        return make(d.isoformat(), "day", "relative_to_publication", d, d, "DATE-DM") if d else None

    if kind == "hijri":
        return _hijri(g, make)

    if kind in ("dmy", "iso"):
        y, mo, d_ = (g["ny"], g["nm"], g["nd"]) if kind == "dmy" else (g["iy"], g["im"], g["id"])
        d = _valid_date(int(y), int(mo), int(d_))
        return make(d.isoformat(), "day", "explicit", d, d, "DATE-NUMERIC") if d else None

    if kind == "month":
        month = _month_of(g["mon2"], lex)
        if g["year2"]:
            y = int(g["year2"])
            return make(f"{y}-{month:02d}", "month", "explicit", *_month_bounds(y, month), "DATE-MONTH-YEAR")
        if g["myrel"]:
            # "أيار مايو من العام الماضي": the month of the year the relative phrase names.
            if pub is None:
                return make(None, None, "none", None, None, "DATE-MONTH-RELYEAR")
            y = pub.year + lex.relative[_key(g["myrel"])][2]
            return make(f"{y}-{month:02d}", "month", "relative_to_publication", *_month_bounds(y, month), "DATE-MONTH-RELYEAR")
        mdir = lex.dir_words.get(_key(g["mdir"])) if g["mdir"] else None
        paired = bool(re.search(r"[/(،,-]|\s\S+\s*$", g["mon2"])) and _month_count(g["mon2"], lex) > 1
        cue = re.search(r"(?:^|\s)(?:في|خلال|منذ|مطلع|اواخر|اوائل|منتصف|نهايه|بدايه|اواسط|شهر|حتى|قبل|بعد)\s*$", text[max(0, start - 12):start])
        if not (mdir or paired or cue or text[start:end].startswith("شهر")):
            return None  # a bare month name with no cue is too often something else ("مايو" the name)
        if pub is None:
            return make(None, None, "none", None, None, "DATE-MONTH")
        direction = {"past": "before", "future": "after", "current": "same"}.get(mdir or "", None)
        if direction is None:
            direction = "on_or_after" if _tense(text, start, end, lex) == "future" else "on_or_before"
        y, mo = _month_near(pub, month, direction)
        return make(f"{y}-{mo:02d}", "month", "relative_to_publication", *_month_bounds(y, mo), "DATE-MONTH")

    if kind == "counted":
        direction = lex.directions[_key(g["cdir"])]
        if g["csing"]:
            unit, count = lex.unit_words[_key(g["csing"])][0], 1
        elif g["cdual"]:
            unit, count = lex.unit_words[_key(g["cdual"])]
        else:
            unit, _ = lex.unit_words[_key(g["cunit"])]
            n = g["cnum"]
            count = int(n) if n.isdigit() else lex.numbers[_key(n)]
        if pub is None:
            return make(None, None, "none", None, None, "DATE-COUNTED")
        return _shifted(pub, unit, direction * (count or 1), make, "DATE-COUNTED", use_dateparser=direction < 0)

    if kind == "relwd":
        rid, unit, offset = lex.relative[_key(g["rwrel"])]
        if pub is None:
            return make(None, None, "none", None, None, rid)
        return _shifted(pub, unit, offset, make, rid)

    if kind == "rel":
        rid, unit, offset = lex.relative[_key(g["rel"])]
        nxt = text[end:end + 20].split()
        if rid == "REL-TODAY" and nxt and nxt[0] in lex.not_today_after and not text[start:end].startswith("هذا"):
            return None  # "اليوم العالمي", "اليوم التالي": not the publication day
        if pub is None:
            return make(None, None, "none", None, None, rid)
        return _shifted(pub, unit, offset, make, rid)

    if kind == "weekday":
        wd = lex.weekdays[_key(g["wd"])]
        if pub is None:
            return make(None, None, "none", None, None, "DATE-WEEKDAY")
        wdir = lex.dir_words.get(_key(g["wdir"])) if g["wdir"] else None
        if wdir == "past":
            delta = -((pub.isoweekday() - wd) % 7 or 7)
        elif wdir == "future":
            delta = (wd - pub.isoweekday()) % 7 or 7
        elif _tense(text, start, end, lex) == "future":
            delta = (wd - pub.isoweekday()) % 7
        else:
            delta = -((pub.isoweekday() - wd) % 7)
        d = pub + dt.timedelta(days=delta)
        return make(d.isoformat(), "day", "relative_to_publication", d, d, "DATE-WEEKDAY")

    if kind in ("year", "year3", "year4"):
        if re.search(r"رقم\s*\d+\s*(?:ل|لعام|لسنه)?\s*$", text[max(0, start - 20):start]) or text[max(0, start - 3):start].endswith("ل"):
            return None  # "القانون رقم 13 لسنة 2020": part of an identifier
        y = int(g["y"] or g["y2"] or g["y3"] or g["y4"])
        return make(str(y), "year", "explicit", dt.date(y, 1, 1), dt.date(y, 12, 31), "DATE-YEAR")
    return None


# ------------------------------------------------------------------------------- arithmetic

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
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return dt.date(y, m, 1), nxt - dt.timedelta(days=1)


def _add_months(d: dt.date, n: int) -> tuple[int, int]:
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
