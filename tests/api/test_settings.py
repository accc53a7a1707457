"""Settings come from the environment and refuse development secrets elsewhere."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from townsquare.core.settings import DEVELOPMENT_API_KEYS, Settings


def test_development_defaults_work_out_of_the_box(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("TOWNSQUARE_ENVIRONMENT", "TOWNSQUARE_API_KEYS", "TOWNSQUARE_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    s = Settings()
    assert s.environment == "development"
    assert s.api_keys == DEVELOPMENT_API_KEYS
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("var/townsquare.sqlite3")
    assert (s.terms_dir / "1.1.0.yaml").is_file()


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNSQUARE_ENVIRONMENT", "production")
    monkeypatch.setenv("TOWNSQUARE_API_KEYS", '{"a-very-long-production-secret-1": "admin"}')
    monkeypatch.setenv("TOWNSQUARE_AUTHOR_SALT", "another-long-secret")
    monkeypatch.setenv("TOWNSQUARE_MAX_BATCH_POSTS", "100")
    s = Settings()
    assert s.api_keys == {"a-very-long-production-secret-1": "admin"} and s.max_batch_posts == 100


@pytest.mark.parametrize(
    ("keys", "salt", "message"),
    [
        (None, "long-enough-salt", "development API keys"),
        ({"a-very-long-production-secret-1": "admin"}, None, "AUTHOR_SALT"),
        ({"short": "admin"}, "long-enough-salt", "at least 24"),
    ],
)
def test_production_refuses_development_secrets(keys: dict[str, str] | None, salt: str | None, message: str) -> None:
    fields: dict[str, object] = {"environment": "production"}
    if keys is not None:
        fields["api_keys"] = keys
    if salt is not None:
        fields["author_salt"] = salt
    with pytest.raises(ValidationError, match=message):
        Settings(**fields)  # type: ignore[arg-type]


def test_unknown_roles_are_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(api_keys={"k" * 30: "superuser"})  # type: ignore[dict-item]
