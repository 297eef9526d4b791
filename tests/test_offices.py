"""The office a visit's traveller holds (transforms/offices.py): by name on a day, by title, or
vague; and which offices can be one traveller."""
import datetime as dt

import pytest

from waqai.transforms.offices import offices_agree, traveller_office

D = dt.date


@pytest.mark.parametrize("actor_text, person, day, office", [
    ("وزير الري والكهرباء الإثيوبي", None, D(2018, 6, 9), {"other_minister"}),
    ("الوزير المصري", None, D(2018, 4, 4), {"minister"}),
    ("وزير الخارجية المصري", None, D(2018, 4, 4), {"foreign_minister"}),
    ("رئيس الوزراء الإثيوبي أبي أحمد علي", "abiy_ahmed", D(2018, 6, 9), {"head_of_government"}),
    ("مدير المخابرات المصرية", None, D(2018, 3, 10), {"security_official"}),
    ("جنرال روسي", None, D(2018, 7, 27), {"military_official"}),
    ("ألكسندر لافرينتييف", "alexander_lavrentiev", D(2018, 7, 27), {"diplomat"}),
    ("أمير قطر", None, D(2018, 4, 6), {"head_of_state"}),
    # one of many princes, not the ruler; a delegation, an official: anyone
    ("الأمير السعودي", None, D(2018, 3, 20), set()),
    ("وفد", None, D(2018, 3, 20), set()),
    ("مسؤول أمريكي", None, D(2018, 3, 20), set()),
    # on a day, the office held that day; told undated, any office he held (the trip may
    # predate his current one: the CIA director's Easter trip told once he led the State Department)
    ("مايك بومبيو", "mike_pompeo", D(2018, 6, 1), {"foreign_minister"}),
    ("مايك بومبيو", "mike_pompeo", None, {"foreign_minister", "security_official"}),
])
def test_the_travellers_office(actor_text, person, day, office):
    assert traveller_office(actor_text, person, day) == office


@pytest.mark.parametrize("a, b, agree", [
    ({"minister"}, {"foreign_minister"}, True),        # "الوزير" may be the foreign minister
    ({"other_minister"}, {"foreign_minister"}, False),  # the water minister is not
    ({"other_minister"}, {"head_of_government"}, False),
    ({"security_official"}, {"foreign_minister"}, False),
    (set(), {"head_of_state"}, True),                   # unknown: anyone
    ({"defence_minister", "crown_prince"}, {"crown_prince"}, True),
])
def test_which_offices_can_be_one_traveller(a, b, agree):
    assert offices_agree(frozenset(a), frozenset(b)) is agree
