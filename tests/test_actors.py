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
    ("العاصمة السعودية", D2023, [("SAU", "place+nisba")], "a place noun with a state named like a nisba"),
    ("زِيارة الرَّئيسِ الفِرَنسيِّ", D2023, [("FRA", "role+nisba")], "diacritics do not defeat matching"),
    ("وكسرت القوات الحصار ووصلت إلى سرت", D2023, [("LBY", "place")], "a word of its own (كسرت, broke) is not ك + a place"),
    ("دول كالسعودية", D2023, [("SAU", "country")], "ك (like) before a state still names it"),
    ("وصل الأمير تركي بن سعود", D2023, [], "a nisba before a patronymic is a given name"),
    ("انتشرت القوات في الشرق، ببنما أقامت بريطانيا قاعدة", D2023, [("GBR", "country")], "بينما misspelt opening a clause is no Panama"),
    ("احتجزت السلطات ببنما سفينة", D2023, [("PAN", "country")], "after a noun ببنما is in Panama"),
    ("جولة شملت عمان ودمشق", D2023, [("JOR", "capital"), ("SYR", "capital")], "عمان among capitals is Amman"),
    ("جولة شملت قطر وعمان", D2023, [("QAT", "country"), ("OMN", "country")], "عمان among states is Oman"),
    ("قال بارنييه في لندن", dt.date(2018, 3, 19), [("EU", "person"), ("GBR", "capital")], "a term may be an organisation's office"),
    ("قال بارنييه في لندن", dt.date(2024, 10, 1), [("FRA", "person"), ("GBR", "capital")], "the same person later in a state's office"),
]


@pytest.mark.parametrize("text, published, expected, why", CASES, ids=[c[3] for c in CASES])
def test_actor_codes(text, published, expected, why):
    got = [(a.code, a.kind) for a in find_actors(normalize(text).text, published) if a.code]
    assert got == expected


D2018 = dt.date(2018, 5, 1)

# People and officials as 2017-2018 news name them: (text, expected [(code, kind)], what it shows).
PEOPLE = [
    ("التقى كيم جونغ أون", [("PRK", "person")], "Kim Jong Un, full name"),
    ("قال كيم إن بلاده", [("PRK", "person")], "Kim alone is Kim Jong Un in this period"),
    ("وصل الزعيم الكوري الشمالي", [("PRK", "role+nisba")], "زعيم + a two-word nisba with two articles"),
    ("المسؤولون الكوريون الجنوبيون", [("KOR", "nisba")], "the plural two-word nisba"),
    ("صرح الرئيس مون", [("KOR", "person")], "Moon Jae-in by title and surname"),
    ("استقبل الحريري", [("LBN", "person")], "الحريري alone is Saad Hariri"),
    ("ذكرى اغتيال رفيق الحريري", [("LBN", "person")], "his father by full name is another person"),
    ("قال هايكو ماس", [("DEU", "person")], "Heiko Maas with his first name"),
    ("قالت نيكي هيلي", [("USA", "person")], "the US ambassador to the UN acts for the USA"),
    ("أكد جون بولتون", [("USA", "person")], "a national security adviser acts for the USA"),
    ("وصل مارتن غريفيث إلى صنعاء", [("UN", "org"), ("YEM", "capital")], "the UN envoy for Yemen stands for the UN"),
    ("قالت موغيريني", [("EU", "org")], "the EU foreign-policy chief is the EU, not Italy"),
    ("الأمين العام أنطونيو غوتيريش", [("UN", "role+org")], "the UN Secretary-General"),
    ("مفتشون من منظمة حظر الأسلحة الكيمائية", [("OPCW", "org")], "الكيمائية spelling of the OPCW"),
    ("زار الأمير ويليام", [("GBR", "person")], "a royal by title and first name"),
    ("الأمير محمد بن سلمان", [("SAU", "person")], "a crown prince by title"),
    ("الشيخ محمد بن زايد", [("ARE", "person")], "a Gulf ruler by title"),
    ("رئيس الوزراء الإسباني بيدرو سانشيز", [("ESP", "role+nisba")], "role, nisba and name are one agent"),
    ("قال ترودو", [("CAN", "person")], "a distinctive surname alone"),
    ("أبو الغيط", [("ARL", "org")], "the Arab League secretary-general"),
]

# Ordinary words and other people that must not be read as an office holder.
NOT_ACTORS = [
    ("اشترت خاتما من الماس", "الماس is the gem, not Heiko Maas"),
    ("سجل سانشيز هدفا", "سانشيز alone: a footballer as often as a prime minister"),
    ("لولا تدخل الجيش", "لولا is a particle, not Lula"),
    ("رجل غني جدا", "غني is 'rich', not Ashraf Ghani"),
    ("محرك بخاري", "بخاري is 'steam', not Buhari"),
    ("قال تامر حسني", "تامر is a given name, not Michel Temer"),
    ("كان ودودا معهم", "ودودا 'friendly' is not و + Duda"),
    ("فوزي كمون", "كمون is not ك + Moon"),
]


