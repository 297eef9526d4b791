"""Date attachment: which date expression of a sentence dates an event mention."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache

from waqai.transforms.actors import ActorMention
from waqai.transforms.dates import DateExpression
from waqai.transforms.dates.lexicon import load_date_lexicon
from waqai.transforms.dates.tense import _governing_tense
from waqai.transforms.events.clause import Clause
from waqai.transforms.events.rules import load_event_lexicon
from waqai.transforms.lexicons import read_yaml
from waqai.transforms.normalize import normalize_form
from waqai.transforms.events.words import TEMPORAL_SUBORDINATORS as _TEMPORAL_SUBORDINATORS
from waqai.transforms.events.words import COMPLEMENTISER as _COMPLEMENTISER
from waqai.transforms.events.words import MEDIA_NOUNS as _MEDIA_NOUNS
from waqai.transforms.events.words import OCCASION_NOUNS as _OCCASION_NOUNS
from waqai.transforms.events.words import CAUSAL_SUBORDINATORS as _CAUSAL_SUBORDINATORS
from waqai.transforms.events.words import APPOINTMENT_NOUNS as _APPOINTMENT_NOUNS
from waqai.transforms.events.words import PLAN_CLAUSE_RE as _PLAN_CLAUSE_RE
from waqai.transforms.events.words import CONCLUDED_PARTICIPLES as _CONCLUDED
from waqai.transforms.events.words import INCIDENT_NOUNS as _INCIDENT_NOUNS
from waqai.transforms.events.words import COUNT_ORDINALS as _COUNT_ORDINALS
from waqai.transforms.events.words import ATTENDING_WORDS as _ATTENDING
from waqai.transforms.events.words import AGREED_TO_RE as _AGREED_TO


def _attach_date(c: Clause, ts: int, te: int, target: ActorMention, event_type: str | None = None,
                 actor: ActorMention | None = None) -> DateExpression | None:
    """The date of this event, by an explicit attachment model (see _date_candidates): a date
    belongs to the clause that governs it. Among the dates left, the one written right after
    the target when a sentence dates each stop ("واشنطن (يوم 24) وموسكو (يوم 26)"), else the
    nearest by syntactic distance (same clause, then a verbless clause, then another clause)."""
    parties = {target.code} | ({actor.code} if actor is not None else set())
    ranked = [(r, d) for r, d in _date_candidates(c, ts, te, event_type, parties) if not _started_elsewhere(c, d, ts, te, target)
              and not _another_places_day(c, d, te, target) and not _another_occasions_day(c, d, te)]
    if not ranked:
        return None
    # "بعد يوم من فشل قمة طهران": the event named in the anchor phrase takes the counted-back date.
    for _, d in ranked:
        if d.reverse_anchor and 0 <= ts - d.end <= 40 and not re.search(r"[،,.؛]", c.text[d.end:ts]):
            return d
    usable = [d for _, d in ranked]
    # "زيارة مبعوثين لميانمار وبنغلادش قبل أسبوعين": the hosts listed with it share the day
    # written after the last of them
    last = _listed_hosts_end(c, target)
    nxt = [m.start for m in c.actors if m.start >= last.end and m.cls == "place"]
    limit = min(nxt) if nxt else last.end + 40
    # ... written right after it: a clause between ("إلى إسرائيل ويجري محادثات ... الخميس") dates another act
    # (a host named before the trigger is its subject: "أعلنت سنغافورة، الأحد، عن تكلفة استضافة
    # القمة التي جمعت ... في 12 يونيو" dates the statement right after it)
    right_after = [d for d in usable if last.end <= d.start < min(limit, last.end + 40) and target.start >= te
                   and not _JOINED_VERB.search(c.text, last.end, d.start)
                   # (after a list, only a day written right after its last host: "صنعاء وعدن حيث
                   # التقى الأسبوع الماضي هادي" dates the meeting in Aden)
                   and (last is target or not re.sub(r"[\s،,]", "", c.text[last.end:d.start]))]
    if right_after:
        return right_after[0]
    best = min(ranked, key=lambda rd: (rd[0], min(abs(rd[1].start - te), abs(rd[1].end - ts))))
    # "يجتمع ترامب الخميس بكيم في 12 من حزيران/يونيو المقبل": a day named by its date in the same
    # clause beats a bare weekday (the day the news was given)
    if best[1].rule == "DATE-WEEKDAY":
        named = [rd for rd in ranked if rd[0] == best[0] and rd[1].rule in CALENDAR_DAYS and rd[1].start_date != best[1].start_date]
        if len(named) == 1:
            return named[0][1]
    return best[1]


# Dates that name a day of a month: "في 12 من حزيران/يونيو", "4 تشرين الثاني/نوفمبر الماضي"
CALENDAR_DAYS = frozenset(("DATE-DM", "DATE-DMY", "DATE-DM-RELYEAR", "DATE-NUMERIC"))

_TOUR_NOUN = re.compile(r"[وفبل]?(?:ال)?(?:جوله|جولته|جولتها)$")


# "كشرط للاجتماع المقرر الشهر المقبل": a meeting or visit noun said to be planned, the date
# written right after it
_OCCASION_BEFORE_DATE = re.compile(r"(?<!\w)[وفبل]?(?:ال|لل)?(?:اجتماع|لقاء|قمه|زياره|جوله)\s+"
                                   r"(?:ال)?(?:مقرر|مرتقب|مزمع|منتظر)\S?\s+$")


def _another_occasions_day(c: Clause, d: DateExpression, te: int) -> bool:
    """A date written right after another meeting or visit noun later in the clause ("قبيل اجتماع
    مع رئيس وزراء اليابان ...، كرر ترامب ... كشرط للاجتماع المقرر الشهر المقبل") is that
    occasion's, not this trigger's."""
    m = _OCCASION_BEFORE_DATE.search(c.text, max(c.start, d.start - 40), d.start)
    return m is not None and m.start() > te


def _listed_hosts_end(c: Clause, target: ActorMention) -> ActorMention:
    """The last of the places joined to the target by و ("لميانمار وبنغلادش"), or the target."""
    return _listed_with(c, target, sorted((a for a in c.actors if a.start > target.end and a.cls == "place"), key=lambda a: a.start))


def _listed_with(c: Clause, first: ActorMention, following: list[ActorMention]) -> ActorMention:
    """The last of `following` (in order) joined to `first` one by one with و, or `first`."""
    prev = first
    for a in following:
        cs = a.clitic_start if a.clitic_start >= 0 else a.start
        if not (re.fullmatch(r"\s*[،,]?\s*", c.text[prev.end:cs]) and c.text[cs:a.start + 1].startswith("و")):
            break
        prev = a
    return prev


def _another_places_day(c: Clause, d: DateExpression, te: int, target: ActorMention) -> bool:
    """"اجتماع في طهران ... ضمانات مماثلة من الرياض الأسبوع الماضي": a day written right after
    another state's place, past the event's own host, is what happened there."""
    if d.start < te or d.start <= target.end:
        return False
    before = [a for a in c.actors if a.end <= d.start and a.start > target.end]
    if not before:
        return False
    last = before[-1]
    # "يزور الجزائر وتونس الأربعاء": the hosts listed with it share the day
    if _listed_with(c, target, before) is last:
        return False
    return last.cls == "place" and last.code not in (None, target.code) and last.kind != "host_anaphor" \
        and not c.text[last.end:d.start].strip()


def _started_elsewhere(c: Clause, d: DateExpression, ts: int, te: int, target: ActorMention) -> bool:
    """"استهل روحاني الاثنين من سويسرا جولة أوروبية تقوده إلى النمسا": the day a tour starts
    from one place dates that first leg, not a later host of the tour."""
    if d.end > ts or not _TOUR_NOUN.search(c.text[ts:te]):
        return False
    return any(d.end <= a.start < ts and a.cls == "place" and a.code and a.code != target.code
               and re.search(r"(?<!\w)من\s+(?:\S+\s+)?$", c.text[max(d.end, a.start - 20):a.start]) for a in c.actors)


def _date_candidates(c: Clause, ts: int, te: int, event_type: str | None = None,
                     parties: set[str] | None = None) -> list[tuple[int, DateExpression]]:
    """(rank, date) for every date of the sentence that may date the event at [ts, te):
    - only event dates (kind date, not the start of a "since", resolved);
    - reported speech: a date in the frame of a reporting verb ("أعلن الوزير الأحد أن ...")
      dates the statement, not the event reported after the complementiser, and a date
      inside the report does not date an event in the frame;
    - a date inside a relative clause ("الضربة التي وجهتها ... الأسبوع الماضي") belongs to
      that clause's verb, and an event inside one takes only dates inside it;
    - an event put before or after another ("وصل الأربعاء بعد جولة ...", "عودته من زيارة")
      takes only dates written after it in its own clause;
    - rank 0: same clause (commas and semicolons bound it); 1: a clause without a verb of its
      own ("زار، الأربعاء، ..."); 2: another clause, only when the event's clause has no verb;
      3: the statement's date, for an event that is the announcement itself (an announced arms
      deal) or that encloses the statement ("قال ماكرون الأربعاء ... في إطار زيارة").
    """
    lex = load_date_lexicon()
    usable = [d for d in c.dates if d.kind == "date" and not d.since and d.value is not None and d.start_date is not None
              and (not d.reverse_anchor or (0 <= ts - d.end <= 40 and not re.search(r"[،,.؛]", c.text[d.end:ts])))
              and (d.anchor_phrase is None or d.anchor_phrase[0] <= ts < d.anchor_phrase[1])]
    # "وبعد زيارته إلى سويسرا حتى الثلاثاء، سيتوجه إلى فيينا": a day after حتى ends the stay it
    # follows (a day of it) and does not start the trip a fronted بعد puts after it; the next leg
    # told after it may start that day ("سيقيم فيها حتى يوم الأحد ويتوجه منها إلى هلسنكي")
    if event_type == "visit":
        usable = [d for d in usable if not (d.precision == "day" and d.end <= ts and _UNTIL.search(c.text, max(c.start, d.start - 12), d.start)
                                            and re.search(r"(?<!\w)[وف]?بعد(?!\w)", c.text[max(c.start, d.start - 60):d.start])
                                            and re.search(r"[،,]", c.text[d.end:ts]))]
    if not usable:
        return []
    lo_s, hi_s = c.start, c.end
    comp = _complementiser_positions(c, lex)
    before_trigger = [p for p in comp if p <= ts]
    # "أكد الوزير الثلاثاء أن ...، وذلك لدى بدء محادثاته في بروكسل": "وذلك" takes the statement
    # back up; what follows is where and when it was made, in the statement's frame
    if before_trigger and _BACK_TO_THE_FRAME.search(c.text, before_trigger[-1], ts):
        before_trigger = []
    statement: list[DateExpression] = []
    if before_trigger:
        lo_s = before_trigger[-1]
        # "أعلنت الرئاسة الثلاثاء أن الرئيس قد وصل إلى ...": a perfect with قد reports what has
        # just happened; the statement's day is its day. A news outlet's is only the day it
        # reported ("ذكرت وكالة يونهاب الثلاثاء أن كيم يونغ تشول قد توجه إلى ...").
        just_done = re.search(r"(?<!\w)قد\s+$", c.text[max(c.start, ts - 8):ts]) is not None and \
            lex.past_re.fullmatch(c.text[ts:te]) is not None and not _MEDIA_NOUNS.search(c.text, c.start, lo_s)
        if event_type == "arms_deal" and not _third_party_speaks(c, lo_s, parties) or lex.during_re.search(c.text[max(c.start, ts - 20):ts]):
            statement = [d for d in usable if d.end <= lo_s]
        elif just_done:
            statement = [d for d in usable if d.end <= lo_s and d.precision == "day"]
    after_trigger = [p for p in comp if p > te] + [m.start() for m in _PLAN_CLAUSE_RE.finditer(c.text, te, c.end)][:1]
    after_trigger.sort()
    if after_trigger:
        hi_s = after_trigger[0]
    usable = [d for d in usable if lo_s <= d.start and d.end <= hi_s]
    rel_lo = _relative_clause_start(c, lex, ts, lo_s)
    attended: list[DateExpression] = []
    if rel_lo is not None:
        rel_hi = _clause_end(c, te, hi_s)
        # an event in a relative clause takes its own dates; with none there, the sentence's
        # only after an occasion noun ("المرة الأولى التي يزور فيها ..." refers back to the
        # visit the sentence dates; "الزعيم الذي قام بزيارة" does not)
        # "غريفيث، الذي وصل إلى صنعاء، السبت الماضي، لإقناع": a date set between commas right
        # after the relative clause is still its own
        own = [d for d in usable if (rel_lo <= d.start and d.end <= rel_hi)
               or (d.start >= rel_hi and re.fullmatch(r"[\s،,]*", c.text[rel_hi:d.start])
                   and re.match(r"\s*(?:[،,.؛]|$)", c.text[d.end:c.end]))]
        before = c.text[max(c.start, rel_lo - 20):rel_lo].split()
        # "استقبل ... الأربعاء رئيس إريتريا الذي يقوم بزيارة إلى الإمارات": a visit under way
        # during a reception or meeting the sentence dates is dated by it.
        under_way = (load_event_lexicon().cues["ongoing"].search(c.text[rel_lo:ts])
                     and _encounter_re().search(c.text, lo_s, rel_lo))
        usable = own or (usable if (before and before[-1] in _OCCASION_NOUNS) or under_way else [])
    else:
        # a relative clause right after the event ("زيارته ... التي بدأها الأربعاء") describes it
        # and so does one on what the trip is for ("توجه إلى روسيا للمشاركة في المشاورات ...
        # التي تنطلق الاثنين": the talks it goes to attend)
        starts = {id(d): _relative_clause_start(c, lex, d.start, lo_s) for d in usable}
        attended = [d for d in usable if (r := starts[id(d)]) is not None
                    and ts <= r < d.start and 25 < r - te <= 180 and _attending(c, te, r)]
        # ... and so does one whose verb carries the visit, however long the names between
        # ("بزيارة ولي العهد، الأمير محمد بن سلمان للكويت، والتي أجراها الأحد")
        usable = [d for d in usable if (r := starts[id(d)]) is None
                  or (r < d.start and r >= ts and (0 <= r - te <= 25 or (r - te <= 150 and _CARRIER_RELATIVE.match(c.text, r))))] \
            + attended
    # "رحبت دمشق الثلاثاء بزيارة المنظمة": a date between a verb of reacting and the trigger
    # dates the reaction, not the event reacted to; so does one before that verb ("قال الرزاز
    # خلال مؤتمر صحفي الثلاثاء معلقا على زيارة نتانياهو": the day of the comment) ...
    reactions = list(load_event_lexicon().cues["reaction"].finditer(c.text, lo_s, ts))
    # ... unless the event encloses the reaction ("اعتبرت ميركل، الجمعة، خلال زيارة إلى
    # واشنطن أن ..."): said during the visit, on a day of it.
    if reactions and not lex.during_re.search(c.text[max(c.start, ts - 20):ts]):
        usable = [d for d in usable if d.start >= te]
    # "اعتقلت الشرطة سبعة طلاب، اليوم الأحد، لاعتراضهم على التدخل العسكري": the day of what an
    # objection brought dates that, not the deployment objected to (a protest during a visit
    # falls on one of its days, so visits keep it)
    if event_type not in (None, "visit") and _OBJECTING.search(c.text, lo_s, ts):
        usable = [d for d in usable if d.start >= te]
    # "دافع وزير الخارجية التركي، الأربعاء، عن شراء المنظومة": a day between a verb of defending
    # and the trigger dates the defence of a deal or trip already made, not the deal or trip
    # (its subject may still be a party, so these are not reactions).
    # "أطلع الرئيس الخميس على تفاصيل زيارته إلى السعودية": a visit told of by its details or
    # results is over; a day before it is the day it was told of.
    if _DETAILS_OF.search(c.text, max(c.start, ts - 12), ts):
        usable = [d for d in usable if d.start >= te]
    # "استجوبت رئيس الوزراء، الثلاثاء، في تحقيق بشأن صفقة ... لبيع غواصات": the day of an
    # inquiry into a deal or trip is the inquiry's
    inquiry = _INQUIRY_INTO.search(c.text, max(c.start, ts - 60), ts)
    if inquiry:
        usable = [d for d in usable if d.start >= inquiry.end()]
    defences = list(_DEFENDING.finditer(c.text, lo_s, ts))
    if defences:
        usable = [d for d in usable if not (defences[-1].end() <= d.start and d.end <= ts)]
    # "خلال مظاهرة مناهضة لزيارة الرئيس المصري إلى تونس، نظمها حزبه اليوم السبت": a day set off
    # by a comma after a visit that is protested against dates the protest.
    if _PROTESTED.search(c.text, max(c.start, ts - 20), ts):
        usable = [d for d in usable if not (d.start >= te and re.search(r"[،,]", c.text[te:d.start]))]
    # "تهما، وفق ما أعلن المتحدث الاثنين": the day of a statement cited after a deployment, deal
    # or withdrawal is not its day (a visit is mostly reported while under way: it is one of its days).
    if event_type not in (None, "visit"):
        usable = [d for d in usable if not _in_attribution(c, te, d, lex)]
    # "تحدث، في مستهل زيارته لدمشق، عن اجتماع يعقد في السابع من سبتمبر": a date after a meeting
    # spoken about dates that meeting, the topic, not the event the talk happened in
    usable = [d for d in usable if not (d.start >= te and _TOPIC_EVENT.search(c.text, te, d.start))]
    # "سلمت موسكو المنظومة بعد إسقاط طائرة في سبتمبر": a date inside a phrase about another
    # event, opened after the trigger, dates that event.
    # ("يتوجه بعد انتهاء القمة إلى بريطانيا، حيث يصل الخميس": a clause on the arrival there is
    # the trip's, whatever subordinate phrase came before it)
    usable = [d for d in usable if (not _in_subordinate_phrase(c, te, d)
                                    or _WHERE_ARRIVES.match(c.text, _clause_start(c, d.start, lo_s), d.start))
              and not _trigger_subordinated(c, ts, d)
              and not _dates_an_incident(c, ts, te, d) and not _told_as_earlier_after(c, te, d)
              and not (d.start >= te and _EARLIER_VISIT.search(c.text, te, d.start))
              and not (d.end <= ts and d.precision == "day" and _THEN.search(c.text, d.end, ts))
              and not (d.end <= ts and _CONTRAST.search(c.text, d.end, ts))
              and not (d.end <= ts and _AGREED_TO.search(c.text, d.end, ts))  # the agreement's day
              and not (event_type in ("military_withdrawal", "military_deployment") and d.end <= ts
                       and (_INTENT.search(c.text, max(c.start, d.start - 40), ts)
                            # "أكد ترامب في 29 مارس سحبه القريب جدا للقوات": the act lies ahead
                            or load_event_lexicon().cues["planned_after"].search(c.text[te:min(c.end, te + 30)])))]
    # "في ثالث زيارة ... هذا العام", "أول وزير يزور لبنان منذ أربع سنوات": after a count of
    # occasions, "this year" or a gap after the trigger counts them; it does not date this one
    # (an explicit date does: "أول زيارة له في مارس 2018").
    counted_before = bool(_ordinals_in(c.text[max(c.start, ts - 40):ts]))
    usable = [d for d in usable if not (d.start >= te and (counted_before or _ordinals_in(c.text[te:d.start]))
                                        and ((d.precision == "year" and _current_period(c.text[d.start:d.end], lex))
                                             or c.text[d.start:d.end].startswith("منذ")))]
    lo = _clause_start(c, ts, lo_s)
    hi = _clause_end(c, te, hi_s)
    if lex.anchoring_re.search(c.text[max(lo, ts - 30):ts]) or _RETURN_FROM.search(c.text, max(c.start, ts - 100), ts):
        hi_names = _past_names_between_commas(c, hi, hi_s, usable)
        # (the count itself dates the event it anchors: "بعد خمسة أيام فقط على زيارة")
        usable = [d for d in usable if te <= d.start and d.end <= hi_names
                  or d.reverse_anchor and 0 <= ts - d.end <= 40 and not re.search(r"[،,.؛]", c.text[d.end:ts])]
    ranked = []
    # A trigger that is a past verb itself ("تمركزت ... قوات") is the clause's own verb.
    own_verb = _governing_tense(c.text[lo:ts].split() + c.text[te:hi].split(), lex) is not None or any(
        lex.past_re.fullmatch(w) for w in c.text[ts:te].split())
    for d in usable:
        if lo <= d.start and d.end <= hi:
            ranked.append((0, d))
            continue
        if d in attended:
            ranked.append((1, d))
            continue
        d_lo, d_hi = _clause_start(c, d.start, lo_s), _clause_end(c, d.end, hi_s)
        if d_lo >= hi and _WHERE_ARRIVES.match(c.text, d_lo, d.start):
            # "يتوجه ترامب إلى بريطانيا، حيث من المقرر أن يصل ظهر الخميس": the arrival there
            ranked.append((1, d))
            continue
        words = c.text[d_lo:d.start].split() + c.text[d.end:d_hi].split()
        if _governing_tense(words, lex) is None:
            # "في الصحف اليوم: ...، وزيارة ولي العهد إلى بريطانيا، واتفاق الكوريتين على قمة في
            # نيسان المقبل": items of a list, each with its own date
            if not (_list_item(c, lo) and _list_item(c, d_lo)):
                ranked.append((1, d))
        elif not own_verb:
            ranked.append((2, d))
    if not ranked:
        ranked = [(3, d) for d in statement]
    return ranked


_UNTIL = re.compile(r"(?<!\w)(?:حتي|لغايه|الي غايه|وحتي)\s+(?:يوم\s+)?$")

# "أعلن ترامب الخميس عزمه سحب القوات"، "وعد في وقت سابق من العام الجاري بسحب": the day dates the
# intention or the promise; the withdrawal or deployment itself is not dated by it.
_INTENT = re.compile(r"(?<!\w)[وفبل]?(?:عزم|عزمه|عزمها|عزمهم|نيه|نيته|نيتها|نيتهم|وعد|وعده|وعدت|تعهد|تعهده|تعهدت)(?!\w)")

# "بعد ساعات من عودة رئيس الوزراء الإسرائيلي، بنيامين نتانياهو، من زيارة لموسكو": the return
# from a visit, whoever is named between; a day before it dates what followed the visit.
_RETURN_FROM = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:عوده|عودته|عودتها|عودتهم|عودتهما)(?:\s+\S+){0,8}?\s+من\s+$")

# Words of protest right before an event word: "مظاهرة مناهضة لزيارة", "احتجاجا على زيارة".
_PROTESTED = re.compile(r"(?<!\w)(?:مناهضه|مناهض|المناهضه|رافضه|الرافضه|مندده|المندده|منددين|احتجاجا\s+علي|احتجاج\s+علي|رفضا|تنديدا)\s+(?:\S+\s+)?$")

# "فشلت الخميس في تحقيق أي اختراق في حين استضاف البشير الخصمين": a clause of contrast
# tells another act; a day before it is the first clause's.
_CONTRAST = re.compile(r"(?<!\w)(?:في\s+حين|بينما|وبينما)(?!\w)")


# A clause that tells of the arrival where the trip goes: "، حيث (من المقرر أن) يصل ..."
_WHERE_ARRIVES = re.compile(r"\s*حيث\s+(?:\S+\s+){0,3}?[وف]?(?:يصل|تصل|سيصل|ستصل|وصل|وصلت|يحل|تحل|يبدا|تبدا)(?!\w)")

_INQUIRY_INTO = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:تحقيق|تحقيقات|التحقيقات|قضيه|فضيحه|اتهامات|شبهات|شبهه)\s+(?:\S+\s+){0,2}?(?:بشان|حول|في|عن)\s+(?:\S+\s+){0,6}?$")

_DETAILS_OF = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:تفاصيل|نتائج|حصيله|ثمار)\s+$")

_OBJECTING = re.compile(r"(?<!\w)[وفل]?(?:اعتراضهم|اعتراضه|اعتراضها|اعتراضا|احتجاجا|احتجاجهم|تنديدا|انتقادهم|انتقاده|انتقادها)\s+(?:علي|ب)")

# Verbs of defending or justifying what was done ("دافع ... عن", "برر").
_DEFENDING = re.compile(r"(?<!\w)[وف]?(?:دافع|دافعت|دافعا|يدافع|تدافع|دفاعا|برر|بررت|يبرر|تبرر|تبريرا"
                        # "وكانت تقارير تحدثت الخميس عن إرسال جنود": the day the reports spoke
                        r"|تحدث|تحدثت|تحدثوا|يتحدث|تتحدث)(?!\w)")

# "يبدأ السبت جولة يستهلها من بكين ثم يتوجه إلى موسكو": a later step; the day before it is the first one's.
_BACK_TO_THE_FRAME = re.compile(r"[،,]\s*وذلك\s+(?:لدي|خلال|اثناء|عند|في|علي\s+هامش)\s+(?:\S+\s+){0,2}?$")
_TOPIC_EVENT = re.compile(r"(?<!\w)(?:عن|حول|بشان)\s+(?:ال)?(?:اجتماع|قمه|مؤتمر|لقاء|محادثات|مفاوضات|انتخابات|استفتاء)(?!\w)")
_THEN = re.compile(r"(?<!\w)(?:ثم|بعدها|وبعدها)(?!\w)")

# "و" and an imperfect verb: a clause of its own ("ويجري محادثات").
_JOINED_VERB = re.compile(r"(?<!\w)[وف][يت]\w{2,}")

# "بقيت زيارة ماتيس ... سرية بعد حادثة خلال زيارته الأخيرة في أيلول": a date after another
# visit noun told as an earlier one is that visit's.
_EARLIER_VISIT = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:زياره|زيارته|زيارتها|زيارتهم|زيارتهما|جوله|جولته|جولتها)\s+"
                            r"(?:سابقه|السابقه|الماضيه|الاخيره|الفائته)(?!\w)")

# "وفق ما أعلن المتحدث الاثنين", "بحسب ما ذكرت الوكالة", "كما قال الوزير": who says so, after the event
_ATTRIBUTION = re.compile(r"(?<!\w)و?(?:وفق|وفقا ل|بحسب|حسب|طبقا ل|مثلما|كما)\s*(?:ما\s+)?(\S+)")


def _third_party_speaks(c: Clause, comp: int, parties: set[str] | None) -> bool:
    """"أبلغ بومبيو تشاووش أوغلو، الشهر الماضي، أن الولايات المتحدة تشعر بقلق إزاء قرار أنقرة
    شراء ...": the one who speaks before the complementiser is no party to the deal, so his
    day is not an announcement of it."""
    if not parties:
        return False
    speaker = next((a for a in c.actors if c.start <= a.start < comp and a.code and a.cls in ("agent", "place")), None)
    return speaker is not None and speaker.code not in parties


def _in_attribution(c: Clause, te: int, d: DateExpression, lex) -> bool:
    """"يواجه جنود ... تهما، وفق ما أعلن المتحدث الاثنين": a date inside an attribution after
    a deployment, deal or withdrawal dates the statement that is cited, not the event."""
    if d.start < te:
        return False
    for m in _ATTRIBUTION.finditer(c.text, te, d.start):
        if re.sub(r"^[وف](?=\S{3,})", "", m.group(1)) in lex.reporting_verbs and not re.search(r"[.؛]", c.text[m.end():d.start]):
            return True
    return False


# "يستقبل ماكرون كونتي لإعداد اجتماع المجلس الأوروبي في 28 و29 حزيران": what a meeting
# prepares comes later, on its own day.
_PREPARING = frozenset(("لاعداد", "للاعداد", "للتحضير", "تحضيرا", "استعدادا", "تمهيدا", "للتمهيد"))


def _in_subordinate_phrase(c: Clause, te: int, d: DateExpression) -> bool:
    if d.start < te:
        return False
    words = c.text[te:d.start].split()
    # (and a cause: "على خلفية حادثة احتجاز ...، في 8 أبريل 2018، طائرة")
    opened = [i for i, w in enumerate(words) if re.sub(r"^[وف](?=\S{3,})", "", w) in _TEMPORAL_SUBORDINATORS | _PREPARING | _CAUSAL_SUBORDINATORS]
    # The subordinator must be followed by words of its own, not by a time of day that belongs
    # to the date ("بعد ظهر الأحد").
    return bool(opened) and opened[-1] < len(words) - 1 and words[opened[-1] + 1] not in _times_of_day()


def _attending(c: Clause, te: int, r: int) -> bool:
    """A phrase of attending (للمشاركة في، لحضور) between the trip and the relative clause, in
    the same clause (no full stop or semicolon between)."""
    between = c.text[te:r]
    words = between.split()
    at = [i for i, w in enumerate(words) if re.sub(r"^[وف](?=\S{3,})", "", w) in _ATTENDING]
    if not at or re.search(r"[.؛;]", between):
        return False
    # the relative clause must describe what is attended: a few words after the attending word,
    # with no comma or "وذلك" opening another phrase between
    tail = words[at[-1]:]
    return len(tail) <= 10 and "وذلك" not in tail and not re.search(r"[،,]", " ".join(tail))


def _current_period(text: str, lex) -> bool:
    """"هذا العام", "العام الجاري": the period the article is in."""
    return any(w == "هذا" or lex.dir_words.get(w) == "current" for w in text.split())


def _ordinals_in(text: str) -> set[str]:
    # "أول", "ثالث", and with the article "للمرة الأولى"
    return {re.sub(r"^(?:[وفبل](?=\S{3,}))?(?:ال(?=\S{3,}))?", "", w) for w in text.split()} & _COUNT_ORDINALS


def _dates_an_incident(c: Clause, ts: int, te: int, d: DateExpression) -> bool:
    """"للتحقيق في هجوم السبت الماضي": a date right after an incident noun (outside the
    trigger) is that incident's."""
    words = c.text[max(c.start, d.start - 25):d.start].split()
    if not words or ts <= d.start - len(words[-1]) - 1 < te:
        return False
    last = re.sub(r"^[وفبل](?=\S{3,})", "", words[-1])
    if last in _INCIDENT_NOUNS or (last == "يوم" and len(words) > 1 and words[-2] in _INCIDENT_NOUNS):
        return True
    # "بالتدخل في الانتخابات الأمريكية في 2016", "بارتكاب هجوم كيميائي قبل حوالي عام": the
    # noun and its adjective (and في) before the date
    back = 3 if last == "في" else 2
    if len(words) >= back and re.sub(r"^[وفبل](?=\S{3,})", "", words[-back]) in _INCIDENT_NOUNS \
            and not re.search(r"[،,.؛:]", " ".join(words[-back:])) and not (ts <= d.start - 25 < te):
        return True
    # "قدوم المفتشين ... لتقصي الحقائق المحيطة بوقوع هجوم كيماوي في المدينة بتاريخ 7 أبريل": an
    # incident named after the trigger, a few words before the date with no comma between
    lo = max(te, d.start - 70)
    for w in list(re.finditer(r"\S+", c.text[lo:d.start]))[-8:]:
        if re.sub(r"^[وفبل](?=\S{3,})", "", w.group(0)) in _INCIDENT_NOUNS \
                and not re.search(r"[،,.؛:]", c.text[lo + w.end():d.start]):
            return True
    # "الاتفاق النووي المبرم عام 2015": the date of a thing concluded, unless that thing is the
    # trigger's own noun phrase ("صفقة الأسلحة الموقعة عام 2015" dates the deal).
    participle = len(words) - (2 if last in ("في", "عام") and len(words) > 1 else 1)
    if words[participle] not in _CONCLUDED:
        return False
    return d.start < ts or len(c.text[te:d.start].split()) > 4


