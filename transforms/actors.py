"""Actor recognition: countries, capitals, nisba adjectives, organisations, office holders.

Lexicons (`lexicons/<lang>/{countries,organisations,office_holders,places,roles}.yaml`) are
compiled into one trie-shaped regular expression over normalised text. Arabic clitics (و ف ب
ل ك and the article ال) are matched as a prefix, so "وبفرنسا", "للصين" and "الفرنسيين" find
their entries. Raw matches are then composed: a role noun with a nisba or a country
("رئيس الوزراء المجري", "رئيس كازاخستان") becomes one agent of that state, and a person
resolves to the state they represented on the publication date.

Mention classes used by the event patterns:
  agent  – someone who acts for a state or organisation (a person, a role of a state, an
           organisation, a seat of government such as الكرملين)
  place  – a country, capital, city or region (where something happens; a country can act too)
  nisba  – a bare nationality adjective ("القوات الروسية")
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from waqai.transforms.lexicons import LexiconError, function_words, read_yaml, require, string_list
from waqai.transforms.normalize import normalize_form
from waqai.transforms.trie import trie_pattern

ROLE_IDS = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister"}
# offices (a term's `office`, a role id of roles.yaml) that have their own holder by date
_TITLED_OFFICES = frozenset({"crown_prince"})
_NISBA_SUFFIXES = ("",) + function_words("ar")["nisba_suffixes"]
# Entry kinds in the order a form shared by several kinds is read (تونس: country before capital).
_PRIORITY = ("ignore", "person", "org", "country", "capital", "metonym", "place", "role", "private", "place_noun", "nisba")
_CLASS = {"person": "agent", "org": "agent", "metonym": "agent", "role": "role", "private": "private",
          "country": "place", "capital": "place", "place": "place", "nisba": "nisba", "ignore": "ignore",
          "place_noun": "place_noun"}
_STATE_WORDS = re.compile(r"(?:" + trie_pattern(function_words("ar")["state_words"]) + r")\s*$")


@dataclass(frozen=True)
class Term:
    code: str
    role: str
    start: dt.date
    end: dt.date | None
    office: str | None = None  # a title roles.yaml names beside the four roles ("ولي العهد")


@dataclass(frozen=True)
class Entry:
    kind: str                 # see _PRIORITY
    entity: str               # ISO code, organisation code, person id or role id
    code: str | None          # the state/organisation it stands for (None: roles, by date: persons)
    needs_article: bool       # the form itself starts with ال (الصين, السيسي)
    ambiguous: bool = False   # also an ordinary word (مالي): needs a "دولة"-like cue or a list
    terms: tuple[Term, ...] = ()
    official: bool = True
    state_actor_before: bool = True  # before the first term: still coded by it (office_holders.yaml)
    # (from, to) stretches when the person acted for no state (a rebel leader between terms)
    non_state: tuple[tuple[dt.date, dt.date | None], ...] = ()
    person: str | None = None  # an organisation's official ("غريفيث"): who, beside what he acts for


@dataclass(frozen=True)
class ActorLexicon:
    pattern: re.Pattern
    entries: dict[str, tuple[Entry, ...]]
    # (state, role) -> [(person id, term)]: who held an office on a date
    offices: dict[tuple[str, str], tuple[tuple[str, Term], ...]] = field(default_factory=dict)
    # ruler title -> the states whose head of state bears it (roles.yaml ruler_titles)
    ruler_titles: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class ActorMention:
    start: int                # normalised offsets
    end: int
    text: str
    cls: str                  # agent | place | nisba | role | private
    kind: str                 # entry kind, or "role+nisba" / "role+country" / "role+person"
    code: str | None
    entity: str
    official: bool = True
    person: str | None = None  # the office holder, when known
    clitic_start: int = -1     # where the match begins, with its clitic ("لحلف": at the ل)


def _add(entries: dict[str, list[Entry]], form: str, entry: Entry, where: str, article: bool | None = None) -> None:
    """Index a form under its normalised key, without a leading article: the matcher reads
    the article as part of the clitic prefix, so "الصين" is found in "وللصين" too."""
    key = normalize_form(form)
    require(key != "", where, f"empty form {form!r}")
    needs_article = False
    # Only a written article counts: "ألماني" normalises to "الماني" but has no article.
    article = form.strip().startswith("ال") if article is None else article
    if article and key.startswith("ال") and len(key) > 4:
        key = key[2:]
        # Names that carry the article need it; adjectives and role nouns take it or not.
        needs_article = entry.kind not in ("nisba", "role", "private", "ignore", "place_noun")
    entry = replace(entry, needs_article=needs_article)
    bucket = entries.setdefault(key, [])
    if entry not in bucket:
        bucket.append(entry)


def _items(lang: str, name: str, key: str) -> tuple[dict, str, list]:
    """A lexicon file, its name for error messages, and the list it keeps under `key`."""
    raw = read_yaml(lang, name)
    where = f"lexicons/{lang}/{name}.yaml"
    require(isinstance(raw, dict) and isinstance(raw.get(key), list), where, f"needs a {key!r} list")
    return raw, where, raw[key]


def _add_iso_names(entries: dict[str, list[Entry]], codes: set[str]) -> None:
    """The formal Arabic names of iso-codes (shipped with pycountry), e.g. "الاتحاد الروسي",
    "الجمهورية العربية السورية", as extra names. Only the formal `name` translation is used
    (its common-name translations have errors), inverted "X، Y" forms are skipped, and a form
    already known for another entry is never overridden."""
    import gettext

    import pycountry

    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    except OSError:
        return
    for code in sorted(codes):
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            continue
        name = tr.gettext(country.name)
        if name == country.name or "،" in name or "," in name or "(" in name:
            continue
        key = normalize_form(name)
        probe = key[2:] if key.startswith("ال") and len(key) > 4 else key
        if any(e.code not in (None, code) for e in entries.get(probe, ())):
            continue
        _add(entries, name, Entry("country", code, code, None), "pycountry iso3166-1 ar")


def _date(value, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise LexiconError(f"{where}: bad date {value!r}") from exc


@lru_cache(maxsize=None)
def load_actor_lexicon(lang: str = "ar") -> ActorLexicon:
    import pycountry

    entries: dict[str, list[Entry]] = {}
    countries, where, country_items = _items(lang, "countries", "countries")
    ambiguous = {normalize_form(f) for f in string_list(countries.get("ambiguous"), where, allow_empty=True)}
    codes = set()
    for i, c in enumerate(country_items):
        w = f"{where}:countries[{i}]"
        code = c.get("code")
        require(isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code or "") is not None, w, f"bad code {code!r}")
        require(code == "XKX" or pycountry.countries.get(alpha_3=code) is not None, w, f"{code} is not ISO 3166-1 alpha-3")
        require(code not in codes, w, f"{code} listed twice")
        codes.add(code)
        amb = ambiguous | {normalize_form(f) for f in string_list(c.get("ambiguous"), w, allow_empty=True)}
        for name in string_list(c.get("names"), f"{w}.names"):
            _add(entries, name, Entry("country", code, code, None, normalize_form(name) in amb), w)
        for name in string_list(c.get("capitals"), f"{w}.capitals", allow_empty=True):
            _add(entries, name, Entry("capital", code, code, None, normalize_form(name) in amb), w)
        for name in string_list(c.get("metonyms"), f"{w}.metonyms", allow_empty=True):
            _add(entries, name, Entry("metonym", code, code, None, normalize_form(name) in amb), w)
        for base in string_list(c.get("nisba"), f"{w}.nisba", allow_empty=True):
            stem = normalize_form(base)
            stem = stem[2:] if base.strip().startswith("ال") else stem  # a written article only
            for suffix in (_NISBA_SUFFIXES if stem.endswith("ي") else ("",)):
                form = stem + suffix
                _add(entries, form, Entry("nisba", code, code, False, form in amb), w, article=False)
        for form in string_list(c.get("nisba_irregular"), f"{w}.nisba_irregular", allow_empty=True):
            _add(entries, form, Entry("nisba", code, code, False, normalize_form(form) in amb), w)
    _add_iso_names(entries, codes)
    for phrase in string_list(countries.get("ignore_phrases"), f"{where}:ignore_phrases", allow_empty=True):
        _add(entries, phrase, Entry("ignore", "ignore", None, False), where)

    _, where, org_items = _items(lang, "organisations", "organisations")
    org_codes = set()
    for i, o in enumerate(org_items):
        w = f"{where}:organisations[{i}]"
        code = o.get("code")
        require(isinstance(code, str) and re.fullmatch(r"[A-Z]{2,10}", code or "") is not None, w, f"bad code {code!r}")
        org_codes.add(code)
        for name in string_list(o.get("names"), f"{w}.names") + string_list(o.get("abbreviations"), f"{w}.abbreviations", allow_empty=True):
            _add(entries, name, Entry("org", code, code, None), w)
        for form in string_list(o.get("nisba"), f"{w}.nisba", allow_empty=True):
            _add(entries, form, Entry("nisba", code, code, False), w)
        for j, official in enumerate(o.get("officials") or []):
            wj = f"{w}.officials[{j}]"
            require(isinstance(official, dict) and isinstance(official.get("id"), str), wj, "needs an id")
            for name in string_list(official.get("names"), f"{wj}.names"):
                _add(entries, name, Entry("org", code, code, None, person=official["id"]), wj)

    _, where, holder_items = _items(lang, "office_holders", "office_holders")
    for i, p in enumerate(holder_items):
        w = f"{where}:office_holders[{i}] ({p.get('id')})"
        require(isinstance(p.get("id"), str), w, "needs an id")
        terms = []
        for t in p.get("terms") or []:
            # An organisation's office is a term too (بوريل: ESP minister, then the EU's foreign-policy chief)
            require(t.get("code") in codes or t.get("code") in org_codes, w, f"unknown state or organisation {t.get('code')!r}")
            require(t.get("role") in ROLE_IDS, w, f"unknown role {t.get('role')!r}")
            start, end = _date(t.get("from"), w), _date(t.get("to"), w)
            require(start is not None and (end is None or start <= end), w, "needs from <= to")
            office = t.get("office")
            require(office is None or isinstance(office, str), w, "office must be a string")
            terms.append(Term(t["code"], t["role"], start, end, office))
        require(bool(terms), w, "needs at least one term")
        non_state = []
        for span in p.get("non_state") or []:
            start, end = _date(span.get("from"), w), _date(span.get("to"), w)
            require(start is not None and (end is None or start <= end), w, "non_state needs from <= to")
            non_state.append((start, end))
        for name in string_list(p.get("names"), f"{w}.names"):
            _add(entries, name, Entry("person", p["id"], None, None, False, tuple(sorted(terms, key=lambda x: x.start)),
                                      state_actor_before=bool(p.get("state_actor_before", True)),
                                      non_state=tuple(non_state)), w)

    _, where, place_items = _items(lang, "places", "places")
    for i, p in enumerate(place_items):
        w = f"{where}:places[{i}]"
        code = p.get("code")
        if code is None:
            continue  # contested: recognised nowhere rather than coded wrongly
        require(code in codes, w, f"unknown state {code!r}")
        for name in string_list(p.get("names"), f"{w}.names"):
            _add(entries, name, Entry("place", code, code, None), w)

    roles, where, role_items = _items(lang, "roles", "roles")
    for i, r in enumerate(role_items):
        w = f"{where}:roles[{i}]"
        require(isinstance(r.get("id"), str), w, "needs an id")
        for form in string_list(r.get("forms"), f"{w}.forms"):
            _add(entries, form, Entry("role", r["id"], None, False, official=bool(r.get("official", True))), w)
    for form in string_list((roles.get("private_persons") or {}).get("forms"), f"{where}:private_persons", allow_empty=True):
        _add(entries, form, Entry("private", "private", None, False, official=False), where)
    for form in string_list((roles.get("place_nouns") or {}).get("forms"), f"{where}:place_nouns", allow_empty=True):
        _add(entries, form, Entry("place_noun", "place_noun", None, False), where)

    frozen = {k: tuple(sorted(v, key=lambda e: _PRIORITY.index(e.kind))) for k, v in entries.items()}
    pattern = re.compile(r"(?<!\w)(?P<pre>[وف]?(?:[بك]?ال|لل|[بلك])?)(?P<form>" + trie_pattern(frozen) + r")(?!\w)")
    offices: dict[tuple[str, str], list[tuple[str, Term]]] = {}
    for bucket in frozen.values():
        for e in bucket:
            if e.kind == "person":
                for t in e.terms:
                    pair = (e.entity, t)
                    # a crown prince's term answers "ولي العهد السعودي", not "رئيس الوزراء"
                    key = (t.code, t.office) if t.office in _TITLED_OFFICES else (t.code, t.role)
                    if pair not in offices.setdefault(key, []):
                        offices[key].append(pair)
    titles = roles.get("ruler_titles") or {}
    require(isinstance(titles, dict), f"{where}:ruler_titles", "expected a mapping title -> states")
    rulers = {}
    for title, states in titles.items():
        for c in string_list(states, f"{where}:ruler_titles[{title}]"):
            require(c in codes, f"{where}:ruler_titles[{title}]", f"unknown state {c!r}")
        rulers[normalize_form(title)] = frozenset(states)
    return ActorLexicon(pattern, frozen, {k: tuple(v) for k, v in offices.items()}, rulers)


def office_holder(code: str, role: str, published: dt.date | None, lang: str = "ar") -> str | None:
    """The person who held `role` for `code` on the publication date: "الرئيس الفرنسي" in a
    2015 article is francois_hollande, in 2023 emmanuel_macron."""
    if published is None:
        return None
    for person, t in load_actor_lexicon(lang).offices.get((code, role), ()):
        # (a term of another office filed under the role, an intelligence chief's, answers no title)
        if t.office not in (None, role):
            continue
        if t.start <= published and (t.end is None or published <= t.end):
            return person
    return None


def out_of_office(person: str, day: dt.date, lang: str = "ar") -> bool:
    """True when every office `person` held (office_holders.yaml) had ended before `day`."""
    terms = person_terms(lang).get(person)
    return bool(terms) and all(t.end is not None and t.end < day for t in terms)


@lru_cache(maxsize=4)
def person_terms(lang: str = "ar") -> dict[str, tuple[Term, ...]]:
    """Every term of office (office_holders.yaml) by person id."""
    terms: dict[str, list[Term]] = {}
    for held in load_actor_lexicon(lang).offices.values():
        for person, t in held:
            terms.setdefault(person, []).append(t)
    return {p: tuple(v) for p, v in terms.items()}


# Kinds read the same with or without the article (adjectives, role nouns, ...); a name that
# carries the article (needs_article) needs it, any other name must come without one.
_ANY_PREFIX = frozenset(("nisba", "role", "private", "ignore", "place_noun"))


def term_on(entry: Entry, published: dt.date | None) -> Term | None:
    """The office a person held on the publication date (else their latest one)."""
    if not entry.terms:
        return None
    if published is not None:
        if any(lo <= published and (hi is None or published <= hi) for lo, hi in entry.non_state):
            return None  # "رياك مشار" in 2018 led the armed opposition, not South Sudan
        for t in entry.terms:
            if t.start <= published and (t.end is None or published <= t.end):
                return t
        before = [t for t in entry.terms if t.start <= published]
        if before:
            return before[-1]
        if not entry.state_actor_before:
            # "أبو محمد الجولاني" in 2018 led an armed group; Syria's presidency came in 2025.
            return None
    return entry.terms[-1]


_QUOTE = "[\"«»“”]"


@lru_cache(maxsize=None)
def _quoted_ignore_pattern(lang: str = "ar") -> re.Pattern | None:
    """The multi-word ignore phrases with a quotation mark allowed at each word boundary."""
    forms = [k for k, bucket in load_actor_lexicon(lang).entries.items() if " " in k and any(e.kind == "ignore" for e in bucket)]
    if not forms:
        return None
    body = trie_pattern(forms).replace(r"\s+", _QUOTE + r"?\s+" + _QUOTE + "?")
    return re.compile(r"(?<!\w)(?:[وفبل]|بال|لل|ال)?(?:" + body + r")(?!\w)")


def _quoted_ignores(text: str) -> list[tuple[int, int]]:
    """"عبر "حزب الله" اللبناني": an ignore phrase with a quotation mark inside it, looked
    for only around the marks (the plain phrases are matched with the lexicon)."""
    rx = _quoted_ignore_pattern()
    out: list[tuple[int, int]] = []
    for q in re.finditer(_QUOTE, text) if rx is not None else ():
        i = q.start()
        if out and i < out[-1][1]:
            continue  # inside a phrase already found
        out += [m.span() for m in rx.finditer(text, max(0, i - 40), min(len(text), i + 40)) if m.start() < i < m.end()][:1]
    return out


# a person or body an institution is named after ("مطار الملك خالد"): places stay ("مطار القاهرة")
_NAMED_AFTER_KINDS = frozenset({"person", "org"})
_INSTITUTION_BEFORE = re.compile(r"(?<!\w)[وفبل]?(?:ال|لل)?(?:" + "|".join(
    sorted((normalize_form(w) for w in function_words("ar")["institution_nouns"]), key=len, reverse=True)) + r")\s+$")


def find_actors(text: str, published: dt.date | None, lang: str = "ar") -> list[ActorMention]:
    """Actor mentions in normalised `text`, composed and ordered by position."""
    lex = load_actor_lexicon(lang)
    raw: list[ActorMention] = []
    held: list[ActorMention] = []  # ambiguous forms waiting for a list of states to confirm them
    ignored: list[tuple[int, int]] = []
    entries = lex.entries
    for m in lex.pattern.finditer(text):
        pre, form = m.group("pre", "form")
        bucket = entries.get(form)
        if bucket is None:  # a line break or a double space inside a form
            bucket = entries.get(" ".join(form.split()), ())
        article = 2 if pre.endswith("ال") else 1 if pre.endswith("لل") else 0
        entry = None
        for e in bucket:
            if (article > 0) if e.needs_article else (e.kind in _ANY_PREFIX or not article):
                entry = e
                break
        if entry is None:
            continue
        start, end = m.start("form") - article, m.end()
        if "ك" in pre and any(e.kind == "ignore" for e in entries.get(re.sub(r"^[وف]", "", m.group(0)), ())):
            continue  # "وكسرت الحصار": a word of its own ("broke"), not ك + سرت
        if entry.kind == "ignore":
            ignored.append((m.start(), end))
            continue
        if m.group(0) in _CONJUNCTION_TYPOS and _CLAUSE_START.search(text, 0, m.start()):
            continue  # "، ببنما أنشأت بريطانيا قاعدة": بينما misspelt, not "in Panama"
        ambiguous = entry.ambiguous and not _STATE_WORDS.search(text[max(0, start - 12):start])
        code = entry.code
        if entry.kind == "person":
            term = term_on(entry, published)
            code = term.code if term else None
        mention = ActorMention(start, end, text[start:end], _CLASS[entry.kind], entry.kind, code, entry.entity, entry.official,
                               person=entry.entity if entry.kind == "person" else entry.person, clitic_start=m.start())
        if entry.kind == "nisba" and not pre and _given_name(text, start, end):
            continue  # "العقيد الركن تركي المالكي": a man called Turki, not a Turk
        if entry.kind in _NAMED_AFTER_KINDS and _INSTITUTION_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue  # "جامعة السلطان قابوس", "معهد المجلس الأوروبي للعلاقات الخارجية": an institution's name
        if ambiguous:
            # "جولة شملت عمان ودمشق": among capitals the capital reading (Amman), among states the state's (Oman)
            other = next((e for e in bucket if e is not entry and e.ambiguous and e.kind in ("country", "capital")
                          and e.kind != entry.kind), None)
            held.append((mention, None if other is None else replace(mention, cls=_CLASS[other.kind], kind=other.kind,
                                                                         code=other.code, entity=other.entity)))
        else:
            raw.append(mention)
    if held:
        confirmed = []
        for mention, other in held:
            kind = _in_list_of_states(mention, raw, text)
            if kind:
                confirmed.append(other if other is not None and other.kind == kind != mention.kind else mention)
        raw = sorted(raw + confirmed, key=lambda a: a.start)
    ignored += _quoted_ignores(text)
    if ignored:
        raw = [a for a in raw if not any(s <= a.start < e for s, e in ignored)]
    composed, kin_end = [], -1
    for a in _compose(raw, text):
        if _kin_of(a, text):
            kin_end = a.end
        elif not (a.kind == "person" and kin_end >= 0 and _COMMA_GAP.fullmatch(text[kin_end:a.start])):
            composed.append(a)  # "زوجة الرئيس الأمريكي، دونالد ترامب": his name in apposition goes too
    for a in composed:
        if a.cls == "agent" and aide_before(text, a.start, name=a.kind == "person"):
            a.person = None  # "مساعد وزير الدفاع السعودي": the aide, not the minister
            continue
        if a.kind.startswith("role+") and _HEAD_OF_A_BODY.match(text, a.end):
            a.official = False  # "الرئيس القطري لنادي باريس سان جرمان": the head of a club, not of a state
        elif a.person is None and a.kind.startswith("role+") and (a.entity in ROLE_IDS or a.entity in _TITLED_OFFICES) \
                and a.code and _bears_title(a, lex):
            a.person = office_holder(a.code, a.entity, published, lang)
        elif a.person is None and a.entity == "counterpart" and a.code:
            role = _counterpart_role(a, composed, text)
            if role is not None:
                a.person = office_holder(a.code, role, published, lang)
    return composed


# "وزيري الخارجية السوداني ونظيره": the office of the officials named in the dual or plural
_OFFICIALS_IN_NUMBER = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:وزيري|وزيرا|وزراء|رييسي|رييسا|روساء)\s+(?:ال)?(خارجيه|دفاع|وزراء|حكومه)(?!\w)")
_OFFICE_OF_WORD = {"خارجيه": "foreign_minister", "دفاع": "defence_minister", "وزراء": "head_of_government", "حكومه": "head_of_government"}


def _counterpart_role(a: ActorMention, composed: list[ActorMention], text: str) -> str | None:
    """"استقبل وزير الخارجية الروسي نظيره السوري": a counterpart holds the office of the official
    named just before him in the sentence, so his state's holder of it is known."""
    lo = max(0, a.start - 100)
    stop = max(text.rfind(".", lo, a.start), text.rfind("\n", lo, a.start))
    lo = max(lo, stop + 1)
    before = [b for b in composed if lo <= b.start and b.end <= a.start and b.kind.startswith("role+") and b.entity in ROLE_IDS]
    if before:
        return before[-1].entity
    found = list(_OFFICIALS_IN_NUMBER.finditer(text, lo, a.start))
    return _OFFICE_OF_WORD[found[-1].group(1)] if found else None


