"""The tense around a date expression: which side of the publication date an undated
weekday, day or month lies on."""
from __future__ import annotations

import re


from waqai.transforms.dates.lexicon import DateLexicon


_CARRY_OUT = frozenset(("يقوم", "تقوم", "يقومان", "تقومان"))
# "قام الرئيس بزيارة الإثنين": the visit's own verb, in the past
_CARRIED_OUT = frozenset(("قام", "قامت", "قاما", "اجري", "اجرت", "اجريا", "بدا", "بدات", "ادي", "ادت", "استهل", "استهلت"))


def _governing_tense(words: list[str], lex: DateLexicon) -> str | None:
    """The tense of the nearest verb before the expression: a future marker, سـ + verb or a
    scheduling imperfect ("يبدأ", "يصل") says future; a past event or reporting verb says past."""
    for w in reversed(words):
        w = w.strip("،,؛:\"«»()")  # "سيستقبل، الاثنين": the comma is not part of the verb
        bare = re.sub(r"^[وف](?=\S{3,})", "", w)
        if bare in lex.future_verbs or lex.future_re.fullmatch(w) or lex.future_re.fullmatch(bare):
            return "future"
        if bare in lex.reporting_verbs or lex.past_re.fullmatch(w):
            return "past"
    return None


def _under_temporal_noun(words: list[str], lex: DateLexicon) -> bool:
    """"قال المسؤول، قبل اجتماع الرئيسين الثلاثاء، إن ...": the weekday dates the meeting
    named after قبل, not the past verb before it, so its tense says nothing."""
    # twelve words: "قبل اجتماع الرئيس الأميركي، دونالد ترامب مع ولي العهد السعودي الثلاثاء"
    for i in range(len(words) - 1, max(-1, len(words) - 12), -1):
        bare = re.sub(r"^[وف](?=\S{3,})", "", words[i])
        if bare in lex.reporting_verbs or lex.past_re.fullmatch(words[i]):
            return False
        if bare.strip("،,") == "قبل" and i + 1 < len(words) and not words[i + 1][0].isdigit() \
                and words[i + 1] not in ("ان", "ذلك") and words[i + 1] not in lex.unit_words:
            return True
    return False


def _tense(text: str, start: int, end: int, lex: DateLexicon, with_past: bool = False) -> str:
    """'future' when the verb governing the expression is future (see _governing_tense) or a
    multi-word future marker ("من المقرر") precedes it in its sentence with no verb between,
    or the word right after it is a future verb ("الخميس سيصل"); a past verb there
    ("أكتوبر، أعلنت") keeps it in the past."""
    lo = max(0, start - 100)
    before = text[lo:start]
    cut = max(before.rfind("."), before.rfind("\n"), before.rfind("؟"))
    after = text[end:end + 30].lstrip(" ،,")
    # a quotation opening after the date is someone's words, not the verb of its clause
    next_word = after.split(maxsplit=1)[0] if after.split() and after[0] not in "\"«“'" else ""
    words = before[cut + 1:].split()
    governing = _governing_tense(words, lex)
    if governing in ("past", None) and words and re.fullmatch(r"[وف]?(?:ب|ل)?(?:ال)?زياره", words[-1]) \
            and not lex.past_re.search(" ".join(words[-4:-1])) \
            and not {re.sub(r"^[وف](?=\S{3,})", "", w.strip("،,")) for w in words[-6:-1]} & (_CARRY_OUT | _CARRIED_OUT):
        return "near"  # "أعلنت ... إرسال وفد إلى بيونغ يانغ بزيارة الإثنين": the visit's day, not the announcement's tense
    if governing in ("past", None) and _under_temporal_noun(words, lex):
        return "near"  # "مرحلة مهمة قبل زيارة ماكرون واشنطن من الاثنين": no verb says which side
    if governing == "future":
        return "future"
    if governing is None and lex.future_re.search(before[cut + 1:] + " " + next_word):
        return "future"
    if re.match(r"[وف]?(?:بزياره|بجوله)", next_word) and {re.sub(r"^[وف](?=\S{3,})", "", w.strip("،,")) for w in words[-6:]} & _CARRY_OUT:
        return "near"  # "يقوم الرئيس الاثنين بزيارة": a present that schedules; the nearest such day
    if governing == "past" and lex.past_re.search(" ".join(words[-5:])):
        return "past"  # "بومبيو الذي وصل إلى كوريا، الجمعة، سيسلم ...": the event verb before governs
    if lex.future_re.fullmatch(next_word) or next_word in lex.future_verbs:
        return "future"
    if with_past:
        # An event verb in the past a few words before: "وقع الهجوم في 24 نوفمبر".
        near = " ".join(before[cut + 1:].split()[-6:])
        return "past" if lex.past_re.search(near) else "unknown"
    return "past"
