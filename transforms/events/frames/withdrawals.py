"""Withdrawal frame: whose forces leave which country.

The country left is the one the forces come out of (a state after من, or the direct object of
غادر), never the one they go back to: "غادرت الوحدات الأرمنية كازاخستان عائدة إلى أرمينيا" is
ARM leaving KAZ. The withdrawing side is the owner of the forces (a nisba or organisation right
after the force phrase, with coordinated ones: "الوحدات الأرمنية والطاجيكية"), else the subject
("القوات بقيادة موسكو تنسحب" → RUS, the leader of the forces)."""
from __future__ import annotations

import re

from waqai.transforms.events.clause import (
    Clause, Pair, _after, _chain, _prev_word, _subject, _term_after, _undated_gap,
)
from waqai.transforms.events.rules import Rule, load_event_lexicon
from waqai.transforms.events.words import PREPOSITION_WORDS as _PREPOSITION_WORDS

# Where forces come out of: the country left.
_OUT_OF = {"من"}
# Where forces stand while drawn down ("وجودها العسكري في سوريا").
_IN = {"في", "داخل"}


def _frame_withdraw(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    lex = load_event_lexicon()
    force = _term_after(c, lex.terms["forces"], te, rule.requires_within or 5, ts, rule.requires_before)
    # "دخلت القوات الأمريكية المدينة، وانسحب العراقيون من مواقعهم": a people named right after
    # the verb is its subject, not another clause's forces (they may be leaving positions in
    # their own country)
    first = next(iter(_after(c, te)), None)
    people = first is not None and first.cls == "nisba" and first.code and not c.text[te:first.start].strip()
    if people and force is not None and force.start() < ts and re.search(r"[،,.؛]", c.text[force.end():ts]):
        force = None
    anchor = max(te, force.end()) if force and force.start() >= te else (force.end() if force else te)
    owners = _owners(c, anchor)
    if not owners and people:
        owners = [first]
    if not owners:
        owners = _subject(c, ts, te, ("agent", "place", "nisba"))[:1]
    if not owners:
        return []
    codes = {o.code for o in owners}
    after_from = max([te, anchor] + [o.end for o in owners if o.start >= te])
    # "خروج القوات السورية والإسرائيلية من الجولان": each side leaves a country not its own.
    targets = _left_country(c, rule, te, after_from, codes if len(codes) == 1 else set())
    if not targets and c.main_place is not None and not any(m.cls == "place" and m.code for m in c.actors):
        # No country in the sentence: forces leave the country the article is about.
        targets = [c.main_place]
    return [(o, t) for o in owners for t in targets if o.code != t.code]


def _owners(c: Clause, anchor: int) -> list:
    """The nisba or organisation right after the force phrase, with coordinated ones."""
    for m in _after(c, anchor):
        gap = c.text[anchor:m.start]
        if len(gap.split()) > 4 or re.search(r"[.،,؛:()]", gap) or set(gap.split()) & (_PREPOSITION_WORDS - {"ل"}):
            return []
        if m.code and m.cls in ("agent", "nisba"):
            return _chain(c, m, _after(c, m.end), ("agent", "nisba"))
    return []


def _left_country(c: Clause, rule: Rule, te: int, pos: int, exclude: set[str]) -> list:
    places = [m for m in _after(c, te) if m.cls == "place" and m.code and m.code not in exclude]
    near = [m for m in places if len(_undated_gap(c, te, m.start).split()) <= rule.target_within]
    for m in near:
        if _prev_word(c, m) in _OUT_OF:
            return [t for t in _chain(c, m, _after(c, m.end), ("place",)) if t.code not in exclude]
    for m in near:
        gap = _undated_gap(c, pos, m.start)
        # "غادرت القوات الروسية كازاخستان": the country left as the direct object.
        if (m.start >= pos and len(gap.split()) <= 1 and _prev_word(c, m) not in _PREPOSITION_WORDS
                and not re.search(r"[.،,؛:]", gap)):
            return [m]
    # "من مدينة خيرسون الأوكرانية": a town we do not know, named by its state's nisba.
    out_of = re.compile(r"(?<!\w)من\s+(?:\S+\s+){0,2}?$")
    for m in _after(c, te):
        if (m.cls == "nisba" and m.code and m.code not in exclude and out_of.search(c.text, max(te, m.start - 40), m.start)
                and len(_undated_gap(c, te, m.start).split()) <= rule.target_within):
            return [m]
    for m in near:
        if _prev_word(c, m) in _IN and len(_undated_gap(c, te, m.start).split()) <= 8:
            return [m]
    return []
