"""Documents frame in, event-mentions frame out.

`extract_mentions` is the pure transform the flow runs on each batch: it normalises each
text, splits sentences, recognises actors and dates, applies the event patterns, and maps
every span back to the original text (offsets are into the stored raw text).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

import polars as pl

from waqai.transforms.actors import find_actors, out_of_office
from waqai.transforms.dates.calendars import _month_bounds
from waqai.transforms.coreference import resolve_references
from waqai.transforms.dates import find_dates
from waqai.transforms.dates.expression import DateExpression
from waqai.transforms.dates.stay import days_before_start, stated_length
from waqai.transforms.dates.lexicon import load_date_lexicon
from waqai.transforms.events.dates_attach import (
    CALENDAR_DAYS, _quoted_at, coinciding_after, coinciding_day, date_from_neighbours, present_date, since_date, visit_since_day, when_date,
)
from waqai.transforms.events import Clause, extract_clause, trigger_matches
from waqai.transforms.events.clause import main_place
from waqai.transforms.events.phases import PLANNED_PHASE, drop_withdrawal_echoes, mention_phase, told_as_present
from waqai.transforms.events.rules import load_event_lexicon
from waqai.transforms.events.status import told_as_earlier
from waqai.transforms.lexicons import function_words, lexicon_fingerprint
from waqai.transforms.normalize import normalize, normalize_form
from waqai.transforms.sentences import split_sentences
from waqai.transforms.weapons import find_weapon_systems

# Every module under transforms/ decides what a text yields, except these: ingest (with its
# decoding) reads files into documents, dedup (with its intervals and policies) merges
# mentions afterwards.
_NOT_EXTRACTION = ("ingest.py", "text_decoding.py", "dedup.py", "intervals.py", "merge_policies.py")

MENTION_SCHEMA: dict[str, pl.DataType] = {
    "mention_id": pl.String, "doc_id": pl.String, "event_type": pl.String,
    "actor_code": pl.String, "target_code": pl.String, "status": pl.String,
    "rule_id": pl.String, "cameo_code": pl.String, "plover": pl.String, "confidence": pl.Float64,
    "sentence_index": pl.Int64, "sentence_start": pl.Int64, "sentence_end": pl.Int64, "sentence": pl.String,
    "trigger": pl.String, "trigger_start": pl.Int64, "trigger_end": pl.Int64,
    "actor_text": pl.String, "actor_start": pl.Int64, "actor_end": pl.Int64, "actor_kind": pl.String,
    "target_text": pl.String, "target_start": pl.Int64, "target_end": pl.Int64, "target_kind": pl.String,
    "event_date": pl.Date, "date_value": pl.String, "date_precision": pl.String, "date_basis": pl.String,
    "date_text": pl.String, "date_start": pl.Int64, "date_end": pl.Int64, "date_rule": pl.String,
    "weapon_system": pl.String, "deal_value": pl.String, "troops": pl.Int64,
    "extraction_version": pl.String,
    "plover_mode": pl.String, "actor_person": pl.String,
    "phase": pl.String, "stay_days": pl.Int64,
}


def code_fingerprint(folder: Path | None = None) -> str:
    """Hash of the extraction code itself (every .py file under `folder`, default transforms/,
    by relative path), so that any change to a rule's code re-extracts stored documents on
    the next run (nobody has to remember to bump a number, nor to list a new module).
    Not cached: `extraction_version` is, and a test hashes edited copies."""
    digest = hashlib.sha256()
    here = folder or Path(__file__).resolve().parent
    for path in sorted(here.rglob("*.py"), key=lambda p: p.relative_to(here).as_posix()):
        rel = path.relative_to(here).as_posix()
        if rel in _NOT_EXTRACTION:
            continue
        digest.update(rel.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=None)
def extraction_version(lang: str = "ar") -> str:
    """The version stamped on every mention: extraction code and lexicon data together."""
    return f"{code_fingerprint()}-{lexicon_fingerprint(lang)}"


# A news agency's dateline at the start of a text: a place, the agency in brackets, a dash.
# A few sentences in our own words that pass through every stage: actors, weapon systems,
# each kind of trigger, day, counted and relative dates, the stay of a visit.
_WARM_UP_TEXT = (
    "زار الرئيس الفرنسي موسكو يوم الأحد 12 مارس 2018 في ثاني أيام جولته، والتقى نظيره الروسي. "
    "ووقعت روسيا قبل ثلاثة أيام صفقة لبيع منظومة إس-400 إلى تركيا بقيمة ملياري دولار. "
    "ونشرت الولايات المتحدة قوات في سوريا منذ عامين، ثم سحبت قواتها من العراق الأسبوع الماضي."
)


def warm_up() -> float:
    """Load every lexicon and compile every pattern now, so that no document pays for it:
    the first document to reach triggers, dates and dateparser's counted days otherwise costs
    about half a second. Returns the seconds spent."""
    import time

    from waqai.transforms.actors import load_actor_lexicon
    from waqai.transforms.events.mentions import _trigger_index
    from waqai.transforms.weapons import load_weapon_lexicon

    t0 = time.perf_counter()
    extraction_version()
    load_actor_lexicon()
    load_date_lexicon()
    load_weapon_lexicon()
    _trigger_index(True)
    _trigger_index(False)
    extract_document("warm-up", _WARM_UP_TEXT, dt.date(2018, 3, 14))
    return time.perf_counter() - t0


_DATELINE = re.compile(r"^\s*[^\n()]{0,60}?\([^()\n]{1,30}\)\s*[-:]+")


def extract_document(doc_id: str, text: str, published: dt.date | None, version: str | None = None) -> list[dict]:
    """Every event mention of one document, as rows of MENTION_SCHEMA."""
    version = version or extraction_version()
    norm = normalize(text)
    actors = find_actors(norm.text, published)
    dateline = _DATELINE.match(norm.text)
    if dateline:  # "دبي، الإمارات العربية المتحدة (CNN)--" says where the agency wrote, not who acted
        actors = [a for a in actors if a.start >= dateline.end()]
    # after the dateline is gone: "the country" a visit goes to is never the agency's city
    actors = resolve_references(norm, text, actors)
    codes = {a.code for a in actors if a.code}
    if not codes:
        return []  # an event needs two different states or organisations
    sentences = split_sentences(norm.text)
    starts = [s for s, _, _ in sentences]
    by_sentence: dict[int, set] = {}
    for a in actors:
        if a.code:
            by_sentence.setdefault(bisect_right(starts, a.start) - 1, set()).add(a.code)
    # A named weapon system stands for its supplier ("شراء أنقرة منظومة إس-400"): with it, one
    # named state can be enough for an arms deal. Here only the sentences that name one state
    # are searched, where a system can make the second party; a sentence that names two is
    # searched by its clause when an arms frame asks (Clause.weapons_in).
    single = sorted(i for i, m in by_sentence.items() if i >= 0 and len(m) == 1)
    weapons = find_weapon_systems(norm.text, spans=_runs(sentences, single)) if single else []
    single = set(single)
    systems = [w for w in weapons if w.origin]
    if len(codes | {w.origin for w in systems}) < 2:
        return []
    for w in systems:
        by_sentence.setdefault(bisect_right(starts, w.start) - 1, set()).add(w.origin)
    candidates = {}
    main = main_place(actors)
    for index, members in by_sentence.items():
        if index >= 0 and len(members) >= 2:
            s, e, _ = sentences[index]
            found = trigger_matches(norm.text, s, e, title=index == 0)
            if found:
                candidates[index] = found
        elif index >= 0 and main is not None and members != {main.code}:
            # One state named: its forces may still leave the country the article is about.
            s, e, _ = sentences[index]
            found = [t for t in trigger_matches(norm.text, s, e, title=False) if t[1].frame == "withdraw"]
            if found:
                candidates[index] = found
    if not candidates:
        return []
    dates = _event_dates(norm.text, published, spans=[sentences[i][:2] for i in sorted(candidates)])
    rows: list[dict] = []
    invited: set[tuple[str, str]] = set()
    lex = load_event_lexicon()
    for index in sorted(candidates):
        s, e, _ = sentences[index]
        clause = Clause(norm.text, s, e,
                        [a for a in actors if s <= a.start and a.end <= e],
                        [d for d in dates if s <= d.start and d.end <= e],
                        is_title=index == 0, weapons=weapons if index in single else None, main_place=main)
        for f in extract_clause(clause, candidates[index], invited):
            ss, se = norm.span(s, e)
            ts, te = norm.span(f.trigger_start, f.trigger_end)
            a_s, a_e = norm.span(f.actor.start, f.actor.end)
            t_s, t_e = norm.span(f.target.start, f.target.end)
            recent = lex.cues["recently_after"].search(norm.text[f.trigger_end:e]) is not None
            d = None if recent else f.date or (
                present_date(clause, f.trigger_start, f.trigger_end, published) if f.status in ("occurred", "ongoing") else None)
            if d is None and not recent:
                d = when_date(clause, f.trigger_start)  # "لعام 2010، حينما وقعت سوريا عقدا"
            if d is None and f.rule.id == "VISIT-TOUR-OPENS" and _OPENS.match(norm.text, f.trigger_start):
                d = _tour_start(clause, f.trigger_start)  # "يبدأ السبت ... جولة ...، يستهلها من بكين"
            now = _NOW_RIGHT_BEFORE.search(norm.text, max(s, f.trigger_start - 16), f.trigger_start)
            if now and published is not None and not recent and not norm.text.startswith("ل", f.trigger_start) \
                    and (d is None or (d.start > f.target.end and re.search(r"[،,]", norm.text[f.target.end:d.start]))):
                # "وفد أميركي يجري حاليا محادثات في الهند بزيارة لأنقرة، الجمعة": under way now;
                # the day later in the sentence is the next trip's ("يحضر حاليا لزيارة": preparing
                # now for a trip to come)
                word = now.group().strip()
                d = DateExpression(now.start(), now.start() + len(word), word, published.isoformat(), "day",
                                   "relative_to_publication", published, published, "DATE-PRESENT-EVENT")
            if d is not None and d.rule == "DATE-PRESENT-EVENT":
                f.status = "ongoing"  # dated by "حاليا": under way when reported
            present = told_as_present(f.rule.event_type, norm.text[f.trigger_start:f.trigger_end], index) or (
                f.rule.event_type == "military_deployment" and (_POSITION_OF.search(norm.text, max(s, f.trigger_start - 12), f.trigger_start)
                                                                 # "على تمديد نشر قوات": forces already there, kept longer
                                                                 or _EXTENDED.search(norm.text, max(s, f.trigger_start - 12), f.trigger_start)))
            if d is not None and present and not re.match(r"[وف]?منذ(?!\w)", d.text):
                # "قوات أمريكية منتشرة في المنطقة قتلت ... في 7 شباط": the day of what they did;
                # "تنشر مزيدا من القوات منذ أسبوع" says when they came
                d = None
            if d is None and f.rule.event_type != "visit" and f.status in ("occurred", "ongoing"):
                d = since_date(clause, f.trigger_start, f.trigger_end)
            if d is None and index > 0 and f.rule.event_type != "arms_deal" and _COINCIDES_WITH_THE_NEWS.match(norm.text, s) \
                    and _COINCIDING_RIGHT_BEFORE.search(norm.text, max(s, f.trigger_start - 16), f.trigger_start):
                # "وتأتي تصريحات ماكرون تزامنا مع إرسال تركيا المزيد من القوات": the day of the
                # statements the lead reports
                d = _lead_day(_event_dates(norm.text, published, spans=[x[:2] for x in sentences[:min(2, index)]]))
                d = replace(d, basis="adjacent_sentence", rule="DATE-LEAD-COINCIDING") if d is not None else None
            if d is None and f.rule.event_type == "visit":
                d = coinciding_day(clause, f.trigger_start) or coinciding_after(clause, f.target.end)
            if d is None and f.rule.id in _ARRIVAL_RULES | {"VISIT-ARRIVE-OBJECT"} and f.status == "occurred" and published is not None:
                d = _meeting_where_arrived(clause, f.target.end, published)
            if d is None and f.rule.event_type == "visit" and f.status in ("occurred", "ongoing", "planned"):
                d = visit_since_day(clause, f.trigger_start, f.trigger_end, published)
                if d is not None:
                    f.status = "ongoing"  # "يشارك منذ الاثنين في محادثات": under way since then
            # (not deals: "عاد موضوع تصدير المدرعات إلى الأضواء صيف 2017" dates the debate)
            if d is None and f.rule.event_type != "arms_deal" and f.status in ("occurred", "ongoing", "planned"):
                d = _year_of_the_season(clause, f.status, published, f.trigger_end)
            by_time = _BY_A_TIME.search(norm.text, f.trigger_end, min(e, f.trigger_end + 60))
            # (its own phrase: not past a complementiser or a verb of the future, "سيلتقيان بحلول مايو")
            if by_time and f.status in ("occurred", "ongoing") \
                    and not re.search(r"(?<!\w)(?:ان|بان|انه|انها)(?!\w)", norm.text[f.trigger_end:by_time.start()]) \
                    and not load_date_lexicon().future_re.search(norm.text[f.trigger_end:by_time.start()]) \
                    and load_date_lexicon().past_re.fullmatch(norm.text[f.trigger_start:f.trigger_end]) is None:
                f.status = "planned"  # "زيارة الرئيس مون إلى كوريا الشمالية بحلول الخريف": by a time still ahead
            stay = days_before_start(norm.text, s, e, [(f.target.start, f.target.end)])
            if d is None and stay is not None and stay[1] == "DATE-STAY-NTH-DAY" and f.status in ("occurred", "ongoing"):
                # "قالت الأحد في ثاني أيام زيارته": the sentence's day is a day of the stay
                d = _day_of_the_sentence(clause, f.trigger_start, published)
            d_s, d_e = norm.span(d.start, d.end) if d else (None, None)
            key = f"{doc_id}|{f.rule.id}|{ts}|{f.actor.code}|{f.target.code}"
            status = f.status  # made "planned" when dated after publication (_planned_when_later)
            cameo, plover, plover_mode = f.rule.codes(status)
            rows.append({
                "_stay": stay, "_target": f.target,
                "_pair_end": d.end_date if d is not None and d.rule == "DATE-WEEKDAYS" else None,
                # "في الربيع", "في الثمانينيات": the sentence gives its own time, coarser than a
                # month; no other sentence's day or month is this event's.
                "_own_time": d is None and any(x.kind in _COARSE_TIMES for x in clause.dates),
                # "أعلن في 4 تشرين الثاني/نوفمبر الماضي استقالته ... ثم بقي أسبوعين قبل أن يسافر":
                # a sentence set in a time of its own (a month or day it names, not the event's);
                # a neighbour's day is not its event's
                # ("وهذه أول زيارة يقوم بها ... منذ توليه منصبه في مارس": this visit is the news)
                "_dated_frame": d is None and any(x.kind == "date" and not x.since and x.rule in _NAMED_CALENDAR_DATES
                                                  for x in clause.dates)
                and not _THIS_VISIT.search(norm.text, max(s, f.trigger_start - 12), f.trigger_start),
                "mention_id": "m_" + hashlib.sha1(key.encode()).hexdigest()[:16],
                "doc_id": doc_id, "event_type": f.rule.event_type,
                "actor_code": f.actor.code, "target_code": f.target.code, "status": status,
                "rule_id": f.rule.id, "cameo_code": cameo, "plover": plover, "plover_mode": plover_mode,
                "actor_person": f.actor.person,
                "confidence": f.confidence,
                "sentence_index": index, "sentence_start": ss, "sentence_end": se, "sentence": text[ss:se],
                "trigger": text[ts:te], "trigger_start": ts, "trigger_end": te,
                "actor_text": text[a_s:a_e], "actor_start": a_s, "actor_end": a_e, "actor_kind": f.actor.kind,
                "target_text": text[t_s:t_e], "target_start": t_s, "target_end": t_e, "target_kind": f.target.kind,
                "event_date": d.start_date if d else None, "date_value": d.value if d else None,
                "date_precision": d.precision if d else None,
                "date_basis": d.basis if d else ("earlier_than_report" if recent or told_as_earlier(clause, lex, f.trigger_start)
                                                 # "مواقع انتشار القوات", "تمديد نشر قوات": forces there, background
                                                 else "forces_present" if present else "none"),
                "date_text": text[d_s:d_e] if d else None, "date_start": d_s, "date_end": d_e,
                "date_rule": d.rule if d else None,
                "weapon_system": _original(text, norm, f.weapon), "deal_value": f.value, "troops": f.troops,
                "extraction_version": version,
                "phase": mention_phase(norm.text, f.rule, status, f.trigger_start, f.trigger_end, s, e),
                "stay_days": stated_length(norm.text, f.trigger_end, min(e, f.trigger_end + 120))
                if f.rule.event_type == "visit" else None,
            })
    if invited:
        # "ترامب يدعو بوتين لزيارة واشنطن في الخريف" ... "ما هو رد الفعل على زيارة بوتين المزمعة
        # للولايات المتحدة؟": in an article of an invitation, an undated planned trip of that
        # guest to that host is the invitation, unless a sentence says it was accepted
        accepted = _ACCEPTED.search(norm.text) is not None
        rows = [r for r in rows if accepted or not (r["event_type"] == "visit" and r["status"] == "planned"
                                                    and r["event_date"] is None and (r["actor_code"], r["target_code"]) in invited)]
    _plans_denied_elsewhere(rows, norm, sentences, actors)
    _another_trips_date(rows)
    _respective_days(rows)
    _leg_within_the_stay(rows, norm)
    _first_leg_takes_the_start(rows, published)
    return _date_from_document_context(drop_withdrawal_echoes(rows), text, norm, sentences, actors, published)


# "أكدت الرئاسة الفرنسية أن فرنسا لا تنوي القيام بأي عملية عسكرية جديدة": a state's own denial
_DENIES_PLANS = re.compile(r"(?<!\w)(?:لا|لن)\s+(?:ت|ي)(?:نوي|خطط|عتزم)(?!\w)|(?<!\w)[وف]?(?:نفت|نفي|تنفي|ينفي)(?!\w)")


def _plans_denied_elsewhere(rows: list[dict], norm, sentences, actors) -> None:
    """Forces a state is said to plan to send, undated ("صرح مسؤولون أكراد أن باريس تنوي إرسال
    قوات جديدة"), in an article where a sentence has that state deny such plans ("فرنسا لا تنوي
    القيام بأي عملية عسكرية جديدة"): a claim denied, not a deployment."""
    planned = [r for r in rows if r["event_type"] == "military_deployment" and r["status"] == "planned" and r["event_date"] is None]
    if not planned or norm is None:
        return
    for i, (s, e, _) in enumerate(sentences):
        denial = _DENIES_PLANS.search(norm.text, s, e)
        if denial is None:
            continue
        deniers = {a.code for a in actors if s <= a.start < denial.start() and a.code}
        for r in planned:
            if r["sentence_index"] != i and r["actor_code"] in deniers:
                r["status"] = "denied"


# "وتأتي تصريحات ماكرون تزامنا مع ...", "وجاء ذلك بالتزامن مع ...": the lead's news, coinciding with it
_COINCIDES_WITH_THE_NEWS = re.compile(r"\s*[وف]?(?:تاتي|ياتي|جاءت|جاء)\s+(?:هذه\s+|هذا\s+)?(?:(?:ال)?تصريحات|ذلك|البيان|الاعلان|الخطوه|الاتصال)(?!\w)")
_COINCIDING_RIGHT_BEFORE = re.compile(r"(?<!\w)(?:تزامنا|بالتزامن|متزامنا)\s+مع\s+$")


def _lead_day(dates):
    """The first day the lead gives (the day of the statement it reports)."""
    return next((d for d in dates if d.kind == "date" and d.precision == "day" and not d.since and d.start_date is not None), None)


_OPENS = re.compile(r"[وف]?(?:ي|ت|سي|ست)?(?:ستهل|استهل)")
_TOUR_STARTS = re.compile(r"(?<!\w)[وف]?(?:يبدا|تبدا|بدا|بدات|سيبدا|ستبدا)(?!\w)")
_TOUR_WORD = re.compile(r"(?<!\w)[وفب]?(?:ال)?(?:جوله|جولته|جولتها)(?!\w)")


def _tour_start(clause, ts: int):
    """The day a tour starts ("يبدأ السبت ... جولة"), told before the stop it opens with."""
    for d in clause.dates:
        if d.kind == "date" and not d.since and d.precision == "day" and d.end <= ts \
                and _TOUR_STARTS.search(clause.text, max(clause.start, d.start - 30), d.start) \
                and _TOUR_WORD.search(clause.text, d.end, ts) and not re.search(r"[.؛]", clause.text[d.end:ts]):
            return d
    return None


_RESUMPTIVE_AFTER = re.compile(r"\s+(?:فيها|خلالها)(?!\w)")


def _leg_within_the_stay(rows: list[dict], norm) -> None:
    """"يصل ... في 25 يونيو إلى الأردن في مستهل زيارة تستمر ثلاثة أيام يزور فيها أيضا فلسطين":
    a host visited "in it", during a stay another host's day starts, lies somewhere in that
    stay: dated by the week holding the day, not by the day itself."""
    for r in rows:
        if r["event_type"] != "visit" or r["date_precision"] != "day" or r["date_start"] is None:
            continue
        te = norm.offsets.to_normalised(r["trigger_end"])
        if not _RESUMPTIVE_AFTER.match(norm.text, te):
            continue
        if any(o is not r and o["sentence_index"] == r["sentence_index"] and o["target_code"] != r["target_code"]
               and o["date_start"] == r["date_start"] for o in rows):
            y, w, _ = r["event_date"].isocalendar()
            monday = dt.date.fromisocalendar(y, w, 1)
            r.update({"event_date": monday, "date_value": f"{y}-W{w:02d}", "date_precision": "week", "date_rule": "DATE-LEG-IN-STAY"})


_DUAL_RELATIVE = re.compile(r"(?<!\w)(?:اللذان|اللذين|اللتان|اللتين)(?!\w)")


def _respective_days(rows: list[dict]) -> None:
    """"زيارتين إلى السعودية وتركيا، الثلاثاء والأربعاء الماضيين": two hosts of one trigger and a
    pair of days, each host its day in turn; two visitors of one host likewise ("العبادي وأمير
    قطر اللذان زارا تركيا الثلاثاء والأربعاء")."""
    by_trigger: dict[tuple, list[dict]] = {}
    for r in rows:
        if r.get("_pair_end") is not None:
            by_trigger.setdefault((r["sentence_index"], r["trigger_start"], r["date_start"]), []).append(r)
    for group in by_trigger.values():
        if len(group) == 2 and group[0]["target_code"] != group[1]["target_code"]:
            second = max(group, key=lambda r: r["target_start"])
        elif len(group) == 2 and group[0]["actor_code"] != group[1]["actor_code"]:
            # "العبادي وأمير قطر اللذان زارا تركيا الثلاثاء والأربعاء": two visitors, each his day
            second = max(group, key=lambda r: r["actor_start"])
        elif len(group) == 1 and group[0]["actor_start"] > group[0]["sentence_start"] \
                and group[0]["sentence"][group[0]["actor_start"] - group[0]["sentence_start"] - 1] == "و" \
                and _DUAL_RELATIVE.search(group[0]["sentence"]):
            second = group[0]  # the second of two visitors named, the only one read as this trip's
        else:
            continue
        d = second["_pair_end"]
        second.update({"event_date": d, "date_value": d.isoformat()})
    for r in rows:
        r.pop("_pair_end", None)


def _first_leg_takes_the_start(rows: list[dict], published: dt.date | None) -> None:
    """"بدأ روحاني الاثنين جولة أوروبية تشمل سويسرا والنمسا", "يزور ... من 13 إلى 21 أكتوبر كلا
    من فرنسا وإيطاليا": the day a tour starts dates its first host; the hosts listed after it
    come later, in the month it starts when it starts before the 22nd (a tour lasts days),
    else on days the sentence does not give; a stretch of days the sentence gives ("من 13 لـ21
    أكتوبر") dates every leg by its start, the start of what the text supports."""
    legs: dict[int, list[dict]] = {}
    for r in rows:
        # a day only: "الشهر المقبل جولة تشمل الهند وباكستان" holds every leg
        if r["event_type"] == "visit" and r["date_precision"] == "day" and r["date_start"] is not None and (
                r["rule_id"] == "VISIT-TOUR" and r["date_start"] < r["trigger_start"] or _A_STRETCH.search(r["date_text"] or "")):
            legs.setdefault(r["trigger_start"], []).append(r)
    # "وصل ... الأحد إلى الأردن في مستهل زيارة تقوده إلى إسرائيل": the day is the arrival's; the
    # hosts the visit noun after it leads on to come later in the trip
    arrivals = [r for r in rows if r["event_type"] == "visit" and r["rule_id"] in _ARRIVAL_RULES
                and r["date_precision"] == "day" and r["date_start"] is not None]
    for a in arrivals:
        later = [r for r in rows if r["event_type"] == "visit" and r["sentence_index"] == a["sentence_index"]
                 and r["rule_id"] in _TRIP_NOUN_RULES and r["trigger_start"] > a["target_start"]
                 and r["date_start"] == a["date_start"] and r["target_code"] != a["target_code"]
                 and r["actor_code"] == a["actor_code"]]
        if later:
            legs.setdefault(a["trigger_start"], []).extend([a] + [r for r in later if r not in legs.get(a["trigger_start"], [])])
    for same in legs.values():
        if len({r["target_code"] for r in same}) < 2:
            continue
        first = min(r["target_start"] for r in same)
        for r in same:
            if r["target_start"] != first:
                _planned_when_later(r, published)  # a tour starting tomorrow: every leg still ahead
                start = r["event_date"]
                if _A_STRETCH.search(r["date_text"] or ""):
                    # "من 26 أبريل إلى 2 مايو", "من 13 لـ21 أكتوبر": every leg lies in the stretch,
                    # which starts that day (the start of what the text supports)
                    continue
                if start.day <= 21:
                    r.update({"event_date": start.replace(day=1), "date_value": f"{start:%Y-%m}", "date_precision": "month",
                              "date_rule": "DATE-TOUR-LATER-LEG"})
                else:
                    _undate(r)


_ARRIVAL_RULES = frozenset({"VISIT-ARRIVE-VERB", "VISIT-TRAVEL-VERB"})
_TRIP_NOUN_RULES = frozenset({"VISIT-ZIYARA-NOUN", "VISIT-TOUR"})
# "وصل العاهل الأردني إلى السعودية، حيث من المقرر أن يلتقي مساء الأحد قادة المملكة"
_WHERE_HE_MEETS = re.compile(r"\s*[،,]?\s*حيث\s+(?:(?:من\s+)?(?:المقرر|المنتظر|المتوقع)\s+ان\s+)?"
                             r"(?:[يت]|سي|ست)(?:لتقي|جتمع|جري|عقد|شارك)\S*")


def _meeting_where_arrived(clause, te: int, published: dt.date):
    """An arrival told as done, followed by where the traveller meets his hosts on a day no
    later than the day after the report ("وصل ... إلى السعودية، حيث ... يلتقي مساء الأحد"): that
    day, the first dated one of the stay, dates the arrival."""
    m = _WHERE_HE_MEETS.match(clause.text, te)
    if m is None:
        return None
    d = next((d for d in clause.dates if d.start >= m.end() and len(clause.text[m.end():d.start].split()) <= 3
              and not re.search(r"[،,.؛:]", clause.text[m.end():d.start]) and d.kind == "date" and d.precision == "day"
              and d.start_date is not None and not d.since), None)
    if d is None or not dt.timedelta(days=-3) <= d.start_date - published <= dt.timedelta(days=1):
        return None
    return d


# "من 13 لـ21 أكتوبر", "بين 26 أبريل و2 مايو": a stretch of days
_A_STRETCH = re.compile(r"(?:إلى|الى|حتى|لغاية|لـ|ل\d|-|–)\s*\d|\d\s*(?:إلى|الى|حتى|-|–|و)\s*\d")


def _runs(sentences: list[tuple[int, int, str]], indices: list[int]) -> list[tuple[int, int]]:
    """The spans of the given sentences (sorted indices), consecutive ones joined into one."""
    out: list[tuple[int, int]] = []
    last = -2
    for i in indices:
        s, e, _ = sentences[i]
        if out and i == last + 1:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        last = i
    return out


def _day_of_the_sentence(clause: Clause, ts: int, published: dt.date | None):
    """The day the sentence is dated by, nearest the trigger (not a "since", not after the
    report), or None."""
    days = [x for x in clause.dates if x.kind == "date" and not x.since and x.precision == "day" and x.start_date is not None
            and (published is None or x.start_date <= published)]
    return min(days, key=lambda x: abs(x.start - ts), default=None)


def _year_of_the_season(clause: Clause, status: str, published: dt.date | None, te: int):
    """"المحادثات التي جرت في بيونغ يانغ في الربيع": the sentence's one season dates the event
    by its year (the precision the column allows); one ahead of the report makes it a plan."""
    seasons = [x for x in clause.dates if x.kind == "season" and x.start_date is not None and not x.since]
    if len(seasons) != 1:
        return None
    x = seasons[0]
    # in the trigger's own clause, after it ("جرت في بيونغ يانغ في الربيع"); not past a comma
    # or a complementiser ("..., بعد أن أعلن ... دعوة بوتن إلى واشنطن في الخريف")
    between = clause.text[te:x.start] if te <= x.start else None
    if between is None or len(between) > 80 or re.search(r"[،,.؛:]", between) \
            or re.search(r"(?<!\w)(?:ان|أن|إن|بان|بأن)(?!\w)", between):
        return None
    if published is not None and status == "planned" and x.end_date < published:
        return None  # a trip still ahead is not dated by a season gone by
    return _as_its_year(x)


def _as_its_year(season):
    """A season as the year that holds its start (the precision the column allows)."""
    y = season.start_date.year
    return replace(season, value=str(y), precision="year", start_date=dt.date(y, 1, 1), end_date=dt.date(y, 12, 31),
                   kind="date", rule="DATE-SEASON-YEAR")


def _original(text: str, norm, span: tuple[int, int] | None) -> str | None:
    """The article's own spelling of a normalised span ("منظومة", not "منظومه")."""
    if span is None:
        return None
    s, e = norm.span(*span)
    return text[s:e].strip(" ()\"'«»") or None


# "يجري حاليا محادثات", "يقوم حاليا بزيارة": "now" right before the event word
_NOW_RIGHT_BEFORE = re.compile(r"(?<!\w)(?:حاليا|الان)\s+$")
# "على تمديد نشر قوات": forces already there, kept longer
_EXTENDED = re.compile(r"(?<!\w)[وبل]?(?:ال)?(?:تمديد|يمدد|تمدد|مدد|مددت)\s+$")
# "هجوم على نقطة تمركز للقوات الأمريكية": a position of forces, where they are, not an act of sending
_POSITION_OF = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:نقطه|نقاط|مواقع|موقع|مقر|مقرات|مراكز|مناطق|منطقه|اماكن)\s+$")

