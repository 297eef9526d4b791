"""Weapon systems as a specification: a named system carries its usual supplier, so a sentence
that names only the buyer can still be coded supplier → recipient."""
import pytest

from waqai.transforms.lexicons import LexiconError
from waqai.transforms.normalize import normalize
from waqai.transforms.weapons import compile_weapon_lexicon, find_weapon_systems, load_weapon_lexicon


def systems(text: str) -> list[tuple[str, str | None]]:
    return [(w.system, w.origin) for w in find_weapon_systems(normalize(text).text)]


FOUND = [
    # (text, expected [(system, origin)], what it shows)
    ("شراء أنقرة منظومة إس-400", [("s400", "RUS")], "buyer only: the system names the supplier"),
    ("وصول نظام الدفاع الجوي إس-300 إلى سوريا", [("s300", "RUS")], "S-300 after a long category phrase"),
    ("تسلمت قطر مقاتلات رافال", [("rafale", "FRA")], "Rafale is French"),
    ("أس 400 وS-400 واس400 و«إس - 400»", [("s400", "RUS")] * 4, "hamza, Latin, no space, spaced hyphen"),
    ("انتشر وسم #صواريخ_إس_400 أمس", [("s400", "RUS")], "hashtag with underscores"),
    ("حصلت مصر على مقاتلات F-16V وإف16 واف - 35", [("f16", "USA"), ("f16", "USA"), ("f35", "USA")], "Latin variant suffix, clitic و"),
    ("حلقت طائرات الإف-15 والسوخوي", [("f15", "USA"), ("sukhoi", "RUS")], "the article before a name"),
    ("مقاتلات سوخوي-35 وسوخوي 30 وSu-57", [("su35", "RUS"), ("su30", "RUS"), ("su57", "RUS")], "a model number wins over the family"),
    ("اعترضتها القبة الحديدية وبالقبة الحديدية", [("iron_dome", "ISR")] * 2, "a name that carries ال"),
    ("اشترت بولندا دبابات أبرامز وراجمات هيمارس", [("abrams", "USA"), ("himars", "USA")], "two systems, one cued"),
    ("نظام الدفاع الجوي تور الروسي", [("tor", "RUS")], "تور after its category phrase"),
    ("صواريخ أرض-جو روسية من طراز «تور»", [("tor", "RUS")], "تور after adjectives, من طراز and quotes"),
    ("صواريخ جافلين وتاو وستينغر", [("javelin", "USA"), ("tow", "USA"), ("stinger", "USA")], "a list shares its cue"),
    ("طائرة إم كيو-9 ريبر", [("reaper", "USA")], "the longest form is one mention"),
    ("حاملة المروحيات ميسترال", [("mistral_ship", "FRA")], "the ship, not the missile"),
    ("فرقاطة جوويند وكورفيت غوويند", [("gowind", "FRA")] * 2, "two spellings of Gowind"),
    ("صواريخ ستورم شادو البريطانية وسكالب الفرنسية", [("storm_shadow", "GBR"), ("scalp", "FRA")], "one missile, two sellers"),
    ("مروحيات أباتشي وبلاك هوك وشينوك", [("apache", "USA"), ("black_hawk", "USA"), ("chinook", "USA")], "helicopters"),
    ("مسيرات بيرقدار التركية وأقنجي", [("bayraktar_tb2", "TUR"), ("akinci", "TUR")], "Turkish drones"),
    ("مسيرات شاهد-136 الإيرانية", [("shahed", "IRN")], "Shahed with its number"),
    ("طائرات سوبر توكانو", [("super_tucano", "BRA")], "Brazil"),
    ("دبابات ليوبارد 2 الألمانية", [("leopard", "DEU")], "Leopard 2"),
    ("راجمات غراد", [("grad", "RUS")], "Grad after راجمات"),
    ("مقاتلات يوروفايتر تايفون", [("eurofighter", None)], "multinational: origin from context"),
    ("مقاتلات جي إف-17", [("jf17", None)], "JF-17: Pakistan and China"),
    ("مُقاتِلاتُ رافالَ", [("rafale", "FRA")], "diacritics do not defeat matching"),
]


@pytest.mark.parametrize("text, expected, why", FOUND, ids=[c[2] for c in FOUND])
def test_a_named_system_gives_its_supplier(text, expected, why):
    assert systems(text) == expected


