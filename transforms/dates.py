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
from dataclasses import dataclass, replace
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
    # date | set | anchored | duration | present | decade | century | season: only "date"
    # can date an event; the others are recognised so they are never mistaken for one.
    kind: str = "date"
    modifier: str | None = None  # early | mid | late ("أواخر 2019"), from the word before the span
    anchor_offset: tuple[str, int] | None = None  # "بعد يومين من X": ("day", 2), counted from X


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
    future_verbs: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    complementisers: frozenset[str] = frozenset()
    relative_pronouns: frozenset[str] = frozenset()
    modifiers: dict = None                          # word -> early | mid | late
    decades: dict = None                            # name -> tens digit
    seasons: dict = None                            # name -> (code, first month, last month)
    set_weekdays: dict = None                       # weekday forms incl. bare ones -> ISO weekday
    not_present_after: frozenset[str] = frozenset()
    count_nouns: frozenset[str] = frozenset()
    name_heads: frozenset[str] = frozenset()
    named_dates: dict = None                        # (month, day) -> [(heads, date, id)]
    anchoring_re: re.Pattern | None = None          # "بعد", "عودته من" right before an event word
    during_re: re.Pattern | None = None             # "خلال", "في إطار" right before an event word


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
    def forms(key: str) -> list[str]:
        return [normalize_form(f) for f in string_list(raw.get(key), f"{where}:{key}")]

    future_verbs = frozenset(forms("future_verbs"))
    reporting = frozenset(forms("reporting_verbs"))
    complementisers = frozenset(forms("complementisers"))
    rel_pronouns = frozenset(forms("relative_pronouns"))
    modifiers: dict[str, str] = {}
    for name in ("early", "mid", "late"):
        for f in string_list((raw.get("modifiers") or {}).get(name), f"{where}:modifiers.{name}"):
            modifiers[normalize_form(f)] = name
    decades = _forms_map(raw.get("decades"), f"{where}:decades", 0, 90)
    seasons: dict[str, tuple[str, int, int]] = {}
    for code, item in (raw.get("seasons") or {}).items():
        w = f"{where}:seasons.{code}"
        require(isinstance(item, dict) and len(item.get("months") or []) == 2, w, "needs forms and months [first, last]")
        for f in string_list(item.get("forms"), w):
            seasons[normalize_form(f)] = (str(code), int(item["months"][0]), int(item["months"][1]))
    require({v[0] for v in seasons.values()} == {"SP", "SU", "FA", "WI"}, where, "seasons need SP, SU, FA, WI")
    present = forms("present")
    not_present_after = frozenset(forms("not_present_after"))
    set_cues = forms("set_cues")
    set_weekdays = dict(weekdays)
    set_weekdays.update(_forms_map(raw.get("bare_weekdays"), f"{where}:bare_weekdays", 1, 7))
    anchor_links = forms("anchor_links")
    anchored_days = forms("anchored_days")
    count_nouns = frozenset(forms("count_nouns"))
    name_heads = frozenset(forms("name_heads"))
    stretch_words = forms("past_stretch_words")
    named: dict[tuple[int, int], list[tuple[frozenset[str], dt.date, str]]] = {}
    raw_named = read_yaml(lang, "named_dates")
    nwhere = f"lexicons/{lang}/named_dates.yaml"
    require(isinstance(raw_named, dict) and isinstance(raw_named.get("named_dates"), list), nwhere, "expected named_dates: [...]")
    for i, item in enumerate(raw_named["named_dates"]):
        w = f"{nwhere}:named_dates[{i}]"
        require(isinstance(item, dict) and {"id", "forms", "date", "heads"} <= set(item), w, "needs id, forms, date, heads")
        day = item["date"] if isinstance(item["date"], dt.date) else dt.date.fromisoformat(str(item["date"]))
        heads = frozenset(normalize_form(h) for h in string_list(item["heads"], w))
        named.setdefault((day.month, day.day), []).append((heads, day, str(item["id"])))
        string_list(item["forms"], w)  # documentation of the written forms; matching is by day and month
    day_rel = {f: v for f, v in relative.items() if v[1] == "day"}
    year_rel = {f: v for f, v in relative.items() if v[1] == "year"}

    P = trie_pattern
    month = f"(?:{P(months)})"
    monthx = rf"{month}(?:\s*[/(،,-]?\s*{month}\s*\)?)?"
    year = r"(?:19|20)\d{2}(?!\d)"
    cued_year = r"(?:1[0-9]|20)\d{2}(?!\d)"  # "العام 1887": a cue word makes an older year safe
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
        + "(?:" + year_tail("fyear") + rf"|\s+(?P<fdir>{dirw})|\s+(?:من\s+)?(?P<frel>{P(year_rel)}))?)",
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
        rf"(?P<year>(?P<ycue>{P(year_cues)})\s+(?P<y>{cued_year})|(?P<y2>{year})\s*م(?!\w))",
        # في 2019. / أواخر 2019 / منذ 2011: the year alone, when it ends the phrase
        rf"(?:{P(year_preps)})\s+(?P<year3>(?P<y3>{year}))(?!\s*[-/.,]\s*\d)(?!\s*(?:%|[وف]?(?:{P(count_nouns)})(?!\w)))",
        # the second of "في 2024 و2025"
        rf"(?<=\d)\s*و(?P<year4>(?P<y4>{year}))",
    ]
    setwd = f"(?:{P(set_weekdays)})"
    dual_stretch = f"(?:{P('ال' + w for w, (_, n) in unit_words.items() if n)})"
    plural_units = f"(?:{P('ال' + w for w, (u, n) in unit_words.items() if n is None and w not in ('يوم', 'اسبوع', 'شهر', 'عام', 'سنه'))})"
    stretch = f"(?:{P(stretch_words)})"
    anchored_alts = [
        # بعد يوم من أدائه اليمين / قبل أسبوعين على الانتخابات: counted from another event
        rf"(?P<anch>(?P<adir>{P(directions)})\s+(?:(?P<anum>\d{{1,2}}|{num})\s+(?P<aunit>{units})|(?P<adual>{duals})|(?P<asing>{singulars}))(?=\s+(?:{P(anchor_links)})\s+(?!\d)))",
        # في ذلك اليوم, اليوم التالي: a day named elsewhere in the text
        rf"(?P<anchday>{P(anchored_days)})",
        # يومي الأربعاء والخميس: a stretch of days, dated by its first
        rf"(?P<wdpair>(?:يومي\s+)?(?P<pw1>{wd})\s+و\s*(?:يوم\s+)?(?P<pw2>{wd}))",
        # كل جمعة, عدا الخميس والجمعة: recurring days
        rf"(?P<set>(?:{P(set_cues)})\s+(?:يوم\s+|ايام\s+)?{setwd}(?:\s*[،,]?\s*و\s*{setwd})*)",
    ]
    tail_alts = [
        # الثمانينيات, تسعينيات القرن الماضي
        rf"(?P<decade>(?:ال)?(?P<dec>{P(decades)})(?:\s+(?:من\s+)?القرن\s+(?:(?P<decord>{ordn})|(?P<decdir>{dirw})))?)",
        # القرن التاسع عشر, القرن الماضي
        rf"(?P<century>القرن\s+(?:(?P<cenord>{ordn})|(?P<cendir>{dirw})))",
        # صيف 2018, الشتاء الماضي, هذا الصيف, فصل الربيع
        rf"(?P<season>(?:(?P<sthis>هذا|هذه)\s+|(?P<sfasl>فصل)\s+)?(?P<sn>{P(seasons)})(?:\s+(?:من\s+)?(?:عام\s+|العام\s+)?(?P<syear>{year})|\s+(?P<sdir>{dirw}))?)",
        # الآن, حاليا, في الوقت الراهن
        rf"(?P<present>{P(present)})",
        # خلال الأسبوعين الماضيين, الأشهر الثلاثة الأخيرة: a stretch up to publication
        rf"(?P<stretch>(?:(?P<stdual>{dual_stretch})|(?P<stplural>{plural_units})\s+(?P<stnum>ال{num}|\d{{1,2}}))\s+{stretch})",
        # (1949), (1950-1953): a parenthesised year or range
        rf"(?<=\()\s*(?P<year5>(?P<y5>{cued_year})(?:\s*[-–]\s*(?P<y5e>{cued_year}))?)(?=\s*\))",
    ]
    alternatives = anchored_alts + alternatives[:-1] + tail_alts + alternatives[-1:]
    pattern = re.compile(r"(?:(?<!\w)(?:[وف]?[بل]?)(?:" + "|".join(alternatives[:-1]) + r")|" + alternatives[-1] + r")(?!\w)")
    # A future verb: سـ + an imperfect verb; nouns that begin the same way are excluded.
    future_re = re.compile(
        r"(?<!\w)(?:" + P(future) + r")(?!\w)|(?<!\w)[وف]?(?!سياس|سيار|سيد|سيطر|سيناء|سينا|سيول|سينما|ستين|سته|ستون|سنه|سنو|سنغ|"
        r"ستار|سيف|سيس|سيبير|ستوك|سنت|سنيور|سني|سيري|ستراس|سيرت|سيول|سيلف|ستالين|سيئ|سير)(?:سي|ست|سن)\w{2,}")
    past_re = re.compile(r"(?<!\w)[وف]?(?:" + P(past_verbs) + r")(?!\w)")
    since_re = re.compile(r"(?<!\w)(?:" + P(since) + r")\s*$")
    return DateLexicon(pattern, months, hijri, weekdays, ordinals, relative, directions, unit_words,
                       numbers, dir_words, future_re, since_re, past_re, not_today,
                       future_verbs, reporting, complementisers, rel_pronouns, modifiers, decades, seasons,
                       set_weekdays, not_present_after, count_nouns, name_heads, named,
                       re.compile(r"(?<!\w)[وف]?(?:" + P(forms("anchoring_words")) + r")\s+(?:\S+\s+)?$"),
                       re.compile(r"(?<!\w)[وف]?(?:" + P(forms("during_words")) + r")\s+$"))


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
    return _resolve_anchors(text, out)


