"""Canonical events: which mentions are one real-world event.

Each case is a short set of mentions, as reports of different articles would give them, and
the events they must form (transforms/dedup.py describes the rules)."""
import datetime as dt

import polars as pl
import pytest

from waqai.transforms.dedup import assign_events, interval

COLS = ["mention_id", "doc_id", "event_type", "actor_code", "target_code", "date_value", "date_precision", "published",
        "status", "actor_person"]
SCHEMA = {"mention_id": pl.String, "doc_id": pl.String, "event_type": pl.String, "actor_code": pl.String,
          "target_code": pl.String, "date_value": pl.String, "date_precision": pl.String, "published": pl.Date,
          "status": pl.String, "actor_person": pl.String}


def mentions(*rows):
    """Rows of (mention, document, type, actor, target, date value, precision, published
    [, status [, person]]); status defaults to occurred, person to unknown."""
    full = [tuple(r) + ("occurred", None)[len(r) - 8:] for r in rows]
    return pl.DataFrame([dict(zip(COLS, r, strict=True)) for r in full], schema=SCHEMA)


def none():
    return mentions().with_columns(pl.lit(None, pl.String).alias("event_id"))


def groups(assignments: pl.DataFrame) -> set[frozenset]:
    by_event: dict[str, set] = {}
    for m, e in assignments.select("mention_id", "event_id").iter_rows():
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
                   ("m2", "b", "visit", "FRA", "UZB", "2023-11-05", "day", D(2023, 11, 5)),
                   ("m3", "c", "visit", "FRA", "UZB", None, None, D(2023, 11, 25)))
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


def test_a_month_report_joins_the_widely_reported_visit_not_a_one_report_trip_beside_it():
    state_visit = [(f"s{i}", f"d{i}", "visit", "FRA", "USA", "2023-04-24", "day", D(2023, 4, 24)) for i in range(8)]
    new = mentions(*state_visit,
                   ("x1", "x", "visit", "FRA", "USA", "2023-04-10", "day", D(2023, 4, 16)),
                   ("m1", "m", "visit", "FRA", "USA", "2023-04", "month", D(2023, 5, 2)))
    got = groups(assign_events(none(), new)[0])
    assert frozenset({f"s{i}" for i in range(8)} | {"m1"}) in got and frozenset({"x1"}) in got


def test_a_month_report_between_two_visits_reported_alike_joins_neither():
    new = mentions(("a1", "a", "visit", "FRA", "USA", "2023-04-03", "day", D(2023, 4, 3)),
                   ("a2", "b", "visit", "FRA", "USA", "2023-04-03", "day", D(2023, 4, 3)),
                   ("b1", "c", "visit", "FRA", "USA", "2023-04-24", "day", D(2023, 4, 24)),
                   ("b2", "d", "visit", "FRA", "USA", "2023-04-24", "day", D(2023, 4, 24)),
                   ("m1", "m", "visit", "FRA", "USA", "2023-04", "month", D(2023, 5, 2)))
    assert frozenset({"m1"}) in groups(assign_events(none(), new)[0])


def test_ids_are_stable_and_a_later_bridge_records_a_merge():
    # First run: reports of the 22nd and the 25th, three days apart: two events for now.
    first = mentions(("m1", "a", "visit", "FRA", "KAZ", "2023-11-22", "day", D(2023, 11, 22)),
                     ("m2", "b", "visit", "FRA", "KAZ", "2023-11-25", "day", D(2023, 11, 25)))
    a1, merges1 = assign_events(none(), first)
    again, _ = assign_events(none(), first)
    assert a1.sort("mention_id").equals(again.sort("mention_id"))  # same input, same ids
    ids = dict(a1.select("mention_id", "event_id").iter_rows())
    assert ids["m1"] != ids["m2"] and merges1.height == 0
    # A later run reports the 24th: it bridges them into one trip of four days.
    existing = first.join(a1, on="mention_id")
    later = mentions(("m3", "c", "visit", "FRA", "KAZ", "2023-11-24", "day", D(2023, 11, 24)))
    a2, merges = assign_events(existing, later)
    after = dict(a2.select("mention_id", "event_id").iter_rows())
    survivor = ids["m1"]  # the event made first keeps its id; the other is recorded as merged
    assert after["m3"] == survivor and after["m2"] == survivor
    assert merges.rows(named=True)[0] | {"evidence": None} == {
        "merged_event_id": ids["m2"], "into_event_id": survivor, "rule_id": "consecutive_days", "evidence": None}
    assert "2023-11-24" in merges["evidence"][0]


