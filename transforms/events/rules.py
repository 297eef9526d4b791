"""Event rules: `lexicons/<lang>/event_patterns.yaml` loaded and checked, each rule with its
trigger compiled, its frame and the codes it carries into every row."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from waqai.transforms.lexicons import read_yaml, require, string_list
from waqai.transforms.normalize import normalize_pattern

EVENT_TYPES = ("visit", "arms_deal", "military_deployment", "military_withdrawal")
FRAMES = ("travel", "host", "meet_in", "speak_in", "summit", "mission", "supply", "arrive", "acquire", "deal", "produce", "deploy", "withdraw")
STATUSES = ("occurred", "ongoing", "planned", "cancelled", "denied")
PLOVER_EVENTS = ("CONSULT", "COOPERATE", "AID", "MOBILIZE", "AGREE", "SUPPORT", "RETREAT")
# Phases of a deployment or withdrawal mention (transforms/events/phases.py); a rule may name its own.
PHASES = ("decided", "arriving", "reinforced", "withdrawal_announced", "withdrawal_started", "completed")


@dataclass(frozen=True)
class Rule:
    id: str
    event_type: str
    trigger: re.Pattern
    frame: str
    requires: tuple[str, ...]
    object: bool
    target_preps: frozenset[str]
    scope: str
    requires_within: int | None
    requires_before: int | None
    target_within: int
    cameo: str
    cameo_planned: str
    plover: str
    plover_mode: str
    note: str
    phase: str = ""

    def codes(self, status: str) -> tuple[str, str, str]:
        """CAMEO code, PLOVER event and mode for a mention of this rule with `status`."""
        if status == "planned":
            return self.cameo_planned, "AGREE", self.plover_mode
        return self.cameo, self.plover, self.plover_mode


@dataclass(frozen=True)
class EventLexicon:
    rules: tuple[Rule, ...]
    terms: dict[str, re.Pattern]
    exporters: frozenset[str]
    cues: dict[str, re.Pattern]
    seats: dict[str, frozenset[str]]


@lru_cache(maxsize=None)
def load_event_lexicon(lang: str = "ar") -> EventLexicon:
    raw = read_yaml(lang, "event_patterns")
    where = f"lexicons/{lang}/event_patterns.yaml"
    require(isinstance(raw, dict), where, "expected a mapping")
    terms = {}
    for name, rx in (raw.get("terms") or {}).items():
        terms[name] = _compile(rx, f"{where}:terms.{name}")
    excluded = {name[4:]: rx for name, rx in terms.items() if name.startswith("not_")}
    terms = {name: (_Excluding(rx, excluded[name]) if name in excluded else rx)
             for name, rx in terms.items() if not name.startswith("not_")}
    cues = {}
    for name in ("negation", "denial", "denial_after", "hypothetical", "stop_arms", "request", "ought", "cancelled_after", "accused", "prevent", "deliberation", "exercise", "invitation", "invitation_accepted",
                 "not_real", "cancelled", "planned", "future_verb", "ongoing", "visit_frame",
                 "buyer_purpose", "seller_purpose", "not_a_visit_object", "received_by", "reaction", "multilateral", "participants",
                 "ongoing_after", "planned_after", "stopped_after", "earlier", "not_forces_sent", "opposed", "invitation_to", "private_purpose",
                 "recently_after", "possibility", "t_initial_perfect", "agreed_visit", "reduced",
                 "precondition", "obligation", "warned_against", "pulled_back_after", "nonstate_leaving_after", "cargo_subject",
                 "soon_after", "ordered"):
        require(name in (raw.get("cues") or {}), where, f"cue list {name!r} missing")
        cues[name] = _compile(raw["cues"][name], f"{where}:cues.{name}")
    rules, seen = [], set()
    for i, r in enumerate(raw.get("rules") or []):
        w = f"{where}:rules[{i}] ({r.get('id')})"
        require(isinstance(r.get("id"), str) and r["id"] not in seen, w, "needs a unique id")
        seen.add(r["id"])
        require(r.get("event_type") in EVENT_TYPES, w, f"unknown event_type {r.get('event_type')!r}")
        require(r.get("frame") in FRAMES, w, f"unknown frame {r.get('frame')!r}")
        requires = tuple(string_list(r.get("requires"), f"{w}.requires", allow_empty=True))
        for t in requires:
            require(t in terms, w, f"requires unknown term list {t!r}")
        require(isinstance(r.get("cameo"), str) and re.fullmatch(r"\d{3,4}", r["cameo"]) is not None, w, "needs a CAMEO code string")
        require(isinstance(r.get("cameo_planned"), str) and re.fullmatch(r"\d{3,4}", r["cameo_planned"]) is not None, w, "needs cameo_planned")
        require(r.get("plover") in PLOVER_EVENTS, w, f"unknown PLOVER event {r.get('plover')!r}")
        require(isinstance(r.get("plover_mode"), str), w, "needs a plover_mode")
        require(r.get("phase") in (None, *PHASES), w, f"unknown phase {r.get('phase')!r}")
        rules.append(Rule(
            id=r["id"], event_type=r["event_type"],
            # An optional و/ف and article: "والنشر", "بالزيارة" find their nouns.
            trigger=_compile(r"(?<!\w)(?:[وف])?(?:[بلك]?ال|لل)?(?P<t>" + r["trigger"] + r")(?!\w)", w),
            frame=r["frame"], requires=requires, object=bool(r.get("object", False)),
            target_preps=frozenset(string_list(r.get("target_preps"), f"{w}.target_preps", allow_empty=True)),
            scope=r.get("scope", "sentence"), requires_within=r.get("requires_within"), requires_before=r.get("requires_before", r.get("requires_within")),
            target_within=int(r.get("target_within", 12)), cameo=r["cameo"], cameo_planned=r["cameo_planned"],
            plover=r["plover"], plover_mode=r["plover_mode"], note=r.get("note", ""), phase=r.get("phase") or "",
        ))
    require(bool(rules), where, "no rules")
    exporters = frozenset(string_list(raw.get("arms_exporters"), f"{where}:arms_exporters"))
    seats_raw = raw.get("organisation_seats") or {}
    require(isinstance(seats_raw, dict), where, "organisation_seats must map an organisation to states")
    seats = {org: frozenset(string_list(v, f"{where}:organisation_seats.{org}")) for org, v in seats_raw.items()}
    return EventLexicon(tuple(rules), terms, exporters, cues, seats)


def _compile(rx: str, where: str) -> re.Pattern:
    """Compile a pattern written in natural spelling: its letters are normalised the way
    documents are (أ→ا، ة→ه، ئ→ي ...), so "طائرات" in a rule matches "طايرات" in text."""
    try:
        return re.compile(normalize_pattern(rx))
    except re.error as exc:
        require(False, where, f"bad regular expression: {exc}")
        raise


class _Excluding:
    """A term pattern that skips matches lying inside an excluded phrase: "أسلحة" counts,
    "الأسلحة النووية" and "منزوعة السلاح" do not."""

    def __init__(self, rx: re.Pattern, not_rx: re.Pattern):
        self.rx, self.not_rx = rx, not_rx

    def _ok(self, text: str, m: re.Match) -> bool:
        lo, hi = max(0, m.start() - 30), min(len(text), m.end() + 30)
        return not any(x.start() <= m.start() < x.end() or m.start() <= x.start() < m.end()
                       for x in self.not_rx.finditer(text, lo, hi))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        for m in self.rx.finditer(text, pos, len(text) if endpos is None else endpos):
            if self._ok(text, m):
                yield m

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return next(self.finditer(text, pos, endpos), None)