_CARRIER_RELATIVE = re.compile(r"[وف]?(?:التي|الذي)\s+(?:اجراها|اجرتها|قام بها|قامت بها|يقوم بها|تقوم بها|يجريها|تجريها|"
                               r"بداها|بداتها|تختتم|اختتمت|اختتم|تستمر|استمرت|تستغرق|استغرقت|تبدا|بدات)(?!\w)")
_EARLIER_OPENER = re.compile(r"(?<!\w)[وف]?(?:سبق\s+(?:(?:ان|له|لها|لهم|لهما)(?!\w)|و)|(?:كان|كانت)\s+(?:\S+\s+){0,3}?قد(?!\w))")


def _told_as_earlier_after(c: Clause, te: int, d: DateExpression) -> bool:
    """"الزيارة الثانية للحريري إلى موسكو، إذ سبق والتقى بوتين في سبتمبر": a date after an
    opener of an earlier occasion (سبق أن، كان ... قد), after the trigger, dates that occasion."""
    return d.start >= te and _EARLIER_OPENER.search(c.text, te, d.start) is not None


def _trigger_subordinated(c: Clause, ts: int, d: DateExpression) -> bool:
    """The mirror case: the trigger stands in a phrase opened after the date ("وصل الأحد قبل أن
    يتوجه إلى ...", "أقر القانون الشهر الماضي بسبب شراء ...", "حدد الخميس موعد مغادرة ..."),
    so the date is the main verb's."""
    if d.end > ts:
        return False
    # (a phrase closed before "، وذلك" that takes the statement back up is no longer open)
    back = _BACK_TO_THE_FRAME.search(c.text, d.end, ts)
    words = [re.sub(r"^[وف](?=\S{3,})", "", w) for w in c.text[back.start() if back else d.end:ts].split()]
    opened = [i for i, w in enumerate(words) if w in _TEMPORAL_SUBORDINATORS or w in _CAUSAL_SUBORDINATORS
              or w in _APPOINTMENT_NOUNS]
    return bool(opened) and (opened[0] == len(words) - 1 or words[opened[0] + 1] not in _times_of_day()
                             and words[opened[0] + 1] not in _words_of("within_hours"))


