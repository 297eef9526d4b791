"""What the dashboard's parts share: read-only queries on the published file, each event type's
label and colour, and names for the actor codes (English and Arabic) and the world map's shapes."""
from __future__ import annotations

import gettext
import json
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


def _short_name(code: str) -> str:
    """"Kazakhstan" for KAZ; an organisation by its acronym (CSTO), as readers know it."""
    row = _names_by_code().get(code)
    return row["name"] if row and row["kind"] == "state" else code


def _text(value, missing: str = "") -> str:
    return missing if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