def _resolve_anchors(text: str, found: list[DateExpression]) -> list[DateExpression]:
    """"بعد يومين من وصوله يوم الأحد": an offset counted from an event resolves only when the
    anchor phrase itself is dated (a date follows in the same clause); otherwise it stays
    unresolved with basis `anchored` and never dates an event."""
    out = list(found)
    for i, e in enumerate(out):
        if e.anchor_offset is None:
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        if (nxt is None or nxt.kind != "date" or nxt.start_date is None or nxt.start - e.end > 45
                or re.search(r"[.،,؛;:\n]", text[e.end:nxt.start])):
            continue
        unit, n = e.anchor_offset
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
                         kind="date", rule="DATE-ANCHORED-RESOLVED")
    return out


def find_dates_in_raw(raw_text: str, published: dt.date | None, lang: str = "ar") -> list[tuple[int, int, str, DateExpression]]:
    """For users and tests: (start, end, original text, expression) over un-normalised text."""
    norm = normalize(raw_text)
    rows = []
    for e in find_dates(norm.text, published, lang):
        s, t = norm.span(e.start, e.end)
        rows.append((s, t, raw_text[s:t], e))
    return rows


def _governing_tense(words: list[str], lex: DateLexicon) -> str | None:
    """The tense of the nearest verb before the expression: a future marker, سـ + verb or a
    scheduling imperfect ("يبدأ", "يصل") says future; a past event or reporting verb says past."""
    for w in reversed(words):
        bare = re.sub(r"^[وف](?=\S{3,})", "", w)
        if bare in lex.future_verbs or lex.future_re.fullmatch(w) or lex.future_re.fullmatch(bare):
            return "future"
        if bare in lex.reporting_verbs or lex.past_re.fullmatch(w):
            return "past"
    return None


