"""Every event rule is pinned by the sentence table: at least one sentence where it yields an
expected event, and one where its trigger occurs but it must (and does) yield nothing."""
import datetime as dt

import pytest

from test_event_sentences import GAPS, TABLE
from waqai.transforms.events import load_event_lexicon
from waqai.transforms.extract import extract_document
from waqai.transforms.normalize import normalize


def _examples():
    positive: dict[str, list[str]] = {}
    negative: dict[str, list[str]] = {}
    for row in TABLE:
        if row["id"] in GAPS:
            continue
        published = row["published"] if isinstance(row["published"], dt.date) else dt.date.fromisoformat(str(row["published"]))
        expected = {(e["type"], e["actor"], e["target"]) for e in row["events"]}
        mentions = extract_document("d_contract", row["text"], published)
        fired = {m["rule_id"] for m in mentions if (m["event_type"], m["actor_code"], m["target_code"]) in expected}
        text = normalize(row["text"]).text
        for rule in load_event_lexicon().rules:
            if rule.id in fired:
                positive.setdefault(rule.id, []).append(row["id"])
            elif rule.trigger.search(text) and not any(m["rule_id"] == rule.id for m in mentions):
                negative.setdefault(rule.id, []).append(row["id"])
    return positive, negative


POSITIVE, NEGATIVE = _examples()
RULES = [r.id for r in load_event_lexicon().rules]


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_has_a_positive_example(rule_id):
    assert POSITIVE.get(rule_id), f"no sentence in event_sentences.yaml where {rule_id} yields an expected event"


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_has_a_negative_example(rule_id):
    assert NEGATIVE.get(rule_id), f"no sentence where {rule_id}'s trigger occurs but must yield nothing"
