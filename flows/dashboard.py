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
import html
import json
import os
import unicodedata
from pathlib import Path

import altair as alt
import pandas as pd
import pycountry
import streamlit as st

STATIC = Path(__file__).resolve().parent / "static"
# Every event type the rules can produce, in display order. Each keeps its colour whatever
# the data holds, so a chart means the same in every warehouse and every filter.
TYPES = {"visit": "visits — زيارات", "arms_deal": "arms deals — صفقات أسلحة",
         "military_deployment": "deployments — انتشار عسكري",
         "military_withdrawal": "withdrawals — انسحاب عسكري"}
TYPE_LABELS = {"visit": "visit", "arms_deal": "arms deal", "military_deployment": "deployment",
               "military_withdrawal": "withdrawal"}
TYPE_COLOURS = {"visit": "#4c78a8", "arms_deal": "#e45756", "military_deployment": "#54a24b",
                "military_withdrawal": "#b279a2"}
METRICS = {"visit": "Visits", "arms_deal": "Arms deals", "military_deployment": "Deployments",
           "military_withdrawal": "Withdrawals"}
OTHER_COLOUR = "#9d9d9d"
# The lexicon holds organisations by their Arabic names only; these are for English readers.
ORGANISATIONS_EN = {
    "UN": "United Nations", "NATO": "NATO", "EU": "European Union", "COE": "Council of Europe",
    "AU": "African Union", "ARL": "Arab League", "GCC": "Gulf Cooperation Council",
    "AMU": "Arab Maghreb Union", "CSTO": "Collective Security Treaty Organization",
    "SCO": "Shanghai Cooperation Organisation", "CIS": "Commonwealth of Independent States",
    "EAEU": "Eurasian Economic Union", "OTS": "Organization of Turkic States",
    "OIC": "Organisation of Islamic Cooperation", "OSCE": "OSCE", "ASEAN": "ASEAN", "ECOWAS": "ECOWAS",
    "IGAD": "IGAD", "OAS": "Organization of American States", "IAEA": "IAEA", "OPCW": "OPCW",
    "ICC": "International Criminal Court", "IMF": "IMF", "WB": "World Bank", "WTO": "WTO", "OPEC": "OPEC",
    "INTERPOL": "Interpol", "ICRC": "Red Cross (ICRC)",
}
# pycountry's formal names where a reader expects the short one.
SHORT_NAMES = {"RUS": "Russia", "PSE": "Palestine", "VAT": "Holy See", "COD": "DR Congo", "COG": "Congo",
               "XKX": "Kosovo", "TUR": "Türkiye", "GBR": "United Kingdom", "USA": "United States"}
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


@st.cache_data(show_spinner=False)
def query(path: str, version: float, sql: str, params: tuple = ()) -> pd.DataFrame:
    """Run read-only SQL on the published file; `version` (its mtime) keys the cache."""
    from waqai.flows.warehouse import connect_readonly  # no files, no ATTACH, settings locked
    con = connect_readonly(path)
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
def drawable_ids() -> frozenset:
    return frozenset(g.get("id") for g in world()["objects"]["countries"]["geometries"] if g.get("id"))


@st.cache_data(show_spinner=False)
def actor_names() -> pd.DataFrame:
    """One row per code an event can carry: English name, Arabic name, ISO numeric id (the
    map's key; none for organisations and Kosovo) and kind (state / organisation)."""
    from waqai.transforms.lexicons import read_yaml

    arabic = {c["code"]: c["names"][0] for c in read_yaml("ar", "countries")["countries"]}
    orgs = {o["code"]: o["names"][0] for o in read_yaml("ar", "organisations")["organisations"]}
    try:
        iso_ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"]).gettext
    except OSError:
        iso_ar = str
    rows = [{"code": c.alpha_3, "id": c.numeric, "kind": "state",
             "name": SHORT_NAMES.get(c.alpha_3) or getattr(c, "common_name", c.name),
             "name_ar": arabic.get(c.alpha_3) or iso_ar(c.name)} for c in pycountry.countries]
    rows.append({"code": "XKX", "id": None, "kind": "state", "name": "Kosovo", "name_ar": arabic.get("XKX", "")})
    rows += [{"code": code, "id": None, "kind": "organisation", "name": ORGANISATIONS_EN.get(code, code),
              "name_ar": name_ar} for code, name_ar in orgs.items()]
    return pd.DataFrame(rows)


@st.cache_data(show_spinner=False)
def _names_by_code() -> dict:
    return actor_names().set_index("code").to_dict("index")


def name_of(code: str) -> str:
    """"France · فرنسا" for FRA; the bare code when it is unknown."""
    row = _names_by_code().get(code)
    if row is None:
        return code
    return f"{row['name']} · {row['name_ar']}" if row["name_ar"] else row["name"]


def type_scale(present: list[str]) -> alt.Scale:
    extra = [t for t in present if t not in TYPE_COLOURS]
    return alt.Scale(domain=[TYPE_LABELS.get(t, t) for t in [*TYPE_COLOURS, *extra]],
                     range=[*TYPE_COLOURS.values(), *[OTHER_COLOUR] * len(extra)])


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


