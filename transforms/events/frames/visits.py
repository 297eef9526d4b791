"""Visit frames: who travels where (travel), who receives whom (host), officials meeting in
a capital (meet_in) and summits whose host city is among the participants (summit)."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import replace

from waqai.transforms.events.clause import (
    Clause, Pair, _after, _before, _chain, _prev_word, _subject, _subject_after,
    _targets_after, _undated_gap,
)
from waqai.transforms.events.rules import Rule, load_event_lexicon
from waqai.transforms.normalize import normalize_form
from waqai.transforms.events.words import PREPOSITION_WORDS as _PREPOSITION_WORDS
from waqai.transforms.events.words import RELATIVE as _RELATIVE
from waqai.transforms.events.words import MEETING_JOINERS as _JOINERS
from waqai.transforms.events.words import MEETING_WORDS as _MEETING_WORDS
from waqai.transforms.events.words import VISIT_CARRIERS as _VISIT_CARRIERS
from waqai.transforms.events.words import VEHICLE_NOUNS as _VEHICLE_NOUNS
from waqai.transforms.events.words import MEETING_NAME_NOUNS as _MEETING_NAME_NOUNS
from waqai.transforms.events.words import TOPIC_NOUNS as _TOPIC_NOUNS
from waqai.transforms.events.words import AUSPICES_WORDS as _AUSPICES
from waqai.transforms.events.words import MISSION_NOUNS as _MISSION_NOUNS
from waqai.transforms.events.words import RESIDENT_TITLES as _RESIDENT_TITLES
from waqai.transforms.events.words import BARE_COMPLEMENTISERS as _BARE_COMPLEMENTISERS
from waqai.transforms.events.words import COMPLEMENTISER as _COMPLEMENTISER
from waqai.transforms.events.words import TEMPORAL_SUBORDINATORS as _TEMPORAL_SUBORDINATORS


def _frame_travel(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """Visitors are officials (agents), never a bare nationality ("وحدة عسكرية هندية" is not
    a visitor). The subject right after the verb comes first; else the agents before it,
    nearest first, skipping one from the host state ("التقى أردوغان ... السوداني في أول
    زيارة له إلى العراق")."""
    if load_event_lexicon().cues["not_a_visit_object"].search(c.text[te:c.end]):
        return []
    if re.search(r"(?:ته|تها)$", c.text[ts:te]) and _private_owner().search(c.text, max(c.start, ts - 160), ts):
        return []  # "في قضية اختفاء خاشقجي"، بعد زيارته للقنصلية": his own trip, a private man's
    after_subject = _subject_after(c, te, ("agent",)) or _lam_visitor(c, rule, te)
    candidates = [after_subject] if after_subject else []
    # "وصول وفد البعثة إلى دمشق": the group right after the trigger travels; an official named
    # before it (who speaks of the arrival) does not.
    next_word = c.text[te:min(c.end, te + 30)].split()[:1]
    group_travels = bool(next_word) and re.sub(r"^ال", "", next_word[0]) in _MISSION_NOUNS
    her = c.text[ts:te].endswith("تها")  # "خلال زيارتها": her visit, not a man's
    their = re.search(r"(?:هم|هن)$", c.text[ts:te]) is not None  # "توجههم": theirs, not one person's
    for m in [] if group_travels and not after_subject else _travellers_before(c, ts):
        # The antecedent of a relative clause is its subject even after a preposition
        # ("قمة مع الزعيم الكوري الشمالي الذي قام بزيارة إلى بكين").
        if m.cls == "agent" and m.code and (_prev_word(c, m) not in _PREPOSITION_WORDS or _antecedent(c, m.end, ts)) \
                and _prev_word(c, m) not in _VEHICLE_NOUNS and _prev_word(c, m) not in _AUSPICES and not _met_one(c, m) \
                and not (m.kind == "org" and _named_by_a_meeting(c, m)):
            if _relative_elsewhere(c, m.end, ts) or (her and _masculine_role(m)):
                continue
            if _prev_word(c, m) in _POLICY_NOUNS:
                continue  # "شرح سياسة الرئيس ترمب حيال القارة أثناء زيارته": whose policy, not who travels
            if _met_by_the_unnamed_visitor(c, m):
                continue  # "وفي نهاية زيارته التقى رئيس الوزراء أحمد أويحيى قبل أن يتوجه إلى النيجر": he met him
            if _new_subject_between(c, m, ts):
                continue  # "وكشف رئيس الوزراء الإسرائيلي أن إيران ... يمكنها أن تصل إلى الرياض": the speaker does not travel
            if rule.id == "VISIT-HEADLINE-IN" and _RESIDENT_TITLES.search(m.text):
                continue  # "مقتل القنصل العام النيجيري في الخرطوم": a diplomat posted there, no visitor
            if their and m.person is not None and not _joined_persons(c, m, ts):
                continue  # "زار لاعبي منتخب بلاده قبل توجههم إلى روسيا": they, not he, travel
            candidates.append([m])
    for actors in candidates[:3]:
        start = _past_apposition(c, max(a.end for a in actors)) if actors[0].start > te else te
        exclude = {a.code for a in actors}
        targets = _targets_after(c, start, rule, exclude)
        if not targets and start != te:
            targets = _targets_after(c, te, rule, exclude)
        if not targets and "جول" in c.text[ts:te]:
            # "خلال جولته الأوروبية التي بدأها الاثنين من العاصمة الألمانية برلين": the first host
            targets = _tour_started_in(c, te, exclude)
        if not targets and _is_framing_visit(c, ts, te):
            # "قال ماكرون ... مع كازاخستان، في إطار زيارة": the visit frames what was said in
            # the state named before it; with two or more candidates we do not guess.
            others = {m.code: m for m in _before(c, ts) if m.cls == "place" and m.code and m.code not in exclude}
            if len(others) == 1:
                targets = list(others.values())
        if not targets and "زيار" in c.text[ts:te]:
            targets = _head_met(c, max(a.end for a in actors), {a.code for a in actors})
        if not targets and _RESUMPTIVE_TO.match(c.text, te):
            # "في فيينا في تموز/يوليو 2015 التي سيتوجه إليها روحاني الأربعاء": the place the
            # relative clause hangs on, "to it" pointing back, is where he goes
            rel = _RELATIVE_BEFORE.search(c.text, max(c.start, ts - 12), ts)
            places = [m for m in _before(c, rel.start()) if m.cls == "place" and m.code and m.code not in exclude
                      and rel.start() - m.end <= 40] if rel else []
            targets = places[-1:]
        if targets and "جول" in c.text[ts:te]:
            # "استهل الاثنين من سويسرا جولة تقوده إلى النمسا": the place it starts from is a host too
            first = _tour_started_before(c, ts, exclude | {t.code for t in targets})
            targets = first + targets
        if targets:
            actors = [_genitive_visitor(c, te, a) for a in actors]
            return [(a, t) for a in actors for t in targets if a.code != t.code]
    # (ته/تها: a pronoun on the noun, a bare ه being the normalised ة of "زيارة"; or a verb
    # carrying the noun: "زيارة تقوم بها إلى كولومبيا سفيرة أميركا")
    # ... not when a verb before the noun already has its subject ("التقى شيخ الأزهر، خلال زيارته
    # إلى إيطاليا، البابا فرنسيس": the one named after the host is the verb's object)
    if not candidates and not _VERB_BEFORE.search(c.text, c.start, ts) and (
            re.search(r"(?:ته|تها|تهم)$", c.text[ts:te]) or _VISIT_CARRIERS.match(c.text, te)):
        # "خلال زيارته للولايات المتحدة الأسبوع الماضي قال ماكرون": the visitor of a noun
        # with a possessive pronoun may be named after the host, as the next verb's subject.
        targets = _targets_after(c, te, rule, set())
        later = [m for m in _after(c, max(t.end for t in targets)) if m.cls == "agent" and m.code
                 and m.kind not in ("capital", "metonym") and _prev_word(c, m) not in _PREPOSITION_WORDS] if targets else []
        if later and len(_undated_gap(c, targets[-1].end, later[0].start).split()) <= 4:
            return [(later[0], t) for t in targets if t.code != later[0].code]
    return []


# "وتستضيف بلدة تل رفعت، وفق الأمم المتحدة، نحو 75 ألف نازح": the body quoted as the source
_SOURCE_BEFORE = re.compile(r"(?<!\w)(?:وفق|وفقا|حسب|بحسب|طبقا)\s+[لب]?$")
_RESUMPTIVE_TO = re.compile(r"\s+(?:اليها|اليه)(?!\w)")
_RELATIVE_BEFORE = re.compile(r"(?<!\w)(?:التي|الذي)\s+$")


@lru_cache(maxsize=None)
def _private_owner() -> re.Pattern:
    """A named private person right before a possessive visit noun, only punctuation, an
    apposition about him and a temporal word between them."""
    from waqai.transforms.lexicons import read_yaml
    names = sorted({normalize_form(n) for n in read_yaml("ar", "roles").get("private_names") or []}, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names) or "(?!)"
    # ("اختفى خاشقجي، وهو أحد منتقدي ولي العهد السعودي، بعد زيارته": an apposition about him may stand between)
    return re.compile(r"(?<!\w)(?:" + alternatives + r")[\"»”'\s،,]*(?:[وف]?(?:هو|وهو|الذي)\s+[^،,.]{1,80}[،,]\s*)?"
                      r"(?:(?:بعد|قبل|خلال|اثناء|عقب|اثر|منذ)\s+)?$")


# Nouns whose genitive is the author of a stance, not an actor of the sentence.
# ("تصريحات الرئيس الإيراني على هامش زيارته": the speaker of remarks made on his trip does travel)
_POLICY_NOUNS = frozenset(normalize_form(w) for w in ("سياسة", "سياسات"))

_STARTED_FROM = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:التي\s+|الذي\s+)?(?:بداها|يبداها|تبداها|استهلها|يستهلها|افتتحها|يفتتحها)"
                           r"(?:\s+\S+){0,4}?\s+(?:(?:من|في|ب)\s+|ب(?=ال))")


