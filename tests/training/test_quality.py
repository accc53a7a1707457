"""Regression floors for the production model that `scripts/setup.sh` trains.

These are floors, not the product's targets (issue 6 asks 0.90 on both sides of the functional suite;
the README shows where the model stands): they make a change that quietly breaks a language fail.
"""

from pathlib import Path

from townsquare.signals.text_classifier.classifier import TextClassifier
from townsquare.training.evaluate import evaluate_corpora, evaluate_functional, functional_cases, held_out_rows

FUNCTIONAL_FLOOR = 0.65
BASELINE_MARGIN = 0.01  # OffendES (1.4% positives, ideology included) is the closest call: +0.016


def test_every_corpus_beats_its_majority_baseline(full_classifier: TextClassifier, shared_data_dir: Path) -> None:
    evaluation = evaluate_corpora(full_classifier, held_out_rows(shared_data_dir, commercial_only=False))
    for name, report in evaluation.by_dataset.items():
        if report.positives:
            assert report.macro_f1 >= report.baseline_macro_f1 + BASELINE_MARGIN, name


def test_functional_accuracy_floor_in_every_language(full_classifier: TextClassifier) -> None:
    table = evaluate_functional(full_classifier, functional_cases()).table()
    assert len(table["all"]) >= 11
    for lang, accuracy in table["all"].items():
        assert accuracy >= FUNCTIONAL_FLOOR, lang
