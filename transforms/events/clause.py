"""Clause geometry: a sentence with its actors and dates, and who stands where around a
trigger (subjects before or after the verb, targets after a preposition, coordinated lists)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from waqai.transforms.actors import ActorMention
from waqai.transforms.dates import DateExpression
from waqai.transforms.events.rules import Rule, load_event_lexicon
from waqai.transforms.events.words import COMPLEMENTISER as _COMPLEMENTISER
from waqai.transforms.events.words import COORDINATORS as _COORDINATORS
from waqai.transforms.events.words import OBJECT_RELATIVES as _OBJECT_RELATIVES
from waqai.transforms.events.words import CLAUSE_OPENERS as _CLAUSE_OPENERS
from waqai.transforms.events.words import MISSION_NOUNS as _MISSION_NOUNS
from waqai.transforms.events.words import PREPOSITION_WORDS as _PREPOSITION_WORDS
from waqai.transforms.events.words import BACK_REFERENCES as _BACK_REFERENCES
from waqai.transforms.events.words import BARE_COMPLEMENTISERS as _BARE_COMPLEMENTISERS
from waqai.transforms.events.words import TEMPORAL_SUBORDINATORS as _TEMPORAL_SUBORDINATORS
from waqai.transforms.weapons import find_weapon_systems

Pair = tuple[ActorMention, ActorMention]
_RELATIVE_SUBJECT = re.compile(r"(?<!\w)(?:الذي|التي|الذين)\s+\S+\s*$")


@dataclass
class Clause:
    """One sentence of normalised text with its actors and dates (absolute offsets)."""
    text: str            # the whole normalised document
    start: int
    end: int
    actors: list[ActorMention]
    dates: list[DateExpression]
    is_title: bool = False
    weapons: list | None = None   # named weapon systems of the sentence (or more); None: found when asked
    # The state the whole article is about, when one clearly dominates (main_place): where
    # forces leave from when their sentence names no country ("انسحاب القوات الأمريكية عام 2011").
    main_place: ActorMention | None = None

    def weapons_in(self, lo: int, hi: int) -> list:
        """Named weapon systems lying wholly inside [lo, hi) of the text."""
        if self.weapons is None:
            self.weapons = find_weapon_systems(self.text, self.start, self.end)
        return [w for w in self.weapons if lo <= w.start and w.end <= hi]

    def words_between(self, a: int, b: int) -> list[str]:
        return self.text[a:b].split()


def _prev_word(c: Clause, m: ActorMention) -> str:
    """The preposition in front of a mention: its own clitic (بـ لـ) or the word before it."""
    clitic = c.text[m.start - 1] if m.start > 0 and c.text[m.start - 1] in "بل" and (m.start < 2 or not c.text[m.start - 2].isalpha() or c.text[m.start - 2] in "وف") else ""
    if clitic:
        return clitic
    before = c.text[max(c.start, m.start - 30):m.start].split()
    word = before[-1] if before else ""
    word = re.sub(r"^[وف](?=\S{2,})", "", word) if word not in _PREPOSITION_WORDS else word
    return word


def _stately(m: ActorMention) -> bool:
    return m.code is not None and m.cls in ("agent", "place", "nisba")


def _coordinated(c: Clause, prev: ActorMention, nxt: ActorMention) -> bool:
    """True when `nxt` continues a list begun by `prev` ("كازاخستان وأوزبكستان",
    "واشنطن (يوم 24 نوفمبر) وموسكو", "الرياض ثم إلى الدوحة")."""
    gap = c.text[prev.end:nxt.start]
    for d in c.dates:
        if prev.end <= d.start and d.end <= nxt.start:
            gap = gap.replace(c.text[d.start:d.end], " ")
    gap = re.sub(r"\([^()]*\)", " ", gap)
    gap = re.sub(r"[()،,\-–]|\bيوم\b", " ", gap)
    words = gap.split()
    glued_and = c.text[nxt.start - 1:nxt.start] == "و" or c.text[nxt.start - 2:nxt.start] in ("وب", "ول")
    if not words:
        return glued_and or "،" in c.text[prev.end:nxt.start] or "," in c.text[prev.end:nxt.start]
    return all(w in _COORDINATORS for w in words)


def _chain(c: Clause, first: ActorMention, pool: list[ActorMention], classes: tuple[str, ...]) -> list[ActorMention]:
    out = [first]
    for m in pool:
        if m.start < out[-1].end or m.cls not in classes or not m.code:
            continue
        if _coordinated(c, out[-1], m):
            out.append(m)
        else:
            break
    return out


def _after(c: Clause, pos: int) -> list[ActorMention]:
    return [m for m in c.actors if m.start >= pos]


def _before(c: Clause, pos: int) -> list[ActorMention]:
    return [m for m in c.actors if m.end <= pos]


def _subject_after(c: Clause, t_end: int, classes=("agent", "nisba")) -> list[ActorMention]:
    """VSO: the agents right after the verb ("سافر الرئيس الفرنسي ..."), with coordinated ones."""
    for m in _after(c, t_end):
        words = c.words_between(t_end, m.start)
        # "يزور مفتشون من منظمة ...": people on a mission stand for who sent them.
        mission = len(words) == 2 and words[0] in _MISSION_NOUNS and words[1] == "من" and m.kind == "org"
        if not mission and (len(words) > 3 or any(w in _PREPOSITION_WORDS for w in words) or re.search(r"[.،,؛:()\"]", c.text[t_end:m.start])):
            return []
        # "وتأتي هذه الزيارة بعد أن اعترف الرئيس الأمريكي ...": past a subordinator and its
        # complementiser the subject is another verb's.
        if set(words) & _BARE_COMPLEMENTISERS and set(re.sub(r"^[وف](?=\S{2,})", "", w) for w in words) & _TEMPORAL_SUBORDINATORS:
            return []
        if m.cls in classes and m.code:
            return _chain(c, m, _after(c, m.end), classes)
        if m.cls in ("agent", "place", "nisba") and m.code:
            return []
    return []


def _subject_before(c: Clause, t_start: int, classes=("agent", "nisba", "place")) -> list[ActorMention]:
    # A subject is never governed by a preposition ("القادمة من أفغانستان" is not one).
    # Nor does a speaker stand for what his quoted words report ("محمد بن سلمان: تزويد إيران ...").
    cands = [m for m in _before(c, t_start) if m.cls in classes and m.code and _prev_word(c, m) not in _PREPOSITION_WORDS
             and ':' not in c.text[m.end:t_start]]
    if not cands:
        return []
    agents = [m for m in cands if m.cls == "agent"]
    near = cands[-1]
    # Prefer a person or role (the one who acts) unless a state stands right before the verb.
    if agents and near.cls != "agent" and len(c.words_between(near.end, t_start)) > 1:
        return [agents[-1]]
    return [near]


def _subject(c: Clause, ts: int, te: int, classes=("agent", "nisba", "place")) -> list[ActorMention]:
    """The subject of a verb: a state right before it (SVO, "باريس ستزود"), else one right
    after it (VSO, "تحصل بموجبه الهند", "تسلمت البحرية الباكستانية"), else the nearest one
    before it in the sentence. The nisba of a weapon ("منظومة إس-400 الروسية") is its origin,
    never the subject."""
    before = [m for m in _before(c, ts) if m.cls in classes and m.code and _prev_word(c, m) not in _PREPOSITION_WORDS
              and not _reacting(c, m, ts)]
    # "الرئيس الأميركي، دونالد ترامب، سيستقبل": a name in apposition closes with a comma.
    if (before and len(c.words_between(before[-1].end, ts)) <= 1
            and (not re.search(r"[.،,؛:()]", c.text[before[-1].end:ts])
                 or (before[-1].cls == "agent" and re.fullmatch(r"\s*[،,]\s*", c.text[before[-1].end:ts])))
            and not set(c.words_between(before[-1].end, ts)) & _CLAUSE_OPENERS
            and not _closed_relative(c, before[-1], ts, te)):
        return [before[-1]]
    origin = _weapon_origin(c, ts, te)
    after = [m for m in _subject_after(c, te, classes) if m is not origin]
    if after:
        return after
    far = _subject_before(c, ts, classes)
    # A subject more than eight words (dates aside) before the verb is a guess, not a reading;
    # one that reacts to the event ("علق بولتون على قرار تسليم ...") is not its agent, nor one
    # whose words are reported after a bare أن/إن, which opens a clause with a subject of its
    # own ("قالت الوزارة إن 3 آلاف مقاتل غادروا"; with a pronoun, "أعلنت أنها سترسل", it is
    # the same subject).
    # Nor the subject of a relative clause before the verb ("التحالف الذي تقوده السعودية").
    return [m for m in far if len(_undated_gap(c, m.end, ts).split()) <= 8 and not _reacting(c, m, ts)
            and not _reported_subject(c, m.end, ts) and not _closed_relative(c, m, ts, te)]


def _closed_relative(c: Clause, m: ActorMention, ts: int, te: int) -> bool:
    """True when `m` is the subject of a relative clause that ends before a finite trigger verb:
    "التحالف الذي تقوده السعودية دخلت" (not "الخطأ الذي ارتكبته واشنطن بإرسال قوات", where the
    verbal noun continues the relative clause)."""
    if re.match(r"[وف]?(?:ب|ل|ال)", c.text[ts:te]):
        return False
    return _RELATIVE_SUBJECT.search(c.text, max(c.start, m.start - 30), m.start) is not None


def _reported_subject(c: Clause, end: int, ts: int) -> bool:
    """True when a bare أن/إن between `end` and the trigger opens a clause with a subject of
    its own (no word pointing back to the speaker's state: بلاده, قواتها ...)."""
    words = re.sub(r"[^\w\s]", " ", c.text[end:ts]).split()
    opened = [i for i, w in enumerate(words) if re.sub(r"^و(?=\S{2,})", "", w) in _BARE_COMPLEMENTISERS]
    return bool(opened) and not set(words[opened[-1] + 1:]) & _BACK_REFERENCES


def _reacting(c: Clause, m: ActorMention, ts: int) -> bool:
    """True when `m` is the subject of a verb of reacting ("انتقد الوزير قرار تسليم ...")
    standing before it or between it and the trigger."""
    reaction = load_event_lexicon().cues["reaction"]
    before = reaction.search(c.text, max(c.start, m.start - 40), m.start)
    # "حذرت فرنسا من الخطأ الذي ارتكبته واشنطن": a relative clause between them gives m a verb of its own.
    if before is not None and _RELATIVE_SUBJECT.search(c.text, before.end(), m.start):
        before = None
    return before is not None or reaction.search(c.text[m.end:ts]) is not None


_TO_SOMEONE = re.compile(r"(?<!\w)(?:لل\S+|الي|ل)(?:\s|$)|(?<!\w)لل\S*$")


def _weapon_origin(c: Clause, ts: int, te: int) -> ActorMention | None:
    """"منظومة إس-400 الروسية", "دبابات أبرامز الأمريكية": the nisba right after a weapon
    names where it comes from, i.e. the supplier."""
    lex = load_event_lexicon()
    lo, hi = max(c.start, ts - 80), min(c.end, te + 120)
    for w in lex.terms["weapons"].finditer(c.text, lo, hi):
        for m in _after(c, w.end()):
            gap = c.text[w.end():m.start]
            if len(gap.split()) > 3 or re.search(r"[.،,؛:()]", gap):
                break
            # "قدرات دفاع جوي متطورة للنظام السوري": the nisba of a recipient named with لـ/إلى
            if m.cls == "nisba" and m.code and not _TO_SOMEONE.search(c.text, w.end(), m.clitic_start if m.clitic_start >= 0 else m.start):
                return m
            if m.cls in ("place", "agent"):
                break
    return None


def _system_origin(c: Clause, ts: int, te: int) -> ActorMention | None:
    """A named weapon system near the trigger ("منظومة إس-400", "مقاتلات رافال") stands for
    its usual supplier when the sentence names none: a weaker reading than a nisba."""
    found = [w for w in c.weapons_in(max(c.start, ts - 80), min(c.end, te + 120)) if w.origin]
    # The object after the trigger first ("شراء أنقرة منظومة إس-400"), else the nearest before it.
    after = [w for w in found if w.start >= te]
    w = after[0] if after else (found[-1] if found else None)
    return ActorMention(w.start, w.end, w.form, "nisba", "weapon_system", w.origin, w.system) if w else None


def _undated_gap(c: Clause, a: int, b: int) -> str:
    """The text between two positions with date expressions blanked out: "زار بوتين يوم 6
    كانون الأول الإمارات" still has the host right after the visitor."""
    gap = c.text[a:b]
    for d in c.dates:
        if a <= d.start and d.end <= b:
            gap = gap.replace(c.text[d.start:d.end], " ")
    return re.sub(r"(?<!\w)يوم(?!\w)", " ", gap)


# "قبل أن" / "بعد أن" open a clause of another act with its own destination.
# "قبل أن يتوجه"، "قبل توجههم إلى"، "قبيل مغادرة اللاعبين إلى": the next (or previous) act of
# the sentence, with its own host
_NEXT_ACT = re.compile(r"(?<!\w)(?:قبل|قبيل|بعد|عقب|اثر)\s+(?:ان(?!\w)|(?:توجه|سفر|مغادره|انتقال|وصول)(?:ه|ها|هم|هما)?(?!\w))")


_RESUMPTIVE_WORDS = frozenset(("فيها", "خلالها", "ايضا", "كذلك"))
_EACH_OF = re.compile(r"(?<!\w)(?:كلا|كل)\s+من\s*$")
# commas around what is left of a blanked date span: "، من   إلى   ،"
_DATE_COMMAS = re.compile(r"[،,](?:\s*(?:من|الي|حتي|بين|و)(?!\w))*\s*[،,]?\s*$")


def _targets_after(c: Clause, pos: int, rule: Rule, exclude: set[str], classes=("place",)) -> list[ActorMention]:
    for m in _after(c, pos):
        gap = _undated_gap(c, pos, m.start)
        if len(gap.split()) > rule.target_within or _NEXT_ACT.search(gap):
            return []  # "في نهاية زيارته التقى ... قبل أن يتوجه إلى النيجر": the next trip's
        if m.cls not in classes or not m.code or m.code in exclude:
            continue
        prep = _prev_word(c, m)
        each = _EACH_OF.search(gap)
        if each:
            # "زار كلا من المغرب وتونس": "each of" before the objects is no preposition; a date
            # set off by commas before it is no break ("يزور ...، من 26 أبريل إلى 2 مايو، كلا من")
            gap, prep = _DATE_COMMAS.sub(" ", gap[:each.start()]), None
        # A direct object follows the verb or its subject at once — or after the subject's
        # personal name ("يزور الأمين العام للحلف ينس ستولتنبرغ كوريا"), words we do not know.
        limit = 3 if pos > c.start and any(a.end == pos and a.cls == "agent" for a in c.actors) else 1
        # ("زيارة ... يزور فيها أيضا فلسطين": the resumptive "in it" and "also" stand between)
        limit += sum(1 for w in gap.split() if w in _RESUMPTIVE_WORDS)
        # ("يصل ترامب، الخميس، بريطانيا": the commas set off a day, not a clause)
        dated_commas = gap != c.text[pos:m.start] and re.fullmatch(r"[\s،,]*", gap) is not None
        # (not one joined by و: "وصول خبراء المنظمة وروسيا لا تحاول": a new subject)
        joined = m.clitic_start >= 0 and c.text[m.clitic_start:m.start].startswith("و")
        direct = (rule.object and not joined and len(gap.split()) <= limit and prep not in _PREPOSITION_WORDS
                  and not set(gap.split()) & _PREPOSITION_WORDS and (dated_commas or not re.search(r"[.،,؛:]", gap)))
        if prep in rule.target_preps or direct:
            return [t for t in _chain(c, m, _after(c, m.end), classes) if t.code not in exclude]
    return []


def _term_near(c: Clause, rx, ts: int, te: int, within_words: int | None = None, before_words: int | None = None) -> bool:
    if within_words is not None:
        return _term_after(c, rx, te, within_words, ts, before_words) is not None
    window = c.text[max(c.start, ts - 80):min(c.end, te + 120)]
    return rx.search(window) is not None


# A title the forces word may end ("رئيس هيئة الأركان العامة للقوات المسلحة", "وزير الدفاع").
_IN_A_TITLE = re.compile(r"(?<!\w)(?:رييس|قائد|هييه|الاركان|اركان|وزير|وزاره)(?:\s+\S+){0,3}\s*$")


def _term_after(c: Clause, rx, te: int, within_words: int, ts: int | None = None, before_words: int | None = None) -> re.Match | None:
    """The term when it starts within `within_words` words after the trigger, or (given the
    trigger's start) ends within that many words before it ("بدأت وحدات ... الانتشار")."""
    m = rx.search(c.text, te, c.end)
    if m is not None and len(c.text[te:m.start()].split()) <= within_words:
        return m
    if ts is not None and before_words != 0:  # 0: the term must follow ("نقل وحدات", not "الجيش ... نقل")
        words = c.text[c.start:ts].split()
        n = before_words if before_words is not None else within_words
        if words and words[-1] in _OBJECT_RELATIVES:
            n += 3  # "الأسلحة والمعدات العسكرية التي باعتها": the antecedent is what was sold
        # A date between term and trigger does not count ("بدأت تركيا في 20 يناير الماضي عملية").
        n += sum(len(c.text[d.start:d.end].split()) for d in c.dates if c.start <= d.start and d.end <= ts
                 and len(c.text[d.end:ts].split()) <= n)
        window_start = ts - len(" ".join(words[-n:])) - 1 if words else ts
        for b in rx.finditer(c.text, max(c.start, window_start), ts):
            if _COMPLEMENTISER.search(c.text, b.end(), ts) and _IN_A_TITLE.search(c.text, max(c.start, b.start() - 40), b.start()):
                continue  # "قال رئيس هيئة الأركان العامة للقوات المسلحة ... إن روسيا سترسل": the speaker's title
            return b
    return None


def main_place(actors: list[ActorMention]) -> ActorMention | None:
    """The first mention of the state named most often as a place in a document, when it is
    named at least three times, twice as often as any other, and in at least 40% of the
    place mentions."""
    counts: dict[str, int] = {}
    first: dict[str, ActorMention] = {}
    for a in actors:
        if a.cls == "place" and a.code:
            counts[a.code] = counts.get(a.code, 0) + 1
            first.setdefault(a.code, a)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    code, n = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0
    if n >= 3 and n >= 2 * runner and n >= 0.4 * sum(counts.values()):
        return first[code]
    return None