NOT_WEAPONS = [
    ("أثار قانون قيصر جدلا واسعا", "قيصر is the Caesar Act"),
    ("انطلقت جولة تور دو فرانس", "تور without a category word"),
    ("نشر الخبر على صفحته في فيس بوك", "بوك of Facebook"),
    ("قال المبعوث إيليوت أبرامز", "Abrams the envoy"),
    ("الرئيس باراك أوباما", "Barack, not Barak 8"),
    ("قال الدكتور إن المريض تعافى", "تور inside a word"),
    ("قال شاهد عيان إن الطائرات قصفت الحي", "شاهد is a witness"),
    ("اتهم النظام السوري (شاهد الفيديو)", "النظام السوري is not a category word"),
    ("اللاجئون الهاربون من الحرب", "الهاربون are fugitives"),
    ("فاز فيلم المخرج سبايك لي", "Spike Lee"),
    ("وصل الوفد في 22 مارس", "في 22 is not V-22"),
    ("نزح آلاف المدنيين", "آلاف normalises like ال + اف"),
    ("تأهل المنتخب إلى كأس العالم", "كأس normalises like ك + اس"),
    ("فاز نادي ليوبارد الكونغولي", "a football club"),
    ("عبرت ناقلات النفط مضيق هرمز", "هرمز without 900"),
    ("التقى مصطفى أكينجي زعيم القبارصة الأتراك", "Akıncı the politician"),
    ("ضرب إعصار تايفون الساحل", "a storm, not a Typhoon"),
    ("قصفت الطائرات الحي. تور", "a cue does not cross a full stop"),
    ("أرسل المدافع سيزار الكرة", "a football defender"),
]


@pytest.mark.parametrize("text, why", NOT_WEAPONS, ids=[c[1] for c in NOT_WEAPONS])
def test_ordinary_words_that_look_like_system_names_are_not_weapons(text, why):
    assert systems(text) == []


def test_offsets_point_back_into_the_original_text():
    original = "وقّعت الهند عقداً لشراء مقاتلاتِ رافال الفرنسية"
    n = normalize(original)
    (w,) = find_weapon_systems(n.text)
    a, b = n.span(w.start, w.end)
    assert (original[a:b], w.form, w.category) == ("رافال", "رافال", "fighter")


def test_start_and_end_limit_the_search_to_a_clause():
    text = normalize("اشترت تركيا منظومة إس-400، واشترت اليونان مقاتلات رافال").text
    cut = text.index("،")
    assert [w.system for w in find_weapon_systems(text, 0, cut)] == ["s400"]
    assert [w.system for w in find_weapon_systems(text, cut)] == ["rafale"]
    assert find_weapon_systems(text, 0, text.index("400") + 1) == []  # a name cut by `end` is not found


def test_a_multinational_system_lists_its_consortium():
    (w,) = find_weapon_systems(normalize("طائرات يوروفايتر").text)
    assert (w.origin, set(w.consortium)) == (None, {"GBR", "DEU", "ITA", "ESP"})


def test_the_lexicon_holds_at_least_80_systems_with_a_supplier_or_a_consortium():
    lex = load_weapon_lexicon()
    assert len(lex.systems) >= 80
    assert all(s.origin or len(s.consortium) >= 2 for s in lex.systems.values())


# ---------------------------------------------------------------- validation of the data file

def _raw(*systems, **top):
    return {"categories": ["fighter"], "cue_words": ["مقاتلات"], "systems": list(systems), **top}


def _system(**kw):
    return {"id": "rafale", "name": "Rafale", "origin": "FRA", "category": "fighter", "forms": ["رافال"], **kw}


BAD = [
    (_raw(_system(), colour="blue"), r"weapons\.yaml: unknown key\(s\) \['colour'\]", "unknown top-level key"),
    (_raw(_system(maker="Dassault")), r"\(rafale\): unknown key\(s\) \['maker'\]", "unknown system key"),
    (_raw(_system(origin="FRX")), r"origin 'FRX' is not a state", "origin must be a known state"),
    (_raw(_system(origin=None)), r"list the consortium", "null origin needs a consortium"),
    (_raw(_system(), _system(id="rafale_m", forms=["رافال"])), r"'رافال' is already listed for rafale", "a form under two systems"),
    (_raw(_system(), _system(id="rafale2", forms=["رافآل"])), r"already listed for rafale", "duplicate after normalisation"),
    (_raw(_system(cued_forms=["رافال"])), r"both in forms and cued_forms", "a form both free and cued"),
    (_raw(_system(category="boat")), r"unknown category 'boat'", "unknown category"),
    (_raw(_system(), _system()), r"id 'rafale' listed twice", "duplicate id"),
]


@pytest.mark.parametrize("raw, message, why", BAD, ids=[c[2] for c in BAD])
def test_a_bad_lexicon_is_rejected_naming_the_file_and_the_entry(raw, message, why):
    with pytest.raises(LexiconError, match=message):
        compile_weapon_lexicon(raw, "lexicons/ar/weapons.yaml", {"FRA", "GBR"})


def test_a_small_lexicon_compiles_and_matches():
    lex = compile_weapon_lexicon(_raw(_system()), "test", {"FRA"})
    assert [w.system for w in find_weapon_systems("تسلمت مقاتلات رافال", lexicon=lex)] == ["rafale"]
