"""Turn training rows into the exact features the classifier computes at run time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from townsquare.signals.text_classifier.context import analyzer_for, masked
from townsquare.signals.text_classifier.features import FeatureConfig, hash_ngrams
from townsquare.training.dataset import Row

CHUNK = 4096


def design_matrix(rows: Sequence[Row], config: FeatureConfig) -> tuple[sp.csr_matrix, np.ndarray]:
    """(n-gram matrix, context matrix) for ``rows``, built in chunks to bound memory."""
    blocks = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        blocks.append(hash_ngrams(masked([r.key for r in chunk], config), config).matrix(config.n_features))
    ngrams = sp.vstack(blocks, format="csr") if blocks else sp.csr_matrix((0, config.n_features))
    context = np.vstack([analyzer_for(r.example.lang).analyze(r.key).vector() for r in rows])
    return ngrams, context
