"""Where a stay began, when the text dates another day of it.

The guidelines date a multi-day event by its start day. Two constructions give a different
day and say how far it lies from the start:
- the n-th day: "في اليوم الثاني من زيارة ترمب إلى بريطانيا" on Friday → it began Thursday;
- the last day and the length: "غادر ... الإمارات السبت بعد زيارة استغرقت ثلاثة أيام" → it
  began Thursday (the day of departure counts as the last day of the stay).
A start day with a length ("يبدأ الأحد زيارة تستمر ثلاثة أيام") needs nothing: the date is
already the start.
"""
from __future__ import annotations

import re
from functools import lru_cache

from waqai.transforms.dates.lexicon import load_date_lexicon
from waqai.transforms.lexicons import read_yaml, string_list
from waqai.transforms.normalize import normalize_form
from waqai.transforms.trie import trie_pattern


@lru_cache(maxsize=None)
def _patterns(lang: str = "ar") -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    raw = read_yaml(lang, "dates")
    lex = load_date_lexicon(lang)

    def forms(key: str) -> list[str]:
        return [normalize_form(f) for f in string_list(raw.get(key), f"lexicons/{lang}/dates.yaml:{key}")]

    P = trie_pattern
    nouns = P(forms("stay_nouns"))
    # "في اليوم الثاني من زيارة", and without the article: "في ثاني أيام زيارته", "ثالث يوم من زيارة"
    bare = P(w[2:] for w in lex.ordinals if w.startswith("ال") and len(w) > 4)
    nth = re.compile(rf"(?<!\w)(?:في\s+)?(?:اليوم\s+(?P<ord>{P(lex.ordinals)})(?:\s+والاخير)?\s+(?:من|ل)\s*"
                     rf"|(?P<bare>{bare})\s+(?:ايام|يوم\s+من)\s+)(?:{nouns})(?!\w)")
    day_plural = P(w for w, (u, n) in lex.unit_words.items() if u == "day" and n is None and w != "يوم")
    day_dual = P(w for w, (u, n) in lex.unit_words.items() if u == "day" and n)
    # ("زيارة من ثلاثة أيام": "of" right after the stay noun gives its length too)
    length = re.compile(rf"(?<!\w)(?:{P(forms('duration_words'))}|(?:(?<=زياره )|(?<=جوله ))من)\s+"
                        rf"(?:(?P<num>\d{{1,2}}|{P(lex.numbers)})\s+(?:{day_plural}|يوما)|(?P<dual>{day_dual}))(?!\w)")
    end = re.compile(rf"(?<!\w)[وف]?(?:{P(forms('stay_end_words'))})(?!\w)")
    return nth, length, end


_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
# Accusative singulars ("تستمر أسبوعا") that unit_words does not list.
_ACCUSATIVE_UNITS = {"يوما": "day", "اسبوعا": "week", "شهرا": "month"}


@lru_cache(maxsize=None)
def _stated() -> re.Pattern:
    lex = load_date_lexicon()
    raw = read_yaml("ar", "dates")
    P = trie_pattern
    durations = P(normalize_form(f) for f in string_list(raw.get("duration_words"), "lexicons/ar/dates.yaml:duration_words"))
    units = P(w for w, (u, _) in lex.unit_words.items() if u in _UNIT_DAYS)
    return re.compile(rf"(?<!\w)(?:{durations})\s+(?:علي\s+)?ل?(?:(?P<num>\d{{1,2}}|{P(lex.numbers)})\s+)?"
                      rf"(?P<unit>{units}|{P(_ACCUSATIVE_UNITS)})(?!\w)")


def stated_length(text: str, lo: int, hi: int) -> int | None:
    """Days a stay is said to last in text[lo:hi] (the words after a visit's trigger):
    "زيارة تستمر ثلاثة أسابيع" → 21, "تستمر لأسبوعين" → 14, "تستغرق يومين" → 2; None when
    no length is given. Lengths over 45 days are no visit's and are left out."""
    m = _stated().search(text, lo, hi)
    if m is None:
        return None
    lex = load_date_lexicon()
    word = m.group("unit")
    unit, count = lex.unit_words.get(word) or (_ACCUSATIVE_UNITS[word], None)
    num = m.group("num")
    n = (int(num) if num.isdigit() else lex.numbers.get(num, 0)) if num else (count or 1)
    days = n * _UNIT_DAYS[unit]
    return days if 0 < days <= 45 else None


def days_before_start(text: str, lo: int, hi: int, targets: list[tuple[int, int]]) -> tuple[int, str] | None:
    """(days from the dated day back to the stay's start, rule id) for a stay in the sentence
    text[lo:hi] whose destination is one of the `targets` spans, or None.
    "اليوم الثاني من زيارة" needs the destination within 60 characters after it; a length
    needs an end word before the destination and the length after it."""
    nth, length, end = _patterns()
    lex = load_date_lexicon()
    for m in nth.finditer(text, lo, hi):
        if any(0 <= s - m.end() <= 60 for s, _ in targets):
            n = lex.ordinals[normalize_form(m.group("ord"))] if m.group("ord") else lex.ordinals["ال" + m.group("bare")]
            if n > 1:
                return n - 1, "DATE-STAY-NTH-DAY"
    for m in length.finditer(text, lo, hi):
        if m.group("dual"):
            n = 2
        else:
            num = m.group("num")
            n = int(num) if num.isdigit() else lex.numbers.get(normalize_form(num), 0)
        if n < 2:
            continue
        for e in end.finditer(text, lo, m.start()):
            if any(e.end() <= s and t <= m.start() for s, t in targets):
                return n - 1, "DATE-STAY-LENGTH"
            # "في ختام زيارة استمرت 3 أيام من ولي العهد إلى لندن": the end word and the length
            # around the stay noun, the destination after them
            if _ENDED_STAY.fullmatch(text, e.end(), m.start()) and any(0 <= s - m.end() <= 150 for s, _ in targets):
                return n - 1, "DATE-STAY-LENGTH"
            # "يختتم ولي العهد ... الثلاثاء زيارة استمرت ثلاثة أيام إلى فرنسا": the traveller and the
            # day between the end word and the stay noun, the destination right after the length
            if m.start() - e.end() <= 120 and not re.search(r"[.؛،,]", text[e.end():m.start()]) \
                    and _STAY_NOUN_BEFORE.search(text, e.end(), m.start()) and any(0 <= s - m.end() <= 40 for s, _ in targets):
                return n - 1, "DATE-STAY-LENGTH"
    return None


# Between an end word and a length: the stay noun, maybe one adjective ("ختام زيارة رسمية استمرت").
_ENDED_STAY = re.compile(r"\s+(?:ل|ال|لل)?(?:زياره|جوله)\S*(?:\s+\S+)?\s+")
_STAY_NOUN_BEFORE = re.compile(r"(?<!\w)(?:ب|ل|ال|لل)?(?:زياره|جوله)\S*(?:\s+\S+)?\s+$")


@lru_cache(maxsize=None)
def _forms(key: str, template: str, lang: str = "ar") -> re.Pattern:
    """A pattern from one word list of dates.yaml, put into `template` at "{}"."""
    raw = read_yaml(lang, "dates")
    words = [normalize_form(f) for f in string_list(raw.get(key), f"lexicons/{lang}/dates.yaml:{key}")]
    return re.compile(template.replace("{}", trie_pattern(words)))
