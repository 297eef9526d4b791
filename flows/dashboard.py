"""The Waqai dashboard: `waqai dashboard` runs this file with Streamlit.

It reads the *published* warehouse read-only, one short connection per query, so it never
blocks a pipeline run and shows the newest complete run after each publish (queries are
cached per file version). Charts are Vega-Lite (Altair); the world map draws from the
TopoJSON shipped in flows/static, so nothing is fetched from the network.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import os
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

# Absolute imports: Streamlit runs this file as a script, outside its package.
from waqai.flows.dashboard_data import (METRICS, TYPE_LABELS, TYPES, actor_names, drawable_ids, name_of, query,
                                        type_scale, world)
from waqai.flows.dashboard_drilldown import drill_down
from waqai.flows.dashboard_spells import spells

# Tests import these from here, as they did when this file held them.
from waqai.flows.dashboard_data import TYPE_COLOURS  # noqa: F401

CSS = """
.waqai-mention { border-left: 3px solid #d0d0d0; padding: 0.2rem 0 0.2rem 0.8rem; margin: 0 0 0.9rem 0; }
.waqai-meta { font-size: 0.85rem; color: #666; direction: ltr; }
.waqai-sentence { direction: rtl; text-align: right; unicode-bidi: isolate; white-space: normal;
                  overflow-wrap: anywhere; font-size: 1.15rem; line-height: 1.9; margin-top: 0.2rem; }
.waqai-sentence mark { padding: 0; }
.waqai-sentence mark.trigger { background: #ffe08a; }
.waqai-sentence mark.actor { background: #cfe3ff; }
.waqai-sentence mark.target { background: #d7f0cf; }
.waqai-sentence mark.date { background: #f3d9f0; }
.waqai-sources { padding-left: 1.2rem; }
.waqai-sources li { margin-bottom: 0.3rem; }
"""


def _warehouse() -> Path:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", default=os.environ.get("WAQAI_WAREHOUSE", "warehouse/waqai.duckdb"))
    args, _ = parser.parse_known_args()
    return Path(args.warehouse).resolve()


def main() -> None:
    st.set_page_config(page_title="Waqai — events from Arabic news", layout="wide")
    st.html(f"<style>{CSS}</style>")
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
    events["event_date"] = pd.to_datetime(events["event_date"])
    runs = q("select max(finished_at) as last_run, count(*) as n from runs where status = 'succeeded'")
    last_run = runs["last_run"][0]
    last_run = "none finished" if pd.isna(last_run) else f"{pd.Timestamp(last_run):%Y-%m-%d %H:%M} UTC"
    st.caption(f"{path} · last run {last_run} · {len(events)} events in the warehouse")

    known = [*TYPES, *sorted(set(events["event_type"]) - set(TYPES))]
    with st.sidebar:
        st.header("Filters")
        types = st.multiselect("Event type", known, default=known, format_func=lambda t: TYPES.get(t, t))
        actors = st.multiselect("Actor", sorted(events["actor_code"].unique()), format_func=lambda c: f"{c} {name_of(c)}")
        targets = st.multiselect("Target", sorted(events["target_code"].unique()), format_func=lambda c: f"{c} {name_of(c)}")
        dated = events["event_date"].dropna()
        first, last = (dated.min().date(), dated.max().date()) if len(dated) else (dt.date.today(),) * 2
        # Every date by default: a filter nobody set must hide nothing.
        period = st.date_input("Date range (dated events)", value=(first, last), min_value=first, max_value=last)
        include_undated = st.checkbox("Include undated events", value=True)

    view = events[events["event_type"].isin(types)]
    hidden_by = []
    if set(types) != set(known):
        hidden_by.append("type")
    if actors:
        view = view[view["actor_code"].isin(actors)]
        hidden_by.append("actor")
    if targets:
        view = view[view["target_code"].isin(targets)]
        hidden_by.append("target")
    period_set = False
    if isinstance(period, (tuple, list)) and len(period) == 2:
        in_range = view["event_date"].between(pd.Timestamp(period[0]), pd.Timestamp(period[1]))
        if tuple(period) != (first, last):
            hidden_by.append(f"dates {period[0]} – {period[1]}")
            period_set = True
        view = view[in_range | (view["event_date"].isna() & include_undated)]
    if not include_undated:
        hidden_by.append("undated left out")

    shown = [t for t in known if t in ("visit", "arms_deal", "military_deployment") or (events["event_type"] == t).any()]
    columns = st.columns(len(shown) + 1)
    for col, t in zip(columns[:-1], shown, strict=True):
        col.metric(METRICS.get(t, t), int((view["event_type"] == t).sum()))
    columns[-1].metric("All events", len(view))
    if len(view) == len(events):
        st.caption(f"Showing all {len(events)} events.")
    else:
        st.caption(f"Showing {len(view)} of {len(events)} events (filtered by {', '.join(hidden_by)}).")

    st.subheader("Timeline")
    timeline(view, known)
    st.subheader("Deployment spells")
    spells(q, actors, targets, period if period_set else None)
    st.subheader("Map: events by country")
    world_map(view)
    st.subheader("Dyads")
    dyad_table(view, known)
    st.subheader("Drill down: an event, its sentences and sources")
    drill_down(view, q)


def timeline(view: pd.DataFrame, known: list[str]) -> None:
    monthly = view[view["event_date"].notna() & view["date_precision"].isin(["day", "week", "month"])]
    off = {"undated": int(view["event_date"].isna().sum()),
           "dated only to a year": int((view["date_precision"] == "year").sum())}
    if monthly.empty:
        st.info("No events dated to the day, week or month in this selection.")
        return
    data = monthly.assign(month=monthly["event_date"].dt.to_period("M").dt.to_timestamp())
    data = data.groupby(["month", "event_type"]).size().reset_index(name="events")
    data["type"] = data["event_type"].map(lambda t: TYPE_LABELS.get(t, t))
    first, last = data["month"].min(), data["month"].max()
    # A few stray old dates (1945, 1973) would squeeze the busy years into a few pixels: the
    # chart opens on the latest 95% of the events (at least 24 months) and pans/zooms to the rest.
    start = max(first, min(last - pd.DateOffset(months=23),
                           monthly["event_date"].quantile(0.05).to_period("M").to_timestamp()))
    end = last + pd.DateOffset(months=1)
    domain = [alt.DateTime(year=d.year, month=d.month, date=1) for d in (start, end)]
    present = [t for t in known if t in set(data["event_type"])]
    chart = (alt.Chart(data).mark_bar(clip=True)
             .encode(x=alt.X("yearmonth(month):T", title="month", scale=alt.Scale(domain=domain)),
                     y=alt.Y("events:Q", title="events"),
                     color=alt.Color("type:N", title="type", scale=type_scale(known),
                                     legend=alt.Legend(values=[TYPE_LABELS.get(t, t) for t in present])),
                     tooltip=[alt.Tooltip("yearmonth(month):T", title="month"), "type:N", "events:Q"])
             .add_params(alt.selection_interval(bind="scales", encodings=["x"]))
             .properties(height=260))
    st.altair_chart(chart, width="stretch")
    notes = [f"{len(monthly)} events dated to the day, week or month, by month."]
    earlier = int((monthly["event_date"] < start).sum())
    if earlier:
        notes.append(f"The chart opens on {start:%Y-%m} – {last:%Y-%m}; {earlier} earlier events (from {first:%Y-%m}) "
                     "are off to the left: drag the chart to pan, scroll to zoom, double-click to reset.")
    left_out = [f"{n} {why}" for why, n in off.items() if n]
    if left_out:
        notes.append(f"Not on the timeline: {', '.join(left_out)}.")
    st.caption(" ".join(notes))


def world_map(view: pd.DataFrame) -> None:
    # An event counts once for its actor and once for its target (once if they are the same).
    sides = pd.concat([view[["event_id", "actor_code"]].rename(columns={"actor_code": "code"}),
                       view[["event_id", "target_code"]].rename(columns={"target_code": "code"})]).drop_duplicates()
    counts = sides.groupby("code").size().reset_index(name="events")
    names = actor_names()
    table = names[names["id"].notna()].merge(counts, on="code", how="left").fillna({"events": 0})
    shapes = alt.Data(values=world(), format=alt.DataFormat(type="topojson", feature="countries"))
    chart = (alt.Chart(shapes).mark_geoshape(stroke="white", strokeWidth=0.3)
             .transform_lookup(lookup="id", from_=alt.LookupData(table, "id", ["code", "name", "name_ar", "events"]))
             .encode(color=alt.Color("events:Q", scale=alt.Scale(scheme="oranges"), title="events as actor or target"),
                     tooltip=["name:N", "name_ar:N", "code:N", alt.Tooltip("events:Q", title="events as actor or target")])
             .project("equalEarth").properties(height=420))
    st.altair_chart(chart, width="stretch")
    st.caption("Colour: the number of events in this selection in which the country is the actor or the target. "
               "An event between two states counts once for each of them, so the countries add up to about twice "
               "the number of events.")
    off = counts.merge(names, on="code", how="left")
    drawable = set(names.loc[names["id"].isin(drawable_ids()), "code"])
    off = off[~off["code"].isin(drawable)].sort_values(["events", "code"], ascending=[False, True])
    for kind, title in (("state", "States too small for the map (or without a shape in it)"),
                        ("organisation", "Organisations (not on the map)"), (None, "Other codes")):
        part = off[off["kind"] == kind] if kind else off[off["kind"].isna()]
        if not part.empty:
            items = " · ".join(f"{html.escape(r['name'] if isinstance(r['name'], str) else r['code'])} "
                               f"({html.escape(r['code'])}) **{r['events']}**" for r in part.to_dict("records"))
            st.markdown(f"{title}: {items}")


def dyad_table(view: pd.DataFrame, known: list[str]) -> None:
    if view.empty:
        st.info("No events in this selection.")
        return
    counts = view.groupby(["actor_code", "target_code", "event_type"]).size().unstack(fill_value=0)
    present = [t for t in known if t in counts.columns]
    counts = counts[present]
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index().sort_values(["total", "actor_code", "target_code"], ascending=[False, True, True])
    top = counts.head(25)
    table = pd.DataFrame({"actor": top["actor_code"], "actor name": top["actor_code"].map(name_of),
                          "target": top["target_code"], "target name": top["target_code"].map(name_of)})
    for t in present:
        table[TYPE_LABELS.get(t, t)] = top[t]
    table["total"] = top["total"]
    st.table(table, hide_index=True)
    st.caption(f"All {len(counts)} actor → target pairs in this selection." if len(top) == len(counts) else
               f"The {len(top)} actor → target pairs with the most events, of {len(counts)} in this selection.")


if __name__ == "__main__":
    main()
