"""The `waqai` command line, on a warehouse built by the real flow."""
import json
import re

import pytest
from typer.testing import CliRunner

from waqai.flows.cli import app
from conftest import SAMPLES

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


def test_sql_csv_has_unix_line_endings(dev_warehouse):
    result = runner.invoke(app, ["sql", "-w", str(dev_warehouse), "-f", "csv", "select 1 as a, 'x' as b"])
    assert result.stdout == "a,b\n1,x\n"


def test_the_last_csv_line_is_an_id_explain_accepts(dev_warehouse):
    """`waqai sql --format csv "select mention_id ..." | tail -1 | xargs waqai explain`."""
    listed = runner.invoke(app, ["sql", "-w", str(dev_warehouse), "-f", "csv",
                                 "select mention_id from event_mentions order by mention_id limit 3"])
    last = listed.stdout.split("\n")[-2]
    assert last.startswith("m_") and last == last.strip()
    shown = runner.invoke(app, ["explain", last, "--warehouse", str(dev_warehouse)])
    assert shown.exit_code == 0 and last in shown.output


@pytest.mark.parametrize("query", ["", "   ", "\n\t", ";", "/* nothing here */", "-- only a comment\n", "--x\n ; /* y */"])
def test_sql_without_a_statement_says_so_in_one_line(dev_warehouse, query):
    result = runner.invoke(app, ["sql", "-w", str(dev_warehouse), "--", query])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["waqai: nothing to run: the query is empty (or only comments)"]


def test_sql_errors_are_one_line_without_traceback(dev_warehouse):
    result = runner.invoke(app, ["sql", "-w", str(dev_warehouse), "select * from visitz"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'waqai: Catalog Error: Table with name visitz does not exist! Did you mean "visits"?']


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


@pytest.mark.parametrize("published", ["04/11/2023", "2023-13-01", "November 4, 2023", "yesterday"])
def test_dates_rejects_a_non_iso_publication_date_in_one_line(published):
    result = runner.invoke(app, ["dates", "--published", published, "يوم الأربعاء"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"waqai: --published must be an ISO date YYYY-MM-DD, e.g. 2023-11-04 (got {published!r})"]


def test_serve_without_a_server_explains_how_to_start_one(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = runner.invoke(app, ["serve", "--interval", "60"])
    assert result.exit_code == 2 and "prefect server start" in result.output


def _summary(output: str) -> dict[str, str]:
    """The run summary's lines as label -> value (a log gets plain `label  value` lines)."""
    return {m.group(1).rstrip(): m.group(2) for m in re.finditer(r"^(\S.{39}|  .{38}) (.+)$", output, re.M)}


@pytest.mark.slow  # two real runs of the flow
def test_run_summary_tells_this_run_apart_from_the_warehouse(prefect_harness, tmp_path):
    """Piped to a log: progress lines as it goes, this run's numbers with the denied mentions
    counted on their own line (so the types add up to what was written), the warehouse totals
    apart, and the full warehouse path however long."""
    deep = tmp_path / ("a-rather-long-folder-name-for-a-warehouse-" * 3) / "nested"
    warehouse = deep / "waqai.duckdb"
    first = runner.invoke(app, ["run", "--warehouse", str(warehouse), "--batch-size", "4"])
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    n = len(list((SAMPLES / "ar").glob("*.txt")))
    assert f"read {n} documents" in lines and f"extracted {n}/{n} documents" in lines
    assert lines.index(f"read {n} documents") < lines.index(f"extracted {n}/{n} documents")
    summary = _summary(first.stdout)
    assert summary["warehouse"] == str(warehouse.resolve())
    by_type = {label.strip(): value for label, value in summary.items() if label.startswith("  ")}
    written = int(summary["event mentions written"])
    counted = sum(int(v.split()[0]) for k, v in by_type.items() if not k.startswith("denied"))
    denied = int(by_type.get("denied (kept in mentions, in no event)", 0))
    assert counted + denied == written > 0
    assert summary["documents loaded (new)"] == str(n)

    again = runner.invoke(app, ["run", "--warehouse", str(warehouse), "--batch-size", "4"])
    assert again.exit_code == 0, again.output
    second = _summary(again.stdout)
    assert second["event mentions written"] == "0" and second["documents loaded (new)"] == "0"
    assert not [label for label in second if label.startswith("  ")]
    assert second["warehouse totals"] == summary["warehouse totals"]
    assert second["warehouse totals"].startswith(f"{n} documents, 0 rejected inputs, {counted} event mentions")


def test_progress_without_a_terminal_writes_a_line_now_and_then(capsys):
    from waqai.flows.cli import _Progress

    with _Progress(interactive=False, every=3600) as progress:
        for _ in range(3):
            progress(500, "read")          # the first batch is reported at once, the rest wait
        for _ in range(3):
            progress(500, "extracted", 1500)
    assert capsys.readouterr().out.splitlines() == [
        "read 500 documents", "read 1500 documents",
        "extracted 500/1500 documents", "extracted 1500/1500 documents"]
