"""Status of a mention from cues around its trigger: occurred, ongoing, planned, cancelled,
denied, or no event at all (negated, hypothetical, requested, prevented ...)."""
from __future__ import annotations

import re

from waqai.transforms.actors import ActorMention
from waqai.transforms.dates import load_date_lexicon
from waqai.transforms.dates.tense import _governing_tense
from waqai.transforms.events.clause import Clause
from waqai.transforms.events.rules import EventLexicon, Rule
from waqai.transforms.events.words import AGREED_TO_RE


_FORCES = ("military_deployment", "military_withdrawal")

# A list of demands or conditions and the word that opens its contents.
_DEMANDS = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:مطالب|شروط|الشروط|المطالب)(?!\w)")
_LISTED = re.compile(r"(?<!\w)[وف]?(?:تضمنت|تتضمن|يتضمن|تشمل|شملت|منها|بينها|ابرزها|اهمها)\s+$")
# A visa to travel: private travel, never a state visit.
_VISA = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:تاشيره|تاشيرات|تاشيرتها|تاشيرته)(?:\s+\S+){0,2}\s+\S{0,2}$")
# "قبل أن يتمكن ... من الوصول": before they could get there.
_NOT_YET_ABLE = re.compile(r"(?<!\w)قبل\s+ان\s+(?:يتمكن|تتمكن|يتمكنوا)(?:\s+\S+){0,5}?\s+من\s+(?:ال)?$")


