"""The person a visit mention names is the traveller, never the one who reports the trip: two
mentions of one trip naming different people would become two events (transforms/dedup.py)."""
import datetime as dt

import pytest

from waqai.transforms.extract import extract_document

CASES = [
    # (published, text, expected actor_person of the visit)
    (dt.date(2018, 4, 18), 'تتواصل المشاورات. وقال ترامب على تويتر: "مايك بومبيو اجتمع مع كيم جونغ أون في كوريا الشمالية الأسبوع الماضي".',
     "mike_pompeo"),
    (dt.date(2018, 4, 27), "تتواصل المشاورات. وأضاف ترامب في مقابلة، أن اللقاء الذي تم في كوريا الشمالية بين كيم ومايك بومبيو كان مثمرا.",
     "mike_pompeo"),
    (dt.date(2018, 4, 21), "تتواصل المشاورات. واستقبل كيم جونغ أون مدير المخابرات الأميركية مايك بومبيو، الذي قام بزيارة سرية إلى كوريا الشمالية، أكدها الرئيس دونالد ترامب.",
     "mike_pompeo"),
    # The crown prince travels; the minister who speaks of it does not (no person is known).
    (dt.date(2018, 3, 19), "تتواصل المشاورات. وقال وزير الخارجية السعودي عادل الجبير، إن زيارة ولي العهد إلى أميركا تستمر أسبوعين.",
     None),
]


@pytest.mark.parametrize("published,text,person", CASES)
def test_the_visit_names_the_traveller_not_the_reporter(published, text, person):
    visits = [m for m in extract_document("d_p", text, published) if m["event_type"] == "visit"]
    assert len(visits) == 1
    assert visits[0]["actor_person"] == person


def test_the_traveller_is_the_kin_not_the_official_named_after_the_kin_noun():
    from waqai.transforms.extract import extract_document

    text = "عنوان\nوسلمت كيم يو جونغ، شقيقة الزعيم الكوري الشمالي، رسالة خلال زيارتها إلى كوريا الجنوبية."
    (m,) = extract_document("d_k", text, dt.date(2018, 2, 20))
    assert m["actor_person"] == "kim_yo_jong"


def test_who_praises_a_meeting_is_not_its_traveller():
    from waqai.transforms.extract import extract_document

    text = "عنوان\nوأشاد الرئيس الأمريكي دونالد ترامب بالمحادثات التي أجراها مايك بومبيو في بيونغ يانغ."
    (m,) = extract_document("d_r", text, dt.date(2018, 6, 20))
    assert (m["actor_code"], m["target_code"], m["actor_person"]) == ("USA", "PRK", "mike_pompeo")
