"""Train the language head on lingua's answers to Latin-script text, and measure how often it is right."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from townsquare.signals.text_classifier.language_head import LanguageHead, fold_matrix
from townsquare.text.langid import UNDETERMINED, detect_latin_languages, dominant_script
from townsquare.training.dataset import Row

LANGUAGE_C = 10.0
"""Inverse L2 strength: weaker makes the head sure of more posts but wrong on more of those (held out,
C=100 agreed with lingua less often at the same coverage)."""
LANGUAGE_MAX_ITER = 1000


def lingua_labels(rows: Sequence[Row]) -> tuple[np.ndarray, list[str]]:
    """The Latin-script rows lingua places, with its answers: what the head learns, and is checked against."""
    index = [i for i, r in enumerate(rows) if dominant_script(r.key) == "LATIN"]
    answers = detect_latin_languages([rows[i].key for i in index])
    kept = [(i, lang) for i, lang in zip(index, answers, strict=True) if lang != UNDETERMINED]
    return np.asarray([i for i, _ in kept], dtype=np.int64), [lang for _, lang in kept]


def fit_language_head(rows: Sequence[Row], ngrams: sp.csr_matrix, n_bits: int) -> LanguageHead:
    """A multinomial logistic regression on the folded n-grams of the Latin-script rows, lingua's answers as labels."""
    index, labels = lingua_labels(rows)
    if len(set(labels)) < 3:
        raise ValueError(f"the language head needs rows in several Latin-script languages, got {sorted(set(labels))}")
    model = LogisticRegression(C=LANGUAGE_C, max_iter=LANGUAGE_MAX_ITER).fit(fold_matrix(ngrams[index], n_bits), labels)
    return LanguageHead(
        languages=tuple(str(c) for c in model.classes_),
        weights=np.ascontiguousarray(model.coef_.T, dtype=np.float32),
        intercepts=model.intercept_.astype(np.float32),
    )


def language_check(head: LanguageHead, rows: Sequence[Row], ngrams: sp.csr_matrix, n_bits: int) -> dict[str, float]:
    """On the Latin-script ``rows`` of the head's languages: the share the head answers itself, and how often its
    answer and lingua's are the row's own language on those rows."""
    index = [i for i, r in enumerate(rows) if r.example.lang in head.languages and dominant_script(r.key) == "LATIN"]
    answers = head.answers(fold_matrix(ngrams[index], n_bits) @ head.weights)
    answered = [(i, a) for i, a in zip(index, answers, strict=True) if a is not None]
    lingua = detect_latin_languages([rows[i].key for i, _ in answered])
    truth = [rows[i].example.lang for i, _ in answered]
    return {
        "rows": len(index),
        "answered": round(len(answered) / max(len(index), 1), 4),
        "head_right": round(sum(a == t for (_, a), t in zip(answered, truth, strict=True)) / max(len(answered), 1), 4),
        "lingua_right": round(sum(a == t for a, t in zip(lingua, truth, strict=True)) / max(len(answered), 1), 4),
    }
