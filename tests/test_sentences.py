"""Sentence splitting keeps offsets and does not split decimals or abbreviations."""
from waqai.transforms.sentences import split_sentences


def test_splits_on_full_stops_question_marks_and_line_breaks():
    text = "زار الرئيس مصر. هل نجحت الزيارة؟ نعم\nعنوان آخر"
    assert [s for _, _, s in split_sentences(text)] == ["زار الرئيس مصر.", "هل نجحت الزيارة؟", "نعم", "عنوان آخر"]


def test_offsets_point_into_the_text():
    text = "  أولى.   ثانية!  "
    for start, end, sentence in split_sentences(text):
        assert text[start:end] == sentence


def test_decimals_and_dotted_abbreviations_stay_inside():
    text = "بلغ 5.3 مليار دولار حسب أ.ف.ب أمس."
    assert len(split_sentences(text)) == 1


def test_run_on_text_is_cut_into_bounded_pieces():
    text = "كلمة " * 2000
    assert all(e - s <= 1200 for s, e, _ in split_sentences(text))
