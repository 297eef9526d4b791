"""Date attachment: which date expression of a sentence dates an event mention."""
from __future__ import annotations

import re

from waqai.transforms.actors import ActorMention
from waqai.transforms.dates import DateExpression
from waqai.transforms.dates.lexicon import load_date_lexicon
from waqai.transforms.dates.tense import _governing_tense
from waqai.transforms.events.clause import Clause


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
