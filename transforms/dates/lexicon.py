"""The date grammar: `lexicons/<lang>/dates.yaml` and `named_dates.yaml` loaded and checked,
and compiled into one pattern with a named group per expression kind."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache


from waqai.transforms.lexicons import read_yaml, require, string_list
from waqai.transforms.normalize import normalize_form
from waqai.transforms.regex_heads import heads_pattern
from waqai.transforms.trie import trie_pattern


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
    month_cue_re: re.Pattern | None = None          # "في", "أواخر" right before a bare month name
    day_after_words: frozenset[str] = frozenset()   # "غداة": the event is a day after its anchor
    starts: re.Pattern | None = None                # where `pattern` may start (regex_heads)
    not_today_before: re.Pattern | None = None      # "في الصحف اليوم": a programme's day, not an event's
    joined_weekday: re.Pattern | None = None        # "الجمعة وصباح " right before another weekday
    speech_acts: frozenset[str] = frozenset()       # "حذر", "رفض": a statement's verb, not a reporting one


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
    onsets = [normalize_form(f) for f in string_list(raw.get("onset_nouns"), f"{where}:onset_nouns")]
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
    day_after, day_before = forms("day_after_words"), forms("day_before_words")
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
    # "الشهر الجاري" but not "هذا الشهر" or "أواخر الشهر المقبل": a month a day number can open
    month_rel = {f: v for f, v in relative.items() if v[1] == "month" and f.startswith("الشهر")}

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
        # (with the Gregorian mark: "الموافق 4/8/2015م")
        r"(?P<dmy>(?P<nd>[0-3]?\d)(?:[/.-]|\s[/-]\s)(?P<nm>[01]?\d)(?:[/.-]|\s[/-]\s)(?P<ny>(?:19|20)\d\d)(?!\d)(?:\s?م(?!\w))?)",
        # 2024-03-20
        r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d))",
        # أكتوبر/تشرين الأول 2023, يناير الماضي, في مارس
        rf"(?P<month>(?:شهر\s+)?(?P<mon2>{monthx})(?:" + year_tail("year2")
        + rf"|\s+(?:من\s+)?(?P<myrel>{P(year_rel)})|\s+(?P<mdir>{dirw}))?)",
        # قبل ثلاثة أيام, منذ يومين, بعد أسبوعين
        rf"(?P<counted>(?P<cdir>{P(directions)})\s+(?:(?P<capprox>نحو|قرابه|حوالي|زهاء)\s+)?(?:(?P<cnum>\d{{1,2}}|{num})\s+(?P<cunit>{units})|(?P<cdual>{duals})|(?P<csing>{singulars})(?!\s*\d)))",
        # يوم 12 من الشهر الجاري, في الثالث من الشهر الماضي: a day of a month named by its place
        rf"(?P<dom>(?:يوم\s+)?(?:(?P<domd>[0-3]?\d)(?!\d)|(?P<domo>{ordn}))\s+(?:من\s+)?(?P<domrel>{P(month_rel)}))",
        # للاجتماع يوم 12 في سنغافورة: a day of the month, the month left to the tense
        rf"(?P<bareday>يوم\s+(?P<bdn>[1-3]?\d)(?!\d)(?!\s*(?:[/.-]|من\s|{month}|\S*(?:ساعه|دقيقه|يوما|ايام)|[وف]?(?:{P(count_nouns)})(?!\w)|\S+(?:ا|ين|ون)(?!\w)))(?:\s+(?P<bddir>{dirw}))?)",
        # اليوم الأحد, أمس الخميس: one expression, valued by the relative word
        rf"{tod}(?P<relwd>(?P<rwrel>{P(day_rel)})\s+(?:يوم\s+)?(?P<rwwd>{wd}))",
        # الأسبوع الماضي, أمس, غدا ("مساء أمس": the time of day stays outside)
        rf"{tod}(?P<rel>{P(relative)})",
        # يوم الأربعاء, الخميس الماضي
        rf"(?P<weekday>(?:يوم\s+)?(?P<wd>{wd})(?:\s+(?P<wdir>{dirw}))?)",
        # عام 2019, 2019م
        rf"(?P<year>(?P<ycue>{P(year_cues)})\s+(?P<y>{cued_year})|(?P<y2>{year})\s*م(?!\w))",
        # في 2019. / أواخر 2019 / منذ 2011: the year alone, when it ends the phrase
        rf"(?:{P(year_preps)})(?:\s+|(?=(?:19|20)\d\d(?!\d)))(?P<year3>(?P<y3>{year}))(?!\s*[-/.,]\s*\d)(?!\s*(?:%|[وف]?(?:{P(count_nouns)})(?!\w)))",
        # منذ بدء الحرب على اليمن 2015: the year that closes the named onset after "since"
        rf"(?<=\s)(?P<onset>(?:{P(onsets)})\s+(?:(?!(?:{month}|{wd}|{P(hijri)}|{P(year_cues)})(?!\w))[^\s\d.،,؛:]+\s+){{1,6}}?(?P<y6>{year}))(?!\s*[-/.,]\s*\d)"
        rf"(?!\s*(?:%|[وف]?(?:{P(count_nouns)})(?!\w)))",
        # the second of "في 2024 و2025"
        rf"(?<=\d)\s*و(?P<year4>(?P<y4>{year}))",
    ]
    setwd = f"(?:{P(set_weekdays)})"
    dual_stretch = f"(?:{P('ال' + w for w, (_, n) in unit_words.items() if n)})"
    plural_units = f"(?:{P('ال' + w for w, (u, n) in unit_words.items() if n is None and w not in ('يوم', 'اسبوع', 'شهر', 'عام', 'سنه'))})"
    stretch = f"(?:{P(stretch_words)})"
    anchored_alts = [
        # بعد يوم (واحد) من أدائه اليمين / قبل أسبوعين على الانتخابات: counted from another event
        rf"(?P<anch>(?P<adir>{P(directions)})\s+(?:(?:نحو|قرابه|حوالي)\s+)?(?:(?P<anum>\d{{1,2}}|{num})\s+(?P<aunit>{units})|(?P<adual>{duals})|(?P<asing>{singulars})(?:\s+واحد[ةه]?)?)(?=\s+(?:(?:فقط|فحسب)\s+)?(?:{P(anchor_links)})\s+(?!\d))|(?P<eve>{P(day_after + day_before)})(?=\s+(?!\d)))",
        # في ذلك اليوم, اليوم التالي: a day named elsewhere in the text
        rf"(?P<anchday>{P(anchored_days)})",
        # يومي الأربعاء والخميس: a stretch of days, dated by its first
        rf"(?P<wdpair>(?:يومي\s+)?(?P<pw1>{wd})\s+و\s*(?:يوم\s+)?(?P<pw2>{wd})(?:\s+(?P<pwdir>{dirw}))?)",
        # كل جمعة, عدا الخميس والجمعة: recurring days
        rf"(?P<set>(?:{P(set_cues)})\s+(?:يوم\s+|ايام\s+)?{setwd}(?:\s*[،,]?\s*و\s*{setwd})*)",
    ]
    century = f"(?:{P(forms('century_words'))})"
    year5 = rf"(?<=\()\s*(?P<year5>(?P<y5>{cued_year})(?:\s*[-–]\s*(?P<y5e>{cued_year}))?)(?=\s*\))"
    tail_alts = [
        # الثمانينيات, تسعينيات القرن الماضي
        rf"(?P<decade>(?:ال)?(?P<dec>{P(decades)})(?:\s+(?:من\s+)?{century}\s+(?:(?P<decord>{ordn})|(?P<decdir>{dirw})))?)",
        # القرن التاسع عشر, القرن الماضي
        rf"(?P<century>{century}\s+(?:(?P<cenord>{ordn})|(?P<cendir>{dirw})))",
        # صيف 2018, الشتاء الماضي, هذا الصيف, فصل الربيع
        rf"(?P<season>(?:(?P<sthis>هذا|هذه)\s+|(?P<sfasl>فصل)\s+)?(?P<sn>{P(seasons)})(?:\s+(?:من\s+)?(?:عام\s+|العام\s+)?(?P<syear>{year})|\s+(?P<sdir>{dirw}))?)",
        # الآن, حاليا, في الوقت الراهن
        rf"(?P<present>{P(present)})",
        # خلال الأسبوعين الماضيين, الأشهر الثلاثة الأخيرة: a stretch up to publication
        rf"(?P<stretch>(?:(?P<stdual>{dual_stretch})|(?P<stplural>{plural_units})\s+(?P<stnum>ال{num}|\d{{1,2}}))\s+{stretch})",
        # خلال الشهرين القادمين: a stretch from publication on, dated by the month or year holding it
        rf"(?P<fstretch>(?:(?P<fsdual>{dual_stretch})|(?P<fsplural>{plural_units})\s+(?P<fsnum>ال{num}|\d{{1,2}}))\s+(?:{P(forms('future_stretch_words'))}))",
        # (1949), (1950-1953): a parenthesised year or range
        year5,
    ]
    alternatives = anchored_alts + alternatives[:-1] + tail_alts + alternatives[-1:]
    pattern = re.compile(r"(?:(?<!\w)(?:[وف]?[بل]?)(?:" + "|".join(alternatives[:-1]) + r")|" + alternatives[-1] + r")(?!\w)")
    # The scan tries the pattern only where one of its expressions may begin: at a word whose
    # first letters start one, right after "(" (year5), after a digit (year4, the last one).
    start_heads = heads_pattern(r"(?:[وف]?[بل]?)(?:" + "|".join(a for a in alternatives[:-1] if a is not year5) + ")", 6, word_end=True)
    starts = None if start_heads is None else re.compile(r"(?<!\w)(?=" + start_heads + r")|(?<=\()|(?<=\d)(?=\s*و)")
    # A future verb: سـ + an imperfect verb; nouns that begin the same way are excluded.
    future_re = re.compile(
        r"(?<!\w)(?:" + P(future) + r")(?!\w)|(?<!\w)[وف]?(?!" + P(forms("not_future_stems"))
        + r"|(?:" + P(forms("not_future_words")) + r")(?!\w))(?:سي|ست|سن)\w{2,}")
    # with the dual or plural ending too: "التقيا في يونيو", "وصلوا"
    past_re = re.compile(r"(?<!\w)[وف]?(?:" + P(past_verbs) + r")(?:ا|وا)?(?!\w)")
    since_re = re.compile(r"(?<!\w)(?:" + P(since) + r")\s*$")
    return DateLexicon(pattern, months, hijri, weekdays, ordinals, relative, directions, unit_words,
                       numbers, dir_words, future_re, since_re, past_re, not_today,
                       future_verbs, reporting, complementisers, rel_pronouns, modifiers, decades, seasons,
                       set_weekdays, not_present_after, count_nouns, name_heads, named,
                       re.compile(r"(?<!\w)[وف]?(?:" + P(forms("anchoring_words")) + r")\s+(?:\S+\s+)?$"),
                       re.compile(r"(?<!\w)[وف]?(?:" + P(forms("during_words")) + r")\s+$"),
                       re.compile(r"(?:^|\s)[وف]?(?:" + P(forms("month_cues")) + r")\s*$"),
                       day_after_words=frozenset(day_after), starts=starts,
                       not_today_before=re.compile(r"(?<!\w)[وفبل]?(?:" + P(forms("not_today_before"))
                                                   + r")(?:\s+\S+)?\s*[\"»”']?\s*$"),
                       joined_weekday=re.compile(rf"(?<!\w)(?:يوم\s+)?(?P<pwd>{wd})\s+و\s*(?:{P(times)}|يوم)\s+$"),
                       speech_acts=frozenset(forms("speech_acts")))
