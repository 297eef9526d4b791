"""Frames: from a trigger to (actor, target) pairs, one function per frame named in a rule."""
from __future__ import annotations

from waqai.transforms.events.frames.arms import _frame_acquire, _frame_arrive, _frame_deal, _frame_produce, _frame_supply
from waqai.transforms.events.frames.deployments import _frame_deploy
from waqai.transforms.events.frames.withdrawals import _frame_withdraw
from waqai.transforms.events.frames.visits import _frame_host, _frame_meet_in, _frame_mission, _frame_speak_in, _frame_summit, _frame_travel

_FRAMES = {"travel": _frame_travel, "host": _frame_host, "meet_in": _frame_meet_in, "speak_in": _frame_speak_in, "summit": _frame_summit, "mission": _frame_mission, "supply": _frame_supply, "arrive": _frame_arrive, "acquire": _frame_acquire,
           "deal": _frame_deal, "produce": _frame_produce, "deploy": _frame_deploy,
           "withdraw": _frame_withdraw}
