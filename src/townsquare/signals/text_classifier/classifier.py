"""The multilingual text classifier: normalise, identify the language, score, calibrate, explain.

Linear heads over hashed n-grams, and a small context network that turns their logits and the
framing cues into the hate decision, serve every language at once: languages with little labelled
data borrow from the others, and it is fast enough to score every post on one core.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.special import expit

from townsquare.core.types import Category, TextVerdict
from townsquare.paths import DEFAULT_MODEL_DIR
from townsquare.signals.text_classifier.artefact import CONTENT_HEADS, HEADS, Artefact
from townsquare.signals.text_classifier.context import FEATURE_NAMES, Findings, analyzer_for, masked
from townsquare.signals.text_classifier.evidence import ModelSpan, explain, model_spans
from townsquare.signals.text_classifier.features import Occurrences, hash_ngrams
from townsquare.text.langid import (
    UNDETERMINED,
    detect_latin_languages,
    dominant_script,
    language_of_script,
    writing_variety,
)
from townsquare.text.normalize import normalize

MAX_TEXT_CHARS = 32_768
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z]{2,4})?$")
_ROMAN_HINDI = HEADS.index("roman_hindi")
_HATE = HEADS.index("hate")
_CATEGORY_HEADS = {Category(h): i for i, h in enumerate(HEADS) if h in Category.__members__.values()}


class InputError(ValueError):
    """A post the classifier refuses, with a message fit to show the sender."""


@dataclass(frozen=True)
class Scored:
    """Everything the model computed for one post, before it is shaped into a verdict."""

    text: str
    normalised: str
    lang: str
    lang_detected: bool
    probabilities: dict[str, float]
    findings: Findings
    total_ngrams: int

    @property
    def variety(self) -> str:
        """What the threshold is looked up by: the language, and its script where that matters."""
        return writing_variety(self.lang, self.normalised)


def canonical_lang(lang: str) -> str:
    """``hi-Latn`` / ``hi_latn`` / ``HI`` -> ``hi``; refuses anything that is not a language tag."""
    code = lang.strip().lower()
    if not _LANG_CODE.match(code):
        raise InputError(f"lang {lang!r} is not an ISO 639-1 code such as 'en'")
    return code.split("-")[0].split("_")[0]


def check_text(text: object) -> str:
    if not isinstance(text, str):
        raise InputError(f"text must be a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
    return text


class TextClassifier:
    """Load once, then call :meth:`classify` for one post or :meth:`classify_batch` for many."""

    def __init__(self, artefact: Artefact) -> None:
        self.artefact = artefact

    @classmethod
    def load(cls, model_dir: Path | None = None) -> TextClassifier:
        return cls(Artefact.load(model_dir or DEFAULT_MODEL_DIR))

    @property
    def version(self) -> str:
        return self.artefact.version

    def threshold(self, lang: str) -> float:
        """The model's hate threshold for a language or variety (``hi-Latn``), chosen on held-out calibration data."""
        return self.artefact.threshold(lang)

    def classify(self, text: str, id: str = "", lang: str | None = None) -> TextVerdict:
        """Score one post. Raises :class:`InputError` for a text or language tag it cannot take."""
        return self.classify_batch([(id, text, lang)])[0]

    def classify_batch(
        self, items: Iterable[tuple[str, str, str | None]], threshold: float | None = None
    ) -> list[TextVerdict]:
        """Score ``(id, text, lang)`` triples together, which is much faster per post than one by one."""
        batch = list(items)
        scored = self.score([text for _, text, _ in batch], [lang for _, _, lang in batch])
        cuts = [self.threshold(s.variety) if threshold is None else threshold for s in scored]
        flagged = [i for i, (s, cut) in enumerate(zip(scored, cuts, strict=True)) if s.probabilities["hate"] >= cut]
        spans = model_spans(
            [(scored[i].normalised, scored[i].total_ngrams) for i in flagged],
            self.artefact.ngram_weights,
            _HATE,
            self.artefact.features,
        )
        spans_of = dict(zip(flagged, spans, strict=True))
        return [
            self._verdict(id_, s, cut, spans_of.get(i, []))
            for i, ((id_, _, _), s, cut) in enumerate(zip(batch, scored, cuts, strict=True))
        ]

    def score(self, texts: Sequence[str], langs: Sequence[str | None]) -> list[Scored]:
        texts = [check_text(t) for t in texts]
        given = [canonical_lang(lang) if lang else None for lang in langs]
        normalised = [normalize(t) for t in texts]
        art = self.artefact
        occurrences = hash_ngrams(masked(normalised, art.features), art.features)
        ngram_logits = occurrences.scores(art.ngram_weights) + art.intercepts
        resolved = self._languages(normalised, given, ngram_logits[:, _ROMAN_HINDI], occurrences)
        findings = [analyzer_for(lang).analyze(norm) for norm, lang in zip(normalised, resolved, strict=True)]
        context = np.vstack([f.vector() for f in findings]) if findings else np.zeros((0, len(FEATURE_NAMES)))
        raw = expit(ngram_logits + context @ art.context_weights)
        raw[:, _HATE] = art.hate_probabilities(ngram_logits[:, CONTENT_HEADS], context, resolved)
        calibrated = np.column_stack([art.calibrate(head, resolved, raw[:, h]) for h, head in enumerate(HEADS)])
        return [
            Scored(text, normalised[i], resolved[i], given[i] is None, dict(zip(HEADS, calibrated[i].tolist(),
                   strict=True)), findings[i], int(occurrences.totals[i]))
            for i, text in enumerate(texts)
        ]

    def _languages(
        self, normalised: list[str], given: list[str | None], roman_hindi: np.ndarray, occurrences: Occurrences
    ) -> list[str]:
        """Given languages as they are; the rest by script, the romanised-Hindi head, the language head where it
        is sure, then lingua in one batch. The language head only runs when a Latin-script post needs it."""
        resolved: list[str | None] = list(given)
        latin = []
        for i, text in enumerate(normalised):
            if resolved[i] is not None:
                continue
            script = dominant_script(text)
            if script == "LATIN" and roman_hindi[i] > 0:
                resolved[i] = "hi"
            elif script == "LATIN":
                latin.append(i)
            else:
                resolved[i] = language_of_script(script)
        if latin:
            sure = self.artefact.language_head.sure_languages(occurrences, self.artefact.features.n_bits)
            unsure = [i for i in latin if sure[i] is None]
            for i in latin:
                resolved[i] = sure[i]
            for i, lang in zip(unsure, detect_latin_languages([normalised[i] for i in unsure]), strict=True):
                resolved[i] = lang
        return [lang or UNDETERMINED for lang in resolved]

    def _verdict(self, id_: str, scored: Scored, cut: float, spans: list[ModelSpan]) -> TextVerdict:
        score = scored.probabilities["hate"]
        hateful = score >= cut
        analyzer = analyzer_for(scored.lang)
        evidence = explain(scored.text, scored.normalised, scored.findings, spans)
        return TextVerdict(
            id=id_,
            lang=scored.lang,
            lang_detected=scored.lang_detected,
            hateful=hateful,
            score=round(score, 6),
            threshold=cut,
            categories={c: round(scored.probabilities[c.value], 6) for c in _CATEGORY_HEADS},
            target=scored.findings.target(analyzer.lexicon) if hateful else None,
            context=scored.findings.context(),
            evidence=evidence,
            model_version=self.version,
        )