@lru_cache(maxsize=None)
def _times_of_day() -> frozenset[str]:
    return _words_of("times_of_day")


@lru_cache(maxsize=None)
def _words_of(key: str) -> frozenset[str]:
    return frozenset(w for form in read_yaml("ar", "dates")[key] for w in normalize_form(form).split())


def _past_names_between_commas(c: Clause, hi: int, ceiling: int, dates: list[DateExpression]) -> int:
    """"عقب لقاء الرئيس هادي، المبعوث الأممي إلى اليمن، مارتن غريفيث، الأربعاء، في عدن": past
    the commas that set off names (words that are all actors, with a preposition of a post), a
    date set between commas still belongs to the clause."""
    while hi < ceiling and c.text[hi] in "،,":
        nxt = _clause_end(c, hi + 1, ceiling)
        seg = c.text[hi + 1:nxt]
        if any(hi < d.start and d.end <= nxt and not seg.replace(d.text, "", 1).strip() for d in dates):
            return nxt  # the date set between the commas
        covered = [(a.start, a.end) for a in c.actors if hi < a.start and a.end <= nxt]
        rest = seg
        for a_s, a_e in sorted(covered, reverse=True):
            rest = rest[:a_s - hi - 1] + rest[a_e - hi - 1:]
        if not covered or any(w not in ("الي", "لدي", "في") for w in rest.split()):
            return hi
        hi = nxt
    return hi


