"""The Waqai dashboard: `waqai dashboard` runs this file with Streamlit.

It reads the *published* warehouse read-only, one short connection per query, so it never
blocks a pipeline run and shows the newest complete run after each publish (queries are
cached per file version). Charts are Vega-Lite (Altair); the world map draws from the
TopoJSON shipped in flows/static, so nothing is fetched from the network.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gettext
import json
import os
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd
import pycountry
import streamlit as st

STATIC = Path(__file__).resolve().parent / "static"
TYPES = {"visit": "زيارات — visits", "arms_deal": "صفقات أسلحة — arms deals",
         "military_deployment": "انتشار عسكري — deployments"}


def _warehouse() -> Path:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", default=os.environ.get("WAQAI_WAREHOUSE", "warehouse/waqai.duckdb"))
    args, _ = parser.parse_known_args()
    return Path(args.warehouse).resolve()


@st.cache_data(show_spinner=False)
def query(path: str, version: float, sql: str, params: tuple = ()) -> pd.DataFrame:
    """Run read-only SQL on the published file; `version` (its mtime) keys the cache."""
    con = duckdb.connect(path, read_only=True)
    try:
        cur = con.execute(sql, list(params))
        columns = [d[0] for d in cur.description]
        return pd.DataFrame(cur.fetchall(), columns=columns)
    finally:
        con.close()


@st.cache_data(show_spinner=False)
def world() -> dict:
    return json.loads((STATIC / "countries-110m.json").read_text(encoding="utf-8"))


@st.cache_data(show_spinner=False)
def country_table() -> pd.DataFrame:
    try:
        ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"]).gettext
    except OSError:
        ar = str
    return pd.DataFrame([{"code": c.alpha_3, "id": c.numeric, "name": getattr(c, "common_name", c.name),
                          "name_ar": ar(c.name)} for c in pycountry.countries])


def main() -> None:
    st.set_page_config(page_title="Waqai — events from Arabic news", layout="wide")
    path = _warehouse()
    st.title("وقائع Waqai")
    if not path.exists():
        st.error(f"No warehouse at {path}. Run `waqai run` first.")
        return
    version = path.stat().st_mtime

    def q(sql: str, *params) -> pd.DataFrame:
        return query(str(path), version, sql, tuple(params))

    events = q("select * from events")
    if events.empty:
        st.info("The warehouse holds no events yet.")
        return
    runs = q("select max(finished_at) as last_run, count(*) as n from runs where status = 'succeeded'")
    st.caption(f"{path} · last run {runs['last_run'][0]} · {len(events)} events")

    with st.sidebar:
        st.header("Filters")
        types = st.multiselect("Event type", list(TYPES), default=list(TYPES), format_func=lambda t: TYPES[t])
        actors = st.multiselect("Actor", sorted(events["actor_code"].unique()))
        targets = st.multiselect("Target", sorted(events["target_code"].unique()))
        dated = events["event_date"].dropna()
        first, last = (dated.min(), dated.max()) if len(dated) else (dt.date.today(), dt.date.today())
        # The two most recent years of data by default: a stray historical date (1945) would
        # otherwise squeeze the timeline; widen the range to see everything.
        start = max(first, last - dt.timedelta(days=730))
        period = st.date_input("Date range (dated events)", value=(start, last), min_value=first, max_value=last)
        include_undated = st.checkbox("Include undated events", value=True)

    view = events[events["event_type"].isin(types)]
    if actors:
        view = view[view["actor_code"].isin(actors)]
    if targets:
        view = view[view["target_code"].isin(targets)]
    if isinstance(period, (tuple, list)) and len(period) == 2:
        when = pd.to_datetime(view["event_date"])
        in_range = when.between(pd.Timestamp(period[0]), pd.Timestamp(period[1]))
        view = view[in_range | (when.isna() & include_undated)]

    c1, c2, c3 = st.columns(3)
    c1.metric("Visits", int((view["event_type"] == "visit").sum()))
    c2.metric("Arms deals", int((view["event_type"] == "arms_deal").sum()))
    c3.metric("Deployments", int((view["event_type"] == "military_deployment").sum()))

    st.subheader("Timeline")
    timeline(view)
    st.subheader("Map: events by country")
    world_map(view)
    st.subheader("Dyads")
    dyads = (view.groupby(["actor_code", "target_code", "event_type"]).size().unstack(fill_value=0)
             .reset_index().rename_axis(None, axis=1))
    dyads["total"] = dyads.drop(columns=["actor_code", "target_code"]).sum(axis=1)
    st.table(dyads.sort_values("total", ascending=False).head(25))
    st.subheader("Drill down: an event, its sentences and sources")
    drill_down(view, q)


def timeline(view: pd.DataFrame) -> None:
    dated = view.dropna(subset=["event_date"])
    dated = dated[dated["date_precision"].isin(["day", "week", "month"])]
    if dated.empty:
        st.info("No dated events in this selection.")
        return
    data = dated.assign(month=pd.to_datetime(dated["event_date"]).dt.to_period("M").dt.to_timestamp())
    data = data.groupby(["month", "event_type"]).size().reset_index(name="events")
    chart = (alt.Chart(data).mark_bar()
             .encode(x=alt.X("yearmonth(month):T", title="month"), y=alt.Y("events:Q", title="events"),
                     color=alt.Color("event_type:N", title="type"), tooltip=["yearmonth(month):T", "event_type", "events"])
             .properties(height=260))
    st.altair_chart(chart, use_container_width=True)


def world_map(view: pd.DataFrame) -> None:
    counts = pd.concat([view[["actor_code"]].rename(columns={"actor_code": "code"}),
                        view[["target_code"]].rename(columns={"target_code": "code"})])
    counts = counts.groupby("code").size().reset_index(name="events")
    table = country_table().merge(counts, on="code", how="left").fillna({"events": 0})
    shapes = alt.Data(values=world(), format=alt.DataFormat(type="topojson", feature="countries"))
    chart = (alt.Chart(shapes).mark_geoshape(stroke="white", strokeWidth=0.3)
             .transform_lookup(lookup="id", from_=alt.LookupData(table, "id", ["code", "name", "name_ar", "events"]))
             .encode(color=alt.Color("events:Q", scale=alt.Scale(scheme="oranges"), title="events"),
                     tooltip=["name:N", "name_ar:N", "code:N", "events:Q"])
             .project("equalEarth").properties(height=420))
    st.altair_chart(chart, use_container_width=True)


def drill_down(view: pd.DataFrame, q) -> None:
    if view.empty:
        st.info("No events in this selection.")
        return
    ranked = view.sort_values(["n_documents", "n_mentions"], ascending=False)
    labels = {r["event_id"]: f"{r['event_type']} {r['actor_code']}→{r['target_code']} {r['date_value'] or 'undated'} "
                             f"({r['n_mentions']} mentions, {r['n_documents']} documents)"
              for r in ranked.to_dict("records")}
    chosen = st.selectbox("Event", list(labels), format_func=labels.get)
    st.dataframe(q("""select published, source, date_value, status, rule_id, trigger, sentence
                      from event_mentions where event_id = ? order by published, sentence_index""", chosen),
                 use_container_width=True, hide_index=True)
    st.dataframe(q("select source_uri, title, published, source, url, n_mentions from event_documents where event_id = ?",
                   chosen), use_container_width=True, hide_index=True)


if __name__ == "__main__":
    main()
