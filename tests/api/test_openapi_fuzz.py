"""Fuzz every operation from the published OpenAPI schema (schemathesis, in-process ASGI).

Properties checked on each generated request: no 5xx, status codes and content types that the
schema declares, bodies that match the declared response schemas, and invalid input rejected.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from townsquare.api.app import create_app

from .conftest import KEYS, make_settings
from .factories import KeywordClassifierDouble

_tmp = Path(tempfile.mkdtemp(prefix="townsquare-fuzz-"))
app = create_app(make_settings(f"sqlite:///{_tmp / 'fuzz.sqlite3'}", max_request_bytes=200_000), KeywordClassifierDouble())
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"X-API-Key": KEYS["admin"]})