# A role followed by a body that is no state: "رئيس ... لنادي", "لشركة", "لمجموعة"
_HEAD_OF_A_BODY = re.compile(r"\s+(?:لنادي|لنادى|للنادي|لفريق|للفريق|لشركه|للشركه|لمجموعه|لمؤسسه|لجمعيه|لاتحاد الكره|لبنك|لمصرف)(?!\w)")


_KINSHIP = set(function_words("ar")["kinship_nouns"])
_CONJUNCTION_TYPOS = frozenset(function_words("ar")["conjunction_typos"])
_CLAUSE_START = re.compile(r"(?:^|[.،,؛:!?؟])\s*$")
_CLITIC_VFL = re.compile(r"^[وفل](?=\S{3,})")
_ENDS_IN_PUNCT = re.compile(r"[،,.:؛]$")
_CLITIC_ARTICLE = re.compile(r"^[وف]?(?:[بك]?ال|لل)")
_GAP_PUNCT = re.compile(r"[.،,؛:!?؟()\"\n]")
_COMMA_GAP = re.compile(r"\s*[،,]\s*")
_PLURAL_NISBA = re.compile(r"(?:يين|يون)$")
_FORMER = re.compile(r"\s+(?:ال)?(?:سابق|اسبق|سابقه|اسبقه)(?!\w)")


