"""Hashed character and word n-gram features for a whole batch at numpy speed.

scikit-learn's ``HashingVectorizer`` builds n-grams in a Python loop, about 150 µs a post, which alone
would break the 5,000 posts/s budget. Here the batch is one array of code points and every n-gram
hash is a handful of vectorised operations over it (about 10 µs a post). Being stateless, the features
need no vocabulary in the model artefact: a feature is fully described by the configuration below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import scipy.sparse as sp

_SEPARATOR = 0
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_BASE = np.uint64(1_000_003)
_WORD_SALT = np.uint64(0xC2B2AE3D27D4EB4F)
_BIGRAM_SALT = np.uint64(0x165667B19E3779F9)
_MAX_WORD = 64
# Characters that end a word once text is normalised: whitespace and ASCII punctuation.
_BOUNDARY = np.zeros(128, dtype=bool)
for _char in " \t\n\r!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~":
    _BOUNDARY[ord(_char)] = True
_BOUNDARY[_SEPARATOR] = True


@dataclass(frozen=True)
class FeatureConfig:
    """Everything needed to reproduce a feature vector; stored in the model artefact."""

    n_bits: int = 20
    char_min: int = 1
    char_max: int = 5
    word_bigrams: bool = True
    mask_identities: bool = True
    """Replace named protected groups by a placeholder before hashing (see context.IdentityMasker)."""

    @property
    def n_features(self) -> int:
        return 1 << self.n_bits

    def to_dict(self) -> dict[str, int | bool]:
        return asdict(self)


def _bucket(hashes: np.ndarray, salt: int, n_bits: int) -> np.ndarray:
    mixed = (hashes ^ np.uint64(salt)) * _MULTIPLIER
    return (mixed >> np.uint64(64 - n_bits)).astype(np.int64)


def _powers() -> np.ndarray:
    out = np.ones(_MAX_WORD, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(1, _MAX_WORD):
            out[i] = out[i - 1] * _BASE
    return out


_POWERS = _powers()


@dataclass(frozen=True)
class Occurrences:
    """Every n-gram occurrence of a batch as (row, feature) pairs, plus each row's occurrence count.

    A row's feature vector is its feature counts divided by ``sqrt(total)``: linear scoring can then
    sum weights per occurrence without ever building (and de-duplicating) a sparse matrix.
    """

    rows: np.ndarray
    cols: np.ndarray
    totals: np.ndarray

    @property
    def scale(self) -> np.ndarray:
        return 1.0 / np.sqrt(np.maximum(self.totals, 1)).astype(np.float32)

    def matrix(self, n_features: int) -> sp.csr_matrix:
        data = self.scale[self.rows]
        matrix = sp.csr_matrix((data, (self.rows, self.cols)), shape=(len(self.totals), n_features))
        matrix.sum_duplicates()
        return matrix

    def scores(self, weights: np.ndarray) -> np.ndarray:
        """Every row dotted with ``weights`` (features x heads): shape (rows, heads).

        A CSR matrix in row order, duplicates left unsummed, times the weights: scipy adds each
        occurrence's weight row straight into its row's scores, where gathering the weight rows into
        an array first and summing them per row took twice as long.
        """
        order = np.argsort(self.rows, kind="stable")
        indptr = np.concatenate(([0], np.cumsum(self.totals)))
        data = np.repeat(self.scale, self.totals)
        return sp.csr_matrix((data, self.cols[order], indptr), shape=(len(self.totals), weights.shape[0])) @ weights


def hash_ngrams(texts: Sequence[str], config: FeatureConfig) -> Occurrences:
    """Character 1..5-grams (across word boundaries), words and word bigrams of every text."""
    with np.errstate(over="ignore"):
        return _hash_ngrams(texts, config)


def _hash_ngrams(texts: Sequence[str], config: FeatureConfig) -> Occurrences:
    joined = "\x00 " + " \x00 ".join(t.replace("\x00", " ") for t in texts) + " \x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_sep = codes == _SEPARATOR
    doc_of = np.cumsum(is_sep) - 1
    sep_prefix = np.concatenate(([0], np.cumsum(is_sep)))
    rows, cols = [], []
    rolling = np.zeros(len(codes), dtype=np.uint64)
    for n in range(1, config.char_max + 1):
        length = len(codes) - n + 1
        rolling = rolling[:length] * _BASE + codes[n - 1 :]
        if n < config.char_min:
            continue
        starts = np.flatnonzero(sep_prefix[n : n + length] == sep_prefix[:length])
        rows.append(doc_of[starts])
        cols.append(_bucket(rolling[starts], n, config.n_bits))
    word_rows, word_hashes = _word_hashes(codes, doc_of)
    rows.append(word_rows)
    cols.append(_bucket(word_hashes, int(_WORD_SALT), config.n_bits))
    if config.word_bigrams and len(word_hashes) > 1:
        same_doc = word_rows[1:] == word_rows[:-1]
        bigrams = word_hashes[:-1] * _BIGRAM_SALT + word_hashes[1:]
        rows.append(word_rows[1:][same_doc])
        cols.append(_bucket(bigrams[same_doc], int(_BIGRAM_SALT), config.n_bits))
    row = np.concatenate(rows)
    return Occurrences(row, np.concatenate(cols), np.bincount(row, minlength=len(texts)))


def _word_hashes(codes: np.ndarray, doc_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hash of every maximal run of word characters, with the row it belongs to."""
    boundary = np.zeros(len(codes), dtype=bool)
    ascii_codes = codes < 128
    boundary[ascii_codes] = _BOUNDARY[codes[ascii_codes].astype(np.int64)]
    in_word = ~boundary
    edges = np.diff(np.concatenate(([False], in_word, [False])).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    word_index = np.cumsum(edges[:-1] == 1) - 1
    positions = np.flatnonzero(in_word)
    offsets = np.minimum(positions - starts[word_index[positions]], _MAX_WORD - 1)
    weighted = codes[positions] * _POWERS[offsets]
    hashes = np.add.reduceat(weighted, np.searchsorted(positions, starts))
    hashes = hashes + (ends - starts).astype(np.uint64) * _WORD_SALT
    return doc_of[starts], hashes
