"""The dashboard's deployment spells chart: the view deployment_spells as one bar per spell."""
from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from waqai.flows.dashboard_data import TYPE_COLOURS, _short_name, _text, name_of

SPELL_STATUSES = ["ended", "ongoing", "announced"]
# Precision of a spell's boundary, as a reader says it: a 'reported' date is a publication date.
PRECISION_WORDS = {"day": "", "week": "that week", "month": "that month", "year": "that year",
                   "reported": "reported then: no later"}
SPELLS_SHOWN = 40


def _bound(day, precision) -> str:
    if day is None or pd.isna(day):
        return ""
    shown = {"month": "%Y-%m", "year": "%Y"}.get(_text(precision), "%Y-%m-%d")
    words = PRECISION_WORDS.get(_text(precision), _text(precision))
    return f"{pd.Timestamp(day):{shown}}" + (f" ({words})" if words else "")


def spells(q, actors: list[str], targets: list[str], period) -> None:
    """The view deployment_spells as bars, one row per actor → host pair."""
    if q("select count(*) as n from duckdb_views() where view_name = 'deployment_spells'")["n"][0] == 0:
        st.info("This warehouse has no deployment_spells view yet: run `waqai run` once with this version.")
        return
    data = q("select * from deployment_spells")
    data = data.assign(started_on=pd.to_datetime(data["started_on"]), ended_on=pd.to_datetime(data["ended_on"]))
    # A member's contingent in a mission rarely has its own withdrawal report: it left with the
    # mission, so an open one is drawn to the mission's end instead of on to the newest report.
    missions = data[data["ended_on"].notna()].groupby(["actor_code", "target_code"])["ended_on"].max()
    data["mission_end"] = [missions.get((m, t)) if _text(m) and s == "ongoing" and pd.isna(e) else None
                           for m, t, s, e in zip(data["mission_code"], data["target_code"], data["status"],
                                                 data["ended_on"], strict=True)]
    data["mission_end"] = pd.to_datetime(data["mission_end"])
    data["drawn"] = data["status"].where(data["mission_end"].isna(), "ended")
    # Ongoing and announced spells run to the newest report in the warehouse: that is as far as
    # the data can say they lasted.
    as_of = q("select max(published) as d from documents where published <= current_date")["d"][0]
    as_of = pd.Timestamp(dt.date.today() if as_of is None or pd.isna(as_of) else as_of)
    if actors:
        data = data[data["actor_code"].isin(actors)]
    if targets:
        data = data[data["target_code"].isin(targets)]
    data["drawn_to"] = data["ended_on"].fillna(data["mission_end"]).fillna(as_of)
    if period is not None:
        since, until = pd.Timestamp(period[0]), pd.Timestamp(period[1])
        data = data[(data["started_on"].fillna(data["drawn_to"]) <= until) & (data["drawn_to"] >= since)]
    undrawn = int(data["started_on"].isna().sum())
    data = data[data["started_on"].notna()]
    if data.empty:
        st.info("No deployment spell with a start date in this selection."
                + (f" {undrawn} spell{'s' if undrawn != 1 else ''} without one." if undrawn else ""))
        return
    total = len(data)
    data = data.sort_values(["n_documents", "started_on"], ascending=[False, True]).head(SPELLS_SHOWN)
    # A one-day spell still gets a visible day's width.
    data["drawn_to"] = data[["drawn_to", "started_on"]].max(axis=1) + pd.Timedelta(days=1)
    data["pair"] = data["actor_code"].map(_short_name) + " → " + data["target_code"].map(_short_name)
    data["codes"] = data["actor_code"] + " → " + data["target_code"]
    data["names"] = data["actor_code"].map(name_of) + " → " + data["target_code"].map(name_of)
    data["started"] = [_bound(d, p) for d, p in zip(data["started_on"], data["started_precision"], strict=True)]
    data["ended"] = [_bound(d, p) or (f"with the {m} mission, {me:%Y-%m-%d} (no own withdrawal reported)"
                                      if not pd.isna(me) else f"not yet (drawn to {as_of:%Y-%m-%d})")
                     for d, p, m, me in zip(data["ended_on"], data["ended_precision"], data["mission_code"],
                                            data["mission_end"], strict=True)]
    data["troops_stated"] = [f"{int(t):,}" if not pd.isna(t) else "not stated" for t in data["troops"]]
    data["mission"] = [f"part of the {m} mission" if _text(m) else "—" for m in data["mission_code"]]
    order = data.groupby("pair")["started_on"].min().sort_values().index.tolist()
    columns = ["pair", "codes", "names", "status", "drawn", "started_on", "drawn_to", "started", "ended", "troops_stated",
               "n_documents", "mission"]
    green = TYPE_COLOURS["military_deployment"]
    y = alt.Y("pair:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X("started_on:T", title=None, scale=alt.Scale(padding=12))
    bars = (alt.Chart(data[columns]).mark_bar(clip=True, stroke=green, strokeWidth=1.2, height=14)
            .encode(x=x, x2="drawn_to:T", y=y,
                    color=alt.Color("drawn:N", title="spell", scale=alt.Scale(
                        domain=SPELL_STATUSES, range=[green, "#a9d3a3", "#ffffff"])),
                    strokeDash=alt.StrokeDash("drawn:N", title="spell", scale=alt.Scale(
                        domain=SPELL_STATUSES, range=[[1, 0], [1, 0], [4, 3]])),
                    tooltip=[alt.Tooltip("names:N", title="spell"), alt.Tooltip("codes:N", title="codes"),
                             "status:N", alt.Tooltip("started:N", title="started"),
                             alt.Tooltip("ended:N", title="ended"), alt.Tooltip("troops_stated:N", title="troops"),
                             alt.Tooltip("n_documents:Q", title="documents"), alt.Tooltip("mission:N", title="mission")]))
    # The open end: a spell still running points on past the newest report.
    open_ends = (alt.Chart(data[data["drawn"] != "ended"][columns]).mark_point(
                     shape="triangle-right", size=70, filled=True, color=green, clip=True)
                 .encode(x=alt.X("drawn_to:T"), y=y, tooltip=[alt.Tooltip("names:N", title="spell"), "status:N"]))
    chart = (alt.layer(bars, open_ends)
             .add_params(alt.selection_interval(bind="scales", encodings=["x"]))
             .properties(height=alt.Step(30)))
    st.altair_chart(chart, width="stretch")
    notes = ["A spell is one continuous deployment of an actor's forces in a host country, from its first "
             "deployment report (decided or arriving) to the withdrawal that ends it, gathered across articles "
             "(the view deployment_spells). Solid: ended; light with an arrow: still ongoing at the newest report "
             f"({as_of:%Y-%m-%d}); dashed outline: announced, no arrival reported yet. A member's contingent in a "
             "mission without its own withdrawal report ends with the mission. Actor, target and date filters "
             "apply; the type filter does not."]
    if total > len(data):
        notes.append(f"The {len(data)} spells with the most documents are drawn, of {total}.")
    if undrawn:
        notes.append(f"Not drawn: {undrawn} spell{'s' if undrawn != 1 else ''} without a start date "
                     "(only a withdrawal is known).")
    st.caption(" ".join(notes))
