"""The first letters a regular expression can match: a cheap filter in front of costly patterns.

`heads(pattern, k)` reads the pattern's syntax tree and returns every string of at most k
characters that a match can begin with. Look-arounds are skipped and anything wider than a
small set of letters cuts a head short, so the set can only be too wide, never too narrow: a
text position where no head starts is one where the pattern cannot match. `None` means the
pattern can begin with anything (no filter possible).

>>> sorted(heads(r"(?:زار|زيار\\w*|يزور)", 2))
['زا', 'زي', 'يز']
>>> sorted(heads(r"(?:ب|ال)?زياره", 2))
['ال', 'بز', 'زي']
>>> heads(r"\\w+زار", 2) is None
True
"""
from __future__ import annotations

import re
import re._constants as C
import re._parser as P

from waqai.transforms.trie import trie_pattern

_MAX = 50000       # more heads than this filter nothing worth the cost
_SMALL_SET = 40    # a character class this small is spelled out letter by letter


def heads(pattern: str, k: int, classes: dict | None = None, ended: str = "") -> set[str] | None:
    """`classes` maps a category (re._constants.CATEGORY_DIGIT, ...) to a stand-in character
    that heads then carry for it; without it such a class cuts a head short. With `ended`, a
    head where the whole match may end (shorter than k) carries that character after it."""
    global _CLASSES
    _CLASSES = classes or {}
    found = _seq(P.parse(pattern), k)
    if found is None or any(s == "" for s, _ in found):
        return None
    return {s + ended if open_ else s for s, open_ in found}


_CLASSES: dict = {}
# Stand-ins for \d and \s in heads, written back as classes in a start filter.
_MARKS = {C.CATEGORY_DIGIT: ("\x00", r"\d"), C.CATEGORY_SPACE: ("\x01", r"\s")}
# ... and for a run of them (\d+, \s+), so that a head goes on after "في\s+".
_RUNS = {"\x00": ("\x03", r"\d+"), "\x01": ("\x04", r"\s+")}


def start_filter(pattern: str, k: int) -> re.Pattern | None:
    """A zero-width pattern that matches wherever `pattern` may start (and more), or None when
    no filter can be read off it. Use with `filtered_finditer`."""
    body = heads_pattern(pattern, k)
    return None if body is None else re.compile("(?=" + body + ")")


def heads_pattern(pattern: str, k: int, word_end: bool = False) -> str | None:
    """The heads of `pattern` as one trie-shaped regular expression (\\d and \\s kept as
    classes), or None. `word_end`: the caller's pattern is followed by (?!\\w), so a head
    where a match ends ("الان" of "الآن") must end its word too (not "الانسان")."""
    found = heads(pattern, k, {cat: mark for cat, (mark, _) in _MARKS.items()}, _ENDED if word_end else "")
    if found is None:
        return None
    body = trie_pattern(found)
    for mark, cls in [*_RUNS.values(), *_MARKS.values()]:
        body = body.replace(mark, cls)
    return body.replace(_ENDED, r"(?!\w)")


_ENDED = "\x02"


def filtered_finditer(pattern: re.Pattern, filt: re.Pattern | None, text: str, start: int, end: int):
    """What pattern.finditer(text, start, end) yields, trying the pattern only where `filt`
    (from start_filter) says it may start."""
    if filt is None:
        yield from pattern.finditer(text, start, end)
        return
    pos = start
    for cand in filt.finditer(text, start, end):
        at = cand.start()
        if at < pos:
            continue
        m = pattern.match(text, at, end)
        if m is not None:
            yield m
            pos = m.end() if m.end() > at else at + 1


# A partial head is (text, open): open when the match may still go on after it, so the next
# item of the sequence extends it; closed when it reached k letters or an unreadable item.
def _seq(items, k: int) -> set[tuple[str, bool]] | None:
    partial = {("", True)}
    for op, av in items:
        nxt: set[tuple[str, bool]] = set()
        item_cache: dict[int, set | None] = {}
        for s, open_ in partial:
            if not open_ or len(s) >= k:
                nxt.add((s[:k], False))
                continue
            room = k - len(s)
            if room not in item_cache:
                item_cache[room] = _item(op, av, room)
            got = item_cache[room]
            if got is None:
                return None
            for t, o in got:
                u = s + t
                nxt.add((u[:k], o and len(u) < k))
        partial = nxt
        if len(partial) > _MAX:
            return None
        if not any(o for _, o in partial):
            break
    return partial


def _item(op, av, k: int) -> set[tuple[str, bool]] | None:
    if op is C.LITERAL:
        return {(chr(av), True)}
    if op is C.IN:
        letters = _letters(av)
        return {(ch, True) for ch in letters} if letters is not None else {("", False)}
    if op is C.SUBPATTERN:
        return _seq(av[-1], k)
    if op is C.ATOMIC_GROUP:
        return _seq(av, k)
    if op is C.BRANCH:
        out: set[tuple[str, bool]] = set()
        for alt in av[1]:
            got = _seq(alt, k)
            if got is None:
                return None
            out |= got
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        if hi == 0:
            return {("", True)}
        run = _run_mark(sub) if hi == C.MAXREPEAT else None
        if run is not None:  # "\s+", "\s*": one stand-in for the whole run, and the head goes on
            return {(run, True)} | ({("", True)} if lo == 0 else set())
        once = _seq(sub, k)
        if once is None:
            return None
        # One repetition read; a second may follow, which only a shorter head allows for.
        out = {(t, o and hi == 1) for t, o in once}
        if lo == 0:
            out.add(("", True))
        return out
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return {("", True)}   # zero width: the constraint is left to the full pattern
    return {("", False)}


def _run_mark(sub) -> str | None:
    """The run stand-in of a repeated \\d or \\s, else None."""
    if len(sub) == 1 and sub[0][0] is C.IN and len(sub[0][1]) == 1:
        op, x = sub[0][1][0]
        if op is C.CATEGORY and x in _CLASSES and _CLASSES[x] in _RUNS:
            return _RUNS[_CLASSES[x]][0]
    return None


def _letters(av) -> set[str] | None:
    out: set[str] = set()
    for op, x in av:
        if op is C.LITERAL:
            out.add(chr(x))
        elif op is C.CATEGORY and x in _CLASSES:
            out.add(_CLASSES[x])
        elif op is C.RANGE and x[1] - x[0] < _SMALL_SET:
            out.update(chr(c) for c in range(x[0], x[1] + 1))
        else:
            return None
        if len(out) > _SMALL_SET:
            return None
    return out
