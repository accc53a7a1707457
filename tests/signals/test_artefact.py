import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from townsquare.signals.text_classifier.artefact import FORMAT, MANIFEST_FILE, WEIGHTS_FILE, Artefact, ArtefactError


def test_round_trip(trained_model_dir: Path, tmp_path: Path) -> None:
    artefact = Artefact.load(trained_model_dir)
    artefact.save(tmp_path)
    again = Artefact.load(tmp_path)
    assert again.version == artefact.version
    assert np.array_equal(again.ngram_weights, artefact.ngram_weights)


def test_tampered_weights_are_refused(trained_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(trained_model_dir, copy)
    weights = np.load(copy / WEIGHTS_FILE)
    weights[0, 0] += 1.0
    np.save(copy / WEIGHTS_FILE, weights)
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
