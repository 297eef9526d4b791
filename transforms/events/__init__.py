"""Event patterns: from a sentence with its actors and dates to coded event mentions.

Rules live in `lexicons/<lang>/event_patterns.yaml` (one id each, carried into every row).
A rule's trigger finds the event word; its *frame* finds who acts and on whom by position
around the trigger (Arabic news is VSO or SVO; prepositions mark the target); cues in the
clause before the trigger set the status or drop the mention (negated, denied,
hypothetical, a call to stop arms sales). One sentence can yield several events ("إلى
كازاخستان وأوزبكستان" = two visits; two visitors = two visits).
"""
from __future__ import annotations

from waqai.transforms.events.clause import Clause, Pair
from waqai.transforms.events.mentions import Found, extract_clause, trigger_matches
from waqai.transforms.events.rules import (
    EVENT_TYPES, FRAMES, PLOVER_EVENTS, STATUSES, EventLexicon, Rule, load_event_lexicon,
)

__all__ = ["EVENT_TYPES", "FRAMES", "PLOVER_EVENTS", "STATUSES", "Clause", "EventLexicon", "Found", "Pair", "Rule",
           "extract_clause", "load_event_lexicon", "trigger_matches"]
