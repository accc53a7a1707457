"""An app per test on its own SQLite file, with the keyword classifier test double."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from townsquare.api.app import create_app
from townsquare.core.settings import Settings

from .factories import KeywordClassifierDouble

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
from fastapi.testclient import TestClient  # noqa: E402

KEYS = {
    "platform": "test-platform-key-0123456789",
    "moderator": "test-moderator-key-0123456789",
    "admin": "test-admin-key-0123456789abcd",
    "researcher": "test-researcher-key-0123456789",
}


def make_settings(database_url: str, **overrides: object) -> Settings:
    fields: dict[str, object] = {
        "environment": "test",
        "database_url": database_url,
        "api_keys": {k: role for role, k in KEYS.items()},
        "author_salt": "test-salt",
    }
    fields.update(overrides)
    return Settings(**fields)  # type: ignore[arg-type]


@pytest.fixture
def classifier() -> KeywordClassifierDouble:
    return KeywordClassifierDouble()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(f"sqlite:///{tmp_path / 'api.sqlite3'}", max_request_bytes=64_000, max_batch_posts=50, max_text_chars=2_000)


@pytest.fixture
def client(settings: Settings, classifier: KeywordClassifierDouble) -> Iterator[TestClient]:
    app = create_app(settings, classifier)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.database.dispose()


def headers(role: str) -> dict[str, str]:
    return {"X-API-Key": KEYS[role]}
