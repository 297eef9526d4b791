"""The annotated sentence table (tests/specs/ar/event_sentences.yaml): each sentence must
yield exactly the events it lists — or none. Rows listed in known_gaps.yaml are expected to
fail for the reason given there (strict: a row that starts passing must leave the list)."""
import datetime as dt
from pathlib import Path

import pytest
import yaml

from waqai.transforms.extract import extract_document

SPECS = Path(__file__).parent / "specs" / "ar"
TABLE = yaml.safe_load((SPECS / "event_sentences.yaml").read_text(encoding="utf-8"))
GAPS = yaml.safe_load((SPECS / "known_gaps.yaml").read_text(encoding="utf-8")) or {}


def _params():
    for row in TABLE:
        marks = [pytest.mark.xfail(reason=GAPS[row["id"]], strict=True)] if row["id"] in GAPS else []
        yield pytest.param(row, id=row["id"], marks=marks)


def found(row) -> set[tuple[str, str, str]]:
    published = row["published"] if isinstance(row["published"], dt.date) else dt.date.fromisoformat(str(row["published"]))
    mentions = extract_document("d_test", row["text"], published)
    # As in the view event_mentions: denied and cancelled mentions assert no event.
    return {(m["event_type"], m["actor_code"], m["target_code"]) for m in mentions if m["status"] not in ("denied", "cancelled")}


@pytest.mark.parametrize("row", _params())
def test_sentence_yields_its_events(row):
    expected = {(e["type"], e["actor"], e["target"]) for e in row["events"] if e.get("status") not in ("denied", "cancelled")}
    assert found(row) == expected, f"{row['construction']}: {row['text']}"


def test_table_covers_every_type_and_non_events():
    categories = [r["category"] for r in TABLE]
    assert len(TABLE) >= 150
    for c in ("visit", "arms_deal", "military_deployment", "negative"):
        assert categories.count(c) >= 20, c


def test_known_gaps_name_real_rows():
    assert set(GAPS) <= {r["id"] for r in TABLE}


DETAIL_GAPS = yaml.safe_load((SPECS / "known_detail_gaps.yaml").read_text(encoding="utf-8")) or {}
_DONE = {"occurred", "ongoing"}


def _annotated_and_found(row):
    """(annotated event, the mention found for it) for each event the sentence yields; a
    missed event is the tuple test's concern, a denied or cancelled one has no status or date."""
    published = row["published"] if isinstance(row["published"], dt.date) else dt.date.fromisoformat(str(row["published"]))
    got: dict[tuple, list[dict]] = {}
    for m in extract_document("d_test", row["text"], published):
        got.setdefault((m["event_type"], m["actor_code"], m["target_code"]), []).append(m)
    for e in row["events"]:
        found = got.get((e["type"], e["actor"], e["target"])) or []
        # two events of one pair in a sentence (two trips, each with its date): paired in order
        same = [x for x in row["events"] if (x["type"], x["actor"], x["target"]) == (e["type"], e["actor"], e["target"])]
        m = found[same.index(e)] if len(same) > 1 and len(found) == len(same) else (found[-1] if found else None)
        if m is not None and e["status"] not in ("denied", "cancelled"):
            yield e, m


def _detail_params(kind: str):
    for row in TABLE:
        if not row["events"]:
            continue
        gaps = DETAIL_GAPS.get(kind) or {}
        marks = [pytest.mark.xfail(reason=gaps[row["id"]], strict=True)] if row["id"] in gaps else []
        yield pytest.param(row, id=row["id"], marks=marks)


@pytest.mark.parametrize("row", _detail_params("status"))
def test_sentence_gives_each_found_event_its_status(row):
    for e, m in _annotated_and_found(row):
        assert m["status"] == e["status"] or {m["status"], e["status"]} <= _DONE, (e, m["status"])


@pytest.mark.parametrize("row", _detail_params("date"))
def test_sentence_dates_each_found_event_as_annotated(row):
    for e, m in _annotated_and_found(row):
        assert m["date_value"] == (None if e["date"] is None else str(e["date"])), (e, m["date_value"])


def test_detail_gaps_name_real_rows():
    ids = {row["id"] for row in TABLE}
    assert set(DETAIL_GAPS.get("status") or {}) <= ids and set(DETAIL_GAPS.get("date") or {}) <= ids
