"""`waqai export`: what event-data users load comes back as it went out."""
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from waqai.flows.export import CAMEO_COLUMNS, PLOVER_FIELDS, export
from waqai.transforms.events import PLOVER_EVENTS

WAQAI = str(Path(sys.executable).parent / "waqai")


@pytest.mark.parametrize("fmt, reader", [("parquet", "read_parquet"), ("csv", "read_csv")])
@pytest.mark.parametrize("view", ["events", "event_mentions", "dyads_monthly"])
def test_parquet_and_csv_of_a_view_load_back_into_duckdb_with_its_rows_and_columns(samples_warehouse, tmp_path, fmt, reader, view):
    out = tmp_path / f"{view}.{fmt}"
    n = export(samples_warehouse, fmt, out, view)
    src = duckdb.connect(str(samples_warehouse), read_only=True)
    expected_rows = src.execute(f"select count(*) from {view}").fetchone()[0]
    expected_cols = [d[0] for d in src.execute(f"select * from {view} limit 0").description]
    src.close()
    con = duckdb.connect()
    cur = con.execute(f"select * from {reader}('{out}')")
    assert [d[0] for d in cur.description] == expected_cols
    assert len(cur.fetchall()) == n == expected_rows > 0


def test_plover_lines_are_json_objects_with_exactly_the_documented_fields(samples_warehouse, tmp_path):
    out = tmp_path / "events.jsonl"
    n = export(samples_warehouse, "plover", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == n > 0
    for line in lines:
        row = json.loads(line)
        assert list(row) == PLOVER_FIELDS
        assert row["Event Type"] in set(PLOVER_EVENTS)
        assert len(row["Actor Country"]) >= 2 and row["Event ID"].startswith("e_")
    visits = [json.loads(x) for x in lines if json.loads(x)["Contexts"] == "visit"]
    assert visits and all(v["Event Type"] in {"CONSULT", "AGREE"} for v in visits)


def test_cameo_tsv_has_the_icews_columns_and_one_line_per_event(samples_warehouse, tmp_path):
    out = tmp_path / "events.tsv"
    n = export(samples_warehouse, "cameo", out)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[0].split("\t") == CAMEO_COLUMNS
    body = [ln for ln in lines[1:] if ln]
    assert len(body) == n > 0 and all(len(ln.split("\t")) == len(CAMEO_COLUMNS) for ln in body)
    con = duckdb.connect()
    codes = {r[0] for r in con.execute(f"select \"CAMEO Code\"::varchar from read_csv('{out}', delim='\t', header=true)").fetchall()}
    assert "042" in codes or "42" in codes


def test_cli_export_refuses_an_unknown_view_in_one_line(samples_warehouse, tmp_path):
    done = subprocess.run([WAQAI, "export", "-w", str(samples_warehouse), "-f", "csv", "--view", "no_such_view",
                           "-o", str(tmp_path / "x.csv")], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("waqai: no view 'no_such_view'") and "Traceback" not in done.stderr
    assert not (tmp_path / "x.csv").exists()
