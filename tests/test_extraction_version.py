"""The extraction version is derived from the code and the lexicons, never typed by hand."""
import shutil

from waqai.transforms.extract import code_fingerprint, extraction_version
from waqai.transforms.lexicons import LEXICON_DIR, lexicon_fingerprint


def test_changing_one_word_in_a_lexicon_copy_changes_the_version(tmp_path):
    shutil.copytree(LEXICON_DIR / "ar", tmp_path / "ar")
    assert lexicon_fingerprint("ar", tmp_path) == lexicon_fingerprint("ar")
    path = tmp_path / "ar" / "event_patterns.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("زار", "زارو", 1), encoding="utf-8")
    assert lexicon_fingerprint("ar", tmp_path) != lexicon_fingerprint("ar")


def test_the_version_names_the_code_and_the_lexicons():
    code, lexicons = extraction_version().split("-")
    assert code == code_fingerprint() and lexicons == lexicon_fingerprint("ar")
    assert len(code) == 12 and len(lexicons) == 12
