"""One row per real-world event: group event mentions across documents.

An event is a set of mentions of one type, actor and target (a tour is one event per host)
whose dates describe one stretch of days. Its *span* is the days its day-dated mentions
cover; an event known only by a week, month or year has that interval instead. A mention
joins (the rule id is kept as `join_reason`, with evidence text):

  day mention    `same_day`          its day is inside the event's span;
                 `consecutive_days`  it is at most GAP_DAYS from the span (a trip is reported day
                                     by day) and the span stays within MAX_SPAN_DAYS;
                 `within_stated_stay`  it falls inside the stay the event's reports announce
                                     ("جولة تستمر ثلاثة أسابيع", mentions' stay_days, at most
                                     _MAX_DECLARED_DAYS): one long tour reported on scattered days;
                 `within_week|month|year`  it falls inside an event known only coarsely;
  week, month or year mention
                 `contained_in_week|month|year`  its interval overlaps exactly one event;
                 `same_period`       it overlaps only events known just as coarsely;
                 `same_person_adjacent_week|month`  it names the traveller of the one event of
                                     the pair whose days, week or stated stay it touches
                                     (within GAP_DAYS), or holds several such events of his
                                     that chain into one stretch: reporters date a trip loosely
                                     ("الأسبوع الماضي" for a visit two weeks back), and a
                                     named official does not visit one host in adjacent weeks
                                     twice (a day touching his week-dated trip joins it too);
                 `dominant_in_week|month|year`  it overlaps several events, one of them reported
                                     by at least 5 documents and 4 times as many as the others
                                     together: the occasion the press covered;
  undated mention (or one dated after its own report of a done event: that date is not the
  event's, so the publication date is used instead, `date_after_report`)
                 `same_document`     its own document already has the event;
                 `undated_near_publication` / `planned_before_event`  one event lies in the
                                     window the publication date allows: a report cannot precede
                                     what it reports as done (occurred: [published - WINDOW,
                                     published]) and a planned visit reported before its date
                                     joins the visit that follows ([published - 1, published +
                                     WINDOW]); with several, the only one within RECENT_DAYS;
                 `ongoing_at_publication`  reported as under way ("زيارته الحالية"): only an
                                     event within the policy's ongoing_days of the report (or
                                     starting the next day);
                 `several_occasions`  a count of trips ("زار بيونغ يانغ مرتين"): joins no
                                     event, it is none of them alone;
                 `earlier_than_report`  told as before the reported events ("وكان ... قد"): never
                                     its own document's event, only one ending before the days
                                     around publication;
                 `undated_reports_close`  no dated event: joins the undated reports of the pair
                                     published within UNDATED_DAYS;
                 `presence_not_placed`  an undated deployment told only as forces present ("القوات
                                     الروسية المنتشرة في سوريا", "حيث تنتشر شرطة روسية"): joins
                                     its own document's event or other undated reports published
                                     close to it, never a deployment dated elsewhere (background,
                                     not a report of it).
                 `undated_force_not_placed`  an undated deployment that no act
                                     dated by its days fits (an act told as planned fits only
                                     within GAP_DAYS of its report; a month or year of forces
                                     fits none): a line without a day ("أرسل الجيش التركي جنودا
                                     إلى ...", "نشرت إيران قوات في سوريا منذ سنوات") may be any
                                     convoy or years of background; it joins no other article's
                                     undated lines of other days (`undated_same_day`: the
                                     same day's reports are one), and no other article's
                                     report joins it until its own document dates it.
A mention naming a person (`actor_person`) never joins an event of another person (two
ministers on one dyad in one month are two visits). A visit whose traveller's office is known,
by name or by title (transforms/offices.py), joins no event whose travellers all hold other
offices: told without a day, checked against every report (the foreign minister's arrival a
month after the intelligence chief's visit, an unnamed general beside an envoy's tour); with a
day, only when both read the office from an actor tied to its trigger (the water minister who
arrived ahead of his prime minister), since a day is evidence of its own and a speaker taken
for the traveller ("وقال وزير الإعلام إن أسياس سيصل غدا") would split one trip. The person a
mission is sent by is not its traveller. A report of a trip called off (cancelled, postponed)
and one of a trip that took place are never one visit. Told without a date, a named official
joins no event whose reports name nobody, and an undated delegation (a mission sent, "وفد",
"فريق") joins no event of a named official (the leader's sister at the opening ceremony is
not the delegation sent to the closing one). Weapon names do not split arms deals: the
stored ones are mostly category words (أسلحة، صواريخ، منظومة) that two reports of one deal
word differently. When a mention fits several events that together are one
(two stretches of days it bridges, a month holding one trip and a coarse report of it), they
are merged into the oldest; each merge is returned with its rule and evidence. When it fits
several distinct events (a year mention and two visits that year), it is not forced into one.

Mentions are processed in a fixed order (most precise first, then by date, publication,
document, mention id) and event ids are derived from the mention that created the event, so
the same input gives the same ids; later runs only add to events or merge them.
"""
from __future__ import annotations

