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