def test_intervals():
    assert interval("2023-W44", "week") == (D(2023, 10, 30), D(2023, 11, 5))
    assert interval("2023", "year") == (D(2023, 1, 1), D(2023, 12, 31))
    assert interval(None, None) is None


V = ("visit", "USA", "CUB")


def rows(*specs, kind=V):
    """(mention, document, date value, precision, published[, status[, person]]) for one pair."""
    out = []
    for mid, doc, value, precision, published, *rest in specs:
        out.append((mid, doc, *kind, value, precision, published, *rest))
    return mentions(*out)


# (case, mentions, the events they must form)
CASES = [
    ("a trip reported on consecutive days is one event",
     rows(("m1", "a", "2016-03-20", "day", D(2016, 3, 22)), ("m2", "a", "2016-03-21", "day", D(2016, 3, 22)),
          ("m3", "b", "2016-03-22", "day", D(2016, 3, 22))),
     [{"m1", "m2", "m3"}]),
    ("a day and the week holding it are one event",
     rows(("m1", "a", "2018-04-23", "day", D(2018, 4, 23)), ("m2", "b", "2018-W17", "week", D(2018, 5, 8))),
     [{"m1", "m2"}]),
    ("a day and the month holding it are one event",
     rows(("m1", "a", "2018-09-27", "day", D(2018, 9, 28)), ("m2", "b", "2018-09", "month", D(2018, 9, 6), "planned")),
     [{"m1", "m2"}]),
    ("a month holding two separate visits joins neither",
     rows(("m1", "a", "2018-04-03", "day", D(2018, 4, 3)), ("m2", "b", "2018-04-20", "day", D(2018, 4, 20)),
          ("m3", "c", "2018-04", "month", D(2018, 5, 9))),
     [{"m1"}, {"m2"}, {"m3"}]),
    ("reports of a month holding two visits share one unresolved event",
     rows(("m1", "a", "2018-04-03", "day", D(2018, 4, 3)), ("m2", "b", "2018-04-20", "day", D(2018, 4, 20)),
          ("m3", "c", "2018-04", "month", D(2018, 5, 9)), ("m4", "d", "2018-04", "month", D(2018, 5, 10))),
     [{"m1"}, {"m2"}, {"m3", "m4"}]),
    ("a 'this month' report of a done visit is bounded by its publication",
     rows(("m1", "a", "2018-04-03", "day", D(2018, 4, 3)), ("m2", "b", "2018-04-20", "day", D(2018, 4, 20)),
          ("m3", "c", "2018-04", "month", D(2018, 4, 10))),
     [{"m1", "m3"}, {"m2"}]),
    ("visits a week apart are two events",
     rows(("m1", "a", "2018-04-03", "day", D(2018, 4, 3)), ("m2", "b", "2018-04-10", "day", D(2018, 4, 10))),
     [{"m1"}, {"m2"}]),
    ("two ministers on one dyad in one month are two visits",
     rows(("m1", "a", "2018-04-03", "day", D(2018, 4, 3), "occurred", "mike_pompeo"),
          ("m2", "b", "2018-04-04", "day", D(2018, 4, 4), "occurred", "james_mattis")),
     [{"m1"}, {"m2"}]),
    ("a report that does not name the visitor joins the named visitor's trip",
     rows(("m1", "a", "2016-03-20", "day", D(2016, 3, 22), "occurred", "barack_obama"),
          ("m2", "a", "2016-03-21", "day", D(2016, 3, 22))),
     [{"m1", "m2"}]),
    ("an undated report joins the one visit shortly before it",
     rows(("m1", "a", "2018-04-23", "day", D(2018, 4, 23)), ("m2", "b", None, None, D(2018, 4, 26))),
     [{"m1", "m2"}]),
    ("an undated report of a done visit cannot be of a visit after it",
     rows(("m1", "a", "2018-04-23", "day", D(2018, 4, 23)), ("m2", "b", None, None, D(2018, 4, 10))),
     [{"m1"}, {"m2"}]),
    ("a planned visit reported before its date joins the visit that follows",
     rows(("m1", "a", "2018-04-23", "day", D(2018, 4, 23)), ("m2", "b", None, None, D(2018, 4, 10), "planned")),
     [{"m1", "m2"}]),
    ("a date after its own report of a done visit is set aside for the publication date",
     rows(("m1", "a", "2018-04-23", "day", D(2018, 4, 23)), ("m2", "b", "2018-05-12", "day", D(2018, 4, 30))),
     [{"m1", "m2"}]),
    ("undated reports published days apart, with no dated visit, are one event",
     rows(("m1", "a", None, None, D(2018, 3, 19)), ("m2", "b", None, None, D(2018, 3, 21))),
     [{"m1", "m2"}]),
    ("undated reports months apart are two events",
     rows(("m1", "a", None, None, D(2018, 3, 19)), ("m2", "b", None, None, D(2018, 7, 21))),
     [{"m1"}, {"m2"}]),
    ("an undated report joins the best-reported of the visits near it",
     rows(("m1", "a", "2018-03-13", "day", D(2018, 3, 14)), ("m2", "b", "2018-03-19", "day", D(2018, 3, 19)),
          ("m3", "c", "2018-03-20", "day", D(2018, 3, 20)), ("m4", "d", "2018-03-20", "day", D(2018, 3, 21)),
          ("m5", "e", None, None, D(2018, 3, 19))),
     [{"m1"}, {"m2", "m3", "m4", "m5"}]),
    ("one official's trip reported on its day and as 'last week' the week after is one trip",
     rows(("m1", "a", "2018-04-29", "day", D(2018, 4, 29), "occurred", "mike_pompeo"),
          ("m2", "b", "2018-W18", "week", D(2018, 5, 8), "occurred", "mike_pompeo")),
     [{"m1", "m2"}]),
    ("one official's trip dated loosely in adjacent weeks, then by its month, is one trip",
     rows(("m1", "a", "2018-03-31", "day", D(2018, 4, 20), "occurred", "mike_pompeo"),
          ("m2", "b", "2018-W14", "week", D(2018, 4, 27), "occurred", "mike_pompeo"),
          ("m3", "c", "2018-W15", "week", D(2018, 4, 18), "occurred", "mike_pompeo"),
          ("m4", "d", "2018-04", "month", D(2018, 5, 9), "occurred", "mike_pompeo")),
     [{"m1", "m2", "m3", "m4"}]),
    ("adjacent weeks of unnamed visitors stay two events",
     rows(("m1", "a", "2018-03-31", "day", D(2018, 4, 20)), ("m2", "b", "2018-W14", "week", D(2018, 4, 27))),
     [{"m1"}, {"m2"}]),
    ("an official's reports two weeks apart are two trips",
     rows(("m1", "a", "2018-03-31", "day", D(2018, 4, 20), "occurred", "mike_pompeo"),
          ("m2", "b", "2018-W16", "week", D(2018, 4, 27), "occurred", "mike_pompeo")),
     [{"m1"}, {"m2"}]),
    ("two officials' trips in adjacent weeks stay apart",
     rows(("m1", "a", "2018-03-31", "day", D(2018, 4, 20), "occurred", "mike_pompeo"),
          ("m2", "b", "2018-W14", "week", D(2018, 4, 27), "occurred", "james_mattis")),
     [{"m1"}, {"m2"}]),
    ("a trip longer than two weeks of daily reports is cut, not chained forever",
     rows(*[(f"m{i}", f"d{i}", str(D(2018, 1, 1) + dt.timedelta(days=i)), "day", D(2018, 1, 1) + dt.timedelta(days=i))
            for i in range(20)]),
     [{f"m{i}" for i in range(14)}, {f"m{i}" for i in range(14, 20)}]),
]