def _list_item(c: Clause, lo: int) -> bool:
    """A clause that opens with و and a noun ("، واتفاق ..."), not with a verb: an item of a list."""
    first = c.text[lo:lo + 30].split()[:1]
    if not first or not first[0].startswith("و") or len(first[0]) < 4:
        return False
    lex = load_date_lexicon()
    bare = first[0][1:]
    return (lex.past_re.fullmatch(bare) is None and bare not in lex.reporting_verbs
            and re.match(r"[يت]", bare) is None)


def _clause_start(c: Clause, pos: int, floor: int) -> int:
    return max([floor] + [c.text.rfind(p, floor, pos) + 1 for p in "،,؛;" if c.text.rfind(p, floor, pos) != -1])


def _clause_end(c: Clause, pos: int, ceiling: int) -> int:
    return min([i for i in (c.text.find(p, pos, ceiling) for p in "،,؛;") if i != -1] or [ceiling])


# "والأسبوع الماضي، تم الإعلان أن خطة زيارة الأمير ...": an announcement told as a noun
# reports what follows its complementiser, as a reporting verb does.
_ANNOUNCING_NOUNS = frozenset(("الاعلان", "اعلان", "بالاعلان", "الكشف", "التاكيد", "تاكيد"))


def _complementiser_positions(c: Clause, lex) -> list[int]:
    """Where reported content begins: a complementiser (أن، إن، بأن ...), a colon or an opening
    quotation mark within twelve words after a reporting verb ("قال"، "أعلن الوزير الأحد أن ...")."""
    out = []
    words = list(re.finditer(r"\S+", c.text[c.start:c.end]))
    for i, w in enumerate(words):
        bare = re.sub(r"^[وف](?=\S{3,})", "", w.group(0))
        if bare not in lex.reporting_verbs and bare not in _ANNOUNCING_NOUNS:
            continue
        for v in words[i + 1:i + 13]:
            token = v.group(0).strip("،,\"«»")
            if token in lex.complementisers:
                out.append(c.start + v.start())
                break
            if v.group(0).endswith(":"):
                # the report begins after the colon: "في 3 يوليو:" keeps its date in the frame
                out.append(c.start + v.end())
                break
            if v.group(0)[0] in "\"«":
                out.append(c.start + v.start())  # "قال يوم الأربعاء "سوف أقوم بالزيارة"": a quotation
                break
            if re.sub(r"^[وف](?=\S{3,})", "", token) in lex.reporting_verbs:
                break
    return out


