#!/usr/bin/env python3
"""Scratch structural checker for tests/specs/ar/event_sentences.yaml.

Usage:  /work/main/.venv/bin/python tests/specs/ar/check_event_sentences.py [path]

Checks:
  * every entry has id (unique), category, construction, published (a date),
    text (non-empty, single line), events (a list);
  * category in visit | arms_deal | military_deployment | negative | edge;
  * events: type in the three event types, actor/target are ISO 3166-1 alpha-3
    codes known to pycountry or one of the organisation codes, actor != target,
    status in the allowed set, date is null or ^\\d{4}(-\\d{2}(-\\d{2})?|-W\\d{2})?$
    and is a real calendar date / ISO week;
  * negative entries have events == [] and a reason; edge entries have a reason;
    positive categories have at least one event of their own type;
  * date phrases in the text (يوم الأربعاء، أمس، هذا الأسبوع، الشهر الماضي،
    "5 مارس 2021", "أكتوبر/تشرين الأول" ...) are resolved against `published`
    and every non-null event date must be one of the resolved values
    (heuristic; a date with no recognisable phrase is only a warning).
Prints counts per category and exits non-zero on any error.
"""
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

import pycountry
import yaml

CATEGORIES = {"visit", "arms_deal", "military_deployment", "negative", "edge"}
TYPES = {"visit", "arms_deal", "military_deployment"}
STATUSES = {"occurred", "ongoing", "planned", "cancelled", "denied"}
ORGS = {"CSTO", "NATO", "EU", "UN", "AU", "ARL", "GCC", "SCO"}
REQUIRED = ("id", "category", "construction", "published", "text", "events")
EVENT_KEYS = {"type", "actor", "target", "status", "date"}
OPTIONAL_EVENT_KEYS = {"system", "value", "troops"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")
ID_RE = re.compile(r"^(VISIT|ARMS|DEPLOY|NEG|EDGE)-\d{3}$")

# ---------------------------------------------------------------- date phrases
AR_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
TASHKEEL = re.compile(r"[\u064B-\u0652\u0670\u0640]")  # harakat, dagger alif, tatweel
WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3,
            "الجمعة": 4, "السبت": 5, "الأحد": 6}
MONTHS = [  # longest first so "كانون الثاني" wins over "الثاني"
    ("كانون الثاني", 1), ("كانون الأول", 12), ("تشرين الثاني", 11), ("تشرين الأول", 10),
    ("يناير", 1), ("فبراير", 2), ("شباط", 2), ("مارس", 3), ("آذار", 3), ("أبريل", 4),
    ("إبريل", 4), ("نيسان", 4), ("مايو", 5), ("أيار", 5), ("يونيو", 6), ("يونيه", 6),
    ("حزيران", 6), ("يوليو", 7), ("يوليه", 7), ("تموز", 7), ("أغسطس", 8), ("آب", 8),
    ("سبتمبر", 9), ("أيلول", 9), ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
]
MONTH_ALT = "|".join(re.escape(m) for m, _ in MONTHS)
MONTH_NUM = dict(MONTHS)
FUTURE_WORDS = ("المقبل", "القادم")


def norm(text):
    return TASHKEEL.sub("", text).translate(AR_DIGITS)


