"""Resolution per expression kind: from a grammar match to a dated DateExpression."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from waqai.transforms.dates.calendars import (
    _day_month_near, _day_month_strict, _explicit_day, _hijri, _key, _month_bounds, _month_count, _month_near, _month_of,
    _add_months, _shifted, _valid_date,
)
from waqai.transforms.dates.expression import DateExpression
from waqai.transforms.dates.lexicon import DateLexicon
from waqai.transforms.dates.tense import _tense


_SAME_YEAR_AFTER = re.compile(r"\s*(?:من|في)\s+(?:(?:العام|السنه|عام)\s+(?:ذاته|نفسه)|(?:نفس|ذات)\s+(?:العام|السنه))(?!\w)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _arab_week(pub: dt.date, unit: str, offset: int, text: str, start: int, end: int, lex: DateLexicon,
               rid: str = "") -> int:
    """"يزور ... هذا الأسبوع" in a Saturday or Sunday article: the Arab week that starts on
    that Saturday, which lies in the next ISO week; "في نهاية الأسبوع": the week of the next Saturday for a future verb, of
    the last one (on or before publication) otherwise; the offset of any other relative
    expression is left as it is."""
    if rid == "REL-WEEKEND":
        ahead = _tense(text, start, end, lex, with_past=True) != "past"  # a past verb near it, or the coming one
        sat = pub + dt.timedelta(days=(6 - pub.isoweekday()) % 7 if ahead else -((pub.isoweekday() - 6) % 7))
        return (sat - dt.timedelta(days=sat.weekday()) - (pub - dt.timedelta(days=pub.weekday()))).days // 7
    if rid == "REL-WEEK-START":
        # ("وكانت لاغارد تزور الأرجنتين خلال مطلع الأسبوع": كان before an imperfect tells the past)
        was = re.search(r"(?<!\w)[وف]?(?:كان|كانت|كانوا|كانا)(?!\w)", text[max(0, start - 60):start]) is not None
        if not was and _tense(text, start, end, lex, with_past=True) != "past":
            return 1 if pub.isoweekday() >= 3 else 0  # "سيتوجه ... مطلع الأسبوع" on a Friday: the coming Monday's week
        return 0 if pub.isoweekday() >= 2 else -1
    if unit == "week" and offset == 0 and pub.isoweekday() in (6, 7) and _tense(text, start, end, lex) == "future":
        return 1
    return offset


def _stretch(dual: str | None, plural: str | None, num: str | None, lex: DateLexicon) -> tuple[str | None, int | None]:
    """(unit, count) of a stretch of time: "الشهرين" → (month, 2), "الأيام العشرة" → (day, 10)."""
    if dual:
        return lex.unit_words[_key(dual)[2:]]
    n = _key(num).removeprefix("ال")
    return lex.unit_words[_key(plural)[2:]][0], int(n) if n.isdigit() else lex.numbers.get(n)


def _stated_tense(direction: str | None, lex: DateLexicon) -> str | None:
    """"past" or "future" when a direction word says so ("الماضيين", "المقبل"), else None."""
    side = lex.dir_words.get(_key(direction)) if direction else None
    return side if side in ("past", "future") else None


def _resolve(m: re.Match, text: str, pub: dt.date | None, lex: DateLexicon) -> DateExpression | None:
    g = m.groupdict()
    # Offsets without the leading clitic (و، ف، ب، ل), which belongs to the sentence, not the date.
    kind = next(k for k in ("anch", "anchday", "wdpair", "set", "full", "hijri", "dmy", "iso", "month", "counted", "dom", "bareday", "relwd",
                            "rel", "weekday", "year", "year3", "onset", "decade", "century", "season", "present", "stretch", "fstretch",
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
    if modifier and not since:
        # "منذ بداية 2018": since the start of the year, a since-date all the same
        before_mod = text.rfind(words_before[-1], max(0, start - 16), start)
        since = bool(lex.since_re.search(text[max(0, before_mod - 8):before_mod]))

    def make(value, precision, basis, lo, hi, rule, what="date"):
        return DateExpression(start, end, span, value, precision, basis, lo, hi, rule, since, what, modifier)

    if kind == "anch":
        if g["eve"]:
            e = make(None, None, "anchored", None, None, "DATE-ANCHORED", "anchored")
            return replace(e, anchor_offset=("day", 1 if _key(g["eve"]) in lex.day_after_words else -1))
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
        unit, count = _stretch(g["stdual"], g["stplural"], g["stnum"], lex)
        if not count:
            return None
        return _shifted(pub, unit, -count, make, "DATE-STRETCH")
    if kind == "fstretch":
        if pub is None:
            return make(None, None, "none", None, None, "DATE-STRETCH-AHEAD")
        unit, count = _stretch(g["fsdual"], g["fsplural"], g["fsnum"], lex)
        if not count or unit not in ("day", "week", "month"):
            return None
        ahead = pub + dt.timedelta(days=count * {"day": 1, "week": 7, "month": 30}[unit])
        if (ahead.year, ahead.month) == (pub.year, pub.month):
            return make(f"{pub.year}-{pub.month:02d}", "month", "relative_to_publication", *_month_bounds(pub.year, pub.month),
                        "DATE-STRETCH-AHEAD")
        if ahead.year == pub.year:
            return make(str(pub.year), "year", "relative_to_publication", dt.date(pub.year, 1, 1), dt.date(pub.year, 12, 31),
                        "DATE-STRETCH-AHEAD")
        return None
    if kind == "year5":
        y, ye = int(g["y5"]), int(g["y5e"] or g["y5"])
        if ye < y:
            return None
        return make(str(y), "year", "explicit", dt.date(y, 1, 1), dt.date(ye, 12, 31), "DATE-YEAR-PAREN")
    if kind == "dom":
        if pub is None:
            return make(None, None, "none", None, None, "DATE-DAY-OF-REL-MONTH")
        last = re.sub(r"^[وف](?=\S{3,})", "", words_before[-1]) if words_before else ""
        if g["domd"] and not g["dom"].startswith("يوم") and last not in ("في", "منذ", "حتي", "الموافق", "بتاريخ", "قبل", "بعد"):
            return None  # "قتل 12 من الشهر الجاري": a count, unless a day word or a preposition says day
        day = int(g["domd"]) if g["domd"] else lex.ordinals[_key(g["domo"])]
        offset = lex.relative[_key(g["domrel"])][2]
        d = _valid_date(*_add_months(pub, offset), day)
        if d is None:
            return None
        return make(d.isoformat(), "day", "relative_to_publication", d, d, "DATE-DAY-OF-REL-MONTH")
    if kind == "bareday":
        # "يستعد ترامب وكيم للاجتماع يوم 12 في سنغافورة" on 4 June: the 12th of June; a day
        # told in the past that lies after publication is last month's
        if pub is None:
            return make(None, None, "none", None, None, "DATE-DAY-OF-MONTH")
        n = int(g["bdn"])
        tense = _stated_tense(g["bddir"], lex) or _tense(text, start, end, lex)
        offset = 1 if tense == "future" and n < pub.day else -1 if tense == "past" and n > pub.day else 0
        d = _valid_date(*_add_months(pub, offset), n)
        if d is None:
            return None
        return make(d.isoformat(), "day", "relative_to_publication", d, d, "DATE-DAY-OF-MONTH")
    if kind == "wdpair":
        if pub is None:
            return make(None, None, "none", None, None, "DATE-WEEKDAYS")
        w1, w2 = lex.weekdays[_key(g["pw1"])], lex.weekdays[_key(g["pw2"])]
        # "الثلاثاء والأربعاء الماضيين": the direction word settles the side
        tense = _stated_tense(g["pwdir"], lex) or _tense(text, start, end, lex)
        since_first, pair_days = (pub.isoweekday() - w1) % 7, (w2 - w1) % 7
        if tense == "future":
            first = pub + dt.timedelta(days=(w1 - pub.isoweekday()) % 7)
        elif tense == "near" and since_first <= pair_days:
            # "يقوم ماكرون الخميس والجمعة بزيارة" on a Thursday: the pair under way
            first = pub - dt.timedelta(days=since_first)
        elif tense == "near" and (w1 - pub.isoweekday()) % 7 < since_first - pair_days:
            first = pub + dt.timedelta(days=(w1 - pub.isoweekday()) % 7)  # the nearer pair is ahead
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
        same = _SAME_YEAR_AFTER.match(text, end)
        if same:
            # "وفي أغسطس من العام ذاته": the year last written before it, not the publication's
            years = _YEAR.findall(text, max(0, start - 1500), start)
            if not years:
                return make(None, None, "none", None, None, "DATE-MONTH-SAME-YEAR")
            y = int(years[-1])
            return make(f"{y}-{month:02d}", "month", "explicit", *_month_bounds(y, month), "DATE-MONTH-SAME-YEAR")
        mdir = lex.dir_words.get(_key(g["mdir"])) if g["mdir"] else None
        paired = bool(re.search(r"[/(،,-]|\s\S+\s*$", g["mon2"])) and _month_count(g["mon2"], lex) > 1
        cue = lex.month_cue_re.search(text[max(0, start - 12):start])
        if not (mdir or paired or cue or text[start:end].startswith("شهر")):
            return None  # a bare month name with no cue is too often something else ("مايو" the name)
        if pub is None:
            return make(None, None, "none", None, None, "DATE-MONTH")
        direction = {"past": "before", "future": "after", "current": "same"}.get(mdir or "", None)
        if direction is None:
            tense = _tense(text, start, end, lex)
            # "ويقوم ترامب في يوليو بزيارة" in May: a present that schedules, the nearest July
            if tense != "future" and _CARRY_OUT_BEFORE.search(text, max(0, start - 40), start):
                tense = "near"
            if tense == "near":
                ahead, back = (month - pub.month) % 12, (pub.month - month) % 12
                direction = "on_or_after" if ahead <= back else "on_or_before"
            else:
                direction = "on_or_after" if tense == "future" else "on_or_before"
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
        if g["capprox"] and unit == "day" and (count or 1) >= 3:
            # "قبل نحو عشرة أيام": an approximate count of days gives the week, not a day
            d = pub + dt.timedelta(days=direction * count)
            y, w, wd = d.isocalendar()
            monday = d - dt.timedelta(days=wd - 1)
            return make(f"{y}-W{w:02d}", "week", "relative_to_publication", monday, monday + dt.timedelta(days=6),
                        "DATE-COUNTED-ABOUT")
        return _shifted(pub, unit, direction * (count or 1), make, "DATE-COUNTED", use_dateparser=direction < 0)

    if kind == "relwd":
        rid, unit, offset = lex.relative[_key(g["rwrel"])]
        if pub is None:
            return make(None, None, "none", None, None, rid)
        if unit == "day":
            # "اليوم الجمعة" in a report dated Saturday, "أمس السبت" in one dated Monday: the
            # writer's day was not the publication day; the weekday named is the day meant,
            # the one nearest the relative day.
            d = pub + dt.timedelta(days=offset)
            wd = lex.weekdays[_key(g["rwwd"])]
            step = (wd - d.isoweekday()) % 7
            d += dt.timedelta(days=step if step <= 3 else step - 7)
            return make(d.isoformat(), "day", "relative_to_publication", d, d, rid)
        return _shifted(pub, unit, _arab_week(pub, unit, offset, text, start, end, lex, rid), make, rid)

    if kind == "rel":
        rid, unit, offset = lex.relative[_key(g["rel"])]
        nxt = text[end:end + 20].split()
        if rid == "REL-TODAY" and nxt and nxt[0] in lex.not_today_after and not text[start:end].startswith("هذا"):
            return None  # "اليوم العالمي", "اليوم التالي": not the publication day
        if rid == "REL-TODAY" and lex.not_today_before is not None and lex.not_today_before.search(text, max(0, start - 40), start):
            return None  # "في الصحف اليوم", "قراءة في الصحافة العالمية اليوم": the review's day, not an event's
        if pub is None:
            return make(None, None, "none", None, None, rid)
        return _shifted(pub, unit, _arab_week(pub, unit, offset, text, start, end, lex, rid), make, rid)

    if kind == "weekday":
        wd = lex.weekdays[_key(g["wd"])]
        if pub is None:
            return make(None, None, "none", None, None, "DATE-WEEKDAY")
        wdir = lex.dir_words.get(_key(g["wdir"])) if g["wdir"] else None
        if wdir == "past":
            delta = -((pub.isoweekday() - wd) % 7 or 7)
        elif since and wdir is None:
            delta = -((pub.isoweekday() - wd) % 7)  # "يزور الجزائر منذ الأحد": since is behind, whatever the verb
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
        prev = None if wdir else lex.joined_weekday.search(text, max(0, start - 30), start)
        if prev is not None:
            # "مساء الجمعة وصباح السبت": the day after the one it is joined to, not a week off
            # ("الجمعة" the day of a Friday article, so "السبت" the next day)
            first = lex.weekdays[_key(prev.group("pwd"))]
            ahead = tense == "future" if (tense := _tense(text, start, end, lex)) != "near" else None
            if ahead is True:
                base = pub + dt.timedelta(days=(first - pub.isoweekday()) % 7)
            else:
                base = pub - dt.timedelta(days=(pub.isoweekday() - first) % 7)
            d = base + dt.timedelta(days=(wd - first) % 7)
        return make(d.isoformat(), "day", "relative_to_publication", d, d, "DATE-WEEKDAY")

    if kind == "onset":
        if not since:
            return None  # "بعد اندلاع الحرب 2011" and the like: only "since the onset" is safe
        y = int(g["y6"])
        return make(str(y), "year", "explicit", dt.date(y, 1, 1), dt.date(y, 12, 31), "DATE-YEAR-ONSET")
    if kind in ("year", "year3", "year4"):
        if kind == "year4" and re.search(r"[\d]\s*[.,]\s*$", text[max(0, start - 3):start]):
            return None
        if re.search(r"رقم\s*\d+\s*(?:ل|لعام|لسنه)?\s*$", text[max(0, start - 20):start]) \
                or re.search(r"(?:\d|رقم|قانون|القانون|قرار|القرار|مرسوم|المرسوم)\s*ل$", text[max(0, start - 12):start]):
            return None  # "القانون رقم 13 لسنة 2020", "القرار 2254 لعام 2015": part of an identifier
        y = int(g["y"] or g["y2"] or g["y3"] or g["y4"])
        return make(str(y), "year", "explicit", dt.date(y, 1, 1), dt.date(y, 12, 31), "DATE-YEAR")
    return None


# "يقوم/تقوم" a few words before a month: the present of carrying out a visit, which schedules.
_CARRY_OUT_BEFORE = re.compile(r"(?<!\w)[وف]?(?:يقوم|تقوم|يقومان|تقومان)(?:\s+\S+){0,3}\s+(?:في\s+|خلال\s+)?$")


def _season(g: dict, pub: dt.date | None, lex: DateLexicon, text: str, start: int, end: int, make):
    code, first, last = lex.seasons[_key(g["sn"])]
    if not (g["syear"] or g["sdir"] or g["sthis"] or g["sfasl"]):
        # "الربيع العربي", "ربيع الأول": a name, not a season; "في الربيع" after a cue word,
        # with no adjective after it, is the season
        after = text[end:end + 12].split(maxsplit=1)
        if not (_key(g["sn"]).startswith("ال") and lex.month_cue_re.search(text[max(0, start - 12):start])
                and not (after and after[0].startswith("ال"))):
            return None

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
        if g["sthis"] or sdir == "current":
            # "هذا الصيف" in March: the summer of the report's year, ahead or gone by
            y = pub.year + (1 if first > last and pub.month >= first else 0)
        elif sdir == "past":
            y = max(x for x in years if bounds(x)[1] < pub)
        elif sdir == "future" or (not sdir and _tense(text, start, end, lex) == "future"):
            y = min(x for x in years if bounds(x)[1] >= pub)
        else:
            y = max(x for x in years if bounds(x)[0] <= pub)
        basis = "relative_to_publication"
    lo, hi = bounds(y)
    return make(f"{y}-{code}", "season", basis, lo, hi, "DATE-SEASON", "season")