def _under_temporal_noun(words: list[str], lex: DateLexicon) -> bool:
    """"قال المسؤول، قبل اجتماع الرئيسين الثلاثاء، إن ...": the weekday dates the meeting
    named after قبل, not the past verb before it, so its tense says nothing."""
    for i in range(len(words) - 1, max(-1, len(words) - 8), -1):
        bare = re.sub(r"^[وف](?=\S{3,})", "", words[i])
        if bare in lex.reporting_verbs or lex.past_re.fullmatch(words[i]):
            return False
        if bare.strip("،,") == "قبل" and i + 1 < len(words) and not words[i + 1][0].isdigit() \
                and words[i + 1] not in ("ان", "ذلك") and words[i + 1] not in lex.unit_words:
            return True
    return False


def _tense(text: str, start: int, end: int, lex: DateLexicon, with_past: bool = False) -> str:
    """'future' when the verb governing the expression is future (see _governing_tense) or a
    multi-word future marker ("من المقرر") precedes it in its sentence with no verb between,
    or the word right after it is a future verb ("الخميس سيصل"); a past verb there
    ("أكتوبر، أعلنت") keeps it in the past."""
    lo = max(0, start - 100)
    before = text[lo:start]
    cut = max(before.rfind("."), before.rfind("\n"), before.rfind("؟"))
    after = text[end:end + 30].lstrip(" ،,")
    next_word = after.split(maxsplit=1)[0] if after.split() else ""
    words = before[cut + 1:].split()
    governing = _governing_tense(words, lex)
    if governing == "past" and _under_temporal_noun(words, lex):
        return "near"
    if governing == "future":
        return "future"
    if governing is None and lex.future_re.search(before[cut + 1:] + " " + next_word):
        return "future"
    if lex.future_re.fullmatch(next_word) or next_word in lex.future_verbs:
        return "future"
    if with_past:
        # An event verb in the past a few words before: "وقع الهجوم في 24 نوفمبر".
        near = " ".join(before[cut + 1:].split()[-6:])
        return "past" if lex.past_re.search(near) else "unknown"
    return "past"