@pytest.mark.parametrize("text, expected, why", PEOPLE, ids=[c[2] for c in PEOPLE])
def test_people_resolve_to_the_state_or_organisation_they_act_for(text, expected, why):
    got = [(a.code, a.kind) for a in find_actors(normalize(text).text, D2018) if a.code]
    assert got == expected


@pytest.mark.parametrize("text, why", NOT_ACTORS, ids=[c[1] for c in NOT_ACTORS])
def test_common_words_are_not_people(text, why):
    assert [a.text for a in find_actors(normalize(text).text, D2018) if a.person] == []


def test_kim_jong_un_is_the_north_korean_leader_a_title_refers_to():
    (a,) = find_actors(normalize("الزعيم الكوري الشمالي").text, D2018)
    assert a.person == "kim_jong_un"


@pytest.mark.parametrize("text", ["كيم يو -جونغ", "كيم يو-جونغ", "كيم يو جونغ"])
def test_a_hyphen_inside_a_transliterated_name_joins_its_parts(text):
    (a,) = find_actors(normalize(f"وصلت {text} إلى المدينة").text, D2018)
    assert a.person == "kim_yo_jong"


RULER_TITLES = [
    ("الأمير القطري", "QAT", "tamim_bin_hamad", "Qatar's head of state is its emir"),
    ("الأمير السعودي", "SAU", None, "a Saudi prince is not the king"),
    ("السلطان العماني", "OMN", "qaboos_bin_said", "Oman's head of state is its sultan"),
    ("الملك السعودي", "SAU", "king_salman", "the Saudi king"),
]


@pytest.mark.parametrize("text, code, person, why", RULER_TITLES, ids=[c[3] for c in RULER_TITLES])
def test_a_ruler_title_names_the_head_only_of_states_whose_head_bears_it(text, code, person, why):
    (a,) = find_actors(normalize(text).text, D2018)
    assert (a.code, a.person) == (code, person)


def test_a_person_is_not_coded_by_an_office_taken_years_after_the_article():
    """An armed group's leader in 2018 who became a head of state in 2025 did not act for
    that state in 2018."""
    found = find_actors(normalize("أبو محمد الجولاني").text, dt.date(2018, 4, 28))
    assert [a.code for a in found] == [None]
    (later,) = find_actors(normalize("أبو محمد الجولاني").text, dt.date(2025, 4, 28))
    assert later.code == "SYR"


def test_a_rebel_leader_between_his_terms_in_office_acts_for_no_state():
    """A vice-president who led the armed opposition between his terms is coded as nobody in
    those years, not by the term he had left."""
    (rebel,) = find_actors(normalize("رياك مشار").text, dt.date(2018, 6, 25))
    assert rebel.code is None
    (official,) = find_actors(normalize("رياك مشار").text, dt.date(2021, 6, 25))
    assert official.code == "SSD"


def test_a_person_of_another_state_after_a_role_is_not_its_name():
    """"التقى وزير الخارجية الأمريكي الملك سلمان": the king is met, he is not the minister."""
    found = find_actors(normalize("التقى وزير الخارجية الأمريكي الملك سلمان").text, dt.date(2018, 10, 16))
    assert [(a.code, a.person) for a in found] == [("USA", "mike_pompeo"), ("SAU", "king_salman")]


def test_an_organisations_official_acts_for_it_and_names_the_person():
    """"غريفيث" and "غوتيريش" both act for the UN; they stay two people (two envoys' trips are two)."""
    found = find_actors(normalize("التقى غريفيث في صنعاء قبل أن يصل غوتيريش").text, dt.date(2018, 7, 1))
    assert [(a.code, a.person) for a in found if a.code == "UN"] == [("UN", "martin_griffiths"), ("UN", "antonio_guterres")]


def test_a_nisba_between_a_title_and_a_family_name_is_a_given_name():
    """"العقيد الركن تركي المالكي" is a colonel called Turki; "وفد تركي" is a Turkish delegation."""
    assert [a.code for a in find_actors(normalize("قال العقيد الركن تركي المالكي").text, D2018) if a.code] == []
    assert [a.code for a in find_actors(normalize("وصل وفد تركي").text, D2018) if a.code] == ["TUR"]


def test_an_official_listed_with_a_borrowed_role_does_not_answer_for_the_minister():
    """Bolton's term borrows the foreign_minister role (the loader knows four); the US
    foreign minister on a date in his term is still Pompeo."""
    (a,) = find_actors(normalize("وزير الخارجية الأمريكي").text, dt.date(2018, 6, 1))
    assert a.person == "mike_pompeo"