_AIDES = sorted((normalize_form(w) for w in function_words("ar")["aide_nouns"]), key=len, reverse=True)
_AIDE_BEFORE = re.compile(r"(?<!\w)[وف]?(?:ال)?(?:" + "|".join(_AIDES) + r")\s+$")
# (before a name, نائب is as often the member of parliament himself: "النائب جون ماكين")
_AIDE_BEFORE_NAME = re.compile(r"(?<!\w)[وف]?(?:ال)?(?:" + "|".join(a for a in _AIDES if not a.startswith("نايب")) + r")\s+$")


def aide_before(text: str, start: int, name: bool = False) -> bool:
    """"كبير مساعدي زعيم كوريا الشمالية": the official named at `start` is whom an aide serves."""
    return (_AIDE_BEFORE_NAME if name else _AIDE_BEFORE).search(text, max(0, start - 24), start) is not None


def _kin_of(a: ActorMention, text: str) -> bool:
    """"كيم يو جونغ، شقيقة الزعيم الكوري الشمالي": an official right after a kin noun names
    whose kin is meant; he is not in the sentence as an actor."""
    if a.cls != "agent":
        return False
    before = text[max(0, a.start - 14):a.start].split()
    return bool(before) and _CLITIC_VFL.sub("", before[-1]) in _KINSHIP