import datetime as dt
import re
import hashlib
from dataclasses import dataclass, field

import polars as pl

from waqai.transforms.actors import aide_before
from waqai.transforms.events.phases import told_as_present
from waqai.transforms.intervals import Interval, _fmt, _gap, _hull, _overlap, _span_days, interval
from waqai.transforms.merge_policies import DEFAULT_POLICY, POLICIES, Policy
from waqai.transforms.normalize import normalize_form
from waqai.transforms.offices import offices_agree, traveller_office

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
# A coarse report among several events joins the one reported by at least this many
# documents and this many times as many as all the others together.
_DOMINANT_DOCS = 5
_DOMINANT_RATIO = 4
_DONE = {"occurred", "ongoing"}


MEMBER_SCHEMA = {"mention_id": pl.String, "event_id": pl.String, "join_reason": pl.String, "join_evidence": pl.String}
MERGE_SCHEMA = {"merged_event_id": pl.String, "into_event_id": pl.String, "rule_id": pl.String, "evidence": pl.String}
_OPTIONAL = {"status": pl.String, "actor_person": pl.String, "date_basis": pl.String, "join_reason": pl.String,
             "join_evidence": pl.String, "stay_days": pl.Int64, "trigger": pl.String, "sentence_index": pl.Int64,
             "actor_link": pl.String, "actor_before": pl.String}
# A stated stay ("زيارة تستمر ثلاثة أسابيع") lets one event span this many days at most.
_MAX_DECLARED_DAYS = 31

@dataclass
class _Mention:
    row: dict
    iv: Interval | None         # the interval used for merging (None: undated or unusable date)
    precision: str | None
    person: str | None
    note: str = ""              # why the stated date was set aside
    office: frozenset[str] = frozenset()   # the traveller's office classes (visits; empty: unknown)
    office_sure: bool = False               # ... read from an actor tied to the trigger


@dataclass
class _Event:
    event_id: str
    order: int                                     # creation order: the older id survives a merge
    docs: set[str] = field(default_factory=set)
    span: Interval | None = None                   # days covered by its day-dated mentions
    coarse: Interval | None = None                 # intersection of its week/month/year intervals
    coarse_precision: str | None = None
    persons: set[str] = field(default_factory=set)
    offices: set[frozenset[str]] = field(default_factory=set)   # its travellers' known offices
    sure_offices: set[frozenset[str]] = field(default_factory=set)   # ... read from actors tied to their triggers
    published: Interval | None = None              # publication dates of its undated reports
    dated: bool = False
    unresolved: bool = False                       # made by reports that fit several events
    several: bool = False                          # made by a count of trips: nothing joins it
    local: bool = False                            # made by an undated force line: only its document joins it
    declared: Interval | None = None               # the days its reports say the stay lasts
    told_done: dt.date | None = None               # the latest report telling it undated as done
    told_planned: dt.date | None = None            # the earliest report telling it undated as planned
    done: bool = False                             # some report tells it as done (occurred, ongoing)
    called_off: bool = False                       # some report tells it as cancelled or postponed

    @property
    def extent(self) -> Interval | None:
        return self.span or self.coarse

    @property
    def reach(self) -> Interval | None:
        """All the days its reports name: its days, its week or month and its stated stay."""
        parts = [iv for iv in (self.span, self.coarse, self.declared) if iv is not None]
        if not parts:
            return None
        return min(p[0] for p in parts), max(p[1] for p in parts)

    def add(self, m: _Mention) -> None:
        self.docs.add(m.row["doc_id"])
        self.done |= m.row.get("status") in _DONE
        self.called_off |= m.row.get("status") == "cancelled"
        if m.person:
            self.persons.add(m.person)
        if m.office:
            self.offices.add(m.office)
            if m.office_sure:
                self.sure_offices.add(m.office)
        if m.iv is None:
            pub = m.row.get("published")
            if pub is not None:
                self.published = (pub, pub) if self.published is None else _hull(self.published, (pub, pub))
                if m.row.get("status") in _DONE:
                    self.told_done = max(self.told_done or pub, pub)
                elif m.row.get("status") == "planned":
                    self.told_planned = min(self.told_planned or pub, pub)
            return
        self.dated = True
        if m.precision == "day":
            self.span = m.iv if self.span is None else _hull(self.span, m.iv)
            stay = m.row.get("stay_days")
            if stay and stay > 1:
                said = (m.iv[0], m.iv[0] + dt.timedelta(days=min(stay, _MAX_DECLARED_DAYS) - 1))
                self.declared = said if self.declared is None else _hull(self.declared, said)
        else:
            self._add_coarse(m.iv, m.precision)

    def _add_coarse(self, iv: Interval, precision: str | None) -> None:
        if self.coarse is None:
            self.coarse, self.coarse_precision = iv, precision
        elif _overlap(self.coarse, iv):
            self.coarse = max(self.coarse[0], iv[0]), min(self.coarse[1], iv[1])
            if _PRECISION_RANK.get(precision or "", 9) < _PRECISION_RANK.get(self.coarse_precision or "", 9):
                self.coarse_precision = precision

    def absorb(self, other: "_Event") -> None:
        self.docs |= other.docs
        self.done |= other.done
        self.called_off |= other.called_off
        self.persons |= other.persons
        self.offices |= other.offices
        self.sure_offices |= other.sure_offices
        self.dated |= other.dated
        self.unresolved &= other.unresolved
        if other.span is not None:
            self.span = other.span if self.span is None else _hull(self.span, other.span)
        if other.coarse is not None:
            self._add_coarse(other.coarse, other.coarse_precision)
        if other.published is not None:
            self.published = other.published if self.published is None else _hull(self.published, other.published)
        if other.declared is not None:
            self.declared = other.declared if self.declared is None else _hull(self.declared, other.declared)
        if other.told_done is not None:
            self.told_done = max(self.told_done or other.told_done, other.told_done)
        if other.told_planned is not None:
            self.told_planned = min(self.told_planned or other.told_planned, other.told_planned)

    def compatible(self, m: _Mention) -> bool:
        return not (m.person and self.persons and m.person not in self.persons) and not self.another_office(m) \
            and not (m.row["event_type"] == "visit" and _outcomes_clash([self], m.row.get("status")))

    def another_office(self, m: _Mention) -> bool:
        """A report told without a day whose traveller holds none of the offices of the event's
        travellers ("العناق ... بين وزيري الخارجية السوداني ونظيره المصري عند وصوله" a month after
        the intelligence chief's visit) is another trip. A day is evidence enough on its own:
        there a wrongly taken actor ("وقال وزير الإعلام الإريتري إن أسياس سيصل غدا") would split
        one trip."""
        if not m.office or m.person in self.persons:
            return False
        if m.precision == "day":
            # (unless both sides read the office from an actor tied to its trigger: "وزير الري
            # الإثيوبي قد وصل إلى القاهرة صباح اليوم" beside "رئيس الوزراء الإثيوبي سوف يحل")
            return m.office_sure and bool(self.sure_offices) and not any(offices_agree(m.office, o) for o in self.sure_offices)
        return bool(self.offices) and not any(offices_agree(m.office, o) for o in self.offices)


