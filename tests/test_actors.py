"""Actor recognition as a specification: surface forms and the codes they must resolve to."""
import datetime as dt

import pytest

from waqai.transforms.actors import find_actors, load_actor_lexicon
from waqai.transforms.normalize import normalize

D2015, D2023 = dt.date(2015, 11, 20), dt.date(2023, 11, 4)

CASES = [
    # (text, published, expected [(code, kind)], what it shows)
    ("زار كازاخستان وقازاخستان وكازخستان", D2023, [("KAZ", "country")] * 3, "spelling variants"),
    ("وبفرنسا وللصين وبالجزائر", D2023, [("FRA", "country"), ("CHN", "country"), ("DZA", "country")], "clitics و ب ل ال"),
    ("الجيش الفرنسي والقوات الفرنسية والمسؤولون الفرنسيون والخبراء الفرنسيين", D2023, [("FRA", "nisba")] * 4, "nisba in all forms"),
    ("وصل إلى أستانا ثم أستانة", D2023, [("KAZ", "capital")] * 2, "capital and its variant"),
    ("أعلن الإليزيه وقال الكرملين وأكد البيت الأبيض", D2023, [("FRA", "metonym"), ("RUS", "metonym"), ("USA", "metonym")], "seats of government"),
    ("قوات منظمة معاهدة الأمن الجماعي وحلف شمال الأطلسي والناتو", D2023, [("CSTO", "org"), ("NATO", "org"), ("NATO", "org")], "organisations"),
    ("ومن المقرر أن يزور رئيس الوزراء المجري أستانا", D2023, [("HUN", "role+nisba"), ("KAZ", "capital")], "role noun resolves through the nisba"),
    ("رئيس كازاخستان قاسم جومارت توكاييف", D2023, [("KAZ", "role+country")], "role + state + name is one agent"),
    ("قالت وكالة الصحافة الفرنسية", D2023, [], "an agency is not the state"),
    ("قال بوتين وأردوغان", D2023, [("RUS", "person"), ("TUR", "person")], "leaders stand for their state"),
    ("الأزمة المالية في مالي", D2023, [], "مالي alone is ambiguous (financial)"),
    ("وزارت دولة مالي", D2023, [("MLI", "country")], "مالي after دولة is the state"),
    ("العاصمة الهندية", D2023, [("IND", "place+nisba")], "a place noun with a nisba"),
    ("زِيارة الرَّئيسِ الفِرَنسيِّ", D2023, [("FRA", "role+nisba")], "diacritics do not defeat matching"),
]


@pytest.mark.parametrize("text, published, expected, why", CASES, ids=[c[3] for c in CASES])
def test_actor_codes(text, published, expected, why):
    got = [(a.code, a.kind) for a in find_actors(normalize(text).text, published) if a.code]
    assert got == expected


def test_the_french_president_is_hollande_in_2015_and_macron_in_2023():
    def person(d):
        (a,) = find_actors(normalize("قال الرئيس الفرنسي").text, d)
        return a.person
    assert (person(D2015), person(D2023)) == ("francois_hollande", "emmanuel_macron")


def test_a_name_resolves_to_the_state_it_represented_on_the_publication_date():
    (a,) = find_actors(normalize("قال هولاند").text, D2015)
    assert (a.code, a.person) == ("FRA", "francois_hollande")


def test_every_un_member_state_is_in_the_lexicon():
    import pycountry

    lex = load_actor_lexicon()
    codes = {e.code for bucket in lex.entries.values() for e in bucket if e.kind == "country"}
    missing = {c.alpha_3 for c in pycountry.countries} - codes
    # ISO also lists territories (Greenland, Aruba, ...); the 193 UN members must all be there.
    un_members_missing = missing - TERRITORIES
    assert not un_members_missing


TERRITORIES = {
    "ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK", "CUW", "CXR", "CYM", "ESH",
    "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM", "HKG", "HMD", "IMN", "IOT", "JEY", "MAC", "MAF", "MNP",
    "MSR", "MTQ", "MYT", "NCL", "NFK", "NIU", "PCN", "PRI", "PYF", "REU", "SGS", "SHN", "SJM", "SPM", "SXM", "TCA",
    "TKL", "UMI", "VGB", "VIR", "WLF",
}
