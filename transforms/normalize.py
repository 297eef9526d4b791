"""Arabic normalisation that remembers where every character came from.

Matching runs on a normalised copy of the text (one spelling per letter, no diacritics), but
every span we store must point into the *original* text, so analysts can find it again.
`normalize` returns the normalised string and an `OffsetMap` back to the original.

>>> n = normalize("زِيـــارة")
>>> n.text
'زياره'
>>> n.span(0, 5)
(0, 9)
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# Characters that carry no meaning for matching: harakat and Quranic marks, tatweel, the
# dagger alef, zero-width and bidi controls (news sites paste them in), and the BOM.
_DROP = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
    "\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad"
)
_DROP_RE = re.compile(f"[{_DROP}]")
# Presentation forms (ligatures such as ﻻ) expand to several letters under NFKC.
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")

_ONE_TO_ONE = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ئ": "ي", "ی": "ي", "ې": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ", "\r": " ",
    "٫": ".", "٬": ",", "٪": "%",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    "“": '"', "”": '"', "«": '"', "»": '"', "„": '"',
    # Hashtags name actors and weapons as much as plain words do: "#محمد_بن_سلمان".
    "#": " ", "_": " ",
}
_ONE_TO_ONE.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_ONE_TO_ONE.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian digits
# ASCII only: str.lower() can change the length of some non-ASCII letters.
_ONE_TO_ONE.update({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
_TABLE = str.maketrans(_ONE_TO_ONE)
# No replacement is itself replaced, so one str.replace per character present gives what
# str.translate gives, nine times faster: translate looks every character up in a dict.
assert not set(_ONE_TO_ONE.values()) & set(_ONE_TO_ONE)
_PAIRS = tuple(_ONE_TO_ONE.items())


def _fold(text: str) -> str:
    for old, new in _PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions in the normalised text back to the original text.

    `origin` is None when the two texts align one to one (the common case: no dropped or
    expanded characters), else it holds the original index of every normalised character.
    When characters were only dropped (harakat, tatweel, bidi marks), `dropped` holds their
    original positions instead and `gaps` the normalised index each fell before: building
    the whole origin table cost more than the rest of normalisation.
    """

    origin: tuple[int, ...] | None
    original_length: int
    dropped: tuple[int, ...] = ()
    gaps: tuple[int, ...] = ()

    def _at(self, i: int) -> int:
        return self.origin[i] if self.origin is not None else i + bisect_right(self.gaps, i)

    def start(self, i: int) -> int:
        if self.origin is None and not self.dropped:
            return i
        length = len(self.origin) if self.origin is not None else self.original_length - len(self.dropped)
        return self._at(i) if i < length else self.original_length

    def end(self, i: int) -> int:
        """Original end (exclusive) of a normalised span ending at `i` (exclusive)."""
        if self.origin is None and not self.dropped:
            return i
        if i <= 0:
            return 0
        return self._at(i - 1) + 1

    def to_normalised(self, original_index: int) -> int:
        if self.origin is None:
            if not self.dropped:
                return original_index
            o = min(original_index, self.original_length)
            return o - bisect_left(self.dropped, o) if o > 0 else 0
        return bisect_right(self.origin, original_index - 1) if original_index else 0


@dataclass(frozen=True)
class Normalised:
    text: str
    offsets: OffsetMap

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised span [start, end)."""
        return self.offsets.start(start), self.offsets.end(end)


# A hyphen inside a transliterated name ("كيم جونغ-أون", "كيم يو -جونغ") joins its parts
# as a space does: the name is found whichever way a site writes it. Between letters only:
# "إف-16" and "1-3 مارس" keep theirs.
_NAME_HYPHEN_RE = re.compile("-(?:(?<=[\u0621-\u064a]-)(?=\\s?[\u0621-\u064a])|(?<=[\u0621-\u064a] -)(?=[\u0621-\u064a]))")


def _name_hyphens(text: str) -> str:
    return _NAME_HYPHEN_RE.sub(" ", text) if "-" in text else text


def normalize(text: str) -> Normalised:
    """Normalise Arabic text for matching; keep a map back to the original offsets."""
    if _PRESENTATION_RE.search(text):
        n = _normalize_slow(text)
        return Normalised(_name_hyphens(n.text), n.offsets)
    if not _DROP_RE.search(text):
        return Normalised(_name_hyphens(_fold(text)), OffsetMap(None, len(text)))
    dropped = tuple(m.start() for m in _DROP_RE.finditer(text))
    gaps = tuple(d - k for k, d in enumerate(dropped))
    stripped = _DROP_RE.sub("", text)
    return Normalised(_name_hyphens(_fold(stripped)), OffsetMap(None, len(text), dropped, gaps))


def _normalize_slow(text: str) -> Normalised:
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if _DROP_RE.match(ch):
            continue
        if _PRESENTATION_RE.match(ch):
            for part in unicodedata.normalize("NFKC", ch):
                if not _DROP_RE.match(part):
                    out.append(part.translate(_TABLE))
                    origin.append(i)
            continue
        out.append(ch.translate(_TABLE))
        origin.append(i)
    return Normalised("".join(out), OffsetMap(tuple(origin), len(text)))


_ARABIC_ONLY = str.maketrans({k: v for k, v in _ONE_TO_ONE.items() if not ("A" <= k <= "Z")})


def normalize_pattern(pattern: str) -> str:
    """Normalise the Arabic letters of a regular expression written in natural spelling,
    leaving its syntax (and Latin letters such as \\w or (?P<name>...)) alone."""
    return _DROP_RE.sub("", pattern).translate(_ARABIC_ONLY)


def normalize_form(text: str) -> str:
    """Normalise a lexicon entry the way documents are normalised, with single spaces."""
    return " ".join(normalize(text).text.split())


def strip_bidi(text: str) -> str:
    """Remove bidi controls and zero-width marks (kept out of stored titles and metadata)."""
    return re.sub("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]", "", text)
