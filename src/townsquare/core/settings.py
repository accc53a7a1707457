"""Runtime configuration, read once from the environment (prefix ``TOWNSQUARE_``).

One object so that every layer agrees on where the database lives, which API keys exist and how
large a request may be. Development defaults make ``townsquare serve`` work with no setup; the same
defaults are refused in any other environment so a forgotten variable cannot ship a known key.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Role = Literal["platform", "moderator", "admin", "researcher"]

#: Keys that only development may use. Anything that equals one of these elsewhere is refused.
DEVELOPMENT_API_KEYS: dict[str, Role] = {
    "dev-platform-key": "platform",
    "dev-moderator-key": "moderator",
    "dev-admin-key": "admin",
    "dev-researcher-key": "researcher",
}


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    STAGING = "staging"
    PRODUCTION = "production"


def _repo_root() -> Path:
    """The checkout root when running from source (src/townsquare/core/settings.py -> ../../..)."""
    return Path(__file__).resolve().parents[3]


def _default_database_url() -> str:
    return f"sqlite:///{Path.cwd() / 'var' / 'townsquare.sqlite3'}"


class InsecureSettingsError(ValueError):
    """Raised when a development-only secret is configured outside development."""


class Settings(BaseSettings):
    """Everything the store, API and CLI need to know about their environment."""

    model_config = SettingsConfigDict(env_prefix="TOWNSQUARE_", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = Field(default_factory=_default_database_url)
    terms_dir: Path = Field(default_factory=lambda: _repo_root() / "policies" / "terms")
    terms_version: str | None = Field(
        default=None, description="which published version to enforce; the newest in force today when unset"
    )
    model_dir: Path | None = None
    #: Apply the shipped migrations when the API starts (the embedded default wants this).
    auto_migrate: bool = True
    #: key -> role. In JSON when set from the environment: TOWNSQUARE_API_KEYS='{"k1": "platform"}'.
    api_keys: dict[str, Role] = Field(default_factory=lambda: dict(DEVELOPMENT_API_KEYS))
    max_request_bytes: int = Field(default=5_000_000, ge=1_024)
    max_text_chars: int = Field(default=10_000, ge=1)
    max_batch_posts: int = Field(default=500, ge=1)
    page_size_max: int = Field(default=200, ge=1)
    #: Where the platform publishes the terms; statements of reasons link to
    #: ``<url>/<version>#<rule id>`` (decision_ground_reference_url). Left out when unset.
    public_terms_url: str | None = Field(default=None, pattern=r"^https?://[^\s#?]+$", max_length=300)
    #: Pseudonymises author ids in the store and exports (Art. 24(5): no personal data in SoRs).
    author_salt: str = "dev-author-salt"

    @model_validator(mode="after")
    def _refuse_development_secrets(self) -> Settings:
        if self.environment == Environment.DEVELOPMENT or self.environment == Environment.TEST:
            return self
        known = [k for k in self.api_keys if k in DEVELOPMENT_API_KEYS]
        if known:
            raise InsecureSettingsError(
                f"development API keys are configured in {self.environment.value}; "
                "set TOWNSQUARE_API_KEYS to fresh secrets"
            )
        if self.author_salt == "dev-author-salt":
            raise InsecureSettingsError(
                f"TOWNSQUARE_AUTHOR_SALT still holds its development default in {self.environment.value}"
            )
        short = [k for k in self.api_keys if len(k) < 24]
        if short:
            raise InsecureSettingsError("API keys must be at least 24 characters outside development")
        return self

    def api_key_digests(self) -> dict[str, Role]:
        """SHA-256 of each key -> role, so requests are matched without keeping keys in lookups."""
        return {hashlib.sha256(k.encode()).hexdigest(): role for k, role in self.api_keys.items()}
