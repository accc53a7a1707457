"""A first guess at the language of a Latin-script post, read off the n-grams the classifier hashes anyway.

lingua is the authority on which Latin-script language a post is in, but it takes a third of the
classifier's time. The n-grams hashed for the hate heads carry the language too, so a multinomial
logistic regression over them, folded into a small table that stays in cache, is trained to give
lingua's own answer (see ``training.language_head``). Where it is sure, its answer is taken; where it
is not (short posts, mixed languages, close pairs), lingua is asked as before. It changes who
answers far more often than what the answer is.
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
SURE = 0.98
"""The probability of its first language at or above which the head answers instead of lingua; held-out
agreement with lingua at this cut is in the model card."""


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
