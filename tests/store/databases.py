"""Real databases for the store and API tests: a SQLite file per test and, always in CI, a real PostgreSQL.

The PostgreSQL URL comes from TOWNSQUARE_TEST_POSTGRES_URL, or from the file that .ci/postgres.sh
writes. With CI=true and no server, the PostgreSQL tests fail instead of being skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def postgres_url() -> str | None:
    url = os.environ.get("TOWNSQUARE_TEST_POSTGRES_URL")
    if url:
        return url
    marker = Path(os.environ.get("TOWNSQUARE_PG_DIR", "/tmp/townsquare-pg")) / "url"
    return marker.read_text().strip() if marker.is_file() else None


def require_postgres() -> str:
    url = postgres_url()
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but no PostgreSQL: run `eval \"$(bash .ci/postgres.sh)\"` before the tests")
    pytest.skip("no PostgreSQL server: run `eval \"$(bash .ci/postgres.sh)\"` to include these tests")


def fresh_postgres_database() -> Iterator[str]:
    base = make_url(require_postgres())
    name = f"ts_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
