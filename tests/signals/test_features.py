import numpy as np

from townsquare.signals.text_classifier.features import FeatureConfig, hash_ngrams

CONFIG = FeatureConfig(n_bits=16)


def test_scores_equal_sparse_matrix_product() -> None:
    texts = ["muslims are vermin", "", "穆斯林都是害虫", "a", "ab ab ab"]
    occurrences = hash_ngrams(texts, CONFIG)
    weights = np.random.default_rng(0).normal(size=(CONFIG.n_features, 3)).astype(np.float32)
    expected = occurrences.matrix(CONFIG.n_features) @ weights
    assert np.allclose(occurrences.scores(weights), expected, atol=1e-5)


def test_a_text_scores_the_same_alone_and_in_a_batch() -> None:
    weights = np.random.default_rng(1).normal(size=(CONFIG.n_features, 2)).astype(np.float32)
    alone = hash_ngrams(["hello world"], CONFIG).scores(weights)[0]
    batched = hash_ngrams(["x", "hello world", "something else"], CONFIG).scores(weights)[1]
    assert np.allclose(alone, batched)


def test_rows_are_scaled_by_their_length() -> None:
    occurrences = hash_ngrams(["one two three", "", "x" * 500], CONFIG)
    matrix = occurrences.matrix(CONFIG.n_features)
    mass = np.asarray(matrix.sum(axis=1)).ravel()
    assert np.allclose(mass, np.sqrt(occurrences.totals))
    assert occurrences.totals[1] < occurrences.totals[0] < occurrences.totals[2]


def test_ngrams_never_cross_posts() -> None:
    joined = hash_ngrams(["ab", "cd"], CONFIG)
    together = hash_ngrams(["ab cd"], CONFIG)
    assert joined.totals.sum() < together.totals.sum()
