"""The shared test factories live in tests/policy/factories.py and tests/store/databases.py."""

from tests.policy.factories import TERMS_DIR, KeywordClassifierDouble, history, post, verdict
from tests.store.databases import fresh_postgres_database

__all__ = ["TERMS_DIR", "KeywordClassifierDouble", "fresh_postgres_database", "history", "post", "verdict"]