def _given_name(text: str, start: int, end: int) -> bool:
    """An indefinite nisba between two definite words cannot be the adjective of the one before
    it (adjectives agree in definiteness): it is a given name before a family name."""
    before = text[max(0, start - 20):start].split()
    after = text[end:end + 20].split()
    if after and after[0] in ("بن", "ابن") and len(after) > 1 and not after[1].startswith("ال"):
        return True  # "الأمير تركي بن محمد": a patronymic follows only a name
    return bool(before and after) and before[-1].startswith("ال") and after[0].startswith("ال") \
        and not _ENDS_IN_PUNCT.search(before[-1]) and len(after[0]) > 3


def bears_ruler_title(a: ActorMention, lang: str = "ar") -> bool:
    """Whether a head-of-state title names its state's ruler ("الأمير القطري", not "الأمير السعودي")."""
    return _bears_title(a, load_actor_lexicon(lang))


def _bears_title(a: ActorMention, lex: ActorLexicon) -> bool:
    """"الأمير القطري" is Qatar's emir, "الأمير السعودي" one of many Saudi princes: a ruler's
    title names the head of state only of the states whose head bears it."""
    words = a.text.split()
    first = _CLITIC_ARTICLE.sub("", words[0]) if words else ""
    states = lex.ruler_titles.get(first)
    return states is None or a.code in states