def _relative_clause_start(c: Clause, lex, pos: int, floor: int) -> int | None:
    """The start of the relative clause ("التي ..."، "الذي ...") holding `pos`, if any: a
    relative pronoun earlier in the same comma-bounded clause."""
    lo = _clause_start(c, pos, floor)
    found = None
    for m in re.finditer(r"\S+", c.text[lo:pos]):
        # "والتي شهدت": a relative joined by و is one too
        if m.group(0) in lex.relative_pronouns or (m.group(0)[:1] in "وف" and m.group(0)[1:] in lex.relative_pronouns):
            found = lo + m.start()
    return found


def _day_dates(dates: list[DateExpression], lo: int, hi: int) -> list[DateExpression]:
    return [d for d in dates if lo <= d.start and d.end <= hi and d.kind == "date" and d.precision == "day"
            and not d.since and not d.reverse_anchor and d.start_date is not None]


def date_from_neighbours(text: str, sentences: list[tuple[int, int, str]], dates: list[DateExpression],
                         actors: list[ActorMention], i: int, actor_code: str, target_code: str,
                         speaker: str | None = None, person: str | None = None,
                         joint_host: str | None = None, published: dt.date | None = None,
                         planned: bool = False) -> tuple[DateExpression, int, bool] | None:
    """(date, sentence index, same occasion) for an undated event of sentence `i` from another
    sentence of the article (basis `adjacent_sentence`), or None. "Same occasion" is true for
    the rules that read both sentences as one narrative (anaphora, the speaker's statement): a
    stay's n-th day told in sentence i then counts from that date. The rules:
    - anaphora: sentence i opens with "وجاء ذلك ..." (it narrates the same occasion as the
      sentence before): the first day date of one of the two sentences before that names the
      actor or the target;
    - encounter: a sentence at most five away that names both actor and target and has a day
      date within 60 characters of a meeting or appearance word ("اجتمع الحريري بالعاهل
      السعودي الأربعاء", "قال ترامب الاثنين في مؤتمر صحافي مشترك مع نظيره النيجيري");
    - the next or previous sentence, with that kind of date, naming the actor as an agent
      and no third party ("وحضرت هيلي تنصيب دوكي يوم الثلاثاء" after her visit to Colombia),
      nor another person of the actor's state than the traveller (`person`): Trump's interview
      on Thursday does not date Pompeo's trip;
    - coincidence: sentence i says that something "coincided with" the event ("تزامن مع"):
      the nearest earlier day date within five sentences;
    - before those, for a mention of what a person is doing now (`speaker` given): the day or
      week on which that person spoke in one of the two sentences before (_statement_date), or
      the host (`joint_host`) when the mention is a joint appearance.
    With the encounter rules the target must be named near the date (_names_target_near).
    The nearest sentence wins, the earlier on a tie."""
    s, _, _ = sentences[i]
    for j in (i - 1, i - 2) if speaker is not None or joint_host is not None else ():
        said = _statement_date(text, sentences[j], dates, actors, speaker, joint_host) if j >= 0 else None
        if said is not None:
            return said, j, True
    # Further back only along an unbroken run of the same report ("وأضاف دانفورد ..."، "وقال:
    # ...") to the sentence that dates it, and only when sentence i names no day of its own
    # ("وقال ترامب في هلسنكي ...، في حين أكد الثلاثاء": it tells two days apart itself).
    if speaker is not None and not _day_dates(dates, s, sentences[i][1]):
        j = i - 1
        while j >= max(0, i - 5) and _continues_report(text, sentences[j + 1]):
            said = _statement_date(text, sentences[j], dates, actors, speaker)
            if said is not None:
                return said, j, True
            j -= 1
        # ... or to the lead, which dates the statement the article reports ("أكد ترامب،
        # الثلاثاء، أنه أعطى ..." ... "وقال الرئيس الأميركي في سنغافورة إنه أعطى الفيديو")
        body = text.find("\n")
        lead = next((j for j, (sj, _, _) in enumerate(sentences) if sj > body), None) if body >= 0 else None
        if lead is not None and lead + 1 < i:
            said = _statement_date(text, sentences[lead], dates, actors, speaker)
            if said is not None:
                return said, lead, True
    _, e, _ = sentences[i]
    coincides = _coincidence_re().search(text, s, e)
    # ("كي تتزامن مع زيارة ترامب": will coincide with a visit to come, not one the narrative dated)
    if coincides and not re.match(r"[وف]?(?:ي|ت)تزامن", coincides.group(0)):
        # "وقد تزامن مع استقبال ترامب ولي العهد": what it coincided with is the occasion the
        # narrative dated last; the nearest earlier day date within five sentences dates it.
        for j in range(i - 1, max(-1, i - 6), -1):
            days = _day_dates(dates, sentences[j][0], sentences[j][1])
            if days:
                return days[0], j, False
    opener = _openers_re()
    if opener.match(text, s):
        for j in (i - 1, i - 2):
            if j < 0:
                break
            sj, ej, _ = sentences[j]
            codes = {a.code for a in actors if sj <= a.start < ej and a.code}
            days = _day_dates(dates, sj, ej)
            if days and (actor_code in codes or target_code in codes):
                return days[0], j, True
    if _visit_anaphors_re().match(text, s):
        # "وتعد هذه الزيارة الثانية للحريري إلى موسكو": the visit an earlier sentence dates
        for j in range(i - 1, max(-1, i - 6), -1):
            sj, ej, _ = sentences[j]
            codes = {a.code for a in actors if sj <= a.start < ej and a.code}
            days = _day_dates(dates, sj, ej)
            if days and actor_code in codes and target_code in codes:
                return days[0], j, True
    # "خلال زيارته إلى كوريا الشمالية. وجرى اللقاء خلال مطلع أبريل": the next sentence dates the
    # meeting just told, naming no state of its own
    if i + 1 < len(sentences):
        sj, ej, _ = sentences[i + 1]
        if _dated_anaphors_re().match(text, sj) and not any(sj <= a.start < ej and a.code for a in actors):
            own = [d for d in dates if sj <= d.start and d.end <= ej and d.kind == "date" and not d.since
                   and d.start_date is not None and d.precision in ("day", "week", "month")]
            if own:
                return own[0], i + 1, True
    encounter = _encounter_re()
    for j, sj, ej, here in _nearby(sentences, actors, i, 5):
        codes = {a.code for a in here}
        both = actor_code in codes and target_code in codes
        agent = abs(j - i) == 1 and codes <= {actor_code, target_code} and any(
            a.code == actor_code and a.cls != "place" for a in here) and not any(
            a.code == actor_code and person is not None and a.person not in (None, person) for a in here)
        # "وشهد العالم في وقت سابق من الجمعة حدثا تاريخيا بلقاء الزعيمين": the pair named by a dual
        pair = abs(j - i) == 1 and codes <= {actor_code, target_code} and _PAIR_DUAL.search(text, sj, ej) is not None
        if not (both or agent or pair):
            continue
        # "حطت الطائرة الرئاسية التي نقلت ترامب ... في مطار ستانستيد قرب العاصمة البريطانية ظهر
        # الخميس": the landing of the plane that carries the visitor, however long the names
        landed = _LANDED.search(text, sj, ej) if both else None
        for d in _day_dates(dates, sj, ej):
            near_landing = landed is not None and 0 <= d.start - landed.end() <= 140 and not re.search(r"[.؛]", text[landed.end():d.start])
            if (near_landing or any(encounter.finditer(text, max(sj, d.start - 60), min(ej, d.end + 60)))) and (
                    not both or _names_target_near(d, here, actor_code, target_code)):
                return d, j, False
    # ... the visitor and his host together on a day, anywhere in the article, when it names one such day
    together = []
    for j, (sj, ej, _) in enumerate(sentences):
        here = [a for a in actors if sj <= a.start < ej and a.code]
        d = _together_on_a_day(text, sj, ej, here, dates, actor_code, target_code, person) if j != i else None
        if d is not None:
            together.append((d, j))
    if len({d.start_date for d, _ in together}) == 1:
        return together[0][0], together[0][1], False
    return _located(text, sentences, dates, actors, i, actor_code, target_code, person, published, planned)


