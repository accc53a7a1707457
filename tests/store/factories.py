"""Re-exports tests/policy/factories.py, loaded by path so it works whether or not tests/ is a package."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "townsquare_tests_policy_factories"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).parents[1] / "policy" / "factories.py")
    assert _spec is not None and _spec.loader is not None
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])
_factories = sys.modules[_NAME]

TERMS_DIR = _factories.TERMS_DIR
history = _factories.history
post = _factories.post
verdict = _factories.verdict
KeywordClassifierDouble = _factories.KeywordClassifierDouble