_NOT_A_MODIFIER = set(function_words("ar")["not_a_modifier"])


def _in_list_of_states(m: ActorMention, mentions: list[ActorMention], text: str) -> str | None:
    """"إلى قطر وعُمان والكويت": an ambiguous name between states joined by و or a comma is
    the state too; the kind of its neighbour (country or capital) is returned, else None."""
    for other in mentions:
        if other.cls != "place" or other.kind not in ("country", "capital"):
            continue
        a, b = (other, m) if other.end <= m.start else (m, other)
        gap = text[a.end:b.clitic_start if b.clitic_start >= 0 else b.start]
        if b.start - a.end <= 6 and re.fullmatch(r"\s*[،,]?\s*(?:و)?", gap) and (
                "،" in gap or "," in gap or text[b.clitic_start:b.start].startswith("و")):
            return other.kind
    return None


def _gap_words(text: str, a: int, b: int) -> int | None:
    """Number of words between two positions; None when punctuation, a preposition or a
    counterpart noun (نظيره) separates them, i.e. when the second cannot qualify the first."""
    between = text[a:b]
    if _GAP_PUNCT.search(between):
        return None
    words = between.split()
    # "الحاكم للكنيسة الروسية": a noun after لل- takes the nisba, not the role before it.
    if any(w in _NOT_A_MODIFIER or w.startswith("لل") for w in words):
        return None
    return len(words)