SPELL_STATUSES = ["ended", "ongoing", "announced"]
# Precision of a spell's boundary, as a reader says it: a 'reported' date is a publication date.
PRECISION_WORDS = {"day": "", "week": "that week", "month": "that month", "year": "that year",
                   "reported": "reported then: no later"}
SPELLS_SHOWN = 40


def _short_name(code: str) -> str:
    """"Kazakhstan" for KAZ; an organisation by its acronym (CSTO), as readers know it."""
    row = _names_by_code().get(code)
    return row["name"] if row and row["kind"] == "state" else code


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


def _in_word(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


def _marked(sentence: str, spans: list[tuple[int, int, str]]) -> str:
    """The sentence as HTML with the trigger, actor, target and date marked (overlaps dropped).
    Marks cover whole words: a mark that starts after a clitic (لـلسعودية) would break the
    letters' joining."""
    whole = []
    for start, end, kind in spans:
        if 0 <= start < end <= len(sentence):
            while start > 0 and _in_word(sentence[start - 1]):
                start -= 1
            while end < len(sentence) and _in_word(sentence[end]):
                end += 1
            whole.append((start, end, kind))
    out, at = [], 0
    for start, end, kind in sorted(whole):
        if start < at:
            continue
        out += [html.escape(sentence[at:start]), f'<mark class="{kind}">{html.escape(sentence[start:end])}</mark>']
        at = end
    out.append(html.escape(sentence[at:]))
    return "".join(out)


def _text(value, missing: str = "") -> str:
    return missing if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def drill_down(view: pd.DataFrame, q) -> None:
    if view.empty:
        st.info("No events in this selection.")
        return
    ranked = view.sort_values(["n_documents", "n_mentions", "event_id"], ascending=[False, False, True])
    labels = {r["event_id"]: f"{TYPE_LABELS.get(r['event_type'], r['event_type'])} · {r['actor_code']} → "
                             f"{r['target_code']} · {_text(r['date_value'], 'undated')} "
                             f"({r['n_mentions']} mentions, {r['n_documents']} documents)"
              for r in ranked.to_dict("records")}
    chosen = st.selectbox("Event (most reported first)", list(labels), format_func=labels.get)
    event = ranked.set_index("event_id").loc[chosen]
    st.markdown(f"**{name_of(event['actor_code'])}** → **{name_of(event['target_code'])}** · "
                f"{TYPE_LABELS.get(event['event_type'], event['event_type'])} · "
                f"{_text(event['date_value'], 'undated')} · {event['status']} · `{chosen}`")
    mentions = q("""select em.published, em.source, em.date_value, em.date_text, em.status, em.rule_id, em.sentence,
                           em.trigger_start - m.sentence_start as trigger_at, em.trigger_end - m.sentence_start as trigger_to,
                           em.actor_start - m.sentence_start as actor_at, em.actor_end - m.sentence_start as actor_to,
                           em.target_start - m.sentence_start as target_at, em.target_end - m.sentence_start as target_to,
                           em.date_start - m.sentence_start as date_at, em.date_end - m.sentence_start as date_to
                    from event_mentions em join mentions m using (mention_id)
                    where em.event_id = ? order by em.published, em.sentence_index""", chosen)
    cards = []
    for r in mentions.to_dict("records"):
        spans = [(int(r[f"{k}_at"]), int(r[f"{k}_to"]), k) for k in ("trigger", "actor", "target", "date")
                 if not pd.isna(r[f"{k}_at"]) and not pd.isna(r[f"{k}_to"])]
        date = _text(r["date_value"], "undated") + (f" ({_text(r['date_text'])})" if _text(r["date_text"]) else "")
        meta = " · ".join(html.escape(x) for x in (
            f"published {_text(r['published'], 'undated')}", _text(r["source"], "unknown source"),
            f"event date {date}", _text(r["status"]), f"rule {_text(r['rule_id'])}"))
        cards.append(f'<div class="waqai-mention"><div class="waqai-meta">{meta}</div>'
                     f'<div class="waqai-sentence" dir="rtl" lang="ar">{_marked(r["sentence"], spans)}</div></div>')
    st.html("".join(cards) or "<p>No asserted mentions.</p>")
    st.caption("Marked: trigger (yellow), actor (blue), target (green), date (pink).")
    sources = q("""select source_uri, title, published, source, url, n_mentions from event_documents
                   where event_id = ? order by published, source_uri""", chosen)
    items = []
    for r in sources.to_dict("records"):
        link = _text(r["url"])
        where = (f'<a href="{html.escape(link)}" target="_blank" rel="noopener">{html.escape(link)}</a>' if link.startswith(("http://", "https://"))
                 else f"<code>{html.escape(_text(r['source_uri']))}</code>")
        items.append(f'<li><span dir="auto">{html.escape(_text(r["title"], "(no title)"))}</span> · '
                     f'{html.escape(_text(r["published"], "undated"))} · {html.escape(_text(r["source"], "unknown source"))} · '
                     f'{where} · {r["n_mentions"]} mention{"s" if r["n_mentions"] != 1 else ""}</li>')
    st.markdown("**Sources**")
    st.html(f'<ul class="waqai-sources">{"".join(items)}</ul>')


if __name__ == "__main__":
    main()
