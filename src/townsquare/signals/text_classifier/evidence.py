"""Which words made the model say what it said, as spans of the text the user actually wrote.

The model is linear in its features and every word's character n-grams are its own, so a word's
share of the score is (nearly exactly) the weights of its own n-grams. Spans are found on the
normalised text and mapped back to the original through a character alignment, because the user
and the moderator must see their own words highlighted, not our canonical form.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np

from townsquare.core.types import Evidence
from townsquare.signals.text_classifier.context import Findings
from townsquare.signals.text_classifier.features import FeatureConfig, Occurrences, hash_ngrams

_WORD = re.compile(r"\w+")
MAX_MODEL_SPANS = 3
LEXICON_KINDS = ("slur", "identity", "negation", "counter_speech", "reporting", "in_group", "profanity")


def alignment(original: str, normalised: str) -> np.ndarray:
    """For every index of ``normalised`` (and its end), the matching index in ``original``."""
    mapping = np.zeros(len(normalised) + 1, dtype=np.int64)
    matcher = SequenceMatcher(None, original.lower(), normalised, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            mapping[j1:j2] = np.arange(i1, i2)
        else:
            mapping[j1:j2] = np.linspace(i1, i2, num=j2 - j1, endpoint=False).astype(np.int64)
    mapping[len(normalised)] = len(original)
    return mapping


def explain(
    original: str,
    normalised: str,
    findings: Findings,
    head_weights: np.ndarray,
    doc_total: int,
    config: FeatureConfig,
) -> list[Evidence]:
    """Top positively-weighted words for ``head_weights`` plus the lexicon entries found, as spans."""
    mapping = alignment(original, normalised)

    def span(start: int, end: int, signal: str, weight: float = 0.0) -> Evidence:
        a, b = int(mapping[start]), int(mapping[end - 1]) + 1 if end > start else int(mapping[start])
        return Evidence(start=a, end=max(a, b), text=original[a:b], signal=signal, weight=round(weight, 4))

    evidence: list[Evidence] = []
    words = list(_WORD.finditer(normalised))
    if words:
        occurrences: Occurrences = hash_ngrams([w.group(0) for w in words], config)
        own = occurrences.scores(head_weights[:, None]).ravel()
        contributions = own * np.sqrt(np.maximum(occurrences.totals, 1)) / np.sqrt(max(doc_total, 1))
        for index in np.argsort(-contributions)[:MAX_MODEL_SPANS]:
            if contributions[index] > 0:
                word = words[int(index)]
                evidence.append(span(word.start(), word.end(), "model", float(contributions[index])))
    for hit in findings.hits:
        if hit.kind in LEXICON_KINDS:
            evidence.append(span(hit.start, hit.end, hit.kind))
    return evidence
