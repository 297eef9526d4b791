"""Event mentions of a clause: trigger matches, then per rule its frame, status, date and slots."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from waqai.transforms.actors import ActorMention
from waqai.transforms.dates import DateExpression
from waqai.transforms.events.clause import Clause, _term_near
from waqai.transforms.events.dates_attach import _EARLIER_VISIT, _attach_date
from waqai.transforms.events.frames import _FRAMES
from waqai.transforms.events.rules import Rule, load_event_lexicon
from waqai.transforms.events.slots import _confidence, _troops, _value, _weapon
from waqai.transforms.events.phases import forces_travel
from waqai.transforms.events.status import _private_traveller, _status
from waqai.transforms.regex_heads import heads
from waqai.transforms.trie import trie_pattern


@dataclass
class Found:
    rule: Rule
    trigger_start: int
    trigger_end: int
    actor: ActorMention
    target: ActorMention
    status: str
    date: DateExpression | None
    confidence: float
    weapon: tuple[int, int] | None   # normalised span of the weapon named
    value: str | None
    troops: int | None


_PREFIX = r"(?<!\w)(?:[وف])?(?:[بلك]?ال|لل)?(?P<t>"
_SUFFIX = r")(?!\w)"


# A word's leading clitics, as every rule's pattern allows them (_PREFIX).
_CLITICS = tuple(a + b for a in ("", "و", "ف") for b in ("", "ال", "بال", "لال", "كال", "لل"))
_NONE: frozenset[int] = frozenset()
_HEAD = 5   # letters of a trigger's start that pick the rules worth trying at a word


@dataclass(frozen=True)
class _TriggerIndex:
    scan: re.Pattern                 # zero-width at each word where some trigger may start
    rules_by_head: dict[str, frozenset[int]]
    always: frozenset[int]           # rules whose start cannot be read: tried at every candidate
    picked: dict[str, tuple[int, ...]]  # memo: the text at a candidate -> rules to try there


@lru_cache(maxsize=None)
def _trigger_index(title: bool = True) -> _TriggerIndex:
    """Which rules can start at a word, read off the first letters of their patterns.

    Trying every rule at every word, or one alternation of all their patterns, made the
    trigger scan a third of extraction time: Python's engine walks the alternatives one by
    one at each word. A trie of the patterns' first letters finds the few words where a
    trigger may start, and those letters pick the rules to try there."""
    by_head: dict[str, set[int]] = {}
    always: set[int] = set()
    for i, rule in enumerate(load_event_lexicon().rules):
        if not title and rule.scope == "title":
            continue  # "في" of a headline rule would make every في a candidate
        p = rule.trigger.pattern
        assert p.startswith(_PREFIX) and p.endswith(_SUFFIX), rule.id
        found = heads(p[len(_PREFIX):-len(_SUFFIX)], _HEAD)
        if found is None:
            always.add(i)
            continue
        for h in found:
            by_head.setdefault(h, set()).add(i)
    if always:
        scan = re.compile(r"(?<!\w)(?=\w)")
    else:
        scan = re.compile(r"(?<!\w)(?=(?:[وف])?(?:[بلك]?ال|لل)?" + trie_pattern(by_head) + ")")
    return _TriggerIndex(scan, {h: frozenset(v) for h, v in by_head.items()}, frozenset(always), {})


def _rules_at(index: _TriggerIndex, text: str, pos: int) -> tuple[int, ...]:
    """Indices of the rules whose trigger may start at the word at `pos`, in rule order."""
    key = text[pos:pos + 4 + _HEAD]   # the longest clitics, then a head
    got = index.picked.get(key)
    if got is None:
        rules = set(index.always)
        for clitic in _CLITICS:
            if key.startswith(clitic):
                rest = key[len(clitic):]
                for n in range(1, _HEAD + 1):
                    rules |= index.rules_by_head.get(rest[:n], _NONE)
        got = tuple(sorted(rules))
        if len(index.picked) > 200_000:
            index.picked.clear()
        index.picked[key] = got
    return got


def trigger_matches(text: str, start: int = 0, end: int | None = None, title: bool = True) -> list[tuple[int, Rule, int, int]]:
    """Every trigger of every rule in text[start:end] (normalised), as (rule index, rule,
    start, end), as each rule's own non-overlapping scan finds them; the text around the span
    stays visible to the patterns' look-arounds. Rules for titles are left out when the span
    is not one (`title` False)."""
    end = len(text) if end is None else end
    rules = load_event_lexicon().rules
    index = _trigger_index(title)
    out = []
    reached = [start] * len(rules)   # where each rule's last match ended: matches do not overlap
    for cand in index.scan.finditer(text, start, end):
        pos = cand.start()
        for i in _rules_at(index, text, pos):
            if pos < reached[i]:
                continue
            m = rules[i].trigger.match(text, pos, end)
            if m:
                out.append((i, rules[i], m.start("t"), m.end("t")))
                reached[i] = max(m.end(), pos + 1)
    out.sort(key=lambda x: (x[0], x[2]))
    return out


_ON_A_CONDITION = re.compile(r"(?<!\w)[وف]?(?:اذا|في حال|فى حال|ما لم|شريطه ان|بشرط ان)(?!\w)")


_OFFER = re.compile(r"(?<!\w)[وف]?(?:عرض|عرضت|عرضنا|عرضوا|يعرض|تعرض|اقترح|اقترحت|اقترحنا|يقترح|تقترح)(?!\w)")


def _offered(c: Clause, ts: int, te: int) -> bool:
    """A verbal noun offered or proposed in its clause, on a condition written after it in the
    same phrase: nothing was done."""
    cond = _ON_A_CONDITION.search(c.text, te, min(c.end, te + 120))
    return cond is not None and not re.search(r"[.،,؛]", c.text[te:cond.start()]) \
        and _OFFER.search(c.text, max(c.start, ts - 80), ts) is not None


def extract_clause(c: Clause, matches: list[tuple[int, Rule, int, int]], invited: set | None = None) -> list[Found]:
    """Event mentions of one sentence, given its trigger matches (from trigger_matches). The
    (guest, host) pairs of invitations, no visits themselves, are added to `invited` if given."""
    lex = load_event_lexicon()
    found: list[Found] = []
    seen: set[tuple] = set()
    sentence = c.text[c.start:c.end]
    for _, rule, ts, te in sorted(matches, key=lambda x: (x[0], x[2])):
        if rule.scope == "title" and not (c.is_title and _headline(c, ts)):
            continue
        if any(not _term_near(c, lex.terms[t], ts, te, rule.requires_within, rule.requires_before) for t in rule.requires):
            continue
        # The frame first: most triggers ("قال في") find no pair of parties, and their status
        # need not be read.
        pairs = [(a, t) for a, t in _FRAMES[rule.frame](c, rule, ts, te) if a.code != t.code and a.official]
        if not pairs:
            continue
        status = _status(c, lex, rule, ts, te)
        if status == "invited":
            if invited is not None:
                invited.update((a.code, t.code) for a, t in pairs)
            continue
        if status is None:
            continue
        if status == "planned" and _ON_A_CONDITION.search(c.text, te, min(c.end, te + 120)):
            continue  # "يستعد لشن عملية عسكرية في القطاع، إذا استمر اندلاع الحرائق": only on a condition
        if status == "occurred" and _offered(c, ts, te):
            continue  # "عرضت على أوباما إرسال قوات سعودية إلى سوريا إذا ما أرسلت أمريكا قوات": an offer on a condition
        for actor, target in pairs:
            if rule.event_type == "arms_deal" and "org" in (actor.kind, target.kind):
                continue  # arms are sold and bought by states
            if rule.event_type == "visit" and _private_traveller(c, actor, ts, te):
                continue
            if rule.event_type == "visit" and forces_travel(c, actor, ts, te):
                continue  # troops arriving are no visitors
            if rule.event_type == "visit" and _weapons_travel(c, lex, ts, te):
                continue  # "أسلحة تصل إلى الولايات المتحدة", "وصول الصواريخ إلى اليمن": arms, not visitors
            key = (rule.event_type, actor.code, target.code)
            date = _attach_date(c, ts, te, target, rule.event_type, actor)
            first = next((f for f in found if (f.rule.event_type, f.actor.code, f.target.code) == key), None) \
                if key in seen else None
            # ("الذي التقى كيم الشهر الفائت خلال زيارة سرية ... وصل إلى بيونغ يانغ، الأربعاء": two
            # trips a week or more apart, each with its own date, are two mentions)
            if first is not None and not _two_occasions(first.date, date):
                # One event read twice in a sentence ("استقبل ... يوم 26 أيار، في مستهل زيارة"):
                # the first reading stands, with the date the other reading found
                # ... unless the other reading is of an earlier visit ("خلال زيارته الأخيرة في أيلول")
                if first.date is None and date is not None and not _EARLIER_VISIT.match(c.text, ts):
                    first.date = date
                if first.actor.person is None and actor.person is not None and actor.code == first.actor.code:
                    # ("تصريح بومبيو ... عمان، التي وصل إليها الوزير الأميركي": the other reading names him)
                    first.actor = replace(first.actor, person=actor.person)
                continue
            seen.add(key)
            found.append(Found(rule, ts, te, actor, target, status, date,
                               _confidence(c, actor, target), _weapon(c, lex, rule),
                               _value(sentence, rule), _troops(sentence, rule)))
    return found


def _two_occasions(a, b) -> bool:
    """Two dates a week or more apart, neither holding the other: two occasions, not one."""
    if a is None or b is None or a.start_date is None or b.start_date is None or a.end_date is None or b.end_date is None:
        return False
    gap = max(a.start_date, b.start_date) - min(a.end_date, b.end_date)
    return gap.days >= 7


def _weapons_travel(c: Clause, lex, ts: int, te: int) -> bool:
    """True when the word right before the trigger or right after it is a weapon."""
    before = c.text[max(c.start, ts - 30):ts].split()[-1:]
    after = c.text[te:min(c.end, te + 30)].split()[:1]
    return any(lex.terms["weapons"].search(" " + w + " ") for w in before + after)


def _headline(c: Clause, ts: int) -> bool:
    """«ماكرون في كازاخستان»: a short title line with a named leader before في."""
    words = c.text[c.start:c.end].split()
    if len(words) > 12:
        return False
    return any(m.kind in ("person", "role+nisba", "role+place", "role+person") and m.end <= ts for m in c.actors)
