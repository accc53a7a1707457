import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from scipy.special import logit

from townsquare.signals.text_classifier.artefact import (
    CONTENT_HEADS,
    FORMAT,
    HATE_CONTENT,
    LANGUAGE_WEIGHTS_FILE,
    MANIFEST_FILE,
    WEIGHTS_FILE,
    Artefact,
    ArtefactError,
)
from townsquare.signals.text_classifier.context import FEATURE_NAMES


def test_round_trip(trained_model_dir: Path, tmp_path: Path) -> None:
    artefact = Artefact.load(trained_model_dir)
    artefact.save(tmp_path)
    again = Artefact.load(tmp_path)
    assert again.version == artefact.version
    assert np.array_equal(again.ngram_weights, artefact.ngram_weights)
    assert again.language_head.languages == artefact.language_head.languages
    assert np.array_equal(again.language_head.weights, artefact.language_head.weights)


@pytest.mark.parametrize("name", [WEIGHTS_FILE, LANGUAGE_WEIGHTS_FILE])
def test_tampered_weights_are_refused(trained_model_dir: Path, tmp_path: Path, name: str) -> None:
    copy = tmp_path / "m"
    shutil.copytree(trained_model_dir, copy)
    weights = np.load(copy / name)
    weights[0, 0] += 1.0
    np.save(copy / name, weights)
    with pytest.raises(ArtefactError, match="checksum"):
        Artefact.load(copy)


def test_missing_model_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(ArtefactError, match="townsquare train"):
        Artefact.load(tmp_path)


def test_other_format_is_refused(trained_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(trained_model_dir, copy)
    manifest = (copy / MANIFEST_FILE).read_text().replace(FORMAT, "other/9")
    (copy / MANIFEST_FILE).write_text(manifest)
    with pytest.raises(ArtefactError, match="format"):
        Artefact.load(copy)


def test_model_of_other_lexicons_is_refused(trained_model_dir: Path, tmp_path: Path) -> None:
    """Context features count lexicon hits: after a lexicon edit the old weights read other features."""
    copy = tmp_path / "m"
    shutil.copytree(trained_model_dir, copy)
    manifest = json.loads((copy / MANIFEST_FILE).read_text())
    manifest["lexicons"] = "0" * 16
    (copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(ArtefactError, match="lexicons"):
        Artefact.load(copy)


def test_weights_are_not_pickles(trained_model_dir: Path) -> None:
    np.load(trained_model_dir / WEIGHTS_FILE, allow_pickle=False)


def test_a_variety_without_a_cut_falls_back_to_its_language_then_to_all(trained_model_dir: Path) -> None:
    artefact = Artefact.load(trained_model_dir)
    artefact.thresholds = {"*": 0.5, "hi": 0.4, "hi-Latn": 0.6}
    assert artefact.threshold("hi-Latn") == 0.6
    assert artefact.threshold("ar-Latn") == artefact.threshold("ar") == 0.5
    artefact.thresholds = {"*": 0.5, "hi": 0.4}
    assert artefact.threshold("hi-Latn") == 0.4


def test_a_language_adds_its_share_of_the_hate_heads_logit_and_others_the_default(trained_model_dir: Path) -> None:
    artefact = Artefact.load(trained_model_dir)
    content = np.zeros((2, len(CONTENT_HEADS)))
    content[:, HATE_CONTENT] = 2.0
    context = np.zeros((2, len(FEATURE_NAMES)))
    artefact.hate_head_shares = {"*": 0.0, "pl": 0.5}
    network = artefact.context_model.logits(content, context)
    assert np.allclose(logit(artefact.hate_probabilities(content, context, ["pl", "xx"])), network + [1.0, 0.0])


def test_a_model_without_a_default_hate_head_share_is_refused(trained_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(trained_model_dir, copy)
    manifest = json.loads((copy / MANIFEST_FILE).read_text())
    del manifest["hate_head_shares"]["*"]
    (copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(ArtefactError, match="hate head share"):
        Artefact.load(copy)