def new_event_id(mention_id: str) -> str:
    return "e_" + hashlib.sha1(mention_id.encode()).hexdigest()[:16]


def _mention(r: dict) -> _Mention:
    iv = interval(r["date_value"], r["date_precision"])
    precision = r["date_precision"] if iv is not None else None
    pub, status = r.get("published"), r.get("status")
    note = ""
    if iv is not None and pub is not None:
        if status in _DONE and iv[0] > pub + dt.timedelta(days=1):
            # A report cannot precede what it reports as done: the date is another one's.
            note = f"date_after_report: {r['date_value']} is after its report of {pub}"
            iv = precision = None
        elif precision != "day" and status in _DONE and iv[1] > pub >= iv[0]:
            iv = (iv[0], pub)              # "this month", reported as done: no later than the report
        elif precision != "day" and status == "planned" and iv[0] < pub <= iv[1]:
            iv = (pub - dt.timedelta(days=1), iv[1])
    # "أعلن أفورقي أن بلاده سترسل وفدا": the person named sends the mission, he is not its traveller
    person = None if r.get("rule_id") == "VISIT-SEND-MISSION" else r.get("actor_person") or None
    office = frozenset()
    if r["event_type"] == "visit" and r.get("rule_id") != "VISIT-SEND-MISSION":
        # (the water minister who arrived ahead of his prime minister made a trip of his own)
        # (a named traveller told undated: any office he held, the trip may predate his current one)
        office = traveller_office(r.get("actor_text"), person, iv[0] if iv else None)
        before = normalize_form(r.get("actor_before") or "") + " "   # (it ends where the actor begins)
        if aide_before(before, len(before)):
            office = frozenset()  # "نائب زعيم كوريا الشمالية": the deputy, of no office we know
    return _Mention(r, iv, precision, person, note, office, bool(office) and _tied_to_trigger(r.get("actor_link")))


def _with_optional(frame: pl.DataFrame) -> pl.DataFrame:
    missing = [pl.lit(None, t).alias(c) for c, t in _OPTIONAL.items() if c not in frame.columns]
    return frame.with_columns(missing) if missing else frame


