"""Builders for engine inputs, so each test states only the scores it cares about."""

from __future__ import annotations

from pathlib import Path

from townsquare.core.types import Category, Evidence, TextVerdict
from townsquare.policy.inputs import Post
from townsquare.policy.terms import TermsHistory, load_history

TERMS_DIR = Path(__file__).resolve().parents[2] / "policies" / "terms"


def history() -> TermsHistory:
    return load_history(TERMS_DIR)


def post(id: str = "p1", **kw: object) -> Post:
    fields: dict[str, object] = {"author": "u1", "text": "some text", "lang": "en", "country": "DE"}
    fields.update(kw)
    return Post(id=id, **fields)  # type: ignore[arg-type]


def verdict(
    id: str = "p1",
    hateful: float = 0.0,
    threat: float = 0.0,
    harassment: float = 0.0,
    profanity: float = 0.0,
    model_version: str = "test-model-1",
) -> TextVerdict:
    return TextVerdict(
        id=id,
        lang="en",
        lang_detected=False,
        hateful=hateful >= 0.5,
        score=hateful,
        threshold=0.5,
        categories={
            Category.HATE: hateful,
            Category.THREAT: threat,
            Category.HARASSMENT: harassment,
            Category.PROFANITY: profanity,
        },
        evidence=[Evidence(start=0, end=4, text="some", signal="model", weight=hateful)] if hateful else [],
        model_version=model_version,
    )
