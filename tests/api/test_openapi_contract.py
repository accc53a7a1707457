"""The published OpenAPI document is a contract: stable operation ids, security where it applies."""

from __future__ import annotations

from fastapi.testclient import TestClient

OPERATIONS = {
    ("post", "/v1/moderations"): "moderate_post",
    ("post", "/v1/moderations/batch"): "moderate_batch",
    ("get", "/v1/decisions"): "list_decisions",
    ("get", "/v1/decisions/{decision_id}"): "get_decision",
    ("get", "/v1/decisions/{decision_id}/statement"): "get_statement",
    ("get", "/v1/decisions/{decision_id}/notice"): "get_notice",
    ("post", "/v1/decisions/{decision_id}/review"): "review_decision",
    ("get", "/v1/statements"): "export_statements",
    ("get", "/v1/terms"): "list_terms",
    ("get", "/v1/terms/{version}"): "get_terms",
    ("get", "/v1/audit/verify"): "verify_audit",
    ("get", "/healthz"): "health",
}
PUBLIC = {"list_terms", "get_terms", "health"}


def test_operation_ids_and_security(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    found = {(method, path): op["operationId"] for path, item in doc["paths"].items() for method, op in item.items()}
    assert found == OPERATIONS  # renaming one breaks generated clients: change this list deliberately
    assert doc["components"]["securitySchemes"]["APIKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-API-Key",
                                                                     "description": "an API key; its role decides what it may do"}  # fmt: skip
    for path, item in doc["paths"].items():
        for op in item.values():
            secured = bool(op.get("security"))
            assert secured == (op["operationId"] not in PUBLIC), path
            if secured:
                assert "401" in op["responses"] and "403" in op["responses"]
            for status, response in op["responses"].items():
                if status[0] in "45":
                    assert "application/problem+json" in response["content"], (path, status)


def test_statement_schema_is_the_transparency_database_one(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["StatementOfReasons"]
    assert {"decision_ground", "category", "content_type", "puid", "decision_facts", "source_type"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
