"""The API with the real text classifier (trained by the suite's session fixture), not a double.

What is checked does not depend on how good the model is: every post of the bundled sample stream
gets a decision that cites a published rule, carries the model's version and scores, equals what the
pure engine decides from the classifier's own verdict, and every restriction has a valid statement.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from townsquare.api.app import create_app
from townsquare.api.classifier import Classifier, load_classifier
from townsquare.core.settings import Settings
from townsquare.decisions.statement import StatementOfReasons
from townsquare.policy.engine import decide
from townsquare.policy.inputs import Post

from .conftest import headers

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "stream.jsonl"


@pytest.fixture(scope="module")
def real_classifier(request: pytest.FixtureRequest) -> Classifier:
    model_dir: Path = request.getfixturevalue("trained_model_dir")  # the lead's session fixture
    return load_classifier(model_dir)


def _samples() -> list[dict[str, str]]:
    posts = []
    for line in SAMPLES.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        posts.append({"id": item["id"], "author": f"author-{len(posts) % 5}", "text": item["text"]} | ({"lang": item["lang"]} if item.get("lang") else {}))
    return posts


def test_sample_stream_through_the_api(settings: Settings, real_classifier: Classifier) -> None:
    posts = _samples()
    assert len(posts) >= 20
    app = create_app(settings, real_classifier)
    terms = app.state.terms
    P = headers("platform")
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post("/v1/moderations/batch", json={"posts": posts}, headers=P)
        assert r.status_code == 200, r.text
        decisions = r.json()["decisions"]
        rule_ids = {terms.baseline.id} | {rule.id for rule in terms.rules}
        verdicts = real_classifier.classify_batch([(p["id"], p["text"], p.get("lang")) for p in posts])
        strikes: dict[str, int] = {}
        for p, d, v in zip(posts, decisions, verdicts, strict=True):
            assert d["post_id"] == p["id"] and d["rule_id"] in rule_ids
            assert d["model_version"] == v.model_version and d["signals"]["text.hateful"] == pytest.approx(v.score)
            expected = decide(Post.model_validate(p), v, terms)
            if expected.strike == 0 or strikes.get(p["author"], 0) == 0:  # standing changes only after strikes
                assert d["action"] == expected.action.value, (p["text"], d["explanation"])
            strikes[p["author"]] = strikes.get(p["author"], 0) + d["strike"]
            if d["has_statement"]:
                sor = client.get(f"/v1/decisions/{d['id']}/statement", headers=P)
                StatementOfReasons.model_validate(sor.json())
        assert len({d["action"] for d in decisions}) >= 2, "the sample stream should not be decided all one way"
    app.state.database.dispose()
