"""The shared test factories live in tests/policy/factories.py."""

from tests.policy.factories import TERMS_DIR, KeywordClassifierDouble, history, post, verdict

__all__ = ["TERMS_DIR", "KeywordClassifierDouble", "history", "post", "verdict"]
