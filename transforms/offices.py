"""The office a visit's traveller holds, so that merging keeps two officials' trips apart.

Reports of one trip name its traveller by name ("أبي أحمد"), by title ("رئيس الوزراء الإثيوبي")
or not at all. Two reports whose travellers hold different offices of one state (the water
minister who arrived ahead of his prime minister, an intelligence chief and the foreign
minister a month later, an envoy and an unnamed general) tell of two trips, even when neither
is named. Offices are grouped into classes; unknown or vague ones (an official, a delegation,
a spokesman) agree with every class.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from waqai.transforms.actors import bears_ruler_title, find_actors, person_terms
from waqai.transforms.normalize import normalize_form

# roles.yaml role ids and office_holders.yaml offices -> the class compared; absent: agrees with all
_CLASS = {
    "head_of_state": "head_of_state", "head_of_government": "head_of_government",
    "vice_president": "vice_president", "first_vice_president": "vice_president",
    "crown_prince": "crown_prince", "speaker_of_parliament": "speaker_of_parliament",
    "parliamentarian": "parliamentarian",
    "foreign_minister": "foreign_minister", "defence_minister": "defence_minister",
    "interior_minister": "interior_minister", "treasury_secretary": "other_minister",
    "minister_of_state": "other_minister", "minister_of_state_gulf_affairs": "other_minister",
    "security_official": "security_official", "intelligence_chief": "security_official",
    "national_security_adviser": "security_official", "snsc_secretary": "security_official",
    "military_official": "military_official", "chief_of_general_staff": "military_official",
    "chairman_joint_chiefs": "military_official", "centcom_commander": "military_official",
    "quds_force_commander": "military_official",
    "diplomat": "diplomat", "envoy": "diplomat", "envoy_to_syria": "diplomat", "un_ambassador": "diplomat",
    "ambassador_to_israel": "diplomat",
}
_MINISTERS = frozenset(("minister", "foreign_minister", "defence_minister", "interior_minister", "other_minister"))


def _person_office(person: str, day: dt.date | None) -> frozenset[str]:
    terms = person_terms().get(person, ())
    on = [t for t in terms if day is None or (t.start <= day and (t.end is None or day <= t.end))]
    classes = {_CLASS.get(t.office or t.role) for t in on}
    # (one of his offices unknown: he agrees with all)
    return frozenset() if None in classes else frozenset(classes)


@lru_cache(maxsize=4096)
def _title_office(actor_text: str) -> frozenset[str]:
    text = normalize_form(actor_text)
    roles = [a for a in find_actors(text, None) if a.kind.startswith("role")]
    if not roles:
        return frozenset()
    role = roles[0].entity
    if role == "head_of_state" and not bears_ruler_title(roles[0]):
        return frozenset()  # "الأمير السعودي": one of many princes, not the ruler
    if role == "minister":
        # "الوزير الإثيوبي" may be any minister; "وزير الري والكهرباء الإثيوبي" is another one
        return frozenset(("other_minister" if len(roles[0].text.split()) > 2 else "minister",))
    return frozenset((_CLASS[role],)) if role in _CLASS else frozenset()


def traveller_office(actor_text: str | None, actor_person: str | None, day: dt.date | None) -> frozenset[str]:
    """The office classes of a mention's traveller (several for one holding several offices at
    once); empty when unknown or vague."""
    if actor_person:
        return _person_office(actor_person, day)
    return _title_office(actor_text) if actor_text else frozenset()


def _agree(a: str, b: str) -> bool:
    return a == b or ("minister" in (a, b) and a in _MINISTERS and b in _MINISTERS)


def offices_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether travellers of these offices can be one person ("الوزير" is any minister)."""
    return not a or not b or any(_agree(x, y) for x in a for y in b)