_STARTED_BEFORE = re.compile(r"(?<!\w)[وف]?(?:استهل|يستهل|تستهل|بدا|يبدا|تبدا|بدات|افتتح|يفتتح)(?!\w)")


def _tour_started_before(c: Clause, ts: int, exclude: set[str]) -> list:
    """The place a tour named after its start verb starts from ("استهل روحاني الاثنين من
    سويسرا جولة"): من and the place between the verb and the tour noun."""
    verb = None
    for found in _STARTED_BEFORE.finditer(c.text, max(c.start, ts - 120), ts):
        verb = found  # the last start verb before the tour noun
    if verb is None or re.search(r"[.،,؛]", c.text[verb.end():ts]):
        return []
    places = [a for a in c.actors if verb.end() <= a.start < ts and a.cls == "place" and a.code and a.code not in exclude
              and re.search(r"(?<!\w)من\s+$", c.text[max(verb.end(), a.start - 6):a.start])]
    return places[:1]


_VERB_BEFORE = re.compile(r"(?<!\w)[وف]?(?:التقي|التقت|استقبل|استقبلت|اجتمع|اجتمعت|بحث|بحثت|زار|زارت)(?!\w)")


def _met_one(c: Clause, m) -> bool:
    """The official right after a meeting noun is the one met ("يتوجه بومبيو إلى إسرائيل للقاء
    نتانياهو، ثم يتوجه إلى الأردن"): not who travels next."""
    return re.fullmatch(r"[وف]?(?:للقاء|لمقابله|لملاقاه)", _prev_word(c, m) or "") is not None


