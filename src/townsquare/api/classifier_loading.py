"""Resolve ``module:callable`` into a classifier, for ``townsquare serve --classifier``."""

from __future__ import annotations

import importlib

from townsquare.api.classifier import Classifier, ClassifierUnavailableError


def classifier_from_spec(spec: str) -> Classifier:
    """Import ``module:callable`` and call it with no arguments; it must return a Classifier."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ClassifierUnavailableError(f"--classifier wants MODULE:CALLABLE, got {spec!r}")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ClassifierUnavailableError(f"cannot import {spec}: {exc}") from exc
    clf = factory()
    if not isinstance(clf, Classifier):
        raise ClassifierUnavailableError(f"{spec} did not return an object with classify_batch()")
    return clf