# Time expressions that place an event more coarsely than a month (dates/expression.py kinds).
_COARSE_TIMES = {"season", "decade", "century"}
_THIS_VISIT = re.compile(r"(?<!\w)[وف]?(?:هذه|هذا)(?:\s+\S+)?\s*$")
# Dates that name a month (and maybe its day): "في 4 تشرين الثاني/نوفمبر الماضي"
_NAMED_CALENDAR_DATES = CALENDAR_DAYS | {"DATE-MONTH", "DATE-MONTH-RELYEAR", "DATE-MONTH-SAME-YEAR", "DATE-MONTH-YEAR"}
_OTHER_OCCASION = set(function_words("ar")["other_occasion_words"])
_COUNTED_VISIT = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:زياره|زيارته|زيارتها|جوله|جولته)\s+(?:ال)?(ثانيه|ثالثه|رابعه|خامسه|سادسه|سابعه|ثامنه)(?!\w)")
_COUNTS = {"ثانيه": 2, "ثالثه": 3, "رابعه": 4, "خامسه": 5, "سادسه": 6, "سابعه": 7, "ثامنه": 8}


def _the_latest_count(r: dict, text: str, dated: list[dict], published: dt.date | None) -> bool:
    """"تأتي الزيارة الرابعة للسيسي إلى العاصمة الروسية" in an article that dates the pair's visit
    of these days and counts the earlier ones (الأولى ... في 2014): the highest count the
    article gives is the visit it reports, not another occasion."""
    m = _COUNTED_VISIT.match(normalize_form(text[max(0, r["trigger_start"] - 2):r["trigger_end"] + 30]).lstrip())
    if m is None or published is None:
        return False
    counts = [_COUNTS[x.group(1)] for x in _COUNTED_VISIT.finditer(normalize_form(text))]
    recent = any((d["actor_code"], d["target_code"]) == (r["actor_code"], r["target_code"]) and d["event_type"] == "visit"
                 and abs((d["event_date"] - published).days) <= 7 for d in dated)
    return recent and _COUNTS[m.group(1)] == max(counts)
