"""The language of a Latin-script post, read off the n-grams the classifier hashes anyway.

lingua used to place every Latin-script post, and took a third of the classifier's time. The n-grams
hashed for the hate heads carry the language too, so a multinomial logistic regression over them,
folded into a small table that stays in cache, is trained on lingua's answers (see
``training.language_head``). The student ends up more often right than its teacher on this platform's
text: fitted to all of lingua's answers at once, it learns the words the platform's posts are made of and
outvotes lingua's slips on short and misspelt posts. So it answers wherever it is reasonably sure, and
lingua is asked only about the few posts it is not (mixed languages, a couple of words).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.special import softmax

from townsquare.signals.text_classifier.features import Occurrences

BITS = 16
"""Buckets of the folded table (2**16 x 8 languages x 4 bytes = 2 MiB): n-gram collisions cost the head
less than cache misses would cost the classifier."""
SURE = 0.8
"""The probability of its first language at or above which the head answers instead of lingua. On held-out
calibration rows, against their known language, this cut did best on templates (right on 0.9979; lingua
alone 0.9975, the head alone 0.9955) and nearly best on posts (0.9819; lingua alone 0.9764, the head alone
0.9860). The model card has the head's figures for the model at hand."""


def fold_columns(columns: np.ndarray, n_bits: int) -> np.ndarray:
    """The folded table's bucket of each n-gram feature: its top ``BITS`` bits, as uniform as the hash."""
    return columns >> (n_bits - BITS)


def fold_matrix(matrix: sp.csr_matrix, n_bits: int) -> sp.csr_matrix:
    """A feature matrix with its columns folded like :func:`fold_columns`, duplicates summed."""
    folded = sp.csr_matrix((matrix.data, fold_columns(matrix.indices, n_bits), matrix.indptr),
                           shape=(matrix.shape[0], 1 << BITS))
    folded.sum_duplicates()
    return folded


@dataclass(frozen=True)
class LanguageHead:
    languages: tuple[str, ...]
    weights: np.ndarray
    """(2**BITS, languages) float32, C-contiguous."""
    intercepts: np.ndarray

    def sure_languages(self, occurrences: Occurrences, n_bits: int) -> list[str | None]:
        """Each row's language where the head is sure of it, else ``None`` (ask lingua)."""
        folded = Occurrences(occurrences.rows, fold_columns(occurrences.cols, n_bits), occurrences.totals)
        return self.answers(folded.scores(self.weights))

    def answers(self, scores: np.ndarray) -> list[str | None]:
        """Each row's language from its folded features dotted with the weights, where the head is sure of it."""
        probabilities = softmax(scores + self.intercepts, axis=1)
        best = probabilities.argmax(axis=1)
        sure = probabilities[np.arange(len(best)), best] >= SURE
        return [self.languages[b] if s else None for b, s in zip(best.tolist(), sure.tolist(), strict=True)]
