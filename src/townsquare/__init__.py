"""townsquare: content moderation for a platform under the EU Digital Services Act.

The text classifier in two calls::

    from townsquare import classify, classify_batch
    verdict = classify("some post", lang="en")          # one TextVerdict
    verdicts = classify_batch([("id-1", "post", None)])  # many, faster per post

Both use the model in ``TOWNSQUARE_MODEL_DIR`` (default ``models/default``), loaded once. For another
model, use :class:`townsquare.signals.text_classifier.classifier.TextClassifier` directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from townsquare.core.types import TextVerdict
    from townsquare.signals.text_classifier.classifier import TextClassifier

__all__ = ["classify", "classify_batch", "default_classifier"]


@lru_cache(maxsize=1)
def default_classifier() -> TextClassifier:
    from townsquare.signals.text_classifier.classifier import TextClassifier

    return TextClassifier.load()


def classify(text: str, lang: str | None = None, id: str = "") -> TextVerdict:
    """Classify one post. ``lang`` is an ISO 639-1 code, detected when omitted."""
    return default_classifier().classify(text, id=id, lang=lang)


def classify_batch(items: Iterable[tuple[str, str, str | None]]) -> list[TextVerdict]:
    """Classify ``(id, text, lang)`` triples; results come back in the same order."""
    return default_classifier().classify_batch(items)