class _Pool:
    """The events of one (type, actor, target) and the merges among them."""

    def __init__(self, policy: Policy, state: "_State", visits: bool = False):
        self.events: list[_Event] = []
        self.visits = visits
        self.policy = policy
        self.state = state

    def precise(self) -> list[_Event]:
        return [e for e in self.events if e.span is not None]

    def ambiguous(self, e: _Event) -> bool:
        """An event of reports that fit several events, or a coarse-only one overlapping two or
        more day-dated events, cannot tell them apart: nothing else joins it by its dates."""
        if e.unresolved:
            return True
        if e.span is not None or e.coarse is None:
            return False
        return sum(1 for p in self.precise() if _overlap(p.span, e.coarse)) >= 2

    def one_event(self, events: list[_Event], m: _Mention | None = None) -> bool:
        """Whether these events (and m) can be one: at most one person among them, the day
        spans chaining within the gap and no longer than the longest event, the coarse
        intervals agreeing with the days."""
        persons = set().union(*(e.persons for e in events)) | ({m.person} if m and m.person else set())
        if len(persons) > 1:
            return False
        sure = list(set().union(*(e.sure_offices for e in events)) | ({m.office} if m and m.office_sure else set()))
        if any(not offices_agree(a, b) for i, a in enumerate(sure) for b in sure[i + 1:]):
            return False
        if self.visits and _outcomes_clash(events, m.row.get("status") if m else None):
            return False
        spans = sorted([e.span for e in events if e.span] + ([m.iv] if m and m.precision == "day" else []))
        if spans:
            hull = spans[0]
            for s in spans[1:]:
                if _gap(hull, s) > self.policy.gap_days:
                    return False
                hull = _hull(hull, s)
            if _span_days(hull) > self.policy.max_span_days:
                return False
        coarse = [e.coarse for e in events if e.coarse] + ([m.iv] if m and m.iv and m.precision != "day" else [])
        if coarse:
            common = (max(c[0] for c in coarse), min(c[1] for c in coarse))
            if common[0] > common[1]:
                return False
            if spans and not _overlap(common, (spans[0][0], max(s[1] for s in spans))):
                return False
        return True

    def same_person_near(self, m: _Mention, cands: list[_Event]) -> _Event | None:
        """The one event of m's person whose days touch m's interval (within the gap), if any.

        Reporters date a trip loosely ("الأسبوع الماضي" for a visit of two weeks before, "قبل 3
        أسابيع" for one of nearly four): a named official's trip reported in adjacent weeks, or
        on a day and in the week after it, is one trip, not two visits days apart."""
        if not m.person or m.iv is None:
            return None
        near = [e for e in cands if e.persons == {m.person} and e.reach is not None and not self.ambiguous(e)
                and _gap(e.reach, m.iv) <= self.policy.gap_days and _span_days(e.reach) <= self.policy.max_span_days]
        return near[0] if len(near) == 1 else None

    def one_trip_of(self, person: str | None, events: list[_Event]) -> bool:
        """Events of one named person whose days chain within the gap and stay within the
        longest stretch of one event: one trip reported in adjacent periods."""
        if not person or any(e.persons != {person} or e.reach is None for e in events):
            return False
        if self.visits and _outcomes_clash(events):
            return False
        reaches = sorted(e.reach for e in events)
        hull = reaches[0]
        for r in reaches[1:]:
            if _gap(hull, r) > self.policy.gap_days:
                return False
            hull = _hull(hull, r)
        return _span_days(hull) <= self.policy.max_span_days

    def merge(self, events: list[_Event], rule: str, evidence: str) -> _Event:
        keep = min(events, key=lambda e: e.order)
        for other in sorted(events, key=lambda e: e.order):
            if other is keep:
                continue
            keep.absorb(other)
            self.events.remove(other)
            self.state.merge(other.event_id, keep.event_id, rule,
                             f"{evidence}; {other.event_id} ({_fmt(other.extent)}) into {keep.event_id} ({_fmt(keep.extent)})")
        return keep

    def place(self, m: _Mention) -> tuple[_Event | None, str, str]:
        """The event m joins (None: a new one), the rule and the evidence."""
        cands = [e for e in self.events if e.compatible(m) and not e.several
                 and not (e.local and e.extent is None and m.row["doc_id"] not in e.docs)]
        if m.iv is None:
            return self._place_undated(m, cands)
        if m.precision == "day":
            return self._place_day(m, cands)
        return self._place_coarse(m, cands)

    def _place_day(self, m: _Mention, cands: list[_Event]):
        d, pol = m.iv, self.policy
        # A day of an event under way ("يزور صنعاء حاليا", dated the day of the report) lies
        # somewhere inside its stay, not at its start: it joins a stay begun before it.
        under_way = m.row.get("status") == "ongoing"
        fits = []
        for e in cands:
            if e.span is not None:
                # A day inside the stay its reports announce ("جولة تستمر ثلاثة أسابيع") is a
                # day of that tour, however far from the days reported so far.
                said = e.declared is not None and _overlap(e.declared, d)
                limit = max(pol.max_span_days, _span_days(e.declared)) if said else pol.max_span_days
                if ((_gap(e.span, d) <= pol.gap_days or (under_way and e.span[0] <= d[0]) or said)
                        and _span_days(_hull(e.span, d)) <= limit):
                    fits.append(e)
            elif e.coarse is not None:
                if not self.ambiguous(e) and (_overlap(e.coarse, d) or (
                        m.person and e.persons == {m.person} and _gap(e.coarse, d) <= pol.gap_days)):
                    fits.append(e)
            elif e.published is not None and e.published[0] - dt.timedelta(days=pol.window_days) <= d[0] <= e.published[1]:
                fits.append(e)  # undated reports of an event that has now been dated
        if not fits:
            return None, "new_event", f"no event of the pair near {d[0]}"
        if len(fits) > 1:
            if self.one_event(fits, m):
                keep = self.merge(fits, "consecutive_days", f"{m.row['mention_id']} dated {d[0]} bridges them")
                return keep, "consecutive_days", f"{d[0]} bridges {len(fits)} events"
            fits = [e for e in fits if e.span is not None] or fits
            fits.sort(key=lambda e: (_gap(e.span, d) if e.span else 0, e.order))
        e = fits[0]
        if e.span is not None:
            if _overlap(e.span, d):
                return e, "same_day", f"{d[0]} inside {_fmt(e.span)}"
            if _gap(e.span, d) > pol.gap_days and e.declared is not None and _overlap(e.declared, d):
                return e, "within_stated_stay", f"{d[0]} inside the stay its reports announce, {_fmt(e.declared)}"
            return e, "consecutive_days", f"{d[0]} within {pol.gap_days} days of {_fmt(e.span)}"
        if e.coarse is not None:
            if not _overlap(e.coarse, d):
                return e, f"same_person_adjacent_{e.coarse_precision}", f"{d[0]} touches {_fmt(e.coarse)}, {m.person}'s one trip there"
            return e, f"within_{e.coarse_precision}", f"{d[0]} inside {_fmt(e.coarse)}"
        return e, "dated_after_undated_reports", f"{d[0]} before its undated reports of {_fmt(e.published)}"

    def _place_coarse(self, m: _Mention, cands: list[_Event]):
        c, prec = m.iv, m.precision
        fits = [e for e in cands if e.extent is not None and _overlap(e.extent, c) and not self.ambiguous(e)]
        fits += [e for e in cands if e.extent is None and e.published is not None
                 and _overlap(e.published, (c[0], c[1] + dt.timedelta(days=self.policy.window_days)))]
        if not fits:
            near = self.same_person_near(m, cands)
            if near is not None:
                return near, f"same_person_adjacent_{prec}", (f"{m.row['date_value']} ({_fmt(c)}) touches "
                                                             f"{_fmt(near.reach)}, {m.person}'s one trip there")
            return None, "new_event", f"no event of the pair in {_fmt(c)}"
        rule = f"contained_in_{prec}" if any(e.span for e in fits) else "same_period"
        if len(fits) == 1:
            return fits[0], rule, f"{m.row['date_value']} ({_fmt(c)}) overlaps {_fmt(fits[0].extent)}"
        if self.one_event(fits, m):
            keep = self.merge(fits, rule, f"{m.row['mention_id']} dated {m.row['date_value']} holds them")
            return keep, rule, f"{m.row['date_value']} holds {len(fits)} events"
        if self.one_trip_of(m.person, fits):
            rule = f"same_person_adjacent_{prec}"
            keep = self.merge(fits, rule, f"{m.row['mention_id']} dated {m.row['date_value']} holds {m.person}'s adjacent reports")
            return keep, rule, f"{m.row['date_value']} holds {len(fits)} adjacent reports of {m.person}'s trip"
        # One of them reported far more widely than all the others together: a month or week
        # report of the pair refers to the occasion the press covered ("زيارة الدولة التي قام بها
        # ماكرون الأسبوع الماضي"), not to a one-report trip beside it (often a misread day).
        top = max(fits, key=lambda e: (len(e.docs), -e.order))
        rest = sum(len(e.docs) for e in fits if e is not top)
        if len(top.docs) >= _DOMINANT_DOCS and len(top.docs) >= _DOMINANT_RATIO * rest:
            return top, f"dominant_in_{prec}", (f"{m.row['date_value']} holds {len(fits)} events; {top.event_id} is reported "
                                                f"by {len(top.docs)} documents, the others by {rest}")
        # Several distinct events: do not pick one. Coarse reports that cannot tell them apart
        # share one event rather than each making its own.
        same = [e for e in self.events if e.unresolved and e.coarse == c and e.compatible(m)]
        if same:
            return same[0], "same_ambiguous_period", f"{m.row['date_value']} holds {len(fits)} distinct events"
        return None, "new_unresolved", f"{m.row['date_value']} holds {len(fits)} distinct events"

    def _place_undated(self, m: _Mention, cands: list[_Event]):
        r, pol = m.row, self.policy
        prefix = m.note + "; " if m.note else ""
        earlier = r.get("date_basis") == "earlier_than_report"
        presence = r.get("status") in _DONE and (told_as_present(r["event_type"], r.get("trigger"), r.get("sentence_index"))
                                                 or r.get("date_basis") == "forces_present")
        # Forces told as present beside a dated deployment of the same article are background
        # ("الشرطة العسكرية انتشرت في دوما اليوم" and "القوات المختلفة المنتشرة في سوريا").
        # ("قام بزيارة ثانية إلى الصين": another occasion than the visit its article dates)
        another = r.get("date_basis") == "another_occasion"
        if r.get("date_basis") == "several_occasions":
            # "بومبيو الذي زار بيونغ يانغ مرتين": a sum of trips, none of them alone
            return None, "several_occasions", prefix + "told as several trips: no one event is it"
        same_doc = [] if earlier or another else [e for e in cands if r["doc_id"] in e.docs and not (presence and e.extent is not None)]
        if same_doc:
            return min(same_doc, key=lambda e: e.order), "same_document", prefix + f"its document {r['doc_id']} reports it"
        if m.person and r["event_type"] == "visit":
            # "سافر أيضا وزير الدفاع جيم ماتيس إلى سنغافورة" beside "فريق من البيت الأبيض سافر إلى
            # سنغافورة": a named official told without a date is not the trip of travellers no
            # report names
            cands = [e for e in cands if e.persons]
        elif r["event_type"] == "visit" and (r.get("rule_id") == "VISIT-SEND-MISSION" or _DELEGATION.search(r.get("actor_text") or "")):
            # and a delegation told without a date ("سترسل وفدا رفيع المستوى لحضور حفل الختام") is
            # not a named official's trip (the leader's sister at the opening ceremony)
            cands = [e for e in cands if not e.persons]
        pub = r.get("published")
        if pub is None:
            return None, "new_event", prefix + "undated and unpublished: nothing to place it by"
        w = dt.timedelta(days=pol.window_days)
        if earlier:
            # "وكان ... قد زار": before the days the report is about, never among them
            window, rule = (pub - w, pub - dt.timedelta(days=pol.gap_days + 1)), "earlier_than_report"
        elif r.get("status") == "planned":
            # (forces announced undated are sent within days, or the plan is another act: a
            # claim that Paris "will send troops" is not the reinforcement revealed weeks later)
            ahead = dt.timedelta(days=pol.gap_days) if r["event_type"] in _FORCE_TYPES else w
            window, rule = (pub - dt.timedelta(days=1), pub + ahead), "planned_before_event"
        elif r.get("status") == "ongoing":
            # "في زيارته الحالية": under way when reported; "يقوم بزيارة ... سيصل قريبا" in an
            # evening report is a trip that starts the next day, in the host's time
            window, rule = (pub - dt.timedelta(days=pol.ongoing_days), pub + dt.timedelta(days=1)), "ongoing_at_publication"
        elif r.get("status") in _DONE:
            # ("توجه إلى الولايات المتحدة" reported the day he set off: he lands the next day)
            reach = dt.timedelta(days=1) if r["event_type"] == "visit" else dt.timedelta(0)
            window, rule = (pub - w, pub + reach), "undated_near_publication"
        else:
            window, rule = (pub - w, pub + w), "undated_near_publication"
        if r["event_type"] in _BACKGROUND_TYPES and rule == "undated_near_publication":
            # An undated deployment or deal told as done in another article is that act only
            # within its news cycle: weeks later such lines are background ("وقادت إسرائيل أكثر
            # من عملية عسكرية"), and a month holds several acts of one pair.
            window = (pub - dt.timedelta(days=pol.gap_days), pub)
        # Forces told as present are background: no dated deployment is the one they report.
        dated = [] if presence else [e for e in cands if e.extent is not None and _overlap(e.extent, window) and not self.ambiguous(e)
                                     # "وكان قد التقى ... في بيونغ يانغ": before the report, not an
                                     # event known to run on past it ("هذا الشهر" in a later report)
                                     and not (earlier and e.extent[1] > pub)
                                     # a month or year of forces holds many convoys and lines of
                                     # background: an undated one joins only an act dated by its days
                                     and not (r["event_type"] in _FORCE_TYPES and e.span is None)]
        if len(dated) == 1:
            e = dated[0]
            return e, rule, prefix + f"published {pub}, the one event in {_fmt(window)} is {_fmt(e.extent)}"
        if dated:
            recent = dt.timedelta(days=pol.recent_days)
            near = (window[0], window[0] + recent) if rule == "planned_before_event" else (window[1] - recent, window[1])
            close_by = [e for e in dated if _overlap(e.extent, near)]
            if len(close_by) == 1:
                e = close_by[0]
                return e, rule, prefix + f"published {pub}, the one event of {len(dated)} within {pol.recent_days} days is {_fmt(e.extent)}"
            # Reports follow the event most reported: one holding more documents than all the
            # others near the report together is the one meant (all those in the window when
            # none is within the recent days: a summit recalled a week later).
            close_by = close_by or list(dated)
            close_by.sort(key=lambda e: (-len(e.docs), e.order))
            if len(close_by) > 1 and len(close_by[0].docs) > sum(len(e.docs) for e in close_by[1:]):
                e = close_by[0]
                return e, rule, (prefix + f"published {pub}, the best-reported of {len(close_by)} events within "
                                 f"{pol.recent_days} days is {_fmt(e.extent)} ({len(e.docs)} documents)")
        if r["event_type"] in _FORCE_TYPES and not presence:
            # the same line from the same day's reports (agency copies, "ستنسحب القوات قريبا" told
            # the day it was said) is one; a day apart, another convoy or another line of background
            same_day = [e for e in self.events if e.compatible(m) and not e.several and e.extent is None and not dated
                        and e.published == (pub, pub) and e.told_planned is None and r.get("status") != "planned"
                        and e.unresolved is False]
            if len(same_day) == 1:
                return same_day[0], "undated_same_day", prefix + f"forces told without a date, reported the same day, {pub}"
            return None, "undated_force_not_placed", prefix + (
                f"forces told without a date ({r['trigger']}), no dated act near its report: "
                "any convoy or background, joined with no other article's undated lines of other days")
        close = dt.timedelta(days=pol.undated_days)
        # Forces told as present join no other article's reports either: two such lines days
        # apart ("تنشر الولايات المتحدة قوات في منبج", "أرسلت 200 عسكري إلى التنف") tell of
        # different forces as often as of the same.
        undated = [] if presence else [e for e in cands if e.extent is None and e.published is not None and e.unresolved == bool(dated)
                                       and _overlap(e.published, (pub - close, pub + close)) and not self.plan_after_act(m, e)]
        if len(undated) == 1:
            return undated[0], "undated_reports_close", prefix + f"published {pub}, near its reports of {_fmt(undated[0].published)}"
        if dated:
            return None, "new_unresolved", prefix + f"published {pub}: {len(dated)} events fit, none chosen"
        if presence:
            return None, "presence_not_placed", prefix + f"forces told as present ({r['trigger']}), undated: background, not a report of a dated deployment"
        return None, "new_event", prefix + f"published {pub}, undated, no single event near"

    @staticmethod
    def plan_after_act(m: _Mention, e: _Event) -> bool:
        """A deployment or deal reported as planned is a later act than one reported as done by
        that day ("يخطط لإرسال عشرات الجنود" and "بدأت قوات ... تعزيز تحصيناتها" on one day)."""
        r, pub = m.row, m.row.get("published")
        if r["event_type"] not in _BACKGROUND_TYPES or pub is None:
            return False
        if r.get("status") == "planned":
            return e.told_done is not None and e.told_done <= pub
        return r.get("status") in _DONE and e.told_planned is not None and e.told_planned >= pub


