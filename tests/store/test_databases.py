"""The PostgreSQL tests are never skipped silently in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from .databases import postgres_url, require_postgres


def test_ci_without_postgres_fails_instead_of_skipping(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TOWNSQUARE_TEST_POSTGRES_URL", raising=False)
    monkeypatch.setenv("TOWNSQUARE_PG_DIR", str(tmp_path))  # no url file there
    monkeypatch.setenv("CI", "true")
    assert postgres_url() is None
    with pytest.raises(pytest.fail.Exception, match="CI=true but no PostgreSQL"):
        require_postgres()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        require_postgres()


def test_the_url_file_written_by_the_script_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TOWNSQUARE_TEST_POSTGRES_URL", raising=False)
    monkeypatch.setenv("TOWNSQUARE_PG_DIR", str(tmp_path))
    (tmp_path / "url").write_text("postgresql+psycopg://postgres@127.0.0.1:1/x\n")
    assert postgres_url() == "postgresql+psycopg://postgres@127.0.0.1:1/x"
