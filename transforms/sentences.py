"""Sentence splitting with character offsets.

Arabic news ends sentences with ". ! ? ؟" and often with nothing but a line break (titles,
captions, list items). A full stop only ends a sentence when whitespace follows it, so
decimals ("5.3 مليار") and dotted abbreviations ("أ.ف.ب") stay inside their sentence.

>>> [text for _, _, text in split_sentences("زار الرئيس مصر. وقال 5.3 مليار!\\nعنوان")]
['زار الرئيس مصر.', 'وقال 5.3 مليار!', 'عنوان']
"""
from __future__ import annotations

import re

# Written to begin with a character class, which lets the engine skip ahead to the next
# candidate in C (a leading look-behind made it stop at every character).
_BOUNDARY = re.compile(r"[.!?؟\n](?:(?<=\n)\n*|[\"')\]]*\s+)")
_MAX_SENTENCE = 1200  # run-on "sentences" (tables, lists without punctuation) are cut here


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, sentence) for every non-blank sentence of `text`."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        _emit(text, pos, m.start() if m.group(0).startswith("\n") else m.end(), out)
        pos = m.end()
    _emit(text, pos, len(text), out)
    return out


def _emit(text: str, start: int, end: int, out: list) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        out.append((start, cut, text[start:cut]))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    if end > start:
        out.append((start, end, text[start:end]))