def _outcomes_clash(events: list[_Event], status: str | None = None) -> bool:
    """A visit called off is not one that took place: "ألغى ترامب زيارة كانت ستقوده إلى لندن
    مطلع هذا العام" is not his July visit, and a cancellation misread in a report of the visit
    ("ألغى جدول أعماله في ثاني يوم من زيارته") is no report of it. (Visits only: a deal signed
    and later cancelled, a pull-out announced and then reversed, is one act.)"""
    return (status in _DONE or any(e.done for e in events)) and (status == "cancelled" or any(e.called_off for e in events))


# Between an actor and its trigger (normalised): a complementiser, a relative or a quotation
# ("وقال وزير الإعلام الإريتري إن أسياس سيصل", "كبير مساعدي زعيم كوريا الشمالية، الذي وصل")
# leaves the actor someone else than the traveller
_UNTIED = re.compile(r"(?<!\w)[وف]?(?:ان|بان|انه|الذي|التي|الذين|اللذان|قال|قالت|اعلن)(?!\w)|[\":؛.]")


def _tied_to_trigger(link: str | None) -> bool:
    return link is not None and len(link.split()) <= 4 and _UNTIED.search(normalize_form(link)) is None


_BACKGROUND_TYPES = frozenset(("military_deployment", "arms_deal"))
_DELEGATION = re.compile(r"(?:^|\s)[وفبل]?(?:ال)?(?:وفد|وفدا|فريق|فريقا|بعثة|بعثه)(?:\s|$)")
# (withdrawals keep joining undated reports of the pair a few days apart: "ستنسحب القوات الأمريكية
# من سوريا قريبا" told over a week is one announcement)
_FORCE_TYPES = frozenset(("military_deployment",))
# events made by undated force lines: another article's report joins them only once their own
# document has dated them
_LOCAL_RULES = frozenset(("undated_force_not_placed", "presence_not_placed"))


