"""The status of a mention from the way the sentence tells it: a table of sentences (written
for this file) with the dyad and the status each must get."""
import datetime as dt

import pytest

from waqai.transforms.extract import extract_document

# (what it shows, sentence, published, (type, actor, target), status)
STATUSES = [
    ("a trip after قبل أن following a present act is planned",
     "يحضر وزير الخارجية الأمريكي الجمعة اجتماعا لحلف شمال الأطلسي في بروكسل، قبل أن يتوجه إلى الأردن.",
     dt.date(2018, 4, 26), ("visit", "USA", "JOR"), "planned"),
    ("a trip after قبل أن following a future act is planned",
     "سيشارك الرئيس الفرنسي في قمة أوروبية، قبل أن يتوجه إلى المغرب.",
     dt.date(2018, 4, 26), ("visit", "FRA", "MAR"), "planned"),
    ("a trip after قبل أن following a past act happened",
     "وحضر وزير الخارجية الأمريكي اجتماعا لحلف شمال الأطلسي في بروكسل، قبل أن يتوجه إلى الأردن.",
     dt.date(2018, 4, 30), ("visit", "USA", "JOR"), "occurred"),
    ("a fifth-form perfect (توقف) is past, so the trip after قبل أن happened",
     "وتوقف وزير الخارجية الأمريكي في بروكسل، قبل أن يتوجه إلى الأردن.",
     dt.date(2018, 4, 30), ("visit", "USA", "JOR"), "occurred"),
    ("a visit last week happened",
     "وزار الرئيس الفرنسي الجزائر الأسبوع الماضي.",
     dt.date(2018, 4, 30), ("visit", "FRA", "DZA"), "occurred"),
    ("a visit next week is planned",
     "ويزور الرئيس الفرنسي الجزائر الأسبوع المقبل.",
     dt.date(2018, 4, 30), ("visit", "FRA", "DZA"), "planned"),
    ("an arrival awaited (ننتظر أن يصل) is planned",
     "وقال المتحدث: ننتظر أن يصل الرئيس السوداني إلى جوبا قريبا.",
     dt.date(2018, 6, 25), ("visit", "SDN", "SSD"), "planned"),
    ("a visit the ministry is working on (يعمل على زيارة) is planned",
     "وكان البنتاغون يعمل على زيارة لوزير الدفاع الأمريكي إلى بكين.",
     dt.date(2018, 10, 1), ("visit", "USA", "CHN"), "planned"),
]


@pytest.mark.parametrize("case, text, published, dyad, status", STATUSES, ids=[s[0] for s in STATUSES])
def test_a_mention_takes_the_status_its_sentence_tells(case, text, published, dyad, status):
    got = {(m["event_type"], m["actor_code"], m["target_code"]): m["status"]
           for m in extract_document("d_s", "عنوان\n" + text, published)}
    assert got.get(dyad) == status