def iso_week(d):
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(y, m, k):
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def resolve_phrases(text, pub, future):
    """Return the set of date strings the text's date phrases resolve to."""
    t = norm(text)
    out = set()
    # weekdays: "يوم الأربعاء", "الأربعاء المقبل", "اليوم الخميس", "مساء الثلاثاء"
    for name, wd in WEEKDAYS.items():
        for m in re.finditer(r"(?<![\w])" + name + r"(?![\w])", t):
            tail = t[m.end():m.end() + 10].strip()
            if tail.startswith(FUTURE_WORDS):      # "الأربعاء المقبل": strictly after
                out.add(str(pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)))
            elif future and not tail.startswith("الماضي"):  # future tense, bare weekday: on or after
                out.add(str(pub + dt.timedelta(days=(wd - pub.weekday()) % 7)))
            else:                                   # past tense: on or before
                out.add(str(pub - dt.timedelta(days=(pub.weekday() - wd) % 7)))
    if re.search(r"(?<![\w])(أمس|البارحة)", t):
        out.add(str(pub - dt.timedelta(days=1)))
    if re.search(r"(?<![\w])(غدا|غدًا)(?![\w])", t):
        out.add(str(pub + dt.timedelta(days=1)))
    if re.search(r"(?<![\w])اليوم(?![\w])", t):
        out.add(str(pub))
    if re.search(r"(هذا الأسبوع|الأسبوع الجاري|الأسبوع الحالي)", t):
        out.add(iso_week(pub))
    if "الأسبوع الماضي" in t:
        out.add(iso_week(pub - dt.timedelta(days=7)))
    if re.search(r"الأسبوع (المقبل|القادم)", t):
        out.add(iso_week(pub + dt.timedelta(days=7)))
    if "الشهر الماضي" in t:
        out.add("%04d-%02d" % add_months(pub.year, pub.month, -1))
    if re.search(r"(هذا الشهر|الشهر الجاري|الشهر الحالي)", t):
        out.add("%04d-%02d" % (pub.year, pub.month))
    if re.search(r"الشهر (المقبل|القادم)", t):
        out.add("%04d-%02d" % add_months(pub.year, pub.month, 1))
    if re.search(r"(العام|السنة) الماضي", t):
        out.add(str(pub.year - 1))
    if re.search(r"(العام|السنة) (المقبل|القادم)", t):
        out.add(str(pub.year + 1))
    if re.search(r"(هذا العام|العام الجاري|العام الحالي)", t):
        out.add(str(pub.year))
    # explicit dates: [day] month[/alt month] [year]
    pat = re.compile(r"(?:(\d{1,2})\s+)?(" + MONTH_ALT + r")(?:\s*/\s*(?:" + MONTH_ALT + r"))?"
                     r"(?:\s+(?:من\s+)?(?:عام\s+)?(\d{4}))?(\s+(?:الماضي|المقبل|القادم))?")
    for m in pat.finditer(t):
        day, mname, year, rel = m.group(1), m.group(2), m.group(3), m.group(4)
        mon = MONTH_NUM[mname]
        if year:
            y = int(year)
        else:
            fut = (rel and rel.strip() in FUTURE_WORDS) or (future and not (rel and "الماضي" in rel))
            if fut:
                y = pub.year if (mon, int(day or 1)) >= (pub.month, pub.day if day else 1) else pub.year + 1
                if not day and mon == pub.month:
                    y = pub.year
            else:
                y = pub.year if (mon, int(day or 0)) <= (pub.month, pub.day) else pub.year - 1
                if not day and mon == pub.month:
                    y = pub.year
        out.add(f"{y:04d}-{mon:02d}-{int(day):02d}" if day else f"{y:04d}-{mon:02d}")
    for m in re.finditer(r"(?:عام|العام|سنة)\s+(\d{4})", t):
        out.add(m.group(1))
    return out


def valid_date_value(s):
    if not DATE_RE.match(s):
        return False
    try:
        if "-W" in s:
            y, w = s.split("-W")
            dt.date.fromisocalendar(int(y), int(w), 1)
        elif len(s) == 10:
            dt.date.fromisoformat(s)
        elif len(s) == 7:
            dt.date(int(s[:4]), int(s[5:]), 1)
    except ValueError:
        return False
    return True


def valid_code(code):
    if code in ORGS:
        return True
    if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code)):
        return False
    return pycountry.countries.get(alpha_3=code) is not None


