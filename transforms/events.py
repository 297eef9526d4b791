"""Event patterns: from a sentence with its actors and dates to coded event mentions.

Rules live in `lexicons/<lang>/event_patterns.yaml` (one id each, carried into every row).
A rule's trigger finds the event word; its *frame* finds who acts and on whom by position
around the trigger (Arabic news is VSO or SVO; prepositions mark the target); cues in the
clause before the trigger set the status or drop the mention (negated, denied,
hypothetical, a call to stop arms sales). One sentence can yield several events ("إلى
كازاخستان وأوزبكستان" = two visits; two visitors = two visits).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from waqai.transforms.actors import ActorMention, load_actor_lexicon
from waqai.transforms.dates import DateExpression
from waqai.transforms.lexicons import read_yaml, require, string_list
from waqai.transforms.normalize import normalize_pattern

EVENT_TYPES = ("visit", "arms_deal", "military_deployment")
FRAMES = ("travel", "host", "meet_in", "summit", "supply", "acquire", "deal", "produce", "deploy")
STATUSES = ("occurred", "ongoing", "planned", "cancelled", "denied")
PLOVER_EVENTS = ("CONSULT", "COOPERATE", "AID", "MOBILIZE", "AGREE", "SUPPORT")

_PREPOSITION_WORDS = {"الي", "في", "مع", "من", "علي", "ل", "ب", "بين", "تشمل", "شملت", "يشمل", "نحو", "عن"}
_LOCATION_PREPS = {"في", "الي", "ب", "نحو", "داخل"}
# Words after which a state is an opponent or an origin, never where forces go.
_NOT_A_HOST = {"من", "مع", "ضد", "مواجهه", "علي", "عن", "لدي"}


@dataclass(frozen=True)
class Rule:
    id: str
    event_type: str
    trigger: re.Pattern
    frame: str
    requires: tuple[str, ...]
    object: bool
    target_preps: frozenset[str]
    scope: str
    requires_within: int | None
    requires_before: int | None
    target_within: int
    cameo: str
    cameo_planned: str
    plover: str
    plover_mode: str
    note: str

    def codes(self, status: str) -> tuple[str, str, str]:
        """CAMEO code, PLOVER event and mode for a mention of this rule with `status`."""
        if status == "planned":
            return self.cameo_planned, "AGREE", self.plover_mode
        return self.cameo, self.plover, self.plover_mode


@dataclass(frozen=True)
class EventLexicon:
    rules: tuple[Rule, ...]
    terms: dict[str, re.Pattern]
    exporters: frozenset[str]
    cues: dict[str, re.Pattern]
    seats: dict[str, frozenset[str]]


@lru_cache(maxsize=None)
def load_event_lexicon(lang: str = "ar") -> EventLexicon:
    raw = read_yaml(lang, "event_patterns")
    where = f"lexicons/{lang}/event_patterns.yaml"
    require(isinstance(raw, dict), where, "expected a mapping")
    terms = {}
    for name, rx in (raw.get("terms") or {}).items():
        terms[name] = _compile(rx, f"{where}:terms.{name}")
    excluded = {name[4:]: rx for name, rx in terms.items() if name.startswith("not_")}
    terms = {name: (_Excluding(rx, excluded[name]) if name in excluded else rx)
             for name, rx in terms.items() if not name.startswith("not_")}
    cues = {}
    for name in ("negation", "denial", "denial_after", "hypothetical", "stop_arms", "request", "prevent", "deliberation", "exercise", "invitation", "invitation_accepted",
                 "not_real", "cancelled", "planned", "future_verb", "ongoing", "visit_frame",
                 "buyer_purpose", "seller_purpose", "not_a_visit_object", "received_by", "reaction", "multilateral", "participants"):
        require(name in (raw.get("cues") or {}), where, f"cue list {name!r} missing")
        cues[name] = _compile(raw["cues"][name], f"{where}:cues.{name}")
    rules, seen = [], set()
    for i, r in enumerate(raw.get("rules") or []):
        w = f"{where}:rules[{i}] ({r.get('id')})"
        require(isinstance(r.get("id"), str) and r["id"] not in seen, w, "needs a unique id")
        seen.add(r["id"])
        require(r.get("event_type") in EVENT_TYPES, w, f"unknown event_type {r.get('event_type')!r}")
        require(r.get("frame") in FRAMES, w, f"unknown frame {r.get('frame')!r}")
        requires = tuple(string_list(r.get("requires"), f"{w}.requires", allow_empty=True))
        for t in requires:
            require(t in terms, w, f"requires unknown term list {t!r}")
        require(isinstance(r.get("cameo"), str) and re.fullmatch(r"\d{3,4}", r["cameo"]) is not None, w, "needs a CAMEO code string")
        require(isinstance(r.get("cameo_planned"), str) and re.fullmatch(r"\d{3,4}", r["cameo_planned"]) is not None, w, "needs cameo_planned")
        require(r.get("plover") in PLOVER_EVENTS, w, f"unknown PLOVER event {r.get('plover')!r}")
        require(isinstance(r.get("plover_mode"), str), w, "needs a plover_mode")
        rules.append(Rule(
            id=r["id"], event_type=r["event_type"],
            # An optional و/ف and article: "والنشر", "بالزيارة" find their nouns.
            trigger=_compile(r"(?<!\w)(?:[وف])?(?:[بلك]?ال|لل)?(?P<t>" + r["trigger"] + r")(?!\w)", w),
            frame=r["frame"], requires=requires, object=bool(r.get("object", False)),
            target_preps=frozenset(string_list(r.get("target_preps"), f"{w}.target_preps", allow_empty=True)),
            scope=r.get("scope", "sentence"), requires_within=r.get("requires_within"), requires_before=r.get("requires_before", r.get("requires_within")),
            target_within=int(r.get("target_within", 12)), cameo=r["cameo"], cameo_planned=r["cameo_planned"],
            plover=r["plover"], plover_mode=r["plover_mode"], note=r.get("note", ""),
        ))
    require(bool(rules), where, "no rules")
    exporters = frozenset(string_list(raw.get("arms_exporters"), f"{where}:arms_exporters"))
    seats_raw = raw.get("organisation_seats") or {}
    require(isinstance(seats_raw, dict), where, "organisation_seats must map an organisation to states")
    seats = {org: frozenset(string_list(v, f"{where}:organisation_seats.{org}")) for org, v in seats_raw.items()}
    return EventLexicon(tuple(rules), terms, exporters, cues, seats)


def _compile(rx: str, where: str) -> re.Pattern:
    """Compile a pattern written in natural spelling: its letters are normalised the way
    documents are (أ→ا، ة→ه، ئ→ي ...), so "طائرات" in a rule matches "طايرات" in text."""
    try:
        return re.compile(normalize_pattern(rx))
    except re.error as exc:
        require(False, where, f"bad regular expression: {exc}")
        raise


class _Excluding:
    """A term pattern that skips matches lying inside an excluded phrase: "أسلحة" counts,
    "الأسلحة النووية" and "منزوعة السلاح" do not."""

    def __init__(self, rx: re.Pattern, not_rx: re.Pattern):
        self.rx, self.not_rx = rx, not_rx

    def _ok(self, text: str, m: re.Match) -> bool:
        lo, hi = max(0, m.start() - 30), min(len(text), m.end() + 30)
        return not any(x.start() <= m.start() < x.end() or m.start() <= x.start() < m.end()
                       for x in self.not_rx.finditer(text, lo, hi))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        for m in self.rx.finditer(text, pos, len(text) if endpos is None else endpos):
            if self._ok(text, m):
                yield m

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return next(self.finditer(text, pos, endpos), None)


# ------------------------------------------------------------------------------- geometry

@dataclass
class Clause:
    """One sentence of normalised text with its actors and dates (absolute offsets)."""
    text: str            # the whole normalised document
    start: int
    end: int
    actors: list[ActorMention]
    dates: list[DateExpression]
    is_title: bool = False

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
    return all(w in ("و", "ثم", "والي", "ثم الي", "الي", "وكذلك", "او") for w in words)


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
        if len(words) > 3 or any(w in _PREPOSITION_WORDS for w in words) or re.search(r"[.،,؛:()\"]", c.text[t_end:m.start]):
            return []
        if m.cls in classes and m.code:
            return _chain(c, m, _after(c, m.end), classes)
        if m.cls in ("agent", "place", "nisba") and m.code:
            return []
    return []


def _subject_before(c: Clause, t_start: int, classes=("agent", "nisba", "place")) -> list[ActorMention]:
    # A subject is never governed by a preposition ("القادمة من أفغانستان" is not one).
    cands = [m for m in _before(c, t_start) if m.cls in classes and m.code and _prev_word(c, m) not in _PREPOSITION_WORDS]
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
    if before and len(c.words_between(before[-1].end, ts)) <= 1 and not re.search(r"[.،,؛:()]", c.text[before[-1].end:ts]):
        return [before[-1]]
    origin = _weapon_origin(c, ts, te)
    after = [m for m in _subject_after(c, te, classes) if m is not origin]
    if after:
        return after
    far = _subject_before(c, ts, classes)
    # A subject more than eight words (dates aside) before the verb is a guess, not a reading;
    # one that reacts to the event ("علق بولتون على قرار تسليم ...") is not its agent.
    return [m for m in far if len(_undated_gap(c, m.end, ts).split()) <= 8 and not _reacting(c, m, ts)]


def _reacting(c: Clause, m: ActorMention, ts: int) -> bool:
    """True when `m` is the subject of a verb of reacting ("انتقد الوزير قرار تسليم ...")
    standing before it or between it and the trigger."""
    reaction = load_event_lexicon().cues["reaction"]
    return (reaction.search(c.text, max(c.start, m.start - 40), m.start) is not None
            or reaction.search(c.text[m.end:ts]) is not None)


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
            if m.cls == "nisba" and m.code:
                return m
            if m.cls in ("place", "agent"):
                break
    return None


def _undated_gap(c: Clause, a: int, b: int) -> str:
    """The text between two positions with date expressions blanked out: "زار بوتين يوم 6
    كانون الأول الإمارات" still has the host right after the visitor."""
    gap = c.text[a:b]
    for d in c.dates:
        if a <= d.start and d.end <= b:
            gap = gap.replace(c.text[d.start:d.end], " ")
    return re.sub(r"(?<!\w)يوم(?!\w)", " ", gap)