def test_a_term_of_another_office_does_not_answer_for_the_role_it_is_filed_under():
    """Pompeo's CIA years are filed under defence_minister with office intelligence_chief: the
    US defence minister in 2017 is still Mattis."""
    (a,) = find_actors(normalize("وزير الدفاع الأمريكي").text, dt.date(2017, 6, 1))
    assert a.person == "jim_mattis"


@pytest.mark.parametrize("text, person", [
    ("استقبل وزير الخارجية الروسي نظيره السوري في موسكو", "walid_muallem"),
    ("العناق بين وزيري الخارجية السوداني ونظيره المصري عند وصوله", "sameh_shoukry"),
    ("التقى الرئيس الروسي نظيره التركي", "recep_tayyip_erdogan"),
    ("التقى المتحدث باسم الخارجية نظيره التركي", None),   # a spokesman: no holder known
])
def test_a_counterpart_holds_the_office_of_the_official_named_before_him(text, person):
    (a,) = [x for x in find_actors(normalize(text).text, dt.date(2018, 4, 4)) if x.entity == "counterpart"]
    assert a.person == person


@pytest.mark.parametrize("text", ["ووصل مساعد وزير الدفاع السعودي إلى القاهرة",
                                  "وتوجه نائب زعيم كوريا الشمالية إلى نيويورك",
                                  "واستقبل الرئيس موفد العاهل السعودي"])
def test_an_aide_acts_for_the_state_but_is_not_the_official_he_serves(text):
    (a,) = [x for x in find_actors(normalize(text).text, dt.date(2018, 4, 4)) if x.cls == "agent" and x.code in ("SAU", "PRK")]
    assert a.person is None


def test_the_lexicon_loads_within_a_few_seconds():
    import time

    load_actor_lexicon.cache_clear()
    from waqai.transforms.lexicons import read_yaml

    read_yaml.cache_clear()
    t = time.perf_counter()
    load_actor_lexicon()
    # Parsing the YAML dominates; generous for a shared CI machine.
    assert time.perf_counter() - t < 30


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


# Towns, bases, provinces and crossings that locate deployments in conflict news, in sentences
# of our own: (text, expected [(code, kind)], what it shows).
PLACES = [
    ("نشرت واشنطن جنودا في قاعدة التنف", [("USA", "capital"), ("SYR", "place")], "a foreign base inside Syria is Syria"),
    ("هبطت الطائرات في قاعدة حميميم", [("SYR", "place")], "the Russian air base in Latakia is Syria"),
    ("عبرت الشاحنات معبر باب الهوى", [("SYR", "place")], "a border crossing named by its town"),
    ("قصفت المدفعية مطار الضمير العسكري", [("SYR", "place")], "an air base whose bare name is a common word"),
    ("وصلت التعزيزات إلى ريف دير الزور", [("SYR", "place")], "a Syrian countryside"),
    ("انسحبت القوات من طوز خورماتو", [("IRQ", "place")], "an Iraqi town with a two-word name"),
    ("تظاهر السكان في محافظة ذي قار", [("IRQ", "place")], "an Iraqi governorate"),
    ("استهدف الطيران جبهة صرواح", [("YEM", "place")], "a Yemeni front line"),
    ("دخلت السفن ميناء الصليف", [("YEM", "place")], "a Red Sea port"),
    ("أغلق منفذ الوديعة", [("SAU", "place")], "the Saudi crossing into Yemen"),
    ("انتشر الجنود في بنت جبيل", [("LBN", "place")], "a south Lebanese town"),
    ("أطلقت صفارات الإنذار في صفد", [("ISR", "place")], "an Israeli town in Galilee"),
    ("أعيد فتح معبر كرم أبو سالم", [("ISR", "place")], "the crossing on the Israeli side of Gaza"),
    ("اشتباكات في مخيم البريج", [("PSE", "place")], "a Gaza refugee camp"),
    ("افتتحت قاعدة محمد نجيب العسكرية", [("EGY", "place")], "an Egyptian base"),
    ("وصلت قوات حفظ السلام إلى ولاية الوحدة", [("SSD", "place")], "a South Sudanese state, qualified"),
    ("هاجمت الحركة قوات في جوبالاند", [("SOM", "place")], "a Somali federal state"),
    ("سيطرت القوات على مطار معيتيقة", [("LBY", "place")], "Tripoli's airport"),
    ("تقدمت القوات نحو بني وليد", [("LBY", "place")], "a Libyan town"),
    ("غارة في ولاية ننكرهار", [("AFG", "place")], "an Afghan province"),
    ("هجوم في إقليم كونار", [("AFG", "place")], "an Afghan province, another spelling of region"),
    ("اقتربت المعارك من كراماتورسك", [("UKR", "place")], "a Ukrainian front-line town"),
    ("أجرت بيونغ يانغ تجربة في يونغبيون", [("PRK", "capital"), ("PRK", "place")], "the North Korean nuclear site"),
    ("وصل الجنود إلى كامب همفريز", [("KOR", "place")], "a US base in South Korea is South Korea"),
    ("حلقت طائرات قرب جزيرة كينمن", [("TWN", "place")], "a Taiwanese-held island"),
    ("نشر الحلف قوات في ممر سوالكي", [("POL", "place")], "the Suwalki gap"),
    ("وصلت الدبابات إلى كلايبيدا", [("LTU", "place")], "a Lithuanian port"),
    ("انتشرت قوات حفظ السلام في ممر لاتشين", [("AZE", "place")], "the Lachin corridor"),
    ("هبطت الطائرة في قاعدة أكروتيري", [("GBR", "place")], "a British sovereign base area on Cyprus"),
    ("ذكرى مجزرة سريبرينيتسا", [("BIH", "place")], "a Bosnian town"),
    ("قصف الجيش مواقع في شرناق", [("TUR", "place")], "a Turkish border province"),
    ("وقع انفجار في ميناء تشابهار", [("IRN", "place")], "an Iranian port"),
]

