"""Date expressions: the phrase table (tests/specs/ar/date_phrases.yaml) row by row, and one
test per basis."""
import datetime as dt
from pathlib import Path

import pytest
import yaml

from waqai.transforms.dates import find_dates_in_raw

TABLE = yaml.safe_load((Path(__file__).parent / "specs" / "ar" / "date_phrases.yaml").read_text(encoding="utf-8"))


def _pub(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@pytest.mark.parametrize("row", TABLE, ids=[r["id"] for r in TABLE])
def test_phrase_table(row):
    text, expected = row["text"], row.get("expect") or []
    found = find_dates_in_raw(text, _pub(row["published"]))
    got = [(t, e.value, e.precision, e.basis, e.since) for _, _, t, e in found]
    assert len(found) == len(expected), f"{row['construction']}: expected {expected}, got {got}"
    for (start, end, _, e), x in zip(found, expected, strict=True):
        xs = text.find(x["text"])
        assert start < xs + len(x["text"]) and xs < end, f"span {text[start:end]!r} vs {x['text']!r}"
        assert (e.value, e.precision, e.basis) == (None if x["value"] is None else str(x["value"]), x["precision"], x["basis"]), got
        assert e.since == (x.get("role") == "since"), got
        assert (e.kind, e.modifier) == (x.get("kind", "date"), x.get("modifier")), got


def test_table_is_large_enough():
    assert len(TABLE) >= 200
    assert sum(1 for r in TABLE if not r.get("expect")) >= 60


def one(text, published):
    (_, _, _, e), = find_dates_in_raw(text, published)
    return e


def test_basis_explicit_needs_no_publication_date():
    e = one("وقع الاتفاق في 24 نوفمبر 2015", None)
    assert (e.value, e.precision, e.basis) == ("2015-11-24", "day", "explicit")


def test_basis_relative_to_publication():
    e = one("ألمح الرئيس يوم الأربعاء إلى صفقة", dt.date(2023, 11, 4))
    assert (e.value, e.precision, e.basis) == ("2023-11-01", "day", "relative_to_publication")


def test_basis_none_when_publication_date_unknown():
    e = one("وصل الوزير هذا الأسبوع", None)
    assert (e.value, e.precision, e.basis) == (None, None, "none")


def test_week_precision_is_the_iso_week_of_publication():
    assert one("هذا الأسبوع، سافر الرئيس", dt.date(2023, 11, 4)).value == "2023-W44"


def test_amounts_counts_and_model_names_are_never_dates():
    text = "بلغ التبادل 5.3 مليار يورو ونشر 2000 جندي ومنظومة إس-400 ونسبة 40 بالمائة"
    assert find_dates_in_raw(text, dt.date(2023, 11, 4)) == []


def test_since_expressions_are_marked():
    assert one("أول رئيس يزورها منذ عام 1994", dt.date(2023, 11, 1)).since


def test_date_in_the_same_clause_wins_over_a_nearer_one_in_another_clause():
    from waqai.transforms.extract import extract_document

    text = "أعلن الوزير يوم الأحد، أن الرئيس المصري زار فرنسا الأسبوع الماضي"
    (m,) = extract_document("d_t", text, dt.date(2023, 11, 8))
    assert (m["date_value"], m["date_basis"]) == ("2023-W44", "relative_to_publication")


def test_basis_document_context_from_a_dated_mention_of_the_same_pair():
    from waqai.transforms.extract import extract_document

    text = ("زار الرئيس الفرنسي كازاخستان يوم الأربعاء. "
            "وأعلن الإليزيه أن باريس ستزود كازاخستان بأنظمة رادار للدفاع الجوي.")
    rows = {m["event_type"]: m for m in extract_document("d_t", text, dt.date(2023, 11, 4))}
    assert (rows["visit"]["date_value"], rows["visit"]["date_basis"]) == ("2023-11-01", "relative_to_publication")
    assert (rows["arms_deal"]["date_value"], rows["arms_deal"]["date_basis"]) == ("2023-11-01", "document_context")
    assert text[rows["arms_deal"]["date_start"]:rows["arms_deal"]["date_end"]] == "يوم الأربعاء"


def test_no_date_in_the_text_means_no_date():
    from waqai.transforms.extract import extract_document

    (m,) = extract_document("d_t", "زار الرئيس الفرنسي كازاخستان.", dt.date(2023, 11, 4))
    assert (m["event_date"], m["date_precision"], m["date_basis"]) == (None, None, "none")


# Which event gets which date: (sentence, publication date, {(type, actor, target): date}).
ATTACHMENT = [
    # after "عقب لقاء", names set between commas do not end the clause: the date after them is its own
    ("وجاء ذلك عقب لقاء رئيس الوزراء اليمني، المبعوث الأممي إلى اليمن، مارتن غريفيث، الثلاثاء، في عدن.", dt.date(2018, 11, 9),
     {("visit", "UN", "YEM"): "2018-11-06"}),
    # a date set between commas right after a relative clause is that clause's
    ("وأعطيت فرصة للمبعوث الأممي، الذي وصل إلى طرابلس، الخميس الماضي، لإقناع الأطراف بالهدنة.", dt.date(2024, 3, 12),
     {("visit", "UN", "LBY"): "2024-03-07"}),
    # a date in an attribution after the event ("كما أعلن المتحدث الاثنين") dates the statement cited
    ("يقاتل جنود أوروغواي المشاركون في قوة حفظ السلام بالكونغو الديمقراطية منذ سنوات، كما أعلن المتحدث باسم الجيش الأربعاء.",
     dt.date(2024, 3, 8), {("military_deployment", "URY", "COD"): None}),
    # ... but not a date written right after the event, before the attribution
    ("أرسلت الهند قوات إلى جزر المالديف الأربعاء، وفق ما أعلنت وزارة الدفاع.", dt.date(2024, 3, 8),
     {("military_deployment", "IND", "MDV"): "2024-03-06"}),
    # a visit is reported while under way: the day of the statement cited is a day of it
    ("يزور وزير الخارجية الهندي طوكيو، بحسب ما ذكرت الوكالة اليابانية الأربعاء.", dt.date(2024, 3, 8),
     {("visit", "IND", "JPN"): "2024-03-06"}),
    # a reporting verb's date dates the statement, not the visit it announces
    ("أعلن الكرملين يوم الأحد أن الرئيس الروسي سيزور تركيا.", dt.date(2024, 3, 5),
     {("visit", "RUS", "TUR"): None}),
    # a date inside the report (and inside a relative clause) does not date the visit in the frame
    ("قال وزير الدفاع الياباني خلال زيارة إلى واشنطن إن الضربة التي نفذتها الولايات المتحدة الأسبوع الماضي كانت رسالة.",
     dt.date(2024, 3, 5), {("visit", "JPN", "USA"): None}),
    # the arrival's date is not the date of the tour that came before it
    ("وصل الرئيس الفرنسي إلى مدريد الأربعاء، بعد جولة شملت مصر والأردن.", dt.date(2024, 3, 7),
     {("visit", "FRA", "ESP"): "2024-03-06", ("visit", "FRA", "EGY"): None, ("visit", "FRA", "JOR"): None}),
    # a visit that encloses the statement is dated by it
    ("قال الرئيس الفرنسي، الأربعاء، إنه يريد تعزيز التعاون مع كازاخستان، في إطار زيارة إلى أستانا.",
     dt.date(2024, 3, 7), {("visit", "FRA", "KAZ"): "2024-03-06"}),
    # an announced arms deal is the announcement: its date is the statement's
    ("أعلنت موسكو في أكتوبر الماضي أنها ستبيع منظومات دفاع جوي للهند.", dt.date(2024, 3, 7),
     {("arms_deal", "RUS", "IND"): "2023-10"}),
    # a perfect with قد in the report ("أن X قد توجه") has just happened: the statement's day
    ("أعلنت الرئاسة الثلاثاء أن رئيس الوزراء الياباني قد توجه إلى الولايات المتحدة.", dt.date(2018, 5, 29),
     {("visit", "JPN", "USA"): "2018-05-29"}),
    # ... but a news agency's day is only the day it reported the trip
    ("ذكرت وكالة الأنباء الثلاثاء أن رئيس الوزراء الياباني قد توجه إلى الولايات المتحدة.", dt.date(2018, 5, 29),
     {("visit", "JPN", "USA"): None}),
    # an imperfect of travel sends the weekday forward (a Sunday article: the coming Monday)
    ("يبدأ الرئيس الإيراني الاثنين زيارة إلى العراق.", dt.date(2024, 3, 3), {("visit", "IRN", "IRQ"): "2024-03-04"}),
    # a two-day visit is dated by its first day
    ("سيزور وزير الخارجية الصيني كوريا الشمالية يومي الأربعاء والخميس.", dt.date(2024, 3, 4),
     {("visit", "CHN", "PRK"): "2024-03-06"}),
    # a date between commas, in a clause without a verb of its own, dates the main verb
    ("زار الرئيس التركي السودان، الثلاثاء، في أول زيارة من نوعها.", dt.date(2024, 3, 7),
     {("visit", "TUR", "SDN"): "2024-03-05"}),
    # a year after a participle of concluding dates the agreement, not the visit told before it
    ("يزور الرئيس الإيراني الصين لبحث مستقبل اتفاق التعاون الاقتصادي المبرم عام 2016 بين البلدين.", dt.date(2018, 5, 12),
     {("visit", "IRN", "CHN"): None}),
    # a date after an opener of an earlier occasion (إذ سبق و) dates that occasion
    ("وهذه الزيارة الثالثة للرئيس الفرنسي إلى الهند، إذ سبق وزارها في آذار/مارس.", dt.date(2018, 11, 2),
     {("visit", "FRA", "IND"): None}),
    # a relative clause joined by و (والتي شهدت على مدى السنوات الأخيرة) dates the relations it describes
    ("وتمثل الزيارة الأولى للرئيس الكيني إلى الصين محطة في مسيرة العلاقات والتي شهدت خلال العام الماضي تطورا كبيرا.",
     dt.date(2018, 9, 1), {("visit", "KEN", "CHN"): None}),
    # ... but one whose verb carries the visit dates it, however long the names before it
    ("وتحدثت الصحف عن زيارة ولي العهد السعودي، الأمير محمد بن سلمان إلى الأردن، والتي أجراها الثلاثاء.",
     dt.date(2018, 9, 1), {("visit", "SAU", "JOR"): "2018-08-28"}),
]


@pytest.mark.parametrize("text,published,expected", ATTACHMENT, ids=[f"attach-{i}" for i in range(len(ATTACHMENT))])
def test_each_event_gets_the_date_of_the_clause_that_governs_it(text, published, expected):
    from waqai.transforms.extract import extract_document

    got = {(m["event_type"], m["actor_code"], m["target_code"]): m["date_value"]
           for m in extract_document("d_t", text, published)}
    assert got == expected


def test_recurring_and_anchored_expressions_never_date_an_event():
    from waqai.transforms.extract import extract_document

    text = "يزور الوزير المصري السعودية بعد يوم من أدائه اليمين، كما يزورها كل خميس."
    (m,) = {(r["actor_code"], r["target_code"]): r for r in extract_document("d_t", text, dt.date(2024, 3, 7))}.values()
    assert (m["event_date"], m["date_basis"]) == (None, "none")


def test_an_event_under_way_now_is_dated_the_publication_day():
    # The annotation guidelines' reading: "is visiting now" vouches for the publication day.
    from waqai.transforms.extract import extract_document

    text = "يزور الوزير المصري السعودية حاليا، كما يزورها كل خميس."
    (m,) = {(r["actor_code"], r["target_code"]): r for r in extract_document("d_t", text, dt.date(2024, 3, 7))}.values()
    assert (m["date_value"], m["date_precision"], m["date_rule"]) == ("2024-03-07", "day", "DATE-PRESENT-EVENT")


# --- dates from around the sentence: stays, reverse anchors, neighbouring sentences --------

def _visits(text, published):
    from waqai.transforms.extract import extract_document

    return {(m["actor_code"], m["target_code"]): m for m in extract_document("d_n", text, published)
            if m["event_type"] == "visit"}


def test_last_week_in_a_sunday_article_is_the_week_just_ended():
    assert one("التقى الوزير نظيره الأسبوع الماضي", dt.date(2024, 3, 10)).value == "2024-W10"
    assert one("التقى الوزير نظيره الأسبوع الماضي", dt.date(2024, 3, 9)).value == "2024-W09"


def test_reverse_anchor_dates_the_event_named_after_the_offset():
    text = "قتل عشرة مدنيين في قصف على المدينة الأحد، بعد يوم من قمة أنقرة التي جمعت رئيسي روسيا وتركيا."
    (m,) = _visits(text, dt.date(2024, 5, 7)).values()
    assert (m["date_value"], m["date_rule"]) == ("2024-05-04", "DATE-ANCHORED-REVERSE")


def test_a_stay_dated_by_its_last_day_and_length_starts_earlier():
    text = "غادر الرئيس الفرنسي المغرب صباح اليوم الخميس بعد زيارة رسمية استغرقت ثلاثة أيام."
    m = _visits(text, dt.date(2024, 5, 9))[("FRA", "MAR")]
    assert (m["date_value"], m["date_rule"]) == ("2024-05-07", "DATE-STAY-LENGTH")


def test_a_visit_starting_on_the_dated_day_is_not_moved():
    text = "يبدأ الرئيس الفرنسي الأحد زيارة إلى المغرب تستمر ثلاثة أيام."
    m = _visits(text, dt.date(2024, 5, 9))[("FRA", "MAR")]
    assert m["date_value"] == "2024-05-12"


def test_the_nth_day_of_a_visit_dated_by_the_sentence_before():
    text = ("وقع الرئيس الفرنسي ورئيس الوزراء المغربي الأربعاء اتفاقا للتعاون في الطاقة.\n"
            "وجاء ذلك في مؤتمر صحافي مشترك في اليوم الثالث من زيارة الرئيس الفرنسي إلى المغرب.")
    m = _visits(text, dt.date(2024, 5, 9))[("FRA", "MAR")]
    assert (m["date_value"], m["date_basis"], m["date_rule"]) == ("2024-05-06", "adjacent_sentence", "DATE-STAY-NTH-DAY")


def test_a_meeting_of_both_parties_in_another_sentence_dates_an_undated_visit():
    text = ("تأتي زيارة الرئيس الفرنسي إلى المغرب في ظل توتر إقليمي.\n"
            "ويرى مراقبون أن الملفات الاقتصادية ستتصدر النقاش.\n"
            "واجتمع الرئيس الفرنسي بالعاهل المغربي، الثلاثاء، في القصر الملكي.")
    m = _visits(text, dt.date(2024, 5, 9))[("FRA", "MAR")]
    assert (m["date_value"], m["date_basis"]) == ("2024-05-07", "adjacent_sentence")


def test_a_visit_that_coincided_with_an_earlier_dated_occasion_takes_its_day():
    text = ("صادق البرلمان الكندي الأربعاء على قانون جديد للضرائب.\n"
            "ولم يحصل القانون على أصوات المعارضة.\n"
            "وقد تزامن التصويت مع استقبال رئيس الوزراء الكندي الرئيس المكسيكي الذي يزور كندا.")
    m = _visits(text, dt.date(2024, 5, 9))[("MEX", "CAN")]
    assert (m["date_value"], m["date_basis"]) == ("2024-05-08", "adjacent_sentence")


def test_without_a_coincidence_word_the_earlier_day_dates_nothing():
    text = ("صادق البرلمان الكندي الأربعاء على قانون جديد للضرائب.\n"
            "ولم يحصل القانون على أصوات المعارضة.\n"
            "ويأتي القانون قبل زيارة الرئيس المكسيكي إلى كندا.")
    m = _visits(text, dt.date(2024, 5, 9)).get(("MEX", "CAN"))
    assert m is None or m["event_date"] is None


def test_a_date_in_another_sentence_without_a_meeting_word_dates_nothing():
    text = ("تأتي زيارة الرئيس الفرنسي إلى المغرب في ظل توتر إقليمي.\n"
            "ونشرت الرئاسة الفرنسية الثلاثاء بيانا عن العلاقات مع المغرب.")
    m = _visits(text, dt.date(2024, 5, 9))[("FRA", "MAR")]
    assert (m["event_date"], m["date_basis"]) == (None, "none")


def test_an_arrival_date_does_not_date_earlier_stops_of_a_tour():
    text = ("وأنهى ولي العهد السعودي جولة طويلة قادته إلى مصر وبريطانيا.\n"
            "وكان ولي العهد السعودي قد وصل إلى إسبانيا الأربعاء قادما من فرنسا، وبعد جولة شملت مصر وبريطانيا.")
    got = _visits(text, dt.date(2024, 5, 9))
    assert got[("SAU", "EGY")]["event_date"] is None


def test_a_meeting_told_as_weeks_ago_takes_no_day_from_the_sentence_before():
    text = ("وأضاف الرئيس الفرنسي في مقابلة مع قناة محلية الخميس.\n"
            "وقال إن اللقاء الذي تم في الجزائر قبل أسابيع بين وزير الخارجية الفرنسي والرئيس الجزائري لم يكن مخططا له.")
    m = _visits(text, dt.date(2019, 3, 8))[("FRA", "DZA")]
    assert (m["event_date"], m["date_basis"]) == (None, "earlier_than_report")


def test_an_undated_mention_takes_the_occasion_nearest_publication_when_the_article_dates_two():
    from waqai.transforms.extract import extract_document

    text = ("وصل وزير الخارجية الهندي إلى طوكيو الأربعاء في زيارة تستمر يومين.\n"
            "وكان وزير الخارجية الهندي قد زار طوكيو الشهر الماضي في رحلة قصيرة.\n"
            "وقال مسؤول ياباني بعد وصول الوزير الهندي إلى طوكيو إن المحادثات ستكون صعبة.")
    rows = [m for m in extract_document("d_t", text, dt.date(2019, 3, 7)) if m["target_code"] == "JPN"]
    assert {m["sentence_index"]: m["date_value"] for m in rows} == {0: "2019-03-06", 1: "2019-02", 2: "2019-03-06"}


def test_a_meeting_told_by_a_past_verb_takes_no_later_day_from_the_next_sentence():
    text = ("محادثات صينية كورية شمالية\n"
            "والتقى وزير الخارجية الصيني الزعيم الكوري الشمالي مرتين في بيونغ يانغ.\n"
            "ويلتقي وزير الخارجية الصيني نظيره الكوري في قمة 12 يونيو المقبل.")
    m = _visits(text, dt.date(2018, 5, 23))[("CHN", "PRK")]
    assert m["event_date"] is None


def test_another_official_of_the_travellers_state_does_not_date_the_trip_from_the_sentence_before():
    text = ("محادثات أمريكية كورية\n"
            "واجتمع الرئيس الأمريكي دونالد ترامب الخميس بمستشاريه في البيت الأبيض.\n"
            "وزار وزير الخارجية الأمريكي مايك بومبيو كوريا الشمالية.")
    m = _visits(text, dt.date(2018, 4, 27))[("USA", "PRK")]
    assert m["event_date"] is None


def test_the_traveller_named_in_the_sentence_before_dates_the_trip():
    text = ("محادثات أمريكية كورية\n"
            "واجتمع وزير الخارجية الأمريكي مايك بومبيو الخميس بمستشاريه.\n"
            "وزار بومبيو كوريا الشمالية.")
    m = _visits(text, dt.date(2018, 4, 27))[("USA", "PRK")]
    assert m["date_value"] == "2018-04-26"


def test_a_banquet_of_both_parties_in_another_sentence_dates_an_undated_reception():
    text = ("مصالحة في القرن الأفريقي\n"
            "وأعلن الرئيس الإريتري ورئيس الوزراء الإثيوبي مساء الأحد خلال مأدبة عشاء عن إعادة فتح الحدود.\n"
            "ووقع الطرفان بيانا مشتركا للسلام.\n"
            "واستقبل الرئيس الإريتري رئيس الوزراء الإثيوبي في مطار أسمرة.")
    m = _visits(text, dt.date(2018, 7, 9))[("ETH", "ERI")]
    assert (m["date_value"], m["date_basis"]) == ("2018-07-08", "adjacent_sentence")


def test_a_mention_dated_after_publication_by_another_sentence_is_planned():
    from waqai.transforms.extract import extract_document

    text = ("زيارة مرتقبة\n"
            "ويزور الرئيس الأمريكي لندن في 13 يوليو المقبل.\n"
            "ويقول محللون إن زيارة الرئيس الأمريكي للندن قد تثير احتجاجات.")
    rows = {m["sentence_index"]: m for m in extract_document("d_p", text, dt.date(2018, 4, 27))
            if m["target_code"] == "GBR"}
    assert (rows[2]["date_value"], rows[2]["date_basis"], rows[2]["status"]) == ("2018-07-13", "document_context", "planned")


def test_a_pluperfect_many_words_before_the_visit_still_tells_of_an_earlier_one():
    text = ("الرئيس المصري في الخرطوم\n"
            "وكان الرئيس المصري قد استهل أيضا أول جولة خارجية له في ولايته الأولى بزيارة السودان.")
    m = _visits(text, dt.date(2018, 7, 19))[("EGY", "SDN")]
    assert (m["event_date"], m["date_basis"]) == (None, "earlier_than_report")


def test_an_arrival_hours_before_a_dated_announcement_falls_on_its_day():
    text = ("عقوبات جديدة\n"
            "وأعلن الرئيس الفرنسي، الجمعة، عن خطة جديدة للطاقة، بعد ساعات على وصول رئيس الوزراء الفرنسي إلى المغرب.")
    m = _visits(text, dt.date(2018, 2, 25))[("FRA", "MAR")]
    assert m["date_value"] == "2018-02-23"


def test_an_official_who_goes_on_speaking_is_where_he_spoke_on_the_day_he_spoke():
    text = ("تصريحات في الرياض\n"
            "قال وزير الخارجية الأميركي، مايك بومبيو، الأحد، إن بلاده لن تتهاون.\n"
            "وأضاف بومبيو خلال مؤتمر صحفي مع نظيره السعودي في الرياض، أن المنطقة تواجه تحديات.")
    m = _visits(text, dt.date(2018, 4, 29))[("USA", "SAU")]
    assert (m["date_value"], m["date_basis"]) == ("2018-04-29", "adjacent_sentence")


STATED_STAYS = [
    ("زيارة تستمر ثلاثة أسابيع", 21),
    ("جولة تستمر لأسبوعين", 14),
    ("زيارة تمتد على ثلاثة أسابيع", 21),
    ("زيارة رسمية تستغرق يومين", 2),
    ("زيارة تستمر 4 أيام", 4),
    ("زيارة", None),
    ("مهمة تستمر عاما", None),
]


@pytest.mark.parametrize("text,days", STATED_STAYS, ids=[t for t, _ in STATED_STAYS])
def test_the_stated_length_of_a_stay_in_days(text, days):
    from waqai.transforms.dates.stay import stated_length
    from waqai.transforms.normalize import normalize

    n = normalize(text).text
    assert stated_length(n, 0, len(n)) == days


def test_a_meeting_the_day_before_a_dated_signing_takes_that_day():
    text = ("مصالحة في القرن الأفريقي\n"
            "ووقع الزعيمان بيانا مشتركا الاثنين، غداة اللقاء التاريخي بين رئيس الوزراء الإثيوبي والرئيس الإريتري في أسمرة.")
    m = _visits(text, dt.date(2018, 7, 10))[("ETH", "ERI")]
    assert (m["date_value"], m["date_rule"]) == ("2018-07-08", "DATE-ANCHORED-REVERSE")


def test_a_visit_placed_from_another_event_takes_no_day_from_the_sentence_before():
    text = ("لقاء مرتقب\n"
            "يعتزم الرئيس الأمريكي دونالد ترامب استقبال ولي العهد السعودي الأمير محمد بن سلمان الثلاثاء في واشنطن.\n"
            "وسيكون هذا اللقاء الثاني بعد نحو عشرة أشهر على زيارة ترامب للرياض.")
    m = _visits(text, dt.date(2018, 3, 18))[("USA", "SAU")]
    assert (m["event_date"], m["status"]) == (None, "occurred")


def test_a_traveller_who_speaks_in_the_next_sentence_speaks_on_the_way():
    text = ("قمة أمنية في سنغافورة\n"
            "وسافر وزير الدفاع الأمريكي جيم ماتيس إلى سنغافورة لحضور مؤتمر أمني سنوي.\n"
            "وقال ماتيس للصحفيين على متن طائرته يوم الخميس إن المحادثات مهمة.")
    m = _visits(text, dt.date(2018, 6, 1))[("USA", "SGP")]
    assert (m["date_value"], m["date_basis"]) == ("2018-05-31", "adjacent_sentence")


def test_a_visit_placed_in_a_season_takes_its_year_not_a_day_from_the_sentence_before():
    text = ("قمة مرتقبة\n"
            "والتقى الرئيس الأمريكي المبعوث الكوري الشمالي الأربعاء في البيت الأبيض.\n"
            "وسبقت اللقاء محادثات في بيونغ يانغ في الربيع بين كيم جونغ أون ومايك بومبيو.")
    m = _visits(text, dt.date(2018, 6, 1))[("USA", "PRK")]
    assert (m["date_value"], m["date_precision"]) == ("2018", "year")


def test_a_visit_placed_in_a_decade_takes_no_date_from_the_article():
    text = ("علاقات قديمة\n"
            "وصل الرئيس الفرنسي إلى الجزائر الاثنين في زيارة رسمية.\n"
            "وكان رئيس فرنسي قد زار الجزائر في الثمانينيات.\n"
            "وزار الرئيس الفرنسي الجزائر في السبعينيات أيضا.")
    from waqai.transforms.extract import extract_document

    m = [r for r in extract_document("d_n", text, dt.date(2018, 6, 1)) if r["sentence_index"] == 3][0]
    assert (m["target_code"], m["event_date"]) == ("DZA", None)


def test_the_first_time_in_years_counts_from_the_last_meeting_not_this_one():
    text = ("لقاء نادر\n"
            "والتقى رئيس جنوب السودان الأربعاء نظيره الإثيوبي في أديس أبابا، للمرة الأولى منذ عامين.")
    m = _visits(text, dt.date(2018, 6, 22))[("SSD", "ETH")]
    assert m["date_value"] == "2018-06-20"


def test_a_visit_told_with_sabaqa_wa_is_an_earlier_one():
    text = ("زيارة رسمية\n"
            "ويصل الشيخ محمد بن زايد إلى موسكو الخميس.\n"
            "وسبق وزار الشيخ محمد بن زايد روسيا لبحث التعاون.")
    visits = [m for m in __import__("waqai.transforms.extract", fromlist=["x"]).extract_document("d_e", text, dt.date(2018, 5, 30))
              if m["sentence_index"] == 2]
    assert [(m["target_code"], m["event_date"], m["date_basis"]) for m in visits] == [("RUS", None, "earlier_than_report")]


NTH_DAY_SENTENCES = [
    ("وقالت المتحدثة باسم الخارجية الأمريكية السبت إن وزير الخارجية الأمريكي أجرى محادثات مثمرة في ثاني أيام زيارته لبيونغ يانغ.",
     dt.date(2018, 7, 7), ("USA", "PRK"), "2018-07-06"),
    ("وألقى الرئيس الفرنسي الأربعاء خطابا أمام الكونغرس في ثالث يوم من زيارة الدولة إلى الولايات المتحدة.",
     dt.date(2018, 4, 26), ("FRA", "USA"), "2018-04-23"),
]


@pytest.mark.parametrize("text, published, dyad, start", NTH_DAY_SENTENCES, ids=["ثاني أيام زيارته", "ثالث يوم من زيارة"])
def test_the_sentence_day_on_the_nth_day_of_a_visit_dates_its_start(text, published, dyad, start):
    m = _visits("عنوان\n" + text, published)[dyad]
    assert (m["date_value"], m["date_rule"]) == (start, "DATE-STAY-NTH-DAY")


def test_a_visit_under_way_starts_on_the_arrival_day_the_article_gives():
    text = ("المبعوث الأممي في صنعاء\n"
            "ووصل المبعوث الأممي إلى اليمن مارتن غريفيث، السبت، إلى صنعاء.\n"
            "وتدرس الأطراف عرض المبعوث الأممي مارتن غريفيث، الذي يزور صنعاء حاليا.")
    from waqai.transforms.extract import extract_document

    rows = {m["sentence_index"]: m for m in extract_document("d_w", text, dt.date(2018, 6, 17)) if m["target_code"] == "YEM"}
    assert (rows[2]["date_value"], rows[2]["date_basis"]) == ("2018-06-16", "document_context")


def test_a_view_given_during_a_visit_is_dated_on_a_day_of_it():
    m = _visits("عنوان\nاعتبرت المستشارة الألمانية، الجمعة، خلال زيارة إلى واشنطن أن الاتفاق غير كاف.",
                dt.date(2018, 4, 27))[("DEU", "USA")]
    assert m["date_value"] == "2018-04-27"


def test_the_last_of_three_days_of_a_visit_dates_its_start():
    m = _visits("عنوان\nوألقى الرئيس الفرنسي الأربعاء خطابا في اليوم الثالث والأخير من زيارته إلى الولايات المتحدة.",
                dt.date(2018, 4, 26))[("FRA", "USA")]
    assert (m["date_value"], m["date_rule"]) == ("2018-04-23", "DATE-STAY-NTH-DAY")


def test_this_visit_several_sentences_on_is_the_visit_dated_earlier():
    # "وتعد هذه الزيارة ...": the visit the opening sentence dates, however many sentences on
    text = ("لقاء في أنقرة\n"
            "يلتقي رئيس الوزراء العراقي الرئيس التركي الخميس في أنقرة.\n"
            "ويبحث الجانبان ملف المياه.\n"
            "ويحضر الوفد حفلا ثقافيا.\n"
            "ويضم الوفد عددا من الوزراء.\n"
            "وتعد هذه الزيارة الثالثة لرئيس الوزراء العراقي إلى تركيا هذا العام.")
    from waqai.transforms.extract import extract_document

    m = [r for r in extract_document("d_n", text, dt.date(2024, 3, 12)) if r["sentence"].startswith("وتعد")][0]
    # (the third visit is the highest count the article gives: the pair's dated visit, by context)
    assert m["date_value"] == "2024-03-14" and m["date_basis"] in ("adjacent_sentence", "document_context")


def test_a_date_after_an_incident_named_after_the_visit_dates_the_incident():
    from waqai.transforms.extract import extract_document

    text = ("تحقيق دولي\n"
            "وتزامن ذلك مع قدوم مفتشي الوكالة الدولية للطاقة الذرية إلى إيران لتقصي الحقائق المحيطة بوقوع انفجار في المنشأة بتاريخ 3 مارس.")
    (m,) = [r for r in extract_document("d_t", text, dt.date(2024, 3, 12)) if r["event_type"] == "visit"]
    assert m["date_value"] != "2024-03-03"


def test_a_meeting_word_with_its_pronoun_dates_an_undated_visit_from_the_next_sentence():
    # "لدى بدء محادثاته في بروكسل": the possessive ending does not hide the meeting word, which
    # is a trigger itself now: its mention is dated and dates the undated one of the lead
    text = ("عبر وزير الخارجية الإيراني عن تفاؤله إثر محادثات جمعته في مدريد بالقوى الأوروبية.\n"
            "أكد وزير الخارجية الإيراني الثلاثاء أن الجهود على المسار الصحيح، لدى بدء محادثاته في مدريد.")
    from waqai.transforms.extract import extract_document
    rows = [r for r in extract_document("x", text, dt.date(2019, 5, 16)) if (r["actor_code"], r["target_code"]) == ("IRN", "ESP")]
    assert sorted((r["sentence_index"], r["date_value"]) for r in rows) == [(0, "2019-05-14"), (1, "2019-05-14")]


def test_a_visit_mention_dated_days_after_the_arrival_the_article_dates_takes_the_arrival_day():
    text = ("وصل الرئيس الفرنسي مساء الأحد إلى المغرب.\n"
            "وقالت الرئاسة إن زيارة الرئيس الفرنسي إلى المغرب شهدت الثلاثاء توقيع اتفاقات.")
    from waqai.transforms.extract import extract_document

    rows = [r for r in extract_document("x", text, dt.date(2024, 5, 8)) if (r["actor_code"], r["target_code"]) == ("FRA", "MAR")]
    assert {r["date_value"] for r in rows} == {"2024-05-05"}


def test_a_visit_told_in_a_report_that_runs_on_from_a_dated_statement_takes_its_day():
    # the statement's sentence, then "وأضاف ..." and "وقال: ..." that go on with it, then
    # "خلال زيارة": the speaker was there on the day he spoke
    text = ("قال وزير الدفاع الأمريكي، جيم ماتيس، الثلاثاء، إن المحادثات تسير بشكل جيد.\n"
            "وأضاف ماتيس أن بلاده ملتزمة بأمن المنطقة.\n"
            "وقال: \"سنواصل العمل مع شركائنا\".\n"
            "وأضاف ماتيس في تصريحات أدلى بها خلال زيارة لفيتنام إن التعاون يتوسع.")
    m = _visits(text, dt.date(2018, 10, 17))[("USA", "VNM")]
    assert (m["date_value"], m["date_basis"]) == ("2018-10-16", "adjacent_sentence")


def test_a_visit_he_is_returning_from_is_not_dated_by_the_day_he_speaks():
    text = ("قال وزير الدفاع الأمريكي، جيم ماتيس، الثلاثاء، إن المحادثات تسير بشكل جيد.\n"
            "وأضاف ماتيس للصحفيين أثناء عودته من زيارة لفيتنام إن التعاون يتوسع.")
    m = _visits(text, dt.date(2018, 10, 17))[("USA", "VNM")]
    assert m["event_date"] is None


def test_at_a_joint_press_conference_the_hosts_dated_word_dates_the_visit():
    text = ("أعلنت الحكومة المغربية، الاثنين، أن التعاون مع تونس سيتوسع.\n"
            "وقال وزير الخارجية المغربي في مؤتمر صحفي مشترك، مع نظيره التونسي، في الرباط إن البلدين متفقان.")
    m = _visits(text, dt.date(2019, 10, 15))[("TUN", "MAR")]
    assert (m["date_value"], m["date_basis"]) == ("2019-10-14", "adjacent_sentence")


def test_another_travellers_dated_trip_does_not_date_the_undated_one():
    from waqai.transforms.extract import extract_document

    text = ("زيارة مرتقبة\n"
            "ويزور الرئيس المصري تونس قريبا.\n"
            "وكان وزير الخارجية المصري سامح شكري زار تونس يومي 24 و25 جانفي الماضي.")
    rows = {m["sentence_index"]: m for m in extract_document("d_q", text, dt.date(2018, 2, 18))}
    assert (rows[1]["event_date"], rows[1]["status"]) == (None, "planned")
    assert rows[2]["date_value"] == "2018-01-24"


def test_a_pluperfect_with_a_long_subject_tells_of_an_earlier_trip():
    from waqai.transforms.extract import extract_document

    text = ("بومبيو في بيونغ يانغ\n"
            "وصل وزير الخارجية الأمريكي مايك بومبيو إلى بيونغ يانغ الجمعة.\n"
            "وكان وزير الخارجية الأمريكي مايك بومبيو قد التقى الزعيم الكوري الشمالي في بيونغ يانغ تحضيرا للقمة.")
    rows = {m["sentence_index"]: m for m in extract_document("d_k", text, dt.date(2018, 7, 7))}
    assert rows[1]["date_value"] == "2018-07-06"
    assert (rows[2]["event_date"], rows[2]["date_basis"]) == (None, "earlier_than_report")


def test_the_nth_day_of_a_sentence_does_not_move_a_meeting_day_another_sentence_gives():
    from waqai.transforms.extract import extract_document

    text = ("صور لزيارة الرئيس\n"
            "استقبلت الملكة الرئيس الأمريكي في بريطانيا، مساء الخميس.\n"
            "في اليوم الثاني من زيارته للمملكة المتحدة، اجتمع الرئيس الأمريكي مع رئيسة الوزراء البريطانية في تشيكرز.")
    (m,) = extract_document("d_s", text, dt.date(2018, 7, 13))
    assert (m["date_value"], m["date_basis"]) == ("2018-07-12", "adjacent_sentence")


def test_an_election_year_before_the_talks_dates_the_election():
    text = ("وعرض الرئيس الروسي استجواب عناصر متهمين بالتدخل في الانتخابات الأمريكية في 2016، "
            "وذلك في ختام محادثات أجراها مع نظيره الأمريكي في هلسنكي.")
    rows = _visits(text, dt.date(2018, 7, 16))
    assert all(m["event_date"] is None for m in rows.values())


def test_a_visit_dated_by_a_neighbour_sentence_dates_the_other_mentions_of_its_pair():
    from waqai.transforms.extract import extract_document

    text = ("تحذير إيراني\n"
            "دعا وزير الخارجية الإيراني محمد جواد ظريف، الأربعاء، إلى احترام الاتفاق.\n"
            "وقال ظريف لصحفيين في بوخارست إن على واشنطن الوفاء بالتزاماتها.\n"
            "وتطرق إلى ملفات إقليمية عدة.\n"
            "ولم يعلق على العقوبات.\n"
            "وقال ظريف الذي يزور رومانيا إن بلاده ملتزمة بالاتفاق.")
    rows = {m["sentence_index"]: m for m in extract_document("d_z", text, dt.date(2016, 11, 9))}
    assert (rows[2]["date_value"], rows[2]["date_basis"]) == ("2016-11-09", "adjacent_sentence")
    # (the lead also dates it: the same speaker's statement day)
    assert rows[5]["date_value"] == "2016-11-09" and rows[5]["date_basis"] in ("document_context", "adjacent_sentence")


def test_a_visit_to_a_named_summit_takes_the_finer_date_another_sentence_gives_that_summit():
    from waqai.transforms.extract import extract_document

    text = ("تهديد أمني\n"
            "تعرض الرئيس الأمريكي لتهديد خلال زيارته إلى الفلبين العام الماضي، لحضور قمة رابطة دول جنوب شرق آسيا.\n"
            "ورفعت مانيلا مستوى الخطر بالتزامن مع قمة رابطة دول جنوب شرق آسيا، في نوفمبر الماضي.")
    (m,) = extract_document("d_o", text, dt.date(2018, 10, 15))
    assert (m["date_value"], m["date_precision"], m["date_basis"]) == ("2017-11", "month", "adjacent_sentence")


def test_a_visit_counted_back_from_another_dated_visit_to_the_same_host():
    from waqai.transforms.extract import extract_document

    text = ("زيارة صعبة\n"
            "تصل المستشارة الألمانية أنغيلا ميركل الجمعة إلى واشنطن لإجراء محادثات مع الرئيس الأمريكي.\n"
            "وتأتي زيارة العمل التي تقوم بها ميركل بعد يومين من زيارة الدولة التي أجراها ماكرون لواشنطن.")
    rows = {(m["actor_code"], m["sentence_index"]): m for m in extract_document("d_c", text, dt.date(2018, 4, 27))}
    assert rows[("DEU", 1)]["date_value"] == "2018-04-27"
    assert (rows[("FRA", 2)]["date_value"], rows[("FRA", 2)]["date_basis"]) == ("2018-04-25", "adjacent_sentence")


def test_a_visit_to_the_state_hosting_a_summit_takes_the_summits_date():
    from waqai.transforms.extract import extract_document

    text = ("قمة مرتقبة\n"
            "تتواصل الاستعدادات للقمة المقررة في هانوي بين الرئيس الأمريكي والزعيم الكوري الشمالي.\n"
            "وأفادت تقارير بأن القمة بين ترامب وكيم في 27 فبراير ستتناول نزع السلاح النووي.\n"
            "وتثير زيارة كيم لفيتنام تحديات أمنية كبيرة.\n"
            "وكان أول زعيم كوري شمالي زار فيتنام هو جده.")
    rows = {(m["actor_code"], m["sentence_index"]): m for m in extract_document("d_s", text, dt.date(2019, 2, 10))}
    kim = rows[("PRK", 3)]
    assert (kim["date_value"], kim["date_basis"], kim["status"]) == ("2019-02-27", "adjacent_sentence", "planned")
    assert rows[("PRK", 4)]["date_value"] is None  # a trip told as done is not the summit ahead


def test_a_sentence_set_in_a_month_of_its_own_takes_no_neighbours_day():
    from waqai.transforms.extract import extract_document

    text = ("أزمة سياسية\n"
            "وقال الرئيس الفرنسي الجمعة في مقابلة تلفزيونية إن بلاده ساعدت في حل الأزمة.\n"
            "وكان رئيس الوزراء اللبناني قد أعلن في 4 تشرين الثاني/نوفمبر الماضي استقالته، ثم بقي أسبوعين قبل أن يغادر ويسافر إلى باريس.")
    rows = [m for m in extract_document("d_f", text, dt.date(2018, 5, 29)) if m["actor_code"] == "LBN"]
    assert [(m["target_code"], m["status"], m["date_value"]) for m in rows] == [("FRA", "occurred", None)]


def test_a_visit_quoted_from_a_tweet_takes_not_the_tweets_day():
    from waqai.transforms.extract import extract_document

    text = ("تعليق إماراتي\n"
            "علق وزير الدولة الإماراتي للشؤون الخارجية الاثنين على الزيارة.\n"
            'وجاء ذلك في تغريدة للوزير، حيث قال: "الزيارة التاريخية لولي العهد السعودي إلى الأردن تدعو للتفاؤل".')
    rows = [m for m in extract_document("d_t", text, dt.date(2018, 3, 6)) if m["sentence_index"] == 2]
    assert [(m["actor_code"], m["target_code"], m["date_value"]) for m in rows] == [("SAU", "JOR", None)]


def test_a_trip_to_come_soon_takes_not_the_day_it_was_announced():
    from waqai.transforms.extract import extract_document

    text = ("لقاء في البيت الأبيض\n"
            "والتقى الرئيس الأمريكي ولي العهد السعودي في واشنطن الثلاثاء.\n"
            "وقال الرئيس الأمريكي إن العاهل الأردني سيزور واشنطن قريبا.")
    rows = [m for m in extract_document("d_q", text, dt.date(2018, 3, 20)) if m["actor_code"] == "JOR"]
    assert [(m["status"], m["date_value"]) for m in rows] == [("planned", None)]


def test_the_next_sentence_dating_the_meeting_dates_the_visit_just_told():
    from waqai.transforms.extract import extract_document

    text = ("زيارة سرية\n"
            "وقال أحد المصادر إن مدير الاستخبارات الأمريكية التقى مسؤولين خلال زيارته إلى كوبا. وجرى اللقاء خلال مطلع أبريل/ نيسان الجاري.")
    rows = [m for m in extract_document("d_a", text, dt.date(2018, 4, 18)) if m["target_code"] == "CUB"]
    assert [(m["date_value"], m["date_basis"]) for m in rows] == [("2018-04", "adjacent_sentence")]


def test_in_an_article_of_an_invitation_an_undated_planned_trip_of_the_guest_is_the_invitation():
    from waqai.transforms.extract import extract_document

    invitation = ("الرئيس الصيني يدعو نظيره البرازيلي لزيارة بكين\n"
                  "دعا الرئيس الصيني نظيره البرازيلي لزيارة الصين في الخريف.\n"
                  "ما هو رد الفعل على الزيارة المزمعة للرئيس البرازيلي إلى الصين؟")
    assert [m for m in extract_document("d_i", invitation, dt.date(2018, 7, 20)) if m["actor_code"] == "BRA"] == []
    accepted = invitation + "\nوقد قبل الرئيس البرازيلي الدعوة."
    rows = [m for m in extract_document("d_j", accepted, dt.date(2018, 7, 20)) if m["actor_code"] == "BRA"]
    assert [(m["target_code"], m["status"]) for m in rows] == [("CHN", "planned")]


def test_what_will_coincide_with_a_visit_takes_no_earlier_day_of_the_narrative():
    from waqai.transforms.extract import extract_document

    text = ("صفقة أسلحة\n"
            "أعلن البيت الأبيض الجمعة عن صفقة جديدة.\n"
            "وهذه الحزمة يجري ترتيبها كي تتزامن مع زيارة الرئيس الأمريكي للسعودية.")
    rows = [m for m in extract_document("d_z", text, dt.date(2017, 5, 13)) if m["event_type"] == "visit"]
    assert [(m["target_code"], m["date_value"]) for m in rows] == [("SAU", None)]


def test_a_visit_dated_by_its_week_takes_the_day_another_sentence_gives_inside_it():
    from waqai.transforms.extract import extract_document

    text = ("قمة مرتقبة\n"
            "يزور الرئيس الأمريكي سنغافورة الأسبوع المقبل.\n"
            "ويصل الرئيس الأمريكي إلى سنغافورة يوم 12 يونيو.")
    rows = [m for m in extract_document("d_w", text, dt.date(2018, 6, 6)) if m["target_code"] == "SGP"]
    assert sorted((m["sentence_index"], m["date_value"]) for m in rows) == [(1, "2018-06-12"), (2, "2018-06-12")]


def test_a_visit_told_as_another_occasion_is_marked_so_for_the_merger():
    # "قام بزيارة ثانية إلى الصين" beside the March visit; "أول رئيس ... زار بيونغيانغ كان ..."
    from waqai.transforms.extract import extract_document
    text = ("زيارة ثانية. زار الزعيم الكوري الشمالي الصين في مارس. وقالت وسائل إعلام إن الزعيم الكوري الشمالي "
            "قام بزيارة ثانية إلى الصين. ويذكر أن أول رئيس كوري جنوبي زار بيونغيانغ كان الرئيس كيم داي جونغ.")
    rows = extract_document("t", text, dt.date(2018, 5, 8))
    bases = {(r["actor_code"], r["target_code"], r["date_basis"]) for r in rows}
    assert ("PRK", "CHN", "another_occasion") in bases and ("KOR", "PRK", "another_occasion") in bases
    assert ("PRK", "CHN", "relative_to_publication") in bases


def test_a_count_of_trips_is_marked_as_several_occasions_for_the_merger():
    # "وزير الخارجية الذي زار بيونغ يانغ مرتين": a sum of two trips, neither of them alone
    from waqai.transforms.extract import extract_document
    text = "مباحثات جديدة. وقال وزير الخارجية الياباني الذي زار بكين مرتين إن العلاقات تتحسن."
    rows = extract_document("t", text, dt.date(2018, 5, 8))
    assert [(r["actor_code"], r["target_code"], r["date_basis"]) for r in rows] == [("JPN", "CHN", "several_occasions")]


def test_a_number_of_times_is_a_count_of_trips():
    # "زار الرئيس الروسي الصين 19 مرة منذ عام 2000": numbers from eleven up take the singular
    from waqai.transforms.extract import extract_document
    text = "علاقات وثيقة. وقال المسؤول إن الرئيس الفرنسي زار الجزائر 12 مرة منذ توليه منصبه."
    rows = extract_document("t", text, dt.date(2018, 6, 8))
    assert [(r["actor_code"], r["target_code"], r["date_basis"]) for r in rows] == [("FRA", "DZA", "several_occasions")]


def test_a_now_in_a_quote_does_not_date_an_earlier_trip():
    # "وكان ... قد سافر ... فيما بعث برسالة قال فيها: "الآن يجب الفوز"": the speaker's now
    from waqai.transforms.extract import extract_document
    text = ('مباراة حاسمة. وكان الرئيس الفرنسي قد سافر إلى روسيا لحضور المباراة فيما بعث برسالة إلى المدرب '
            'قال فيها: "الآن يجب أن نفوز".')
    rows = extract_document("t", text, dt.date(2018, 7, 13))
    assert [(r["actor_code"], r["target_code"], r["date_value"], r["date_basis"]) for r in rows] == [
        ("FRA", "RUS", None, "earlier_than_report")]


def test_forces_in_the_areas_they_hold_are_marked_present_for_the_merger():
    # "قريبة من مناطق انتشار القوات الروسية", "وافق البرلمان على تمديد نشر قوات": forces
    # already there, background to the deployments the news reports
    from waqai.transforms.extract import extract_document
    text = ("خريطة النفوذ. وتوجد الميليشيات قريبة من مناطق انتشار القوات الروسية في سوريا. "
            "ووافق البرلمان التركي على تمديد نشر قوات تركية في العراق لعام آخر.")
    rows = extract_document("t", text, dt.date(2018, 10, 4))
    assert sorted((r["actor_code"], r["target_code"], r["date_basis"]) for r in rows) == [
        ("RUS", "SYR", "forces_present"), ("TUR", "IRQ", "forces_present")]


def test_an_undated_event_right_after_a_flashback_goes_on_with_it():
    # "وكان ترامب فاجأ العالم في مارس الماضي ... وذكر مسؤول كوري جنوبي بعد محادثات في البيت
    # الأبيض": the talks belong to the March flashback, not to the days of the report
    from waqai.transforms.extract import extract_document
    text = ("قمة مرتقبة. وقال الرئيس الأميركي الاثنين إنه يفضل عقد القمة على الحدود. وكان الرئيس الأميركي "
            "فاجأ العالم في مارس الماضي، عندما قبل دعوة زعيم كوريا الشمالية. وذكر مسؤول كوري جنوبي كبير بعد "
            "محادثات في البيت الأبيض، أن الزعيمين سيلتقيان قريبا.")
    rows = extract_document("t", text, dt.date(2018, 4, 30))
    assert [(r["actor_code"], r["target_code"], r["date_value"], r["date_basis"]) for r in rows] == [
        ("KOR", "USA", None, "earlier_than_report")]


def test_an_undated_event_after_a_recent_background_sentence_stays_undated():
    # (a "وكان" sentence of last week's news is no flashback)
    from waqai.transforms.extract import extract_document
    text = ("قمة مرتقبة. وكان الرئيس الأميركي قال الاثنين إنه يفضل عقد القمة على الحدود. وذكر مسؤول كوري "
            "جنوبي كبير بعد محادثات في البيت الأبيض، أن الزعيمين سيلتقيان قريبا.")
    rows = extract_document("t", text, dt.date(2018, 4, 30))
    assert [(r["actor_code"], r["target_code"], r["date_basis"]) for r in rows] == [("KOR", "USA", "none")]


def test_a_count_of_trips_beats_told_as_recent_and_the_reports_day():
    # "زار ... مرتين في الآونة الأخيرة" and "نقلت ... الأحد ... أول زيارة إلى الصين التي زارها
    # مرتين": counts of trips, not one trip earlier than the report nor one on the report's day
    from waqai.transforms.extract import extract_document
    text = "زيارات متكررة. وزار الرئيس الكوري الجنوبي مون جاي إن اليابان مرتين في الآونة الأخيرة لإجراء محادثات."
    rows = extract_document("t", text, dt.date(2018, 5, 18))
    assert [(r["actor_code"], r["target_code"], r["date_basis"]) for r in rows] == [("KOR", "JPN", "several_occasions")]


def test_a_leader_speaking_abroad_takes_the_day_the_lead_gives_his_statement():
    # the lead dates the statement the article reports; "وقال الرئيس الفرنسي في بكين" further
    # down is the same occasion, a day of the visit
    from waqai.transforms.extract import extract_document
    text = ("هدية للضيف\nأكد الرئيس الفرنسي إيمانويل ماكرون، الأربعاء، أنه أهدى نظيره الصيني نسخة نادرة من كتاب. "
            "وشاهد الصحفيون الهدية قبل بدء المؤتمر الصحفي. ويعرض الكتاب صورا قديمة. "
            "وقال الرئيس الفرنسي في بكين إنه اختار الهدية بنفسه.")
    rows = [r for r in extract_document("t", text, dt.date(2018, 1, 10)) if r["target_code"] == "CHN"]
    assert [(r["actor_code"], r["date_value"], r["date_basis"]) for r in rows] == [("FRA", "2018-01-10", "adjacent_sentence")]


def test_the_travellers_visit_dated_where_no_host_is_named_dates_his_trips():
    # "بزيارة الأمير ... المرتقبة هذا الخريف إلى البلدين" then "سيزور الكويت وقطر": his one visit,
    # dated by its season's year; an earlier trip placed after another ("عقب زيارة") is not
    from waqai.transforms.extract import extract_document
    text = ("ترحيب بالزيارة\nرحبت الحكومة، الخميس، بزيارة الأمير تشارلز المرتقبة هذا الخريف إلى البلدين. "
            "وأعلن القصر الملكي البريطاني، في وقت سابق، أن الأمير تشارلز سيزور الكويت وقطر.")
    rows = extract_document("t", text, dt.date(2018, 3, 1))
    assert sorted((r["target_code"], r["date_value"]) for r in rows) == [("KWT", "2018"), ("QAT", "2018")]