def _resolve(m: re.Match, text: str, pub: dt.date | None, lex: DateLexicon) -> DateExpression | None:
    g = m.groupdict()
    # Offsets without the leading clitic (و، ف، ب، ل), which belongs to the sentence, not the date.
    kind = next(k for k in ("anch", "anchday", "wdpair", "set", "full", "hijri", "dmy", "iso", "month", "counted", "relwd",
                            "rel", "weekday", "year", "year3", "decade", "century", "season", "present", "stretch",
                            "year5", "year4") if g.get(k))
    start, end = m.start(kind), m.end(kind)
    span = text[start:end].rstrip(" ،,")
    if span.endswith(")") and "(" not in span:
        span = span[:-1].rstrip()
    end = start + len(span)
    since = bool(lex.since_re.search(text[max(0, start - 8):start])) or (g.get("ycue") or "").startswith("منذ")
    if kind == "year4":
        since = False

    words_before = text[max(0, start - 16):start].split()
    prev_word = re.sub(r"^[وف](?=\S{3,})", "", words_before[-1]) if words_before else ""
    if prev_word == "في" and len(words_before) > 1:
        prev_word = re.sub(r"^[وف](?=\S{3,})", "", words_before[-2])
    modifier = lex.modifiers.get(prev_word)

    def make(value, precision, basis, lo, hi, rule, what="date"):
        return DateExpression(start, end, span, value, precision, basis, lo, hi, rule, since, what, modifier)

    if kind == "anch":
        if g["asing"]:
            unit, count = lex.unit_words[_key(g["asing"])][0], 1
        elif g["adual"]:
            unit, count = lex.unit_words[_key(g["adual"])]
        else:
            unit = lex.unit_words[_key(g["aunit"])][0]
            count = int(g["anum"]) if g["anum"].isdigit() else lex.numbers[_key(g["anum"])]
        e = make(None, None, "anchored", None, None, "DATE-ANCHORED", "anchored")
        return replace(e, anchor_offset=(unit, lex.directions[_key(g["adir"])] * (count or 1)))
    if kind == "anchday":
        return make(None, None, "anchored", None, None, "DATE-ANCHORED-DAY", "anchored")
    if kind == "set":
        words = [re.sub(r"^و(?=\S{3,})", "", w) for w in span.split()]
        days = sorted({lex.set_weekdays[w] for w in words if w in lex.set_weekdays})
        return make("XXXX-WXX-" + ",".join(map(str, days)), None, "explicit", None, None, "DATE-SET", "set")
    if kind == "present":
        if prev_word in lex.not_present_after:
            return None  # "حتى الآن": so far, a stretch up to now
        return make("PRESENT_REF" if pub else None, None, "relative_to_publication" if pub else "none",
                    None, None, "DATE-PRESENT", "present")
    if kind == "decade":
        tens = lex.decades[_key(g["dec"])]
        if g["decord"]:
            century, basis = (lex.ordinals[_key(g["decord"])] - 1) * 100, "explicit"
        elif pub is None:
            return make(None, None, "none", None, None, "DATE-DECADE", "decade")
        else:
            shift = {"past": -1, "future": 1}.get(lex.dir_words.get(_key(g["decdir"] or ""), ""), 0)
            century, basis = (pub.year // 100 + shift) * 100, "relative_to_publication"
            if not g["decdir"] and century + tens > pub.year:
                century -= 100  # "العشرينيات" in 2018: the 1920s, the latest that has begun
        y = century + tens
        return make(str(y)[:3], "decade", basis, dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "DATE-DECADE", "decade")
    if kind == "century":
        if g["cenord"]:
            n, basis = lex.ordinals[_key(g["cenord"])], "explicit"
        elif pub is None:
            return make(None, None, "none", None, None, "DATE-CENTURY", "century")
        else:
            shift = {"past": -1, "future": 1}.get(lex.dir_words.get(_key(g["cendir"]), ""), 0)
            n, basis = pub.year // 100 + 1 + shift, "relative_to_publication"
        c0 = (n - 1) * 100
        if not 1 <= c0 + 1 <= 9999 - 99:
            return None
        return make(f"{n - 1:02d}", "century", basis, dt.date(max(1, c0), 1, 1), dt.date(c0 + 99, 12, 31), "DATE-CENTURY", "century")
    if kind == "season":
        return _season(g, pub, lex, text, start, end, make)
    if kind == "stretch":
        if pub is None:
            return make(None, None, "none", None, None, "DATE-STRETCH")
        if g["stdual"]:
            unit, count = lex.unit_words[_key(g["stdual"])[2:]]
        else:
            unit = lex.unit_words[_key(g["stplural"])[2:]][0]
            n = _key(g["stnum"]).removeprefix("ال")
            count = int(n) if n.isdigit() else lex.numbers.get(n)
        if not count:
            return None
        return _shifted(pub, unit, -count, make, "DATE-STRETCH")
    if kind == "year5":
        y, ye = int(g["y5"]), int(g["y5e"] or g["y5"])
        if ye < y:
            return None
        return make(str(y), "year", "explicit", dt.date(y, 1, 1), dt.date(ye, 12, 31), "DATE-YEAR-PAREN")
    if kind == "wdpair":
        if pub is None:
            return make(None, None, "none", None, None, "DATE-WEEKDAYS")
        w1, w2 = lex.weekdays[_key(g["pw1"])], lex.weekdays[_key(g["pw2"])]
        if _tense(text, start, end, lex) == "future":
            first = pub + dt.timedelta(days=(w1 - pub.isoweekday()) % 7)
        else:
            # both days lie on or before publication: the first is the earlier of the pair
            first = pub - dt.timedelta(days=(pub.isoweekday() - w2) % 7 + (w2 - w1) % 7)
        last = first + dt.timedelta(days=(w2 - w1) % 7)
        return make(first.isoformat(), "day", "relative_to_publication", first, last, "DATE-WEEKDAYS")

    if kind == "full":
        day = int(g["day"]) if g["day"] else lex.ordinals[_key(g["ord"])]
        month = _month_of(g["mon"], lex)
        if g["fyear"]:
            d = _explicit_day(int(g["fyear"]), month, day)
            return make(d.isoformat(), "day", "explicit", d, d, "DATE-DMY") if d else None
        if prev_word in lex.name_heads:
            return None  # "قوى 14 آذار", "مدينة 6 أكتوبر": part of a name
        for heads, named_day, nid in lex.named_dates.get((month, day), []):
            if prev_word in heads and not (g["fdir"] or g["frel"]):
                # "هجمات 11 سبتمبر": the day the name refers to, whatever the publication date
                return make(named_day.isoformat(), "day", "explicit", named_day, named_day, nid)
        if pub is None:
            return make(None, None, "none", None, None, "DATE-DM")
        if g["frel"]:
            d = _valid_date(pub.year + lex.relative[_key(g["frel"])][2], month, day)
            return make(d.isoformat(), "day", "relative_to_publication", d, d, "DATE-DM-RELYEAR") if d else None
        fdir = lex.dir_words.get(_key(g["fdir"])) if g["fdir"] else None
        if fdir in ("past", "future"):
            d = _day_month_strict(pub, month, day, fdir)
        else:
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
        cue = re.search(r"(?:^|\s)[وف]?(?:في|خلال|منذ|مطلع|اواخر|اوائل|منتصف|نهايه|بدايه|اواسط|شهر|حتى|قبل|بعد)\s*$", text[max(0, start - 12):start])
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
        elif (tense := _tense(text, start, end, lex)) == "future":
            delta = (wd - pub.isoweekday()) % 7
        elif tense == "near":
            ahead, back = (wd - pub.isoweekday()) % 7, (pub.isoweekday() - wd) % 7
            delta = ahead if ahead < back else -back
        else:
            delta = -((pub.isoweekday() - wd) % 7)
        d = pub + dt.timedelta(days=delta)
        return make(d.isoformat(), "day", "relative_to_publication", d, d, "DATE-WEEKDAY")

    if kind in ("year", "year3", "year4"):
        if kind == "year4" and re.search(r"[\d]\s*[.,]\s*$", text[max(0, start - 3):start]):
            return None
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


def _day_month_strict(pub: dt.date, month: int, day: int, direction: str) -> dt.date | None:
    """"22 مارس الماضي": the latest such day strictly before publication (or, for
    المقبل, the first strictly after)."""
    candidates = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _valid_date(y, month, day))]
    side = [d for d in candidates if (d < pub if direction == "past" else d > pub)]
    if not side:
        return None
    return side[-1] if direction == "past" else side[0]