_LANDED = re.compile(r"(?<!\w)[وف]?(?:حطت|هبطت)\s+(?:ال)?طاير(?:ه|ته|تها)(?!\w)")


# Two sides named together by a dual ("الزعيمين", "الجانبين"): the pair of the event.
_PAIR_DUAL = re.compile(r"(?<!\w)[وفبل]?(?:ال|لل)(?:زعيمين|زعيمان|رييسين|رييسان|جانبين|جانبان|طرفين|طرفان|وزيرين|وزيران)(?!\w)")


def _together_on_a_day(text: str, sj: int, ej: int, here: list[ActorMention], dates: list[DateExpression],
                       actor_code: str, target_code: str, person: str | None = None) -> DateExpression | None:
    """"وكان ترامب وماكرون قد عبرا الثلاثاء عن رغبتهما": the visitor and his host named together
    as the subject of what they did on a day (and no third state named) were together that day,
    one of the visit's (not on the phone: "تحدثا هاتفيا")."""
    if "هاتف" in text[sj:ej] or any(a.cls == "place" and a.code != target_code and _AT_PLACE.search(text, max(sj, a.start - 30), a.start)
                                     for a in here):
        return None  # on the phone, or together in a third state ("التقيا في سنغافورة")
    agents = [a for a in here if a.cls == "agent"]
    for a, b in zip(agents, agents[1:], strict=False):
        cs = b.clitic_start if b.clitic_start >= 0 else b.start
        visitor = a if a.code == actor_code else b
        if person is not None and visitor.person not in (None, person):
            continue  # Trump with Kim is not Pompeo's trip
        # ("الرئيسان الصيني شي جينبينغ والسنغالي ماكي سال": the second named after his nisba)
        joined = (re.fullmatch(r"\s*", text[a.end:cs]) and text[cs:b.start + 1].startswith("و")) or (
            re.fullmatch(r"\s*و\S+\s*", text[a.end:cs])
            and any(x.cls == "nisba" and x.code == b.code and a.end < x.start < cs for x in here))
        if {a.code, b.code} == {actor_code, target_code} and joined:
            days = _day_dates(dates, b.end, min(ej, b.end + 40))
            # (a state named after the day is what they spoke of: "عن رغبتهما في اتفاق مع إيران")
            if days and {x.code for x in here if x.start < days[0].end} <= {actor_code, target_code}:
                return days[0]
    return None