@pytest.mark.parametrize("case, new, expected", CASES, ids=[c[0] for c in CASES])
def test_mentions_merge_as_specified(case, new, expected):
    assert groups(assign_events(none(), new)[0]) == {frozenset(g) for g in expected}


def test_a_tour_is_one_event_per_host():
    new = mentions(("m1", "a", "visit", "FRA", "KAZ", "2023-11-01", "day", D(2023, 11, 4)),
                   ("m2", "a", "visit", "FRA", "UZB", "2023-11-02", "day", D(2023, 11, 4)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_every_member_says_why_it_joined():
    new = rows(("m1", "a", "2016-03-20", "day", D(2016, 3, 22)), ("m2", "b", "2016-03-21", "day", D(2016, 3, 22)),
               ("m3", "c", "2016-03", "month", D(2016, 4, 2)), ("m4", "d", None, None, D(2016, 3, 23)))
    reasons = dict(assign_events(none(), new)[0].select("mention_id", "join_reason").iter_rows())
    assert reasons == {"m1": "new_event", "m2": "consecutive_days", "m3": "contained_in_month",
                       "m4": "undated_near_publication"}


def test_a_visit_reported_as_under_way_does_not_join_one_a_month_before():
    # "في زيارته الحالية إلى اليمن", published 4 June: not the envoy's visit of 5 May.
    new = mentions(("m1", "a", "visit", "UN", "YEM", "2018-05-05", "day", D(2018, 5, 5)),
                   ("m2", "b", "visit", "UN", "YEM", None, None, D(2018, 6, 4), "ongoing"))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_visit_under_way_joins_the_one_reported_the_day_before():
    new = mentions(("m1", "a", "visit", "UN", "YEM", "2018-06-03", "day", D(2018, 6, 3)),
                   ("m2", "b", "visit", "UN", "YEM", None, None, D(2018, 6, 4), "ongoing"))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_a_visit_reported_under_way_the_evening_before_it_starts_joins_it():
    # "بومبيو الذي يقوم بثاني زيارة لكوريا الشمالية سيصل قريبا", published 8 May; arrived 9 May.
    new = mentions(("m1", "a", "visit", "USA", "PRK", "2018-05-09", "day", D(2018, 5, 9)),
                   ("m2", "b", "visit", "USA", "PRK", None, None, D(2018, 5, 8), "ongoing"))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_an_earlier_visit_told_in_the_report_of_a_new_one_is_another_event():
    # "وكان السيسي قد استهل ولايته الأولى بزيارة السودان" in the report of the visit of 19 July.
    new = mentions(("m1", "a", "visit", "EGY", "SDN", "2018-07-19", "day", D(2018, 7, 19)),
                   ("m2", "a", "visit", "EGY", "SDN", None, None, D(2018, 7, 19)))
    new = new.with_columns(pl.Series("date_basis", ["relative_to_publication", "earlier_than_report"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_day_of_a_visit_under_way_joins_the_stay_begun_days_before():
    # Arrived 1 June (a five-day stay counted back from its last day); "يزور صنعاء حاليا" in a
    # report of 4 June is dated 4 June: the same stay, not a new visit.
    new = mentions(("m1", "a", "visit", "UN", "YEM", "2018-06-01", "day", D(2018, 6, 5)),
                   ("m2", "b", "visit", "UN", "YEM", "2018-06-04", "day", D(2018, 6, 4), "ongoing"))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_a_day_visit_done_three_days_after_another_is_another_visit():
    new = mentions(("m1", "a", "visit", "UN", "YEM", "2018-06-01", "day", D(2018, 6, 1)),
                   ("m2", "b", "visit", "UN", "YEM", "2018-06-04", "day", D(2018, 6, 4)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def _with_stay(frame: pl.DataFrame, stays: dict[str, int]) -> pl.DataFrame:
    return frame.with_columns(pl.col("mention_id").replace_strict(stays, default=None, return_dtype=pl.Int64).alias("stay_days"))


def test_days_of_a_tour_its_reports_say_lasts_three_weeks_are_one_event():
    # "يبدأ ولي العهد زيارة تستمر ثلاثة أسابيع" on 20 March; reports of 26 March and 3 April.
    new = _with_stay(rows(("m1", "a", "2018-03-20", "day", D(2018, 3, 20)), ("m2", "b", "2018-03-26", "day", D(2018, 3, 27)),
                          ("m3", "c", "2018-04-03", "day", D(2018, 4, 3))), {"m1": 21})
    assigned = assign_events(none(), new)[0]
    assert groups(assigned) == {frozenset({"m1", "m2", "m3"})}
    assert dict(assigned.select("mention_id", "join_reason").iter_rows())["m2"] == "within_stated_stay"


def test_without_a_stated_stay_days_a_week_apart_are_two_visits():
    new = rows(("m1", "a", "2018-03-20", "day", D(2018, 3, 20)), ("m2", "b", "2018-03-26", "day", D(2018, 3, 27)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_day_after_the_stated_stay_is_another_visit():
    new = _with_stay(rows(("m1", "a", "2018-03-20", "day", D(2018, 3, 20)), ("m2", "b", "2018-03-27", "day", D(2018, 3, 27))),
                     {"m1": 3})
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_forces_told_as_present_do_not_join_a_dated_deployment_of_another_article():
    # "وحدة من الشرطة العسكرية الروسية انتشرت في المدينة الخميس" and, days later, "القوات
    # الروسية المنتشرة في سوريا" in a report on something else: background, not that deployment
    new = mentions(("m1", "d1", "military_deployment", "RUS", "SYR", "2018-04-12", "day", D(2018, 4, 12)),
                   ("m2", "d2", "military_deployment", "RUS", "SYR", None, None, D(2018, 4, 14))).with_columns(
        pl.Series("trigger", ["انتشرت", "المنتشرة"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_forces_told_as_present_beside_a_dated_deployment_of_the_same_article_are_background():
    # "انتشرت الشرطة العسكرية الروسية في دوما اليوم الخميس" and, further down the same report,
    # "القوات المختلفة المنتشرة في سوريا": the second line is background
    new = mentions(("m1", "d1", "military_deployment", "RUS", "SYR", "2018-04-12", "day", D(2018, 4, 12)),
                   ("m2", "d1", "military_deployment", "RUS", "SYR", None, None, D(2018, 4, 12))).with_columns(
        pl.Series("trigger", ["انتشرت", "المنتشرة"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_forces_told_as_present_do_not_join_an_undated_deployment_of_another_article():
    # "وتنشر الولايات المتحدة قوات عسكرية في منبج" beside "أرسلت أكثر من 200 عسكري إلى التنف"
    # a day apart: other forces as often as the same
    new = mentions(("m1", "d1", "military_deployment", "USA", "SYR", None, None, D(2018, 3, 9)),
                   ("m2", "d2", "military_deployment", "USA", "SYR", None, None, D(2018, 3, 10))).with_columns(
        pl.Series("trigger", ["أرسلت", "وتنشر"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_an_undated_deployment_act_still_joins_the_dated_one():
    new = mentions(("m1", "d1", "military_deployment", "RUS", "SYR", "2018-04-12", "day", D(2018, 4, 12)),
                   ("m2", "d2", "military_deployment", "RUS", "SYR", None, None, D(2018, 4, 13))).with_columns(
        pl.Series("trigger", ["انتشرت", "نشرت"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_an_undated_deployment_act_weeks_after_the_dated_one_is_background():
    # "وأرسلت واشنطن آلاف الجنود إلى أفغانستان" three weeks after a report of a dated
    # reinforcement: a line of background, not that act
    new = mentions(("m1", "d1", "military_deployment", "USA", "AFG", "2018-04-02", "day", D(2018, 4, 2)),
                   ("m2", "d2", "military_deployment", "USA", "AFG", None, None, D(2018, 4, 25))).with_columns(
        pl.Series("trigger", ["أرسلت", "أرسلت"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_an_undated_arms_deal_in_the_news_cycle_of_a_dated_one_joins_it():
    new = mentions(("m1", "d1", "arms_deal", "RUS", "TUR", "2018-04-02", "day", D(2018, 4, 2)),
                   ("m2", "d2", "arms_deal", "RUS", "TUR", None, None, D(2018, 4, 4))).with_columns(
        pl.Series("trigger", ["صفقة", "صفقة"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_a_headline_in_the_present_tense_joins_the_dated_deployment_of_its_article():
    # "الشرطة العسكرية التركية تنتشر في عفرين" as the title over "انتشرت ... الثلاثاء": the news
    new = mentions(("m1", "d1", "military_deployment", "TUR", "SYR", "2018-03-20", "day", D(2018, 3, 20)),
                   ("m2", "d1", "military_deployment", "TUR", "SYR", None, None, D(2018, 3, 20))).with_columns(
        pl.Series("trigger", ["انتشرت", "تنتشر"]), pl.Series("sentence_index", [2, 0]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_an_earlier_trip_told_in_a_report_does_not_join_a_month_event_running_past_it():
    # "وكان الوزير قد التقى الزعيم في بيونغ يانغ تحضيرا للقمة" (7 July) and a later report's
    # "أجرى محادثات في كوريا الشمالية هذا الشهر" (19 July): the earlier trip is not this month's.
    new = mentions(("m1", "b", "visit", "USA", "PRK", "2018-07", "month", D(2018, 7, 19)),
                   ("m2", "a", "visit", "USA", "PRK", None, None, D(2018, 7, 7)))
    new = new.with_columns(pl.Series("date_basis", ["relative_to_publication", "earlier_than_report"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_deployment_planned_in_one_report_is_not_the_one_another_told_as_done_that_day():
    # "الجيش يخطط لإرسال عشرات الجنود إلى الشمال" and "بدأت القوات خلال الأيام الماضية تعزيز
    # تحصيناتها" on one day: the plan is a later act than the reinforcement already made
    new = mentions(("m1", "d1", "military_deployment", "USA", "SYR", None, None, D(2018, 4, 3)),
                   ("m2", "d2", "military_deployment", "USA", "SYR", None, None, D(2018, 4, 3), "planned")).with_columns(
        pl.Series("trigger", ["تعزيز", "لإرسال"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_deal_planned_in_one_report_joins_the_one_told_as_done_the_next_day():
    new = mentions(("m1", "d1", "arms_deal", "USA", "SAU", None, None, D(2018, 3, 20), "planned"),
                   ("m2", "d2", "arms_deal", "USA", "SAU", None, None, D(2018, 3, 21))).with_columns(
        pl.Series("trigger", ["صفقة", "صفقة"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_an_undated_trip_reported_the_day_the_traveller_set_off_joins_the_visit_begun_next_day():
    # "ذكرت وكالة الأنباء الثلاثاء أن المسؤول قد توجه إلى الولايات المتحدة" and reports of his
    # talks there from Wednesday
    new = mentions(("m1", "d1", "visit", "PRK", "USA", "2018-05-30", "day", D(2018, 5, 30)),
                   ("m2", "d2", "visit", "PRK", "USA", None, None, D(2018, 5, 29)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_a_report_recalling_a_summit_a_week_later_joins_the_best_reported_event_in_its_window():
    # "قيّم الزعيمان لقاء كيم مع ترامب في سنغافورة" a week after the summit: the summit told
    # by three articles, not a stray one-article date a fortnight before it
    new = mentions(("m1", "a", "visit", "PRK", "SGP", "2018-06-12", "day", D(2018, 6, 12)),
                   ("m2", "b", "visit", "PRK", "SGP", "2018-06-12", "day", D(2018, 6, 13)),
                   ("m3", "c", "visit", "PRK", "SGP", "2018-06-10", "day", D(2018, 6, 11)),
                   ("m4", "d", "visit", "PRK", "SGP", "2018-05-28", "day", D(2018, 5, 29)),
                   ("m5", "e", "visit", "PRK", "SGP", None, None, D(2018, 6, 21)))
    assert frozenset({"m1", "m2", "m3", "m5"}) in groups(assign_events(none(), new)[0])


def test_another_occasion_told_undated_does_not_join_its_articles_event_by_the_document_alone():
    # "زار كيم الصين في مارس" and, in the same May article, "قام بزيارة ثانية إلى الصين"
    new = mentions(("m1", "a", "visit", "PRK", "CHN", "2018-03", "month", D(2018, 5, 8)),
                   ("m2", "a", "visit", "PRK", "CHN", None, None, D(2018, 5, 8)))
    new = new.with_columns(pl.Series("date_basis", ["relative_to_publication", "another_occasion"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_count_of_trips_joins_no_event_and_no_report_joins_it():
    # "بومبيو الذي زار بيونغ يانغ مرتين" beside his dated May trip and an undated report of it
    new = mentions(("m1", "a", "visit", "USA", "PRK", "2018-05-09", "day", D(2018, 5, 9)),
                   ("m2", "b", "visit", "USA", "PRK", None, None, D(2018, 5, 10)),
                   ("m3", "c", "visit", "USA", "PRK", None, None, D(2018, 5, 11)))
    new = new.with_columns(pl.Series("date_basis", ["relative_to_publication", "several_occasions", "none"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m3"}), frozenset({"m2"})}


def test_undated_convoys_reported_days_apart_stay_apart():
    # "دخل رتل عسكري تركي من معبر ... باتجاه إدلب" and, two days later, "أرسل الجيش التركي
    # جنودا إلى مناطق شمالي حلب": lines without a day may be any convoy of the month; the same
    # day's two reports of a convoy ("دخول رتل ... من قرية الحامضة", "الرتل تمركز قرب كفرحوم") are one
    new = mentions(("m1", "d1", "military_deployment", "TUR", "SYR", None, None, D(2018, 9, 9)),
                   ("m2", "d2", "military_deployment", "TUR", "SYR", None, None, D(2018, 9, 11)),
                   ("m3", "d3", "military_deployment", "TUR", "SYR", None, None, D(2018, 9, 11)),
                   ("m4", "d4", "military_deployment", "TUR", "SYR", None, None, D(2018, 9, 12))).with_columns(
        pl.Series("trigger", ["دخل", "دخول", "تمركز", "أرسل"]))
    assigned = assign_events(none(), new)[0]
    assert groups(assigned) == {frozenset({"m1"}), frozenset({"m2", "m3"}), frozenset({"m4"})}
    assert set(assigned["join_reason"]) == {"undated_force_not_placed", "undated_same_day"}


def test_an_undated_plan_to_send_forces_is_not_the_act_revealed_weeks_later():
    # "صرح مسؤولون أكراد أن باريس سترسل قوات جديدة" (30 March) and "أرسل الفرنسيون قوات خاصة
    # ... خلال الأسبوعين الماضيين" dated in mid-April: a claim, not that reinforcement
    new = mentions(("m1", "d1", "military_deployment", "FRA", "SYR", "2018-04-12", "day", D(2018, 4, 26)),
                   ("m2", "d2", "military_deployment", "FRA", "SYR", None, None, D(2018, 3, 30), "planned"))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_an_undated_force_line_does_not_join_a_month_of_deployments():
    # "ونشرت إيران قوات في سوريا منذ سنوات" beside "قلق إسرائيل من انتشار قوات إيرانية" dated
    # by its month: a month of forces holds any number of acts and lines of background
    new = mentions(("m1", "d1", "military_deployment", "IRN", "SYR", "2018-05", "month", D(2018, 7, 11)),
                   ("m2", "d2", "military_deployment", "IRN", "SYR", None, None, D(2018, 5, 11)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_an_undated_force_line_joins_the_days_its_own_document_gives():
    # the article dates its forces in another sentence: its undated line is that deployment,
    # and another article dating the same days joins them
    new = mentions(("m1", "d1", "military_deployment", "RUS", "SYR", None, None, D(2018, 4, 12)),
                   ("m2", "d1", "military_deployment", "RUS", "SYR", "2018-04-12", "day", D(2018, 4, 12)),
                   ("m3", "d2", "military_deployment", "RUS", "SYR", "2018-04-12", "day", D(2018, 4, 13)))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2", "m3"})}


def test_a_named_official_told_undated_is_not_the_trip_of_unnamed_travellers():
    # "فريق من البيت الأبيض سافر إلى سنغافورة" (dated) and, days later, "سافر أيضا وزير الدفاع
    # جيم ماتيس إلى سنغافورة لحضور قمة الأمن" (undated): another trip of the same pair
    new = mentions(("m1", "d1", "visit", "USA", "SGP", "2018-05-28", "day", D(2018, 5, 29)),
                   ("m2", "d2", "visit", "USA", "SGP", None, None, D(2018, 6, 1), "occurred", "jim_mattis"))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_delegation_told_undated_is_not_a_named_officials_trip():
    # "كيم يو جونغ ... لدى زيارتها سول ضمن وفد بلدها" (the opening ceremony, February) and
    # "كوريا الشمالية سترسل وفدا رفيع المستوى لحضور حفل الختام": another trip of the pair
    new = mentions(("m1", "d1", "visit", "PRK", "KOR", "2018-02", "month", D(2018, 5, 26), "occurred", "kim_yo_jong"),
                   ("m2", "d2", "visit", "PRK", "KOR", None, None, D(2018, 2, 22), "planned")).with_columns(
        pl.Series("rule_id", ["VISIT-ZIYARA-NOUN", "VISIT-SEND-MISSION"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_an_undated_arrival_of_another_office_is_not_the_visit_of_weeks_before():
    # "استقبل البشير مدير المخابرات المصرية" (a day) and, weeks later, "العناق بين وزيري الخارجية
    # السوداني ونظيره المصري عند وصوله" (undated): the foreign minister's trip, not the spy chief's
    new = mentions(("m1", "d1", "visit", "EGY", "SDN", "2018-03-10", "day", D(2018, 3, 11)),
                   ("m2", "d2", "visit", "EGY", "SDN", None, None, D(2018, 4, 4))).with_columns(
        pl.Series("actor_text", ["مدير المخابرات المصرية", "نظيره المصري"]),
        pl.Series("actor_person", [None, "sameh_shoukry"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_an_undated_report_of_the_same_office_joins_the_visit():
    # "وصل وزير الخارجية المصري إلى الخرطوم الثلاثاء" and "الوزير المصري الذي يزور السودان":
    # the bare title is any minister of that state
    new = mentions(("m1", "d1", "visit", "EGY", "SDN", "2018-04-03", "day", D(2018, 4, 3)),
                   ("m2", "d2", "visit", "EGY", "SDN", None, None, D(2018, 4, 4))).with_columns(
        pl.Series("actor_text", ["وزير الخارجية المصري", "الوزير المصري"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_a_mission_sent_by_a_named_leader_is_the_delegations_trip_not_his():
    # "أعلن أفورقي أن بلاده سترسل وفدا إلى أديس أبابا قريبا" (undated) is neither his own state
    # visit weeks later nor any trip of his: the delegation's
    new = mentions(("m1", "d1", "visit", "ERI", "ETH", "2018-07-14", "day", D(2018, 7, 14), "occurred", "isaias_afwerki"),
                   ("m2", "d2", "visit", "ERI", "ETH", None, None, D(2018, 6, 21), "planned", "isaias_afwerki")).with_columns(
        pl.Series("rule_id", ["VISIT-ARRIVE-VERB", "VISIT-SEND-MISSION"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_forces_told_as_present_join_no_dated_deployment():
    # "قريبة من مناطق انتشار القوات الروسية" beside the day the military police entered Douma
    new = mentions(("m1", "d1", "military_deployment", "RUS", "SYR", "2018-04-12", "day", D(2018, 4, 12)),
                   ("m2", "d2", "military_deployment", "RUS", "SYR", None, None, D(2018, 4, 12))).with_columns(
        pl.Series("date_basis", ["relative_to_publication", "forces_present"]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_trip_called_off_is_not_the_visit_that_took_place():
    # "ألغى ترامب زيارة كانت ستقوده إلى لندن مطلع هذا العام" (the year) and his July visit
    new = mentions(("m1", "d1", "visit", "USA", "GBR", "2018-07-13", "day", D(2018, 7, 13), "occurred", "donald_trump"),
                   ("m2", "d2", "visit", "USA", "GBR", "2018", "year", D(2018, 7, 12), "cancelled", "donald_trump"))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_deal_signed_and_then_cancelled_stays_one_deal():
    # (not visits: "ألغت عقود تسليح مع السعودية" is the contract reported days before)
    new = mentions(("m1", "d1", "arms_deal", "SWE", "SAU", "2015-03-09", "day", D(2015, 3, 9)),
                   ("m2", "d2", "arms_deal", "SWE", "SAU", "2015-03-10", "day", D(2015, 3, 10), "cancelled"))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_a_minister_arriving_ahead_of_his_prime_minister_made_a_trip_of_his_own():
    # "وزير الري الإثيوبي قد وصل إلى القاهرة صباح اليوم ممهدا لزيارة أحمد" and "رئيس الوزراء
    # الإثيوبي سوف يحل مساء اليوم ضيفا على مصر": one day, two travellers of two offices, each
    # the subject of his own verb
    new = mentions(("m1", "d1", "visit", "ETH", "EGY", "2018-06-09", "day", D(2018, 6, 9), "planned", "abiy_ahmed"),
                   ("m2", "d1", "visit", "ETH", "EGY", "2018-06-09", "day", D(2018, 6, 9))).with_columns(
        pl.Series("actor_text", ["رئيس الوزراء الإثيوبي أبي أحمد علي", "وزير الري والكهرباء الإثيوبي"]),
        pl.Series("actor_link", [" سوف ", " سيلشي قد "]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1"}), frozenset({"m2"})}


def test_a_speaker_taken_for_the_traveller_does_not_split_a_dated_trip():
    # "وقال وزير الإعلام الإريتري، اليوم الجمعة، إن أسياس سيصل إثيوبيا غدا": the actor read is
    # the speaker, not the president whose arrival the other reports date the same day
    new = mentions(("m1", "d1", "visit", "ERI", "ETH", "2018-07-14", "day", D(2018, 7, 14), "occurred", "isaias_afwerki"),
                   ("m2", "d2", "visit", "ERI", "ETH", "2018-07-14", "day", D(2018, 7, 13), "planned")).with_columns(
        pl.Series("actor_text", ["الرئيس الإريتري إيسياس أفورقي", "وزير الإعلام الإريتري"]),
        pl.Series("actor_link", [" ", " يماني ميسكيل، اليوم الجمعة، إن أسياس "]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}


def test_an_aides_title_tells_no_office():
    # "أن كيم يونغ شول نائب زعيم كوريا الشمالية يتوجه الآن إلى نيويورك" beside "المبعوث الكوري
    # الشمالي" told without a day: the deputy is not the leader
    new = mentions(("m1", "d1", "visit", "PRK", "USA", "2018-05-30", "day", D(2018, 5, 30)),
                   ("m2", "d2", "visit", "PRK", "USA", None, None, D(2018, 5, 31))).with_columns(
        pl.Series("actor_text", ["زعيم كوريا الشمالية", "المبعوث الكوري الشمالي"]),
        pl.Series("actor_link", [" يتوجه ", " "]),
        pl.Series("actor_before", ["أن كيم يونغ شول نائب ", "وتأتي زيارة "]))
    assert groups(assign_events(none(), new)[0]) == {frozenset({"m1", "m2"})}