# ("زار الرئيس الروسي الصين 19 مرة": a number of times)
_SEVERAL_TRIPS = re.compile(r"(?<!\w)(?:" + "|".join(function_words("ar")["several_trips_words"]) + r"|(?<!\d)(?:[2-9]|\d\d+)\s*مره)(?!\w)")


def _date_from_document_context(rows: list[dict], text: str = "", norm=None, sentences=(), actors=(),
                                published: dt.date | None = None) -> list[dict]:
    """An undated mention takes the date of the nearest dated mention of the same actor and
    target in the same article ("أعلن الإليزيه أن باريس ستزود كازاخستان ..." in a report of
    the visit dated by "الأربعاء"), with basis document_context and that date's span."""
    _date_of_the_named_occasion(rows, text, norm, sentences, published)
    _the_weekday_a_week_on(rows, text, norm, published)
    _date_of_the_summit_in_the_host(rows, text, norm, sentences, actors, published)
    dated = [r for r in rows if r["event_date"] is not None and r["date_basis"] != "document_context"]
    arrivals = [r for r in dated if r["date_rule"] != "DATE-PRESENT-EVENT"]
    for r in dated:
        if r["date_rule"] == "DATE-PRESENT-EVENT":
            _start_of_a_stay_under_way(r, arrivals)  # still a source for the others, with its start
    for r in dated:
        # "غادر ... اليوم السبت، بعد زيارة استغرقت ثلاثة أيام": the start, before it dates others
        _start_of_stay(r, r.pop("_stay", None), published)
    _copy_from_same_pair(rows, dated, text, published)
    _finer_day_of_same_pair(rows)
    _appointed_day_of_the_meeting(rows, norm, text, published, actors)
    _arrival_day_named(rows, norm, text, actors, published)
    _date_from_neighbours(rows, text, norm, sentences, actors, published)
    _neighbours_day_for_its_leg(rows, norm, sentences, actors)
    _the_travellers_visit_dated(rows, text, norm, sentences, actors, published)
    _the_visit_dated_next(rows, text, norm, sentences, actors, published)
    _the_stop_dated(rows, text, norm, actors, published)
    _counted_from_a_dated_visit(rows, text, norm, sentences, actors, published)
    for r in rows:
        _start_of_stay(r, r.pop("_stay", None), published)
    # a mention dated by a neighbour sentence dates the other undated ones of its pair in turn,
    # when they name the same traveller ("وقال ظريف الذي يزور نيويورك" after "وقال ظريف لصحفيين
    # في نيويورك" dated by his Saturday warning): a neighbour's day is a weaker source
    for src in [r for r in rows if r["date_basis"] == "adjacent_sentence" and r["actor_person"]]:
        _copy_from_same_pair([r for r in rows if r["actor_person"] == src["actor_person"] and r["event_type"] == src["event_type"]
                              and not r.get("_dated_frame")
                              and (r["status"] == "planned") == (src["status"] == "planned")], [src], text, published)
    _one_stay_one_start(rows)
    _in_a_flashback(rows, norm, sentences, published)
    _told_as_another_occasion(rows, text)
    for r in rows:
        r.pop("_stay", None)
        r.pop("_target", None)
        r.pop("_own_time", None)
        r.pop("_dated_frame", None)
        _planned_when_later(r, published)
    return [r for r in rows if not _former_office_holder_travelling(r, published)]


