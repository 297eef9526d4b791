"""Named weapon systems and the state that usually supplies them.

Arms news often names only the buyer: "شراء أنقرة منظومة إس-400", "تسلمت قطر مقاتلات رافال".
The system's name carries the supplier (S-400 → RUS, Rafale → FRA), so the arms frames can
code supplier → recipient from it. The lexicon (`lexicons/<lang>/weapon_systems.yaml`) lists
each system with its origin, category and the spellings news use; its header documents the
rules (multinational systems, names that are also ordinary words).

>>> from waqai.transforms.normalize import normalize
>>> [(w.system, w.origin) for w in find_weapon_systems(normalize("تسلمت قطر مقاتلات رافال").text)]
[('rafale', 'FRA')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from waqai.transforms.lexicons import read_yaml, require, string_list
from waqai.transforms.normalize import normalize_form
from waqai.transforms.trie import trie_pattern

_FILE_KEYS = {"categories", "cue_words", "cue_words_without_article", "systems"}
_SYSTEM_KEYS = {"id", "name", "origin", "consortium", "category", "forms", "cued_forms", "note"}
# Hyphens, slashes, dots and underscores join a name's parts ("إس-400", "F/A-18", "ام.كيو-9",
# "#صواريخ_إس_400"); matching reads them as spaces. The replacement keeps the text's length,
# so offsets hold.
_SEPARATORS = ("-", "_", "/", ".")
# Clitics read before a name, as in actors.py: و ف, then ب ل ك and/or the article.
_CLITICS = r"[وف]?(?:[بلك]?ال|لل|[بلك])?"
_CLITIC_SPELLINGS = [a + b for a in ("", "و", "ف") for b in ("", "بال", "لال", "كال", "ال", "لل", "ب", "ل", "ك")]
# Words for the prefilter: runs of letters and runs of digits apart, so "اف16", "اف-16" and
# "F-16V" all hold the words of the form "اف 16" / "f 16".
_WORDS = re.compile(r"[^\W\d_]+|\d+")
_STOP = re.compile(r"[.،,؛:!?؟()\"]")
# "إس-400", "إس 400" and "إس400" are one name: a letter-digit seam may carry a space or not.
_SEAM = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_]) (?=\d)|(?<=\d) (?=[^\W\d_])")
# Words allowed between a category word and a name that needs one: adjectives (nisba-like
# endings), ranges and "من طراز" ("صواريخ أرض جو روسية من طراز تور"), never a verb or a noun
# that would let "طائرات ... وقال شاهد" through.
_QUALIFIER = (r"(?:[^\s.،,؛:!?؟()\"]*(?:ي|يه|ين|يتين)|من|طراز|نوع|ارض|جو|سطح|بحر|المدي|مدي|بدون|بلا|طيار"
              r"|(?:ال)?(?:دفاع|مضاد\w*|قصير\w*|متوسط\w*|بعيد\w*|طويل\w*|جديد\w*|متطور\w*|حديث\w*)|لل\w+)")


@dataclass(frozen=True)
class WeaponSystem:
    id: str
    name: str                          # English name, for readers of the data
    origin: str | None                 # ISO alpha-3 of the usual supplier; None: decided by context
    category: str
    consortium: tuple[str, ...] = ()   # the states that build it, for multinational systems


@dataclass(frozen=True)
class WeaponMention:
    start: int                         # offsets in the normalised text
    end: int
    system: str
    origin: str | None
    form: str                          # the matched text
    category: str
    consortium: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Form:
    system: str
    cued: bool                         # matched only after a category word (تور, قيصر, ...)
    needs_article: bool                # the name carries ال (القبة الحديدية)


@dataclass(frozen=True)
class WeaponLexicon:
    pattern: re.Pattern
    cue: re.Pattern
    systems: dict[str, WeaponSystem]
    forms: dict[str, _Form]
    # First word of a form (with every clitic spelling) -> the sets of its other words. A text
    # that holds a first word and all the other words of one form is tried where that first
    # word stands; any other text holds no weapon name and costs one tokenisation.
    index: dict[str, tuple[frozenset[str], ...]]
    qualifier: re.Pattern


def _keys(form: str) -> set[str]:
    """Every matching key of a form written in natural spelling: normalised, separators as
    spaces, and each letter-digit seam with and without a space."""
    base = " ".join(_as_spaces(normalize_form(form)).split())
    keys = {""}
    pos = 0
    for seam in _SEAM.finditer(base):
        chunk = base[pos:seam.start()]
        keys = {k + chunk + sep for k in keys for sep in ("", " ")}
        pos = seam.end()
    return {k + base[pos:] for k in keys}


def _as_spaces(text: str) -> str:
    for sep in _SEPARATORS:
        if sep in text:
            text = text.replace(sep, " ")
    return text


def _known_codes(lang: str) -> set[str]:
    raw = read_yaml(lang, "countries")
    return {c["code"] for c in raw.get("countries") or [] if isinstance(c, dict) and isinstance(c.get("code"), str)}


def load_weapon_lexicon(lang: str = "ar") -> WeaponLexicon:
    """The compiled lexicon of a language, validated; built once per process."""
    return _load(lang)


@lru_cache(maxsize=None)
def _load(lang: str) -> WeaponLexicon:
    return compile_weapon_lexicon(read_yaml(lang, "weapon_systems"), f"lexicons/{lang}/weapon_systems.yaml",
                                  _known_codes(lang))


def compile_weapon_lexicon(raw: object, where: str, codes: set[str]) -> WeaponLexicon:
    """Validate the parsed YAML of a weapon lexicon and compile it; `codes` are the states an
    origin may name. Raises LexiconError naming `where` and the entry at the first problem."""
    require(isinstance(raw, dict), where, "needs a mapping at the top")
    unknown = set(raw) - _FILE_KEYS
    require(not unknown, where, f"unknown key(s) {sorted(unknown)}")
    require(isinstance(raw.get("systems"), list), where, "needs a 'systems' list")
    categories = set(string_list(raw.get("categories"), f"{where}:categories"))

    systems: dict[str, WeaponSystem] = {}
    forms: dict[str, _Form] = {}
    for i, s in enumerate(raw["systems"]):
        w = f"{where}:systems[{i}]"
        require(isinstance(s, dict), w, "expected a mapping")
        w = f"{w} ({s.get('id')})"
        unknown = set(s) - _SYSTEM_KEYS
        require(not unknown, w, f"unknown key(s) {sorted(unknown)}")
        sid = s.get("id")
        require(isinstance(sid, str) and re.fullmatch(r"[a-z][a-z0-9_]*", sid or "") is not None, w, f"bad id {sid!r}")
        require(sid not in systems, w, f"id {sid!r} listed twice")
        require(isinstance(s.get("name"), str) and s["name"].strip() != "", w, "needs a name")
        require(s.get("category") in categories, w, f"unknown category {s.get('category')!r}")
        require("origin" in s, w, "needs an origin (null for a multinational system)")
        origin = s.get("origin")
        require(origin is None or origin in codes, w, f"origin {origin!r} is not a state in countries.yaml")
        consortium = tuple(string_list(s.get("consortium"), f"{w}.consortium", allow_empty=True))
        for code in consortium:
            require(code in codes, w, f"consortium member {code!r} is not a state in countries.yaml")
        require(origin is not None or len(consortium) >= 2, w,
                "origin null is for multinational systems: list the consortium (two states or more)")
        systems[sid] = WeaponSystem(sid, s["name"].strip(), origin, s["category"], consortium)

        free = string_list(s.get("forms"), f"{w}.forms", allow_empty=True)
        cued = string_list(s.get("cued_forms"), f"{w}.cued_forms", allow_empty=True)
        require(bool(free or cued), w, "needs forms or cued_forms")
        own: dict[str, _Form] = {}
        for form, is_cued in [(f, False) for f in free] + [(f, True) for f in cued]:
            article = form.startswith("ال")
            for key in _keys(form):
                require(key != "", w, f"empty form {form!r}")
                if article and key.startswith("ال") and len(key) > 4:
                    key = key[2:]
                entry = _Form(sid, is_cued, article)
                other = forms.get(key)
                require(other is None, w, f"form {form!r} is already listed for {other.system if other else ''}")
                # Spellings that normalise alike may both be listed (they record how news write
                # the name); one form cannot be both free and cued.
                require(own.get(key, entry) == entry, w, f"form {form!r} is listed both in forms and cued_forms")
                own[key] = entry
        forms.update(own)

    cue_words = {normalize_form(c) for c in string_list(raw.get("cue_words"), f"{where}:cue_words")}
    bare_cues = {normalize_form(c) for c in string_list(raw.get("cue_words_without_article"),
                                                        f"{where}:cue_words_without_article", allow_empty=True)}
    pattern = re.compile(r"(?<!\w)(?P<pre>" + _CLITICS + r")(?P<form>" + trie_pattern(forms)
                         + r")(?:(?<=\d)[a-z]{1,3})?(?!\w)")
    cue = re.compile(r"[وف]?(?:(?:[بلك]?ال|لل|[بلك])?(?:" + trie_pattern(cue_words) + r")|[بلك]?(?:"
                     + trie_pattern(bare_cues) + r"))")
    index: dict[str, set[frozenset[str]]] = {}
    for key in forms:
        words = _WORDS.findall(key)
        require(key[:1].isalpha() and bool(words), where, f"form key {key!r} does not start with a letter")
        for clitic in _CLITIC_SPELLINGS:
            index.setdefault(clitic + words[0], set()).add(frozenset(words[1:]))
    return WeaponLexicon(pattern, cue, systems, forms, {k: tuple(v) for k, v in index.items()},
                         re.compile(_QUALIFIER))


def find_weapon_systems(normalised_text: str, start: int = 0, end: int | None = None, lang: str = "ar",
                        lexicon: WeaponLexicon | None = None, spans: list[tuple[int, int]] | None = None) -> list[WeaponMention]:
    """Named weapon systems lying wholly inside [start, end) of normalised text (the `.text` of
    `normalize`), or inside one of `spans` when given, in order of position; offsets are
    normalised (map back with `Normalised.span`)."""
    lex = lexicon or load_weapon_lexicon(lang)
    end = len(normalised_text) if end is None else end
    view = _as_spaces(normalised_text)
    out: list[WeaponMention] = []
    for s, e in spans if spans is not None else [(start, end)]:
        _find_in(lex, normalised_text, view, s, e, out)
    return out


def _find_in(lex: WeaponLexicon, normalised_text: str, view: str, start: int, end: int, out: list[WeaponMention]) -> None:
    words = _words(view[start:end])
    starts = []
    for first in lex.index.keys() & words:
        if any(rest <= words for rest in lex.index[first]):
            i = view.find(first, start, end)
            while i != -1:
                starts.append(i)
                i = view.find(first, i + 1, end)
    if not starts:
        return
    starts.sort()
    done = start
    for at in starts:
        if at < done:
            continue
        m = lex.pattern.match(view, at)
        if m is None or m.end() > end:
            continue
        pre = m.group("pre")
        entry = lex.forms[" ".join(m.group("form").split())]
        article = pre.endswith("ال") or pre.endswith("لل")
        if entry.needs_article and not article:
            continue
        if entry.cued and not (_coordinated(out, view, m.start(), pre) or _cued(lex, normalised_text, m.start())):
            continue
        s = m.start("form")
        if entry.needs_article:
            s -= 2 if pre.endswith("ال") else 1
        system = lex.systems[entry.system]
        out.append(WeaponMention(s, m.end(), system.id, system.origin, normalised_text[s:m.end()],
                                 system.category, system.consortium))
        done = m.end()


def _words(text: str) -> set[str]:
    """The words of text as _WORDS splits them, plus tokens with punctuation attached (which
    no lexicon key equals): splitting on spaces first is twice as fast, and only a token with
    a digit, a mark or punctuation beside its letters goes through the expression."""
    tokens = set(text.split())
    for token in [t for t in tokens if not (t.isalpha() or t.isdecimal())]:
        tokens.update(_WORDS.findall(token))
    return tokens


def _coordinated(out: list[WeaponMention], view: str, at: int, pre: str) -> bool:
    """"صواريخ جافلين وتاو وستينغر": a name joined by و or a comma to the weapon before it
    shares that weapon's cue."""
    if not out:
        return False
    gap = view[out[-1].end:at]
    return len(gap) <= 4 and gap.strip(" \"،,") == "" and (pre.startswith("و") or "،" in gap or "," in gap)


def _cued(lex: WeaponLexicon, text: str, at: int) -> bool:
    """A category word before `at`, directly or across up to four qualifiers and no
    punctuation: "منظومة تور", "نظام الدفاع الجوي تور", "صواريخ أرض-جو روسية من طراز تور"."""
    window = text[max(0, at - 80):at]
    head = window.rstrip(" \t\n\"'’‘(")
    if len(head) == len(window):
        return False  # glued to the word before it
    words = re.split(r"[\s\-/]+", head)
    for i, w in enumerate(reversed(words[-6:])):
        if _STOP.search(w):
            return False
        if lex.cue.fullmatch(w):
            return True
        if i >= 4 or not lex.qualifier.fullmatch(w):
            return False
    return False
