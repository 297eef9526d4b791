"""Canonical events: which mentions are one real-world event."""
import datetime as dt

import polars as pl

from waqai.transforms.dedup import assign_events, interval

COLS = ["mention_id", "doc_id", "event_type", "actor_code", "target_code", "date_value", "date_precision", "published"]
SCHEMA = {"mention_id": pl.String, "doc_id": pl.String, "event_type": pl.String, "actor_code": pl.String,
          "target_code": pl.String, "date_value": pl.String, "date_precision": pl.String, "published": pl.Date}


def mentions(*rows):
    return pl.DataFrame([dict(zip(COLS, r)) for r in rows], schema=SCHEMA)


def none():
    return mentions().with_columns(pl.lit(None, pl.String).alias("event_id"))


def groups(assignments: pl.DataFrame) -> set[frozenset]:
    by_event: dict[str, set] = {}
    for m, e in assignments.iter_rows():
        by_event.setdefault(e, set()).add(m)
    return {frozenset(v) for v in by_event.values()}


D = dt.date


def test_the_same_visit_in_three_articles_is_one_event():
    new = mentions(("m1", "a", "visit", "FRA", "KAZ", "2023-11-01", "day", D(2023, 11, 1)),
                   ("m2", "b", "visit", "FRA", "KAZ", "2023-W44", "week", D(2023, 11, 4)),
                   ("m3", "c", "visit", "FRA", "KAZ", "2023-11", "month", D(2023, 11, 20)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2", "m3"})}


def test_two_visits_of_the_same_pair_a_year_apart_are_two_events():
    new = mentions(("m1", "a", "visit", "FRA", "KAZ", "2022-11-01", "day", D(2022, 11, 1)),
                   ("m2", "b", "visit", "FRA", "KAZ", "2023-11-01", "day", D(2023, 11, 1)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_an_undated_mention_joins_the_only_dated_event_near_its_publication():
    new = mentions(("m1", "a", "visit", "FRA", "UZB", "2023-W44", "week", D(2023, 11, 4)),
                   ("m2", "b", "visit", "FRA", "UZB", None, None, D(2023, 11, 1)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_an_undated_mention_with_two_candidates_is_not_merged():
    new = mentions(("m1", "a", "visit", "FRA", "UZB", "2023-11-01", "day", D(2023, 11, 1)),
                   ("m2", "b", "visit", "FRA", "UZB", "2023-11-20", "day", D(2023, 11, 20)),
                   ("m3", "c", "visit", "FRA", "UZB", None, None, D(2023, 11, 10)))
    assert frozenset({"m3"}) in groups(assign_events(none(), new)[0])


def test_an_undated_mention_far_from_any_dated_event_stays_alone():
    new = mentions(("m1", "a", "visit", "FRA", "UZB", "2023-11-01", "day", D(2023, 11, 1)),
                   ("m2", "b", "visit", "FRA", "UZB", None, None, D(2024, 6, 1)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_different_pairs_or_types_never_merge():
    new = mentions(("m1", "a", "visit", "FRA", "KAZ", "2023-11-01", "day", D(2023, 11, 1)),
                   ("m2", "a", "arms_deal", "FRA", "KAZ", "2023-11-01", "day", D(2023, 11, 1)),
                   ("m3", "a", "visit", "KAZ", "FRA", "2023-11-01", "day", D(2023, 11, 1)))
    assert len(groups(assign_events(none(), new)[0])) == 3


def test_a_year_mention_between_two_dated_visits_is_not_forced_into_either():
    new = mentions(("m1", "a", "visit", "FRA", "KAZ", "2023-03-01", "day", D(2023, 3, 1)),
                   ("m2", "b", "visit", "FRA", "KAZ", "2023-11-01", "day", D(2023, 11, 1)),
                   ("m3", "c", "visit", "FRA", "KAZ", "2023", "year", D(2023, 12, 30)))
    assert frozenset({"m3"}) in groups(assign_events(none(), new)[0])


def test_ids_are_stable_and_a_later_bridge_records_a_merge():
    first = mentions(("m1", "a", "visit", "FRA", "KAZ", "2023-W44", "week", D(2023, 11, 4)),
                     ("m2", "b", "visit", "FRA", "KAZ", "2023-11", "month", D(2023, 12, 2)))
    a1, _ = assign_events(none(), first)
    again, _ = assign_events(none(), first)
    assert a1.sort("mention_id").equals(again.sort("mention_id"))  # same input, same ids
    existing = first.join(a1, on="mention_id")
    later = mentions(("m3", "c", "visit", "FRA", "KAZ", "2023-11-01", "day", D(2023, 11, 1)))
    a2, merges = assign_events(existing, later)
    ids = dict(a1.iter_rows())
    assert dict(a2.iter_rows())["m3"] in set(ids.values())  # joins an event users already have
    if ids["m1"] != ids["m2"]:
        assert merges.height == 1


def test_intervals():
    assert interval("2023-W44", "week") == (D(2023, 10, 30), D(2023, 11, 5))
    assert interval("2023", "year") == (D(2023, 1, 1), D(2023, 12, 31))
    assert interval(None, None) is None