def _status(c: Clause, lex: EventLexicon, rule: Rule, ts: int, te: int) -> str | None:
    """The status of a mention, or None when it must not yield an event at all."""
    before = c.text[max(c.start, ts - 60):ts]
    clause_before = c.text[c.start:ts]
    after = c.text[te:c.end]
    trigger = c.text[ts:te]
    if lex.cues["negation"].search(before) or lex.cues["not_real"].search(after):
        return None
    if lex.cues["hypothetical"].search(clause_before):
        return None  # "إذا زار ... فستكون أول زيارة": the whole sentence is conditional
    if _DEMANDS.search(clause_before) and _LISTED.search(before):
        return None  # "أصدر قائمة مطالب ...، وتضمنت سحب طهران لقواتها": demanded, not done
    if _VISA.search(before):
        return None  # "رفض منح فيكتوريا سكريبل تأشيرة دخول لزيارة بريطانيا": a visa, a private trip
    if _NOT_YET_ABLE.search(before):
        return None  # "قبل أن يتمكن مفتشو الأمم المتحدة حتى من الوصول إلى دوما": not there yet
    if lex.cues["possibility"].search(before) and re.match(r"[وف]?(?:[يت]|سي|ست)", trigger) \
            and not lex.cues["t_initial_perfect"].match(trigger):
        return None  # "قد يرسل مستشاره": he may send him; "قد زار" (done) is another matter
    if rule.event_type == "arms_deal" and lex.cues["stop_arms"].search(before):
        return None
    if lex.cues["prevent"].search(before):
        return None  # "منع روسيا من إرسال قواتها": prevented, not done
    if lex.cues["stopped_after"].search(after):
        return None  # "مشروع شراء ... لكنه جمد": frozen, not done
    if rule.event_type == "visit" and (lex.cues["cargo_subject"].search(before) or _CARGO_AFTER.match(after)
                                       or (rule.id.startswith("VISIT-ARRIVE") and _MESSAGE_BEFORE.search(before))):
        return None  # "سفن تجارية تصل إلى اليمن", "وصلت سفينة درب الخير إلى ميناء عدن": cargo arriving, nobody visiting
    if rule.event_type == "visit" and lex.cues["private_purpose"].search(after):
        return None  # "سافر إلى ألمانيا لتلقي العلاج": a private trip
    if rule.event_type == "visit" and _EXILE.search(c.text, te, min(c.end, te + 90)):
        return None  # "وصوله إلى البلاد، بعد قضائه أكثر من سنة في منفاه بتركيا": exile, and the return from it
    if lex.cues["warned_against"].search(clause_before[-160:]):
        return None  # "حذر ... الرئيس، الأحد، من سحب القوات": warned against, not done
    if rule.event_type in _FORCES and (lex.cues["precondition"].search(before)
                                       or lex.cues["obligation"].search(clause_before)):
        return None  # "ضرورة سحب القوات", "على القوات مغادرة سوريا": needed or owed, not done
    if rule.event_type == "military_withdrawal" and (lex.cues["pulled_back_after"].search(after)
                                                     or lex.cues["nonstate_leaving_after"].search(after)):
        return None  # pulled back inside the country; armed groups leaving, not a state's forces
    if lex.cues["opposed"].search(before):
        return None  # "حملة ضد التدخل العسكري": opposed, not done
    if rule.event_type == "military_deployment" and lex.cues["not_forces_sent"].search(after[:40]):
        return None  # "إرسال 215 نعشا": coffins, not troops
    if (rule.event_type != "visit" or rule.frame == "mission") and lex.cues["request"].search(before):
        return None  # "طلب ... إرسال قوات", "تطالبان المنظمة بإرسال محققين": asked for, not done
    if rule.event_type == "visit" and re.match(r"[وف]?[يت]", trigger) and lex.cues["ought"].search(clause_before[-160:]):
        return None  # "إن على ترودو أن يستقل الطائرة ويزور الرياض": advice, not a trip
    if rule.event_type == "visit" and lex.cues["agreed_visit"].search(before):
        return None  # "وافق على زيارة موسكو": an invitation accepted, no trip yet
    if lex.cues["deliberation"].search(before):
        return None  # "فكر في إرسال", "نقاشات حول إرسال قوات": talked about, not done
    if rule.event_type == "military_deployment" and lex.cues["reduced"].search(before):
        return None  # "قلص من انتشار قواته": a drawdown, not a deployment
    if rule.event_type == "military_deployment" and lex.cues["exercise"].search(c.text, c.start, c.end):
        return None  # forces abroad for an exercise are not a deployment
    # "دعا كيم ... الرئيس الكوري الجنوبي إلى زيارة": with إلى before the visit the invitation
    # may name both sides first; "دعا عباس خلال زيارته" is a call made during a visit.
    invited = lex.cues["invitation"].search(clause_before[-120:]) or (
        trigger.startswith("ل") and lex.cues["invitation_to"].search(clause_before[-120:]))
    if invited and re.search(r"(?<!\w)[وف]?(?:لدي|خلال|اثناء|عند|ابان)\s*$", clause_before):
        invited = None  # "وجهت هذه الدعوة لدى زيارتها سول": made during the visit
    wish = _WISH_TO_HOST.search(before) if not invited and rule.frame == "host" else None
    if wish and (not _INTEND.match(wish.group()) or not any(d.precision == "day" and d.start >= te and not re.search(r"[،,.؛]", c.text[te:d.start])
                                                                   for d in c.dates)):
        # "يعتزم ترمب استقبال بوتين ... في وقت لاحق هذا العام": the host's wish, no agreed trip
        # ("يعتزم ترامب استقبال ولي العهد الثلاثاء": a day set is a visit planned)
        invited = True
    if invited and trigger.startswith("ل") and _ACCEPTED_INVITATION.search(clause_before[-160:] + " " + after[:60]) \
            and not any(d.start >= te and not re.search(r"[،,.؛]", c.text[te:d.start]) for d in c.dates):
        # "قبل دعوة من الرئيس السوداني لزيارة السودان", "كلا منهما قبل دعوة الآخر": an
        # invitation accepted with no time set is no trip yet ("لبى دعوة" is one made)
        return "invited"
    if invited and not lex.cues["invitation_accepted"].search(clause_before + " " + after[:40]):
        return "invited"  # an invitation is not yet a visit (extract_clause keeps the pair aside)
    if lex.cues["denial"].search(clause_before) or lex.cues["denial_after"].search(after):
        return "denied"
    if lex.cues["accused"].search(before[-20:]):
        return None  # "واجه المالكي اتهامات بالتوجه إلى إيران": accused of it, not reported as done
    called_off = lex.cues["cancelled_after"].search(after) if rule.event_type == "visit" else None
    if called_off and not _TAKES_PLACE_AFTER.match(after, called_off.end()):
        return "cancelled"  # "ومن ثم زيارة بوغوتا، والتي ألغيت أيضا"
    cancel = lex.cues["cancelled"].search(before)
    # "وسط تهديد بإلغاء لقاء مرتقب": a threat to cancel, not a cancellation
    if cancel and not _THREAT_BEFORE.search(before[:cancel.start() + 2]) \
            and not (rule.event_type == "visit" and _PART_CALLED_OFF.match(before, cancel.start())):
        return "cancelled"
    if _TO_COINCIDE.search(before[-30:]):
        return "planned"  # "الحزمة يجري ترتيبها كي تتزامن مع زيارة ترامب للسعودية": the visit is to come
    if AGREED_TO_RE.search(before) and re.match(r"[يت]", trigger):
        return "planned"  # "اتفقا على أن يزور بيونغ يانغ في الخريف"، "على أن ينتقل بعدها إلى الأردن"
    if lex.cues["future_verb"].search(trigger) or lex.cues["planned"].search(before[-40:]) or lex.cues["ordered"].search(before) or lex.cues["planned_after"].search(after[:30]):
        return "planned"
    if lex.cues["soon_after"].search(after) and not lex.cues["t_initial_perfect"].match(trigger):
        return "planned"  # "يلتقي ... خلال ساعات في سنغافورة": within hours from now
    if lex.cues["ongoing"].search(before[-25:]) or lex.cues["ongoing_after"].search(after[:30]):
        return "ongoing"
    # "توقعات بأن يعقد كيم وترامب، اللذان التقيا في سنغافورة، قمة ثانية": a past verb that is
    # the trigger has its own tense; the future verb before it governs another clause
    told_past = load_date_lexicon().past_re.fullmatch(trigger) is not None
    if _BEFORE_THAT.search(clause_before):
        # "يحضر الجمعة اجتماعا ... قبل أن يتوجه إلى": the trip follows a coming act; "بقي فيها
        # أسبوعين قبل أن يغادر ويسافر إلى باريس": after one told in the past, it happened
        return "planned" if _next_after_a_coming_act(clause_before, lex) else "occurred"
    if not told_past and _future_verb_before(clause_before):
        return "planned"  # "ستحمل الجولة رئيس الوزراء إلى فرنسا": the verb governing the noun is future
    return "occurred"


