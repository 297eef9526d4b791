"""Property-based: normalisation, recognition and extraction never raise, whatever the text."""
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waqai.transforms.actors import find_actors
from waqai.transforms.dates import find_dates
from waqai.transforms.extract import extract_document
from waqai.transforms.normalize import normalize
from waqai.transforms.sentences import split_sentences

ARABIC_BITS = ["زار", "الرئيس", "الفرنسي", "إلى", "كازاخستان", "يوم الأربعاء", "صفقة أسلحة", "نشر قوات",
               "٢٠٢٣", "أكتوبر/تشرين الأول", "لم", "منذ عام", "ﻻ", "\u200f", "ـــ", ".", "،", "\n", "(", ")", "«"]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(ARABIC_BITS) | st.text(max_size=5), max_size=60).map(" ".join),
)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts)
def test_normalisation_maps_every_span_back_inside_the_original(text):
    n = normalize(text)
    for start, end, _ in split_sentences(n.text):
        a, b = n.span(start, end)
        assert 0 <= a <= b <= len(text)


@SETTINGS
@given(texts, dates)
def test_recognisers_never_raise(text, published):
    norm = normalize(text).text
    find_actors(norm, published)
    for d in find_dates(norm, published):
        assert d.precision in (None, "day", "week", "month", "year")


@SETTINGS
@given(texts, dates)
def test_extraction_never_raises_and_offsets_stay_in_the_text(text, published):
    for m in extract_document("d_prop", text, published):
        assert 0 <= m["trigger_start"] < m["trigger_end"] <= len(text)
        assert text[m["sentence_start"]:m["sentence_end"]] == m["sentence"]
