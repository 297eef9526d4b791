"""Deployment frame: whose forces go where."""
from __future__ import annotations

import re

from waqai.transforms.events.clause import (
    Clause, Pair, _after, _chain, _prev_word, _subject, _subject_before, _term_after, _undated_gap,
)
from waqai.transforms.events.rules import Rule, load_event_lexicon
from waqai.transforms.events.words import LOCATION_PREPS as _LOCATION_PREPS
from waqai.transforms.events.words import NOT_A_HOST as _NOT_A_HOST
from waqai.transforms.events.words import OCCUPIED_MARKERS as _OCCUPIED_MARKERS
from waqai.transforms.events.words import ITS_TERRITORY as _ITS_TERRITORY
from waqai.transforms.events.words import SUPPORT_WORDS as _SUPPORT_WORDS
from waqai.transforms.events.words import EXPEL_WORDS as _EXPEL_WORDS
from waqai.transforms.events.words import AREA_NOUNS as _AREA_NOUNS
from waqai.transforms.events.words import BACKING_RE as _BACKING_RE
from waqai.transforms.events.words import PRIVATE_FORCES_RE as _PRIVATE_FORCES_RE
from waqai.transforms.events.words import TEMPORAL_SUBORDINATORS as _TEMPORAL_SUBORDINATORS
from waqai.transforms.events.words import COMPLEMENTISER as _COMPLEMENTISER
from waqai.transforms.events.words import MEETING_NAME_NOUNS as _MEETING_NAME_NOUNS
from waqai.transforms.events.words import VEHICLE_NOUNS as _VEHICLE_NOUNS


_IN_ADDITION_RE = re.compile(r"(?<!\w)[وف]?(?:بالاضافه الي|اضافه الي|الي جانب|فضلا عن|علاوه علي)\s*$")
_MILITIAS = re.compile(r"(?<!\w)[وف]?(?:ال)?(?:ميليشيا|مليشيا|ميليشيات|مليشيات|فصائل|فصايل|جماعات)(?!\w)")