def _season(g: dict, pub: dt.date | None, lex: DateLexicon, text: str, start: int, end: int, make):
    code, first, last = lex.seasons[_key(g["sn"])]
    if not (g["syear"] or g["sdir"] or g["sthis"] or g["sfasl"]):
        return None  # "الربيع العربي", "ربيع الأول": a name, not a season

    def bounds(y: int) -> tuple[dt.date, dt.date]:
        lo = dt.date(y - 1, 12, 1) if first > last else dt.date(y, first, 1)
        return lo, _month_bounds(y, last)[1]

    if g["syear"]:
        y, basis = int(g["syear"]), "explicit"
    elif pub is None:
        return make(None, None, "none", None, None, "DATE-SEASON", "season")
    else:
        sdir = lex.dir_words.get(_key(g["sdir"] or ""), "")
        years = [pub.year - 1, pub.year, pub.year + 1]
        if sdir == "past":
            y = max(x for x in years if bounds(x)[1] < pub)
        elif sdir == "future" or (not sdir and _tense(text, start, end, lex) == "future"):
            y = min(x for x in years if bounds(x)[1] >= pub)
        else:
            y = max(x for x in years if bounds(x)[0] <= pub)
        basis = "relative_to_publication"
    lo, hi = bounds(y)
    return make(f"{y}-{code}", "season", basis, lo, hi, "DATE-SEASON", "season")


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
