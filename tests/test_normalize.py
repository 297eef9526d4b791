"""Arabic normalisation: one spelling per letter, offsets back to the original."""
import pytest

from waqai.transforms.normalize import normalize, normalize_form

CASES = [
    # (original, normalised, why)
    ("زِيَارَة", "زياره", "harakat dropped, taa marbuta → ha"),
    ("زيـــارة", "زياره", "tatweel dropped"),
    ("أستانا إستانبول آمنة", "استانا استانبول امنه", "hamza and madda alefs → bare alef"),
    ("مستشفى", "مستشفي", "alef maqsura → yaa"),
    ("مسؤول رئيس", "مسوول رييس", "hamza on waw and yaa"),
    ("\u200fفرنسا\u200e", "فرنسا", "bidi marks dropped"),
    ("١٥ ۲۰۲۳", "15 2023", "Arabic-Indic and Persian digits"),
    ("CSTO", "csto", "Latin lower-cased"),
    ("ﻻ", "لا", "presentation-form ligature expanded"),
]


@pytest.mark.parametrize("original, expected, why", CASES, ids=[c[2] for c in CASES])
def test_normalises(original, expected, why):
    assert normalize(original).text == expected


def test_spans_map_back_to_the_original_text():
    text = "قال الرئيسُ الفرنسيّ إنّ الزيـارة ناجحة"
    n = normalize(text)
    i = n.text.index("الزياره")
    start, end = n.span(i, i + len("الزياره"))
    assert text[start:end] == "الزيـارة"


def test_offsets_are_identity_without_dropped_characters():
    n = normalize("زار ماكرون أستانا")
    assert n.span(4, 10) == (4, 10)


def test_lexicon_forms_collapse_spaces():
    assert normalize_form("  الولايات   المتحدة ") == "الولايات المتحده"


def test_a_hyphen_between_letters_is_a_space_and_keeps_offsets():
    n = normalize("كيم جونغ-أون وطائرات إف-16 بين 1-3 مارس")
    assert n.text == "كيم جونغ اون وطايرات اف-16 بين 1-3 مارس"
    assert n.span(0, len(n.text)) == (0, len(n.text))
