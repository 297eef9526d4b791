"""Lexicon files are checked against declared schemas when read: a key no schema declares
is an error naming the file and the key, so a typo never silently drops data."""
import shutil

import pytest

import waqai.transforms.lexicons as lexicons
from waqai.transforms.events import load_event_lexicon
from waqai.transforms.lexicons import LEXICON_DIR, LexiconError, read_yaml
from waqai.transforms.lexicons.schemas import SCHEMAS


@pytest.fixture
def lexicon_copy(tmp_path, monkeypatch):
    """A copy of the shipped lexicons that the loaders read instead of the real ones."""
    shutil.copytree(LEXICON_DIR / "ar", tmp_path / "ar")
    monkeypatch.setattr(lexicons, "LEXICON_DIR", tmp_path)
    read_yaml.cache_clear()
    load_event_lexicon.cache_clear()
    yield tmp_path / "ar"
    read_yaml.cache_clear()
    load_event_lexicon.cache_clear()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_shipped_lexicon_fits_its_schema(name):
    assert read_yaml("ar", name) is not None


def test_every_shipped_lexicon_file_has_a_schema():
    # weapon_systems.yaml is being written alongside transforms/weapons.py; its schema comes with it.
    assert {p.stem for p in (LEXICON_DIR / "ar").glob("*.yaml")} - set(SCHEMAS) <= {"weapon_systems"}


def test_an_unknown_top_level_key_names_the_file_and_the_key(lexicon_copy):
    path = lexicon_copy / "roles.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nambigous: [شيخ]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"roles\.yaml.*unknown key 'ambigous'"):
        read_yaml("ar", "roles")


def test_an_unknown_key_inside_a_rule_names_the_rule_and_the_key(lexicon_copy):
    path = lexicon_copy / "event_patterns.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n    frame:", "\n    framee: travel\n    frame:", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"event_patterns\.yaml.*rules\[0\]\.framee: unknown key 'framee'"):
        load_event_lexicon()


def test_a_wrong_type_is_reported_where_it_is(lexicon_copy):
    path = lexicon_copy / "places.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind: city", "kind: town", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"places\.yaml.*places\[\d+\]\.kind"):
        read_yaml("ar", "places")
