"""What the API needs from a classifier, and the factory that loads the real one.

The API depends on this small protocol, not on the text classifier's module, so the HTTP layer can
be tested and benchmarked with any implementation and the classifier can change behind it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

from townsquare.core.types import TextVerdict


@runtime_checkable
class Classifier(Protocol):
    """Classifies posts in bulk; items are ``(id, text, lang)``, one verdict per item, in order."""

    def classify_batch(self, items: Iterable[tuple[str, str, str | None]]) -> list[TextVerdict]: ...


class ClassifierUnavailableError(RuntimeError):
    """No trained text classifier could be loaded."""


def load_classifier(model_dir: Path | None) -> Classifier:
    """Load townsquare's text classifier from ``model_dir`` (its own default when None)."""
    try:
        from townsquare.signals.text_classifier.classifier import TextClassifier  # type: ignore[import-not-found, unused-ignore]
    except ImportError as exc:
        raise ClassifierUnavailableError(
            "the text classifier (townsquare.signals.text_classifier) is not installed in this build"
        ) from exc
    try:
        return TextClassifier.load(model_dir)  # type: ignore[no-any-return, unused-ignore]
    except Exception as exc:  # noqa: BLE001 - any load failure means the same thing to the caller
        raise ClassifierUnavailableError(f"cannot load the text classifier from {model_dir or 'its default'}: {exc}") from exc
