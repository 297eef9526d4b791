"""People referred to again later in a document: by their surname alone after their full name
("هايكو ماس" ... "ويزور ماس أنقرة"), or as "the latter" ("خلال زيارة الأخير لباريس").

Both are resolved only inside one document and only back to a person already named in it,
so a surname that is also an ordinary word ("ماس" is "diamond") stands for the person only
where that person has been named in full."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from waqai.transforms.actors import ActorMention, load_actor_lexicon
from waqai.transforms.lexicons import function_words
from waqai.transforms.normalize import Normalised, normalize_form

_WORDS = function_words("ar")
_PARTICLES = frozenset(_WORDS["surname_particles"])
_NOT_AFTER = frozenset(_WORDS["not_an_anaphor_after"])
_NOT_SHORT = frozenset(_WORDS["not_a_short_name"])
_FAMILY_FIRST = frozenset(w.upper() for w in _WORDS["family_name_first_states"])
# "وقال الأخير", "للأخير", "بالأخير": the anaphor with its clitics, the article included.
_ANAPHOR = re.compile(r"(?<!\w)(?:[وف])?(?:بال|لل|ال)(?:" + "|".join(re.escape(w[2:] if w.startswith("ال") else w)
                                                           for w in _WORDS["anaphors"]) + r")(?!\w)")
# A pronoun suffix on the word before, in the original spelling (ه, not the ة that
# normalisation also turns into ه): "لقائه الأخير" is "his last meeting", an adjective.
_PRONOUN_END = re.compile(r"(?:ه|ها|هم|هما|هن|نا|كم|ي)$")
# Only و/ف before a short name: with بـ/لـ/كـ it is more often a word ("لصالح").
_CLITIC = r"(?:[وف])?"
_ANAPHOR_CORES = tuple(w[2:] if w.startswith("ال") else w for w in _WORDS["anaphors"])
# How far back "the latter" may look for its person: the sentence before, roughly.
_ANAPHOR_REACH = 400


@lru_cache(maxsize=None)
def _name_forms() -> dict[str, tuple[str, ...]]:
    """person id -> the multi-word name forms the lexicon lists for them."""
    forms: dict[str, list[str]] = {}
    for key, entries in load_actor_lexicon().entries.items():
        if " " not in key:
            continue
        for e in entries:
            if e.kind == "person":
                forms.setdefault(e.entity, []).append(key)
    return {p: tuple(sorted(f, key=len, reverse=True)) for p, f in forms.items()}


def _surname(m: ActorMention) -> str | None:
    """The last word of the full name that `m` ends with, when it can stand alone."""
    if m.person is None:
        return None
    for form in _name_forms().get(m.person, ()):
        if m.text.endswith(form):
            words = form.split()
            if m.code in _FAMILY_FIRST:
                name = words[0]
            elif words[-2] in _PARTICLES:
                return None
            else:
                name = words[-1]
            return name if len(name) >= 3 and name not in _NOT_SHORT else None
    return None


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){_CLITIC}({re.escape(name)})(?!\w)")


def _whole_words(pattern: re.Pattern, core: str, text: str, pos: int, clitics: int):
    """What pattern.finditer(text, pos) yields, for a pattern of whole words that contain
    `core` after at most `clitics` letters of prefix: the core is found with str.find and the
    pattern tried at the start of its word only (a scan that tests the word boundary at every
    character cost more than the rest of coreference)."""
    i = text.find(core, pos)
    done = pos
    while i != -1:
        j = i
        while j > max(done, i - clitics) and (text[j - 1].isalnum() or text[j - 1] == "_"):
            j -= 1
        m = pattern.match(text, j)
        if m is not None and m.start(0) >= done:
            yield m
            done = m.end()
            i = text.find(core, done)
        else:
            i = text.find(core, i + 1)


def resolve_references(norm: Normalised, original: str, actors: list[ActorMention]) -> list[ActorMention]:
    """`actors` with the later short references to their people, and "the country" a visit
    goes to, added, ordered by position."""
    actors = [_palace_place(norm.text, a) for a in actors]
    found = (_surnames(norm.text, actors) + _anaphors(norm, original, actors) + _host_anaphors(norm.text, actors)
             + _kingdom_anaphors(norm.text, actors))
    if not found:
        return actors
    return sorted(actors + found, key=lambda a: a.start)


def _surnames(text: str, actors: list[ActorMention]) -> list[ActorMention]:
    first: dict[str, ActorMention] = {}
    owners: dict[str, set[str]] = {}
    for m in actors:
        name = _surname(m)
        if name:  # a person acting for no state too: "مشار" is still a person, not a word
            first.setdefault(name, m)
            owners.setdefault(name, set()).add(m.person)
    lexicon = load_actor_lexicon().entries
    taken = [(a.clitic_start if a.clitic_start >= 0 else a.start, a.end) for a in actors]
    out: list[ActorMention] = []
    for name, full in first.items():
        if len(owners[name]) > 1 or name in lexicon:
            continue  # two people of that name in the text, or a form the lexicon reads itself
        for hit in _whole_words(_name_pattern(name), name, text, full.end, 1):
            s, e = hit.span(1)
            if any(a <= s < b or a < e <= b for a, b in taken):
                continue
            out.append(replace(full, start=s, end=e, text=name, kind="surname", clitic_start=hit.start()))
    return out


def _anaphors(norm: Normalised, original: str, actors: list[ActorMention]) -> list[ActorMention]:
    people = [a for a in actors if a.cls == "agent" and a.code and a.person]
    if not people:
        return []
    out: list[ActorMention] = []
    for hit in sorted((h for core in _ANAPHOR_CORES for h in _whole_words(_ANAPHOR, core, norm.text, 0, 4)),
                      key=lambda h: h.start()):
        s = hit.start()
        before = [p for p in people if p.end <= s and s - p.end <= _ANAPHOR_REACH]
        if not before:
            continue
        o_start, _ = norm.span(s, hit.end())
        words = original[max(0, o_start - 30):o_start].split()
        prev = words[-1] if words else ""
        prev_norm = norm.text[max(0, s - 30):s].split()
        if prev.startswith("ال") or _PRONOUN_END.search(prev) or (prev_norm and prev_norm[-1] in _NOT_AFTER):
            continue  # "الاجتماع الأخير", "لقائه الأخير": "last", an adjective; "في الأخير": "in the end"
        word_start = hit.start() + (1 if norm.text[hit.start()] in "وف" else 0)
        out.append(replace(before[-1], start=word_start, end=hit.end(), text=norm.text[word_start:hit.end()],
                           kind="anaphor", clitic_start=hit.start()))
    return out


def _forms_re(key: str) -> str:
    return "|".join(re.escape(normalize_form(w)) for w in sorted(_WORDS[key], key=len, reverse=True))


# "وجدد أردوغان خلال زيارة للدولة"، "لافروف وصل إلى البلاد": the visit word, at most two
# words that may stand between, then "the country".
_HOST_ANAPHOR = re.compile(r"(?<!\w)[وفلب]?(?:" + _forms_re("host_anaphor_visit_words") + r")"
                           r"(?:\s+(?:" + _forms_re("host_anaphor_between") + r")){0,2}\s+(?P<ana>"
                           + _forms_re("host_anaphor_forms") + r")(?!\w)")


# "زيارة الرئيس الصيني شي جين بينغ للبلاد": the visitor named between the visit word and "the country"
_HOST_ANAPHOR_NAMED = re.compile(r"(?<!\w)[وفلب]?(?:" + _forms_re("host_anaphor_visit_words") + r")"
                                 r"\s+(?P<mid>(?:[^\s.،,؛:]+\s+){1,7}?)(?P<ana>" + _forms_re("host_anaphor_forms") + r")(?!\w)")


@lru_cache(maxsize=None)
def _org_codes() -> frozenset[str]:
    return frozenset(e.code for bucket in load_actor_lexicon().entries.values() for e in bucket if e.kind == "org")


def _host_anaphors(text: str, actors: list[ActorMention]) -> list[ActorMention]:
    """"the country" after a visit word stands for the state named last before it, within
    the anaphor reach; in its own sentence the agents (the visitor and his title) are passed
    over: "لافروف وصل إلى البلاد" after "وكالة أنباء كوريا الشمالية ... إن" is North Korea."""
    out: list[ActorMention] = []
    if "بلاد" not in text and "للدوله" not in text:
        return out  # most articles: a substring test is far cheaper than the scan
    states = [a for a in actors if a.code and a.cls != "private" and a.code not in _org_codes()]
    hits: list[tuple[re.Match, str | None]] = [(h, None) for h in _HOST_ANAPHOR.finditer(text)]
    seen = {h.span("ana") for h, _ in hits}
    for hit in _HOST_ANAPHOR_NAMED.finditer(text):
        ms, me = hit.span("mid")
        # only when what stands between is the visitor himself, one agent named there
        visitor = next((a for a in actors if a.cls == "agent" and a.code and (a.clitic_start if a.clitic_start >= 0 else a.start) == ms
                        and text[a.end:me].strip() == ""), None)
        if hit.span("ana") not in seen and visitor is not None:
            hits.append((hit, visitor.code))
    for hit, visitor_code in hits:
        s, e = hit.span("ana")
        sentence_start = max(text.rfind(".", 0, s), text.rfind("\n", 0, s)) + 1
        # the visitor's own mentions are passed over: those of the sentence, or of his state
        # when he is named ("أعلنت الإمارات ... زيارة الرئيس الصيني للبلاد" is the Emirates)
        before = [a for a in states if a.end <= s and s - a.end <= _ANAPHOR_REACH
                  and not (visitor_code is None and a.start >= sentence_start and a.cls == "agent")
                  and a.code != visitor_code]
        if not before:
            continue
        word_start = s + (2 if text.startswith("لل", s) else 0)
        out.append(ActorMention(word_start, e, text[word_start:e], "place", "host_anaphor", before[-1].code,
                                before[-1].entity, clitic_start=s))
    return out


_KINGDOM_WORD = re.compile(r"(?<!\w)(?P<pre>[وفلب]?(?:ال|لل))(?P<ana>مملكه)(?!\w)")
_KINGDOMS = frozenset(w.upper() for w in _WORDS["kingdoms"])  # state codes (the loader lowercases forms)


def _kingdom_anaphors(text: str, actors: list[ActorMention]) -> list[ActorMention]:
    """"جنودا ألمانا متمركزين في المملكة" after "ميركل تلتقي العاهل الأردني في عمان": the
    kingdom alone stands for the kingdom named last before it, within the anaphor reach (not
    when it begins a name: "المملكة العربية السعودية" is read as a whole)."""
    if "مملكه" not in text:
        return []
    taken = [(a.clitic_start if a.clitic_start >= 0 else a.start, a.end) for a in actors]
    out = []
    for hit in _KINGDOM_WORD.finditer(text):
        s, e = hit.span("ana")
        if any(a <= s < b for a, b in taken):
            continue
        before = [a for a in actors if a.code and a.end <= hit.start() and hit.start() - a.end <= _ANAPHOR_REACH
                  and a.cls in ("place", "agent", "nisba") and a.code not in _org_codes()]
        kingdoms = [a for a in before if a.code in _KINGDOMS and a.cls != "nisba"]  # "جنودا هولنديين" is whose troops
        # the last kingdom named, with no place of another state named after it
        if not kingdoms or any(a.cls == "place" and a.code != kingdoms[-1].code and a.start > kingdoms[-1].start for a in before):
            continue
        before = kingdoms
        start = s - 2 if text.startswith("ال", s - 2) else s
        out.append(ActorMention(start, e, text[start:e], "place", "host_anaphor", before[-1].code, before[-1].entity,
                                clitic_start=hit.start()))
    return out


# "وصل بومبيو إلى القصر الملكي السعودي": a royal or presidential palace with a state's nisba
# stands in that state, as its capital does.
_PALACE = re.compile(r"(?<!\w)(?:ال)?قصر\s+(?:ال)?(?:ملكي|رياسي|جمهوري|اميري)\s+$")


def _palace_place(text: str, a: ActorMention) -> ActorMention:
    palace = _PALACE.search(text, max(0, a.start - 25), a.start) if a.cls == "nisba" and a.code else None
    if palace is None:
        return a
    # the mention spans the palace too, so the preposition before it is the host's ("إلى القصر")
    return replace(a, start=palace.start(), text=text[palace.start():a.end], cls="place", kind="seat",
                   clitic_start=palace.start())
