"""Bad input gets a clear RFC 9457 problem, the right 4xx, and loses nothing already stored."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from .conftest import headers

P = headers("platform")
GOOD = {"id": "good", "author": "a", "text": "hateful=0.97"}


def _problem(r, status: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["type"].startswith("urn:townsquare:problem:") and body["title"]
    return body  # type: ignore[no-any-return]


def test_malformed_json_and_invalid_utf8(client: TestClient) -> None:
    h = P | {"content-type": "application/json"}
    _problem(client.post("/v1/moderations", content=b'{"id": "x", ', headers=h), 400)
    _problem(client.post("/v1/moderations", content=b'{"id": "\xff\xfe", "author": "a", "text": "t"}', headers=h), 400)
    _problem(client.post("/v1/moderations", content=b"", headers=h), 422)


def test_wrong_media_type(client: TestClient) -> None:
    _problem(client.post("/v1/moderations", content=json.dumps(GOOD), headers=P | {"content-type": "text/plain"}), 415)
    _problem(client.post("/v1/moderations", data={"id": "x"}, headers=P), 415)


def test_size_limits(client: TestClient) -> None:
    big = {"id": "big", "author": "a", "text": "x" * 70_000}
    _problem(client.post("/v1/moderations", json=big, headers=P), 413)

    def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(100):
            yield b"x" * 1000

    _problem(client.post("/v1/moderations", content=chunks(), headers=P | {"content-type": "application/json"}), 413)
    long_text = {"id": "long", "author": "a", "text": "y" * 2_001}
    assert _problem(client.post("/v1/moderations", json=long_text, headers=P), 422)["detail"].endswith("2000 characters")
    many = {"posts": [{"id": f"p{i}", "author": "a", "text": "t"} for i in range(51)]}
    _problem(client.post("/v1/moderations/batch", json=many, headers=P), 422)


BAD_POSTS = {
    "unknown field": GOOD | {"colour": "red"},
    "missing text": {"id": "x", "author": "a"},
    "empty text": GOOD | {"text": ""},
    "blank text": GOOD | {"text": " \n\t "},
    "nul byte": GOOD | {"text": "a\u0000b"},
    "lone surrogate": GOOD | {"text": "a\ud800b"},
    "text is a number": GOOD | {"text": 42},
    "id with spaces": GOOD | {"id": "a b"},
    "id too long": GOOD | {"id": "x" * 201},
    "bad lang": GOOD | {"lang": "english"},
    "bad country": GOOD | {"country": "Germany"},
    "bad audience": GOOD | {"audience": "kids"},
    "signal out of range": GOOD | {"signals": {"ext.banned_symbol": 2}},
    "signal NaN": GOOD | {"signals": {"ext.banned_symbol": "NaN"}},
    "text.* signal from outside": GOOD | {"signals": {"text.hateful": 0.1}},
    "array body": [GOOD],
    "too many images": GOOD | {"image_refs": [f"img{i}" for i in range(17)]},
}


@pytest.mark.parametrize("case", sorted(BAD_POSTS))
def test_invalid_posts(client: TestClient, case: str) -> None:
    raw = json.dumps(BAD_POSTS[case])  # ASCII with \u escapes, so a lone surrogate can be sent
    body = _problem(client.post("/v1/moderations", content=raw, headers=P | {"content-type": "application/json"}), 422)
    assert body["errors"] and all("input" not in e for e in body["errors"])


def test_undeclared_detector_is_refused(client: TestClient) -> None:
    body = _problem(client.post("/v1/moderations", json=GOOD | {"signals": {"ext.spam": 0.5}}, headers=P), 422)
    assert "not declared" in body["detail"]


def test_conflicting_resend_is_409_and_loses_nothing(client: TestClient) -> None:
    first = client.post("/v1/moderations", json=GOOD, headers=P).json()
    body = _problem(client.post("/v1/moderations", json=GOOD | {"text": "edited"}, headers=P), 409)
    assert body["post_ids"] == ["good"]
    batch = {"posts": [{"id": "new", "author": "a", "text": "t"}, GOOD | {"text": "edited"}]}
    _problem(client.post("/v1/moderations/batch", json=batch, headers=P), 409)
    stored = client.get(f"/v1/decisions/{first['id']}", headers=P).json()
    assert stored["action"] == "remove"
    assert [d["post_id"] for d in client.get("/v1/decisions", headers=P).json()["items"]] == ["good"]
    assert client.get("/v1/audit/verify", headers=headers("admin")).json()["ok"]


def test_hostile_but_valid_text_round_trips(client: TestClient) -> None:
    text = "'; DROP TABLE posts; -- <script>alert(1)</script> \u202e\u200b 🙂 ﷽ " + "ü" * 100
    r = client.post("/v1/moderations", json={"id": "hostile", "author": "a", "text": text}, headers=P)
    assert r.status_code == 201
    assert client.get("/v1/decisions", headers=P).json()["items"][0]["post_id"] == "hostile"


def test_unknown_routes_methods_and_ids(client: TestClient) -> None:
    _problem(client.get("/v1/nothing", headers=P), 404)
    _problem(client.delete("/v1/decisions", headers=P), 405)
    _problem(client.get("/v1/decisions/d-missing", headers=P), 404)
    _problem(client.get("/v1/decisions/bad id!", headers=P), 422)
    _problem(client.get("/v1/decisions", params={"limit": 0}, headers=P), 422)
    _problem(client.get("/v1/decisions", params={"cursor": "abc"}, headers=P), 422)
    _problem(client.get("/v1/decisions", params={"unknown": "1"}, headers=P), 422)


class _RefusingClassifier:
    """TEST DOUBLE: a classifier that refuses every input, as the real one does with an InputError."""

    def classify_batch(self, items):  # type: ignore[no-untyped-def]
        raise ValueError("lang 'xx' is not supported")


def test_a_classifier_refusal_is_a_422_and_writes_nothing(settings) -> None:  # type: ignore[no-untyped-def]
    from townsquare.api.app import create_app

    from .conftest import TestClient

    app = create_app(settings, _RefusingClassifier())
    with TestClient(app, raise_server_exceptions=False) as c:
        body = _problem(c.post("/v1/moderations", json=GOOD, headers=P), 422)
        assert body["type"].endswith("unclassifiable") and "not supported" in body["detail"]
        assert c.get("/v1/decisions", headers=P).json()["items"] == []
    app.state.database.dispose()


def test_an_unreachable_database_is_a_503_to_retry(client: TestClient) -> None:
    from townsquare.store.database import Database

    down = Database.from_url("postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2")
    app = client.app
    original = app.state.database  # type: ignore[attr-defined]
    app.state.database = app.state.moderator.db = down  # type: ignore[attr-defined]
    try:
        r = client.post("/v1/moderations", json=GOOD, headers=P)
        body = _problem(r, 503)
        assert body["type"].endswith("database-unavailable") and r.headers["retry-after"] == "5"
        _problem(client.get("/v1/decisions", headers=P), 503)
    finally:
        app.state.database = app.state.moderator.db = original  # type: ignore[attr-defined]
        down.dispose()
    assert client.post("/v1/moderations", json=GOOD, headers=P).status_code == 201  # nothing half-written
