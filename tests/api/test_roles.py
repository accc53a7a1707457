"""Each role reaches exactly what it may; no key or a wrong key reaches nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .conftest import KEYS, headers

ROLES = ("platform", "moderator", "admin", "researcher")


def _endpoints(decision_id: str) -> dict[str, tuple[str, str, dict | None, set[str]]]:  # type: ignore[type-arg]
    post = {"id": "role-test", "author": "a", "text": "hello"}
    return {
        "moderate": ("POST", "/v1/moderations", post, {"platform", "admin"}),
        "batch": ("POST", "/v1/moderations/batch", {"posts": [post]}, {"platform", "admin"}),
        "list": ("GET", "/v1/decisions", None, {"platform", "moderator", "admin"}),
        "get": ("GET", f"/v1/decisions/{decision_id}", None, {"platform", "moderator", "admin"}),
        "statement": ("GET", f"/v1/decisions/{decision_id}/statement", None, {"platform", "moderator", "admin"}),
        "notice": ("GET", f"/v1/decisions/{decision_id}/notice", None, {"platform", "moderator", "admin"}),
        "review": ("POST", f"/v1/decisions/{decision_id}/review", {"action": "remove"}, {"moderator", "admin"}),
        "export": ("GET", "/v1/statements", None, {"researcher", "admin"}),
        "audit": ("GET", "/v1/audit/verify", None, {"admin"}),
    }


@pytest.fixture
def decision_id(client: TestClient) -> str:
    r = client.post("/v1/moderations", json={"id": "seed", "author": "a", "text": "hateful=0.97"}, headers=headers("platform"))
    assert r.status_code == 201
    return str(r.json()["id"])


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client: TestClient, decision_id: str, role: str) -> None:
    for name, (method, path, body, allowed) in _endpoints(decision_id).items():
        r = client.request(method, path, json=body, headers=headers(role))
        if role in allowed:
            assert r.status_code < 400, (role, name, r.status_code, r.text)
        else:
            assert r.status_code == 403, (role, name, r.status_code, r.text)
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["status"] == 403


@pytest.mark.parametrize("key", [None, "", "wrong-key", KEYS["admin"] + "x", KEYS["admin"].upper()])
def test_missing_or_unknown_keys_are_refused(client: TestClient, decision_id: str, key: str | None) -> None:
    for name, (method, path, body, _allowed) in _endpoints(decision_id).items():
        h = {"X-API-Key": key} if key is not None else {}
        r = client.request(method, path, json=body, headers=h)
        assert r.status_code == 401, (name, r.status_code)
        assert r.json()["type"] == "urn:townsquare:problem:unauthorized"


@pytest.mark.parametrize("path", ["/v1/terms", "/v1/terms/1.1.0", "/v1/terms/1.0.0?format=html&lang=fr", "/healthz"])
def test_terms_are_public(client: TestClient, path: str) -> None:
    """DSA Art. 14: the terms are publicly available, so no key is needed (and a bad one is ignored)."""
    assert client.get(path).status_code == 200
    assert client.get(path, headers={"X-API-Key": "wrong"}).status_code == 200


def test_refused_requests_write_nothing(client: TestClient) -> None:
    r = client.post("/v1/moderations", json={"id": "sneaky", "author": "a", "text": "hi"}, headers=headers("researcher"))
    assert r.status_code == 403
    listing = client.get("/v1/decisions", headers=headers("admin")).json()
    assert listing["items"] == []
