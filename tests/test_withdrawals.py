"""Deployments from decision to withdrawal, through the real flow into a real DuckDB file:
short articles in our own words (tests/specs/ar/withdrawal_articles/) about the CSTO mission
to Kazakhstan in January 2022 (decided and arriving on 6 January, reinforced on the 7th,
withdrawing from the 13th, completed on the 19th), the US withdrawal from Afghanistan (August
2021) and the Russian one from Kherson (November 2022), and an article with a denial and a
summit that must yield nothing."""
import datetime as dt
from pathlib import Path

import duckdb
import pytest

ARTICLES = Path(__file__).parent / "specs" / "ar" / "withdrawal_articles"


@pytest.fixture(scope="module")
def warehouse(prefect_harness, tmp_path_factory):
    from waqai.flows.pipeline import waqai_run

    path = tmp_path_factory.mktemp("withdrawals") / "w.duckdb"
    waqai_run(inputs=[str(ARTICLES)], warehouse=str(path))
    return path


def rows(path, sql):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def mentions(path, name):
    return set(rows(path, f"""select event_type, actor_code, target_code, event_date, phase from event_mentions
                              where source_uri like '%{name}.txt'"""))


def test_the_csto_decision_and_first_arrivals_are_dated_deployments(warehouse):
    got = mentions(warehouse, "csto_01_decision")
    assert ("military_deployment", "CSTO", "KAZ", dt.date(2022, 1, 6), "decided") in got
    assert any(t == "military_deployment" and a == "RUS" and h == "KAZ" and p == "arriving" for t, a, h, _, p in got)


def test_a_member_contingent_is_a_deployment_linked_to_the_csto_mission(warehouse):
    assert ("military_deployment", "ARM", "KAZ", dt.date(2022, 1, 7), "arriving") in mentions(warehouse, "csto_02_reinforced")
    linked = rows(warehouse, "select mission_code from deployment_spells where actor_code = 'ARM' and target_code = 'KAZ'")
    assert linked == [("CSTO",)]


def test_the_withdrawal_leaves_kazakhstan_not_the_home_states(warehouse):
    started = mentions(warehouse, "csto_03_withdrawal_starts")
    assert ("military_withdrawal", "CSTO", "KAZ", dt.date(2022, 1, 13), "withdrawal_started") in started
    assert {(a, h) for t, a, h, _, _ in started if t == "military_withdrawal"} == {("CSTO", "KAZ"), ("TJK", "KAZ")}
    assert not [m for m in started if m[0] == "military_deployment"]
    done = mentions(warehouse, "csto_04_withdrawal_completed")
    assert ("military_withdrawal", "CSTO", "KAZ", dt.date(2022, 1, 19), "completed") in done
    assert not [m for m in done if m[2] == "RUS"]


def test_two_other_withdrawals_are_found_with_their_dates(warehouse):
    assert ("military_withdrawal", "USA", "AFG", dt.date(2021, 8, 30), "completed") in mentions(warehouse, "usa_afghanistan")
    kherson = mentions(warehouse, "russia_kherson")
    assert any(t == "military_withdrawal" and (a, h) == ("RUS", "UKR") and d == dt.date(2022, 11, 9) for t, a, h, d, _ in kherson)


def test_denials_and_summits_yield_nothing(warehouse):
    assert mentions(warehouse, "denial_and_summit") == set()
    denied = rows(warehouse, "select status from mentions where event_type = 'military_withdrawal' and target_code = 'SYR'")
    assert denied == [("denied",)]


def test_the_csto_spell_runs_from_the_decision_to_the_withdrawal(warehouse):
    spell = rows(warehouse, """select started_on, started_precision, ended_on, ended_precision, status, troops, n_documents,
                                      first_source, last_source
                               from deployment_spells where actor_code = 'CSTO' and target_code = 'KAZ'""")
    assert len(spell) == 1
    started, s_prec, ended, e_prec, status, _troops, n_docs, first, last = spell[0]
    assert (started, s_prec, status) == (dt.date(2022, 1, 6), "day", "ended")
    assert dt.date(2022, 1, 13) <= ended <= dt.date(2022, 1, 19) and e_prec == "day"
    assert n_docs >= 3 and first.endswith("csto_01_decision.txt") and last.endswith("csto_04_withdrawal_completed.txt")


def test_the_spell_and_withdrawal_views_are_flat_and_documented(warehouse):
    for view in ("deployment_spells", "military_withdrawals"):
        cols = rows(warehouse, f"""select column_name, data_type, comment from duckdb_columns()
                                   where table_name = '{view}'""")
        assert cols, view
        for name, kind, comment in cols:
            assert kind in ("VARCHAR", "BIGINT", "DATE", "BOOLEAN", "DOUBLE", "INTEGER"), (view, name, kind)
            assert comment, (view, name)
    assert rows(warehouse, "select count(*) from military_withdrawals where left_code = 'KAZ' and withdrawing_code = 'CSTO'")[0][0] >= 1