class _State:
    def __init__(self):
        self.merges: dict[str, tuple[str, str, str]] = {}

    def merge(self, merged: str, into: str, rule: str, evidence: str) -> None:
        self.merges[merged] = (into, rule, evidence)

    def final(self, event_id: str) -> str:
        while event_id in self.merges:
            event_id = self.merges[event_id][0]
        return event_id


def _order_key(m: _Mention) -> tuple:
    r = m.row
    return (_PRECISION_RANK.get(m.precision or "", 9), m.iv[0] if m.iv else dt.date.max,
            r.get("published") or dt.date.max, r["doc_id"], r["mention_id"])


def assign_events(existing: pl.DataFrame, new: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Assign `new` mentions to events, given the `existing` assignments.

    Both frames have mention_id, doc_id, event_type, actor_code, target_code, date_value,
    date_precision, published, and optionally status and actor_person; `existing`
    also event_id (and join_reason, join_evidence). Returns (assignments — mention_id,
    event_id, join_reason, join_evidence — for the new mentions and for existing mentions whose
    event was merged; merges — merged_event_id, into_event_id, rule_id, evidence).
    """
    existing, new = _with_optional(existing), _with_optional(new)
    state = _State()
    pools: dict[tuple, _Pool] = {}
    by_id: dict[str, _Event] = {}
    reasons: dict[str, tuple[str, str, str]] = {}   # mention -> (event, reason, evidence)

    def pool(row: dict) -> _Pool:
        key = (row["event_type"], row["actor_code"], row["target_code"])
        if key not in pools:
            pools[key] = _Pool(POLICIES.get(row["event_type"], DEFAULT_POLICY), state, row["event_type"] == "visit")
        return pools[key]

    # Existing events, ordered as they were made: by the processing order of the mention that
    # created each (its id is derived from it), so a merge keeps the id made first.
    old_rows = [(_mention(r), r) for r in existing.sort("event_id", "mention_id").iter_rows(named=True)]
    creators = {r["event_id"]: _order_key(m) for m, r in old_rows if new_event_id(r["mention_id"]) == r["event_id"]}
    for m, row in sorted(old_rows, key=lambda mr: (creators.get(mr[1]["event_id"], (9,)), mr[1]["event_id"])):
        ev = by_id.get(row["event_id"])
        if ev is None:
            ev = by_id[row["event_id"]] = _Event(row["event_id"], len(by_id))
            pool(row).events.append(ev)
        ev.add(m)
        ev.unresolved |= row["join_reason"] == "new_unresolved"
        ev.several |= row["join_reason"] == "several_occasions"
        ev.local |= row["join_reason"] in _LOCAL_RULES
        reasons[row["mention_id"]] = (row["event_id"], row["join_reason"], row["join_evidence"])
    old = {m: e for m, (e, _, _) in reasons.items()}

    for m in sorted((_mention(r) for r in new.iter_rows(named=True)), key=_order_key):
        p = pool(m.row)
        target, rule, evidence = p.place(m)
        if target is None:
            target = _Event(new_event_id(m.row["mention_id"]), len(by_id), unresolved=rule == "new_unresolved",
                            several=rule == "several_occasions", local=rule in _LOCAL_RULES)
            by_id[target.event_id] = target
            p.events.append(target)
        target.add(m)
        reasons[m.row["mention_id"]] = (target.event_id, rule, evidence)

    new_ids = set(new["mention_id"].to_list())
    rows = []
    for mid in sorted(reasons):
        event_id, rule, evidence = reasons[mid]
        final = state.final(event_id)
        if mid in new_ids or old.get(mid) != final:
            rows.append({"mention_id": mid, "event_id": final, "join_reason": rule, "join_evidence": evidence})
    assignments = pl.DataFrame(rows, schema=MEMBER_SCHEMA)
    merge_rows = pl.DataFrame([{"merged_event_id": a, "into_event_id": state.final(b), "rule_id": rule, "evidence": ev}
                               for a, (b, rule, ev) in sorted(state.merges.items())], schema=MERGE_SCHEMA)
    return assignments, merge_rows
