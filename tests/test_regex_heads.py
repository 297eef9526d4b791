"""The start filters in front of the trigger and date scans: they change speed, never results.

A filter read off a pattern's first letters may let through positions where the pattern fails,
never skip one where it matches; these tests hold the filtered scans to the plain ones on
random text built from the patterns' own words, on the shipped samples and on the corpus."""
import gzip
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHARED, REPO
from waqai.transforms.dates.lexicon import load_date_lexicon
from waqai.transforms.events.mentions import _PREFIX, _SUFFIX, trigger_matches
from waqai.transforms.events.rules import load_event_lexicon
from waqai.transforms.normalize import normalize
from waqai.transforms.regex_heads import filtered_finditer, heads, start_filter
from waqai.transforms.sentences import split_sentences


@pytest.mark.parametrize("pattern, k, expected", [
    (r"(?:زار|زيار\w*|يزور)", 2, {"زا", "زي", "يز"}),
    (r"(?:ب|ال)?زياره", 3, {"بزي", "الز", "زيا"}),
    (r"في", 4, {"في"}),                          # a pattern shorter than k: its whole text
    (r"(?<!\w)نشر(?!\w)", 2, {"نش"}),            # look-arounds take no letters
    (r"[0-3]?\d", 1, None),                      # \d cannot be spelled out without a stand-in
    (r"\w+زار", 2, None),                        # starts with anything
    (r"ز?", 2, None),                            # may match nothing
])
def test_heads_are_the_first_letters_a_match_can_begin_with(pattern, k, expected):
    assert heads(pattern, k) == expected


def test_a_start_filter_spells_digits_and_spaces_as_classes():
    filt = start_filter(r"(?:يوم\s+)?[0-3]?\d\s+مارس", 3)
    assert filt is not None
    assert [m.start() for m in filt.finditer("في 12 مارس و يوم  3 مارس")] == [3, 4, 13, 18]


def _plain_triggers(text, start, end, title):
    """The scan the index replaced: one alternation of every rule, then every rule tried."""
    rules = load_event_lexicon().rules
    bodies = ["(?:" + r.trigger.pattern[len(_PREFIX):-len(_SUFFIX)] + ")" for r in rules
              if title or r.scope != "title"]
    scan = re.compile(r"(?<!\w)(?=(?:[وف])?(?:[بلك]?ال|لل)?(?:" + "|".join(bodies) + r")(?!\w))")
    out, reached = [], [start] * len(rules)
    for cand in scan.finditer(text, start, end):
        pos = cand.start()
        for i, rule in enumerate(rules):
            if pos < reached[i] or (not title and rule.scope == "title"):
                continue
            m = rule.trigger.match(text, pos, end)
            if m:
                out.append((i, m.start("t"), m.end("t")))
                reached[i] = max(m.end(), pos + 1)
    return sorted(out)


def _indexed_triggers(text, start, end, title):
    return sorted((i, s, e) for i, _, s, e in trigger_matches(text, start, end, title))


def _same_scans(text: str) -> None:
    lex = load_date_lexicon("ar")
    assert [m.span() for m in filtered_finditer(lex.pattern, lex.starts, text, 0, len(text))] == \
        [m.span() for m in lex.pattern.finditer(text)]
    for index, (s, e, _) in enumerate(split_sentences(text)):
        for title in {index == 0, False}:
            assert _indexed_triggers(text, s, e, title) == _plain_triggers(text, s, e, title)


WORDS = ["زار", "وزار", "الزياره", "بزيارته", "وصل", "وصول", "حل", "حل سياسي", "قوات", "نشر", "سحب", "صفقه",
         "استقبل", "في", "2018", "(2017)", "12", "مارس", "يوم", "الاحد", "الماضي", "امس", "منذ", "عام",
         "و", "،", ".", "\n", "(", ")", "-", "الي", "روسيا", "سوريا"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS) | st.text(alphabet="زاروصلحنشقتسبيمده0123 ", max_size=6), max_size=40)
       .map(" ".join))
def test_filtered_scans_equal_plain_scans_on_random_text(text):
    _same_scans(text)


def test_filtered_scans_equal_plain_scans_on_the_samples():
    for path in sorted((REPO / "samples" / "ar").rglob("*.txt")):
        _same_scans(normalize(path.read_text(encoding="utf-8")).text)


def test_filtered_scans_equal_plain_scans_on_corpus_articles():
    corpus = SHARED / "corpus" / "arabic_news.jsonl.gz"
    if not corpus.exists():
        pytest.skip(f"{corpus} is absent")
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 300:
                break
            _same_scans(normalize(json.loads(line)["text"]).text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["و", "ف", "ال", "بال", "لل", "ماس", "اخير", " ", "ب", "x", "،"]), max_size=25).map("".join),
       st.integers(min_value=0, max_value=6))
def test_whole_word_search_from_the_core_equals_the_plain_scan(text, pos):
    from waqai.transforms.coreference import _ANAPHOR, _ANAPHOR_CORES, _name_pattern, _whole_words

    assert [m.span() for core in _ANAPHOR_CORES for m in _whole_words(_ANAPHOR, core, text, 0, 4)] == \
        [m.span() for m in _ANAPHOR.finditer(text)]
    name = _name_pattern("ماس")
    assert [m.span() for m in _whole_words(name, "ماس", text, pos, 1)] == [m.span() for m in name.finditer(text, pos)]


def test_a_head_where_the_match_ends_must_end_its_word_when_asked():
    from waqai.transforms.regex_heads import heads_pattern

    filt = re.compile("(?=" + heads_pattern(r"(?:الان|حاليا)", 6, word_end=True) + ")")
    assert [m.start() for m in filt.finditer("الان الانسان حاليا")] == [0, 13]


def test_a_run_of_spaces_or_digits_is_one_stand_in_and_the_head_goes_on():
    from waqai.transforms.regex_heads import heads_pattern

    filt = re.compile("(?=" + heads_pattern(r"في\s+\d+\s+مارس", 8) + ")")
    assert [m.start() for m in filt.finditer("في  12 مارس، في سوريا، في 3   مارس")] == [0, 23]
