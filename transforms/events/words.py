"""The function words the frames read, from `lexicons/<lang>/grammar.yaml`, as sets and the
patterns built on them (deal values, troop counts)."""
from __future__ import annotations

import re

from waqai.transforms.lexicons import function_words
from waqai.transforms.trie import trie_pattern

_WORDS = function_words("ar")

PREPOSITION_WORDS = set(_WORDS["prepositions"])
LOCATION_PREPS = set(_WORDS["location_prepositions"])
# Words after which a state is an opponent or an origin, never where forces go.
NOT_A_HOST = set(_WORDS["not_a_host"])
COORDINATORS = set(_WORDS["coordinators"])
# Words that open a new clause: a state before them is not the subject of the verb after them.
CLAUSE_OPENERS = set(_WORDS["clause_openers"])
OCCUPIED_MARKERS = set(_WORDS["occupied_markers"])
MISSION_NOUNS = set(_WORDS["mission_nouns"])
ITS_TERRITORY = set(_WORDS["its_territory"])
TEMPORAL_SUBORDINATORS = set(_WORDS["temporal_subordinators"])
CAUSAL_SUBORDINATORS = set(_WORDS["causal_subordinators"])
APPOINTMENT_NOUNS = set(_WORDS["appointment_nouns"])
PRIVATE_FORCES_RE = re.compile(r"(?<!\w)[وفبل]?(?:" + trie_pattern(_WORDS["private_forces"]) + r")(?!\w)")
# A backer named right after a backing word, perhaps behind its forces noun ("بإسناد من القوات").
BACKING_RE = re.compile(r"(?<!\w)[وف]?(?:" + trie_pattern(_WORDS["backing_words"]) + r")(?:\s+\S+){0,1}\s*$")
AUSPICES_WORDS = set(_WORDS["auspices_words"])
INCIDENT_NOUNS = set(_WORDS["incident_nouns"])
CONCLUDED_PARTICIPLES = set(_WORDS["concluded_participles"])
COUNT_ORDINALS = set(_WORDS["count_ordinals"])
ATTENDING_WORDS = set(_WORDS["attending_words"])
# "ويزور ترامب بريطانيا حاليا ومن المقرر أن يلتقي بوتين ... الاثنين": a plan joined by و opens
# a clause of its own; its date is not the first clause's.
PLAN_CLAUSE_RE = re.compile(r"(?<!\w)و(?:" + trie_pattern(_WORDS["plan_clause_openers"]) + r")(?!\w)")
SUPPORT_WORDS = set(_WORDS["support_words"])
OBJECT_RELATIVES = set(_WORDS["object_relatives"])
DEAL_PARTNER_PREPS = set(_WORDS["deal_partner_prepositions"])
EXPEL_WORDS = set(_WORDS["expel_words"])
AREA_NOUNS = set(_WORDS["area_nouns"])
MEETING_JOINERS = set(_WORDS["meeting_joiners"])
OCCASION_NOUNS = set(_WORDS["occasion_nouns"])
MEETING_WORDS = set(_WORDS["meeting_words"])
BACK_REFERENCES = set(_WORDS["back_references"])
VEHICLE_NOUNS = set(_WORDS["vehicle_nouns"])
MEETING_NAME_NOUNS = set(_WORDS["meeting_name_nouns"])
TOPIC_NOUNS = set(_WORDS["topic_nouns"])
MEDIA_NOUNS = re.compile(r"(?<!\w)[وف]?(?:ال)?(?:" + trie_pattern(_WORDS["media_nouns"]) + r")(?!\w)")
RESIDENT_TITLES = re.compile(r"(?<!\w)(?:ال)?(?:" + trie_pattern(_WORDS["resident_titles"]) + r")(?!\w)")


def _complementisers() -> tuple[re.Pattern, frozenset[str]]:
    # One list for the whole project, kept with the date grammar (dates.yaml), which first needed it.
    from waqai.transforms.dates.lexicon import load_date_lexicon

    forms = load_date_lexicon("ar").complementisers
    # Bare ones (أن، إن، بأن) open a clause with a subject of its own; أنه/أنها point back.
    bare = frozenset(f for f in forms if not re.search(r"(?:ه|ها|هم)$", f))
    return re.compile(r"(?<!\w)(?:" + trie_pattern(sorted(forms)) + r")(?!\w)"), bare


# "قال الوزير إن ...", "أعلنت أنها ...": where reported content begins.
COMPLEMENTISER, BARE_COMPLEMENTISERS = _complementisers()
# ("زيارة الدولة التي يقوم بها للولايات المتحدة": the kind of visit and a relative may come first)
VISIT_CARRIERS = re.compile(r"\s*(?:(?:ال)?(?:دوله|رسميه|عمل)\s+)?(?:(?:التي|الذي)\s+)?(?:" + trie_pattern(_WORDS["visit_carriers"]) + r")(?!\w)")
RELATIVE = re.compile(r"(?<!\w)(?:" + trie_pattern(_WORDS["antecedent_relatives"]) + r")(?!\w)")
VALUE_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(" + trie_pattern(_WORDS["value_scales"]) + r")\s*("
                      + trie_pattern(_WORDS["value_currencies"]) + ")")
TROOPS_RE = re.compile(r"(\d{1,3}(?:[,.]\d{3})*|\d+)\s*(?:من\s+)?(?:" + trie_pattern(_WORDS["troop_nouns"]) + ")")

# "اتفقا في قمة في نيسان على أن يزور بيونغ يانغ في الخريف": what was agreed lies ahead of the
# agreement (a visit told after it is planned; a day before على أن is the agreement's).
AGREED_TO_RE = re.compile(r"(?<!\w)علي\s+ان\s*$")
