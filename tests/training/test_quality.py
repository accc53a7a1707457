"""Regression floors for the production model that `scripts/setup.sh` trains.

These are floors, not the product's targets (issue 6 asks 0.90 on both sides of the functional suite;
the README shows where the model stands): they make a change that quietly breaks a language fail.
"""

from pathlib import Path

from townsquare.signals.text_classifier.classifier import TextClassifier
from townsquare.signals.text_classifier.context import masked
from townsquare.signals.text_classifier.features import hash_ngrams
from townsquare.training.evaluate import evaluate_corpora, evaluate_functional, functional_cases, held_out_rows
from townsquare.training.language_head import language_check

FUNCTIONAL_FLOOR = 0.65
BASELINE_MARGIN = 0.01  # OffendES (1.4% positives, ideology included) is the closest call: +0.016
LANGUAGE_HEAD_ANSWERS = 0.9  # 0.96 of the test posts when the head began to answer at 0.8


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


def test_the_language_head_answers_most_latin_posts_and_reads_them_as_well_as_lingua(
    full_classifier: TextClassifier, shared_data_dir: Path
) -> None:
    """The head exists to spare lingua's time, and must not cost the language a post is read in."""
    art = full_classifier.artefact
    rows = held_out_rows(shared_data_dir, commercial_only=False)
    ngrams = hash_ngrams(masked([r.key for r in rows], art.features), art.features).matrix(art.features.n_features)
    check = language_check(art.language_head, rows, ngrams, art.features.n_bits)
    assert check["answered"] >= LANGUAGE_HEAD_ANSWERS
    assert check["head_right"] >= check["lingua_right"]