def _compose(raw: list[ActorMention], text: str) -> list[ActorMention]:
    """Join role nouns with the state that qualifies them, and with a following name."""
    out: list[ActorMention] = []
    i = 0
    while i < len(raw):
        cur = raw[i]
        if cur.cls == "role":
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            gap = None
            if nxt is not None:
                gap = _gap_words(text, cur.end, nxt.start)
                if gap is None and nxt.kind == "org" and text[nxt.clitic_start:nxt.start] in ("ل", "ال"):
                    # "الأمين العام لحلف شمال الأطلسي": the genitive لـ ties role and organisation.
                    gap = _gap_words(text, cur.end, nxt.clitic_start)
            # A nisba may follow a few genitive words ("وزير القوات المسلحة الفرنسية"), an
            # organisation one ("رئيس مفوضية الاتحاد الأفريقي"); a state or a person must follow
            # the role directly ("رئيس كازاخستان", "الرئيس أوباما").
            if gap is None and nxt is not None and nxt.kind == "person" and nxt.code and _COMMA_GAP.fullmatch(text, cur.end, nxt.start):
                gap = 0  # "وزير الخارجية، جان إيف لودريان،": the name in apposition holds the office
            limit = 3 if nxt is not None and nxt.cls == "nisba" else 1 if nxt is not None and nxt.kind == "org" else 0
            if nxt is not None and nxt.cls == "nisba" and (cur.entity == "head_of_state" or _PLURAL_NISBA.search(nxt.text)):
                # "رئيس مركز المصالحة الروسي" heads a centre, not the state; a plural nisba
                # ("ولي العهد مسؤولين إسرائيليين") agrees with the plural noun before it.
                limit = 0
            if nxt is not None and gap is not None and gap <= limit and nxt.code and nxt.cls in ("nisba", "place", "agent"):
                merged = ActorMention(cur.start, nxt.end, text[cur.start:nxt.end], "agent",
                                      f"role+{nxt.kind}", nxt.code, cur.entity, cur.official)
                i += 2
                # "الرئيس الفرنسي إيمانويل ماكرون": the name that follows is the same person.
                if _FORMER.match(text[merged.end:merged.end + 12]):
                    # "الرئيس الأمريكي الأسبق": a former official no longer acts for the state.
                    merged.official = False
                if nxt.kind == "person":
                    merged.person = nxt.person
                # "التقى وزير الخارجية الأمريكي الملك سلمان": a person of another state after the
                # role is its object, not its name.
                if i < len(raw) and raw[i].kind == "person" and _gap_words(text, merged.end, raw[i].start) == 0 \
                        and raw[i].code in (None, merged.code):
                    merged.end = raw[i].end
                    merged.text = text[merged.start:merged.end]
                    merged.person = raw[i].person
                    i += 1
                out.append(merged)
                continue
        if cur.cls == "place_noun":
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            # "العاصمة الهندية", "المدن السورية": a place of that state.
            # ("العاصمة السعودية": a state whose name is a feminine nisba reads as that nisba here)
            if nxt is not None and nxt.code and _gap_words(text, cur.end, nxt.start) == 0 and (
                    nxt.cls == "nisba" or nxt.kind == "country" and nxt.text.startswith("ال") and nxt.text.endswith("يه")):
                out.append(ActorMention(cur.start, nxt.end, text[cur.start:nxt.end], "place", "place+nisba", nxt.code, nxt.entity))
                i += 2
                continue
            i += 1
            continue  # a place noun alone names nothing
        out.append(cur)
        i += 1
    return out