# "وكان ترامب فاجأ العالم في مارس الماضي، عندما ...": a flashback, opened by كان and set in a
# time named weeks before the report
_FLASHBACK_OPENS = re.compile(r"\s*[وف]?(?:كان|كانت)(?!\w)")
_GOES_ON = re.compile(r"\s*و\S+")


def _in_a_flashback(rows: list[dict], norm, sentences, published: dt.date | None) -> None:
    """"وكان ترامب فاجأ العالم في مارس الماضي ... وذكر مسؤول كوري جنوبي بعد محادثات في البيت
    الأبيض أن ...": an undated event told in the sentence right after a flashback goes on with it,
    before the reported events (basis earlier_than_report: the merger does not join it to a trip
    around the report)."""
    if norm is None or published is None:
        return
    undated = [r for r in rows if r["event_date"] is None and r["date_basis"] == "none" and r["status"] == "occurred"
               and r["sentence_index"] >= 1]
    if not undated:
        return
    every = _document_dates(norm.text, published)
    weeks_ago = published - dt.timedelta(days=14)
    for r in undated:
        ps, pe, _ = sentences[r["sentence_index"] - 1]
        s, e, _ = sentences[r["sentence_index"]]
        if not _FLASHBACK_OPENS.match(norm.text, ps) or not _GOES_ON.match(norm.text, s):
            continue
        if any(s <= d.start < e for d in every):
            continue  # a time of its own
        if any(ps <= d.start < pe and not d.since and d.end_date is not None and d.end_date < weeks_ago for d in every):
            r["date_basis"] = "earlier_than_report"


# "آخر زيارة", "أول رئيس كوري جنوبي زار بيونغيانغ كان": another occasion than the news
_LAST_OF = re.compile(r"(?<!\w)[وف]?(?:ال)?اخر\s*$")
_LAST_VISIT = re.compile(r"(?<!\w)[وف]?(?:ال)?اخر\s+(?:زياره|زيارات|جوله)(?!\w)")
_FIRST_WHO = re.compile(r"(?<!\w)[وف]?اول(?:\s+\S+){1,4}\s*$")


def _told_as_another_occasion(rows: list[dict], text: str) -> None:
    """An undated visit the sentence tells as another occasion than the article's others ("قام
    بزيارة ثانية إلى الصين" beside the March visit, "وتعود آخر زيارة ... إلى مارس", "أول رئيس زار
    بيونغيانغ كان ...") gets basis another_occasion: the merger does not join it to an event of its
    article only because they share the document. One that counts trips ("زار بيونغ يانغ مرتين")
    gets several_occasions: it is no one event."""
    for r in rows:
        if r["event_type"] != "visit":
            continue
        counted = _SEVERAL_TRIPS.search(re.split(r"[،,.؛:]", normalize_form(text[r["trigger_end"]:min(r["sentence_end"], r["trigger_end"] + 120)]),
                                                  maxsplit=1)[0])
        if counted and (r["date_basis"] == "earlier_than_report" or (
                r["date_start"] is not None and r["date_start"] < r["trigger_start"]
                and r["date_basis"] in ("relative_to_publication", "explicit"))):
            # "وزار كيم الصين مرتين في الآونة الأخيرة"; "نقلت ... الأحد عن الأسد ... وقام بأول زيارة
            # إلى الصين التي زارها مرتين": a count of trips, not dated by the report's day before it
            _undate(r)
            r["date_basis"] = "several_occasions"
            continue
        if r["event_date"] is not None or r["date_basis"] != "none":
            continue
        after = set(normalize_form(text[r["trigger_end"]:r["trigger_end"] + 30]).split()[:2])
        before = normalize_form(text[max(r["sentence_start"], r["trigger_start"] - 40):r["trigger_start"]])
        later = normalize_form(text[r["trigger_end"]:min(r["sentence_end"], r["trigger_end"] + 40)])
        told = normalize_form(text[max(r["sentence_start"], r["trigger_start"] - 80):r["trigger_start"]])
        if after & _OTHER_OCCASION or _LAST_OF.search(before) or _LAST_VISIT.search(told) \
                or (_FIRST_WHO.search(before) and re.search(r"(?<!\w)كان(?!\w)", later)):
            r["date_basis"] = "another_occasion"
        elif counted:
            r["date_basis"] = "several_occasions"  # "الذي زار بيونغ يانغ مرتين": several trips in one line


_DATE_FIELDS = ("event_date", "date_value", "date_precision", "date_text", "date_start", "date_end", "date_rule")


def _copy_date(r: dict, src: dict) -> None:
    """`r` takes the date of another mention of its article (basis document_context)."""
    for k in _DATE_FIELDS:
        r[k] = src[k]
    r["date_basis"] = "document_context"


def _undate(r: dict) -> None:
    """`r` loses its date: the rest of the article may date it."""
    for k in _DATE_FIELDS:
        r[k] = None
    r["date_basis"] = "none"


def _date_from_expression(r: dict, d, text: str, norm, rule: str | None = None, day: dt.date | None = None) -> None:
    """`r` takes a date expression of another sentence (basis adjacent_sentence), with its
    span in the original text; `day` when the date is counted from it, not its own value."""
    d_s, d_e = norm.span(d.start, d.end)
    r.update({"event_date": day or d.start_date, "date_value": day.isoformat() if day else d.value,
              "date_precision": "day" if day else d.precision, "date_basis": "adjacent_sentence",
              "date_text": text[d_s:d_e], "date_start": d_s, "date_end": d_e, "date_rule": rule or d.rule})


def _copy_from_same_pair(rows: list[dict], dated: list[dict], text: str, published: dt.date | None) -> None:
    """Each undated mention takes the date of the nearest of `dated` with the same actor and
    target (basis document_context), under the conditions below."""
    for r in rows:
        # "وكان مكتب الحريري قد ذكر في وقت سابق ... أنه سيزور الرياض": a plan announced before the
        # report, which the article reports as done; it is the trip, dated by its day
        announced = r["date_basis"] == "earlier_than_report" and r["status"] == "planned" and r["event_type"] == "visit"
        if r["event_date"] is not None or (r["date_basis"] == "earlier_than_report" and not announced) or r.get("_own_time"):
            continue
        if told_as_present(r["event_type"], r["trigger"], r["sentence_index"]):
            continue  # "وتمتلك روسيا قاعدة جوية في سوريا": background, not the act the article dates
        if set(normalize_form(text[r["trigger_end"]:r["trigger_end"] + 30]).split()[:2]) & _OTHER_OCCASION \
                and not _the_latest_count(r, text, dated, published):
            continue  # "زيارة ثانية": not the occasion the other mentions date
        # A withdrawal and the deployment it ends are two events: neither dates the other.
        same = [d for d in dated if (d["actor_code"], d["target_code"]) == (r["actor_code"], r["target_code"])
                and (d["event_type"] == "military_withdrawal") == (r["event_type"] == "military_withdrawal")
                # forces are not dated by a minister's visit ("ووصل 3 آلاف عنصر" beside "وصل ماتيس
                # إلى كابول اليوم الثلاثاء"); a deal may be, the day it was agreed
                and (r["event_type"] not in ("military_deployment", "military_withdrawal") or d["event_type"] == r["event_type"])
                # two named travellers of one state make two trips ("زيارة الرئيس المصري" and
                # "كان وزير الخارجية المصري أدى زيارة ... يومي 24 و25 جانفي")
                and not (d["actor_person"] and r["actor_person"] and d["actor_person"] != r["actor_person"])
                # a trip, deployment or withdrawal still ahead is not dated by a day the
                # report has already seen (a deal announced during a visit is: "ستزود باريس
                # ..." is dated by the visit, the day it was agreed)
                and not (r["status"] == "planned" and r["event_type"] != "arms_deal" and not announced
                         and published is not None and d["event_date"] < published)
                and not (announced and (d["status"] != "occurred" or d["date_precision"] != "day"))
                # and one told with a past verb is not dated by a day still ahead ("أول رئيس
                # كوري جنوبي زار بيونغيانغ" beside the summit planned for September)
                and not (_told_as_done(r) and published is not None and d["event_date"] > published)
                # and one under way when reported is not dated by a trip that ended weeks before
                # ("يجري تنظيم زيارة" beside "تعود آخر زيارة ... إلى مارس")
                and not (r["status"] == "ongoing" and published is not None
                         and _interval_end(d) < published - dt.timedelta(days=14))]
        if not same:
            continue
        if published is not None and len({d["date_value"] for d in same}) > 1:
            # The article dates two occasions of the dyad ("التقى كيم الشهر الفائت ... وصل
            # الأربعاء"): its undated mentions tell of the news, the one nearest publication.
            src = min(same, key=lambda d: (abs((d["event_date"] - published).days),
                                           abs(d["sentence_index"] - r["sentence_index"]), d["sentence_index"]))
        else:
            src = min(same, key=lambda d: (abs(d["sentence_index"] - r["sentence_index"]), d["sentence_index"]))
        _copy_date(r, src)
        if announced:
            # the plan announced before is reported done: the trip happened
            rule = next(x for x in load_event_lexicon().rules if x.id == r["rule_id"])
            r["status"] = "occurred"
            r["cameo_code"], r["plover"], r["plover_mode"] = rule.codes("occurred")
        # "في اليوم الثاني من زيارته" beside a day another sentence gives: that day is the
        # other sentence's (already a start, or moved to one), not this sentence's second day
        r["_stay"] = None


