"""The extraction version is derived from the code and the lexicons, never typed by hand."""
import shutil
from pathlib import Path

import waqai.transforms.extract
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


def test_every_extraction_module_counts_and_ingest_and_dedup_do_not(tmp_path):
    transforms = Path(waqai.transforms.extract.__file__).parent
    copy = tmp_path / "transforms"
    shutil.copytree(transforms, copy, ignore=shutil.ignore_patterns("__pycache__", "*.yaml", "*.md"))
    assert code_fingerprint(copy) == code_fingerprint()
    (copy / "ingest.py").write_text("# reading files is not extraction\n", encoding="utf-8")
    (copy / "dedup.py").write_text("# nor is merging mentions\n", encoding="utf-8")
    assert code_fingerprint(copy) == code_fingerprint()
    (copy / "events" / "frames" / "new_event_type.py").write_text("RULES = ()\n", encoding="utf-8")
    assert code_fingerprint(copy) != code_fingerprint()
