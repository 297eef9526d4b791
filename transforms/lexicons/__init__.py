"""Lexicon files: one folder per language, YAML data validated on load.

Every loader here fails fast with `LexiconError` naming the file and the entry, so a typo in
a data file stops the run at start-up instead of silently dropping a rule.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).resolve().parent
# libyaml's loader (same safe types, same data) reads the lexicons ten times faster than the
# pure-Python one: every worker process loads them at start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LexiconError(ValueError):
    """A lexicon file is missing, malformed or inconsistent."""


def lexicon_path(lang: str, name: str) -> Path:
    return LEXICON_DIR / lang / f"{name}.yaml"


@lru_cache(maxsize=None)
def read_yaml(lang: str, name: str) -> Any:
    path = lexicon_path(lang, name)
    if not path.is_file():
        raise LexiconError(f"lexicon file missing: {path}")
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    from waqai.transforms.lexicons.schemas import schema_problems

    problems = schema_problems(name, data)
    if problems:
        raise LexiconError(f"{path}: " + "; ".join(problems))
    return data


def require(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise LexiconError(f"{where}: {message}")


def string_list(value: Any, where: str, *, allow_empty: bool = False) -> list[str]:
    if value is None and allow_empty:
        return []
    require(isinstance(value, list), where, f"expected a list of strings, got {type(value).__name__}")
    require(allow_empty or bool(value), where, "expected at least one entry")
    for item in value:
        require(isinstance(item, str) and item.strip() != "", where, f"bad entry {item!r}")
    return [v.strip() for v in value]


@lru_cache(maxsize=None)
def function_words(lang: str = "ar") -> dict[str, tuple[str, ...]]:
    """`grammar.yaml`: closed word classes by role (prepositions, relative pronouns ...), each
    form normalised the way documents are."""
    from waqai.transforms.normalize import normalize_form

    raw = read_yaml(lang, "grammar")
    where = f"lexicons/{lang}/grammar.yaml"
    require(isinstance(raw, dict), where, "expected a mapping role -> forms")
    return {role: tuple(normalize_form(f) for f in string_list(forms, f"{where}:{role}")) for role, forms in raw.items()}


def lexicon_fingerprint(lang: str = "ar", folder: Path | None = None) -> str:
    """Hash of every lexicon file of a language (in `folder`, default the shipped lexicons):
    part of the extraction version."""
    digest = hashlib.sha256()
    for path in sorted(((folder or LEXICON_DIR) / lang).glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