def _tour_started_in(c: Clause, te: int, exclude: set[str]) -> list:
    """The place a tour is said to start from ("جولته التي بدأها الاثنين من برلين")."""
    m = _STARTED_FROM.match(c.text[te:min(c.end, te + 120)])
    if m is None:
        return []
    lo = te + m.end()
    first = next((a for a in _after(c, lo) if a.code), None)
    if first is None or first.cls != "place" or first.code in exclude or len(c.text[lo:first.start].split()) > 2:
        return []
    return [first]


def _named_by_a_meeting(c: Clause, m) -> bool:
    """An organisation that names a meeting ("قمة الناتو", "في اجتماع لوزراء خارجية حلف شمال
    الأطلسي"): the meeting noun at most three words before it. Whoever goes to the meeting
    travels; the organisation does not."""
    words = c.text[max(c.start, m.start - 40):m.start].split()[-3:]
    return any(re.sub(r"^(?:[وفبل]?ال|لل|[وفبل])", "", w) in _MEETING_NAME_NOUNS for w in words) \
        and not re.search(r"[،,.؛:]", " ".join(words))


def _joined_persons(c: Clause, m, ts: int) -> bool:
    """Another named person coordinated with m before the trigger ("ماكرون وميركل ... زيارتهم")."""
    return any(a is not m and a.person is not None and a.person != m.person and a.end <= ts
               and abs(a.start - m.end) <= 30 for a in c.actors)


def _masculine_role(m) -> bool:
    """"الرئيس الأمريكي", "وزير الخارجية", "الوفد": a title whose head noun does not end in
    ة (normalised ه) is a man or a group of men; the pronoun ها cannot stand for him."""
    if not m.kind.startswith("role"):
        return False
    head = re.sub(r"^[وف]?(?:[بلك]?ال|لل)?", "", m.text.split()[0]) if m.text.split() else ""
    return not head.endswith("ه")


def _travellers_before(c: Clause, ts: int) -> list:
    """The actors before the trigger in the order they may be its traveller: nearest first;
    but after "قبل أن" / "بعد أن" the verb's subject is the main clause's ("التقى الوزير
    الفرنسي رئيس الوزراء الجزائري قبل أن يتوجه إلى النيجر"), so the first one after the last
    complementiser comes first."""
    before = _before(c, ts)
    act = _NEXT_ACT_BEFORE.search(c.text, max(c.start, ts - 12), ts)
    if not act:
        return list(reversed(before))
    lo = max([m.end() for m in _COMPLEMENTISER.finditer(c.text, c.start, act.start())], default=c.start)
    main = [m for m in before if m.start >= lo]
    return main + [m for m in reversed(before) if m not in main]


_NEXT_ACT_BEFORE = re.compile(r"(?<!\w)(?:قبل|بعد)\s+ان\s*$")


def _lam_visitor(c: Clause, rule: Rule, te: int) -> list:
    """"أول زيارة للأمير محمد بن سلمان إلى الولايات المتحدة": a visit noun, then an official
    with لـ (or من), then the destination: the official is the visitor (not a speaker named before the
    noun). Without a destination after him he may be the host ("زيارة لبوتين")."""
    noun = c.text[max(c.start, te - 8):te]
    if "زيار" not in noun and "جول" not in noun:
        return []
    first = next(iter(_after(c, te)), None)
    # one adjective or noun may stand between ("الجولة الحالية للمبعوث الأممي إلى اليمن",
    # "أول زيارة خارجية لترامب إلى السعودية", "زيارة عمل لماكرون إلى الجزائر")
    if first is None or first.cls != "agent" or not first.code or first.kind in ("capital", "metonym"):
        return []
    # the لـ may begin the official's article ("للحريري") or be a clitic before him ("لرئيس الوزراء");
    # "من" stands for it after a stated length ("زيارة استمرت 3 أيام من ولي العهد إلى لندن")
    if not (re.fullmatch(r"(?:\s+[^\s،,.]+)?\s+ل{1,2}", c.text[te:first.start + 1])
            or re.fullmatch(r"(?:\s+[^\s،,.]+)?\s+ل", c.text[te:first.start])
            or re.fullmatch(r"(?:\s+[^\s،,.]+){0,3}\s+من\s+", c.text[te:first.clitic_start if first.clitic_start >= 0 else first.start])):
        return []
    return [first] if _targets_after(c, first.end, rule, {first.code}) else []


def _genitive_visitor(c: Clause, te: int, speaker):
    """"قال الجبير إن زيارة ولي العهد إلى أميركا": the visit noun's genitive (a role with no
    state of its own) is the visitor, of the state of the official reporting it; the speaker is
    not. Without such a genitive the speaker stands ("قال إن زيارته ...")."""
    if speaker.end > te or not set(c.words_between(speaker.end, te)) & _BARE_COMPLEMENTISERS:
        return speaker
    role = next((m for m in c.actors if m.start >= te and not c.text[te:m.start].strip()), None)
    if role is None or role.cls != "role" or role.code is not None or not role.official:
        return speaker
    return replace(role, cls="agent", code=speaker.code, kind="role+speaker", person=None)


