"""Regression floors for the production model that `scripts/setup.sh` trains.

These are floors, not the product's targets (issue 6 asks 0.90 on both sides of the functional suite;
the README shows where the model stands): they make a change that quietly breaks a language fail.
"""

from pathlib import Path

from townsquare.signals.text_classifier.classifier import TextClassifier
from townsquare.signals.text_classifier.context import masked
from townsquare.signals.text_classifier.features import hash_ngrams
from townsquare.text.langid import detect_latin_languages, dominant_script
from townsquare.training.evaluate import evaluate_corpora, evaluate_functional, functional_cases, held_out_rows

FUNCTIONAL_FLOOR = 0.65
BASELINE_MARGIN = 0.01  # OffendES (1.4% positives, ideology included) is the closest call: +0.016
LANGUAGE_HEAD_ANSWERS = 0.6  # 0.76 of the test posts when the head was introduced
LANGUAGE_HEAD_AGREEMENT = 0.99  # 0.9965 then


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


def test_the_language_head_answers_most_latin_posts_as_lingua_would(
    full_classifier: TextClassifier, shared_data_dir: Path
) -> None:
    """The head exists to spare lingua's time, never to change the language a post is read in."""
    keys = [r.key for r in held_out_rows(shared_data_dir, commercial_only=False) if dominant_script(r.key) == "LATIN"]
    art = full_classifier.artefact
    answers = art.language_head.sure_languages(hash_ngrams(masked(keys, art.features), art.features),
                                               art.features.n_bits)
    answered = [(answer, lingua) for answer, lingua in zip(answers, detect_latin_languages(keys), strict=True)
                if answer is not None]
    assert len(answered) >= LANGUAGE_HEAD_ANSWERS * len(keys)
    assert sum(answer == lingua for answer, lingua in answered) >= LANGUAGE_HEAD_AGREEMENT * len(answered)