# "وزيرة الخارجية آنذاك"، "قبل أعوام"، "بعد أقل من ستة أشهر على توليه مهامه": told of a time
# in office, however long ago.
_BACK_THEN = re.compile(r"(?<!\w)(?:انذاك|حينها|حينذاك|وقتها|وقتذاك|انئذ|توليه|توليها|ولايته|ولايتها|عهده|عهدها)(?!\w)"
                        r"|(?<!\w)قبل\s+(?:\S+\s+)?(?:اعوام|سنوات|عقود|عقد|سنين)(?!\w)")

_ON_A_MISSION = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:مبعوث|موفد|مبعوثا|موفدا|بتكليف|ممثلا|ممثل)(?!\w)")


def _one_stay_one_start(rows: list[dict]) -> None:
    """"وصل بومبيو إلى الرياض الثلاثاء" and "سينهي زيارته الأربعاء" in one article: a visit is
    dated by its start, so a mention of the same visitor and host dated up to a week after the
    arrival the article dates takes the arrival's day."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        if r["event_type"] == "visit" and r["date_precision"] == "day" and r["event_date"] is not None \
                and r["date_basis"] != "earlier_than_report":
            groups.setdefault((r["actor_code"], r["target_code"]), []).append(r)
    for members in groups.values():
        # the arrival, with its host named right after the verb ("وصل أوربان مساء الأربعاء إلى
        # إسرائيل"): a stay starts there; a tour's first arrival elsewhere does not start it
        arrivals = [r for r in members if r["rule_id"] == "VISIT-ARRIVE-VERB" and r["status"] in ("occurred", "ongoing")
                    and r["target_start"] is not None and 0 <= r["target_start"] - r["trigger_end"] <= 40]
        # ... or a start counted back from a stated stay ("في اختتام الأخير لزيارته لفرنسا والتي دامت
        # ثلاثة أيام"): "في ختام زيارة ... لفرنسا الثلاثاء" elsewhere names its closing day
        arrivals += [r for r in members if r["date_rule"] in ("DATE-STAY-LENGTH", "DATE-STAY-NTH-DAY") and r not in arrivals]
        if not arrivals:
            continue
        first = min(arrivals, key=lambda r: r["event_date"])
        for r in members:
            if r is not first and 0 < (r["event_date"] - first["event_date"]).days <= 7:
                _copy_date(r, first)


def _former_office_holder_travelling(r: dict, published: dt.date | None) -> bool:
    """"يقوم أوباما بجولة في آسيا" in 2018: a named office holder travelling after his last
    term ended travels in no official role (an envoy's mission excepted)."""
    if r["event_type"] != "visit" or r["actor_kind"] != "person" or not r["actor_person"]:
        return False
    day = r["event_date"] or (published if r["status"] in ("ongoing", "planned") else None)
    if day is None and published is not None and r["date_basis"] != "earlier_than_report" \
            and not _BACK_THEN.search(normalize_form(r["sentence"])):
        # an undated trip told as done in the news: recent, so out of office when every term
        # had ended a year before the report ("وقبل وصوله إلى جنوب أفريقيا زار أوباما كينيا")
        day = published - dt.timedelta(days=365)
    return day is not None and out_of_office(r["actor_person"], day) and not _ON_A_MISSION.search(normalize_form(r["sentence"]))


def _start_of_a_stay_under_way(r: dict, dated: list[dict]) -> None:
    """"الذي يزور صنعاء حاليا" in an article that says he "وصل، السبت، إلى صنعاء": a visit
    under way, dated by the report's day, started on the arrival day the article gives for
    the same pair (a day at most a week before)."""
    days = [d for d in dated if (d["actor_code"], d["target_code"], d["event_type"]) == (r["actor_code"], r["target_code"], r["event_type"])
            and d["date_precision"] == "day" and 0 < (r["event_date"] - d["event_date"]).days <= 7]
    if not days:
        return
    _copy_date(r, max(days, key=lambda d: d["event_date"]))


_FOR_A_LATER_ACT = re.compile(r"(?<!\w)(?:التي|الذي|للمشاركه|لحضور|للقاء)(?!\w)")
_SET_OFF = re.compile(r"^[وف]?(?:توجه|توجهت|توجها|توجهوا|غادر|غادرت|غادرا|غادروا|سافر|سافرت|سافرا|سافروا)$")


def _planned_when_later(r: dict, published: dt.date | None) -> None:
    """An event dated after the article appeared is a plan, whatever the verb's tense and
    whichever sentence dates it: its status, codes and phase become the planned ones."""
    if published is None or r["event_date"] is None or r["event_date"] <= published or r["status"] not in ("occurred", "ongoing"):
        return
    if _SET_OFF.match(normalize_form(r["trigger"] or "")) and (r["date_start"] or 0) > r["trigger_end"] and _FOR_A_LATER_ACT.search(
            normalize_form(r["sentence"][r["trigger_end"] - r["sentence_start"]:r["date_start"] - r["sentence_start"]])):
        r["status"] = "ongoing"  # "توجه الوزير إلى روسيا للمشاركة في محادثات تنطلق الاثنين": on his way
        return
    rule = next(x for x in load_event_lexicon().rules if x.id == r["rule_id"])
    r["status"] = "planned"
    r["cameo_code"], r["plover"], r["plover_mode"] = rule.codes("planned")
    r["phase"] = PLANNED_PHASE.get(r["event_type"], r["phase"])


_JOINT = re.compile(r"(?<!\w)(?:مشترك|مشتركه|المشترك|المشتركه)(?!\w)")
_RETURNING = re.compile(r"(?<!\w)[وفل]?(?:عودته|عودتها|عودتهم|عائدا|عائده|قادما|قادمه)\s+من\s+$")


# "لحضور قمة رابطة دول جنوب شرق آسيا" ... "بالتزامن مع قمة رابطة دول جنوب شرق آسيا، في نوفمبر
# الماضي": an occasion noun and the three words naming it.
_OCCASION = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:قمه|مؤتمر|منتدي|اجتماعات|دوره)\s+((?:[^\s،,.:؛\"«»]+\s+){2}[^\s،,.:؛\"«»]+)")
_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def _date_of_the_named_occasion(rows, text, norm, sentences, published) -> None:
    """A visit to an occasion its sentence names ("خلال زيارته إلى الفلبين العام الماضي، لحضور
    قمة رابطة دول جنوب شرق آسيا") takes the finer date another sentence gives that same occasion
    right after its name ("بالتزامن مع قمة رابطة دول جنوب شرق آسيا، في نوفمبر الماضي"): inside
    the visit's own coarser date, or for an undated visit a date of the report's year around
    it. Basis adjacent_sentence."""
    if norm is None or published is None:
        return
    wanting = [r for r in rows if r["event_type"] == "visit" and r["date_basis"] != "earlier_than_report"
               and (r["event_date"] is None or r["date_precision"] in ("year", "month"))]
    if not wanting or "قم" not in norm.text and "مؤتمر" not in norm.text:
        return
    every = None
    for r in wanting:
        s, e, _ = sentences[r["sentence_index"]]
        names = {m.group(1) for m in _OCCASION.finditer(norm.text, s, e)}
        if not names:
            continue
        if every is None:
            every = [d for d in _document_dates(norm.text, published) if d.kind == "date" and not d.since
                     and d.start_date is not None and d.precision in _PRECISION_ORDER]
        best = None
        for j, (sj, ej, _) in enumerate(sentences):
            if j == r["sentence_index"]:
                continue
            for m in _OCCASION.finditer(norm.text, sj, ej):
                if m.group(1) not in names:
                    continue
                for d in every:
                    if not (m.end() <= d.start <= m.end() + 20 and d.end <= ej):
                        continue
                    if r["event_date"] is not None:
                        lo, hi = r["event_date"], _interval_end(r)
                        if not (lo <= d.start_date <= hi and _PRECISION_ORDER[d.precision] < _PRECISION_ORDER[r["date_precision"]]):
                            continue
                    elif abs((d.start_date - published).days) > 400:
                        continue
                    if best is None or _PRECISION_ORDER[d.precision] < _PRECISION_ORDER[best.precision]:
                        best = d
        if best is not None:
            _date_from_expression(r, best, text, norm)


_NOUN_BEFORE = re.compile(r"(?<!\w)(?:مع|بعد|قبل|خلال|لدي|عند|اثناء|قبيل|عقب|اثر|منذ)\s*$")


def _told_as_done(r: dict) -> bool:
    """A trip told with a verb of the past ("زار"، "حين توجه الوزير"), not a verbal noun
    written alike ("مع توجه بومبيو إلى بيونغيانغ")."""
    if r["status"] != "occurred" or load_date_lexicon().past_re.fullmatch(normalize_form(r["trigger"] or "")) is None:
        return False
    before = normalize_form(r["sentence"][max(0, r["trigger_start"] - r["sentence_start"] - 12):r["trigger_start"] - r["sentence_start"]])
    return _NOUN_BEFORE.search(before) is None


# "القمة المقررة في سنغافورة بين كيم وترامب" ... "القمة المرتقبة بين كيم وترامب في 12 يونيو"
_SUMMIT_NOUN = re.compile(r"(?<!\w)[وفبل]?(?:ال|لل)?(?:قمه|القمه)(?!\w)")
_PHRASE_END = re.compile(r"[.،,؛:!?؟\"«»()]")


# "لاستكمال محادثات الاثنين الهاتفية بين الملك والرئيس": the day of a phone call
_ON_THE_PHONE = re.compile(r"\s+(?:ال)?هاتفي(?:ه|ا)?(?!\w)")


def _event_dates(text: str, published: dt.date | None, spans=None) -> list:
    """The date expressions of `text` that may date a visit, deal or deployment: not the day a
    phone call is named by ("محادثات الاثنين الهاتفية"), which no one travels on."""
    return [d for d in find_dates(text, published, spans=spans) if not _ON_THE_PHONE.match(text, d.end)]


@lru_cache(maxsize=1)
def _document_dates(text: str, published: dt.date | None) -> tuple:
    """Every event date of the whole normalised document, resolved once for the rules of
    document context that look beyond the mention sentences."""
    return tuple(_event_dates(text, published))


def _the_weekday_a_week_on(rows: list[dict], text: str, norm, published: dt.date | None) -> None:
    """"فعندما يزور بريطانيا الجمعة" in a Friday article that also says "سيلتقي ... يوم 13
    يوليو": a bare weekday read as the day of publication is the one a week on when the article
    names that day by its date (and names the day of publication by none)."""
    past = load_date_lexicon().past_re  # ("والتقى ... بالرئيس الأفغاني، السبت": done today)
    same_day = [r for r in rows if r["date_rule"] == "DATE-WEEKDAY" and published is not None and r["event_date"] == published
                and past.fullmatch(normalize_form(r["trigger"] or "")) is None]
    if not same_day or norm is None:
        return
    named = [d for d in _document_dates(norm.text, published) if d.kind == "date" and d.precision == "day" and d.rule in _NAMED_CALENDAR_DATES]
    later = [d for d in named if d.start_date == published + dt.timedelta(days=7)]
    if not later or any(d.start_date == published for d in named):
        return
    for r in same_day:
        _date_from_expression(r, later[0], text, norm, "DATE-WEEKDAY-NEXT")


def _another_trips_date(rows: list[dict]) -> None:
    """"الاستقبال الذي حظي به ترامب أثناء زيارته لفرنسا، وحضوره الاحتفالات في 14 يوليو 2017،
    ... لضيفه ماكرون، كأول زعيم يقوم بزيارة دولة للولايات المتحدة": a date that follows the
    trigger of another traveller's trip and precedes this one is told of that trip; this one is
    left for the rest of the article to date. (The same traveller's next leg keeps it: "زار
    الصين ثم توجه الثلاثاء إلى اليابان".)"""
    for r in rows:
        if r["event_type"] != "visit" or r["date_start"] is None or r["date_start"] > r["trigger_start"] \
                or r["date_rule"] == "DATE-ANCHORED-REVERSE":  # "بعد خمسة أيام على زيارة": counted for this one
            continue
        if any(o["event_type"] == "visit" and o["sentence_index"] == r["sentence_index"] and o["actor_code"] != r["actor_code"]
               and o["trigger_end"] <= r["date_start"] for o in rows):
            _undate(r)


def _date_of_the_summit_in_the_host(rows, text, norm, sentences, actors, published) -> None:
    """An undated visit to the one state where the article places a summit ("قمة سنغافورة",
    "القمة التاريخية المقررة في سنغافورة بين زعيم كوريا الشمالية ... والرئيس الأميركي"), by a
    state whose official the summit's phrases name, takes the one date they give it ("القمة
    المرتقبة بين كيم وترامب في 12 يونيو"): the trip is the summit's. A phrase runs from the
    summit noun to the next punctuation, at most 100 characters (two full names); an article placing summits in
    two states, or giving them two dates, dates nothing. Basis adjacent_sentence."""
    if norm is None or published is None or "قمه" not in norm.text:
        return
    undated = [r for r in rows if r["event_type"] == "visit" and r["event_date"] is None
               and r["date_basis"] != "earlier_than_report"]
    if not undated:
        return
    phrases = []
    summits = list(_SUMMIT_NOUN.finditer(norm.text))
    for m in summits:
        stop = _PHRASE_END.search(norm.text, m.end(), m.end() + 100)
        phrases.append((m.end(), stop.start() if stop else min(len(norm.text), m.end() + 100)))
    hosts, parties = set(), set()
    for lo, hi in phrases:
        inside = [a for a in actors if lo <= a.start and a.end <= hi and a.code]
        for a in inside:
            if a.cls == "place" and re.fullmatch(r"\s*|(?:\s+\S+){0,2}\s+في\s+", norm.text[lo:a.start]):
                hosts.add(a.code)
            elif a.cls == "agent":
                parties.add(a.code)
    if len(hosts) != 1:
        return
    host = next(iter(hosts))
    wanting = [r for r in undated if r["target_code"] == host and r["actor_code"] in parties]
    if not wanting:
        return
    every = _document_dates(norm.text, published)
    found = [(d, None) for d in every
             if d.kind == "date" and not d.since and d.start_date is not None and d.precision in ("day", "week", "month")
             and any(lo <= d.start and d.end <= hi for lo, hi in phrases)]
    # "صرحت ... الجمعة بأن ... وذلك بعد عشرة أيام فقط من القمة التاريخية": the summit lies that
    # many days before the day the sentence gives first
    for d in every:
        if d.kind == "anchored" and d.anchor_offset and d.anchor_offset[0] == "day" and d.anchor_offset[1] > 0 \
                and any(0 <= m.start() - d.end <= 20 for m in summits):
            s, _, _ = next(x for x in sentences if x[0] <= d.start < x[1])
            base = [b for b in every if b.kind == "date" and b.precision == "day" and not b.since and b.start_date is not None
                    and s <= b.start and b.end <= d.start]
            if base:
                found.append((d, base[0].start_date - dt.timedelta(days=d.anchor_offset[1])))
    if len({(day or d.start_date, "day" if day else d.precision) for d, day in found}) != 1:
        return
    d, day = found[0]
    for r in wanting:
        if _told_as_done(r) and (day or d.start_date) > published:
            continue  # "أول رئيس كوري جنوبي زار بيونغيانغ كان ...": a trip told as done is not the summit ahead
        _date_from_expression(r, d, text, norm, "DATE-SUMMIT-IN-HOST", day)


def _counted_from_a_dated_visit(rows, text, norm, sentences, actors, published) -> None:
    """"وتأتي زيارة العمل التي تقوم بها ميركل بعد يومين من زيارة الدولة التي أجراها ماكرون
    لواشنطن": a visit counted back from another visit to the same host that the article dates
    by its day (Merkel's, Friday) lies that many days before it. Basis adjacent_sentence."""
    if norm is None or published is None:
        return
    undated = [r for r in rows if r["event_type"] == "visit" and r["event_date"] is None
               and r["date_basis"] != "earlier_than_report"]
    if not undated or "بعد" not in norm.text:
        return
    for r in undated:
        s, e, _ = sentences[r["sentence_index"]]
        if "بعد" not in norm.text[s:e]:
            continue
        ts = norm.offsets.to_normalised(r["trigger_start"])
        anchor = next((d for d in find_dates(norm.text, published, spans=[(s, e)])
                       if d.kind == "anchored" and d.anchor_offset and d.anchor_offset[0] in ("day", "week")
                       and d.anchor_offset[1] > 0 and 0 <= ts - d.end <= 12), None)
        if anchor is None:
            continue
        before = {a.code for a in actors if s <= a.start < anchor.start and a.code and a.cls == "agent"} - {r["actor_code"]}
        src = [d for d in rows if d["event_type"] == "visit" and d["target_code"] == r["target_code"]
               and d["actor_code"] in before and d["date_precision"] == "day" and d["event_date"] is not None]
        # "ووصل أفورقي إلى أديس أبابا بعد خمسة أيام فقط على زيارة لآبي أحمد إلى إريتريا": the
        # visit returned, counted back from the arrival the same sentence tells first
        src = src or [d for d in rows if d is not r and d["event_type"] == "visit" and d["sentence_index"] == r["sentence_index"]
                      and d["date_precision"] == "day" and d["event_date"] is not None
                      and d["trigger_end"] <= norm.offsets.start(anchor.start)]
        if len({d["event_date"] for d in src}) != 1:
            continue
        unit, n = anchor.anchor_offset
        day = src[0]["event_date"] - dt.timedelta(days=n * (7 if unit == "week" else 1))
        _date_from_expression(r, anchor, text, norm, "DATE-COUNTED-FROM-VISIT", day)


def _finer_day_of_same_pair(rows: list[dict]) -> None:
    """A visit the article dates by its week or month ("يزور ... الأسبوع المقبل") takes the day
    another of its sentences gives the same traveller's visit to the same host inside that
    week or month ("يوم 12 يونيو"): the earliest such day. Basis document_context."""
    days = [d for d in rows if d["event_type"] == "visit" and d["date_precision"] == "day" and d["event_date"] is not None
            and d["date_basis"] != "document_context"]
    if not days:
        return
    for r in rows:
        if r["event_type"] != "visit" or r["date_precision"] not in ("week", "month") or r["event_date"] is None:
            continue
        lo, hi = r["event_date"], (_interval_end(r) if r["date_precision"] == "month" else r["event_date"] + dt.timedelta(days=6))
        inside = [d for d in days if (d["actor_code"], d["target_code"]) == (r["actor_code"], r["target_code"])
                  and lo <= d["event_date"] <= hi
                  # (an arrival set for a day of the week dates the trip the week holds: "من المقرر
                  # أن يصل ... اليوم الأربعاء" beside "أثناء زيارته ... هذا الأسبوع")
                  # (a later leg of a tour dated by the tour's month is the same trip, however told)
                  and ((d["status"] == "planned") == (r["status"] == "planned") or d["rule_id"] == "VISIT-ARRIVE-VERB"
                       or r["date_rule"] == "DATE-TOUR-LATER-LEG")
                  and not (d["actor_person"] and r["actor_person"] and d["actor_person"] != r["actor_person"])]
        if inside:
            _copy_date(r, min(inside, key=lambda d: d["event_date"]))


# "تحدد للقائهما يوم 12 يونيو"، "موعد القمة في 12 يونيو": the day a meeting is set for
_MEETING_BEFORE_DAY = re.compile(r"(?<!\w)[وفبل]?(?:ل|ال|لل)?(?:لقاء|لقاي|اجتماع|قمه|قمت|موعد)(?:ه|ها|هما|هم)?(?:\s+\S+){0,3}?\s+(?:(?:يوم|في)\s+)?$")


def _deadline(text: str, start: int) -> bool:
    """The noun naming the day is a bare "موعد" ("يحين موعد تجديده في 12 أيار"), no meeting's."""
    m = _MEETING_BEFORE_DAY.search(text, max(0, start - 40), start)
    return m is not None and re.match(r"[وفبل]?(?:ال|لل)?موعد(?!\w)", m.group()) is not None \
        and re.search(r"(?:لقاء|لقاي|اجتماع|قمه|قمت)", m.group()) is None  # "موعد لقائهما يوم 12"


def _appointed_day_of_the_meeting(rows: list[dict], norm, text: str, published: dt.date | None, actors=()) -> None:
    """A meeting or summit still ahead that the article dates by its week or month ("سيلتقيان ...
    لعقد محادثات الأسبوع المقبل في سنغافورة") takes the day another of its sentences sets for
    the meeting inside that week or month ("موعدا تحدد للقائهما يوم 12 يونيو"), when that is
    the only such day. (A month gone by holds other meetings: "زار لافروف بيونغ يانغ مطلع يونيو"
    is not dated by "لقائهما الخميس" of two others.) Basis adjacent_sentence."""
    wanting = [r for r in rows if r["event_type"] == "visit" and r["event_date"] is not None and r["date_precision"] in ("week", "month")
               and published is not None and r["event_date"] > published]
    if not wanting or norm is None or published is None:
        return
    every = [d for d in _document_dates(norm.text, published) if d.kind == "date" and not d.since and d.precision == "day" and d.start_date is not None]
    days = [d for d in every if _MEETING_BEFORE_DAY.search(norm.text, max(0, d.start - 40), d.start)]
    # "وزيارة ترامب التي ستحصل في 13 يوليو": the day set for the traveller's own visit
    visits = [d for d in every if _VISIT_BEFORE_DAY.search(norm.text, max(0, d.start - 40), d.start)]
    for r in wanting:
        lo = r["event_date"]
        hi = _interval_end(r) if r["date_precision"] == "month" else lo + dt.timedelta(days=6)
        own = [d for d in visits if any(a.code == r["actor_code"] and a.cls == "agent" and d.start - 40 <= a.start < d.start for a in actors)]
        inside = {d.start_date: d for d in days + own if lo <= d.start_date <= hi}
        if len(inside) > 1:
            # "الاجتماع الذي سيجري الأربعاء" beside "الاتفاق الذي يحين موعد تجديده في 12 أيار": a
            # day named by the meeting itself before one named by a bare "موعد" (a deadline)
            inside = {k: d for k, d in inside.items() if d in own or not _deadline(norm.text, d.start)}
        if len(inside) == 1:
            _date_from_expression(r, next(iter(inside.values())), text, norm, "DATE-APPOINTED-DAY")


# "الأحد، وهو اليوم المتوقع لوصول ترامب": the day named as someone's arrival
_ARRIVAL_OF = re.compile(r"\s*[،,]?\s*(?:و?هو\s+)?(?:(?:اليوم|الموعد)\s+)?(?:(?:المتوقع|المقرر|المنتظر|المرتقب)\s+)?(?:ل|موعد\s+|يوم\s+)?وصول\s*")


_VISIT_BEFORE_DAY = re.compile(r"(?<!\w)[وفبل]?(?:ال|لل)?(?:زياره|جوله)(?:\s+\S+){1,3}?\s+(?:(?:يوم|في)\s+)?$")


def _arrival_day_named(rows: list[dict], norm, text: str, actors, published: dt.date | None) -> None:
    """A visit the article dates by a meeting day ("سيجتمع ترامب وبوتن في هلسنكي، الاثنين")
    starts on the day another sentence names as the traveller's arrival, one to three days
    before ("الأحد، وهو اليوم المتوقع لوصول ترامب"). Basis adjacent_sentence."""
    wanting = [r for r in rows if r["event_type"] == "visit" and r["date_precision"] == "day" and r["event_date"] is not None
               and r["date_basis"] == "relative_to_publication"]
    if not wanting or norm is None or "وصول" not in norm.text:
        return
    arrivals = []
    for d in _document_dates(norm.text, published):
        if d.kind != "date" or d.precision != "day" or d.since or d.start_date is None:
            continue
        m = _ARRIVAL_OF.match(norm.text, d.end, min(len(norm.text), d.end + 50))
        if m is None:
            continue
        who = next((a for a in actors if a.start == m.end() and a.cls == "agent" and a.code), None)
        if who is not None:
            arrivals.append((d, who))
    for r in wanting:
        found = [(d, a) for d, a in arrivals if a.code == r["actor_code"] and not (a.person and r["actor_person"] and a.person != r["actor_person"])
                 and 1 <= (r["event_date"] - d.start_date).days <= 3]
        if len({d.start_date for d, _ in found}) == 1:
            _date_from_expression(r, found[0][0], text, norm, "DATE-ARRIVAL-DAY")


def _interval_end(r: dict) -> dt.date:
    d, p = r["event_date"], r["date_precision"]
    if p == "year":
        return dt.date(d.year, 12, 31)
    if p == "month":
        return _month_bounds(d.year, d.month)[1]
    return d


_LATER = re.compile(r"(?<!\w)(?:قريبا|لاحقا|في وقت لاحق|في وقت قريب|مستقبلا)(?!\w)")
# "قبل بوتين الدعوة"، "لبى دعوة"، "وافق على الدعوة": an invitation accepted
_ACCEPTED = re.compile(r"(?<!\w)[وف]?(?:قبل|قبلت|وافق|وافقت|قبوله|قبولها|لبي|يلبي|تلبي|تلبيه|لبت)(?:\s+\S+){0,3}?\s+(?:علي\s+)?(?:ل?ال|ل)?دعوه(?!\w)")
_IN_A_STATEMENT = re.compile(r"(?<!\w)[وفب]?(?:ال)?(?:تغريده|تغريدات|بيان|تصريح|تصريحات|مقابله|مقال|رساله|كلمه|حوار|منشور)(?!\w)")


def _date_from_neighbours(rows, text, norm, sentences, actors, published) -> None:
    """An undated mention still left takes a day date of another sentence under the rules of
    dates_attach.date_from_neighbours, with basis adjacent_sentence; dates are resolved in every
    sentence only here, when some mention needs them."""
    # Visits only: a meeting or an appearance happens during a visit; it says nothing of a deal.
    undated = [r for r in rows if r["event_date"] is None and "_target" in r and r["event_type"] == "visit"
               and r["date_basis"] != "earlier_than_report" and not r.get("_own_time") and not r.get("_dated_frame")]
    if not undated or norm is None:
        return
    every = _document_dates(norm.text, published)
    # A visit told by a past verb ("والتقى بومبيو كيم") happened by the report: a later day
    # elsewhere (the summit it prepares) dates something else.
    past = [d for d in every if published is None or d.start_date is None or d.start_date <= published]
    date_lex = load_date_lexicon()
    past_verb = date_lex.past_re
    anchored_ends = [d.end for d in every if d.kind == "anchored"]
    for r in undated:
        ts_norm = norm.offsets.to_normalised(r["trigger_start"])
        if any(0 <= ts_norm - end <= 40 for end in anchored_ends):
            continue  # "بعد نحو عشرة أشهر على زيارة ترامب": the text places it from another event
        if _RETURNING.search(norm.text, max(0, ts_norm - 30), ts_norm):
            continue  # "أثناء عودته من زيارة لألمانيا": the visit is over; the day he speaks on is not one of it
        s_start = sentences[r["sentence_index"]][0]
        if _IN_A_STATEMENT.search(norm.text, s_start, ts_norm) and _quoted_at(norm.text, s_start, ts_norm):
            continue  # "جاء ذلك في تغريدة ...: "الزيارة التاريخية للأمير ..."": the tweet's day is not the visit's
        # A leader speaking abroad, or visiting now (يزور), is there when he speaks.
        # So is one who goes on speaking ("وأضاف بومبيو خلال مؤتمر صحفي في الرياض ...").
        first = norm.text[sentences[r["sentence_index"]][0]:sentences[r["sentence_index"]][1]].split(maxsplit=1)[:1]
        goes_on = bool(first) and re.sub(r"^[وف](?=\S{3,})", "", first[0]) in date_lex.reporting_verbs
        # (not after أن: "قبل أن يتوجه ترامب إلى بريطانيا" is a trip to come, not one under way)
        now = r["rule_id"] == "VISIT-SPEAK-IN" or goes_on or (
            re.match(r"[وف]?[يت]", normalize_form(r["trigger"])) is not None
            and not _SUBJUNCTIVE_BEFORE.search(norm.text, max(s_start, ts_norm - 8), ts_norm))
        told_past = r["status"] == "occurred" and past_verb.fullmatch(normalize_form(r["trigger"])) is not None
        # "وأضاف ترامب للصحفيين، خلال اجتماع ... مع ولي العهد السعودي": the host goes on with what
        # he said on a day before, and says it during the meeting; his day is the meeting's
        # ("وقال بعد محادثات مع المستشار النمساوي": talks he held that day, the speaker unnamed
        # because the sentences before name him)
        host_speaks = goes_on and (_DURING_BEFORE.search(norm.text, max(s_start, ts_norm - 12), ts_norm) is not None
                                   or _AFTER_BEFORE.search(norm.text, max(s_start, ts_norm - 8), ts_norm) is not None) \
            and _speaker_code(norm.text, actors, sentences, r["sentence_index"]) == r["target_code"]
        found = date_from_neighbours(norm.text, sentences, past if told_past else every, actors,
                                     r["sentence_index"],
                                     r["actor_code"], r["target_code"], r["actor_person"] if now else None,
                                     r["actor_person"],
                                     r["target_code"] if now and (host_speaks or _JOINT.search(normalize_form(r["sentence"])))
                                     else None,
                                     published, r["status"] == "planned")
        if found is None:
            continue
        d, j, same_occasion = found
        if r["status"] == "planned" and published is not None and d.start_date is not None and d.start_date <= published \
                and _LATER.search(normalize_form(r["sentence"])):
            continue  # "سيزور واشنطن قريبا" beside the day he said so: a trip told as to come soon is for a later day
        _date_from_expression(r, d, text, norm)
        if not same_occasion:
            r["_stay"] = None  # "في اليوم الثاني من زيارته" does not make a meeting's day its second
        if r.get("_stay") is None:
            sj, ej, _ = sentences[j]
            spans = [(a.start, a.end) for a in actors if sj <= a.start < ej and a.code == r["target_code"]]
            r["_stay"] = days_before_start(norm.text, sj, ej, spans)


_BY_A_TIME = re.compile(r"(?<!\w)بحلول(?!\w)(?![^.،,]*(?:الماضي|الماضيه|المنصرم|الفايت))")
_SUBJUNCTIVE_BEFORE = re.compile(r"(?<!\w)(?:ان|لكي|كي)\s+$")
_DURING_BEFORE = re.compile(r"(?<!\w)(?:خلال|اثناء|في)\s+$")


_AFTER_BEFORE = re.compile(r"(?<!\w)(?:بعد|عقب)\s+$")


def _speaker_code(text: str, actors, sentences, i: int) -> str | None:
    """The state of who speaks in sentence i: the one named after its opening verb, or, when
    the verb has no named subject ("وقال بعد محادثات"), the speaker of the sentence before
    (up to two back) that names one."""
    code = _opening_speaker_code(text, actors, sentences[i])
    if code is not None:
        return code
    s, e, _ = sentences[i]
    first = next((a for a in actors if s <= a.start < e and a.code), None)
    if first is not None and len(text[s:first.start].split()) <= 3:
        return None  # the subject is named, but not as an official
    for j in (i - 1, i - 2):
        if j >= 0:
            code = _opening_speaker_code(text, actors, sentences[j])
            if code is not None:
                return code
    return None


def _opening_speaker_code(text: str, actors, sentence: tuple[int, int, str]) -> str | None:
    """The state of the person or body named within the three words after a sentence's opening
    verb ("وأضاف ترامب للصحفيين"), or None."""
    s, e, _ = sentence
    first = next((a for a in actors if s <= a.start < e and a.code), None)
    if first is None or first.cls != "agent" or len(text[s:first.start].split()) > 3:
        return None
    return first.code


_VISIT_OF = re.compile(r"(?<!\w)[وفبل]?(?:ال)?زياره\s+$")
_PLACED_BY_ANOTHER = re.compile(r"(?<!\w)[وف]?(?:بعد|عقب|اثر|قبل|قبيل|منذ|غداه)(?:\s+\S+)?\s*$")


def _neighbours_day_for_its_leg(rows, norm, sentences, actors) -> None:
    """"ستحمل الجولة رئيس الوزراء إلى فرنسا وبريطانيا" beside "تحمله إلى باريس حيث يلتقي ماكرون
    الثلاثاء، وإلى لندن": a neighbour's day dates the one host of a tour it follows, not every
    host the tour lists."""
    if norm is None:
        return
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        if r["event_type"] == "visit" and r["date_basis"] == "adjacent_sentence" and r["date_start"] is not None:
            groups.setdefault((r["sentence_index"], r["trigger_start"], r["date_start"]), []).append(r)
    starts = [s for s, _, _ in sentences]
    for (_, _, d_start), group in groups.items():
        targets = {r["target_code"] for r in group}
        if len(targets) < 2:
            continue
        at = norm.offsets.to_normalised(d_start)
        j = bisect_right(starts, at) - 1
        sj, ej, _ = sentences[j]
        named = [a for a in actors if sj <= a.start < ej and a.code in targets]
        if not named:
            continue
        before = [a for a in named if a.end <= at]
        owner = (before[-1] if before else named[0]).code
        for r in group:
            if r["target_code"] != owner:
                _undate(r)


# "أثناء الزيارة الشهر الماضي": the visit named back by its definite noun, a date right after it
# "أثناء الزيارة الشهر الماضي", "للقمة المرتقبة الشهر المقبل": the occasion named back by its
# definite noun, a date right after it (or after the word that says it is planned)
_THE_VISIT_THEN = re.compile(r"(?<!\w)(?:[وفبل]?الزياره|للزياره)\s+(?:(?:المقرره|المرتقبه|المزمعه|المنتظره)\s+)?(?=\S)")
_THE_MEETING_THEN = re.compile(r"(?<!\w)(?:[وفبل]?(?:القمه|اللقاء|الاجتماع)|(?:للقمه|للقاء|للاجتماع))\s+"
                               r"(?:(?:التاريخيه|التاريخي|المقرره|المقرر|المرتقبه|المرتقب|المزمعه|المزمع|المنتظره|المنتظر)\s+)?(?=\S)")
_MEETING_RULES = frozenset({"VISIT-MEET-IN", "VISIT-SUMMIT-HOSTED"})


# "آخر محطة لظريف كانت في بروكسل يوم أمس", "وكانت محطته الأولى في بكين الأحد": a stop of a tour
_STOP_WAS_IN = re.compile(r"(?<!\w)[وف]?(?:ال)?محط(?:ه|ته|تها)(?:\s+[^\s،,.]+){0,3}?\s+(?:كانت|ستكون|تكون)\s+(?:في|ب)\s*")


def _the_stop_dated(rows, text, norm, actors, published) -> None:
    """A stop of the traveller's trip the article places in a host and dates ("آخر محطة لظريف
    كانت في بروكسل يوم أمس") dates his undated visit to that host."""
    if norm is None or "محط" not in norm.text:
        return
    undated = [r for r in rows if r["event_type"] == "visit" and r["event_date"] is None and r["date_basis"] == "none"]
    if not undated:
        return
    every = None
    for m in _STOP_WAS_IN.finditer(norm.text):
        place = next((a for a in actors if a.start >= m.end() - 1 and a.start - m.end() <= 2 and a.code and a.cls == "place"), None)
        if place is None:
            continue
        every = every if every is not None else _document_dates(norm.text, published)
        d = next((d for d in every if 0 <= d.start - place.end <= 3 and d.kind == "date" and not d.since and d.start_date is not None), None)
        if d is None:
            continue
        whose = {a.code for a in actors if m.start() <= a.start < place.start and a.code and a.cls == "agent"}
        for r in undated:
            if r["target_code"] == place.code and r["event_date"] is None and (not whose or r["actor_code"] in whose):
                _date_from_expression(r, d, text, norm, "DATE-STOP-OF-TOUR")


def _the_visit_dated_next(rows, text, norm, sentences, actors, published) -> None:
    """"في إشارة لزيارة الرئيس الأمريكي للسعودية مؤخرا. وكان ترامب ... أثناء الزيارة الشهر
    الماضي": a visit left undated takes the date a sentence up to two away gives "the visit" (a
    meeting: "the summit", "the meeting") right after the definite noun, when no other visit and
    no other state lies between; a day ahead only for a trip told as to come."""
    undated = [r for r in rows if r["event_type"] == "visit" and r["event_date"] is None and r["date_basis"] == "none"
               and not r.get("_own_time") and not r.get("_dated_frame")]
    if not undated or norm is None:
        return
    every = None
    for r in undated:
        i = r["sentence_index"]
        meeting = r["rule_id"] in _MEETING_RULES
        nouns = (_THE_VISIT_THEN, _THE_MEETING_THEN) if meeting else (_THE_VISIT_THEN,)
        visits = {o["sentence_index"] for o in rows if o["event_type"] == "visit" and o is not r}
        # a meeting names its other parties: the states of its own sentence are no strangers
        own = {a.code for a in actors if sentences[i][0] <= a.start < sentences[i][1] and a.code} if meeting else set()
        allowed = {r["actor_code"], r["target_code"]} | own
        ahead = r["status"] == "planned" or re.match(r"[وف]?(?:[يت]|سي|ست)", normalize_form(r["trigger"])) is not None
        for j in ((i + 1, i - 1, i + 2, i - 2) if meeting else (i + 1, i + 2)):
            if not 0 <= j < len(sentences) or any(j <= k < i or i < k <= j for k in visits) or (j < i and j == 0):
                continue
            sj, ej, _ = sentences[j]
            if any(a.code and a.code not in allowed for a in actors if sj <= a.start < ej):
                continue
            for noun in nouns:
                m = noun.search(norm.text, sj, ej)
                if m is None:
                    continue
                every = every if every is not None else _document_dates(norm.text, published)
                d = next((d for d in every if d.start == m.end() and d.kind == "date" and not d.since and d.start_date is not None), None)
                if d is None or (published is not None and d.start_date > published and not ahead) \
                        or (published is not None and d.start_date < published and r["status"] == "planned"):
                    continue
                _date_from_expression(r, d, text, norm, "DATE-THE-VISIT-NEXT")
                break
            if r["event_date"] is not None:
                break


def _the_travellers_visit_dated(rows, text, norm, sentences, actors, published) -> None:
    """"رحبت الرئاسة ... بزيارة الأمير وليام ... المرتقبة هذا الصيف إلى البلدين" and "سيزور
    إسرائيل والأراضي الفلسطينية والأردن": the traveller's visit, named by his person right after
    "زيارة" in a sentence that dates it but names no host, dates his undated trips of the
    article when it is the article's one such date (a season by its year)."""
    undated = [r for r in rows if r["event_type"] == "visit" and r["event_date"] is None and r["actor_person"]
               and r["date_basis"] == "none" and not r.get("_own_time") and not r.get("_dated_frame")
               # ("وتأتي عقب زيارة لثلاثة أسابيع إلى الولايات المتحدة": an earlier trip, placed by another)
               and not _PLACED_BY_ANOTHER.search(normalize_form(text[max(r["sentence_start"], r["trigger_start"] - 15):r["trigger_start"]]))]
    if not undated or norm is None:
        return
    every = _document_dates(norm.text, published)
    starts = [s for s, _, _ in sentences]
    found: dict[str, dict] = {}  # person -> {(start, end): date}
    for a in actors:
        if a.cls != "agent" or not a.person or not _VISIT_OF.search(norm.text, max(0, a.start - 12), a.start):
            continue
        s, e, _ = sentences[bisect_right(starts, a.start) - 1]
        if any(m.code and m.cls == "place" and s <= m.start < e for m in actors):
            continue  # a host named there: that sentence's own mentions date it
        for d in every:
            if s <= d.start and d.end <= e and a.end <= d.start and d.start - a.end <= 80 and not d.since \
                    and d.start_date is not None and d.kind in ("date", "season"):
                found.setdefault(a.person, {})[(d.start, d.end)] = d
                break
    for r in undated:
        dates = list((found.get(r["actor_person"]) or {}).values())
        if len(dates) != 1:
            continue
        d = _as_its_year(dates[0]) if dates[0].kind == "season" else dates[0]
        if published is not None and (r["status"] == "planned") != (d.end_date >= published):
            continue  # a trip ahead takes no date gone by, nor a trip done a date ahead
        _date_from_expression(r, d, text, norm)


def _start_of_stay(r: dict, stay: tuple[int, str] | None, published: dt.date | None = None) -> None:
    """A visit dated by its n-th or last day starts earlier (dates/stay.py): move a day date back."""
    if stay is None or r["event_type"] != "visit" or r["date_precision"] != "day" or r["event_date"] is None:
        return
    d = r["event_date"] - dt.timedelta(days=stay[0])
    r.update({"event_date": d, "date_value": d.isoformat(), "date_rule": stay[1]})
    if r["status"] == "planned" and r["date_basis"] == "relative_to_publication" and published is not None \
            and d < published <= d + dt.timedelta(days=stay[0]):
        r["status"] = "ongoing"  # "سيغادر صنعاء اليوم بعد زيارة استمرت 3 أيام": under way, ending today


ERROR_SCHEMA: dict[str, pl.DataType] = {"doc_id": pl.String, "error": pl.String}


def extract_mentions(documents: pl.DataFrame) -> pl.DataFrame:
    """Frame with doc_id, text, published → frame of event mentions (MENTION_SCHEMA)."""
    return extract_with_errors(documents)[0]


def extract_with_errors(documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mentions, and the documents whose extraction failed with the error: one bad text
    never stops the batch."""
    version = extraction_version()
    rows: list[dict] = []
    errors: list[dict] = []
    for doc_id, text, published in documents.select("doc_id", "text", "published").iter_rows():
        try:
            rows.extend(extract_document(doc_id, text, published, version))
        except Exception as exc:  # recorded per document; the run goes on
            errors.append({"doc_id": doc_id, "error": f"{type(exc).__name__}: {exc}"[:1000]})
    return pl.DataFrame(rows, schema=MENTION_SCHEMA), pl.DataFrame(errors, schema=ERROR_SCHEMA)
