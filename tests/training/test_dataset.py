from pathlib import Path

from townsquare.functional.templates import load_template_set, template_languages
from townsquare.training.corpora import CORPORA, Example, labels
from townsquare.training.dataset import TEMPLATE_DATASET, Row, assign_splits, build_rows, template_examples
from townsquare.training.train import head_rows


def test_no_held_out_text_is_trained_on(shared_data_dir: Path) -> None:
    rows = build_rows(CORPORA, shared_data_dir)
    train_keys = {r.key for r in rows if r.example.split == "train"}
    held_out = {r.key for r in rows if r.example.split in {"test", "calib"}}
    assert not train_keys & held_out
    assert {r.example.split for r in rows} == {"train", "calib", "test"}


def test_duplicates_are_dropped_and_splits_are_reproducible() -> None:
    examples = [Example(f"Post number {i % 50}", "en", "d", "", labels(hate=i % 2)) for i in range(200)]
    first = assign_splits(examples)
    assert len(first) == 50
    assert [(r.key, r.example.split) for r in first] == [(r.key, r.example.split) for r in assign_splits(examples)]


def test_a_text_held_out_in_one_corpus_is_removed_from_another_s_training() -> None:
    shared = "exactly the same words"
    rows = assign_splits([
        Example(shared, "en", "a", "test", labels(hate=1)),
        Example(shared, "en", "b", "train", labels(hate=1)),
    ])
    assert [(r.example.dataset, r.example.split) for r in rows] == [("a", "test")]


def test_only_train_templates_are_trained_on() -> None:
    trained = {e.text for e in template_examples()}
    for name in template_languages():
        for case in load_template_set(name).expand("test"):
            assert case.text not in trained or _also_a_train_case(name, case.text)


def _also_a_train_case(name: str, text: str) -> bool:
    """Two templates may expand to the same sentence; that is a duplicate, not a leak of a test template."""
    return any(c.text == text for c in load_template_set(name).expand("train"))


def test_the_hate_head_fits_posts_and_the_phrasing_head_fits_templates() -> None:
    rows = [Row(e, e.text) for e in (
        Example("a post", "en", "corpus", "train", labels(hate=1)),
        Example("a template", "en", TEMPLATE_DATASET, "train", labels(hate=0)),
    )]
    assert head_rows(rows, "hate")[0].tolist() == [0]
    assert head_rows(rows, "hate_phrasing")[0].tolist() == [1]