def _nearby(sentences: list[tuple[int, int, str]], actors: list[ActorMention], i: int, reach: int):
    """(index, start, end, coded actors) of the sentences at most `reach` away from sentence i,
    nearest first, the earlier on a tie."""
    for j in sorted(range(max(0, i - reach), min(len(sentences), i + reach + 1)), key=lambda j: (abs(j - i), j)):
        if j != i:
            sj, ej, _ = sentences[j]
            yield j, sj, ej, [a for a in actors if sj <= a.start < ej and a.code]


def _quoted_at(text: str, lo: int, pos: int) -> bool:
    """Whether `pos` lies inside a quotation opened after `lo` (a paragraph's start: a quotation
    may run over sentences)."""
    before = text[lo:pos]
    return before.count('"') % 2 == 1 or before.count("«") > before.count("»") or before.count("“") > before.count("”")


# Words of two sides meeting (not a press conference, not attending).
_MEETING = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:التقي|التقت|التقيا|التقوا|اجتمع|اجتمعت|اجتمعا|اجتمعوا|اجتماع|لقاء|لقاي|لقا|"
                      r"محادثات|مباحثات|استقبل|استقبلت|استقبال)(?:ه|ها|هما|هم)?(?!\w)")

# "في العاصمة الإريترية أسمرة", "من طوكيو", "بالقاهرة": where something happens.
_AT_PLACE = re.compile(r"(?<!\w)(?:في|من|داخل)\s+(?:\S+\s+){0,2}$")


def _located(text: str, sentences: list[tuple[int, int, str]], dates: list[DateExpression],
             actors: list[ActorMention], i: int, actor_code: str, target_code: str,
             person: str | None, published: dt.date | None, planned: bool = False) -> tuple[DateExpression, int, bool] | None:
    """located: a sentence at most six away that puts the visitor, or a meeting, in the host
    on a day (or a meeting's week) within ten days of the report — the host named as where
    (في، من، بـ) at most three words from the day with no other state between ("أكد بومبيو
    الأحد من طوكيو", "التقى السيسي أحمد في القاهرة، الأحد", "اجتمعا صباح أمس الأحد في العاصمة
    الإريترية أسمرة"), outside a quotation. The official visitor must be named before the day
    (not another person of his state), or a meeting word with no third state's official stand
    within 60 characters of it."""
    if published is None:
        return None
    encounter = _encounter_re()
    lex = load_date_lexicon()
    for j, sj, ej, here in _nearby(sentences, actors, i, 6):
        hosts = [a for a in here if a.code == target_code and a.cls == "place"
                 and (_AT_PLACE.search(text, max(sj, a.start - 30), a.start)
                      or text[a.clitic_start:a.start].startswith("ب"))]
        if not hosts:
            continue
        # "فشل اجتماعهما الأول الأسبوع الماضي في العاصمة الإثيوبية": a meeting's week too
        weeks = [d for d in dates if sj <= d.start and d.end <= ej and d.kind == "date" and d.precision == "week"
                 and not d.since and d.start_date is not None and encounter.search(text, max(sj, d.start - 40), d.start)]
        for d in _day_dates(dates, sj, ej) + weeks:
            # a trip still ahead is not dated by a day gone by; a trip told as done may be placed
            # in the host a day or three ahead ("من المقرر أن يجري بومبيو السبت في الرياض
            # محادثات", in a Friday report: it becomes a plan)
            ahead = (d.start_date - published).days
            if abs(ahead) > 10 or (planned and ahead < 0) or (not planned and ahead > 3):
                continue
            if ahead > 0 and not planned and _governing_tense(text[sj:d.start].split(), lex) != "future" \
                    and not lex.future_re.search(text, sj, d.start):
                continue  # ahead only when its own sentence tells a plan (من المقرر، سيلتقي)
            # "قال في تغريدة: المباحثات التي أجريتها في أنقرة اليوم": a quotation's day is its
            # speaker's, and when he spoke the sentence does not say
            if _quoted_at(text, text.rfind("\n", 0, sj) + 1, d.start):
                continue
            # the day and the host's place side by side: at most three words between
            # ("الأحد في القاهرة", "في العاصمة الإريترية أسمرة", "من طوكيو الأحد"), none a
            # third party's ("اتفقتا يوم الاثنين على عقد قمة في بيونغيانغ" dates the agreement)
            near = any(len(text[(lo := min(h.end, d.end)):(hi := max(h.start, d.start))].split()) <= 3
                       and not any(lo <= a.start < hi and a.code not in (actor_code, target_code) for a in here)
                       for h in hosts)
            if not near:
                continue
            visitor = any(a.code == actor_code and a.cls == "agent" and a.official and a.end <= d.start
                          and (person is None or a.person in (None, person)) for a in here)
            # with the visitor unnamed (or named as we cannot read him: "التقى السيسي أحمد في
            # القاهرة، الأحد"), a meeting with the host or between the two, not the host's own
            # press conference ("في مؤتمر صحفي عقده بالرياض الأربعاء") nor a third state's act
            unnamed = not any(a.cls == "agent" and a.code not in (actor_code, target_code) for a in here) and \
                _MEETING.search(text, max(sj, d.start - 60), min(ej, d.end + 60)) is not None
            if visitor or unnamed:
                return d, j, False
    return None


def _continues_report(text: str, sentence: tuple[int, int, str]) -> bool:
    """A sentence that goes on with the report before it: it opens with و/ف and a reporting
    verb ("وأضاف", "وقال:") or with a quotation."""
    first = text[sentence[0]:sentence[1]].split(maxsplit=1)[:1]
    if not first:
        return False
    if first[0][:1] in "\"«“":
        return True
    return first[0][:1] in "وف" and first[0][1:].rstrip(":،,") in load_date_lexicon().reporting_verbs


def _statement_date(text: str, sentence: tuple[int, int, str], dates: list[DateExpression],
                    actors: list[ActorMention], speaker: str | None, joint_host: str | None = None) -> DateExpression | None:
    """"أكد وزير الخارجية الألماني هايكو ماس، الأربعاء، ..." then "ويزور ماس أنقرة": the day or
    week on which the same person spoke in an earlier sentence dates what he is doing there."""
    sj, ej, _ = sentence
    lex = load_date_lexicon()
    said = lex.reporting_verbs | lex.speech_acts
    for a in actors:
        # at a joint press conference the host's word is given the same day ("أعلنت الحكومة
        # السورية، الاثنين" before "في مؤتمر صحفي مشترك مع نظيره العراقي في دمشق")
        if not (sj <= a.start < ej and ((speaker is not None and a.person == speaker)
                                        or (joint_host is not None and a.code == joint_host and a.cls in ("agent", "nisba")))):
            continue
        before = [re.sub(r"^[وف](?=\S{3,})", "", w) for w in text[max(sj, a.start - 25):a.start].split()[-2:]]
        # "قال رئيس هيئة الأركان الأميركية المشتركة، الجنرال جوزيف دانفورد، السبت": the verb
        # opens the sentence and the person ends the title that is its subject
        opening = [re.sub(r"^[وف](?=\S{3,})", "", w) for w in text[sj:a.start].split()]
        if not set(before) & said and not (opening and len(opening) <= 8 and opening[0] in said):
            continue
        for d in dates:
            if (d.kind == "date" and not d.since and d.start_date is not None and d.precision in ("day", "week")
                    and a.end <= d.start and len(text[a.end:d.start].split()) <= 3):
                return d
    return None