def _targets_after(c: Clause, pos: int, rule: Rule, exclude: set[str], classes=("place",)) -> list[ActorMention]:
    for m in _after(c, pos):
        gap = _undated_gap(c, pos, m.start)
        if len(gap.split()) > rule.target_within:
            return []
        if m.cls not in classes or not m.code or m.code in exclude:
            continue
        prep = _prev_word(c, m)
        # A direct object follows the verb or its subject at once — or after the subject's
        # personal name ("يزور الأمين العام للحلف ينس ستولتنبرغ كوريا"), words we do not know.
        limit = 3 if pos > c.start and any(a.end == pos and a.cls == "agent" for a in c.actors) else 1
        direct = (rule.object and len(gap.split()) <= limit and prep not in _PREPOSITION_WORDS
                  and not set(gap.split()) & _PREPOSITION_WORDS and not re.search(r"[.،,؛:]", gap))
        if prep in rule.target_preps or direct:
            return [t for t in _chain(c, m, _after(c, m.end), classes) if t.code not in exclude]
    return []


# ---------------------------------------------------------------------------------- frames

Pair = tuple[ActorMention, ActorMention]


def _frame_travel(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """Visitors are officials (agents), never a bare nationality ("وحدة عسكرية هندية" is not
    a visitor). The subject right after the verb comes first; else the agents before it,
    nearest first, skipping one from the host state ("التقى أردوغان ... السوداني في أول
    زيارة له إلى العراق")."""
    if load_event_lexicon().cues["not_a_visit_object"].search(c.text[te:c.end]):
        return []
    after_subject = _subject_after(c, te, ("agent",))
    candidates = [after_subject] if after_subject else []
    for m in reversed(_before(c, ts)):
        if m.cls == "agent" and m.code and _prev_word(c, m) not in _PREPOSITION_WORDS:
            if _relative_elsewhere(c, m.end, ts):
                continue
            candidates.append([m])
    for actors in candidates[:3]:
        start = max(a.end for a in actors) if actors[0].start > te else te
        exclude = {a.code for a in actors}
        targets = _targets_after(c, start, rule, exclude)
        if not targets and start != te:
            targets = _targets_after(c, te, rule, exclude)
        if not targets and _is_framing_visit(c, ts, te):
            # "قال ماكرون ... مع كازاخستان، في إطار زيارة": the visit frames what was said in
            # the state named before it; with two or more candidates we do not guess.
            others = {m.code: m for m in _before(c, ts) if m.cls == "place" and m.code and m.code not in exclude}
            if len(others) == 1:
                targets = list(others.values())
        if targets:
            return [(a, t) for a in actors for t in targets if a.code != t.code]
    if not candidates and re.search(r"(?:ه|ها)$", c.text[ts:te]):
        # "خلال زيارته للولايات المتحدة الأسبوع الماضي قال ماكرون": the visitor of a noun
        # with a possessive pronoun may be named after the host, as the next verb's subject.
        targets = _targets_after(c, te, rule, set())
        later = [m for m in _after(c, max(t.end for t in targets)) if m.cls == "agent" and m.code
                 and _prev_word(c, m) not in _PREPOSITION_WORDS] if targets else []
        if later and len(_undated_gap(c, targets[-1].end, later[0].start).split()) <= 4:
            return [(later[0], t) for t in targets if t.code != later[0].code]
    return []


_RELATIVE = re.compile(r"(?<!\w)(?:الذي|التي|الذين|اللذين|اللذان|اللتان|اللتين)(?!\w)")


def _relative_elsewhere(c: Clause, end: int, ts: int) -> bool:
    """"ترامب ... الزعيم الذي قام بزيارة": a relative pronoun before the trigger makes its
    antecedent the subject; an agent further back than the word before it is not."""
    rel = None
    for rel in _RELATIVE.finditer(c.text, end, ts):
        pass
    # Up to three words may be the agent's own name ("ولي العهد السعودي محمد بن سلمان الذي").
    return rel is not None and (len(c.text[end:rel.start()].split()) > 3 or re.search(r"[.،,؛:]", c.text[end:rel.start()]) is not None)


def _is_framing_visit(c: Clause, ts: int, te: int) -> bool:
    """"في إطار زيارة", "خلال جولة": a visit noun that frames the sentence."""
    lex = load_event_lexicon()
    noun = "زيار" in c.text[ts:te] or "جول" in c.text[ts:te]
    return noun and lex.cues["visit_frame"].search(c.text[max(c.start, ts - 20):ts]) is not None


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
    visitors = [m for m in _after(c, max(te, host.end)) if m.cls == "agent" and m.code and m.code != host.code]
    if not visitors:
        return []
    first = visitors[0]
    if len(c.words_between(max(te, host.end), first.start)) > 12:
        return []
    return [(v, host) for v in _chain(c, first, _after(c, first.end), ("agent",)) if v.code != host.code]


def _frame_meet_in(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """Talks held "في موسكو": every official there from another state is its visitor. An
    ambassador is posted there, and an organisation's officials at its seat are at home."""
    lex = load_event_lexicon()
    places = [m for m in _after(c, te) if m.cls == "place" and m.code and _prev_word(c, m) == "في"
              and len(_undated_gap(c, te, m.start).split()) <= rule.target_within
              and not re.search(r"[.؛:]", c.text[te:m.start])]
    if not places:
        return []
    host = places[0]
    if lex.cues["multilateral"].search(c.text, max(c.start, ts - 30), host.start):
        return []  # on the sidelines of a summit: attendance, not a visit to the host (optional in the guidelines)
    if any(m.kind == "org" and host.code in lex.seats.get(m.code, ()) for m in c.actors):
        return []  # a meeting at an organisation's seat (EU ministers in Brussels) is not a visit to the host
    visitors = []
    for m in c.actors:
        if m.cls != "agent" or not m.code or m.code == host.code or m.entity == "diplomat" or m.kind in ("capital", "metonym"):
            continue
        if host.code in lex.seats.get(m.code, ()) or (_prev_word(c, m) in ("من", "عن") and not c.text[max(c.start, m.start - 8):m.start].endswith("كل من ")):
            continue
        if m.code not in {v.code for v in visitors}:
            visitors.append(m)
    return [(v, host) for v in visitors]


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


def _frame_supply(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    origin = _weapon_origin(c, ts, te)
    double = _double_object(c, rule, ts, te)
    if double:
        supplier, recipient = double
        if origin and origin.code != recipient.code:
            supplier = origin
        return [(supplier, recipient)] if supplier.code != recipient.code else []
    suppliers = _subject(c, ts, te)
    if origin and (not suppliers or suppliers[0].code != origin.code):
        # A recipient named after the trigger wins over the subject: the subject of "علق ...
        # على قرار تسليم منظومة إس-300 إلى سوريا" is a commentator, not a party.
        recipients = _targets_after(c, te, rule, {origin.code}, ("place", "agent")) or [m for m in suppliers if m.code != origin.code]
        return [(origin, r) for r in recipients[:1]]
    if not suppliers:
        return []
    sup = suppliers[0]
    targets = _targets_after(c, max(te, sup.end), rule, {sup.code}, ("place", "agent"))
    return [(sup, t) for t in targets]


def _double_object(c: Clause, rule: Rule, ts: int, te: int) -> Pair | None:
    """"وافقت واشنطن على بيع قطر صواريخ": after a verbal noun, a state followed by the thing
    sold is the recipient, and the subject of the clause before it the supplier."""
    after = _after(c, te)
    if not after or not _stately(after[0]) or _undated_gap(c, te, after[0].start).split():
        return None
    recipient = after[0]
    if _targets_after(c, recipient.end, rule, {recipient.code}, ("place", "agent")):
        return None  # "بيع روسيا الأسلحة إلى سوريا": the state after the noun is the seller
    lex = load_event_lexicon()
    if not lex.terms["weapons"].search(c.text, recipient.end, min(c.end, recipient.end + 60)):
        return None
    before = [m for m in _subject_before(c, ts) if m.code != recipient.code]
    if not before or len(_undated_gap(c, before[0].end, ts).split()) > 8:
        return None
    return before[0], recipient


def _frame_acquire(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    buyers = _subject(c, ts, te)
    if not buyers:
        return []
    buyer = buyers[0]
    sellers = [m for m in _after(c, te) if _stately(m) and m.code != buyer.code and _prev_word(c, m) == "من"]
    origin = _weapon_origin(c, ts, te)
    if not sellers and origin and origin.code != buyer.code:
        sellers = [origin]
    return [(s, buyer) for s in sellers[:1]]


def _frame_deal(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    lex = load_event_lexicon()
    subject = _subject(c, ts, te)
    partners = [m for m in _after(c, te) if _stately(m) and _prev_word(c, m) in ("مع", "الي", "ل", "بين", "من")]
    if partners:
        partners = _chain(c, partners[0], _after(c, partners[0].end), ("place", "agent", "nisba"))
    if not partners:
        # "وقعت الهند وروسيا عقدا": two coordinated states before the deal are its parties.
        before = [m for m in _before(c, ts) if m.cls in ("place", "agent") and m.code]
        for a, b in zip(before, before[1:]):
            if a.code != b.code and _coordinated(c, a, b) and _prev_word(c, a) not in _PREPOSITION_WORDS:
                subject, partners = [a], [b]
    if not subject and len(partners) >= 2 and _prev_word(c, partners[0]) == "بين":
        subject, partners = partners[:1], partners[1:2]
    if not subject or not partners:
        return []
    origin = _weapon_origin(c, ts, te)
    pairs = []
    for p in partners:
        s = subject[0]
        if s.code == p.code:
            continue
        if origin and origin.code in (s.code, p.code):
            pairs.append((origin, p if origin.code == s.code else s))
        elif lex.cues["buyer_purpose"].search(c.text[max(te, p.end):c.end]):
            pairs.append((p, s))
        elif lex.cues["seller_purpose"].search(c.text[max(te, p.end):c.end]):
            pairs.append((s, p))
        elif p.code in lex.exporters and s.code not in lex.exporters:
            pairs.append((p, s))
        else:
            pairs.append((s, p))
    return pairs


def _frame_produce(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    # The site follows the factory closely: "مصنع طائرات بدون طيار هجومية في كازاخستان".
    sites = [m for m in _after(c, te) if m.cls == "place" and m.code and _prev_word(c, m) == "في"
             and len(_undated_gap(c, te, m.start).split()) <= 6]
    if not sites:
        return []
    site = sites[0]
    makers = [m for m in c.actors if _stately(m) and m.code != site.code]
    if not makers:
        return []
    maker = min(makers, key=lambda m: abs(m.start - ts))
    return [(maker, site)]


def _frame_deploy(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """Whose forces: a nisba or organisation right after the force phrase ("قوات روسية",
    "لوحدة من 2000 جندي من منظمة ..."), else the subject before the trigger. Where: a state
    after في/إلى, else the nearest state after the trigger."""
    lex = load_event_lexicon()
    force = _term_after(c, lex.terms["forces"], te, rule.requires_within or 5, ts, rule.requires_before) if "forces" in rule.requires else None
    anchor = force.end() if force else te
    owners = []
    for m in _after(c, anchor):
        gap = c.text[anchor:m.start]
        if len(gap.split()) > 4 or re.search(r"[.،,؛:()]", gap) or set(gap.split()) & _LOCATION_PREPS:
            break
        if m.code and m.cls in ("agent", "nisba"):
            owners = [m]
            break
    if not owners:
        # "أقامت القوات الروسية نقطة مراقبة": the owner stands inside a multi-word trigger.
        owners = [m for m in c.actors if ts <= m.start and m.end <= te and m.code and m.cls in ("agent", "nisba")][:1]
    if not owners:
        owners = _subject(c, ts, te, ("agent", "place", "nisba"))
    if not owners:
        return []
    owner = owners[0]
    after = [m for m in _after(c, te) if m.code and m.code != owner.code and m.start >= owner.end or
             m.code and m.code != owner.code and owner.start < ts and m.start >= te]
    targets = [m for m in after if m.cls == "place" and _prev_word(c, m) in _LOCATION_PREPS
               and len(_undated_gap(c, te, m.start).split()) <= 18]
    if targets:
        targets = [t for t in _chain(c, targets[0], _after(c, targets[0].end), ("place",)) if t.code != owner.code]
    else:
        near = [m for m in after if m.cls == "place" and m.code and _prev_word(c, m) not in _NOT_A_HOST
                and len(c.words_between(te, m.start)) <= 8
                and not re.search(r"[.،,؛:]", c.text[te:m.start])]
        targets = near[:1]
    return [(owner, t) for t in targets]


_FRAMES = {"travel": _frame_travel, "host": _frame_host, "meet_in": _frame_meet_in, "summit": _frame_summit, "supply": _frame_supply, "acquire": _frame_acquire,
           "deal": _frame_deal, "produce": _frame_produce, "deploy": _frame_deploy}


# ------------------------------------------------------------------------------ extraction

@dataclass
class Found:
    rule: Rule
    trigger_start: int
    trigger_end: int
    actor: ActorMention
    target: ActorMention
    status: str
    date: DateExpression | None
    confidence: float
    weapon: str | None
    value: str | None
    troops: int | None


_VALUE_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(مليار|مليون|الف)\s*(دولار|يورو|جنيه|روبل|ريال|درهم)")
_TROOPS_RE = re.compile(r"(\d{1,3}(?:[,.]\d{3})*|\d+)\s*(?:من\s+)?(?:الجنود|جنديا|جندي|عسكري|عنصر)")


def trigger_matches(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, Rule, int, int]]:
    """Every trigger of every rule in text[start:end] (normalised), as (rule index, rule,
    start, end); the text around the span stays visible to the patterns' look-arounds."""
    end = len(text) if end is None else end
    out = []
    for i, rule in enumerate(load_event_lexicon().rules):
        for m in rule.trigger.finditer(text, start, end):
            out.append((i, rule, m.start("t"), m.end("t")))
    return out


def extract_clause(c: Clause, matches: list[tuple[int, Rule, int, int]]) -> list[Found]:
    """Event mentions of one sentence, given its trigger matches (from trigger_matches)."""
    lex = load_event_lexicon()
    found: list[Found] = []
    seen: set[tuple] = set()
    sentence = c.text[c.start:c.end]
    for _, rule, ts, te in sorted(matches, key=lambda x: (x[0], x[2])):
        if rule.scope == "title" and not (c.is_title and _headline(c, ts)):
            continue
        if any(not _term_near(c, lex.terms[t], ts, te, rule.requires_within, rule.requires_before) for t in rule.requires):
            continue
        status = _status(c, lex, rule, ts, te)
        if status is None:
            continue
        for actor, target in _FRAMES[rule.frame](c, rule, ts, te):
            if actor.code == target.code or not actor.official:
                continue
            if rule.event_type == "arms_deal" and "org" in (actor.kind, target.kind):
                continue  # arms are sold and bought by states
            if rule.event_type == "visit" and _private_traveller(c, actor, ts, te):
                continue
            key = (rule.event_type, actor.code, target.code)
            if key in seen:
                continue
            seen.add(key)
            found.append(Found(rule, ts, te, actor, target, status, _attach_date(c, ts, te, target, rule.event_type),
                               _confidence(c, actor, target), _weapon(c, lex, rule),
                               _value(sentence, rule), _troops(sentence, rule)))
    return found


def _term_near(c: Clause, rx, ts: int, te: int, within_words: int | None = None, before_words: int | None = None) -> bool:
    if within_words is not None:
        return _term_after(c, rx, te, within_words, ts, before_words) is not None
    window = c.text[max(c.start, ts - 80):min(c.end, te + 120)]
    return rx.search(window) is not None


def _term_after(c: Clause, rx, te: int, within_words: int, ts: int | None = None, before_words: int | None = None) -> re.Match | None:
    """The term when it starts within `within_words` words after the trigger, or (given the
    trigger's start) ends within that many words before it ("بدأت وحدات ... الانتشار")."""
    m = rx.search(c.text, te, c.end)
    if m is not None and len(c.text[te:m.start()].split()) <= within_words:
        return m
    if ts is not None:
        words = c.text[c.start:ts].split()
        n = before_words if before_words is not None else within_words
        if words and words[-1] in ("التي", "الذي", "اللتين", "الذين"):
            n += 3  # "الأسلحة والمعدات العسكرية التي باعتها": the antecedent is what was sold
        window_start = ts - len(" ".join(words[-n:])) - 1 if words else ts
        for b in rx.finditer(c.text, max(c.start, window_start), ts):
            return b
    return None


def _headline(c: Clause, ts: int) -> bool:
    """«ماكرون في كازاخستان»: a short title line with a named leader before في."""
    words = c.text[c.start:c.end].split()
    if len(words) > 12:
        return False
    return any(m.kind in ("person", "role+nisba", "role+place", "role+person") and m.end <= ts for m in c.actors)


def _status(c: Clause, lex: EventLexicon, rule: Rule, ts: int, te: int) -> str | None:
    """The status of a mention, or None when it must not yield an event at all."""
    before = c.text[max(c.start, ts - 60):ts]
    clause_before = c.text[c.start:ts]
    after = c.text[te:c.end]
    trigger = c.text[ts:te]
    if lex.cues["negation"].search(before) or lex.cues["not_real"].search(after):
        return None
    if lex.cues["hypothetical"].search(clause_before):
        return None  # "إذا زار ... فستكون أول زيارة": the whole sentence is conditional
    if rule.event_type == "arms_deal" and lex.cues["stop_arms"].search(before):
        return None
    if lex.cues["prevent"].search(before):
        return None  # "منع روسيا من إرسال قواتها": prevented, not done
    if rule.event_type != "visit" and lex.cues["request"].search(before):
        return None  # "طلب ... إرسال قوات": asked for, not done
    if lex.cues["deliberation"].search(before):
        return None  # "فكر في إرسال", "نقاشات حول إرسال قوات": talked about, not done
    if rule.event_type == "military_deployment" and lex.cues["exercise"].search(c.text, c.start, c.end):
        return None  # forces abroad for an exercise are not a deployment
    if lex.cues["invitation"].search(before) and not lex.cues["invitation_accepted"].search(clause_before + " " + after[:40]):
        return None  # an invitation is not yet a visit
    if lex.cues["denial"].search(clause_before) or lex.cues["denial_after"].search(after):
        return "denied"
    if lex.cues["cancelled"].search(before):
        return "cancelled"
    if lex.cues["future_verb"].search(trigger) or lex.cues["planned"].search(before[-40:]):
        return "planned"
    if lex.cues["ongoing"].search(before[-25:]):
        return "ongoing"
    return "occurred"


def _private_traveller(c: Clause, actor: ActorMention, ts: int, te: int) -> bool:
    lo, hi = min(actor.start, ts), max(actor.end, te)
    return any(m.cls == "private" and lo - 15 <= m.start <= hi for m in c.actors)


def _attach_date(c: Clause, ts: int, te: int, target: ActorMention, event_type: str | None = None) -> DateExpression | None:
    """The date of this event, by an explicit attachment model (see _date_candidates): a date
    belongs to the clause that governs it. Among the dates left, the one written right after
    the target when a sentence dates each stop ("واشنطن (يوم 24) وموسكو (يوم 26)"), else the
    nearest by syntactic distance (same clause, then a verbless clause, then another clause)."""
    ranked = _date_candidates(c, ts, te, event_type)
    if not ranked:
        return None
    usable = [d for _, d in ranked]
    nxt = [m.start for m in c.actors if m.start >= target.end and m.cls == "place"]
    limit = min(nxt) if nxt else target.end + 40
    right_after = [d for d in usable if target.end <= d.start < min(limit, target.end + 40)]
    if right_after:
        return right_after[0]
    return min(ranked, key=lambda rd: (rd[0], min(abs(rd[1].start - te), abs(rd[1].end - ts))))[1]


def _date_candidates(c: Clause, ts: int, te: int, event_type: str | None = None) -> list[tuple[int, DateExpression]]:
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
    from waqai.transforms.dates import _governing_tense, load_date_lexicon

    lex = load_date_lexicon()
    usable = [d for d in c.dates if d.kind == "date" and not d.since and d.value is not None and d.start_date is not None]
    if not usable:
        return []
    lo_s, hi_s = c.start, c.end
    comp = _complementiser_positions(c, lex)
    before_trigger = [p for p in comp if p <= ts]
    statement: list[DateExpression] = []
    if before_trigger:
        lo_s = before_trigger[-1]
        if event_type == "arms_deal" or lex.during_re.search(c.text[max(c.start, ts - 20):ts]):
            statement = [d for d in usable if d.end <= lo_s]
    after_trigger = [p for p in comp if p > te]
    if after_trigger:
        hi_s = after_trigger[0]
    usable = [d for d in usable if lo_s <= d.start and d.end <= hi_s]
    rel_lo = _relative_clause_start(c, lex, ts, lo_s)
    if rel_lo is not None:
        rel_hi = _clause_end(c, te, hi_s)
        # an event in a relative clause takes its own dates; with none there, the sentence's
        # ("المرة الأولى التي يزور فيها ..." refers back to the visit the sentence dates)
        usable = [d for d in usable if rel_lo <= d.start and d.end <= rel_hi] or usable
    else:
        # a relative clause right after the event ("زيارته ... التي بدأها الأربعاء") describes it
        usable = [d for d in usable if (r := _relative_clause_start(c, lex, d.start, lo_s)) is None
                  or (r < d.start and 0 <= r - te <= 25 and r >= ts)]
    lo = _clause_start(c, ts, lo_s)
    hi = _clause_end(c, te, hi_s)
    if lex.anchoring_re.search(c.text[max(lo, ts - 30):ts]):
        usable = [d for d in usable if te <= d.start and d.end <= hi]
    ranked = []
    own_verb = _governing_tense(c.text[lo:ts].split() + c.text[te:hi].split(), lex) is not None
    for d in usable:
        if lo <= d.start and d.end <= hi:
            ranked.append((0, d))
            continue
        d_lo, d_hi = _clause_start(c, d.start, lo_s), _clause_end(c, d.end, hi_s)
        words = c.text[d_lo:d.start].split() + c.text[d.end:d_hi].split()
        if _governing_tense(words, lex) is None:
            ranked.append((1, d))
        elif not own_verb:
            ranked.append((2, d))
    if not ranked:
        ranked = [(3, d) for d in statement]
    return ranked


def _clause_start(c: Clause, pos: int, floor: int) -> int:
    return max([floor] + [c.text.rfind(p, floor, pos) + 1 for p in "،,؛;" if c.text.rfind(p, floor, pos) != -1])


def _clause_end(c: Clause, pos: int, ceiling: int) -> int:
    return min([i for i in (c.text.find(p, pos, ceiling) for p in "،,؛;") if i != -1] or [ceiling])


def _complementiser_positions(c: Clause, lex) -> list[int]:
    """Where reported content begins: a complementiser (أن، إن، بأن ...) or a colon within
    twelve words after a reporting verb ("قال"، "أعلن الوزير الأحد أن ...")."""
    out = []
    words = list(re.finditer(r"\S+", c.text[c.start:c.end]))
    for i, w in enumerate(words):
        bare = re.sub(r"^[وف](?=\S{3,})", "", w.group(0))
        if bare not in lex.reporting_verbs:
            continue
        for v in words[i + 1:i + 13]:
            token = v.group(0).strip("،,\"«»")
            if token in lex.complementisers or v.group(0).endswith(":"):
                out.append(c.start + v.start())
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
        if m.group(0) in lex.relative_pronouns:
            found = lo + m.start()
    return found


def _confidence(c: Clause, actor: ActorMention, target: ActorMention) -> float:
    score = 0.6
    if actor.cls == "agent":
        score += 0.2
    if _prev_word(c, target) in _PREPOSITION_WORDS:
        score += 0.1
    return round(min(score, 0.95), 2)


def _weapon(c: Clause, lex: EventLexicon, rule: Rule) -> str | None:
    if rule.event_type != "arms_deal":
        return None
    m = lex.terms["weapons"].search(c.text, c.start, c.end)
    return m.group(0) if m else None


def _value(sentence: str, rule: Rule) -> str | None:
    if rule.event_type != "arms_deal":
        return None
    m = _VALUE_RE.search(sentence)
    return m.group(0) if m else None


def _troops(sentence: str, rule: Rule) -> int | None:
    if rule.event_type != "military_deployment":
        return None
    m = _TROOPS_RE.search(sentence)
    if not m:
        return None
    digits = re.sub(r"[,.]", "", m.group(1))
    return int(digits) if digits.isdigit() else None
