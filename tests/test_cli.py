"""The `waqai` command line, on a warehouse built by the real flow."""
import json

from typer.testing import CliRunner

from waqai.flows.cli import app

runner = CliRunner()


def test_sql_prints_json_rows(dev_warehouse):
    result = runner.invoke(app, ["sql", "--warehouse", str(dev_warehouse), "--format", "json",
                                 "select event_type, count(*) as n from event_mentions group by 1 order by 1"])
    assert result.exit_code == 0, result.output
    types = [json.loads(line)["event_type"] for line in result.output.splitlines()]
    assert types == ["arms_deal", "military_deployment", "visit"]


def test_sql_is_read_only(dev_warehouse):
    result = runner.invoke(app, ["sql", "--warehouse", str(dev_warehouse), "delete from documents"])
    assert result.exit_code == 1
    assert "read-only" in result.output


def test_sql_csv(dev_warehouse):
    result = runner.invoke(app, ["sql", "-w", str(dev_warehouse), "-f", "csv", "select 1 as a, 'x' as b"])
    assert result.output.splitlines() == ["a,b", "1,x"]


def test_explain_marks_the_spans_and_names_the_rule(dev_warehouse):
    import duckdb

    con = duckdb.connect(str(dev_warehouse), read_only=True)
    mention_id, rule_id = con.execute("select mention_id, rule_id from event_mentions order by mention_id limit 1").fetchone()
    con.close()
    result = runner.invoke(app, ["explain", mention_id, "--warehouse", str(dev_warehouse)])
    assert result.exit_code == 0, result.output
    assert rule_id in result.output and "[" in result.output


def test_dates_command_prints_json_lines():
    result = runner.invoke(app, ["dates", "--published", "2023-11-04", "--json", "ألمح ماكرون يوم الأربعاء إلى عقود"])
    assert result.exit_code == 0
    row = json.loads(result.output.splitlines()[0])
    assert {k: row[k] for k in ("text", "value", "precision", "basis")} == {
        "text": "يوم الأربعاء", "value": "2023-11-01", "precision": "day", "basis": "relative_to_publication"}
    assert "ألمح ماكرون يوم الأربعاء إلى عقود"[row["start"]:row["end"]] == "يوم الأربعاء"


def test_serve_without_a_server_explains_how_to_start_one(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = runner.invoke(app, ["serve", "--interval", "60"])
    assert result.exit_code == 2 and "prefect server start" in result.output
