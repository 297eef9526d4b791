"""The examples in the transforms' docstrings are true: each module's doctests pass."""
import doctest
import importlib
from pathlib import Path

import pytest

import waqai.transforms

ROOT = Path(waqai.transforms.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(("waqai", "transforms") + (parts[:-1] if parts[-1] == "__init__" else parts))


MODULES = sorted(_module_name(p) for p in ROOT.rglob("*.py"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail"


def test_every_module_with_examples_is_collected():
    finder = doctest.DocTestFinder()
    with_examples = {name for name in MODULES if any(t.examples for t in finder.find(importlib.import_module(name)))}
    assert {"waqai.transforms.normalize", "waqai.transforms.trie", "waqai.transforms.dates.calendars"} <= with_examples
