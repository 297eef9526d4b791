"""Text out of bytes: which encoding a file is in, whether it is text at all, the article text
of an HTML page, and which language a text is written in. Used by ingest for every input."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MIN_ARTICLE_CHARS = 25  # what is left of a page after boilerplate removal, below which it had no article
# Encodings tried after a BOM and strict UTF-8 (charset-normalizer chooses among them).
CANDIDATE_ENCODINGS = ["cp1256", "iso8859_6", "utf_16_le", "utf_16_be"]
# Bidi controls pasted into news text; stored texts keep zero-width joiners (a document's id
# is the hash of its stored text, so what is removed here must never change).
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")

# A text is Arabic when at least this share of its letters is Arabic script. Measured on
# the two corpora (47,868 articles): Arabic news has 83-100 % Arabic letters, Arabic pages
# polluted with CSS and scripts 23-40 %; a list of English film titles under an Arabic
# heading 6-11 %, an English caption 7 %. An English page quoting an Arabic name has a few %.
# Persian and Urdu are Arabic script too and are not told apart (their letters also occur in
# Arabic typed on a Persian keyboard: up to 5 % of the letters of corpus articles).
ARABIC_SHARE = 0.2
# A Latin-script text is English when these words make at least ENGLISH_SHARE of its words
# (English prose: 25-40 %; French, Spanish, German: a few %); otherwise its language is 'und'.
ENGLISH_WORDS = frozenset("the of and to in is that for on with as was by it at from are be this has have were said".split())
ENGLISH_SHARE = 0.10
LANGUAGE_SAMPLE_CHARS = 5000  # the head of the text decides: enough letters, constant cost


def _deleting_all_but(keep: bytes) -> bytes:
    return bytes(b for b in range(256) if b not in keep)


# Letters are counted on the UTF-8 bytes (bytes.translate runs at memory speed; a regular
# expression over every character cost 20 s on the corpus): a character of U+0600-U+06FF
# starts with byte D8-DB; other letters (Latin with accents, Greek, Cyrillic, Hebrew, Indic,
# CJK...) start with C3-D7, DC-E1 or E3-EE. Left out: C2 (« » and other Latin-1 signs), E2
# (punctuation and symbols), EF (presentation forms, BOM), F0+ (emoji). Arabic punctuation
# and digits count as Arabic: a few per cent at most.
_KEEP_ARABIC = _deleting_all_but(bytes(range(0xD8, 0xDC)))
_KEEP_OTHER_LETTERS = _deleting_all_but(bytes([*range(0xC3, 0xD8), *range(0xDC, 0xE2), *range(0xE3, 0xEF)]))
_KEEP_ASCII_LETTERS = _deleting_all_but(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII_WORD = re.compile(r"[a-z]+")



def detect_language(text: str, encoded: bytes | None = None) -> str:
    """'ar', 'en' or 'und' (undetermined), from the script of the letters (see ARABIC_SHARE).
    `encoded`: the text as UTF-8 when already at hand (a character cut at the end is harmless)."""
    raw = encoded[: 2 * LANGUAGE_SAMPLE_CHARS] if encoded is not None else text[:LANGUAGE_SAMPLE_CHARS].encode("utf-8", "replace")
    arabic = len(raw.translate(None, _KEEP_ARABIC))
    latin = len(raw.translate(None, _KEEP_ASCII_LETTERS))
    letters = arabic + latin + len(raw.translate(None, _KEEP_OTHER_LETTERS))
    if not letters:
        return "und"
    if arabic >= ARABIC_SHARE * letters:
        return "ar"
    if latin >= 0.5 * letters:
        words = _ASCII_WORD.findall(text[:LANGUAGE_SAMPLE_CHARS].lower())
        if words and sum(w in ENGLISH_WORDS for w in words) >= ENGLISH_SHARE * len(words):
            return "en"
    return "und"


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """(text, encoding), or None when the bytes are not text in an encoding we accept."""
    for bom, enc in ((codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("_sig", "") + "+bom"
            except UnicodeDecodeError:
                return None
    # UTF-16 without a BOM: Arabic letters are 0x06xx and ASCII spaces 0x00xx, so one byte in
    # two is 0x06 or 0x00 — and such bytes are also valid (garbage) UTF-8, so look first.
    if len(data) >= 4 and len(data) % 2 == 0:
        for half, enc in ((data[1::2], "utf_16_le"), (data[0::2], "utf_16_be")):
            if half.count(0) + half.count(6) > 0.6 * len(half):
                try:
                    return data.decode(enc), enc
                except UnicodeDecodeError:
                    break
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None or best.chaos > 0.3:
        return None
    return str(best), best.encoding


def _looks_binary(data: bytes, text: str | None) -> bool:
    if text is None:
        return b"\x00" in data[:4096]
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls > max(3, len(text[:20000]) // 100)


def clean_text(text: str) -> str:
    """LF line ends, no bidi controls (they only steer display, and break matching)."""
    return _BIDI.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _is_html(path: Path, text: str) -> bool:
    if path.name.lower().endswith(HTML_SUFFIXES):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def html_article(html: str) -> tuple[str | None, str | None]:
    """(article text, page title) with trafilatura; navigation, ads and footers removed."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      include_images=False, include_links=False)
    if doc is None:
        return None, None
    return (doc.text or None), (doc.title or None)
