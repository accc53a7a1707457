"""Each reader binarises its corpus as the folder README says; the counts are the README's own."""

from collections import Counter
from pathlib import Path

import pytest

from townsquare.core.types import Category
from townsquare.training.corpora import CORPORA, corpora

EXPECTED_HATE = {
    "banpl_pl": (2000, 12263),  # HS; W (263) + BAN-PL neutral (12,000)
    "davidson2017_en": (1430, 23353),
    "ethos_en": (433, 565),
    "pejorativity_it": (400, 800),
    "toxigen_demos_en": (342, 285),
    "offendes_es": (427, 29989),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_HATE))
def test_hate_label_counts_match_the_readme(name: str, shared_data_dir: Path) -> None:
    corpus = next(c for c in CORPORA if c.name == name)
    counts = Counter(e.labels[Category.HATE] for e in corpus.read(shared_data_dir))
    assert (counts[1], counts[0]) == EXPECTED_HATE[name]


def test_every_corpus_reads_and_keeps_its_official_test_split(shared_data_dir: Path) -> None:
    for corpus in CORPORA:
        examples = list(corpus.read(shared_data_dir))
        assert examples, corpus.name
        assert {e.lang for e in examples} <= set(corpus.langs)
    cold_held_out = [e for e in next(c for c in CORPORA if c.name == "cold_zh").read(shared_data_dir)
                     if e.split in {"test", "calib"}]
    assert Counter(e.labels[Category.HATE] for e in cold_held_out) == {1: 1819, 0: 3504}


def test_commercial_option_drops_non_commercial_corpora() -> None:
    names = {c.name for c in corpora(commercial_only=True)}
    assert "offendes_es" not in names and "trac1_hi" not in names
    assert all(c.commercial for c in corpora(commercial_only=True))
