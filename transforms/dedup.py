"""One row per real-world event: group event mentions across documents.

Mentions join an event when they share type, actor and target and their dates are
compatible:
  - a dated mention joins the event whose date interval overlaps its own; when it overlaps
    several events that overlap each other ("2023-11" and "2023-W44"), those are one event
    and are merged (the merge is recorded); when it overlaps several distinct events (a
    "2023" mention and two visits on different days of 2023), it stays on its own;
  - an undated mention joins the event its own document already has for the same pair, else
    a dated event within WINDOW_DAYS of its publication date when exactly one qualifies,
    else it stays on its own.
Event ids are derived from the mention that created the event, and mentions are processed in
a fixed order (dated first, then by publication date, document and mention id), so the same
input gives the same ids; later runs only add to events or merge them, never renumber them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import polars as pl

WINDOW_DAYS = 30
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

MEMBER_SCHEMA = {"mention_id": pl.String, "event_id": pl.String}
MERGE_SCHEMA = {"merged_event_id": pl.String, "into_event_id": pl.String}


def interval(date_value: str | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a date value stands for: "2023-W44" → Monday..Sunday of that ISO week.

    >>> interval("2023-11", "month")
    (datetime.date(2023, 11, 1), datetime.date(2023, 11, 30))
    """
    if not date_value or not precision:
        return None
    if precision == "day":
        d = dt.date.fromisoformat(date_value[:10])
        return d, d
    if precision == "week":
        y, w = int(date_value[:4]), int(date_value[6:8])
        monday = dt.date.fromisocalendar(y, w, 1)
        return monday, monday + dt.timedelta(days=6)
    if precision == "month":
        if len(date_value) >= 10:  # a Hijri month is stored by its first Gregorian day
            start = dt.date.fromisoformat(date_value[:10])
            return start, start + dt.timedelta(days=29)
        y, m = int(date_value[:4]), int(date_value[5:7])
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
    if precision == "year":
        y = int(date_value[:4])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    return None


def _overlap(a, b) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass
class _Event:
    event_id: str
    order: int                                   # creation order: the older id survives a merge
    docs: set[str] = field(default_factory=set)
    best: tuple[dt.date, dt.date] | None = None  # the most precise interval of its mentions
    best_rank: int = 99

    def add(self, doc_id: str, iv, precision: str | None) -> None:
        self.docs.add(doc_id)
        if iv is not None:
            rank = _PRECISION_RANK.get(precision or "", 99)
            if rank < self.best_rank or (rank == self.best_rank and self.best and iv[0] < self.best[0]):
                self.best, self.best_rank = iv, rank


def new_event_id(mention_id: str) -> str:
    return "e_" + hashlib.sha1(mention_id.encode()).hexdigest()[:16]


def assign_events(existing: pl.DataFrame, new: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Assign `new` mentions to events, given the `existing` assignments.

    Both frames have mention_id, doc_id, event_type, actor_code, target_code, date_value,
    date_precision, published; `existing` also event_id. Returns (assignments for the new
    mentions and for existing mentions whose event was merged, merges).
    """
    events: dict[tuple, list[_Event]] = {}
    by_id: dict[str, _Event] = {}
    for row in existing.sort("event_id").iter_rows(named=True):
        ev = by_id.get(row["event_id"])
        if ev is None:
            ev = by_id[row["event_id"]] = _Event(row["event_id"], len(by_id))
            events.setdefault(_key(row), []).append(ev)
        ev.add(row["doc_id"], interval(row["date_value"], row["date_precision"]), row["date_precision"])
    old = {r["mention_id"]: r["event_id"] for r in existing.select("mention_id", "event_id").iter_rows(named=True)}
    members = dict(old)
    merges: dict[str, str] = {}

    rows = list(new.iter_rows(named=True))
    rows.sort(key=lambda r: (r["date_value"] is None, r["published"] or dt.date.max, r["doc_id"], r["mention_id"]))
    for r in rows:
        key = _key(r)
        pool = events.setdefault(key, [])
        iv = interval(r["date_value"], r["date_precision"])
        target = _choose(pool, r, iv)
        if target is None:
            target = _Event(new_event_id(r["mention_id"]), len(by_id))
            by_id[target.event_id] = target
            pool.append(target)
        elif isinstance(target, list):  # mutually compatible events: one event after all
            keep = min(target, key=lambda e: e.order)
            for other in target:
                if other is not keep:
                    merges[other.event_id] = keep.event_id
                    keep.docs |= other.docs
                    if other.best is not None:
                        keep.add(next(iter(other.docs), ""), other.best, _rank_name(other.best_rank))
                    pool.remove(other)
                    for mid, eid in members.items():
                        if eid == other.event_id:
                            members[mid] = keep.event_id
            target = keep
        target.add(r["doc_id"], iv, r["date_precision"])
        members[r["mention_id"]] = target.event_id

    changed = set(new["mention_id"].to_list()) | {m for m, e in members.items() if m in old and old[m] != e}
    assignments = pl.DataFrame([{"mention_id": m, "event_id": members[m]} for m in sorted(changed)], schema=MEMBER_SCHEMA)
    merge_rows = pl.DataFrame([{"merged_event_id": a, "into_event_id": _final(b, merges)} for a, b in sorted(merges.items())],
                              schema=MERGE_SCHEMA)
    return assignments, merge_rows


def _key(r: dict) -> tuple:
    return r["event_type"], r["actor_code"], r["target_code"]


def _rank_name(rank: int) -> str | None:
    return next((k for k, v in _PRECISION_RANK.items() if v == rank), None)


def _final(event_id: str, merges: dict[str, str]) -> str:
    while event_id in merges:
        event_id = merges[event_id]
    return event_id


def _choose(pool: list[_Event], r: dict, iv) -> _Event | list[_Event] | None:
    if iv is not None:
        hits = [e for e in pool if e.best is not None and _overlap(e.best, iv)]
        if len(hits) <= 1:
            return hits[0] if hits else None
        if all(_overlap(a.best, b.best) for a in hits for b in hits):
            return hits
        return None  # overlaps distinct events: too coarse to tell which
    same_doc = [e for e in pool if r["doc_id"] in e.docs]
    if same_doc:
        return min(same_doc, key=lambda e: e.order)
    if r["published"] is None:
        return None
    lo = r["published"] - dt.timedelta(days=WINDOW_DAYS)
    hi = r["published"] + dt.timedelta(days=WINDOW_DAYS)
    near = [e for e in pool if e.best is not None and _overlap(e.best, (lo, hi))]
    return near[0] if len(near) == 1 else None
