import json
import subprocess
import sys
from pathlib import Path

from townsquare.signals.text_classifier.artefact import Artefact
from townsquare.training.train import TrainOptions, train


def test_training_is_reproducible(shared_data_dir: Path, tmp_path: Path, trained_model_dir: Path) -> None:
    again = train(TrainOptions(data_dir=shared_data_dir, out_dir=tmp_path, limit_per_corpus=1500, epochs=5),
                  log=lambda _: None)
    assert again.version == Artefact.load(trained_model_dir).version


def test_card_lists_every_dataset_with_its_licence(trained_model_dir: Path) -> None:
    card = Artefact.load(trained_model_dir).card
    names = {d["name"] for d in card["datasets"]}
    assert {"davidson2017_en", "cold_zh", "offendes_es", "trac1_hi", "functional"} <= names
    assert all(d["licence"] for d in card["datasets"])


def test_commercial_model_leaves_out_non_commercial_data(shared_data_dir: Path, tmp_path: Path) -> None:
    artefact = train(TrainOptions(data_dir=shared_data_dir, out_dir=tmp_path, commercial_only=True,
                                  limit_per_corpus=300, epochs=2), log=lambda _: None)
    assert artefact.card["commercial_only"] is True
    assert {d["name"] for d in artefact.card["datasets"]}.isdisjoint({"offendes_es", "trac1_hi"})


def test_evaluate_prints_tables_and_writes_json(trained_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    result = subprocess.run(
        [sys.executable, "-m", "townsquare.cli", "evaluate", "--model-dir", str(trained_model_dir),
         "--functional", "--json", str(out)],
        capture_output=True, text=True, check=True,
    )
    assert "by dataset" in result.stdout and "functional suite" in result.stdout
    data = json.loads(out.read_text())
    by_dataset = data["corpora"]["by_dataset"]
    assert {"davidson2017_en", "cold_zh", "germeval2018_de"} <= set(by_dataset)
    for report in by_dataset.values():
        assert {"precision", "recall", "macro_f1", "baseline_macro_f1", "ece"} <= set(report)
    assert set(data["corpora"]["by_language"]) >= {"en", "de", "zh", "pl", "pt", "es", "ar", "fr", "it"}
    assert data["functional"]["n_cases"] >= 3000
    assert "95% intervals resample templates" in result.stdout
    english = data["functional"]["sides"]["en"]
    for side in (english["hateful"], english["non_hateful"]):
        assert side["low"] <= side["accuracy"] <= side["high"] and side["templates"] > 0
