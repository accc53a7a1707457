"""Shared fixtures: real corpora, a small model trained by the tests themselves, and the full model."""

from __future__ import annotations

from pathlib import Path

import pytest

from townsquare.paths import DEFAULT_MODEL_DIR, SHARED_DATA_DIR
from townsquare.signals.text_classifier.classifier import TextClassifier
from townsquare.training.train import TrainOptions, train


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    if not (SHARED_DATA_DIR / "davidson2017_en").is_dir():
        pytest.fail(f"the corpora are missing: expected them in {SHARED_DATA_DIR} (set TOWNSQUARE_SHARED_DATA)")
    return SHARED_DATA_DIR


@pytest.fixture(scope="session")
def trained_model_dir(tmp_path_factory: pytest.TempPathFactory, shared_data_dir: Path) -> Path:
    """A real model, trained on a slice of every corpus so the suite stays fast."""
    out = tmp_path_factory.mktemp("model")
    train(TrainOptions(data_dir=shared_data_dir, out_dir=out, limit_per_corpus=1500, epochs=5), log=lambda _: None)
    return out


@pytest.fixture(scope="session")
def small_classifier(trained_model_dir: Path) -> TextClassifier:
    return TextClassifier.load(trained_model_dir)


@pytest.fixture(scope="session")
def full_classifier() -> TextClassifier:
    """The production model that `scripts/setup.sh` trains; quality tests hold it to the issue's numbers."""
    if not (DEFAULT_MODEL_DIR / "model.json").is_file():
        pytest.fail(f"no trained model in {DEFAULT_MODEL_DIR}: run `bash scripts/setup.sh` first")
    return TextClassifier.load(DEFAULT_MODEL_DIR)