def _frame_deploy(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """Whose forces: a nisba or organisation right after the force phrase ("قوات روسية",
    "لوحدة من 2000 جندي من منظمة ..."), else the subject before the trigger. Where: a state
    after في/إلى, else the nearest state after the trigger."""
    lex = load_event_lexicon()
    force = _term_after(c, lex.terms["forces"], te, rule.requires_within or 5, ts, rule.requires_before) if "forces" in rule.requires else None
    if _PRIVATE_FORCES_RE.search(c.text, max(c.start, ts - 30), min(c.end, te + 30)):
        return []  # "مجموعة فاغنر قد نشرت في سوريا 3 آلاف مقاتل": a company's fighters
    if force is not None and _BACKING_RE.search(c.text, max(c.start, force.start() - 25), force.start()):
        return []  # "بإسناد من القوات الإماراتية": the backers are not the forces that deploy
    if force is not None and force.end() <= ts and _IN_ADDITION_RE.search(c.text, max(c.start, force.start() - 20), force.start()):
        return []  # "وبالإضافة إلى الجيش الأمريكي، فقد وصلت (المقاتلة) إلى إسرائيل": forces named as an addition, not what moves
    anchor = force.end() if force else te
    owners = []
    for m in _after(c, anchor):
        gap = c.text[anchor:m.start]
        if len(gap.split()) > 4 or re.search(r"[.،,؛:()]", gap) or set(gap.split()) & (_LOCATION_PREPS | _SUPPORT_WORDS):
            break
        if _MILITIAS.search(gap):
            break  # "القوات الحكومية والميليشيات الإيرانية": the nisba names the militias, not a state's forces
        if gap.split() and _vehicle(gap.split()[-1]):
            break  # "القوات المشتركة للسماح لطائرة فرنسية بالدخول": the plane's state, not the forces'
        if m.code and m.cls in ("agent", "nisba"):
            owners = [m]
            break
        if m.code and m.cls == "place" and re.search(r"(?<!\w)(?:بقياده|بزعامه)\s*$", gap):
            owners = [m]  # "قوات التحالف الدولي بقيادة الولايات المتحدة": the leader's forces
            break
    if not owners:
        # "أقامت القوات الروسية نقطة مراقبة": the owner stands inside a multi-word trigger.
        owners = [m for m in c.actors if ts <= m.start and m.end <= te and m.code and m.cls in ("agent", "nisba", "place")][:1]
    if not owners:
        # "تشن قوات النظام بدعم روسي عملية عسكرية": the supporter does not run the operation.
        owners = [o for o in _subject(c, ts, te, ("agent", "place", "nisba")) if _prev_word(c, o) not in _SUPPORT_WORDS
                  and not _BACKING_RE.search(c.text, max(c.start, o.start - 30), o.start)
                  and not (o.cls == "nisba" and _MILITIAS.fullmatch(_prev_word(c, o) or ""))
                  and not (o.cls == "nisba" and _vehicle(_prev_word(c, o) or ""))]
    if re.search(r"ها(?!\w)", c.text[ts:te]):
        # "نبه ماتيس إلى ضم روسيا للقرم وتدخلها العسكري": "its" intervention is the state's in
        # the genitive before it (no preposition on it), not the speaker's
        genitive = [m for m in c.actors if m.end <= ts and m.cls == "place" and m.code and m.clitic_start in (-1, m.start)
                    and _prev_word(c, m) not in _LOCATION_PREPS | {"من", "مع", "عن", "على"}
                    and (not owners or m.start > owners[0].start) and len(c.words_between(m.end, ts)) <= 4]
        if genitive:
            owners = genitive[-1:]
    if not owners:
        return []
    owner = owners[0]
    # "شنتها الولايات المتحدة وفرنسا وبريطانيا": the states listed with the owner act with it
    allies, last = set(), owner
    for m in _after(c, owner.end):
        cs = m.clitic_start if m.clitic_start >= 0 else m.start
        if m.code and (m.cls == owner.cls or {m.cls, owner.cls} <= {"place", "agent"}) and re.fullmatch(r"\s*[،,]?\s*", c.text[last.end:cs]) \
                and c.text[cs:m.start].startswith("و"):
            allies.add(m.start)
            last = m
        else:
            break
    after = [m for m in _after(c, te) if m.start not in allies and (m.code and m.code != owner.code and m.start >= owner.end or
             m.code and m.code != owner.code and owner.start < ts and m.start >= te)]
    targets = [m for m in after if m.cls == "place" and _place_prep(c, m) in _LOCATION_PREPS
               and len(_undated_gap(c, te, m.start).split()) <= 18 and not _venue_of_a_meeting(c, m)]
    if owner.start > te:
        # "تمركزت في مناطق شرق الفرات قوات أمريكية": the place may come before the forces.
        first = [m for m in _after(c, te) if m.code and m.code != owner.code and m.end <= owner.start
                 and m.cls == "place" and _place_prep(c, m) in _LOCATION_PREPS]
        targets = first[:1] or targets
    if targets:
        targets = [t for t in _chain(c, targets[0], _after(c, targets[0].end), ("place",)) if t.code != owner.code]
    else:
        # "سينشر أنظمة رادار بعد أنباء عن اعتزام الصين ...": a state past بعد or قبل is in
        # another phrase, not where the forces go.
        near = [m for m in after if m.cls == "place" and m.code and _prev_word(c, m) not in _NOT_A_HOST
                and len(c.words_between(te, m.start)) <= 8
                and not re.search(r"[.،,؛:]", c.text[te:m.start])
                and not _COMPLEMENTISER.search(c.text, te, m.start)
                and not set(re.sub(r"^[وف](?=\S{3,})", "", w) for w in c.words_between(te, m.start)) & (_TEMPORAL_SUBORDINATORS - {"منذ"})]
        # "دخول الجيش السوري إلى عفرين": forces going to a place of their own state deploy nowhere abroad
        home = [m for m in _after(c, te) if m.cls == "place" and m.code == owner.code and _place_prep(c, m) in _LOCATION_PREPS
                and len(c.words_between(te, m.start)) <= 5]
        targets = [] if home and (not near or near[0].start > home[0].start) else near[:1]
    if not targets:
        targets = _supported(c, te, owner) or _its_territory(c, ts, te, owner) or _expelled_from(c, te, owner)
    # "أرسلت الولايات المتحدة وفرنسا قوات إلى سوريا": each state listed with the owner deploys too
    senders = [owner] + [m for m in c.actors if m.start in allies and m.code and m.cls in ("place", "agent", "nisba")
                         and m.code not in {owner.code} | {t.code for t in targets}]
    return [(o, t) for o in senders for t in targets if not _occupied(c, t)]


def _bare(word: str) -> str:
    """A word without its leading clitics and article ("لطائرة" → "طايره", "بمؤتمر" → "موتمر")."""
    return re.sub(r"^(?:[وفبل]|ال|بال|لل|وال)(?=\S{3,})", "", word)


def _vehicle(word: str) -> bool:
    return _bare(word) in _VEHICLE_NOUNS


def _venue_of_a_meeting(c: Clause, m) -> bool:
    """"نقاط المراقبة التي تم الاتفاق عليها بمؤتمر أستانة في كازاخستان": a state right after a
    conference or summit named before it is where they met, not where forces are."""
    words = c.text[max(c.start, m.start - 40):m.start].split()[-4:-1]
    return any(_bare(w) in _MEETING_NAME_NOUNS for w in words)


def _its_territory(c: Clause, ts: int, te: int, owner) -> list:
    """"سمحت الدوحة بنشر قوات تركية على أراضيها": "its territory" is the subject's state."""
    after = re.sub(r"[^\w\s]", " ", c.text[te:min(c.end, te + 80)]).split()[:8]
    if not set(after) & _ITS_TERRITORY:
        return []
    hosts = [m for m in _subject_before(c, ts, ("agent", "place")) if m.code != owner.code]
    return hosts[:1]


def _supported(c: Clause, te: int, owner) -> list:
    """"أرسلت كتيبة جنود للمساعدة في تدريب القوات الأفغانية": the forces sent to train or
    support a state's forces are in that state (its nisba names it)."""
    for m in _after(c, te):
        if len(_undated_gap(c, te, m.start).split()) > 12:
            break
        if m.cls == "nisba" and m.code and m.code != owner.code:
            before = c.text[max(c.start, m.start - 40):m.start].split()
            if set(before[-4:]) & _SUPPORT_WORDS:
                return [m]
    return []


def _occupied(c: Clause, place) -> bool:
    """"الجولان المحتل": the place's own name or the word after it says it is occupied."""
    own = c.text[place.start:place.end].split()
    following = c.text[place.end:min(c.end, place.end + 12)].split()[:1]
    return bool(set(own[1:] + following) & _OCCUPIED_MARKERS)


def _expelled_from(c: Clause, te: int, owner) -> list:
    """"عملية ... لطرد وحدات حماية الشعب من عفرين": an operation to drive someone out of a
    place is fought there."""
    for m in _after(c, te):
        if len(_undated_gap(c, te, m.start).split()) > 16:
            break
        if m.cls == "place" and m.code and m.code != owner.code and _prev_word(c, m) == "من":
            before = re.sub(r"[^\w\s]", " ", c.text[max(c.start, m.start - 60):m.start]).split()[-7:-1]
            if set(before) & _EXPEL_WORDS:
                return [m]
    return []


def _place_prep(c: Clause, m) -> str:
    """The preposition before a place, past up to two area nouns ("في محيط معبر التنف")."""
    prep = _prev_word(c, m)
    words = c.text[max(c.start, m.start - 40):m.start].split()
    for i in (2, 3):
        if prep in _AREA_NOUNS and len(words) >= i:
            prep = re.sub(r"^[وف](?=\S{2,})", "", words[-i]) if words[-i] not in _LOCATION_PREPS else words[-i]
    return prep
