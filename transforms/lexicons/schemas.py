"""Declared shape of every lexicon file, checked when the file is read.

One pydantic model per file and per nested entry, all with `extra="forbid"`: a key that no
model declares (a typo such as `nisbah`, or data nobody reads) stops the load with a
`LexiconError` naming the file and the key. The loaders keep their own checks of meaning
(known ISO codes, unique ids, compilable patterns); these models check structure.

Some keys are declared as *documented data*: kept in the files for people (and for later
rules) but not read by any loader today. Each says so in its `description`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Forms = list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# ------------------------------------------------------------------------------ actors

class Country(_Strict):
    code: str
    names: Forms
    nisba: Forms = []
    nisba_irregular: Forms = []
    capitals: Forms = []
    metonyms: Forms = []
    ambiguous: Forms = []


class CountriesFile(_Strict):
    countries: list[Country]
    ignore_phrases: Forms = []
    ambiguous: Forms = []


class Official(_Strict):
    id: str
    names: Forms


class Organisation(_Strict):
    code: str
    names: Forms
    abbreviations: Forms = []
    nisba: Forms = []
    officials: list[Official] = []


class OrganisationsFile(_Strict):
    organisations: list[Organisation]


class Term(_Strict):
    code: str
    role: str
    start: dt.date | None = Field(alias="from")
    end: dt.date | None = Field(alias="to")
    office: str | None = Field(None, description=(
        "documented data: the real office of an official coded under the nearest of the four "
        "roles (vice-president, national security adviser, envoy ...); not read yet, kept so "
        "that a later role set can use it without re-researching the entries"))


class NonStateSpan(_Strict):
    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(None, alias="to")


class OfficeHolder(_Strict):
    id: str
    names: Forms
    terms: list[Term]
    non_state: list[NonStateSpan] = Field([], description=(
        "stretches when the person acted for no state (a rebel leader between terms in office): "
        "then coded as nobody, not by the last term"))
    state_actor_before: bool = Field(True, description=(
        "false for people who acted for no state before their first listed term (an armed group's "
        "leader who later became head of state): before it they are coded as nobody"))


class OfficeHoldersFile(_Strict):
    office_holders: list[OfficeHolder]


class Place(_Strict):
    names: Forms
    code: str | None
    kind: Literal["city", "region", "base"] = Field(description=(
        "documented data: what the place is; not read yet (every place acts as a location of "
        "its state whatever its kind), kept for the dashboard and for base-specific rules"))


class PlacesFile(_Strict):
    places: list[Place]


class Role(_Strict):
    id: str
    official: bool = True
    forms: Forms


class FormList(_Strict):
    forms: Forms = []


class RolesFile(_Strict):
    roles: list[Role]
    private_persons: FormList = FormList()
    private_names: Forms = []
    place_nouns: FormList = FormList()
    ruler_titles: dict[str, list[str]] = {}
    ambiguous: Forms = Field([], description=(
        "documented data: role nouns that are also ordinary words (ممثل actor, شيخ elder, حكم "
        "referee); not read yet, because requiring a state after them changes results; the "
        "candidate list for that rule"))


# ------------------------------------------------------------------------------- dates

class Relative(_Strict):
    id: str
    forms: Forms
    unit: Literal["day", "week", "month", "year"]
    offset: int


class UnitForms(_Strict):
    singular: Forms
    plural: Forms
    dual: Forms


class Counted(_Strict):
    directions: dict[str, int]
    units: dict[Literal["day", "week", "month", "year"], UnitForms]
    numbers: dict[int, Forms]


class DirectionWords(_Strict):
    past: Forms
    future: Forms
    current: Forms


class Modifiers(_Strict):
    early: Forms
    mid: Forms
    late: Forms


class Season(_Strict):
    forms: Forms
    months: list[int]


class DatesFile(_Strict):
    months: dict[int, Forms]
    hijri_months: dict[int, Forms]
    weekdays: dict[int, Forms]
    ordinals: dict[int, Forms]
    relative: list[Relative]
    counted: Counted
    direction_words: DirectionWords
    times_of_day: Forms
    within_hours: Forms
    year_prepositions: Forms
    onset_nouns: Forms
    past_event_verbs: Forms
    not_today_after: Forms
    not_today_before: Forms
    year_cues: Forms
    since_words: Forms
    future_markers: Forms
    future_verbs: Forms
    reporting_verbs: Forms
    complementisers: Forms
    relative_pronouns: Forms
    modifiers: Modifiers
    decades: dict[int, Forms]
    century_words: Forms
    seasons: dict[str, Season]
    present: Forms
    not_present_after: Forms
    set_cues: Forms
    bare_weekdays: dict[int, Forms]
    anchor_links: Forms
    anchored_days: Forms
    day_after_words: Forms
    day_before_words: Forms
    count_nouns: Forms
    name_heads: Forms
    past_stretch_words: Forms
    anchoring_words: Forms
    during_words: Forms
    month_cues: Forms
    not_future_stems: Forms
    not_future_words: Forms = []
    stay_nouns: Forms = []
    stay_end_words: Forms = []
    speech_acts: Forms = []
    future_stretch_words: Forms = []
    duration_words: Forms = []
    encounter_words: Forms = []
    coincidence_words: Forms = []
    anaphoric_openers: Forms = []
    visit_anaphors: Forms = []
    dated_anaphors: Forms = []


class NamedDate(_Strict):
    id: str
    forms: Forms = Field(description="documented data: the written forms; matching is by day, month and head noun")
    date: dt.date
    heads: Forms


class NamedDatesFile(_Strict):
    named_dates: list[NamedDate]


# ------------------------------------------------------------------------------ events

class EventRule(_Strict):
    id: str
    event_type: str
    trigger: str
    frame: str
    cameo: str
    cameo_planned: str
    plover: str
    plover_mode: str
    note: str = ""
    object: bool | None = None
    target_preps: Forms | None = None
    target_within: int | None = None
    scope: Literal["sentence", "title"] | None = None
    requires: Forms | None = None
    requires_within: int | None = None
    requires_before: int | None = None
    phase: str | None = None


class EventPatternsFile(_Strict):
    rules: list[EventRule]
    terms: dict[str, str]
    organisation_seats: dict[str, Forms] = {}
    arms_exporters: Forms
    cues: dict[str, str]
    phase_cues: dict[str, str] = {}


# ----------------------------------------------------------------------------- grammar

class GrammarFile(_Strict):
    prepositions: Forms
    location_prepositions: Forms
    not_a_host: Forms
    antecedent_relatives: Forms
    value_scales: Forms
    value_currencies: Forms
    troop_nouns: Forms
    state_words: Forms
    not_a_modifier: Forms
    kinship_nouns: Forms
    aide_nouns: Forms
    backing_words: Forms
    private_forces: Forms
    nisba_suffixes: Forms
    coordinators: Forms
    clause_openers: Forms
    occupied_markers: Forms
    mission_nouns: Forms
    its_territory: Forms
    temporal_subordinators: Forms
    causal_subordinators: Forms
    appointment_nouns: Forms
    auspices_words: Forms
    incident_nouns: Forms
    concluded_participles: Forms
    count_ordinals: Forms
    attending_words: Forms
    plan_clause_openers: Forms
    support_words: Forms
    object_relatives: Forms
    deal_partner_prepositions: Forms
    anaphors: Forms
    not_an_anaphor_after: Forms
    host_anaphor_visit_words: Forms
    host_anaphor_between: Forms
    host_anaphor_forms: Forms
    surname_particles: Forms
    not_a_short_name: Forms
    conjunction_typos: Forms = []
    kingdoms: Forms = []
    family_name_first_states: Forms
    expel_words: Forms
    area_nouns: Forms
    meeting_joiners: Forms
    occasion_nouns: Forms
    meeting_words: Forms
    back_references: Forms
    visit_carriers: Forms
    other_occasion_words: Forms
    several_trips_words: Forms = []
    institution_nouns: Forms = []
    vehicle_nouns: Forms
    meeting_name_nouns: Forms = []
    topic_nouns: Forms = []
    resident_titles: Forms
    media_nouns: Forms = []


SCHEMAS: dict[str, type[BaseModel]] = {
    "countries": CountriesFile, "organisations": OrganisationsFile, "office_holders": OfficeHoldersFile,
    "places": PlacesFile, "roles": RolesFile, "dates": DatesFile, "named_dates": NamedDatesFile,
    "event_patterns": EventPatternsFile, "grammar": GrammarFile,
}


def schema_problems(name: str, data: Any) -> list[str]:
    """What is wrong with the structure of lexicon file `name` (empty when it fits its schema
    or has none), one line per problem, an unknown key named as such.

    >>> schema_problems("roles", {"roles": [], "ambigous": ["شيخ"]})
    ["ambigous: unknown key 'ambigous'"]
    """
    model = SCHEMAS.get(name)
    if model is None:
        return []
    try:
        model.model_validate(data)
    except ValidationError as exc:
        out = []
        for err in exc.errors():
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
            if err["type"] == "extra_forbidden":
                out.append(f"{where}: unknown key {err['loc'][-1]!r}")
            else:
                out.append(f"{where}: {err['msg']}")
        return out
    return []
