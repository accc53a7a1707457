"""Fuzz every operation from the published OpenAPI schema (schemathesis, in-process ASGI).

Properties checked on each generated request: no 5xx, status codes and content types that the
schema declares, bodies that match the declared response schemas, and invalid input rejected.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from townsquare.api.app import create_app

from .conftest import KEYS, make_settings
from .factories import KeywordClassifierDouble

_tmp = Path(tempfile.mkdtemp(prefix="townsquare-fuzz-"))
# Limits small enough that no schema-valid body can exceed the byte limit (which would be a 413).
app = create_app(
    make_settings(f"sqlite:///{_tmp / 'fuzz.sqlite3'}", max_request_bytes=5_000_000, max_batch_posts=20, max_text_chars=500),
    KeywordClassifierDouble(),
)
# 413 is a correct refusal of an invalid (oversized) body too; 5xx is never accepted.
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422"]
config = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTED}}})
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


@schema.parametrize()
@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    # A generated key is replaced by the admin key (admin reaches every operation); a case that
    # deliberately leaves the key out keeps it out, and must be refused.
    if case.headers is not None and "X-API-Key" in case.headers:
        case.headers["X-API-Key"] = KEYS["admin"]
    case.call_and_validate()
