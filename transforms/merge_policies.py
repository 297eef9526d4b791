"""How far apart the reports of one real-world event may be, per event type (read by
transforms/dedup.py)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """How far apart the reports of one event may be, per event type."""
    gap_days: int        # day-dated reports at most this far from the span chain into it
    max_span_days: int   # a stretch of days longer than this is more than one event
    window_days: int     # an undated report refers to an event at most this far from it
    recent_days: int     # ... and to the only one this close when several are in the window
    undated_days: int    # undated reports published this close are one event
    ongoing_days: int    # an event reported as under way ("زيارته الحالية") reaches this close to the report


# A state visit lasts days (Macron's to the US: 23-25 April 2018); deals and deployments are
# reported over a longer stretch (signature, then the first delivery or contingent).
POLICIES = {
    "visit": Policy(gap_days=2, max_span_days=14, window_days=30, recent_days=7, undated_days=7, ongoing_days=3),
    # One pair of states may report several deals or deployments in a week (a chart of past
    # purchases and a new approval): undated reports of them join each other only within two
    # days, the same news cycle.
    "arms_deal": Policy(gap_days=3, max_span_days=31, window_days=30, recent_days=7, undated_days=2, ongoing_days=30),
    # A deployment under way may have begun long before: its window stays the default one.
    "military_deployment": Policy(gap_days=3, max_span_days=31, window_days=30, recent_days=7, undated_days=2, ongoing_days=30),
    # A withdrawal is announced, starts and is completed over days to weeks (CSTO from
    # Kazakhstan: 13-19 January 2022); the reports of one pull-out chain like a deployment's.
    "military_withdrawal": Policy(gap_days=7, max_span_days=45, window_days=30, recent_days=7, undated_days=7, ongoing_days=30),
}
DEFAULT_POLICY = POLICIES["visit"]