# "يعتزم ترمب استقبال", "تأمل باريس استضافة": a host who means or hopes to receive someone
_WISH_TO_HOST = re.compile(r"(?<!\w)[وف]?(?:يعتزم|تعتزم|ينوي|تنوي|يريد|تريد|يرغب|ترغب|يود|تود|يامل|تامل|يتطلع|تتطلع)"
                           r"(?:\s+[^\s،,.]+){0,5}?\s+(?:الي\s+|في\s+)?(?:ان\s+)?[بل]?$")
# "قبل دعوة"، "قبلت الدعوة"، "قبل دعوة الآخر": accepted, not yet made (لبى: answered by going)
_ACCEPTED_INVITATION = re.compile(r"(?<!\w)[وف]?(?:قبل|قبلت|قبلا|قبلوا|يقبل|تقبل)\s+(?:ال)?(?:دعوه|دعوته|دعوتها|دعوتهم|دعوات)(?!\w)")
# (not a bare "المنفي": محمد المنفي is a Libyan head of state)
_EXILE = re.compile(r"(?<!\w)(?:[وفبل]?(?:منفاه|منفاها|منفاهم|لجوئه|لجوئها)|(?:في|من)\s+المنفي)(?!\w)")
# "والرسالة وصلت من ذلك المركز إلى صنعاء": a message arriving
_MESSAGE_BEFORE = re.compile(r"(?<!\w)[وف]?(?:ال)?(?:رساله|رسائل)\s*$")
_CARGO_AFTER = re.compile(r"\s*(?:ال)?(?:سفينه|سفن|باخره|بواخر|شحنه|شحنات|قافله|قوافل|مساعدات|ناقله|ناقلات|رساله)(?!\w)")
_INTEND = re.compile(r"[وف]?(?:يعتزم|تعتزم|ينوي|تنوي)(?!\w)")
_THREAT_BEFORE = re.compile(r"(?<!\w)[وف]?(?:ال)?(?:تهديد|تهديدات|هدد|هددت|يهدد|تهدد|احتمال|امكانيه)(?:\s+\S+){0,8}?\s+\S{0,2}$")