def main(path):
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    errors, warnings = [], []
    if not isinstance(data, list):
        print("top level must be a list")
        return 1
    seen = set()
    cats = Counter()
    ev_types = Counter()
    statuses = Counter()
    for i, e in enumerate(data):
        where = e.get("id", f"#{i}") if isinstance(e, dict) else f"#{i}"
        if not isinstance(e, dict):
            errors.append(f"{where}: entry is not a mapping")
            continue
        for k in REQUIRED:
            if k not in e:
                errors.append(f"{where}: missing key {k}")
        eid = e.get("id")
        if eid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(eid)
        if not (isinstance(eid, str) and ID_RE.match(eid)):
            errors.append(f"{where}: bad id format")
        cat = e.get("category")
        if cat not in CATEGORIES:
            errors.append(f"{where}: bad category {cat!r}")
        cats[cat] += 1
        pub = e.get("published")
        if not isinstance(pub, dt.date) or isinstance(pub, dt.datetime):
            errors.append(f"{where}: published is not a date: {pub!r}")
            pub = None
        text = e.get("text")
        if not (isinstance(text, str) and text.strip()):
            errors.append(f"{where}: empty text")
            text = ""
        if "\n" in text:
            errors.append(f"{where}: text spans several lines")
        if not (isinstance(e.get("construction"), str) and e["construction"].strip()):
            errors.append(f"{where}: empty construction")
        events = e.get("events")
        if not isinstance(events, list):
            errors.append(f"{where}: events is not a list")
            events = []
        if cat == "negative":
            if events:
                errors.append(f"{where}: negative entry has events")
            if not (isinstance(e.get("reason"), str) and e["reason"].strip()):
                errors.append(f"{where}: negative entry without reason")
        if cat == "edge" and not (isinstance(e.get("reason"), str) and e["reason"].strip()):
            errors.append(f"{where}: edge entry without reason")
        if cat in TYPES and not any(isinstance(ev, dict) and ev.get("type") == cat for ev in events):
            errors.append(f"{where}: {cat} entry has no {cat} event")
        expected = resolve_phrases(text, pub, False) if pub else set()
        keys_seen = set()
        for j, ev in enumerate(events):
            w = f"{where}.events[{j}]"
            if not isinstance(ev, dict):
                errors.append(f"{w}: not a mapping")
                continue
            missing = EVENT_KEYS - ev.keys()
            if missing:
                errors.append(f"{w}: missing {sorted(missing)}")
            extra = ev.keys() - EVENT_KEYS - OPTIONAL_EVENT_KEYS
            if extra:
                errors.append(f"{w}: unknown keys {sorted(extra)}")
            if ev.get("type") not in TYPES:
                errors.append(f"{w}: bad type {ev.get('type')!r}")
            for role in ("actor", "target"):
                if not valid_code(ev.get(role)):
                    errors.append(f"{w}: bad {role} {ev.get(role)!r}")
            if ev.get("actor") == ev.get("target"):
                errors.append(f"{w}: actor == target")
            if ev.get("target") in ORGS:
                warnings.append(f"{w}: target is an organisation")
            if ev.get("status") not in STATUSES:
                errors.append(f"{w}: bad status {ev.get('status')!r}")
            d = ev.get("date")
            if pub and ev.get("status") == "planned":
                expected = resolve_phrases(text, pub, True)
            elif pub:
                expected = resolve_phrases(text, pub, False)
            if d is not None:
                if not isinstance(d, str) or not valid_date_value(d):
                    errors.append(f"{w}: bad date {d!r}")
                elif expected and d not in expected:
                    errors.append(f"{w}: date {d} not among phrase resolutions {sorted(expected)}")
                elif not expected:
                    warnings.append(f"{w}: date {d} but no recognised date phrase")
            if "troops" in ev and not (isinstance(ev["troops"], int) and ev["troops"] > 0):
                errors.append(f"{w}: troops must be a positive int")
            if "troops" in ev and ev.get("type") != "military_deployment":
                errors.append(f"{w}: troops on non-deployment event")
            if ("system" in ev or "value" in ev) and ev.get("type") != "arms_deal":
                errors.append(f"{w}: system/value on non-arms event")
            key = (ev.get("type"), ev.get("actor"), ev.get("target"))
            if key in keys_seen:
                errors.append(f"{w}: duplicate (type, actor, target) in one sentence")
            keys_seen.add(key)
            ev_types[ev.get("type")] += 1
            statuses[ev.get("status")] += 1
        expected = resolve_phrases(text, pub, False) if pub else set()
        if expected and events and all(isinstance(ev, dict) and ev.get("date") is None for ev in events):
            warnings.append(f"{where}: text has date phrase(s) {sorted(expected)} but all event dates are null")
    for w in warnings:
        print("WARN ", w)
    for err in errors:
        print("ERROR", err)
    print(f"\nentries: {len(data)}")
    for c in ("visit", "arms_deal", "military_deployment", "negative", "edge"):
        print(f"  {c:20s} {cats[c]}")
    print("events by type:  ", dict(ev_types))
    print("events by status:", dict(statuses))
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    default = Path(__file__).with_name("event_sentences.yaml")
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else default))
