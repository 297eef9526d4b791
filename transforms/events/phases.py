"""Phases of a deployment or withdrawal mention, and the readings that keep the two apart.

A deployment is decided (or announced), then forces arrive, may be reinforced; a withdrawal is
announced, starts, and is completed. The phase comes from the rule (its `phase`, a default)
and from `phase_cues` in event_patterns.yaml read around the trigger; the warehouse keeps it in
`mentions.phase` and the view deployment_spells uses it to end a spell."""
from __future__ import annotations

import re
from functools import lru_cache

from waqai.transforms.actors import ActorMention
from waqai.transforms.events.clause import Clause
from waqai.transforms.events.words import COMPLEMENTISER
from waqai.transforms.events.rules import PHASES, Rule, _compile, load_event_lexicon
from waqai.transforms.lexicons import read_yaml, require
from waqai.transforms.normalize import normalize_form

_TYPES = ("military_deployment", "military_withdrawal")


@lru_cache(maxsize=None)
def phase_cues(lang: str = "ar") -> dict[str, re.Pattern]:
    raw = read_yaml(lang, "event_patterns").get("phase_cues") or {}
    where = f"lexicons/{lang}/event_patterns.yaml:phase_cues"
    out = {}
    for name in ("started", "decided", "reinforced", "completed", "completed_after"):
        require(name in raw, where, f"cue list {name!r} missing")
        out[name] = _compile(raw[name], f"{where}.{name}")
    return out


# The phase of a planned mention (what mention_phase gives when status is planned).
PLANNED_PHASE = {"military_deployment": "decided", "military_withdrawal": "withdrawal_announced"}

# Forces said to be where they are: participles and the present of being stationed, or a base
# held (normalised forms). Such a line is background: its sentence's day is of what the forces
# did or of the report (only a since-date dates them), and it joins no dated deployment.
_PRESENCE = re.compile(r"^[وف]?(?:ال)?(?:منتشر|متمركز|موجود|متواجد|مرابط)(?:ه|ين|ون)?$"
                       r"|^[وف]?(?:تنتشر|ينتشر|تنشر|ينشر|تتمركز|يتمركز|تتواجد|يتواجد|توجد|يوجد|تحتفظ|يحتفظ)$"
                       r"|^[وف]?(?:تمتلك|يمتلك)(?:\s|$)")


def told_as_present(event_type: str, trigger: str | None, sentence_index: int | None) -> bool:
    """A deployment told only as forces present ("القوات الأمريكية المنتشرة في سوريا"); not in a
    headline (sentence 0), whose present tense tells the news ("الشرطة العسكرية التركية تنتشر
    في عفرين")."""
    return (event_type == "military_deployment" and sentence_index != 0
            and _PRESENCE.match(normalize_form((trigger or "").strip())) is not None)


def mention_phase(text: str, rule: Rule, status: str, ts: int, te: int, start: int, end: int) -> str | None:
    """The phase of one mention in the normalised `text` (sentence [start, end)), or None for
    the other event types.

    A deployment: `decided` when planned or announced ("قرر المجلس إرسال قوات"), `reinforced`
    for a reinforcement, else `arriving`. A withdrawal: `withdrawal_announced` when planned or
    announced, `completed` when the text says it ended ("أكملت ... انسحابها"), else
    `withdrawal_started`.
    """
    if rule.event_type not in _TYPES:
        return None
    cues = phase_cues()
    before = text[max(start, ts - 120):ts]
    after = text[te:min(end, te + 50)]
    started = cues["started"].search(before) is not None
    cue = cues["decided"].search(before)
    # "أعلن الوزير أن القوات وصلت": what follows the complementiser is reported as done.
    announced = cue is not None and not COMPLEMENTISER.search(before[cue.start():])
    decided = status == "planned" or (not started and announced)
    if rule.event_type == "military_deployment":
        if decided:
            return "decided"
        if cues["reinforced"].search(text[ts:te]):
            return "reinforced"
        return rule.phase if rule.phase in PHASES[:3] else "arriving"
    if status != "planned" and (rule.phase == "completed" or cues["completed"].search(before[-100:])
                                or cues["completed_after"].search(after)):
        return "completed"
    if decided:
        return "withdrawal_announced"
    return "withdrawal_started"


def forces_travel(c: Clause, actor: ActorMention, ts: int, te: int) -> bool:
    """"وصلت القوات الروسية إلى كازاخستان": troops or forces arriving are no visitors — the
    traveller is a force phrase (the actor is its nisba or owner, or the force phrase stands
    between the verb and the actor)."""
    forces = load_event_lexicon().terms["forces"]
    lo, hi = min(actor.start, te), max(actor.start, te)
    if forces.search(c.text, lo, hi):
        return True
    found = list(forces.finditer(c.text, max(c.start, actor.start - 30), actor.start))
    return bool(found) and len(c.text[found[-1].end():actor.start].split()) <= 1


def drop_withdrawal_echoes(rows: list[dict]) -> list[dict]:
    """A sentence reporting forces withdrawing ("انسحبت قوات حفظ السلام ... من كازاخستان") also
    holds deployment words (the peacekeepers, their arrival earlier); a deployment of the same
    actor in the same sentence as its withdrawal is not a new deployment, unless it was decided
    or announced there."""
    out_of = {(r["sentence_index"], r["actor_code"]) for r in rows if r["event_type"] == "military_withdrawal"}
    return [r for r in rows if not (r["event_type"] == "military_deployment"
                                    and (r["sentence_index"], r["actor_code"]) in out_of
                                    and r.get("phase") != "decided")]
