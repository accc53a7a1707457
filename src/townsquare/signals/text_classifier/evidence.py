"""Which words made the model say what it said, as spans of the text the user actually wrote.

The model is linear in its features and every word's character n-grams are its own, so a word's
share of the score is (nearly exactly) the weights of its own n-grams. Spans are found on the
normalised text and mapped back to the original through a character alignment, because the user
and the moderator must see their own words highlighted, not our canonical form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

import numpy as np

from townsquare.core.types import Evidence
from townsquare.signals.text_classifier.context import Findings
from townsquare.signals.text_classifier.features import FeatureConfig, Occurrences, hash_ngrams
from townsquare.text.normalize import normalize

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\S+")
MAX_MODEL_SPANS = 3
LEXICON_KINDS = ("slur", "identity", "negation", "counter_speech", "reporting", "in_group", "profanity")


def alignment(original: str, normalised: str) -> np.ndarray:
    """For every index of ``normalised`` (and its end), the matching index in ``original``.

    Normalisation is almost always local to a whitespace-separated token, so tokens are normalised
    one by one and mapped proportionally; only when that does not reproduce the whole normalised text
    (letters spelled apart across tokens) is the slower character diff used.
    """
    tokens = [m for m in _TOKEN.finditer(original)]
    pieces = [normalize(m.group(0)) for m in tokens]
    kept = [(m, p) for m, p in zip(tokens, pieces, strict=True) if p]
    if " ".join(p for _, p in kept) != normalised:
        return _diff_alignment(original, normalised)
    mapping = np.zeros(len(normalised) + 1, dtype=np.int64)
    position = 0
    for match, piece in kept:
        width = match.end() - match.start()
        offsets = np.arange(len(piece)) * width // len(piece)
        mapping[position : position + len(piece)] = match.start() + offsets
        position += len(piece)
        if position < len(normalised):
            mapping[position] = match.end()
            position += 1
    mapping[len(normalised)] = len(original)
    return mapping


class _Locator:
    """Maps a span of the normalised text to the original: a case-insensitive search first, which finds
    almost every span at once, and the full alignment only for the disguised ones it cannot find."""

    def __init__(self, original: str, normalised: str) -> None:
        self.original, self.normalised = original, normalised
        self.lowered = original.lower() if len(original.lower()) == len(original) else None
        self._mapping: np.ndarray | None = None

    def __call__(self, start: int, end: int) -> tuple[int, int]:
        fragment = self.normalised[start:end]
        if self.lowered is not None and fragment:
            expected = start * len(self.original) // max(len(self.normalised), 1)
            found = _occurrences(self.lowered, fragment)
            if found:
                a = min(found, key=lambda i: abs(i - expected))
                return a, a + len(fragment)
        if self._mapping is None:
            self._mapping = alignment(self.original, self.normalised)
        a = int(self._mapping[start])
        b = int(self._mapping[end - 1]) + 1 if end > start else a
        return a, max(a, b)


def _occurrences(text: str, fragment: str) -> list[int]:
    found, at = [], text.find(fragment)
    while at != -1:
        found.append(at)
        at = text.find(fragment, at + 1)
    return found


def _diff_alignment(original: str, normalised: str) -> np.ndarray:
    mapping = np.zeros(len(normalised) + 1, dtype=np.int64)
    matcher = SequenceMatcher(None, original.lower(), normalised, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            mapping[j1:j2] = np.arange(i1, i2)
        else:
            mapping[j1:j2] = np.linspace(i1, i2, num=j2 - j1, endpoint=False).astype(np.int64)
    mapping[len(normalised)] = len(original)
    return mapping


ModelSpan = tuple[int, int, float]
"""A word of the normalised text (start, end) and its share of the head's score."""


def model_spans(
    docs: Sequence[tuple[str, int]], weights: np.ndarray, head: int, config: FeatureConfig
) -> list[list[ModelSpan]]:
    """For each (normalised text, its n-gram count), the words that pushed column ``head`` of ``weights`` up most.

    The words of the whole batch are hashed in one call: per call numpy costs more than the words do. All
    heads are scored and one kept, because a column of the weights is a strided view that scipy would
    copy whole (4 MiB) to multiply it.
    """
    words_per_doc = [list(_WORD.finditer(text)) for text, _ in docs]
    flat = [w.group(0) for words in words_per_doc for w in words]
    if not flat:
        return [[] for _ in docs]
    occurrences: Occurrences = hash_ngrams(flat, config)
    own = occurrences.scores(weights)[:, head] * np.sqrt(np.maximum(occurrences.totals, 1))
    out, cursor = [], 0
    for (_, total), words in zip(docs, words_per_doc, strict=True):
        contributions = own[cursor : cursor + len(words)] / np.sqrt(max(total, 1))
        cursor += len(words)
        top = np.argsort(-contributions)[:MAX_MODEL_SPANS]
        out.append([(words[i].start(), words[i].end(), float(contributions[i])) for i in top if contributions[i] > 0])
    return out


def explain(original: str, normalised: str, findings: Findings, spans: Sequence[ModelSpan]) -> list[Evidence]:
    """The model's words (``spans``) and the lexicon entries found, as spans of the original text."""
    if not spans and not findings.hits:
        return []
    locate = _Locator(original, normalised)

    def span(start: int, end: int, signal: str, weight: float = 0.0) -> Evidence:
        a, b = locate(start, end)
        return Evidence(start=a, end=b, text=original[a:b], signal=signal, weight=round(weight, 4))

    evidence = [span(start, end, "model", weight) for start, end, weight in spans]
    for hit in findings.hits:
        if hit.kind in LEXICON_KINDS:
            end = hit.end
            while end < len(normalised) and normalised[end].isalnum() and hit.end - hit.start >= 4:
                end += 1  # a term matched as a prefix ("jude" in "juden"): show the whole word
            evidence.append(span(hit.start, end, hit.kind))
    unique = {(e.start, e.end, e.signal): e for e in reversed(evidence)}  # two lexicon terms, one word
    return [e for e in evidence if unique[(e.start, e.end, e.signal)] is e]
