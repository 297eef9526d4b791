"""`waqai export`: views out of the published warehouse in the formats event-data users load.

- parquet, csv: any view, as it is (CSV: UTF-8, header row, LF line ends).
- plover: one JSON object per line per event, keyed with the POLECAT release's column names
  (POLECAT is the PLOVER-coded successor of ICEWS): "Event ID", "Event Date", "Event Type",
  "Event Mode", "Actor Country", "Recipient Country", ... (PLOVER_FIELDS).
- cameo: a tab-separated file of CAMEO-coded events with the ICEWS coded-event-data columns
  (CAMEO_COLUMNS), one header row.
The warehouse is opened with the read-only connection (no file access inside DuckDB): rows come
out through Arrow and Polars writes the file.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import polars as pl

from waqai.flows.warehouse import connect_readonly

FORMATS = ("parquet", "csv", "plover", "cameo")

# POLECAT column names, in its order, for the fields Waqai has; a field Waqai cannot fill
# (intensity, sectors, geolocation) is present and null, so files line up with POLECAT's.
PLOVER_FIELDS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Recipient Name", "Recipient Country",
    "Placename", "Country", "Latitude", "Longitude",
    "Source", "Publication Date", "Headline", "Event Text", "Story ID", "Language",
    # Waqai's own, after POLECAT's: how precise the date is and the rule that coded the event.
    "Date Precision", "Event Status", "Rule ID",
]

# ICEWS coded event data columns, in its order.
CAMEO_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
]

# PLOVER's quad classes (verbal/material cooperation/conflict) of the categories Waqai codes.
_QUAD = {"CONSULT": "VERBAL COOPERATION", "AGREE": "VERBAL COOPERATION", "COOPERATE": "MATERIAL COOPERATION",
         "AID": "MATERIAL COOPERATION", "MOBILIZE": "MATERIAL CONFLICT", "RETREAT": "MATERIAL COOPERATION",
         "SUPPORT": "VERBAL COOPERATION"}

# CAMEO's names of the codes Waqai assigns (ICEWS "Event Text").
CAMEO_TEXT = {"036": "Express intent to meet or negotiate", "042": "Make a visit", "043": "Host a visit",
              "062": "Cooperate militarily", "072": "Provide military aid",
              "0312": "Express intent to engage in military cooperation", "0332": "Express intent to provide military aid",
              "0874": "Retreat or surrender militarily", "0356": "Express intent to de-escalate military engagement",
              "154": "Mobilize or increase armed forces"}

_EVENT_SQL = """
select e.event_id, e.event_date, e.date_precision, e.event_type, e.status, e.plover, e.plover_mode, e.cameo_code,
       e.actor_code, e.target_code, e.sentence, e.source_uri, e.rule_id, e.first_reported,
       d.title, d.source, d.language, d.doc_id, m.sentence_index, m.actor_text, m.target_text
from events e
left join (select * from event_mentions qualify row_number() over (partition by event_id order by mention_id) = 1) m
       using (event_id)
left join documents d on d.doc_id = m.doc_id
order by e.event_date nulls last, e.event_id
"""


def views(con) -> list[str]:
    return [r[0] for r in con.execute("select view_name from duckdb_views() where not internal order by 1").fetchall()]


def _frame(con, sql: str) -> pl.DataFrame:
    return pl.from_arrow(con.sql(sql).to_arrow_table())


def export(warehouse: str | os.PathLike, fmt: str, out: str | os.PathLike, view: str = "events") -> int:
    """Write `view` (plover and cameo: the events) to `out` in `fmt`; returns the rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    con = connect_readonly(warehouse)
    try:
        if fmt in ("parquet", "csv"):
            known = views(con)
            if view not in known:
                raise ValueError(f"no view {view!r}: one of {', '.join(known)}")
            frame = _frame(con, f'select * from "{view}"')
        else:
            if view != "events":
                raise ValueError(f"--format {fmt} exports events (the events view), not {view!r}")
            frame = _frame(con, _EVENT_SQL)
    finally:
        con.close()
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.writing")
    if fmt == "parquet":
        frame.write_parquet(tmp)
    elif fmt == "csv":
        _flat(frame).write_csv(tmp, line_terminator="\n")
    elif fmt == "plover":
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for row in plover_records(frame):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        cameo_frame(frame).write_csv(tmp, separator="\t", line_terminator="\n", quote_style="never")
    os.replace(tmp, path)  # a reader never sees half a file
    return frame.height


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV holds no lists or structs: those columns become JSON text."""
    out = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, (pl.List, pl.Struct, pl.Array)):
            out.append(pl.col(name).map_elements(lambda v: json.dumps(v.to_list() if hasattr(v, "to_list") else v,
                                                                       ensure_ascii=False, default=str),
                                                 return_dtype=pl.String))
        else:
            out.append(pl.col(name))
    return frame.select(out)


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def plover_records(frame: pl.DataFrame) -> list[dict]:
    rows = []
    for r in frame.iter_rows(named=True):
        rows.append({
            "Event ID": r["event_id"], "Event Date": _date(r["event_date"]), "Event Type": r["plover"],
            "Event Mode": r["plover_mode"], "Event Intensity": None, "Quad Code": _QUAD.get(r["plover"] or ""),
            "Contexts": r["event_type"], "Actor Name": r["actor_text"], "Actor Country": r["actor_code"],
            "Recipient Name": r["target_text"], "Recipient Country": r["target_code"],
            "Placename": None, "Country": None, "Latitude": None, "Longitude": None,
            "Source": r["source"], "Publication Date": _date(r["first_reported"]), "Headline": r["title"],
            "Event Text": r["sentence"], "Story ID": r["doc_id"], "Language": r["language"],
            "Date Precision": r["date_precision"], "Event Status": r["status"], "Rule ID": r["rule_id"],
        })
    return rows


def _one_line(text: str | None) -> str | None:
    # A TSV cell holds no tab or line break (ICEWS files hold none either).
    return re.sub(r"[\t\r\n]+", " ", text).strip() if text else text


def cameo_frame(frame: pl.DataFrame) -> pl.DataFrame:
    rows = [{
        "Event ID": r["event_id"], "Event Date": _date(r["event_date"]), "Source Name": _one_line(r["actor_text"]),
        "Source Sectors": None, "Source Country": r["actor_code"], "Event Text": CAMEO_TEXT.get(r["cameo_code"] or "", r["event_type"]),
        "CAMEO Code": r["cameo_code"], "Intensity": None, "Target Name": _one_line(r["target_text"]),
        "Target Sectors": None, "Target Country": r["target_code"], "Story ID": r["doc_id"],
        "Sentence Number": r["sentence_index"], "Publisher": _one_line(r["source"]),
        "City": None, "District": None, "Province": None, "Country": None, "Latitude": None, "Longitude": None,
    } for r in frame.iter_rows(named=True)]
    schema = {c: pl.String for c in CAMEO_COLUMNS} | {"Sentence Number": pl.Int64, "Intensity": pl.Float64,
                                                      "Latitude": pl.Float64, "Longitude": pl.Float64}
    return pl.DataFrame(rows, schema=schema)
