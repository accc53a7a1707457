"""Moderating, reading, listing, reviewing and exporting over the API."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from townsquare.decisions.statement import StatementOfReasons

from .conftest import headers
from .factories import KeywordClassifierDouble

P = headers("platform")


def moderate(client: TestClient, id: str, text: str = "hello", **kw: object) -> dict:  # type: ignore[type-arg]
    r = client.post("/v1/moderations", json={"id": id, "author": "user-1", "text": text, **kw}, headers=P)
    assert r.status_code in (200, 201), r.text
    return r.json()  # type: ignore[no-any-return]


def test_moderate_then_replay(client: TestClient, classifier: KeywordClassifierDouble) -> None:
    body = {"id": "p1", "author": "user-1", "text": "hateful=0.97", "lang": "en", "country": "FR"}
    first = client.post("/v1/moderations", json=body, headers=P)
    assert first.status_code == 201
    d = first.json()
    assert d["action"] == "remove" and d["rule_id"] == "TS-HATE-1" and d["terms_version"] == "1.2.0"
    assert d["model_version"] == "keyword-double-1" and d["has_statement"] and not d["replayed"]
    assert d["signals"]["text.hateful"] == 0.97 and d["evidence"]
    again = client.post("/v1/moderations", json=body, headers=P)
    assert again.status_code == 200 and again.json()["id"] == d["id"] and again.json()["replayed"]
    assert classifier.classified == ["p1"]


def test_batch_in_order_with_external_signals(client: TestClient) -> None:
    posts = [
        {"id": "a", "author": "u", "text": "hateful=0.8"},
        {"id": "b", "author": "u", "text": "a flag", "signals": {"ext.banned_symbol": 0.95}},
        {"id": "c", "author": "u", "text": "profanity=0.9", "audience": "minors"},
        {"id": "d", "author": "u", "text": "hateful=0.6"},
    ]
    r = client.post("/v1/moderations/batch", json={"posts": posts}, headers=P)
    assert r.status_code == 200, r.text
    out = r.json()["decisions"]
    assert [(x["post_id"], x["action"], x["interim_action"]) for x in out] == [
        ("a", "escalate", "reduce_reach"), ("b", "geo_restrict", None), ("c", "age_restrict", None), ("d", "escalate", "reduce_reach"),
    ]  # fmt: skip
    assert out[1]["territorial_scope"] == ["AT", "DE"]
    assert out[3]["status"] == "pending_review" and out[3]["has_statement"]  # the interim demotion is a restriction


def test_statement_and_notice(client: TestClient) -> None:
    d = moderate(client, "p", "hateful=0.97")
    r = client.get(f"/v1/decisions/{d['id']}/statement", headers=P)
    assert r.status_code == 200
    sor = StatementOfReasons.model_validate(r.json())
    assert sor.puid == d["id"] and sor.decision_visibility == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    n = client.get(f"/v1/decisions/{d['id']}/notice", params={"lang": "fr"}, headers=P)
    assert n.status_code == 200 and "Nous avons retiré votre publication." in n.json()["text"]
    allowed = moderate(client, "ok")
    r = client.get(f"/v1/decisions/{allowed['id']}/statement", headers=P)
    assert r.status_code == 404 and r.json()["type"].endswith("no-statement")


def test_list_filters_and_pages(client: TestClient) -> None:
    for i in range(5):
        moderate(client, f"r{i}", "hateful=0.97")
    for i in range(3):
        moderate(client, f"a{i}")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"action": "remove", "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/decisions", params=params, headers=P).json()
        seen += [d["post_id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["r4", "r3", "r2", "r1", "r0"]
    by_author = client.get("/v1/decisions", params={"author": "user-1", "limit": 200}, headers=P).json()
    assert len(by_author["items"]) == 8
    assert client.get("/v1/decisions", params={"author": "nobody"}, headers=P).json()["items"] == []
    assert len(client.get("/v1/decisions", params={"rule_id": "TS-0"}, headers=P).json()["items"]) == 3


def test_moderator_reviews_an_escalation(client: TestClient) -> None:
    d = moderate(client, "p", "hateful=0.6")
    assert d["action"] == "escalate"
    pending = client.get("/v1/decisions", params={"status": "pending_review"}, headers=headers("moderator")).json()
    assert [x["id"] for x in pending["items"]] == [d["id"]]
    r = client.post(f"/v1/decisions/{d['id']}/review", json={"action": "remove", "note": "confirmed"}, headers=headers("moderator"))
    assert r.status_code == 201, r.text
    reviewed = r.json()
    assert reviewed["status"] == "reviewed" and reviewed["revision"] == 1 and not reviewed["automated"]
    sor = client.get(f"/v1/decisions/{reviewed['id']}/statement", headers=headers("moderator")).json()
    assert sor["automated_decision"] == "AUTOMATED_DECISION_PARTIALLY"
    again = client.post(f"/v1/decisions/{d['id']}/review", json={"action": "allow"}, headers=headers("moderator"))
    assert again.status_code == 409 and again.headers["content-type"] == "application/problem+json"
    missing = client.post("/v1/decisions/d-nope/review", json={"action": "allow"}, headers=headers("moderator"))
    assert missing.status_code == 404


def test_researcher_exports_statements_without_personal_data(client: TestClient) -> None:
    for i in range(3):
        moderate(client, f"p{i}", f"hateful=0.9{i + 5} secret-words")
    moderate(client, "clean")
    R = headers("researcher")
    page = client.get("/v1/statements", params={"limit": 2}, headers=R).json()
    assert len(page["statements"]) == 2 and page["next_cursor"]
    rest = client.get("/v1/statements", params={"cursor": page["next_cursor"]}, headers=R).json()
    assert len(rest["statements"]) == 1 and rest["next_cursor"] is None
    r = client.get("/v1/statements", params={"format": "csv"}, headers=R)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 3
    assert "secret-words" not in r.text and "user-1" not in r.text


def test_terms_and_audit(client: TestClient) -> None:
    listing = client.get("/v1/terms").json()
    assert listing["enforced"] == "1.2.0" and [v["version"] for v in listing["versions"]] == ["1.0.0", "1.1.0", "1.2.0"]
    md = client.get("/v1/terms/1.1.0", params={"format": "md", "lang": "de"}, headers=P)
    assert md.status_code == 200 and "Hassrede" in md.text
    assert client.get("/v1/terms/1.0.0", headers=P).json()["version"] == "1.0.0"
    assert client.get("/v1/terms/9.0.0", headers=P).status_code == 404
    moderate(client, "x", "hateful=0.97")
    report = client.get("/v1/audit/verify", headers=headers("admin")).json()
    assert report["ok"] and report["entries"] == 2  # the terms put in force, then the decision
    assert client.get("/healthz").json() == {"status": "ok", "terms_version": "1.2.0"}


def test_find_a_decision_by_post_id_and_its_history(client: TestClient) -> None:
    d = moderate(client, "lookup-me", "hateful=0.6")
    moderate(client, "other")
    found = client.get("/v1/decisions", params={"post_id": "lookup-me"}, headers=P).json()["items"]
    assert [x["id"] for x in found] == [d["id"]]
    client.post(f"/v1/decisions/{d['id']}/review", json={"action": "allow"}, headers=headers("moderator"))
    current = client.get("/v1/decisions", params={"post_id": "lookup-me"}, headers=P).json()["items"]
    history = client.get("/v1/decisions", params={"post_id": "lookup-me", "revisions": "true"}, headers=P).json()["items"]
    assert [x["revision"] for x in current] == [1] and [x["revision"] for x in history] == [1, 0]


def test_a_pinned_terms_version_is_enforced_and_published(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from townsquare.api.app import create_app

    from .conftest import TestClient, make_settings

    app = create_app(make_settings(f"sqlite:///{tmp_path / 'pinned.sqlite3'}", terms_version="1.0.0"), KeywordClassifierDouble())
    with TestClient(app) as c:
        d = c.post("/v1/moderations", json={"id": "x", "author": "a", "text": "hateful=0.91"}, headers=P).json()
        assert d["terms_version"] == "1.0.0" and d["action"] == "reduce_reach"  # 1.0.0 removed from 0.92 only
        refused = c.post("/v1/moderations", json={"id": "y", "author": "a", "text": "t", "signals": {"ext.banned_symbol": 0.9}}, headers=P)
        assert refused.status_code == 422  # 1.0.0 declared no such detector
        signals = c.get("/openapi.json").json()["components"]["schemas"]["PostIn"]["properties"]["signals"]
        assert signals["properties"] == {} and signals["additionalProperties"] is False
    app.state.database.dispose()
