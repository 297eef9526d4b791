"""Slots of a mention besides its parties: weapon, deal value, troop count, confidence."""
from __future__ import annotations

import re

from waqai.transforms.actors import ActorMention
from waqai.transforms.events.clause import Clause, _prev_word
from waqai.transforms.events.rules import EventLexicon, Rule
from waqai.transforms.events.words import PREPOSITION_WORDS as _PREPOSITION_WORDS
from waqai.transforms.events.words import TROOPS_RE as _TROOPS_RE
from waqai.transforms.events.words import VALUE_RE as _VALUE_RE


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
