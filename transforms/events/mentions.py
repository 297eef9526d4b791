"""Event mentions of a clause: trigger matches, then per rule its frame, status, date and slots."""
from __future__ import annotations

from dataclasses import dataclass

from waqai.transforms.actors import ActorMention
from waqai.transforms.dates import DateExpression
from waqai.transforms.events.clause import Clause, _term_near
from waqai.transforms.events.dates_attach import _attach_date
from waqai.transforms.events.frames import _FRAMES
from waqai.transforms.events.rules import Rule, load_event_lexicon
from waqai.transforms.events.slots import _confidence, _troops, _value, _weapon
from waqai.transforms.events.phases import forces_travel
from waqai.transforms.events.status import _private_traveller, _status


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
    weapon: tuple[int, int] | None   # normalised span of the weapon named
    value: str | None
    troops: int | None


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
            if rule.event_type == "visit" and forces_travel(c, actor, ts, te):
                continue  # troops arriving are no visitors
            key = (rule.event_type, actor.code, target.code)
            date = _attach_date(c, ts, te, target, rule.event_type)
            if key in seen:
                # One event read twice in a sentence ("استقبل ... يوم 26 أيار، في مستهل زيارة"):
                # the first reading stands, with the date the other reading found.
                first = next(f for f in found if (f.rule.event_type, f.actor.code, f.target.code) == key)
                if first.date is None and date is not None:
                    first.date = date
                continue
            seen.add(key)
            found.append(Found(rule, ts, te, actor, target, status, date,
                               _confidence(c, actor, target), _weapon(c, lex, rule),
                               _value(sentence, rule), _troops(sentence, rule)))
    return found


def _headline(c: Clause, ts: int) -> bool:
    """«ماكرون في كازاخستان»: a short title line with a named leader before في."""
    words = c.text[c.start:c.end].split()
    if len(words) > 12:
        return False
    return any(m.kind in ("person", "role+nisba", "role+place", "role+person") and m.end <= ts for m in c.actors)
