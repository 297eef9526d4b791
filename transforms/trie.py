"""Compile thousands of lexicon forms into one fast regular expression.

A plain alternation "a|b|c|..." makes the regex engine try every form at every position; a
trie-shaped pattern shares prefixes, so a position is rejected after a character or two.
Longer forms are tried first, so "الولايات المتحده الامريكيه" wins over "الولايات المتحده".
A space inside a form matches any run of whitespace.

>>> import re
>>> rx = re.compile(trie_pattern(["فرنسا", "فرنسي", "فرنسيه"]))
>>> rx.fullmatch("فرنسيه") is not None, rx.fullmatch("فرنس") is None
(True, True)
"""
from __future__ import annotations

import re
from typing import Iterable


def trie_pattern(forms: Iterable[str]) -> str:
    trie: dict = {}
    for form in forms:
        if not form:
            continue
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"
    return _render(trie)


def _render(node: dict) -> str:
    terminal = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        atom = r"\s+" if ch == " " else re.escape(ch)
        branches.append(atom + _render(node[ch]) if node[ch] else atom)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        # Greedy optional group: the longer continuation is tried first.
        return f"(?:{body})?"
    return body
