"""The two annotated tables under tests/specs/ar/ are well formed, so that a row can only
fail for what the extractor does: ids unique, spans inside their text, values in the shape
their precision says, event parties real codes. (These checks replace the scratch scripts
check_date_phrases.py and check_event_sentences.py; whether the extractor reproduces each
row is tested in test_dates.py and test_event_sentences.py.)"""
import datetime as dt
import re
from pathlib import Path

import pycountry
import pytest
import yaml

SPECS = Path(__file__).parent / "specs" / "ar"
DATES = yaml.safe_load((SPECS / "date_phrases.yaml").read_text(encoding="utf-8"))
EVENTS = yaml.safe_load((SPECS / "event_sentences.yaml").read_text(encoding="utf-8"))

VALUE_SHAPE = {"day": r"\d{4}-\d{2}-\d{2}", "week": r"\d{4}-W\d{2}", "month": r"\d{4}-\d{2}(?:-\d{2})?", "year": r"\d{4}"}
# Every organisation code the actor lexicon knows.
ORGANISATIONS = {o["code"] for o in yaml.safe_load(
    (Path(__file__).parents[1] / "transforms" / "lexicons" / "ar" / "organisations.yaml").read_text(encoding="utf-8"))["organisations"]}
STATES = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
EVENT_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?")


def test_date_rows_have_unique_well_formed_ids():
    ids = [r["id"] for r in DATES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"DATE-\d{3}", i) for i in ids)


@pytest.mark.parametrize("row", DATES, ids=[r["id"] for r in DATES])
def test_date_row_spans_lie_in_order_inside_the_text_with_consistent_values(row):
    assert row["published"] is None or isinstance(row["published"], dt.date)
    pos = 0
    for x in row.get("expect") or []:
        at = row["text"].find(x["text"], pos)
        assert at >= 0, f"span {x['text']!r} not in the text after offset {pos}"
        pos = at + len(x["text"])
        assert x["basis"] in ("explicit", "relative_to_publication", "none", "anchored")
        if x.get("kind", "date") == "date":  # a date has a value exactly when its basis can give one
            assert (x["basis"] in ("none", "anchored")) == (x["value"] is None) == (x["precision"] is None), x
        if x["value"] is not None and x["precision"] in VALUE_SHAPE:
            assert re.fullmatch(VALUE_SHAPE[x["precision"]], str(x["value"])), x


def test_event_rows_have_unique_ids_and_every_field():
    ids = [r["id"] for r in EVENTS]
    assert len(ids) == len(set(ids))
    for r in EVENTS:
        assert re.fullmatch(r"(VISIT|ARMS|DEPLOY|WITHDRAW|NEG|EDGE)-\d{3}", r["id"])
        assert {"id", "category", "construction", "published", "text", "events"} <= set(r), r["id"]
        assert isinstance(r["published"], dt.date) and r["text"].strip() and "\n" not in r["text"].strip(), r["id"]


@pytest.mark.parametrize("row", EVENTS, ids=[r["id"] for r in EVENTS])
def test_event_row_lists_real_parties_statuses_and_dates(row):
    assert row["category"] in ("visit", "arms_deal", "military_deployment", "military_withdrawal", "negative", "edge")
    if row["category"] == "negative":
        assert row["events"] == [] and row.get("reason")
    if row["category"] in ("visit", "arms_deal", "military_deployment", "military_withdrawal"):
        assert any(e["type"] == row["category"] for e in row["events"])
    for e in row["events"]:
        assert {"type", "actor", "target", "status", "date"} <= set(e) <= {"type", "actor", "target", "status", "date", "system", "value", "troops"}
        assert e["type"] in ("visit", "arms_deal", "military_deployment", "military_withdrawal")
        assert e["actor"] != e["target"] and {e["actor"], e["target"]} <= STATES | ORGANISATIONS
        assert e["status"] in ("occurred", "ongoing", "planned", "cancelled", "denied")
        assert e["date"] is None or EVENT_DATE.fullmatch(str(e["date"])), e