# "زيارة ترامب لبريطانيا التي تأجلت طويلا ستجري هذا الأسبوع": put off before, now to take place
_TAKES_PLACE_AFTER = re.compile(r"(?:\s+(?:طويلا|مرارا|مرات|سابقا|اكثر من مره|من قبل|عده مرات))?\s+[وف]?(?:ستجري|سيجري|ستتم|سيتم|ستعقد|ستبدا|تجري|ستنطلق)(?!\w)")

# "ألغى جدول أعماله السبت في ثاني يوم من زيارته": a day's schedule or a meeting called off
# during the visit, which took place
_PART_CALLED_OFF = re.compile(r"\S*(?:الغاء|الغي|الغت|الغيت|يلغي|سيلغي|تلغي|ستلغي)\s+(?:ال)?(?:جدول|برنامج|مواعيد|لقاء|لقاءات|اجتماع|"
                              r"اجتماعات|فعاليات|نشاطات|انشطه|جولته|محطه)(?:\s+\S+){0,6}?\s+(?:في|خلال|اثناء|من)\s")

# "كي تتزامن مع زيارة": what is arranged to coincide with a visit to come
_TO_COINCIDE = re.compile(r"(?<!\w)(?:كي|لكي|حتي)?\s*[لس]?(?:تتزامن|يتزامن)\s+مع\s+$")
# "قبل أن يتوجه"، "قبل أن يغادر ويسافر": the trip after قبل أن, maybe behind another verb joined by و
_BEFORE_THAT = re.compile(r"(?<!\w)[وف]?قبل\s+ان\s*(?:[يت]\S{2,}\s+و)?$")


def _next_after_a_coming_act(before: str, events: EventLexicon) -> bool:
    """A trip told after "قبل أن" follows the act of the main clause: when that act is told
    in the imperfect or the future ("يشارك ... الجمعة"), the trip is still to come; told in the
    past ("شارك ... قبل أن يتوجه") it happened."""
    if not _BEFORE_THAT.search(before):
        return False
    main = before[:_BEFORE_THAT.search(before).start()]
    lex = load_date_lexicon()
    first = main.split(maxsplit=1)[:1]
    if not first:
        return False
    verb = re.sub(r"^[وف](?=\S{3,})", "", first[0])
    if lex.future_re.fullmatch(first[0]) or verb in lex.future_verbs:
        return True
    return re.fullmatch(r"[يت]\S{2,}", verb) is not None and not lex.past_re.fullmatch(first[0]) \
        and verb not in lex.reporting_verbs and not events.cues["t_initial_perfect"].match(first[0])


def _future_verb_before(before: str) -> bool:
    # the nearest verb among the last six words, within the clause (no comma between)
    words = re.split(r"[،,؛:]", before)[-1].split()[-6:]
    return _governing_tense(words, load_date_lexicon()) == "future"


def _private_traveller(c: Clause, actor: ActorMention, ts: int, te: int) -> bool:
    lo, hi = min(actor.start, ts), max(actor.end, te)
    # A private noun inside the trigger is no traveller ("مؤتمر صحفي": a press conference).
    return any(m.cls == "private" and lo - 15 <= m.start <= hi and not (ts <= m.start and m.end <= te) for m in c.actors)


def told_as_earlier(c: Clause, lex: EventLexicon, ts: int) -> bool:
    """"وكان السيسي قد استهل ولايته بزيارة السودان": a pluperfect (كان ... قد) or سبق أن in
    the clause before the trigger tells of something before the reported events."""
    found = lex.cues["earlier"].search(c.text[max(c.start, ts - 90):ts])
    # "كان قد قوبل، وحتى قبل وصوله إلى العاصمة، بتعنت": what came before the arrival was told
    # in the pluperfect; the arrival itself is the reported one
    return found is not None and not _BEFORE_IT.search(found.group(0))


_BEFORE_IT = re.compile(r"(?<!\w)[وف]?(?:حتي\s+)?(?:قبل|قبيل)\s+\S*$")