def _head_met(c: Clause, pos: int, exclude: set[str]) -> list:
    """"الزيارة التي أجراها بومبيو ولقاء الأخير بزعيم كوريا الشمالية": a visit with no
    destination, then a meeting with a head of state or government: his state is the host."""
    words = c.text[pos:min(c.end, pos + 60)].split()[:4]
    if not any(re.sub(r"^[وف](?=\S{3,})", "", w) in _MEETING_WORDS for w in words):
        return []
    for m in _after(c, pos):
        if len(c.words_between(pos, m.start)) > 6 or re.search(r"[.،,؛:]", c.text[pos:m.start]):
            return []
        if m.cls == "agent" and m.code and m.code not in exclude and m.entity in ("head_of_state", "head_of_government"):
            return [m]
    return []


# ", a rank or title and a name" after the subject, up to where the trip goes
_TITLED_NAME = re.compile(r"\s*[،,]\s*(?:الفريق|اللواء|العميد|الجنرال|الدكتور|السيد|الشيخ|الامير|المشير|المهندس|الاميرال|العقيد)"
                          r"(?:\s+[^\s،,.]+){1,5}?(?=\s+(?:الي|في)\s)")


def _past_apposition(c: Clause, end: int) -> int:
    """Where the subject's phrase ends: past an envoy's post ("المبعوث الأممي إلى اليمن") and a
    name set between commas ("، مارتن غريفيث،"), so the object after them is the host:
    "غادر المبعوث الأممي إلى اليمن، مارتن غريفيث، صنعاء"."""
    subject = next((a for a in c.actors if a.end == end), None)
    if subject is None:
        return end
    head = next((a for a in c.actors if a.end <= subject.start and a.code == subject.code
                 and re.fullmatch(r"\s*[،,]\s*", c.text[a.end:subject.start])), None)
    titled = _TITLED_NAME.match(c.text, end, c.end)
    if titled and not any(end <= a.start < titled.end() and a.code for a in c.actors):
        return titled.end()  # "زيارة مساعد وزير الدفاع السعودي، الفريق طيار محمد العايش إلى الخرطوم"
    if re.search(r"[،,]", subject.text) or head is not None:
        # "زيارة وزير الخارجية، جان إيف لودريان، طهران": the name's closing comma ends it
        close = re.match(r"\s*[،,]", c.text[end:c.end])
        return end + close.end() if close else end
    for m in _after(c, end):
        gap = c.text[end:m.start]
        if subject.entity == "diplomat" and m.cls == "place" and re.fullmatch(r"\s*(?:الي|لدي)\s*", gap):
            end = m.end  # the post names where the envoy serves, not where he goes
            continue
        if m.cls == "agent" and m.code == subject.code and re.fullmatch(r"\s*[،,]\s*", gap):
            after = re.match(r"\s*[،,]", c.text[m.end:c.end])
            if after:
                return m.end + after.end()
        break
    return end


def _relative_elsewhere(c: Clause, end: int, ts: int) -> bool:
    """"ترامب ... الزعيم الذي قام بزيارة": a relative pronoun before the trigger makes its
    antecedent the subject; an agent further back than the word before it is not."""
    relatives = list(_RELATIVE.finditer(c.text, end, ts))
    rel = relatives[-1] if relatives else None
    if rel is None:
        return False
    # Up to three words may be the agent's own name ("ولي العهد السعودي محمد بن سلمان الذي"),
    # and a comma may stand before the pronoun ("مايك بومبيو، الذي قام بزيارة").
    gap = re.sub(r"[،,]\s*$", "", c.text[end:rel.start()].rstrip())
    return len(gap.split()) > 3 or re.search(r"[.،,؛:]", gap) is not None