# Ordinary words and names that must not be read as one of those places.
NOT_PLACES = [
    ("تعلم لغات العالم", "لغات 'languages' is not ل + Ghat"),
    ("فازت توكل كرمان بالجائزة", "Karman is a person here, not Kerman"),
    ("تاهوا في عرض البحر", "تاهوا 'they got lost' is not Tahoua"),
    ("نجانا الله من شروره", "شروره 'its evils' is not Sharurah"),
    ("قال بن رودس", "Ben Rhodes is not Rhodes"),
    ("حصل الفريقان على نصيبين متساويين", "نصيبين 'two shares' is not Nusaybin"),
    ("صحوة الضمير", "الضمير 'conscience' is not the Dumayr air base"),
    ("ثمرة هجين", "هجين 'hybrid' is not Hajin"),
    ("فتح الباب", "الباب 'the door' is not al-Bab"),
    ("قطعة من الحديد", "الحديد 'iron' is not al-Hudaydah"),
]


@pytest.mark.parametrize("text, expected, why", PLACES, ids=[c[2] for c in PLACES])
def test_conflict_places_resolve_to_their_de_jure_state(text, expected, why):
    got = [(a.code, a.kind) for a in find_actors(normalize(text).text, D2018) if a.code]
    assert got == expected


@pytest.mark.parametrize("text, why", NOT_PLACES, ids=[c[1] for c in NOT_PLACES])
def test_common_words_are_not_places(text, why):
    assert [a.text for a in find_actors(normalize(text).text, D2018) if a.code] == []


def test_a_head_of_state_meeting_a_rebel_leader_named_by_surname_is_his_visit():
    """The rebel leader codes no state, but his surname is still a person: it does not push
    the meeting's place out of reach of the head of state who travelled there."""
    from waqai.transforms.extract import extract_document

    text = ("محادثات سلام\n"
            "وصل رئيس جنوب السودان سلفا كير ونائبه السابق رياك مشار إلى الخرطوم.\n"
            "والتقى رئيس دولة جنوب السودان سلفا كير ميرديت، الأربعاء، مع مشار في أديس أبابا.")
    found = {(m["actor_code"], m["target_code"]) for m in extract_document("d_r", text, dt.date(2018, 6, 25))
             if m["sentence_index"] == 2}
    assert found == {("SSD", "ETH")}


def test_an_ignore_phrase_with_quotation_marks_inside_is_still_ignored():
    # '"حزب الله" اللبناني': the party, not Lebanon, though the quotes split the phrase
    from waqai.transforms.normalize import normalize

    text = normalize('وقال إن الأسلحة وصلت عبر "حزب الله" اللبناني.').text
    assert [a.code for a in find_actors(text, D2023)] == []


@pytest.mark.parametrize("text, published, person", [
    ("وصل ولي العهد السعودي إلى القاهرة", dt.date(2018, 3, 4), "mohammed_bin_salman"),
    ("وصل ولي العهد السعودي إلى القاهرة", dt.date(2016, 5, 4), "mohammed_bin_nayef"),
    ("وصل رئيس الوزراء السعودي إلى القاهرة", dt.date(2018, 3, 4), "king_salman"),
])
def test_a_crown_prince_by_title_is_the_holder_of_that_title_on_the_day(text, published, person):
    # "ولي العهد السعودي" names the man who held the title when the article was published; the
    # title answers no other office (the prime minister of 2018 is the king)
    found = [a for a in find_actors(normalize(text).text, published) if a.cls == "agent"]
    assert [a.person for a in found] == [person]
