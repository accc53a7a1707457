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
    threshold: float = 0.5,
) -> TextVerdict:
    return TextVerdict(
        id=id,
        lang="en",
        lang_detected=False,
        hateful=hateful >= threshold,
        score=hateful,
        threshold=threshold,
        categories={
            Category.HATE: hateful,
            Category.THREAT: threat,
            Category.HARASSMENT: harassment,
            Category.PROFANITY: profanity,
        },
        evidence=[Evidence(start=0, end=4, text="some", signal="model", weight=hateful)] if hateful else [],
        model_version=model_version,
    )


class KeywordClassifierDouble:
    """TEST DOUBLE for the lead's TextClassifier: reads scores written into the text itself.

    ``"you are awful hateful=0.97 threat=0.2"`` scores 0.97 hateful and 0.2 threat; anything else
    scores 0. Deterministic, so tests can state the exact decision they expect. Counts its calls,
    so tests can prove that replays are not classified again.
    """

    model_version = "keyword-double-1"

    def __init__(self) -> None:
        self.calls = 0
        self.classified: list[str] = []

    def classify(self, text: str, id: str, lang: str | None = None) -> TextVerdict:
        scores = {"hateful": 0.0, "threat": 0.0, "harassment": 0.0, "profanity": 0.0}
        for token in text.split():
            name, sep, value = token.partition("=")
            if sep and name in scores:
                try:
                    scores[name] = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    pass
        v = verdict(id, model_version=self.model_version, **scores)
        return v.model_copy(update={"lang": lang or "en", "lang_detected": lang is None})

    def classify_batch(self, items: list[tuple[str, str, str | None]]) -> list[TextVerdict]:
        self.calls += 1
        self.classified.extend(i for i, _, _ in items)
        return [self.classify(text, id, lang) for id, text, lang in items]