def _names_target_near(d: DateExpression, here: list[ActorMention], actor_code: str, target_code: str) -> bool:
    """The target is named within 60 characters of the date with no third party between them:
    in "وصل إلى إسبانيا الأربعاء قادما من فرنسا ...، وبعد جولة شملت مصر" the Wednesday is
    the arrival's, not the earlier stops'."""
    for t in (a for a in here if a.code == target_code):
        lo, hi = (t.end, d.start) if t.end <= d.start else (d.end, t.start)
        if hi - lo <= 60 and not any(lo <= a.start < hi and a.code not in (actor_code, target_code) for a in here):
            return True
    return False


@lru_cache(maxsize=None)
def _openers_re() -> re.Pattern:
    from waqai.transforms.dates.stay import _forms
    return _forms("anaphoric_openers", r"\s*(?:[\"«]\s*)?(?:{})(?!\w)")


@lru_cache(maxsize=None)
def _dated_anaphors_re() -> re.Pattern:
    from waqai.transforms.dates.stay import _forms
    return _forms("dated_anaphors", r"\s*(?:{})(?!\w)")


@lru_cache(maxsize=None)
def _visit_anaphors_re() -> re.Pattern:
    from waqai.transforms.dates.stay import _forms
    return _forms("visit_anaphors", r"\s*(?:{})(?!\w)")


@lru_cache(maxsize=None)
def _coincidence_re() -> re.Pattern:
    from waqai.transforms.dates.stay import _forms
    return _forms("coincidence_words", r"(?<!\w)[وفب]?(?:{})(?:\s+\S+){0,2}?\s+مع(?!\w)")


@lru_cache(maxsize=None)
def _encounter_re() -> re.Pattern:
    from waqai.transforms.dates.stay import _forms
    # with a possessive ending too: "لدى بدء محادثاته في بروكسل"
    return _forms("encounter_words", r"(?<!\w)[وفبل]?(?:{})(?:ه|ها|هما|هم)?(?!\w)")


# "وسحبت ... قواتها من السعودية وباتت قاعدة العديد ... ومنها تنطلق حاليا": a clause of its own
_NEW_COPULA = re.compile(r"(?<!\w)و(?:بات|باتت|اصبح|اصبحت|صار|صارت|اضحي|اضحت|ظل|ظلت|بقي|بقيت)(?!\w)")


# "سافر ... فيما بعث برسالة قال فيها: "الآن يجب الفوز"": a "now" in a quote is the speaker's
_QUOTE_OPENS = re.compile(r'[«"“:]')


def present_date(c: Clause, ts: int, te: int, published: dt.date | None) -> DateExpression | None:
    """"ويزور مفتشون من المنظمة دمشق حاليا": an event under way "now" (حاليا، الآن) in the
    trigger's own clause is dated the publication day, the one day the text vouches for."""
    if published is None:
        return None
    lo, hi = _clause_start(c, ts, c.start), _clause_end(c, te, c.end)
    for d in c.dates:
        if d.kind == "present" and lo <= d.start and d.end <= hi and d.start >= te and not _COMPLEMENTISER.search(c.text, te, d.start) \
                and not _NEW_COPULA.search(c.text, te, d.start) and not _QUOTE_OPENS.search(c.text, te, d.start):
            # (after "تشير إلى أن ..." the "now" is the claim's: "بعد محادثات ... تشير إلى أن
            # ضغوطه آتت ثمارها في الوقت الحالي")
            return replace(d, value=published.isoformat(), precision="day", start_date=published, end_date=published,
                           basis="relative_to_publication", rule="DATE-PRESENT-EVENT")
    return None


# "تزامنا مع بدئه أول زيارة إلى إثيوبيا": what the sentence tells happened as the visit began
_COINCIDING = re.compile(r"(?<!\w)[وف]?(?:تزامنا|بالتزامن|متزامنا|تزامن)\s+مع\s+(?:(?:بدء|بدئه|بديه|بدئها|بديها|بدايه|وصول|وصوله|وصولها|انطلاق)\s+)?(?:اول\s+)?$")


def coinciding_day(c: Clause, ts: int) -> DateExpression | None:
    """"قال أفورقي السبت إن التاريخ يصنع الآن، وذلك تزامنا مع بدئه أول زيارة إلى إثيوبيا": the
    day of what the sentence tells is the day the visit begins, which it coincides with."""
    cue = _COINCIDING.search(c.text, max(c.start, ts - 40), ts)
    if cue is None:
        return None
    days = [d for d in c.dates if d.kind == "date" and not d.since and d.precision == "day" and d.end <= cue.start()]
    return days[-1] if days else None


# "زار مؤخرا الهند وأستراليا تزامنا مع تظاهرات الأول من مايو": what the visit coincided with
_COINCIDING_AFTER = re.compile(r"(?<!\w)[وف]?(?:تزامنا|بالتزامن|متزامنا|تزامنت|تزامن)\s+مع\s+")


def coinciding_after(c: Clause, te: int) -> DateExpression | None:
    """A visit "coinciding with" an occasion the same clause dates right after ("تزامنا مع
    تظاهرات الأول من مايو", "بالتزامن مع احتفالات 14 يوليو"): that date."""
    cue = _COINCIDING_AFTER.search(c.text, te, min(c.end, te + 90))
    if cue is None or re.search(r"[.؛:]", c.text[te:cue.start()]):
        return None
    for d in c.dates:
        if d.start >= cue.end() and d.kind == "date" and not d.since and d.precision in ("day", "week", "month") \
                and len(c.text[cue.end():d.start].split()) <= 3 and not re.search(r"[،,.؛:]", c.text[cue.end():d.start]):
            return d
    return None


# "يعود ... لعام 2010، حينما وقعت سوريا عقدا", "تعود آخر زيارة ... إلى مارس حين توجه": a date
# right before "when" is the time the clause after it tells
_WHEN_AFTER_DATE = re.compile(r"\s*[،,]?\s*(?:حين|حينما|عندما|وقتما)\s+(?:\S+\s+){0,8}?$")


def when_date(c: Clause, ts: int) -> DateExpression | None:
    """The date written right before the "when" (حين، حينما، عندما) that opens the trigger's
    clause: "قام بها في مارس حين توجه ... إلى بيونغ يانغ" is a trip in March."""
    for d in c.dates:
        if d.kind == "date" and not d.since and d.start_date is not None and d.end <= ts \
                and _WHEN_AFTER_DATE.fullmatch(c.text, d.end, ts) and not re.search(r"[.؛:]", c.text[d.end:ts]):
            return d
    return None


def visit_since_day(c: Clause, ts: int, te: int, published: dt.date | None) -> DateExpression | None:
    """"ويشارك كير ومشار منذ الاثنين في جولة جديدة من المحادثات في الخرطوم": a day of the last
    fortnight after منذ, in the trigger's clause, is when the stay began ("يزور الجزائر منذ
    الأحد"). (A year or a month after منذ tells how long since an earlier time: "أول زيارة منذ
    2015".)"""
    if published is None:
        return None
    lo, hi = _clause_start(c, ts, c.start), _clause_end(c, te, c.end)
    for d in c.dates:
        if d.since and d.kind == "date" and d.precision == "day" and d.start_date is not None and lo <= d.start and d.end <= hi \
                and dt.timedelta(0) <= published - d.start_date <= dt.timedelta(days=14):
            return replace(d, since=False, rule=f"{d.rule}-SINCE-START")
    return None


def since_date(c: Clause, ts: int, te: int) -> DateExpression | None:
    """"خفضت وجودها العسكري في سوريا منذ نوفمبر 2017", "تنشر قوات هناك منذ 2015": for forces
    and arms, a "since" in the trigger's own clause after it starts the interval the text
    supports. (A visit "الأولى منذ 2015" is not dated by it: visits never ask.)"""
    lo, hi = _clause_start(c, ts, c.start), _clause_end(c, te, c.end)
    for d in c.dates:
        if d.since and d.kind == "date" and d.start_date is not None and te <= d.start and d.end <= hi and lo <= ts:
            return replace(d, since=False, rule=f"{d.rule}-SINCE-START")
    return None