def _frame_mission(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """"سترسل المنظمة فريق تحقيق إلى دوما", "أوفدت مصر وفدا إلى الخرطوم": the sender (a state
    or an organisation) visits where its mission goes."""
    senders = _subject(c, ts, te, ("agent", "place"))
    if not senders:
        return []
    sender = senders[0]
    # "إرسال مدير استخباراتها وأبرز مستشار أمني لديها ضمن وفد ... إلى": where the mission goes
    # is counted from the mission noun
    group = _MISSION_IN.match(c.text, te, c.end)
    targets = _targets_after(c, group.end() if group else te, rule, {sender.code})
    # "أرسل ترامب بومبيو إلى ...": the official sent, of the sender's state, is who travels
    sent = [m for m in c.actors if m.cls == "agent" and m.code == sender.code and max(te, sender.end) <= m.start
            and targets and m.end <= targets[0].start]
    return [(sent[0] if sent else sender, t) for t in targets]


_MET_VERB = re.compile(r"(?<!\w)[وف]?(?:التقي|التقت|استقبل|استقبلت|قابل|قابلت|اجتمع\s+ب|اجتمعت\s+ب)\s*$")
_HIS_VISIT = re.compile(r"(?<!\w)[وفبل]?(?:زيارته|زيارتها|جولته|جولتها)(?!\w)")


def _met_by_the_unnamed_visitor(c: Clause, m) -> bool:
    """m right after a meeting verb whose subject is left unnamed, in a clause that opens with
    his own visit ("وفي نهاية زيارته التقى رئيس الوزراء ..."): m is the one he met."""
    verb = _MET_VERB.search(c.text, max(c.start, m.start - 16), m.clitic_start if m.clitic_start >= 0 else m.start)
    if verb is None:
        return False
    if _HIS_VISIT.search(c.text, c.start, verb.start()) is None or any(a.code and c.start <= a.start < verb.start() for a in c.actors):
        return False
    # ("التقى وزير الداخلية الفرنسي رئيس الوزراء الجزائري قبل أن يتوجه": two named after the
    # verb, the first is its subject)
    stop = re.search(r"(?<!\w)(?:قبل|بعد)\s+ان(?!\w)", c.text[m.end:c.end])
    hi = m.end + stop.start() if stop else c.end
    return not any(a is not m and a.code and a.cls == "agent" and m.end <= a.start < hi for a in c.actors)


_BACK_TO_SPEAKER = re.compile(r"[،,.؛:]\s*(?:و|مشير|مضيف|موضح|مؤكد|لافت|قائل|معتبر)")


def _new_subject_between(c: Clause, m, ts: int) -> bool:
    """A complementiser after m opens a clause with a subject of its own, another state named
    at most two words after it, before the trigger: m speaks of what that subject does."""
    for comp in _COMPLEMENTISER.finditer(c.text, m.end, ts):
        if comp.group().strip() not in _BARE_COMPLEMENTISERS or _BACK_TO_SPEAKER.search(c.text, comp.end(), ts):
            continue  # "أنه غادر": he, the speaker; "بأن موسكو لن تتدخل، وقد توجه", "، مشيرا بعد زيارته": the speaker again
        nxt = next((a for a in c.actors if comp.end() <= a.start < ts and a.code), None)
        if nxt is not None and nxt.code != m.code and not c.text[comp.end():nxt.start].strip() \
                and (nxt.cls == "agent" or nxt.kind in ("country", "capital")):
            return True
    return False


_MISSION_IN = re.compile(r"\s+(?:[^\s.،,]+\s+){1,8}?ضمن\s+(?:فريق|بعثه|وفد)(?!\w)")


def _antecedent(c: Clause, end: int, ts: int) -> bool:
    """True when a relative pronoun follows `end` at once (a name of up to three words may
    stand between) and no other relative pronoun stands before the trigger."""
    relatives = list(_RELATIVE.finditer(c.text, end, ts))
    return len(relatives) == 1 and not _relative_elsewhere(c, end, ts)


# A site a visit goes to, right after the visit noun (not a purpose: "زيارة لتعزيز ...").
_VISITED_SITE = re.compile(r"\s+(?:الي\s+)?(?:ل|لل|ال)?(?:مخيم|مخيمات|معسكر|معسكرات|مقر|مقار|قاعده|قواعد|منطقه|مناطق|مدينه|مدن|"
                           r"موقع|مواقع|مصنع|مصانع|مستشفي|مستشفيات|جزيره|الحدود|حدود|سفينه|حامله|مركز|مراكز)(?!\w)")


def _is_framing_visit(c: Clause, ts: int, te: int) -> bool:
    """"في إطار زيارة", "خلال جولة": a visit noun that frames the sentence."""
    lex = load_event_lexicon()
    noun = "زيار" in c.text[ts:te] or "جول" in c.text[ts:te]
    if noun and _VISITED_SITE.match(c.text, te):
        return False  # "خلال زيارته لمخيمات اللاجئين": the visit names where it goes, not a state
    if noun and any(a.cls == "place" and a.code and re.fullmatch(r"\s+(?:الي\s+)?[لب]?", c.text[te:a.start])
                    for a in c.actors if a.start > te):
        return False  # "خلال زيارته إلى كوريا الشمالية": its host is named; no other state is framed
    if noun and _REGION_AFTER.match(c.text, te, min(c.end, te + 100)):
        return False  # "خلال زيارة بومبيو المنطقة", "جولة يقوم بها بومبيو للشرق الأوسط": it goes to a region
    return noun and lex.cues["visit_frame"].search(c.text[max(c.start, ts - 20):ts]) is not None


# A region named after the visit noun (and its visitor): where the trip goes, no state framed.
# (not one it is about: "في إطار زيارة لتعزيز بصمة فرنسا في آسيا الوسطى")
_REGION_AFTER = re.compile(r"[^.،,؛]{0,80}?(?<!\w)(?:(?:الي\s+(?:ال)?|لل|ل)(?:منطقه|شرق الاوسط|خليج|اسيا|افريقيا|اوروبا|قاره|امريكا اللاتينيه)|(?<!في )المنطقه)(?!\w)")


def _frame_host(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    lex = load_event_lexicon()
    cue = lex.cues["received_by"].search(c.text, max(c.start, ts - 60), ts)
    if cue:
        guests = [m for m in c.actors if cue.start() <= m.start and m.end <= ts and m.cls == "agent" and m.code]
        places = [m for m in _after(c, te) if m.cls == "place" and m.code and _prev_word(c, m) in ("في", "ب")
                  and len(_undated_gap(c, te, m.start).split()) <= 8]
        return [(g, places[0]) for g in guests[:1] if places and places[0].code != g.code]
    if re.search(r"(?<!\w)في\s*$", c.text[max(c.start, ts - 6):ts]) and "استقبال" in c.text[ts:te]:
        # "كان في استقبال بومبيو نظيره الكوري": the one received comes first, then who receives him.
        after = [m for m in _after(c, te) if m.cls == "agent" and m.code]
        if len(after) >= 2 and after[0].code != after[1].code and len(c.words_between(te, after[1].start)) <= 8:
            return [(after[0], after[1])]
        return []
    hosts = _subject(c, ts, te, ("agent", "place"))
    if not hosts:
        return []
    host = hosts[0]
    # The visitor is an official ("نظيره الفرنسي", "أمير قطر"), never a bare nationality
    # ("استضافة السوريين") nor a thing ("تستضيف رومانيا محطة أمريكية").
    # ... nor a building or a capital standing for a government ("في البيت الأبيض" is where).
    # ... nor one named after a preposition ("لاجئ مسجلين لدى الأمم المتحدة"), nor an
    # ambassador, who lives where he is received.
    visitors = [m for m in _after(c, max(te, host.end)) if m.cls == "agent" and m.code and m.code != host.code
                and m.kind not in ("capital", "metonym") and _prev_word(c, m) not in _PREPOSITION_WORDS | {"لدي"} | _SEAT_NOUNS
                and not _RESIDENT_TITLES.search(m.text) and not _SOURCE_BEFORE.search(c.text, max(c.start, m.start - 10), m.start)]
    if not visitors:
        return []
    first = visitors[0]
    if len(c.words_between(max(te, host.end), first.start)) > 12:
        return []
    # "استقبل الرئيس اليمني، في مكة المكرمة، وزير الخارجية الإماراتي": a reception held in a
    # third state is a visit to that state, by the guest (the host is abroad himself).
    where = [m for m in c.actors if te <= m.start < first.start and m.cls == "place" and m.code
             and m.code not in (host.code, first.code) and _prev_word(c, m) == "في"]
    if where:
        host = where[0]
    return [(v, host) for v in _chain(c, first, _after(c, first.end), ("agent",)) if v.code != host.code]


# "تستضيف بلجيكا مقر حلف شمال الأطلسي": a seat hosted is no guest
_SEAT_NOUNS = frozenset(("مقر", "المقر", "مقرات", "المقرات", "مقري"))


def _frame_meet_in(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """Talks held "في موسكو": every official there from another state is its visitor. An
    ambassador is posted there, and an organisation's officials at its seat are at home."""
    lex = load_event_lexicon()
    # Not a place inside what is said there: "في مؤتمر صحفي مع نظيره أنه في ليبيا ينبغي ...".
    # (a building that stands for its state is where talks are: "اجتماع مع رئيس كوريا الجنوبية في
    # البيت الأبيض"; the Singapore summit named later in the sentence is another meeting)
    places = [m for m in _after(c, te) if (m.cls == "place" or m.kind == "metonym") and m.code and _prev_word(c, m) == "في"
              and len(_undated_gap(c, te, m.start).split()) - _agent_words(c, te, m.start) <= rule.target_within
              and not re.search(r"[.؛:]", c.text[te:m.start]) and not _COMPLEMENTISER.search(c.text, te, m.start)
              and not _topic_place(c, m) and not _COUNTED_FROM_BETWEEN.search(c.text, te, m.start)
              and not _POSTED_IN.search(c.text, max(te, m.start - 40), m.start)]
    if not places:
        places = _place_before_talks(c, ts)
    if not places:
        return []
    host = places[0]
    if lex.cues["multilateral"].search(c.text, max(c.start, ts - 30), host.start):
        return []  # on the sidelines of a summit: attendance, not a visit to the host (optional in the guidelines)
    if any(m.kind == "org" and host.code in lex.seats.get(m.code, ()) for m in c.actors):
        return []  # a meeting at an organisation's seat (EU ministers in Brussels) is not a visit to the host
    first = next(iter(_after(c, te)), None)
    if (first is not None and first.kind == "org" and len(c.words_between(te, first.start)) == 0
            and re.sub(r"^[وفبل]?(?:ال|لل)?", "", c.text[ts:te]) in _MEETING_NAME_NOUNS):
        return []  # "خلال اجتماع مجلس الأمن": a session of an organisation's body, not talks in the place named
    joined = _joined_after(c, host.end)
    # "...، بعد المحادثات التي جرت في بيونغ يانغ": talks named after بعد and told by a relative
    # clause are other talks; the officials of the main clause were not at them.
    word_start = ts
    while word_start > c.start and c.text[word_start - 1].isalpha():
        word_start -= 1  # "المحادثات": the trigger match starts after its article
    before = c.text[max(c.start, word_start - 12):word_start].split()
    floor = ts if (before and re.sub(r"^[وف](?=\S{3,})", "", before[-1]) in _TEMPORAL_SUBORDINATORS
                   and re.match(r"\s*(?:التي|الذي)(?!\w)", c.text[te:te + 8])) else c.start
    # "اجتماع بومبيو مع كونو ... بعد يومين من المحادثات في بيونغيانغ": talks counted from are
    # another occasion; the partners of the main clause's meeting were not at them.
    # Whose meeting it is (the name right after "اجتماع") was at both.
    counted_from = _COUNTED_FROM.search(c.text, max(c.start, word_start - 30), word_start) is not None
    if counted_from:
        floor = ts
    # "وصف مادورو بنس بأنه ...، وذلك بعد أن التقى الأخير بمهاجرين في البرازيل": a clause opened
    # by بعد أن, its verb's subject right after it; the officials of the main clause were not there.
    opener = next(reversed(list(_SUBCLAUSE_OPENER.finditer(c.text, max(c.start, word_start - 20), word_start))), None)
    latter = None  # "بعد أن التقى الأخير": only the official named last before the clause met
    if opener is not None and not c.text[opener.end():word_start].strip() and _MEET_VERB.fullmatch(c.text[ts:te]):
        if _LATTER.match(c.text, te):
            latter = max((a for a in c.actors if a.cls == "agent" and a.code and a.end <= opener.start()),
                         key=lambda a: a.start, default=None)
        elif any(a.cls == "agent" and a.code and a.start > te
                 and not c.text[te:a.clitic_start if a.clitic_start >= 0 else a.start].strip() for a in c.actors):
            floor = max(floor, te)
    visitors = []
    for m in c.actors:
        if m.start < floor and not (counted_from and _prev_word(c, m) in _MEETING_WORDS):
            continue
        if m.cls != "agent" or not m.code or m.code == host.code or m.entity == "diplomat" or m.kind in ("capital", "metonym"):
            continue
        if m.end <= host.start and _prev_word(c, m) in _AUSPICES:
            continue  # "اجتماع السلام الذي تقوده الأمم المتحدة في اليمن": who leads the talks, not who came
        if _quoted(c, m) and not _quoted(c, m, ts):
            continue  # named inside a quotation ("نظام الأسد") the meeting is not in
        if m.end <= ts and _speaker(c, m, ts):
            continue  # "قال ترامب: بومبيو اجتمع مع كيم في ...": who tells of the meeting
        if m.end <= ts and lex.cues["reaction"].search(c.text, max(c.start, m.start - 12), m.start):
            continue  # "أشاد ترامب بلقاء بومبيو بكيم": who praises the meeting is not at it
        if m.end <= word_start and _OTHER_MEETINGS_PARTNER.search(c.text, max(c.start, m.start - 30), m.clitic_start if m.clitic_start >= 0 else m.start):
            continue  # "قبيل اجتماع مع رئيس كوريا الجنوبية ... كشرط للاجتماع المقرر في سنغافورة": another meeting's partner
        if m.start >= host.end and m.start not in joined:
            continue  # "محادثات في موسكو حليفة الأسد": named after the place, not at the table
        if host.code in lex.seats.get(m.code, ()) or (_prev_word(c, m) in ("من", "عن") and not c.text[max(c.start, m.start - 8):m.start].endswith("كل من ")):
            continue
        if m.code not in {v.code for v in visitors}:
            visitors.append(m)
    if latter is not None:
        visitors = [v for v in visitors if v.start >= opener.end() or v is latter]
    return [(v, host) for v in visitors]


# A meeting noun and its partner after مع: "اجتماع مع رئيس كوريا الجنوبية"
_OTHER_MEETINGS_PARTNER = re.compile(r"(?<!\w)[وفبل]?(?:ال|لل)?(?:اجتماع|اجتماعه|لقاء|لقايه|محادثات|مباحثات|قمه)\s+مع\s+$")

# "مباحثات مع سفير الاتحاد في موسكو": the place after an envoy is where he is posted.
_POSTED_IN = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:سفير|سفيره|سفيرها|سفيرتها|سفيرته|سفراء|قنصل|القنصل|قناصل|ممثل|مندوب)"
                        r"(?:\s+\S+){0,2}\s+في\s+$")


# Verbs that conduct talks: "يجري بومبيو السبت في الرياض محادثات" names the place before the noun.
_CONDUCT = re.compile(r"(?<!\w)[وف]?(?:اجري|اجرت|اجريا|اجروا|يجري|تجري|يجريان|تجريان|سيجري|ستجري|عقد|عقدت|عقدا|يعقد|تعقد|يعقدان|سيعقد|ستعقد)(?!\w)")


def _place_before_talks(c: Clause, ts: int) -> list:
    """The place of talks named between the verb that conducts them and the talks noun, right
    before the noun: "ومن المقرر أن يجري بومبيو السبت في الرياض محادثات مع نظيره"."""
    place = next((m for m in reversed(c.actors) if m.end <= ts), None)
    if place is None or place.cls != "place" or not place.code or _prev_word(c, place) != "في" \
            or _undated_gap(c, place.end, ts).strip() or re.search(r"[.،,؛:]", c.text[place.end:ts]):
        return []
    verb = None
    for found in _CONDUCT.finditer(c.text, max(c.start, place.start - 60), place.start):
        verb = found
    if verb is None or re.search(r"[.،,؛:]", c.text[verb.end():place.start]) \
            or len(_undated_gap(c, verb.end(), place.start).split()) - _agent_words(c, verb.end(), place.start) > 2:
        return []
    return [place]


_SUBCLAUSE_OPENER = re.compile(r"(?<!\w)[وف]?(?:(?:بعد|قبل|عقب|اثر)\s+ان|عندما|حينما|لما)(?!\w)")
_LATTER = re.compile(r"\s+(?:الاخير|الاخيره)(?!\w)")
_MEET_VERB = re.compile(r"[وف]?(?:التقي|التقت|التقيا|يلتقي|تلتقي|اجتمع|اجتمعت|يجتمع|تجتمع)")


# "بعد يومين من": an occasion counted from; right before the trigger it is the talks', and a
# place named after it is that occasion's ("اجتماع ... بعد يومين من المحادثات في بكين")
_COUNTED_FROM_BETWEEN = re.compile(r"(?<!\w)[وف]?(?:بعد|قبل|عقب|اثر)(?:\s+\S+){1,2}\s+من(?!\w)")
_COUNTED_FROM = re.compile(_COUNTED_FROM_BETWEEN.pattern + r"\s*$")


def _topic_place(c: Clause, m) -> bool:
    """"محادثات حول الوضع في سوريا": the state after a topic noun and في is what the talks
    are about, not where they are held."""
    before = c.text[max(c.start, m.start - 30):m.start].split()
    return len(before) >= 2 and before[-1] == "في" and re.sub(r"^[وبل](?=ال)", "", before[-2]) in _TOPIC_NOUNS


def _joined_after(c: Clause, pos: int) -> set[int]:
    """Starts of the officials named after the meeting's place who are at the table: brought
    in by مع, بين, برئاسة, بحضور within a few words ("في موسكو مع نظيره الروسي", "في جدة
    برئاسة ولي العهد ... وولي عهد أبوظبي"), and those coordinated with them by و."""
    joined: set[int] = set()
    last = None
    for m in (a for a in c.actors if a.start >= pos and a.cls == "agent"):
        cs = m.clitic_start if m.clitic_start >= 0 else m.start
        between = c.text[last.end:cs] if last is not None else ""
        # "، وولي عهد أبوظبي الشيخ محمد بن زايد": و opens the next one, a title may come first
        if last is not None and (re.fullmatch(r"\s*[،,]?\s*", between) and c.text[cs:m.start].startswith("و")
                                 or re.fullmatch(r"\s*[،,]?\s*و\S+(?:\s+\S+){0,3}\s*", between)):
            joined.add(m.start)
        elif len(c.words_between(pos, m.start)) <= 3 and set(c.words_between(pos, m.start)) & _JOINERS:
            joined.add(m.start)
        else:
            break
        last = m
    return joined


def _quoted(c: Clause, m, pos: int | None = None) -> bool:
    """True when `m` (or the position `pos`) stands inside quotation marks opened in its sentence."""
    before = c.text[c.start:m.start if pos is None else pos]
    return before.count('"') % 2 == 1 or before.rfind("«") > before.rfind("»")


def _speaker(c: Clause, m, ts: int) -> bool:
    """True when `m` reports the meeting: a colon, أن/إن or an opening quotation mark stands
    between it and the trigger, and another official is named after that."""
    between = c.text[m.end:ts]
    told = [x.end() for x in (re.search(":", between), _COMPLEMENTISER.search(between)) if x is not None]
    if not _quoted(c, m) and _quoted(c, m, ts):
        # "وقال المسؤول التركي "سيقوم وفد أميركي يجري محادثات في الهند ...": a quotation opens
        told.append(max(between.rfind('"'), between.rfind("«")) + 1)
    return bool(told) and any(a.cls == "agent" and a.code and a.start >= m.end + min(told) for a in c.actors)


def _agent_words(c: Clause, lo: int, hi: int) -> int:
    """Words of the officials named between two positions: "مؤتمر صحفي عقده رئيس الوزراء
    الإسرائيلي في نيقوسيا" has the place as near the trigger as "عقده في نيقوسيا"."""
    return sum(len(m.text.split()) for m in c.actors if lo <= m.start and m.end <= hi and m.cls == "agent")


def _frame_summit(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """"قمة طهران التي جمعت رؤساء روسيا وإيران وتركيا": the host city follows the summit
    noun; when the host state is among the participants, each other participant visits it."""
    first = next((m for m in _after(c, te) if m.code), None)
    if first is None or first.cls != "place" or len(c.words_between(te, first.start)) > 2:
        return []
    cue = load_event_lexicon().cues["participants"].search(c.text, first.end, c.end)
    if cue is None or len(c.words_between(first.end, cue.start())) > 3:
        return []
    listed = [m for m in _after(c, cue.end()) if m.code and m.cls in ("place", "agent", "nisba")]
    members = _chain(c, listed[0], _after(c, listed[0].end), ("place", "agent", "nisba")) if listed else []
    if len(members) < 2 or first.code not in {m.code for m in members}:
        return []
    seen, pairs = set(), []
    for m in members:
        if m.code != first.code and m.code not in seen and m.kind != "org":
            seen.add(m.code)
            pairs.append((m, first))
    return pairs


# Whom a speaker addresses, between his name and where he speaks ("قال ظريف لصحفيين في نيويورك").
_AUDIENCE = frozenset(("لصحفيين", "للصحفيين", "لصحافيين", "للصحافيين", "للصحافه", "لوسايل", "للاعلاميين"))


def _frame_speak_in(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """"قالت ميركل في الأردن": a head of state or government, or a foreign or defence minister,
    speaking in another state is there. Only those office holders (an ambassador or a
    commander "في سوريا" is posted there), and only a place right after the speaker's name."""
    speaker = _subject_after(c, te, ("agent",))
    if not speaker:
        return []
    who = speaker[-1]
    if who.person is None or who.entity == "diplomat" or who.kind == "org":
        return []
    place = next((m for m in _after(c, who.end) if m.code), None)
    if place is None or place.cls != "place" or _prev_word(c, place) != "في" or place.code == who.code:
        return []
    # "قال ظريف لصحفيين في نيويورك": whom he speaks to may stand between
    gap = [w for w in _undated_gap(c, who.end, place.start).split() if w not in _AUDIENCE]
    if len(gap) > 1 or re.search(r"[.،,؛:]", c.text[who.end:place.start]):
        return []
    seats = load_event_lexicon().seats
    if place.code in seats.get(who.code, ()) or any(m.kind == "org" and place.code in seats.get(m.code, ()) for m in c.actors):
        return []  # at an organisation's seat (an EU summit in Brussels, its negotiator there): no visit
    return [(who, place)]
